"""Feeds: the new items of each RSS/Atom feed in FEEDS (a blog, a YouTube or Dzen channel, a
bridge of another network), read every 2 minutes.

Each read is a conditional GET (the ETag and Last-Modified the server gave last time), so an
unchanged feed costs a 304 and no parsing; feedparser reads the rest. An item is known by its
id, else by its link. The first read of a feed only learns what is there (a feed added to
FEEDS does not flood the digest with its archive); from then on, an item it did not show before
is new, once. What was learnt is in the database, so a restart or another leader neither
repeats an item nor misses one published meanwhile (while the feed still shows it). Each item
is learnt right after the sink took it, and the validators are saved only once all were
taken: a failure leaves the rest for the next read. A broken feed (an HTTP error, not a feed, no
answer) is logged when it breaks and when it mends, and never holds up the others.
"""

from __future__ import annotations

import asyncio
import calendar
import hashlib
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import aiohttp
import feedparser
from aiohttp import web

from bot.domain.model.feeds import FeedState
from bot.domain.model.networks import Network, SeenPost
from bot.domain.ports import Clock, PostSink, UnitOfWorkFactory

log = logging.getLogger(__name__)

INTERVAL = timedelta(minutes=2)
TIMEOUT_SECONDS = 30.0
MOST_BYTES = 10 * 2**20  # a feed larger than this is refused, not read into memory
HEADERS = {
    "User-Agent": "SMM Pulse feed reader",
    "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8",
}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # an id that is a URI: unique on its own
HTML = frozenset({"text/html", "application/xhtml+xml"})  # a title's type that is markup
KEY_MOST = 255  # characters of a post's key (seen_posts.key); a longer one is hashed


class Broken(Exception):
    """Why a feed could not be read, in a few words for the log."""


class TooLarge(Broken):
    def __init__(self) -> None:
        super().__init__(f"larger than {MOST_BYTES // 2**20} MB")


@dataclass(frozen=True)
class Fetched:
    """A feed as its server gave it: parsed by feedparser (no `version`: not a feed), and the
    validators for the next conditional GET."""

    parsed: Any
    state: FeedState


async def fetch(
    http: aiohttp.ClientSession, url: str, timeout: float, read_at: datetime,
    state: FeedState | None = None,
) -> Fetched | None:  # fmt: skip
    """GET the feed (conditional on `state`'s validators) and parse it; None: unchanged (304).
    Raises TooLarge, aiohttp.ClientResponseError (an HTTP error), another aiohttp.ClientError
    (no connection) or TimeoutError."""
    headers = dict(HEADERS)
    if state is not None and state.etag:
        headers["If-None-Match"] = state.etag
    if state is not None and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    async with http.get(
        url, headers=headers, timeout=aiohttp.ClientTimeout(total=timeout)
    ) as response:
        if response.status == 304:
            return None
        response.raise_for_status()
        body = bytearray()
        async for chunk in response.content.iter_chunked(2**16):
            body += chunk
            if len(body) > MOST_BYTES:
                raise TooLarge()
        # The charset, if the server names one, is in the header.
        given = {
            "content-location": url,
            "content-type": response.headers.get("Content-Type", ""),
        }
        fresh = FeedState(
            url, response.headers.get("ETag"), response.headers.get("Last-Modified"), read_at
        )
    # A file-like object: given a string, feedparser might read it as a URL or a path.
    parsed = await asyncio.to_thread(
        feedparser.parse, io.BytesIO(bytes(body)), response_headers=given
    )
    return Fetched(parsed, fresh)


@dataclass(frozen=True)
class Entry:
    """An item of a feed, as the bot keeps it: `key` tells it from the feed's others."""

    key: str
    post: SeenPost | None  # None: it links nowhere, so there is nothing to like


def entries(feed_url: str, parsed: Any) -> list[Entry]:
    """A parsed feed's items, oldest first (feeds list the newest first), by id, else link.
    An id that is no URI is only unique within its feed, so the feed's URL qualifies it; a key
    too long to store is hashed."""
    found = []
    for entry in reversed(parsed.entries):
        ident, link = entry.get("id") or "", entry.get("link") or ""
        if not (ident or link):
            continue
        key = f"{feed_url}#{ident}" if ident and not _SCHEME.match(ident) else ident or link
        if len(key) > KEY_MOST:
            key = f"sha256:{hashlib.sha256(key.encode()).hexdigest()}"
        url = next((u for u in (link, ident) if u.startswith(("https://", "http://"))), None)
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        title = str(entry.get("title") or "")
        if (entry.get("title_detail") or {}).get("type") in HTML:
            title = _text_of(title)
        lines = [line.strip() for line in title.splitlines()]
        post = None
        if url is not None:
            published = datetime.fromtimestamp(calendar.timegm(when), UTC) if when else None
            title = next((line for line in lines if line), "")
            post = SeenPost(Network.FEED, key, url, published, title)
        found.append(Entry(key, post))
    return found


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text_of(html: str) -> str:
    """What an HTML title reads as (`Tom &#038; Jerry <em>sale</em>` → `Tom & Jerry sale`):
    feedparser hands an Atom `type="html"` title, or an RSS one with markup, on as HTML."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


class FeedsConnector:
    """bot.networks.Connector for the feeds in FEEDS."""

    name = "feeds"
    network = Network.FEED

    def __init__(
        self,
        *,
        urls: Sequence[str],
        http: aiohttp.ClientSession,
        clock: Clock,
        sink: PostSink,
        uow: UnitOfWorkFactory,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self._urls = urls
        self._http = http
        self._clock = clock
        self._sink = sink
        self._uow = uow
        self._timeout = timeout
        self._problems: dict[str, str | None] = {}  # what is wrong with each feed now

    def routes(self) -> list[web.RouteDef]:
        return []

    async def run(self) -> None:
        while self._urls:
            started = self._clock()
            await asyncio.gather(*(self._read(url) for url in self._urls))
            await self._clock.sleep_until(started + INTERVAL)

    async def _read(self, url: str) -> None:
        try:
            await self._take_new(url)
        except Broken as broken:
            self._health(url, str(broken))
        except aiohttp.ClientResponseError as error:
            self._health(url, f"HTTP {error.status}")
        except aiohttp.ClientError as error:
            self._health(url, f"cannot be fetched ({str(error) or type(error).__name__})")
        except TimeoutError:
            self._health(url, f"no answer within {self._timeout:g} s")
        except Exception as error:  # the sink's or the database's: the next read tries again
            self._health(url, f"could not be taken in ({error!r})")
        else:
            self._health(url, None)

    def _health(self, url: str, problem: str | None) -> None:
        """Log a feed's state when it changes: broken (and why), or mended."""
        if self._problems.get(url) == problem:
            return
        self._problems[url] = problem
        if problem is not None:
            every = f"{INTERVAL.total_seconds() / 60:g} min"
            log.warning("Feed %s: %s; trying again every %s", url, problem, every)
        else:
            log.info("Feed %s: read again", url)

    async def _take_new(self, url: str) -> None:
        async with self._uow(read_only=True) as uow:
            state = await uow.feeds.state(url)
        fetched = await fetch(self._http, url, self._timeout, self._clock(), state)
        if fetched is None:
            return
        if not fetched.parsed.get("version"):
            raise Broken("not an RSS or Atom feed")
        fresh, found = fetched.state, entries(url, fetched.parsed)
        if state is None:  # the first read: learn what is there, hand on nothing
            async with self._uow() as uow:
                await uow.feeds.save(fresh)
                await uow.feeds.learn(url, [entry.key for entry in found], fresh.read_at)
                await uow.commit()
            return
        async with self._uow(read_only=True) as uow:
            new = set(await uow.feeds.unknown(url, [entry.key for entry in found]))
        for entry in found:
            if entry.key not in new:
                continue
            new.discard(entry.key)  # a feed may list an item twice
            if entry.post is not None:
                await self._sink.seen(entry.post)
            async with self._uow() as uow:
                await uow.feeds.learn(url, [entry.key], self._clock())
                await uow.commit()
        async with self._uow() as uow:
            await uow.feeds.save(fresh)
            await uow.commit()
