"""VK end to end over real HTTP: the fake VK pushes events, with the secret, to the bot's
callback endpoint, serves the long poll and the methods the bot calls."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from pydantic import SecretStr

from bot.domain.model.networks import Network, SeenPost
from bot.networks.vk import VkApi, VkConnector, VkError
from bot.simulator.clock import StagedClock
from bot.simulator.vk import FakeVk
from bot.simulator.web_api import FakeSlack, serve_locally
from tests.conftest import Bot, running

GROUP = 217000001
TOKEN = "vk1.a.community-token"
SECRET = "callback-secret-7"
CONFIRMATION = "693d0ba9"


@dataclass
class RecordingSink:
    """The PostSink port, recording what the connector hands over."""

    posts: list[SeenPost] = field(default_factory=list)
    new: asyncio.Event = field(default_factory=asyncio.Event)

    async def seen(self, post: SeenPost) -> None:
        self.posts.append(post)
        self.new.set()

    async def wait(self, count: int, timeout: float = 5.0) -> list[SeenPost]:
        async with asyncio.timeout(timeout):
            while len(self.posts) < count:
                self.new.clear()
                await self.new.wait()
        return self.posts


@dataclass
class VkWorld:
    bot: Bot
    vk: FakeVk
    connector: VkConnector
    sink: RecordingSink
    callback_url: str


def vk_env(vk: FakeVk, **overrides: str) -> dict[str, str]:
    env = {
        "VK_GROUP_ID": str(GROUP), "VK_TOKEN": TOKEN, "VK_CALLBACK_SECRET": SECRET,
        "VK_CONFIRMATION": CONFIRMATION, "VK_API_URL": vk.base_url,
    }  # fmt: skip
    return env | overrides


@contextlib.asynccontextmanager
async def vk_world(
    clean_db: str, slack: FakeSlack, clock: StagedClock, **env: str
) -> AsyncIterator[VkWorld]:
    async with (
        FakeVk(GROUP, TOKEN, clock, secret=SECRET) as vk,
        running(clean_db, slack, vk_env(vk, **env), clock) as bot,
    ):
        runtime, sink = bot.runtime, RecordingSink()
        assert runtime.vk is not None and runtime.vk_api is not None
        connector = VkConnector(
            runtime.settings, runtime.http, runtime.vk_api, runtime.vk, sink, clock
        )
        app = web.Application()
        app.add_routes(connector.routes())
        runner, root = await serve_locally(app)
        vk.callback_url = f"{root}/vk/callback"
        try:
            yield VkWorld(bot, vk, connector, sink, vk.callback_url)
        finally:
            await runner.cleanup()


@pytest.fixture
async def world(clean_db: str, slack: FakeSlack, clock: StagedClock) -> AsyncIterator[VkWorld]:
    async with vk_world(clean_db, slack, clock) as world:
        yield world


async def test_the_callback_answers_vk_s_confirmation(world: VkWorld) -> None:
    assert await world.vk.confirm() == CONFIRMATION


async def test_a_new_post_reaches_the_sink_once_whatever_vk_retries(world: VkWorld) -> None:
    vk = world.vk
    post_id = await vk.publish("Our new office\nOpens on Monday")
    [post] = await world.sink.wait(1)
    published = datetime.fromtimestamp(vk.posts[post_id]["date"], UTC)
    assert post == SeenPost(
        Network.VK, f"-{GROUP}_{post_id}", f"https://vk.com/wall-{GROUP}_{post_id}", published,
        "Our new office",
    )  # fmt: skip
    assert abs(published - world.bot.clock()) < timedelta(seconds=2)
    assert [d.body for d in vk.deliveries] == ["ok"]
    # VK sends an event again until it hears "ok": the same event_id changes nothing.
    await vk.push(vk.deliveries[0].event)
    assert [d.body for d in vk.deliveries] == ["ok", "ok"]
    assert len(world.sink.posts) == 1


async def test_a_post_vk_retries_after_a_failure_reaches_the_sink(world: VkWorld) -> None:
    """The first attempt fails (the database, say): VK hears no "ok", sends it again, and the
    event id was not stored, so the retry is handled."""
    vk, sink = world.vk, world.sink
    failing = [True]
    seen = sink.seen

    async def fail_once(post: SeenPost) -> None:
        if failing.pop() if failing else False:
            raise RuntimeError("the database is down")
        await seen(post)

    sink.seen = fail_once  # type: ignore[method-assign]
    await vk.publish("Retried")
    assert [d.status for d in vk.deliveries] == [500, 200]
    assert len(await sink.wait(1)) == 1


@pytest.mark.parametrize("wrong", ["secret", "group"])
async def test_a_wrong_secret_or_group_changes_nothing_and_is_logged_once(
    world: VkWorld, wrong: str, caplog: pytest.LogCaptureFixture
) -> None:
    vk = world.vk
    if wrong == "secret":
        vk.secret = "guessed"
    else:
        vk.group_id = GROUP + 1
    post_id = await vk.publish("Forged")
    await vk.publish("Forged again")
    assert [d.body for d in vk.deliveries] == ["ok", "ok"]  # VK must not keep retrying
    assert world.sink.posts == []
    assert len([r for r in caplog.records if "ignored" in r.getMessage()]) == 1
    # Nothing was stored: the real event, when it comes, is new.
    vk.secret, vk.group_id = SECRET, GROUP
    event = vk.deliveries[0].event | {"group_id": GROUP}
    event["object"] = event["object"] | {"owner_id": -GROUP}
    await vk.push(event)
    [post] = await world.sink.wait(1)
    assert post.key == f"-{GROUP}_{post_id}"


async def test_the_backfill_hands_over_recent_posts_not_the_pinned_one(world: VkWorld) -> None:
    vk, clock = world.vk, world.bot.clock
    vk.callback_url = None  # the bot was down while these were published
    old = await vk.publish("Last week's news")
    clock.advance(timedelta(days=2))
    pinned = await vk.publish("About us", pinned=True)
    clock.advance(timedelta(days=2))
    new = await vk.publish("Missed while down")
    assert await world.connector.backfill() == 1
    assert [p.key for p in world.sink.posts] == [f"-{GROUP}_{new}"]
    assert {old, pinned} <= set(vk.posts)
    [call] = vk.calls_to("wall.get")
    assert call.params["owner_id"] == str(-GROUP) and call.params["v"]


async def test_the_backfill_runs_at_start_and_every_hour_on_the_clock(world: VkWorld) -> None:
    vk, clock = world.vk, world.bot.clock
    running_ = asyncio.ensure_future(world.connector.run())
    try:
        await wait_until(lambda: len(vk.calls_to("wall.get")) == 1)
        vk.callback_url = None
        post_id = await vk.publish("Seen by the next backfill")
        clock.advance(timedelta(minutes=59))
        await asyncio.sleep(0.05)
        assert len(vk.calls_to("wall.get")) == 1
        clock.advance(timedelta(minutes=1))
        [post] = await world.sink.wait(1)
        assert post.key == f"-{GROUP}_{post_id}" and len(vk.calls_to("wall.get")) == 2
    finally:
        running_.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running_


def pausing(clock: StagedClock) -> bool:
    """Something waits on the clock for less than a minute (a retry's pause)."""
    wake = clock.next_wake()
    return wake is not None and wake < clock() + timedelta(minutes=1)


async def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll: neither the clock's sleepers nor the fake's calls signal an event to wait on."""
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"not so after {timeout} s")


@pytest.fixture
async def long_poll_world(
    clean_db: str, slack: FakeSlack, clock: StagedClock
) -> AsyncIterator[VkWorld]:
    async with vk_world(clean_db, slack, clock, VK_LONGPOLL="true", VK_CONFIRMATION="") as world:
        world.vk.callback_url = None  # no public URL: the events come by the long poll only
        yield world


async def test_the_long_poll_delivers_the_same_and_survives_vk_s_failures(
    long_poll_world: VkWorld,
) -> None:
    world = long_poll_world
    vk, sink = world.vk, world.sink
    assert world.connector.routes() == []  # no Callback API configured
    running_ = asyncio.ensure_future(world.connector.run())
    try:
        await wait_until(lambda: len(vk.calls_to("a_check")) == 1)
        first = await vk.publish("By long poll")
        await sink.wait(1)
        vk.expire_key()  # failed: 2 → a new key, the same ts: nothing lost
        second = await vk.publish("After the key expired")
        await sink.wait(2)
        vk.fail_next("a_check", status=502)  # the server hiccups: asked again after a pause
        vk.expire_key()  # answers the waiting check at once; the next one meets the 502
        await wait_until(lambda: pausing(world.bot.clock))
        third = await vk.publish("During the pause")
        world.bot.clock.advance(timedelta(seconds=1))
        await sink.wait(3)
        assert [p.key for p in sink.posts] == [f"-{GROUP}_{i}" for i in (first, second, third)]
        assert len(vk.calls_to("groups.getLongPollServer")) == 3  # at start, two expiries
    finally:
        running_.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running_


async def test_api_calls_carry_the_token_and_version_and_vk_s_refusals_surface(
    world: VkWorld,
) -> None:
    vk, runtime = world.vk, world.bot.runtime
    api = runtime.vk_api
    assert api is not None
    vk.screen_names["anna.smm"] = 777
    assert await api.person("anna.smm") == 777
    assert await api.person("nobody.here") is None
    assert await api.person(f"club{GROUP}") is None  # a community is not a person
    [call, *_] = vk.calls_to("utils.resolveScreenName")
    assert call.params["access_token"] == TOKEN and call.params["v"] == "5.199"
    # Too many requests (6) and a 5xx are tried again, after a pause; a wrong token is not.
    vk.fail_next("utils.resolveScreenName", error=6)
    vk.fail_next("utils.resolveScreenName", status=503)
    retried = asyncio.ensure_future(api.person("anna.smm"))
    for _ in range(2):
        await wait_until(lambda: pausing(world.bot.clock))
        world.bot.clock.advance(timedelta(seconds=1))
    assert await retried == 777
    wrong = VkApi(runtime.http, vk.base_url, SecretStr("vk1.a.wrong"), world.bot.clock)
    with pytest.raises(VkError) as refused:
        await wrong.person("anna.smm")
    assert refused.value.code == 5
    assert vk.calls[-1].response is not None
    assert vk.calls[-1].response["error"]["request_params"][0] == {
        "key": "method", "value": "utils.resolveScreenName"
    }  # fmt: skip
    with pytest.raises(VkError) as missing:
        await api.call("likes.getList", type="post", owner_id=-GROUP)
    assert missing.value.code == 100
    with pytest.raises(VkError) as denied:
        await api.long_poll_server(GROUP + 1)
    assert denied.value.code == 15
