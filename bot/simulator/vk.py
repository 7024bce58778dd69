"""A fake VK API on 127.0.0.1, for the tests and the demo: the community's wall, the likes on
its posts and the screen names of people, read by the methods the bot calls (wall.get,
likes.getList, utils.resolveScreenName, groups.getLongPollServer, groups.getById) and a Bots
Long Poll server;
what happens on it (a post published, a like added or taken back) is pushed to the Callback
URL, with the secret, as VK does, and queued for the long poll.

It refuses what VK refuses, in VK's error envelope: an unknown method (3), a wrong token (5), a
call without `v` (8), another community's long poll (15), a missing parameter (100); and it can
be told to fail (an error code such as 6, a 5xx, a slow answer) for a test.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aiohttp
from aiohttp import web

from bot.simulator.web_api import Changes, LocalServer, serve_locally

API_VERSION = "5.199"
# VK sends an event again while the answer is not HTTP 200 "ok" (how often is not documented;
# after several errors in a row it stops sending for a while).
CALLBACK_ATTEMPTS = 5
MAX_WAIT = 90  # seconds a long poll request may wait, as VK caps `wait`
LIKES_PAGE, LIKES_MOST = 100, 1000  # likes.getList: the default and the largest `count`
ERRORS = {
    3: "Unknown method passed",
    5: "User authorization failed: invalid access_token (4).",
    6: "Too many requests per second",
    8: "Invalid request: v is required",
    15: "Access denied: no access to this group",
    27: "Group authorization failed: method is unavailable with group auth.",
    100: "One of the parameters specified was missing or invalid",
}


@dataclass
class VkCall:
    method: str
    params: dict[str, str]
    response: dict[str, Any] | None = None


@dataclass
class Delivery:
    """One attempt to push an event to the Callback URL, and what the server answered."""

    event: dict[str, Any]
    status: int | None  # None: no answer (connection refused, timed out)
    body: str


@dataclass
class _Failure:
    error: int | None  # a VK error code in the envelope, else an HTTP `status`
    status: int
    delay: float  # seconds before answering


@dataclass
class FakeVk(LocalServer):
    """The community `group_id` and its token; `clock` dates the posts (the bot's clock)."""

    group_id: int
    token: str
    clock: Callable[[], datetime]
    name: str = "Acme"  # the community's, as groups.getById tells it
    callback_url: str | None = None
    secret: str | None = None
    retry_delay: float = 0.05  # seconds between callback attempts (VK waits longer)
    base_url: str = ""  # ends in /method/, once started
    calls: list[VkCall] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    posts: dict[int, dict[str, Any]] = field(default_factory=dict)
    likes: dict[int, list[int]] = field(default_factory=dict)  # post id → liker ids, in order
    screen_names: dict[str, int] = field(default_factory=dict)  # a person's name → their id

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self._root = ""
        self._ids = itertools.count(1)
        self._failures: dict[str, list[_Failure]] = {}
        self._updates: list[dict[str, Any]] = []  # the long poll's events; ts = index + 1
        self._first_ts = 1  # older events are forgotten (`forget_history`)
        self._key = secrets.token_hex(8)
        self._news = Changes()
        self._closing = False
        self._session: aiohttp.ClientSession | None = None

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/method/{method}", self._method)
        app.router.add_get(f"/whp/{self.group_id}", self._long_poll)
        self._runner, self._root = await serve_locally(app)
        self.base_url = f"{self._root}/method/"
        self._session = aiohttp.ClientSession()

    async def stop(self) -> None:
        self._closing = True
        self._news.notify()  # long polls answer now, not after their `wait`
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ------------------------------------------------------------------ what happens on VK
    async def publish(self, text: str = "", *, pinned: bool = False) -> int:
        """A new post on the community's wall (pinned: it goes first in wall.get); returns
        its id once the event is pushed."""
        post_id = next(self._ids)
        post = {
            "id": post_id, "owner_id": -self.group_id, "from_id": -self.group_id,
            "date": int(self.clock().timestamp()), "text": text, "post_type": "post",
        }  # fmt: skip
        if pinned:
            post["is_pinned"] = 1
        self.posts[post_id] = post
        self.likes[post_id] = []
        await self._event("wall_post_new", {k: v for k, v in post.items() if k != "is_pinned"})
        return post_id

    async def like(self, user_id: int, post_id: int) -> None:
        if user_id not in self.likes[post_id]:
            self.likes[post_id].append(user_id)
            await self._event("like_add", self._like_object(user_id, post_id))

    async def unlike(self, user_id: int, post_id: int) -> None:
        if user_id in self.likes[post_id]:
            self.likes[post_id].remove(user_id)
            await self._event("like_remove", self._like_object(user_id, post_id))

    def _like_object(self, user_id: int, post_id: int) -> dict[str, Any]:
        return {
            "liker_id": user_id, "object_type": "post", "object_owner_id": -self.group_id,
            "object_id": post_id, "post_id": 0, "thread_reply_id": 0,
        }  # fmt: skip

    async def _event(self, kind: str, obj: dict[str, Any]) -> None:
        event = {
            "group_id": self.group_id, "type": kind, "event_id": secrets.token_hex(20),
            "v": API_VERSION, "object": obj,
        }  # fmt: skip
        self._updates.append(event)
        self._news.notify()
        await self.push(event)

    async def push(self, event: dict[str, Any]) -> None:
        """Send an event to the Callback URL (if one is set), with the secret, again while the
        answer is not "ok"."""
        if self.callback_url is None:
            return
        signed = event | ({"secret": self.secret} if self.secret is not None else {})
        for attempt in range(CALLBACK_ATTEMPTS):
            if attempt:
                await asyncio.sleep(self.retry_delay)
            if await self.deliver(signed) == "ok":
                return

    async def deliver(self, body: dict[str, Any]) -> str:
        """One POST to the Callback URL; returns the answer's text ("" when none)."""
        assert self._session is not None and self.callback_url is not None
        try:
            async with self._session.post(
                self.callback_url, json=body, timeout=aiohttp.ClientTimeout(total=5)
            ) as response:
                text = await response.text()
                self.deliveries.append(Delivery(body, response.status, text))
                return text if response.status == 200 else ""
        except (aiohttp.ClientError, TimeoutError):
            self.deliveries.append(Delivery(body, None, ""))
            return ""

    async def confirm(self) -> str:
        """What VK sends when the server is added in the community's settings; returns the
        server's answer, which must be the confirmation string."""
        return await self.deliver({"type": "confirmation", "group_id": self.group_id})

    # ------------------------------------------------------------------ test controls
    def fail_next(
        self, method: str, *, error: int | None = None, status: int = 500, delay: float = 0.0,
        times: int = 1,
    ) -> None:  # fmt: skip
        """The next `times` calls to `method` ("a_check": the long poll) answer VK's `error`
        code, or else HTTP `status` (200: a normal answer, after `delay` seconds)."""
        self._failures.setdefault(method, []).extend(
            _Failure(error, status, delay) for _ in range(times)
        )

    def calls_to(self, method: str) -> list[VkCall]:
        return [call for call in self.calls if call.method == method]

    def expire_key(self) -> None:
        """The long poll key expires: a waiting check and the next one answer `failed: 2`."""
        self._key = secrets.token_hex(8)
        self._news.notify()

    def forget_history(self) -> None:
        """The long poll's events so far are dropped: an older `ts` answers `failed: 1`."""
        self._first_ts = len(self._updates) + 1

    # ------------------------------------------------------------------ the API
    async def _method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = {**request.query, **(await request.post())}
        call = VkCall(method, {k: str(v) for k, v in params.items()})
        self.calls.append(call)
        if (failure := self._failure(method)) is not None:
            await asyncio.sleep(failure.delay)
            if failure.error is not None:
                call.response = self._error(failure.error, call)
            elif failure.status != 200:
                return web.Response(status=failure.status, text="Internal Server Error")
        if call.response is None:
            call.response = self._answer(call)
        return web.json_response(call.response)

    def _failure(self, method: str) -> _Failure | None:
        queued = self._failures.get(method)
        return queued.pop(0) if queued else None

    def _answer(self, call: VkCall) -> dict[str, Any]:
        params = call.params
        if params.get("access_token") != self.token:
            return self._error(5, call)
        if not params.get("v"):
            return self._error(8, call)
        handler = {
            "wall.get": self._wall_get,
            "likes.getList": self._likes_get_list,
            "utils.resolveScreenName": self._resolve_screen_name,
            "groups.getLongPollServer": self._get_long_poll_server,
            "groups.getById": self._get_by_id,
        }.get(call.method)
        if handler is None:
            return self._error(3, call)
        try:
            return {"response": handler(params)}
        except _Refused as refused:
            return self._error(refused.code, call, refused.detail)

    def _error(self, code: int, call: VkCall, detail: str = "") -> dict[str, Any]:
        shown = [{"key": "method", "value": call.method}, {"key": "oauth", "value": "1"}]
        shown += [
            {"key": key, "value": value}
            for key, value in call.params.items()
            if key != "access_token"
        ]
        message = ERRORS[code] + (f": {detail}" if detail else "")
        return {"error": {"error_code": code, "error_msg": message, "request_params": shown}}

    def _wall_get(self, params: dict[str, str]) -> dict[str, Any]:
        count, offset = _paging(params, 100, 20)
        if _maybe_int(params, "owner_id") not in (None, -self.group_id):
            return {"count": 0, "items": []}  # the fake knows one community's wall
        pinned = [p for p in self.posts.values() if p.get("is_pinned")]
        rest = sorted((p for p in self.posts.values() if not p.get("is_pinned")),
                      key=lambda p: -p["id"])  # fmt: skip
        items = [*pinned, *rest]
        page = items[offset : offset + count]
        return {"count": len(items), "items": [self._with_likes(p) for p in page]}

    def _with_likes(self, post: dict[str, Any]) -> dict[str, Any]:
        return post | {"likes": {"count": len(self.likes[post["id"]])}}

    def _likes_get_list(self, params: dict[str, str]) -> dict[str, Any]:
        if not params.get("type"):
            raise _Refused(100, "type is undefined")
        owner = _int(params, "owner_id")
        item = _int(params, "item_id")
        count, offset = _paging(params, LIKES_MOST, LIKES_PAGE)
        ours = owner == -self.group_id and params["type"] == "post"
        likers = self.likes.get(item, []) if ours else []
        return {"count": len(likers), "items": likers[offset : offset + count]}

    def _resolve_screen_name(self, params: dict[str, str]) -> Any:
        name = params.get("screen_name", "")
        if not name:
            raise _Refused(100, "screen_name is undefined")
        if (user := self.screen_names.get(name.casefold())) is not None:
            return {"object_id": user, "type": "user"}
        if name.casefold() == f"club{self.group_id}":
            return {"object_id": self.group_id, "type": "group"}
        return []  # VK's answer for a name nobody has

    def _get_by_id(self, params: dict[str, str]) -> dict[str, Any]:
        """The community asked for (the fake knows one), in the shape VK gives since 5.194."""
        asked = params.get("group_id") or params.get("group_ids")
        if asked not in (str(self.group_id), f"club{self.group_id}"):
            raise _Refused(100, "group_ids is undefined")
        group = {
            "id": self.group_id, "name": self.name, "screen_name": f"club{self.group_id}",
            "is_closed": 0, "type": "group",
        }  # fmt: skip
        return {"groups": [group], "profiles": []}

    def _get_long_poll_server(self, params: dict[str, str]) -> dict[str, Any]:
        if _int(params, "group_id") != self.group_id:
            raise _Refused(15, "")
        return {
            "key": self._key,
            "server": f"{self._root}/whp/{self.group_id}",
            "ts": str(len(self._updates) + 1),
        }

    async def _long_poll(self, request: web.Request) -> web.Response:
        query = request.query
        self.calls.append(VkCall("a_check", dict(query)))
        if (failure := self._failure("a_check")) is not None:
            await asyncio.sleep(failure.delay)
            if failure.status != 200:
                return web.Response(status=failure.status, text="Internal Server Error")
        if query.get("act") != "a_check" or query.get("key") != self._key:
            return web.json_response({"failed": 2})
        try:
            ts = int(query.get("ts", ""))
            wait = min(int(query.get("wait", "25")), MAX_WAIT)
        except ValueError:
            return web.json_response({"failed": 3})
        newest = len(self._updates) + 1
        if ts < self._first_ts or ts > newest:
            return web.json_response({"failed": 1, "ts": str(newest)})
        if ts == newest and not self._closing:
            await self._news.wait(wait)
            if query.get("key") != self._key:
                return web.json_response({"failed": 2})
        updates = self._updates[ts - 1 :]
        return web.json_response({"ts": str(ts + len(updates)), "updates": updates})


class _Refused(Exception):
    def __init__(self, code: int, detail: str) -> None:
        super().__init__(code, detail)
        self.code, self.detail = code, detail


def _int(params: dict[str, str], name: str) -> int:
    if (value := _maybe_int(params, name)) is None:
        raise _Refused(100, f"{name} is undefined")
    return value


def _maybe_int(params: dict[str, str], name: str) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise _Refused(100, f"{name} not integer") from None


def _paging(params: dict[str, str], most: int, default: int) -> tuple[int, int]:
    """`count` (VK's default when not given, at most `most`) and `offset`."""
    count = _maybe_int(params, "count")
    offset = _maybe_int(params, "offset") or 0
    count = default if count is None else count
    if not 0 <= count <= most or offset < 0:
        raise _Refused(100, f"count should be from 0 to {most}")
    return count, offset
