"""VK: the community's events by the Callback API (POST /vk/callback) or Bots Long Poll, and
its wall read back with wall.get at start and every hour. A new post goes to the PostSink; a
like on a post to the like verification (bot/domain/services/vk.py). Every call to VK goes
through the runtime's one aiohttp session, with the token and the API version."""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
from aiohttp import web
from pydantic import SecretStr

from bot.config import Settings
from bot.domain.calendar import Backoff
from bot.domain.model.networks import Network, SeenPost
from bot.domain.model.vk import VkLike, post_key
from bot.domain.ports import Clock, PostSink
from bot.domain.services.vk import VkService

log = logging.getLogger(__name__)

API_VERSION = "5.199"
CALLBACK_PATH = "/vk/callback"
CALL_TIMEOUT = 10.0  # seconds for one API call
ATTEMPTS = 3  # an API call that meets a 5xx, a dropped connection or "too many requests"
CALL_BACKOFF = Backoff(0.4)  # seconds before its second try, doubling
RETRIED = frozenset({6, 9, 10})  # too many requests per second, flood control, server error
# The token is refused (revoked, expired, or of a kind the method does not take): no retry helps.
REFUSED_TOKEN = frozenset({5, 15, 27, 28})
LONG_POLL_WAIT = 25  # seconds VK holds a long poll request open when nothing happens
LONG_POLL_BACKOFF = Backoff(1.0, 60.0)  # seconds between long polls while VK does not answer
BACKFILL_EVERY = timedelta(hours=1)
BACKFILL_COUNT = 20  # the newest posts wall.get reads back (the sink knows which are news)
TITLE_MOST = 200  # characters of a post's text kept as its title


class VkError(Exception):
    """VK answered its error envelope."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"VK error {code}: {message}")
        self.code = code


class VkApi:
    """VK's methods as the bot calls them (bot.domain.ports.VkReader)."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str, token: SecretStr, clock: Clock):
        self._http = http
        self._base_url = base_url
        self._token = token
        self._clock = clock

    async def call(self, method: str, **params: str | int) -> Any:
        """The method's `response`; raises VkError for VK's refusal, or the HTTP error once
        ATTEMPTS tries met a 5xx, a dropped connection or VK's "too many requests"."""
        data = {**params, "access_token": self._token.get_secret_value(), "v": API_VERSION}
        for attempt in range(1, ATTEMPTS + 1):
            try:
                async with self._http.post(
                    self._base_url + method,
                    data=data,
                    timeout=aiohttp.ClientTimeout(total=CALL_TIMEOUT),
                ) as response:
                    response.raise_for_status()
                    body = await response.json(content_type=None)
                error = body.get("error")
                if error is None:
                    return body["response"]
                refusal = VkError(int(error["error_code"]), str(error["error_msg"]))
                if refusal.code not in RETRIED:
                    raise refusal
                failure: Exception = refusal
            except aiohttp.ClientResponseError as refused:
                if refused.status < 500:
                    raise
                failure = refused
            except (aiohttp.ClientError, TimeoutError) as dropped:
                failure = dropped
            if attempt == ATTEMPTS:
                raise failure
            await self._clock.sleep_until(
                self._clock() + timedelta(seconds=CALL_BACKOFF.after(attempt))
            )
        raise AssertionError("unreachable")

    async def likers(self, post: str) -> set[int]:
        owner, item = post.split("_")
        likers: set[int] = set()
        while True:
            page = await self.call(
                "likes.getList", type="post", owner_id=owner, item_id=item, count=1000,
                offset=len(likers),
            )  # fmt: skip
            likers.update(int(user) for user in page["items"])
            if not page["items"] or len(likers) >= int(page["count"]):
                return likers

    async def person(self, screen_name: str) -> int | None:
        found = await self.call("utils.resolveScreenName", screen_name=screen_name)
        if not found or found.get("type") != "user":  # VK answers [] for a name nobody has
            return None
        return int(found["object_id"])

    async def wall(self, owner_id: int, count: int) -> list[dict[str, Any]]:
        page = await self.call("wall.get", owner_id=owner_id, count=count)
        return list(page["items"])

    async def long_poll_server(self, group_id: int) -> dict[str, Any]:
        return dict(await self.call("groups.getLongPollServer", group_id=group_id))


class VkConnector:
    """bot.networks.Connector for the community VK_GROUP_ID."""

    name = "vk"
    network = Network.VK

    def __init__(
        self,
        settings: Settings,
        http: aiohttp.ClientSession,
        api: VkApi,
        vk: VkService,
        sink: PostSink,
        clock: Clock,
    ) -> None:
        assert settings.vk_group_id is not None
        self._group = settings.vk_group_id
        self._secret = settings.vk_callback_secret
        self._confirmation = settings.vk_confirmation
        self._long_poll_on = settings.vk_longpoll
        self._http = http
        self._api = api
        self._vk = vk
        self._sink = sink
        self._clock = clock
        self._warned: set[str] = set()

    def routes(self) -> list[web.RouteDef]:
        if self._confirmation is None:  # no Callback API set up: nothing answers there
            return []
        return [web.post(CALLBACK_PATH, self._callback)]

    async def run(self) -> None:
        async with asyncio.TaskGroup() as both:
            both.create_task(self._backfill_hourly())
            if self._long_poll_on:
                both.create_task(self._long_poll())

    # ---------------------------------------------------------------- Callback API
    async def _callback(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except ValueError:
            return web.Response(status=400, text="not JSON")
        if not isinstance(body, dict):
            return web.Response(status=400, text="not an event")
        if body.get("group_id") != self._group:
            self._warn_once("group", "VK callback for group %r ignored: VK_GROUP_ID is %s",
                            body.get("group_id"), self._group)  # fmt: skip
            return web.Response(text="ok")
        if body.get("type") == "confirmation":
            return web.Response(text=self._confirmation or "")
        if self._secret is not None and not hmac.compare_digest(
            str(body.get("secret", "")).encode(), self._secret.get_secret_value().encode()
        ):
            self._warn_once("secret", "VK callback with a wrong secret ignored")
            return web.Response(text="ok")
        # A failure here answers 500: VK sends the event again, and its id is not stored yet.
        try:
            await self.handle(body)
        except (KeyError, TypeError, ValueError):  # not shaped as VK's: sending it again won't help
            self._warn_once("shape", "VK callback not shaped as an event ignored", exc_info=True)
        return web.Response(text="ok")

    def _warn_once(self, what: str, message: str, *args: object, exc_info: bool = False) -> None:
        if what not in self._warned:
            self._warned.add(what)
            log.warning(message, *args, exc_info=exc_info)

    async def handle(self, event: Mapping[str, Any]) -> None:
        """One event, from the Callback API or the long poll."""
        kind, event_id = event.get("type"), str(event.get("event_id") or "")
        obj = event.get("object")
        if not event_id or not isinstance(obj, dict):
            return
        if kind == "wall_post_new":
            post = self._seen(obj)
            if post is not None and not await self._vk.known(event_id):
                await self._sink.seen(post)  # the sink keeps a post once, however often seen
                await self._vk.remember(event_id)
        elif kind in ("like_add", "like_remove") and obj.get("object_type") == "post":
            key = post_key(int(obj["object_owner_id"]), int(obj["object_id"]))
            like = VkLike(key, int(obj["liker_id"]), kind == "like_add")
            await self._vk.like(event_id, like)

    def _seen(self, obj: Mapping[str, Any]) -> SeenPost | None:
        """A published post on the community's wall (not a suggested or postponed one)."""
        if obj.get("owner_id") != -self._group or obj.get("post_type", "post") != "post":
            return None
        key = post_key(-self._group, int(obj["id"]))
        published = datetime.fromtimestamp(int(obj["date"]), UTC) if obj.get("date") else None
        title = str(obj.get("text") or "").strip().split("\n", 1)[0][:TITLE_MOST]
        return SeenPost(Network.VK, key, f"https://vk.com/wall{key}", published, title)

    # ---------------------------------------------------------------- wall.get
    async def backfill(self) -> int:
        """The newest posts (not the pinned one: old news kept on top) to the sink, which
        knows those it saw and which are too old for a task; returns how many it was given."""
        handed = 0
        for obj in await self._api.wall(-self._group, BACKFILL_COUNT):
            post = None if obj.get("is_pinned") else self._seen(obj)
            if post is not None:
                await self._sink.seen(post)
                handed += 1
        return handed

    async def _backfill_hourly(self) -> None:
        while True:
            try:
                await self.backfill()
                await self._vk.forget_events()
            except VkError as error:
                if error.code in REFUSED_TOKEN:
                    log.error("VK refuses VK_TOKEN for wall.get (%s): no posts read back", error)
                    return
                log.warning("VK wall.get backfill failed (%s); next in an hour", error)
            except Exception:
                log.warning("VK wall.get backfill failed; next in an hour", exc_info=True)
            await self._clock.sleep_until(self._clock() + BACKFILL_EVERY)

    # ---------------------------------------------------------------- Bots Long Poll
    async def _long_poll(self) -> None:
        server: dict[str, Any] | None = None
        failures = 0  # in a row: the first is logged, then the recovery
        while True:
            try:
                if server is None:
                    server = await self._api.long_poll_server(self._group)
                server = await self._check(server)
            except Exception as error:  # VK, the network or the database: again, slower each time
                if isinstance(error, VkError) and error.code in REFUSED_TOKEN:
                    log.error(
                        "VK refuses VK_TOKEN for the long poll (%s): no events by long poll; a "
                        "community token with Bots Long Poll turned on in the community's API "
                        "settings takes it", error,
                    )  # fmt: skip
                    return
                if not failures:
                    log.warning("VK long poll failed; retrying, less often", exc_info=True)
                failures += 1
                if failures > 1:
                    server = None  # ask for a new server, key and ts
                pause = LONG_POLL_BACKOFF.after(failures)
                await self._clock.sleep_until(self._clock() + timedelta(seconds=pause))
            else:
                if failures:
                    log.info("VK long poll works again")
                failures = 0

    async def _check(self, server: dict[str, Any]) -> dict[str, Any] | None:
        """One long poll request; returns the server to ask next (None: a new one)."""
        params = {"act": "a_check", "key": server["key"], "ts": server["ts"],
                  "wait": str(LONG_POLL_WAIT)}  # fmt: skip
        async with self._http.get(
            server["server"], params=params,
            timeout=aiohttp.ClientTimeout(total=LONG_POLL_WAIT + CALL_TIMEOUT),
        ) as response:  # fmt: skip
            response.raise_for_status()
            body = await response.json(content_type=None)
        failed = body.get("failed")
        if failed == 1:  # events lost: go on from the ts given (the backfill finds the posts)
            return server | {"ts": body["ts"]}
        if failed == 2:  # the key expired: a new key, the same ts
            fresh = await self._api.long_poll_server(self._group)
            return fresh | {"ts": server["ts"]}
        if failed is not None:  # 3: everything lost, start over
            return None
        for update in body.get("updates", []):
            await self.handle(update)
        return server | {"ts": body["ts"]}
