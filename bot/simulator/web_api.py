"""A fake Slack Web API served over real HTTP, for tests that point slack_sdk's base_url at it.

Going through a real socket (rather than mocking the client) exercises the SDK's own request
encoding, retry handlers and pagination exactly as production does.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import hashlib
import itertools
import json
import random
import secrets
import time
from abc import ABC, abstractmethod
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, NamedTuple, Self

import yaml
from aiohttp import web

from bot.db.migrate import ROOT
from bot.simulator.blockkit import message_refusal, view_refusal

TEAM_ID = "T0FAKE"
TEAM_NAME = "Fake Workspace"
TEAM_URL = "https://fake-workspace.slack.com/"
BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
BOT_NAME = "smm-pulse"
APP_ID = "A0FAKE"
# `response_url()` hands out a command's or a click's response_url: each recorded like a method,
# answered without a token (Slack's are secret URLs, not token-checked), and taking at most
# RESPONSE_URL_USES messages, as Slack's do.
RESPONSE_URL = "response_url"
RESPONSE_URL_USES = 5

# A fixed epoch for what the fake dates but nobody compares with time (files, views, bots).
TS_BASE = 1764150000

# Fields slack_sdk serialises to JSON strings when it sends a form body; decoded so tests can
# inspect them as lists/dicts whichever encoding the SDK chose for the method.
JSON_FIELDS = frozenset(
    {"blocks", "attachments", "view", "metadata", "unfurls", "user_auth_blocks", "files"}
)
UPLOAD = "upload"  # the method name calls to an upload URL are recorded under
# Methods whose `blocks` Slack checks as a message's, and those that take a `view`.
MESSAGE_METHODS = frozenset(
    {"chat.postMessage", "chat.update", "chat.postEphemeral", "chat.scheduleMessage", RESPONSE_URL}
)
VIEW_METHODS = frozenset({"views.open", "views.update", "views.publish", "views.push"})
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})  # take the app-level token (xapp-…)
TEXT_LIMIT = 40_000  # Slack cuts a message's top-level text here

Handler = Callable[[dict[str, Any]], dict[str, Any]]


class ByKind(NamedTuple):
    """The scope a method needs, by the kind of conversation it is called on."""

    public: str
    private: str
    im: str
    mpim: str


READ = ByKind("channels:read", "groups:read", "im:read", "mpim:read")
HISTORY = ByKind("channels:history", "groups:history", "im:history", "mpim:history")
# The bot scope each method needs (Slack's method reference); methods not named need none.
SCOPES: dict[str, str | ByKind] = {
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "chat.delete": "chat:write",
    "chat.postEphemeral": "chat:write",
    "conversations.join": "channels:join",
    "conversations.members": READ,
    "conversations.info": READ,
    "conversations.history": HISTORY,
    "conversations.replies": HISTORY,
    "users.list": "users:read",
    "users.info": "users:read",
    "bots.info": "users:read",
    "usergroups.users.list": "usergroups:read",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
}


@functools.cache
def manifest_scopes() -> frozenset[str]:
    """The bot scopes manifest.yml asks for: what an install of this app is granted."""
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    return frozenset(manifest["oauth_config"]["scopes"]["bot"])


async def serve_locally(application: web.Application) -> tuple[web.AppRunner, str]:
    """Serve on a free port of 127.0.0.1; returns the runner to clean up, and the root URL."""
    # access_log=None: a line per request only adds noise to tests and the demo.
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


class Changes:
    """What a fake's waiters wake on: each change wakes everyone waiting at that moment."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait(self, timeout: float) -> None:
        """Until the next change, or `timeout` seconds, whichever comes first."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout)

    async def until(self, done: Callable[[], bool], timeout: float) -> bool:
        """`done()` re-checked at each change; False when `timeout` seconds passed first."""
        try:
            async with asyncio.timeout(timeout):
                while not done():
                    await self._event.wait()
        except TimeoutError:
            return False
        return True


class LocalServer(ABC):
    """A fake served on 127.0.0.1 while `async with` lasts (or between start and stop)."""

    @abstractmethod
    async def start(self) -> None: ...

    @abstractmethod
    async def stop(self) -> None: ...

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()


@dataclass
class Call:
    """One request the fake received (including injected failures)."""

    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    failed: bool = False  # True only for failures injected with fail_next()
    response: dict[str, Any] | None = None  # the JSON body answered, once known
    lost: bool = False  # done, but the connection dropped before the answer (see `lost`)


@dataclass
class _Failure:
    status: int
    retry_after: int
    error: str | None
    done: bool = False  # carried out all the same (Slack's internal_error "may have succeeded")


@dataclass
class FakeSlack(LocalServer):
    """Fake Slack Web API on 127.0.0.1 with a free port; `base_url` ends in `/api/`.

    `token`, when set, must match the Bearer token (else `invalid_auth`); when None any
    non-empty Bearer token is accepted. `app_token` is the same for the methods Socket Mode
    calls with the app-level token, which refuse any other kind (`not_allowed_token_type`).

    Strict as Slack is: a method needs its scope among `scopes` (else `missing_scope`); the
    bot posts only in channels whose `members` list it (BOT_USER_ID) is in, and DMs; a
    private channel (G…, or `is_private` in `channels`) it is not in, or a channel in neither
    `members` nor `channels`, does not exist for it (`channel_not_found`).
    """

    token: str | None = None
    app_token: str | None = None
    scopes: frozenset[str] = field(default_factory=manifest_scopes)  # granted bot scopes
    delay: float = 0.0  # seconds of latency added to every call, to simulate a slow Slack
    members: dict[str, list[str]] = field(default_factory=dict)  # channel id -> user ids
    users: list[dict[str, Any]] = field(default_factory=list)  # Slack user objects
    usergroups: dict[str, list[str]] = field(default_factory=dict)  # subteam id -> user ids
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)  # conversations.info extras
    calls: list[Call] = field(default_factory=list)
    # method -> calls allowed per rolling second; more get 429 with Retry-After: 1 (Slack's
    # workspace-wide limits).
    rate_limits: dict[str, int] = field(default_factory=dict)
    # method -> (share of calls, HTTP status) that fail at random (a seeded, repeatable draw).
    flaky: dict[str, tuple[float, int]] = field(default_factory=dict)
    # method -> share of calls that are carried out but whose answer is lost (the connection
    # drops before it is sent): the caller cannot tell whether the post exists.
    lost: dict[str, float] = field(default_factory=dict)
    latency: dict[str, float] = field(default_factory=dict)  # method -> extra seconds per call
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id -> the bytes POSTed
    # channel id -> the messages in it as Slack keeps them, oldest first (what history reads)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # The world's clock, which a message's ts tells (as Slack's does); None: the machine's.
    clock: Callable[[], datetime] | None = None

    base_url: str = field(default="", init=False)
    _recent: defaultdict[str, deque[float]] = field(
        default_factory=lambda: defaultdict(deque), init=False, repr=False
    )
    _random: random.Random = field(default_factory=lambda: random.Random(7), init=False, repr=False)
    _runner: web.AppRunner | None = field(default=None, init=False, repr=False)
    _failures: defaultdict[str, deque[_Failure]] = field(
        default_factory=lambda: defaultdict(deque), init=False, repr=False
    )
    _last_ts: int = field(default=0, init=False, repr=False)  # in microseconds
    _view_counter: itertools.count[int] = field(
        default_factory=lambda: itertools.count(1), init=False, repr=False
    )
    _file_counter: itertools.count[int] = field(
        default_factory=lambda: itertools.count(1), init=False, repr=False
    )
    _file_names: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _exchanged: set[str] = field(default_factory=set, init=False, repr=False)  # trigger ids used
    _response_urls: itertools.count[int] = field(
        default_factory=lambda: itertools.count(1), init=False, repr=False
    )
    _response_url_uses: defaultdict[str, int] = field(
        default_factory=lambda: defaultdict(int), init=False, repr=False
    )
    # Notified on every recorded call, so wait_for() wakes without polling.
    _new_call: Changes = field(default_factory=Changes, init=False, repr=False)
    _handlers: dict[str, Handler] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._handlers.update(
            {
                "auth.test": self._auth_test,
                "bots.info": self._bots_info,
                "chat.postMessage": self._chat_post_message,
                "chat.update": self._chat_update,
                "chat.postEphemeral": self._chat_post_ephemeral,
                "chat.delete": self._chat_delete,
                "conversations.open": self._conversations_open,
                "conversations.members": self._conversations_members,
                "conversations.join": self._conversations_join,
                "conversations.info": self._conversations_info,
                "conversations.history": self._conversations_history,
                "conversations.replies": self._conversations_replies,
                "users.list": self._users_list,
                "users.info": self._users_info,
                "usergroups.users.list": self._usergroups_users_list,
                "views.open": self._views_open,
                "views.update": self._views_update,
                "views.publish": self._views_publish,
                "files.getUploadURLExternal": self._files_get_upload_url_external,
                "files.completeUploadExternal": self._files_complete_upload_external,
                RESPONSE_URL: lambda args: {"ok": True},
            }
        )

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle)
        app.router.add_post(f"/api/{RESPONSE_URL}/{{key}}", self._respond)
        app.router.add_post("/api/upload/{file_id}", self._upload)
        self._runner, root = await serve_locally(app)
        self.base_url = f"{root}/api/"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ------------------------------------------------------------------ test controls

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    # A timeout parameter (not asyncio.timeout at call sites) keeps test assertions one-liners.
    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[Call]:
        """Wait until at least `count` calls to `method` (failed ones included) were recorded."""
        if not await self._new_call.until(lambda: len(self.calls_to(method)) >= count, timeout):
            seen = [c.method for c in self.calls]
            raise AssertionError(
                f"expected {count} call(s) to {method} within {timeout}s, "
                f"got {len(self.calls_to(method))}; all calls so far: {seen}"
            ) from None
        return self.calls_to(method)

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int = 1,
        times: int = 1,
        error: str | None = None,
        done: bool = False,
    ) -> None:
        """Make the next `times` calls to `method` fail.

        With `error`, answer HTTP 200 `{"ok": false, "error": error}` (how Slack reports most
        failures); otherwise answer HTTP `status` (429 carries `Retry-After: retry_after`).
        `done`: the call is carried out before the failure is answered, as Slack's own
        internal_error and fatal_error warn may happen.
        """
        for _ in range(times):
            self._failures[method].append(_Failure(status, retry_after, error, done))

    def says(
        self, channel: str, user: str, text: str, thread_ts: str | None = None
    ) -> dict[str, Any]:
        """A person's message, kept as Slack keeps it (history and its thread show it) with a
        ts of now; the caller delivers its event to the app, or plays a delivery lost."""
        message: dict[str, Any] = {
            "type": "message", "user": user, "text": text, "ts": self._next_ts(), "team": TEAM_ID,
        }  # fmt: skip
        if thread_ts is not None:
            message["thread_ts"] = thread_ts
        self.messages.setdefault(channel, []).append(message)
        return message

    def set_handler(self, method: str, handler: Handler) -> None:
        """Answer `method` with `handler(args)`, for methods (or answers) not built in."""
        self._handlers[method] = handler

    def reset(self) -> None:
        self.calls.clear()
        self._failures.clear()

    # ------------------------------------------------------------------ HTTP plumbing

    def response_url(self) -> str:
        """A fresh response_url, as Slack gives each command and each click."""
        return f"{self.base_url}{RESPONSE_URL}/{next(self._response_urls)}"

    def trigger_id(self) -> str:
        """A fresh trigger_id, as Slack gives each command and each click: it opens one modal."""
        return f"{next(self._response_urls)}.{TEAM_ID}.{secrets.token_hex(16)}"

    async def _respond(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        self._response_url_uses[key] += 1
        if self._response_url_uses[key] > RESPONSE_URL_USES:
            call = Call(RESPONSE_URL, await _read_args(request), dict(request.headers))
            call.response = {"ok": False, "error": "used_url"}
            self._record(call)
            return web.json_response(call.response, status=404)
        return await self._handle(request, RESPONSE_URL)

    async def _handle(self, request: web.Request, method: str | None = None) -> web.Response:
        if method is None and request.match_info["method"] == RESPONSE_URL:
            return web.json_response({"ok": False, "error": "invalid_url"}, status=404)
        method = method or request.match_info["method"]
        try:
            args = await _read_args(request)
        except ValueError:
            args, bad_json = {}, True
        else:
            bad_json = False
        call = Call(method=method, args=args, headers=dict(request.headers))
        if (failed := await self._receive(call)) is not None:
            return failed

        body: dict[str, Any]
        if bad_json:
            body = {"ok": False, "error": "invalid_json"}
        elif method != RESPONSE_URL and (auth_error := self._auth_error(method, request, args)):
            body = {"ok": False, "error": auth_error}
        elif needed := self._missing_scope(method, args):
            body = {"ok": False, "error": "missing_scope", "needed": needed,
                    "provided": ",".join(sorted(self.scopes))}  # fmt: skip
        elif (refusal := _block_kit_refusal(method, args)) is not None:
            body = refusal
        elif (handler := self._handlers.get(method)) is not None:
            body = handler(args)
        else:
            # Slack answers unknown methods with HTTP 200 and ok=false.
            body = {"ok": False, "error": "unknown_method", "req_method": method}
        if failures := self._failures.get(method):  # the one left due is carried out first
            call.failed = True
            return self._failure_response(call, failures.popleft())
        call.response = body
        if self._random.random() < self.lost.get(method, 0.0) and request.transport is not None:
            call.lost = True
            request.transport.close()  # the work is done; the answer never arrives
        return web.json_response(body)

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL files.getUploadURLExternal hands out: the raw bytes, no token (the
        URL is the secret); Slack answers in plain text."""
        file_id = request.match_info["file_id"]
        data = await request.read()
        call = Call(UPLOAD, {"file_id": file_id, "length": len(data)}, dict(request.headers))
        if (failed := await self._receive(call)) is not None:
            return failed
        if file_id not in self._file_names:
            call.response = {"ok": False, "error": "file_not_found"}
            return web.Response(status=404, text="Not Found")
        self.uploads[file_id] = data
        call.response = {"ok": True}
        return web.Response(text=f"OK - {len(data)}")

    async def _receive(self, call: Call) -> web.Response | None:
        """Record the call, wait out the latency, and answer an injected failure if one is
        due (None: answer it for real)."""
        self._record(call)
        method = call.method
        if (delay := self.delay + self.latency.get(method, 0.0)) > 0:
            await asyncio.sleep(delay)
        failures = self._failures.get(method)
        if failures and not failures[0].done:
            call.failed = True
            return self._failure_response(call, failures.popleft())
        if method in self.flaky:
            share, status = self.flaky[method]
            if self._random.random() < share:
                call.failed = True
                return self._failure_response(call, _Failure(status, 1, None))
        if method in self.rate_limits:
            now, recent = time.monotonic(), self._recent[method]
            while recent and recent[0] <= now - 1.0:
                recent.popleft()
            if len(recent) >= self.rate_limits[method]:
                call.failed = True
                return self._failure_response(call, _Failure(429, 1, None))
            recent.append(now)
        return None

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._new_call.notify()

    def _failure_response(self, call: Call, failure: _Failure) -> web.Response:
        headers: dict[str, str] = {}
        status = failure.status
        if failure.error is not None:
            status, body = 200, {"ok": False, "error": failure.error}
        elif status == 429:
            headers["Retry-After"] = str(failure.retry_after)
            body = {"ok": False, "error": "ratelimited"}
        elif status >= 500:
            body = {"ok": False, "error": "fatal_error"}
        else:
            body = {"ok": False, "error": "invalid_request"}
        call.response = body
        return web.json_response(body, status=status, headers=headers)

    def _auth_error(self, method: str, request: web.Request, args: dict[str, Any]) -> str | None:
        auth = request.headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme != "Bearer" or not token:
            # Slack also accepts a `token` argument in the body.
            token = str(args.get("token") or "")
        if not token:
            return "not_authed"
        expected = self.token
        if method in APP_TOKEN_METHODS:
            if not token.startswith("xapp-"):
                return "not_allowed_token_type"
            expected = self.app_token
        if expected is not None and token != expected:
            return "invalid_auth"
        return None

    # ------------------------------------------------------------------ helpers

    def _missing_scope(self, method: str, args: dict[str, Any]) -> str | None:
        """The scope `method` needs and the token lacks; None when it may go ahead."""
        needed = SCOPES.get(method)
        if isinstance(needed, ByKind):
            channel = str(args.get("channel") or "")
            if _is_dm(channel):
                needed = needed.im
            elif self.channels.get(channel, {}).get("is_mpim"):
                needed = needed.mpim
            else:
                needed = needed.private if self._is_private(channel) else needed.public
        elif method == "conversations.open":
            needed = "im:write" if len(_split_ids(args.get("users"))) <= 1 else "mpim:write"
        return None if needed is None or needed in self.scopes else needed

    def _is_private(self, channel: str) -> bool:
        return bool(self.channels.get(channel, {}).get("is_private", channel.startswith("G")))

    def _refusal(self, channel: Any, *, member_only: bool) -> str | None:
        """Slack's error when the bot may not use `channel` (None: it may). DMs (D…, or a
        user id, which means the app's DM with them) are always open; a public channel's info
        and members can be read from outside, the rest (posting, history) is for members; a
        private one the bot is not in is invisible, as is a channel Slack does not know."""
        channel = str(channel or "")
        if _is_dm(channel):
            return None
        if channel not in self.members and channel not in self.channels:
            return "channel_not_found"
        if BOT_USER_ID in self.members.get(channel, ()):
            return None
        if self._is_private(channel):
            return "channel_not_found"
        return "not_in_channel" if member_only else None

    def _next_ts(self) -> str:
        """A new message's ts: the epoch time it was posted at, unique and rising as Slack's."""
        now = self.clock().timestamp() if self.clock is not None else time.time()
        self._last_ts = max(self._last_ts + 1, int(now * 1_000_000))
        return f"{self._last_ts // 1_000_000}.{self._last_ts % 1_000_000:06d}"

    def _find_user(self, user_id: str) -> dict[str, Any] | None:
        return next((u for u in self.users if u.get("id") == user_id), None)

    def _channel_object(self, channel_id: str) -> dict[str, Any]:
        is_im = channel_id.startswith("D")
        members = self.members.get(channel_id, [])
        base: dict[str, Any] = {
            "id": channel_id,
            "created": TS_BASE - 86_400,
            "is_archived": False,
            "is_im": is_im,
        }
        if not is_im:
            base |= {
                "name": f"channel-{channel_id.lower()}",
                "is_channel": not channel_id.startswith("G"),
                "is_group": False,
                "is_private": self._is_private(channel_id),
                "is_member": BOT_USER_ID in members,
                "num_members": len(members),
                "context_team_id": TEAM_ID,
            }
        return base | self.channels.get(channel_id, {})

    # ------------------------------------------------------------------ built-in answers

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": TEAM_URL,
            "team": TEAM_NAME,
            "user": BOT_NAME,
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _bots_info(self, args: dict[str, Any]) -> dict[str, Any]:
        bot = {"id": BOT_ID, "app_id": APP_ID, "user_id": BOT_USER_ID, "name": BOT_NAME}
        return {"ok": True, "bot": bot | {"deleted": False, "updated": TS_BASE}}

    def _chat_post_message(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = args.get("channel")
        if error := self._refusal(channel, member_only=True):
            return {"ok": False, "error": error}
        if not (args.get("text") or args.get("blocks") or args.get("attachments")):
            return {"ok": False, "error": "no_text"}
        ts = self._next_ts()
        message: dict[str, Any] = {
            "type": "message",
            "text": args.get("text", ""),
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "ts": ts,
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if args.get(key):
                message[key] = args[key]
        message["text"] = message["text"][:TEXT_LIMIT]
        self.messages.setdefault(_dm_id(str(channel)), []).append(message)
        return {"ok": True, "channel": _dm_id(str(channel)), "ts": ts, "message": message}

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        if error := self._refusal(args.get("channel"), member_only=True):
            return {"ok": False, "error": error}
        if (refusal := self._not_the_bots(args, "cant_update_message")) is not None:
            return refusal
        text = args.get("text", "")
        message: dict[str, Any] = {"text": text, "user": BOT_USER_ID, "bot_id": BOT_ID}
        if args.get("blocks"):
            message["blocks"] = args["blocks"]
        stored = self._stored(args["channel"], args["ts"])
        assert stored is not None
        stored.update(message, text=text[:TEXT_LIMIT], edited={"user": BOT_USER_ID})
        if args.get("metadata"):
            stored["metadata"] = args["metadata"]
        return {
            "ok": True,
            "channel": args["channel"],
            "ts": args["ts"],
            "text": text,
            "message": message,
        }

    def _chat_post_ephemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        if error := self._refusal(channel, member_only=True):
            return {"ok": False, "error": error}
        user = args.get("user")
        if not user or (not _is_dm(channel) and user not in self.members.get(channel, ())):
            return {"ok": False, "error": "user_not_in_channel"}
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        if error := self._refusal(args.get("channel"), member_only=True):
            return {"ok": False, "error": error}
        if (refusal := self._not_the_bots(args, "cant_delete_message")) is not None:
            return refusal
        stored = self._stored(args["channel"], args["ts"])
        assert stored is not None
        self.messages[_dm_id(args["channel"])].remove(stored)
        return {"ok": True, "channel": args["channel"], "ts": args["ts"]}

    def _not_the_bots(self, args: dict[str, Any], refused: str) -> dict[str, Any] | None:
        """Slack's refusal to change the message at (channel, ts): there is none, or a person's
        (a bot token changes only its own messages)."""
        stored = self._stored(args["channel"], args["ts"]) if args.get("ts") else None
        if stored is None:
            return {"ok": False, "error": "message_not_found"}
        if stored.get("bot_id") != BOT_ID:
            return {"ok": False, "error": refused}
        return None

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        if args.get("channel"):
            return {"ok": True, "channel": {"id": args["channel"]}}
        users = _split_ids(args.get("users"))
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        if len(users) == 1:
            channel_id = _dm_id(users[0])
        else:
            # Deterministic group-DM id for a set of users; the bot is in it, as in Slack.
            digest = hashlib.sha1(",".join(sorted(users)).encode()).hexdigest()
            channel_id = "G" + digest[:10].upper()
            self.members.setdefault(channel_id, [*users, BOT_USER_ID])
            self.channels.setdefault(channel_id, {"is_mpim": True, "is_private": True})
        return {"ok": True, "no_op": False, "already_open": False, "channel": {"id": channel_id}}

    def _conversations_members(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        if error := self._refusal(channel, member_only=False):
            return {"ok": False, "error": error}
        page, next_cursor = _paginate(self.members.get(channel, []), args, default_limit=100)
        if page is None:
            return {"ok": False, "error": "invalid_cursor"}
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": next_cursor}}

    def _conversations_join(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        if error := self._refusal(channel, member_only=False):
            return {"ok": False, "error": error}
        if _is_dm(channel):
            return {"ok": False, "error": "method_not_supported_for_channel_type"}
        members = self.members.setdefault(channel, [])
        already = BOT_USER_ID in members
        if not already:
            members.append(BOT_USER_ID)
        body: dict[str, Any] = {"ok": True, "channel": self._channel_object(channel)}
        if already:
            body["warning"] = "already_in_channel"
        return body

    def _conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        if error := self._refusal(channel, member_only=False):
            return {"ok": False, "error": error}
        return {"ok": True, "channel": self._channel_object(channel)}

    def _conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        """Top-level messages, newest first, between `oldest` and `latest`; metadata only with
        include_all_metadata, as Slack does."""
        channel = str(args.get("channel") or "")
        if error := self._refusal(channel, member_only=True):
            return {"ok": False, "error": error}
        oldest, latest = float(args.get("oldest") or 0), float(args.get("latest") or "inf")
        inclusive = str(args.get("inclusive", "")).lower() in ("1", "true")
        top = [
            m
            for m in self.messages.get(_dm_id(channel), [])
            if m.get("thread_ts", m["ts"]) == m["ts"]
            and (
                oldest <= float(m["ts"]) <= latest
                if inclusive
                else oldest < float(m["ts"]) < latest
            )
        ]
        return self._message_page(list(reversed(top)), args, "messages")

    def _conversations_replies(self, args: dict[str, Any]) -> dict[str, Any]:
        """A thread, its parent first, then the replies oldest first."""
        channel, ts = str(args.get("channel") or ""), str(args.get("ts") or "")
        if error := self._refusal(channel, member_only=True):
            return {"ok": False, "error": error}
        if self._stored(channel, ts) is None:
            return {"ok": False, "error": "thread_not_found"}
        thread = [
            m for m in self.messages.get(_dm_id(channel), []) if m.get("thread_ts", m["ts"]) == ts
        ]
        return self._message_page(thread, args, "messages")

    def _message_page(
        self, messages: list[dict[str, Any]], args: dict[str, Any], key: str
    ) -> dict[str, Any]:
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        page, next_cursor = _paginate(messages, args, default_limit=100)
        if page is None:
            return {"ok": False, "error": "invalid_cursor"}
        shown = [
            m if with_metadata else {k: v for k, v in m.items() if k != "metadata"} for m in page
        ]
        return {
            "ok": True,
            key: shown,
            "has_more": bool(next_cursor),
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _stored(self, channel: str, ts: str) -> dict[str, Any] | None:
        return next((m for m in self.messages.get(_dm_id(channel), []) if m["ts"] == ts), None)

    def _users_list(self, args: dict[str, Any]) -> dict[str, Any]:
        page, next_cursor = _paginate(self.users, args, default_limit=1000)
        if page is None:
            return {"ok": False, "error": "invalid_cursor"}
        return {
            "ok": True,
            "members": page,
            "cache_ts": int(time.time()),
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self._find_user(str(args.get("user", "")))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": user}

    def _usergroups_users_list(self, args: dict[str, Any]) -> dict[str, Any]:
        group = args.get("usergroup")
        if group not in self.usergroups:
            return {"ok": False, "error": "no_such_subteam"}
        return {"ok": True, "users": list(self.usergroups[group])}

    def _view(
        self, view: Any, view_id: str | None = None, *, default_type: str = "modal"
    ) -> dict[str, Any]:
        given = view if isinstance(view, dict) else {}
        vid = view_id or f"V{next(self._view_counter):010d}"
        return {
            "id": vid,
            "team_id": TEAM_ID,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
            "type": default_type,
            "blocks": [],
            "private_metadata": "",
            "callback_id": "",
            "external_id": "",
            "state": {"values": {}},
            "hash": f"{TS_BASE}.{vid}",
            "root_view_id": vid,
            "previous_view_id": None,
        } | given

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        trigger = args.get("trigger_id") or args.get("interactivity_pointer")
        if not trigger:
            return {"ok": False, "error": "invalid_arguments"}
        if trigger in self._exchanged:  # a click or command opens one modal
            return {"ok": False, "error": "exchanged_trigger_id"}
        self._exchanged.add(trigger)
        return {"ok": True, "view": self._view(args.get("view"))}

    def _views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("view_id") and not args.get("external_id"):
            return {"ok": False, "error": "not_found"}
        return {"ok": True, "view": self._view(args.get("view"), args.get("view_id"))}

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("user_id"):
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "view": self._view(args.get("view"), default_type="home")}

    def _files_get_upload_url_external(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("filename") or not str(args.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._file_counter):010d}"
        self._file_names[file_id] = str(args["filename"])
        return {"ok": True, "upload_url": f"{self.base_url}upload/{file_id}", "file_id": file_id}

    def _files_complete_upload_external(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args.get("files")
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        if any(f.get("id") not in self.uploads for f in files):
            return {"ok": False, "error": "file_not_found"}
        channel = args.get("channel_id")
        if channel and (error := self._refusal(channel, member_only=True)):
            return {"ok": False, "error": error}
        return {
            "ok": True,
            "files": [
                {
                    "id": f["id"],
                    "created": TS_BASE,
                    "name": self._file_names[f["id"]],
                    "title": f.get("title") or self._file_names[f["id"]],
                    "size": len(self.uploads[f["id"]]),
                    "user": BOT_USER_ID,
                    "channels": [channel] if channel else [],
                }
                for f in files
            ],
        }


async def _read_args(request: web.Request) -> dict[str, Any]:
    """Merge query string and body (JSON or form), as Slack does; ValueError on bad JSON."""
    # slack_sdk sends `params` in the query string, even on POST, so the query counts too.
    args: dict[str, Any] = dict(request.query.items())
    if request.content_type == "application/json":
        raw = await request.read()
        if raw:
            body = json.loads(raw)
            if not isinstance(body, dict):
                raise ValueError("JSON body must be an object")
            args.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        args.update({k: v for k, v in form.items() if isinstance(v, str)})
    for key in JSON_FIELDS & args.keys():
        if isinstance(args[key], str):
            # Undecodable values stay as sent; Slack would reject them and the test will see why.
            with contextlib.suppress(ValueError):
                args[key] = json.loads(args[key])
    return args


def _block_kit_refusal(method: str, args: dict[str, Any]) -> dict[str, Any] | None:
    if method in MESSAGE_METHODS:
        return message_refusal(args.get("blocks"))
    if method in VIEW_METHODS:
        return view_refusal(args.get("view"))
    return None


def _is_dm(channel: str) -> bool:
    """A DM's id, or a user id standing for the app's DM with that person."""
    return channel[:1] in ("D", "U", "W")


def _dm_id(channel: str) -> str:
    """A user id used as a channel resolves to that user's DM, whose id is D + the id's suffix."""
    if channel[:1] in ("U", "W"):
        return "D" + channel[1:]
    return channel


def _split_ids(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v]
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return []


def _paginate(
    items: list[Any], args: dict[str, Any], *, default_limit: int
) -> tuple[list[Any] | None, str]:
    """Slack-style cursor pagination; returns (page, next_cursor) or (None, "") on a bad cursor."""
    limit = int(args.get("limit") or 0) or default_limit
    offset = 0
    if cursor := args.get("cursor"):
        try:
            prefix, _, number = base64.b64decode(str(cursor)).decode().partition(":")
            offset = int(number)
        except ValueError:
            return None, ""
        if prefix != "next" or not 0 <= offset <= len(items):
            return None, ""
    end = offset + limit
    next_cursor = base64.b64encode(f"next:{end}".encode()).decode() if end < len(items) else ""
    return list(items[offset:end]), next_cursor
