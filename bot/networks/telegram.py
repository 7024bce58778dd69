"""Telegram: the company channel's new posts, from the Bot API's `channel_post` updates.

By default the leader long polls `getUpdates`; the offset it sends confirms what it handed to
the sink, so Telegram forgets it, and after a restart (or on a new leader) Telegram hands over
what was never confirmed: nothing is skipped, and a post handed but not yet confirmed comes
again, which the sink's (network, key) keeps to one. With TELEGRAM_WEBHOOK_URL the leader
instead sets the webhook, and every replica answers Telegram's POSTs on that URL's path,
checking the secret it was given (derived from the token, so all replicas and restarts agree).

Posts of TELEGRAM_CHANNEL only; other chats' updates are dropped. A channel without a
username (a private one) has no public link: its posts get Telegram's members-only
`https://t.me/c/<id>/<post>` link, and the key `c/<id>/<post>`.

aiohttp on the runtime's session, not python-telegram-bot or aiogram: each brings its own HTTP
client and update dispatcher (PTB's httpx, aiogram's own aiohttp session) for the three calls
this needs, and neither would share the bot's clock, which every wait here follows.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from bot.domain.calendar import Backoff
from bot.domain.model.networks import Network, SeenPost
from bot.domain.ports import Clock, PostSink

log = logging.getLogger(__name__)

POLL_SECONDS = 50  # how long Telegram holds a getUpdates open when there is nothing new
GRACE_SECONDS = 10.0  # more than that before the request counts as timed out
BACKOFF = Backoff(1.0, 60.0)  # seconds between tries while Telegram does not answer
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
UPDATES = ["channel_post"]  # what the bot asks Telegram for
# A channel's service messages (Bot API, Message): they come as channel posts too.
SERVICE = frozenset({
    "pinned_message", "new_chat_title", "new_chat_photo", "delete_chat_photo",
    "channel_chat_created", "migrate_from_chat_id", "message_auto_delete_timer_changed",
    "video_chat_scheduled", "video_chat_started", "video_chat_ended",
    "video_chat_participants_invited", "chat_background_set", "boost_added",
    "giveaway_created", "giveaway_completed", "paid_message_price_changed",
})  # fmt: skip


class TelegramRefused(Exception):
    """The Bot API answered an error: its HTTP status, its words, and how long to wait."""

    def __init__(self, status: int, description: str, retry_after: int | None) -> None:
        super().__init__(f"{status} {description}")
        self.status, self.retry_after = status, retry_after


def channel_post(update: Mapping[str, Any], channel: str) -> SeenPost | None:
    """The post an update announces, if it is a new post of `channel` (`@name` or chat id).

    An album is one post that comes as one message a photo or video, all with its
    `media_group_id` and the caption on one of them: its key is the album's, so the first
    message seen stands for it (its link opens the album). A service message (a pin, a new
    title or photo, a video chat) is no post."""
    message = update.get("channel_post")
    if not isinstance(message, dict) or not isinstance(chat := message.get("chat"), dict):
        return None
    if not SERVICE.isdisjoint(message):
        return None
    username, chat_id, post_id = chat.get("username"), chat.get("id"), message.get("message_id")
    if not isinstance(post_id, int) or not isinstance(chat_id, int):
        return None
    if channel.startswith("@"):
        # Usernames are case-insensitive.
        if not isinstance(username, str) or username.casefold() != channel[1:].casefold():
            return None
    elif chat_id != int(channel):
        return None
    # A channel's id is -100 followed by the id its private links use.
    where = username or f"c/{str(chat_id).removeprefix('-100')}"
    album = message.get("media_group_id")
    key = f"{where}/album/{album}" if isinstance(album, str) else f"{where}/{post_id}"
    date = message.get("date")
    published = datetime.fromtimestamp(date, UTC) if isinstance(date, int) else None
    text = message.get("text") or message.get("caption") or ""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return SeenPost(
        Network.TELEGRAM,
        key,
        f"https://t.me/{where}/{post_id}",
        published,
        lines[0] if lines else "",
    )


class BotApi:
    """The Bot API of one bot, on the runtime's HTTP session."""

    def __init__(self, http: aiohttp.ClientSession, api_url: str, token: str) -> None:
        self._http = http
        self._base = f"{api_url}/bot{token}"

    async def call(self, method: str, seconds: float, /, **params: Any) -> Any:
        """The method's result; TelegramRefused for an error answer. `seconds`: the most the
        request may take."""
        body = {name: value for name, value in params.items() if value is not None}
        async with self._http.post(
            f"{self._base}/{method}", json=body, timeout=aiohttp.ClientTimeout(total=seconds)
        ) as response:
            try:
                answer = await response.json(content_type=None)
            except ValueError:
                answer = None
            status = response.status
        if isinstance(answer, dict) and answer.get("ok") is True:
            return answer.get("result")
        answer = answer if isinstance(answer, dict) else {}
        parameters = answer.get("parameters")
        retry = parameters.get("retry_after") if isinstance(parameters, dict) else None
        raise TelegramRefused(
            status,
            str(answer.get("description") or "no description"),
            retry if isinstance(retry, int) and status == 429 else None,
        )


def webhook_secret(token: str) -> str:
    """The secret_token given to setWebhook: the same on every replica and after a restart,
    of the characters Telegram allows, and telling nothing of the token."""
    return hmac.new(token.encode(), b"smm-pulse telegram webhook", hashlib.sha256).hexdigest()


class TelegramConnector:
    """bot.networks.Connector for the company's Telegram channel."""

    name = "telegram"
    network = Network.TELEGRAM

    def __init__(
        self,
        *,
        token: str,
        channel: str,
        api_url: str,
        webhook_url: str | None,
        http: aiohttp.ClientSession,
        clock: Clock,
        sink: PostSink,
        poll_seconds: int = POLL_SECONDS,
        grace_seconds: float = GRACE_SECONDS,
    ) -> None:
        self._bot = BotApi(http, api_url, token)
        self._channel = channel
        self._webhook_url = webhook_url
        self._secret = webhook_secret(token)
        self._clock = clock
        self._sink = sink
        self._poll_seconds = poll_seconds
        self._grace = grace_seconds
        self._forged_seen = False

    def routes(self) -> list[web.RouteDef]:
        if self._webhook_url is None:
            return []
        return [web.post(urlsplit(self._webhook_url).path or "/", self._receive)]

    async def run(self) -> None:
        if self._webhook_url is None:
            await self._poll()
        else:
            if await self._attempt(
                "setWebhook", url=self._webhook_url, secret_token=self._secret,
                allowed_updates=UPDATES,
            ):  # fmt: skip
                log.info("Telegram: posts of %s come to the webhook", self._channel)

    async def _poll(self) -> None:
        # A webhook left from another setup would refuse every getUpdates (409).
        if not await self._attempt("deleteWebhook"):
            return
        log.info("Telegram: polling for posts of %s", self._channel)
        offset: int | None = None
        failures = 0  # in a row
        while True:
            try:
                updates = await self._updates(offset)
            except TelegramRefused as refused:
                if refused.retry_after is not None:
                    await self._wait(timedelta(seconds=refused.retry_after))
                    continue
                if refused.status in (401, 404):
                    log.error("Telegram refuses TELEGRAM_BOT_TOKEN (%s): no posts seen", refused)
                    return
                failures = await self._back_off(failures, "getUpdates", refused)
                continue
            except (aiohttp.ClientError, TimeoutError, ValueError) as error:
                failures = await self._back_off(failures, "getUpdates", error)
                continue
            try:
                for update_id, post in updates:
                    if post is not None:
                        await self._sink.seen(post)
                    offset = update_id + 1  # confirmed by the next getUpdates
            except Exception as error:  # the sink's: the post stays unconfirmed, and comes again
                if not failures:
                    log.exception("Telegram: a post could not be handed on; trying again")
                failures = await self._back_off(failures, "handing a post on", error, logged=True)
                continue
            if failures:
                log.info("Telegram: polling works again")
            failures = 0

    async def _updates(self, offset: int | None) -> list[tuple[int, SeenPost | None]]:
        """The next updates (long polling), each with the post it brings, if one of ours."""
        updates = await self._bot.call(
            "getUpdates", self._poll_seconds + self._grace, offset=offset,
            timeout=self._poll_seconds, allowed_updates=UPDATES,
        )  # fmt: skip
        if not isinstance(updates, list) or not all(
            isinstance(u, dict) and isinstance(u.get("update_id"), int) for u in updates
        ):
            raise ValueError("getUpdates answered no list of updates")
        return [(u["update_id"], channel_post(u, self._channel)) for u in updates]

    async def _attempt(self, method: str, **params: Any) -> bool:
        """Call `method` until it works, waiting as told (429) or backing off; a refusal that
        waiting cannot change (a wrong token or parameter) is logged: False."""
        failures = 0
        while True:
            try:
                await self._bot.call(method, self._grace, **params)
                return True
            except TelegramRefused as refused:
                if refused.retry_after is not None:
                    await self._wait(timedelta(seconds=refused.retry_after))
                elif refused.status in (401, 404):  # a wrong token: no retry will change it
                    log.error("Telegram refuses TELEGRAM_BOT_TOKEN (%s): no posts seen", refused)
                    return False
                elif refused.status < 500:
                    log.error("Telegram refused %s: %s", method, refused)
                    return False
                else:
                    failures = await self._back_off(failures, method, refused)
            except (aiohttp.ClientError, TimeoutError, ValueError) as error:
                failures = await self._back_off(failures, method, error)

    async def _back_off(
        self, failures: int, what: str, error: Exception, *, logged: bool = False
    ) -> int:
        """Wait after one more failure in a row, longer each time (see BACKOFF); only the
        first is logged. Returns the failures in a row."""
        if not failures and not logged:
            log.warning(
                "Telegram: %s failed (%s); retrying, less often",
                what,
                str(error) or type(error).__name__,
            )
        failures += 1
        await self._wait(timedelta(seconds=BACKOFF.after(failures)))
        return failures

    async def _wait(self, how_long: timedelta) -> None:
        await self._clock.sleep_until(self._clock() + how_long)

    async def _receive(self, request: web.Request) -> web.Response:
        """Telegram's POST of one update: 200 once handed on (else it posts it again)."""
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), self._secret):
            if not self._forged_seen:  # once: a flood of forged POSTs must not flood the log
                log.warning("Telegram webhook: a POST without the secret was refused (401)")
                self._forged_seen = True
            return web.Response(status=401)
        try:
            update = await request.json()
        except ValueError:
            return web.Response(status=400)
        if isinstance(update, dict) and (post := channel_post(update, self._channel)):
            await self._sink.seen(post)
        return web.Response(status=200)
