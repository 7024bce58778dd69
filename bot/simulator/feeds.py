"""A local feed server on 127.0.0.1, for tests and the demo: RSS 2.0 and Atom 1.0 feeds whose
items a test adds, served as a web server serves them to a conditional GET (RFC 9110): an
ETag and a Last-Modified with each feed, and 304 Not Modified, without a body, to a request
whose If-None-Match names the current ETag (or, without one, whose If-Modified-Since is not
older than the last change). A feed can also break: an HTTP error, a page that is not a feed,
or an answer slower than the reader waits.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Literal
from xml.etree import ElementTree as ET

from aiohttp import web

from bot.simulator.web_api import Changes, LocalServer, serve_locally

ATOM = "http://www.w3.org/2005/Atom"
KEEP = 20  # items a feed shows, newest first (older ones drop out, as on a real blog)
NOT_A_FEED = b"<!doctype html><html><head><title>Moved</title></head><body>Oops</body></html>"


@dataclass(frozen=True)
class Item:
    title: str
    link: str
    id: str | None  # RSS guid / Atom id; an RSS item may have none
    published: datetime


@dataclass
class Feed:
    kind: Literal["rss", "atom"]
    title: str
    items: list[Item] = field(default_factory=list)  # newest first
    changed_at: datetime | None = None  # Last-Modified, to the second
    broken: int | Literal["not a feed"] | None = None  # an HTTP status, or garbage
    delay: float = 0.0  # seconds before it answers
    # Its encoding: UTF-8 declared in the XML, or another named in Content-Type only (as many
    # older Russian sites serve windows-1251).
    charset: str = "utf-8"


@dataclass(frozen=True)
class FeedRequest:
    """One GET the server answered: which feed, the validators it carried, its status."""

    name: str
    if_none_match: str | None
    if_modified_since: str | None
    status: int


@dataclass
class FakeFeeds(LocalServer):
    clock: Callable[[], datetime] | None = None  # when items are published; None: the machine's
    requests: list[FeedRequest] = field(default_factory=list)

    base_url: str = field(default="", init=False)
    _feeds: dict[str, Feed] = field(default_factory=dict, init=False)
    _runner: web.AppRunner | None = field(default=None, init=False)
    _changed: Changes = field(default_factory=Changes, init=False)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/{name}", self._serve)
        self._runner, self.base_url = await serve_locally(app)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ------------------------------------------------------------------ test controls

    def add_feed(
        self, name: str, kind: Literal["rss", "atom"] = "rss", title: str = "", charset: str = ""
    ) -> str:
        """A new, empty feed; returns its URL (for FEEDS)."""
        self._feeds[name] = Feed(kind, title or name, charset=charset or "utf-8")
        return self.url(name)

    def url(self, name: str) -> str:
        return f"{self.base_url}/{name}"

    def add_item(
        self, name: str, title: str, *, link: str | None = None, id: str | None = ""
    ) -> Item:
        """Publish an item at the top of feed `name`, now. `id` "" (the default): one of its
        own; None: none (an RSS item known by its link only)."""
        feed = self._feeds[name]
        now = self._now()
        number = len(feed.items) + 1
        link = link or f"https://blog.example.com/{name}/{number}"
        item = Item(title, link, f"urn:example:{name}:{number}" if id == "" else id, now)
        feed.items = [item, *feed.items][:KEEP]
        feed.changed_at = now.replace(microsecond=0)
        return item

    def break_feed(self, name: str, how: int | Literal["not a feed"] = 404) -> None:
        """Feed `name` answers HTTP `how`, or a page that is no feed, until `mend`."""
        self._feeds[name].broken = how

    def slow(self, name: str, seconds: float) -> None:
        """Feed `name` answers `seconds` late (0: at once)."""
        self._feeds[name].delay = seconds

    def mend(self, name: str) -> None:
        self._feeds[name].broken = None

    def requests_for(self, name: str) -> list[FeedRequest]:
        return [r for r in self.requests if r.name == name]

    async def wait_for(self, name: str, count: int, timeout: float = 5.0) -> list[FeedRequest]:
        """Wait until feed `name` answered at least `count` requests."""
        if not await self._changed.until(lambda: len(self.requests_for(name)) >= count, timeout):
            raise AssertionError(
                f"{name}: {len(self.requests_for(name))} of {count} requests in {timeout} s"
            )
        return self.requests_for(name)

    # ------------------------------------------------------------------ serving

    def _now(self) -> datetime:
        now = self.clock() if self.clock is not None else datetime.fromtimestamp(time.time(), UTC)
        return now.astimezone(UTC)

    async def _serve(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        feed = self._feeds.get(name)
        if feed is not None and feed.delay:
            await asyncio.sleep(feed.delay)
        response = self._answer(feed, request)
        self.requests.append(
            FeedRequest(
                name,
                request.headers.get("If-None-Match"),
                request.headers.get("If-Modified-Since"),
                response.status,
            )
        )
        self._changed.notify()
        return response

    def _answer(self, feed: Feed | None, request: web.Request) -> web.Response:
        if feed is None:
            return web.Response(status=404, text="Not Found")
        if feed.broken == "not a feed":
            return web.Response(body=NOT_A_FEED, content_type="text/html")
        if feed.broken is not None:
            return web.Response(status=feed.broken, text="Something went wrong")
        tree = _atom(feed) if feed.kind == "atom" else _rss(feed)
        utf8 = feed.charset == "utf-8"
        # ElementTree declares any encoding it writes: another one is left to the header.
        body = (
            ET.tostring(tree, encoding="utf-8", xml_declaration=True)
            if utf8
            else (ET.tostring(tree, encoding="unicode").encode(feed.charset))
        )
        headers = {"ETag": f'"{hashlib.sha1(body).hexdigest()[:16]}"'}
        if feed.changed_at is not None:
            headers["Last-Modified"] = format_datetime(feed.changed_at, usegmt=True)
        if _not_modified(request, headers["ETag"], feed.changed_at):
            return web.Response(status=304, headers=headers)
        kind = "application/atom+xml" if feed.kind == "atom" else "application/rss+xml"
        return web.Response(body=body, headers=headers, content_type=kind, charset=feed.charset)


def _not_modified(request: web.Request, etag: str, changed_at: datetime | None) -> bool:
    """RFC 9110, 13.1.1 and 13.1.3: If-None-Match decides when sent; else If-Modified-Since."""
    if (match := request.headers.get("If-None-Match")) is not None:
        tags = {tag.strip().removeprefix("W/") for tag in match.split(",")}
        return "*" in tags or etag in tags
    if (since := request.headers.get("If-Modified-Since")) is not None and changed_at:
        try:
            return changed_at <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False  # an unreadable date is ignored
    return False


def _rss(feed: Feed) -> ET.Element:
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    for tag, text in (("title", feed.title), ("link", "https://blog.example.com/"),
                      ("description", feed.title)):  # fmt: skip
        ET.SubElement(channel, tag).text = text
    for item in feed.items:
        element = ET.SubElement(channel, "item")
        ET.SubElement(element, "title").text = item.title
        ET.SubElement(element, "link").text = item.link
        if item.id is not None:
            ET.SubElement(element, "guid", isPermaLink="false").text = item.id
        ET.SubElement(element, "pubDate").text = format_datetime(item.published, usegmt=True)
    return rss


def _atom(feed: Feed) -> ET.Element:
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title").text = feed.title
    ET.SubElement(root, f"{{{ATOM}}}id").text = f"urn:example:{feed.title}"
    updated = feed.changed_at or datetime(2026, 1, 1, tzinfo=UTC)
    ET.SubElement(root, f"{{{ATOM}}}updated").text = updated.isoformat()
    for item in feed.items:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.title
        ET.SubElement(entry, f"{{{ATOM}}}link", href=item.link)
        ET.SubElement(entry, f"{{{ATOM}}}id").text = item.id or item.link  # Atom requires one
        for tag in ("published", "updated"):
            ET.SubElement(entry, f"{{{ATOM}}}{tag}").text = item.published.isoformat()
    return root
