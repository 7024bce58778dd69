"""A fake Telegram Bot API served on 127.0.0.1, for tests and the demo: the bot's Telegram
connector points TELEGRAM_API_URL at it.

As Telegram does (core.telegram.org/bots/api): `/bot<token>/<method>` with the parameters in the
query, a form or JSON; a wrong token is 401 Unauthorized; `getUpdates` long polls (`offset`,
`limit`, `timeout`, `allowed_updates`), forgets the updates an offset confirms, answers 409 while
a webhook is set and ends a waiting poll with 409 when another starts; `setWebhook` (`url`,
`secret_token`) makes it POST each update to that URL with the secret in
X-Telegram-Bot-Api-Secret-Token, again until it is answered 2xx; a 429 carries
`parameters.retry_after`. One liberty: a webhook on a loopback address may be plain HTTP on any
port (Telegram wants HTTPS on 443, 80, 88 or 8443 elsewhere, and so does this fake).

`getChat` knows the channel (by `@username` or id; any other chat: 400 "chat not found");
`getChatMember` tells the bot's own status in it (`bot_status`: a bot must be an administrator
of a channel to get its posts; "left" when it was never added). Other people are not known.

A test publishes channel posts (`publish`), and makes calls fail (`fail_next`) or slow (`slow`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aiohttp
from aiohttp import web

from bot.config import telegram_webhook_refusal
from bot.simulator.web_api import Changes, LocalServer, serve_locally

TOKEN = "7012345678:AAFakeTelegramBotTokenForTheSimulator0"
BOT = {"id": 7012345678, "is_bot": True, "first_name": "SMM Pulse", "username": "smm_pulse_bot"}
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# Sent unless `allowed_updates` names them (the Bot API's default list leaves them out).
_NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@dataclass(frozen=True)
class Chat:
    """A Telegram chat as updates show it; a channel without a username is private."""

    id: int
    title: str
    username: str | None = None
    type: str = "channel"

    def as_json(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "title": self.title, "type": self.type}
        if self.username is not None:
            chat["username"] = self.username
        return chat


CHANNEL = Chat(-1001234567890, "Acme", "acme_news")


@dataclass
class TelegramCall:
    """One request the fake answered: its method (as sent), parameters, and the answer."""

    method: str
    params: dict[str, Any]
    status: int = 0
    answer: dict[str, Any] | None = None


@dataclass(frozen=True)
class Delivery:
    """One POST of an update to the webhook, and the status it was answered (0: no answer)."""

    update_id: int
    status: int


class TelegramError(Exception):
    """An error answer, as the Bot API words it."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after

    def answer(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def _bad(what: str) -> TelegramError:
    return TelegramError(400, f"Bad Request: {what}")


def _int(params: dict[str, Any], name: str, default: int) -> int:
    value = params.get(name, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad(f"invalid {name} specified") from None


def _list(params: dict[str, Any], name: str) -> list[str] | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, str):  # a query or a form carries it JSON-serialized
        try:
            value = json.loads(value)
        except ValueError:
            raise _bad(f"can't parse {name} JSON array") from None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(f"can't parse {name} JSON array")
    return value


@dataclass
class FakeTelegram(LocalServer):
    """The Bot API of one bot (`token`), admin of `channel`; `base_url` is TELEGRAM_API_URL."""

    token: str = TOKEN
    channel: Chat = CHANNEL
    clock: Callable[[], datetime] | None = None  # what a post's `date` tells; None: the machine's
    webhook_retry: float = 0.2  # seconds before a webhook POST answered non-2xx is sent again
    bot_status: str = "administrator"  # the bot in `channel`: creator, administrator, left, …
    calls: list[TelegramCall] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)

    base_url: str = field(default="", init=False)
    webhook: dict[str, Any] | None = field(default=None, init=False)  # url, secret_token
    polling: int = field(default=0, init=False)  # the getUpdates being answered (0: none)
    _queue: list[dict[str, Any]] = field(default_factory=list, init=False)  # unconfirmed
    _update_ids: itertools.count[int] = field(
        default_factory=lambda: itertools.count(800_000_001), init=False
    )
    _message_ids: defaultdict[int, itertools.count[int]] = field(
        default_factory=lambda: defaultdict(lambda: itertools.count(1)), init=False
    )
    _allowed: frozenset[str] | None = field(default=None, init=False)  # None: the default set
    _failures: defaultdict[str, deque[TelegramError]] = field(
        default_factory=lambda: defaultdict(deque), init=False
    )
    _latency: dict[str, float] = field(default_factory=dict, init=False)
    _polls: int = field(default=0, init=False)  # getUpdates started: a newer one ends the older
    _changed: Changes = field(default_factory=Changes, init=False)
    _runner: web.AppRunner | None = field(default=None, init=False)
    _session: aiohttp.ClientSession | None = field(default=None, init=False)
    _delivering: asyncio.Task[None] | None = field(default=None, init=False)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner, self.base_url = await serve_locally(app)
        self._session = aiohttp.ClientSession()

    async def stop(self) -> None:
        self._polls += 1  # a poll still waiting ends now, not at its timeout
        self._changed.notify()
        if self._delivering is not None:
            self._delivering.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivering
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ------------------------------------------------------------------ test controls

    def publish(self, text: str, chat: Chat | None = None) -> dict[str, Any]:
        """A post in `chat` (the bot's channel by default): the channel_post update it makes,
        queued for the bot (or its webhook). Returns the message."""
        return self._post(chat or self.channel, text=text)

    def publish_album(self, caption: str, photos: int = 3) -> list[dict[str, Any]]:
        """An album in the bot's channel, as Telegram sends one: a message a photo, sharing a
        media_group_id, the caption on the first. Returns the messages."""
        album = str(next(self._update_ids))
        return [
            self._post(
                self.channel, media_group_id=album,
                photo=[{"file_id": f"{album}-{n}", "width": 1280, "height": 960}],
                **({"caption": caption} if n == 0 else {}),
            )
            for n in range(photos)
        ]  # fmt: skip

    def pin(self, message: dict[str, Any]) -> dict[str, Any]:
        """Pin a post of the bot's channel: the service message Telegram sends for it."""
        return self._post(self.channel, pinned_message=message)

    def _post(self, chat: Chat, **content: Any) -> dict[str, Any]:
        now = self.clock().timestamp() if self.clock is not None else time.time()
        message = {
            "message_id": next(self._message_ids[chat.id]),
            "sender_chat": chat.as_json(),
            "chat": chat.as_json(),
            "date": int(now),
            **content,
        }
        kind = "channel_post" if chat.type == "channel" else "message"
        self._enqueue({kind: message})
        return message

    def fail_next(
        self, method: str, *, status: int = 500, retry_after: int = 5, times: int = 1
    ) -> None:
        """The next `times` calls to `method` fail with HTTP `status`: a 429 says to retry
        after `retry_after` seconds, a 5xx is Telegram's own trouble."""
        description = (
            f"Too Many Requests: retry after {retry_after}"
            if status == 429
            else "Internal Server Error"
        )
        failure = TelegramError(status, description, retry_after if status == 429 else None)
        self._failures[method.lower()].extend([failure] * times)

    def slow(self, method: str, seconds: float) -> None:
        """Every call to `method` takes `seconds` more before it is answered (0: no more)."""
        self._latency[method.lower()] = seconds

    def calls_to(self, method: str) -> list[TelegramCall]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    @property
    def pending(self) -> list[int]:
        """The update ids not confirmed yet (getUpdates) or not delivered (webhook)."""
        return [update["update_id"] for update in self._queue]

    async def wait_for(
        self, done: Callable[[], bool], timeout: float = 5.0, what: str = "it"
    ) -> None:
        """Wait until `done()`, re-checked at each request or delivery."""
        if not await self._changed.until(done, timeout):
            raise AssertionError(f"waited {timeout}s for {what}; calls: {self.calls}")

    # ------------------------------------------------------------------ the API

    def _enqueue(self, update: dict[str, Any]) -> None:
        kind = next(iter(update))
        allowed = self._allowed  # none given, or an empty list: the default set
        if (kind in allowed) if allowed else (kind not in _NOT_BY_DEFAULT):
            self._queue.append({"update_id": next(self._update_ids), **update})
            self._deliver_soon()
        self._changed.notify()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        call = TelegramCall(method, params)
        self.calls.append(call)
        try:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    body = None
                if not isinstance(body, dict):
                    raise _bad("parameters must be a JSON object")
                params |= body
            elif request.can_read_body:
                params |= dict(await request.post())
            if request.match_info["token"] != self.token:
                raise TelegramError(401, "Unauthorized")
            if seconds := self._latency.get(method.lower()):
                await asyncio.sleep(seconds)
            if failures := self._failures.get(method.lower()):
                raise failures.popleft()
            handler = self._methods().get(method.lower())
            if handler is None:
                raise TelegramError(404, "Not Found")
            answer: dict[str, Any] = {"ok": True, **await handler(params)}
            call.status = 200
        except TelegramError as error:
            answer, call.status = error.answer(), error.status
        call.answer = answer
        self._changed.notify()
        return web.json_response(answer, status=call.status)

    def _methods(self) -> dict[str, Callable[[dict[str, Any]], Any]]:
        return {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getchat": self._get_chat,
            "getchatmember": self._get_chat_member,
        }

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"result": BOT}

    def _chat(self, params: dict[str, Any]) -> Chat:
        wanted = str(params.get("chat_id", ""))
        if not wanted:
            raise _bad("chat_id is empty")
        channel = self.channel
        if wanted == str(channel.id) or (
            channel.username is not None and wanted.casefold() == f"@{channel.username}".casefold()
        ):
            return channel
        raise _bad("chat not found")

    async def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        """A ChatFullInfo (its required fields)."""
        full = {"accent_color_id": 0, "max_reaction_count": 11}
        return {"result": self._chat(params).as_json() | full}

    async def _get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        self._chat(params)
        if _int(params, "user_id", 0) != BOT["id"]:
            raise _bad("user not found")
        member: dict[str, Any] = {"status": self.bot_status, "user": BOT}
        if self.bot_status == "administrator":
            member |= {"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
                       "can_post_messages": True}  # fmt: skip
        return {"result": member}

    async def _get_updates(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.webhook is not None:
            raise TelegramError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _int(params, "offset", 0)
        limit = _int(params, "limit", 100)
        timeout = _int(params, "timeout", 0)
        limit = min(max(limit, 1), 100)
        allowed = _list(params, "allowed_updates")
        if allowed is not None:  # for the updates from now on; not given: as before
            self._allowed = frozenset(allowed)
        if offset < 0:
            self._queue = self._queue[offset:]
        elif offset:
            self._queue = [u for u in self._queue if u["update_id"] >= offset]
        self._polls += 1
        poll = self.polling = self._polls
        self._changed.notify()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(timeout, 0)
        try:
            while not self._queue and (left := deadline - loop.time()) > 0:
                await self._changed.wait(left)
                if self._polls != poll:
                    raise TelegramError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
        finally:
            if self.polling == poll:
                self.polling = 0
        return {"result": self._queue[:limit]}

    async def _set_webhook(self, params: dict[str, Any]) -> dict[str, Any]:
        url = str(params.get("url", ""))
        if not url:  # an empty URL removes the webhook
            return await self._delete_webhook(params)
        if refusal := telegram_webhook_refusal(url):
            raise _bad(f"bad webhook: {refusal[0].upper()}{refusal[1:]}")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET.match(str(secret)):
            raise _bad("secret token contains unallowed characters")
        allowed = _list(params, "allowed_updates")
        if allowed is not None:
            self._allowed = frozenset(allowed)
        self.webhook = {"url": url, "secret_token": secret}
        self._deliver_soon()
        return {"result": True, "description": "Webhook was set"}

    async def _delete_webhook(self, params: dict[str, Any]) -> dict[str, Any]:
        was, self.webhook = self.webhook, None
        return {
            "result": True,
            "description": "Webhook was deleted" if was else "Webhook is already deleted",
        }

    # ------------------------------------------------------------------ the webhook's POSTs

    def _deliver_soon(self) -> None:
        if self.webhook is not None and (self._delivering is None or self._delivering.done()):
            self._delivering = asyncio.create_task(self._deliver())

    async def _deliver(self) -> None:
        """Each update in turn, again after `webhook_retry` until answered 2xx."""
        assert self._session is not None
        while self.webhook is not None and self._queue:
            update, webhook = self._queue[0], self.webhook
            headers = {SECRET_HEADER: webhook["secret_token"]} if webhook["secret_token"] else {}
            try:
                async with self._session.post(
                    webhook["url"], json=update, headers=headers,
                    timeout=aiohttp.ClientTimeout(total=10),
                ) as response:  # fmt: skip
                    status = response.status
            except (aiohttp.ClientError, TimeoutError):
                status = 0
            self.deliveries.append(Delivery(update["update_id"], status))
            self._changed.notify()
            if 200 <= status < 300:
                if self._queue and self._queue[0] is update:
                    self._queue.pop(0)
            else:
                await asyncio.sleep(self.webhook_retry)
