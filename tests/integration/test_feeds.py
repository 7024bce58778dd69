"""The feeds connector against the local feed server, over real HTTP, on the test database
and the bot's clock: conditional GETs every 2 minutes, new items once, broken feeds alone."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from bot.config import to_async_url
from bot.db.engine import make_engine, unit_of_work_factory
from bot.domain.model.networks import Network, SeenPost
from bot.domain.ports import UnitOfWorkFactory
from bot.networks.feeds import FeedsConnector
from bot.simulator.clock import StagedClock
from bot.simulator.feeds import FakeFeeds
from bot.simulator.web_api import FakeSlack
from bot.simulator.workspace import DIGEST
from tests.conftest import running, shown
from tests.integration.connectors import RecordingSink, asleep, leading

TWO_MINUTES = timedelta(minutes=2)


@pytest.fixture
async def feeds(clock: StagedClock) -> AsyncIterator[FakeFeeds]:
    async with FakeFeeds(clock=clock) as fake:
        yield fake


@pytest.fixture
async def uow(clean_db: str) -> AsyncIterator[UnitOfWorkFactory]:
    engine = make_engine(to_async_url(clean_db))
    yield unit_of_work_factory(engine)
    await engine.dispose()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def reader(
    http: aiohttp.ClientSession, clock: StagedClock, sink: RecordingSink, uow: UnitOfWorkFactory
) -> Any:
    def make(*urls: str, **overrides: Any) -> FeedsConnector:
        return FeedsConnector(urls=urls, http=http, clock=clock, sink=sink, uow=uow, **overrides)

    return make


async def another_read(clock: StagedClock) -> None:
    """Wake the connector, asleep after a read, for its next, and wait until that is done (it
    sleeps again): the reads happen at the clock's pace, as every 2 minutes."""
    wake = await asleep(clock)
    clock.advance(wake - clock())
    await asleep(clock)


async def test_the_first_read_learns_then_a_new_item_is_handed_on_once(
    feeds: FakeFeeds, reader: Any, clock: StagedClock, sink: RecordingSink
) -> None:
    url = feeds.add_feed("blog")
    for title in ("Old news", "Older news"):
        feeds.add_item("blog", title)
    started = clock()
    async with leading(reader(url)):
        wake = await asleep(clock)  # the first read is done
        assert sink.posts == []  # the archive is not news
        assert wake - started >= TWO_MINUTES and wake - clock() <= TWO_MINUTES
        item = feeds.add_item("blog", "Product launch\nToday at noon")
        await another_read(clock)
        await another_read(clock)  # nothing new: a 304
        await another_read(clock)
    assert sink.posts == [
        SeenPost(
            Network.FEED, "urn:example:blog:3", item.link, item.published.replace(microsecond=0),
            "Product launch",
        )
    ]  # fmt: skip
    first, changed, *unchanged = feeds.requests_for("blog")
    assert (first.if_none_match, first.status) == (None, 200)
    assert changed.if_none_match is not None and changed.status == 200
    assert [r.status for r in unchanged] == [304, 304]
    assert all(r.if_none_match and r.if_modified_since for r in unchanged)


async def test_a_feed_in_the_charset_its_server_names_reads_right(
    feeds: FakeFeeds, reader: Any, clock: StagedClock, sink: RecordingSink
) -> None:
    url = feeds.add_feed("old-site", charset="windows-1251")
    async with leading(reader(url)):
        await asleep(clock)
        feeds.add_item("old-site", "Новая акция: скидки всю неделю")
        await another_read(clock)
    assert [p.title for p in sink.posts] == ["Новая акция: скидки всю неделю"]


async def test_a_restart_neither_repeats_items_nor_misses_those_published_meanwhile(
    feeds: FakeFeeds, reader: Any, clock: StagedClock, sink: RecordingSink
) -> None:
    url = feeds.add_feed("channel", kind="atom")
    feeds.add_item("channel", "Archive")
    async with leading(reader(url)):
        await asleep(clock)
        feeds.add_item("channel", "Before the restart")
        await another_read(clock)
    feeds.add_item("channel", "While the bot was down")
    async with leading(reader(url)):
        await asleep(clock)
    assert [p.title for p in sink.posts] == ["Before the restart", "While the bot was down"]


async def test_a_broken_feed_is_logged_when_it_changes_and_never_stops_another(
    feeds: FakeFeeds,
    reader: Any,
    clock: StagedClock,
    sink: RecordingSink,
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken, blog = feeds.add_feed("broken"), feeds.add_feed("blog")
    feeds.add_item("broken", "Never seen")
    feeds.break_feed("broken", 404)
    with caplog.at_level(logging.INFO, logger="bot.networks.feeds"):
        async with leading(reader(broken, blog, timeout=0.2)):
            await asleep(clock)  # the blog learns; the broken one answers 404
            feeds.add_item("blog", "Still read")
            await another_read(clock)  # 404 again: not logged again
            feeds.break_feed("broken", "not a feed")
            await another_read(clock)
            feeds.mend("broken")
            feeds.slow("broken", 0.5)
            await another_read(clock)
            feeds.slow("broken", 0)
            feeds.add_item("blog", "Read all along")
            await another_read(clock)  # its first good read: it learns, hands on nothing
    assert [p.title for p in sink.posts] == ["Still read", "Read all along"]
    said = [r.getMessage() for r in caplog.records if r.name == "bot.networks.feeds"]
    assert [line.split(";")[0] for line in said] == [
        f"Feed {broken}: HTTP 404",
        f"Feed {broken}: not an RSS or Atom feed",
        f"Feed {broken}: no answer within 0.2 s",
        f"Feed {broken}: read again",
    ]
    assert [r.status for r in feeds.requests_for("blog")] == [200, 200, 304, 304, 200]


async def test_an_item_the_sink_failed_on_comes_again_at_the_next_read(
    feeds: FakeFeeds, reader: Any, clock: StagedClock, sink: RecordingSink
) -> None:
    url = feeds.add_feed("blog")
    async with leading(reader(url)):
        await asleep(clock)
        feeds.add_item("blog", "First try fails")
        sink.failing = True
        await another_read(clock)
        sink.failing = False
        await another_read(clock)
    assert [p.title for p in sink.posts] == ["First try fails"]
    # The failed read saved no validators: the next one fetched the feed whole again.
    assert [r.status for r in feeds.requests_for("blog")] == [200, 200, 200]


async def test_the_feed_server_answers_conditional_gets_as_a_web_server_does(
    feeds: FakeFeeds, http: aiohttp.ClientSession
) -> None:
    url = feeds.add_feed("blog")
    feeds.add_item("blog", "One")
    async with http.get(url) as response:
        etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
        assert response.status == 200 and b"<rss" in await response.read()
    for headers, status in [
        ({"If-None-Match": etag}, 304),
        ({"If-None-Match": f'"other", W/{etag}'}, 304),
        ({"If-Modified-Since": modified}, 304),
        ({"If-Modified-Since": "Mon, 02 Nov 2026 00:00:00 GMT"}, 200),
        ({"If-None-Match": '"other"', "If-Modified-Since": modified}, 200),  # the ETag decides
    ]:
        async with http.get(url, headers=headers) as response:
            assert response.status == status, headers
    feeds.add_item("blog", "Two")
    async with http.get(url, headers={"If-None-Match": etag}) as response:
        assert response.status == 200 and response.headers["ETag"] != etag


async def test_a_new_feed_item_is_offered_in_the_digest_channel(
    clean_db: str, slack: FakeSlack, feeds: FakeFeeds, clock: StagedClock
) -> None:
    """End to end, AUTO_TASKS unset: the leader reads FEEDS; the archive is not news, the
    item published next is a prompt in Slack."""
    url = feeds.add_feed("blog", kind="atom")
    feeds.add_item("blog", "Last week's news")
    async with running(clean_db, slack, {"FEEDS": url}, clock) as bot:
        bot.runtime.connectors.lead()
        await asleep(clock)
        item = feeds.add_item("blog", "Our new store opens today")
        await another_read(clock)
        [prompt] = await slack.wait_for("chat.postMessage")
        await bot.runtime.connectors.step_down()  # polling never settles by itself
        await bot.settle()
    assert prompt.args["channel"] == DIGEST
    text = shown(prompt.args)
    assert text.startswith("New feed item\nOur new store opens today\n"), text
    assert f"<{item.link}|" in text
    assert len(slack.calls_to("chat.postMessage")) == 1
