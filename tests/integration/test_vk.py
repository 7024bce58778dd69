"""VK end to end over real HTTP: the fake VK pushes events, with the secret, to the bot's own
endpoint (POST /vk/callback on the web app, as `smm-bot run` serves it), serves the long poll
and the methods the bot calls; what the connector sees goes to the runtime's PostService."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import statistics
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.db.engine import unit_of_work_factory
from bot.db.tables import SeenPostRow, VkEventRow
from bot.domain.model.networks import SeenPost
from bot.domain.services.export import Exports
from bot.networks.vk import VkApi, VkConnector, VkError
from bot.simulator.clock import StagedClock
from bot.simulator.vk import FakeVk
from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SALES
from bot.slack import ids
from tests.conftest import Bot, refused, running, shown
from tests.integration.test_home import open_home, texts
from tests.integration.test_posts import prompts, rows, task_dms, tasks
from tests.integration.test_question_editor import filled, submit, typed
from tests.integration.test_tasks import ANNA, BORIS, click, created, dms, read, slash

GROUP = 217000001
TOKEN = "vk1.a.community-token"
SECRET = "callback-secret-7"
CONFIRMATION = "693d0ba9"


@dataclass
class VkWorld:
    bot: Bot
    vk: FakeVk
    connector: VkConnector  # one more, beside the runtime's: to call its backfill directly
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
        runtime = bot.runtime
        assert runtime.vk is not None and runtime.vk_api is not None
        assert runtime.connectors.networks == {"vk"}
        connector = VkConnector(
            runtime.settings, runtime.http, runtime.vk_api, runtime.vk, runtime.posts, clock
        )
        vk.callback_url = bot.sender.base_url.replace("/slack/events", "/vk/callback")
        try:
            yield VkWorld(bot, vk, connector, vk.callback_url)
        finally:
            await runtime.connectors.step_down()  # before the bot drains its background work


@contextlib.asynccontextmanager
async def leading(bot: Bot) -> AsyncIterator[None]:
    """The connectors poll, as on the scheduler's leader."""
    bot.runtime.connectors.lead()
    try:
        yield
    finally:
        await bot.runtime.connectors.step_down()


@pytest.fixture
async def world(clean_db: str, slack: FakeSlack, clock: StagedClock) -> AsyncIterator[VkWorld]:
    async with vk_world(clean_db, slack, clock) as world:
        yield world


async def seen_keys(bot: Bot) -> list[str]:
    """The posts the PostService stored, oldest first."""
    async with bot.runtime.engine.connect() as connection:
        return list(await connection.scalars(select(SeenPostRow.key).order_by(SeenPostRow.id)))


async def until_seen(bot: Bot, count: int, timeout: float = 5.0) -> list[str]:
    await wait_until_async(lambda: seen_keys(bot), lambda keys: len(keys) >= count, timeout)
    return await seen_keys(bot)


async def wait_until_async(
    read_: Callable[[], Any], condition: Callable[[Any], bool], timeout: float = 5.0
) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition(await read_()):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"not so after {timeout} s")


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


async def test_the_bot_s_endpoint_answers_vk_s_confirmation(world: VkWorld) -> None:
    assert await world.vk.confirm() == CONFIRMATION


async def test_a_new_post_is_stored_and_offered_once_whatever_vk_retries(world: VkWorld) -> None:
    bot, vk = world.bot, world.vk
    post_id = await vk.publish("Our new office\nOpens on Monday")
    assert await seen_keys(bot) == [f"-{GROUP}_{post_id}"]  # stored before the "ok"
    assert [d.body for d in vk.deliveries] == ["ok"]
    await bot.settle()
    [prompt] = prompts(bot)
    assert "Our new office" in shown(prompt.args) and f"wall-{GROUP}_{post_id}" in shown(
        prompt.args
    )
    async with bot.runtime.engine.connect() as connection:
        row = (await connection.execute(select(SeenPostRow))).one()
    assert row.published_at == datetime.fromtimestamp(vk.posts[post_id]["date"], UTC)
    # VK sends an event again until it hears "ok": the same event_id changes nothing.
    await vk.push(vk.deliveries[0].event)
    await bot.settle()
    assert [d.body for d in vk.deliveries] == ["ok", "ok"]
    assert await rows(bot, VkEventRow) == 1 and len(prompts(bot)) == 1
    assert await seen_keys(bot) == [f"-{GROUP}_{post_id}"]


async def test_a_failed_event_answers_500_and_vk_s_retry_is_handled(world: VkWorld) -> None:
    """The sink fails (the database, say) on the first attempt: VK hears no "ok", sends it
    again, and the event id was not stored, so the retry is handled."""
    bot, vk = world.bot, world.vk
    posts = bot.runtime.posts
    real, failing = posts.seen, [True]

    async def fails_once(post: SeenPost) -> None:
        if failing and failing.pop():
            raise RuntimeError("the database is down")
        await real(post)

    posts.seen = fails_once  # type: ignore[method-assign]
    post_id = await vk.publish("Retried")
    assert [d.status for d in vk.deliveries] == [500, 200]
    assert await seen_keys(bot) == [f"-{GROUP}_{post_id}"]


@pytest.mark.parametrize("wrong", ["secret", "group"])
async def test_a_wrong_secret_or_group_changes_nothing_and_is_logged_once(
    world: VkWorld, wrong: str, caplog: pytest.LogCaptureFixture
) -> None:
    bot, vk = world.bot, world.vk
    if wrong == "secret":
        vk.secret = "guessed"
    else:
        vk.group_id = GROUP + 1
    post_id = await vk.publish("Forged")
    await vk.publish("Forged again")
    assert [d.body for d in vk.deliveries] == ["ok", "ok"]  # VK must not keep retrying
    await bot.settle()
    assert await seen_keys(bot) == [] and await rows(bot, VkEventRow) == 0
    assert prompts(bot) == []
    assert len([r for r in caplog.records if "ignored" in r.getMessage()]) == 1
    # Nothing was stored: the real event, when it comes, is new.
    vk.secret, vk.group_id = SECRET, GROUP
    event = vk.deliveries[0].event | {"group_id": GROUP}
    event["object"] = event["object"] | {"owner_id": -GROUP}
    await vk.push(event)
    assert await seen_keys(bot) == [f"-{GROUP}_{post_id}"]


async def test_the_backfill_stores_the_wall_s_posts_but_the_pinned_and_offers_the_new(
    world: VkWorld,
) -> None:
    bot, vk, clock = world.bot, world.vk, world.bot.clock
    seen_by_callback = await vk.publish("Seen by the callback")
    vk.callback_url = None  # the bot was down while these were published
    old = await vk.publish("Last week's news")
    clock.advance(timedelta(days=2))
    pinned = await vk.publish("About us", pinned=True)
    clock.advance(timedelta(days=2))
    new = await vk.publish("Missed while down")
    assert await world.connector.backfill() == 3  # the pinned one is not handed over
    await bot.settle()
    keys = await seen_keys(bot)
    assert keys == [f"-{GROUP}_{i}" for i in (seen_by_callback, new, old)]
    assert f"-{GROUP}_{pinned}" not in keys
    # The old ones are history (no prompt); the one missed while down is offered, once.
    offered = sorted(shown(p.args).split("\n")[1] for p in prompts(bot))  # posted at once
    assert offered == ["Missed while down", "Seen by the callback"]
    [call] = vk.calls_to("wall.get")
    assert call.params["owner_id"] == str(-GROUP) and call.params["v"]


async def test_the_backfill_runs_on_the_leader_at_start_and_every_hour(world: VkWorld) -> None:
    bot, vk, clock = world.bot, world.vk, world.bot.clock
    async with leading(bot):
        await wait_until(lambda: clock.next_wake() is not None)  # the first backfill is done
        assert len(vk.calls_to("wall.get")) == 1
        vk.callback_url = None
        post_id = await vk.publish("Seen by the next backfill")
        clock.advance(timedelta(minutes=59))
        await asyncio.sleep(0.05)
        assert len(vk.calls_to("wall.get")) == 1
        clock.advance(timedelta(minutes=1))
        assert await until_seen(bot, 1) == [f"-{GROUP}_{post_id}"]
        assert len(vk.calls_to("wall.get")) == 2
        # An event's id is kept against VK's retries for two days, then forgotten.
        vk.callback_url = world.callback_url
        await vk.publish("By the callback")
        assert await rows(bot, VkEventRow) == 1
        await wait_until(lambda: clock.next_wake() is not None)  # the loop waits for its hour
        clock.advance(timedelta(days=2, hours=1))
        await wait_until_async(lambda: rows(bot, VkEventRow), lambda count: count == 0)


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
    bot, vk = world.bot, world.vk
    assert world.connector.routes() == []  # no Callback API configured
    async with leading(bot):
        await wait_until(lambda: len(vk.calls_to("a_check")) == 1)
        first = await vk.publish("By long poll")
        await until_seen(bot, 1)
        vk.expire_key()  # failed: 2 → a new key, the same ts: nothing lost
        second = await vk.publish("After the key expired")
        await until_seen(bot, 2)
        vk.fail_next("a_check", status=502)  # the server hiccups: asked again after a pause
        vk.expire_key()  # answers the waiting check at once; the next one meets the 502
        await wait_until(lambda: pausing(bot.clock))
        third = await vk.publish("During the pause")
        bot.clock.advance(timedelta(seconds=1))
        keys = await until_seen(bot, 3)
        assert keys == [f"-{GROUP}_{i}" for i in (first, second, third)]
        assert len(vk.calls_to("groups.getLongPollServer")) == 3  # at start, two expiries
    assert await rows(bot, VkEventRow) == 3


async def test_a_refused_token_stops_the_long_poll_and_the_backfill_with_a_line_each(
    long_poll_world: VkWorld, caplog: pytest.LogCaptureFixture
) -> None:
    """VK's error 5 (the token revoked): no retry will mend it."""
    world = long_poll_world
    bot, vk, clock = world.bot, world.vk, world.bot.clock
    vk.token = "revoked"
    with caplog.at_level(logging.INFO, logger="bot.networks.vk"):
        async with leading(bot):
            await wait_until(lambda: len(vk.calls) == 2)  # the long poll's server, wall.get
            clock.advance(timedelta(hours=3))
            await asyncio.sleep(0.05)
            calls = len(vk.calls)
    said = [(r.levelname, r.getMessage(), r.exc_info) for r in caplog.records]
    assert calls == 2
    assert [(level, exc_info) for level, _, exc_info in said] == [("ERROR", None)] * 2
    assert all("VK refuses VK_TOKEN" in message for _, message, _ in said)


async def test_a_long_poll_outage_is_logged_once_and_its_end_too(
    long_poll_world: VkWorld, caplog: pytest.LogCaptureFixture
) -> None:
    world = long_poll_world
    bot, vk, clock = world.bot, world.vk, world.bot.clock
    vk.fail_next("a_check", status=502, times=5)  # VK's long poll server is down a while
    with caplog.at_level(logging.INFO, logger="bot.networks.vk"):
        async with leading(bot):
            for failed in range(1, 6):
                await wait_until(lambda: len(vk.calls_to("a_check")) == failed)  # noqa: B023
                await wait_until(lambda: pausing(clock))
                clock.advance(timedelta(minutes=1))
            await wait_until(lambda: len(vk.calls_to("a_check")) == 6)
            post = await vk.publish("After the outage")
            await until_seen(bot, 1)
            await wait_until(lambda: len(caplog.records) == 2)  # the check that brought it ends
    said = [r.getMessage() for r in caplog.records]
    assert said == ["VK long poll failed; retrying, less often", "VK long poll works again"]
    assert await seen_keys(bot) == [f"-{GROUP}_{post}"]


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
    with pytest.raises(VkError) as refused_:
        await wrong.person("anna.smm")
    assert refused_.value.code == 5
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


# ---------------------------------------------------------------- profiles and verified likes
ANNA_VK, MANAGER_VK, BORIS_VK = 1001, 1003, 1002


def staff(bot: Bot) -> Bot:
    """Anna (marketing), Boris (sales) and the manager (the SMM channel), all available."""
    bot.slack.users = [
        {"id": ANNA, "name": "anna", "tz": "Europe/Moscow", "profile": {"display_name": "Anna"}},
        {"id": BORIS, "name": "boris", "tz": "Europe/Moscow", "profile": {}},
        {"id": MANAGER, "name": "manager", "tz": "Europe/Moscow", "profile": {}},
        {"id": BOT_USER_ID, "name": "smm-pulse", "is_bot": True, "profile": {}},
    ]
    bot.slack.members = {
        MARKETING: [ANNA, BOT_USER_ID], SALES: [BORIS, BOT_USER_ID],
        DIGEST: [MANAGER, BOT_USER_ID],
    }  # fmt: skip
    return bot


def dm_updates(bot: Bot, user: str) -> list[str]:
    channel = dms(bot)[user].response["channel"]
    updates = bot.slack.calls_to("chat.update")
    return [shown(c.args) for c in updates if c.args["channel"] == channel]


async def linked(world: VkWorld, user: str, typed: str) -> str:
    return await read(world.bot, f"link {typed}", user=user)


async def test_likes_on_vk_verify_assignments_and_the_report_tells_seen_from_said(
    world: VkWorld,
) -> None:
    bot, vk = staff(world.bot), world.vk
    vk.screen_names["smm.manager"] = MANAGER_VK
    assert "Linked: https://vk.com/id1001." in await linked(world, ANNA, "https://vk.com/id1001")
    assert "https://vk.com/id1003" in await linked(world, MANAGER, "@smm.manager")
    post = await vk.publish("Launch day")
    url = f"https://vk.com/wall-{GROUP}_{post}"
    delivered = await created(bot, f"{url} 10m", 3)
    assert set(delivered) == {ANNA, BORIS, MANAGER}

    # Anna likes it on VK: her assignment is done and verified, her DM says so, no click.
    await vk.like(ANNA_VK, post)
    await bot.settle()
    [update] = dm_updates(bot, ANNA)
    assert "Seen on VK: liked in" in update and "Done" not in update.split("\n")[-1]
    progress = await bot.runtime.tasks.progress(1)
    assert progress is not None
    assert [a.user for a in progress.seen] == [ANNA] and progress.done[0].answered_at
    # VK sends the like again (no "ok" heard, say): nothing changes.
    like_event = vk.deliveries[-1].event
    await vk.push(like_event)
    await bot.settle()
    assert len(dm_updates(bot, ANNA)) == 1
    # A stranger's like changes nothing either.
    await vk.like(999, post)
    # Boris only clicks Done; the manager's like is missed by the callback (the bot was down).
    await click(bot, delivered[BORIS], ids.TASK_DONE, BORIS)
    vk.callback_url = None
    await vk.like(MANAGER_VK, post)
    vk.callback_url = world.callback_url
    status = await read(bot, "status 1")
    assert "1 seen on VK" in status
    # Anna takes her like back: flagged.
    await vk.unlike(ANNA_VK, post)
    await bot.settle()

    # At the deadline likes.getList confirms the manager, in time; the report tells them apart.
    task = progress.task
    await bot.skip_to(task.deadline)
    [check] = vk.calls_to("likes.getList")
    assert check.params | {"access_token": ""} == {
        "type": "post", "owner_id": str(-GROUP), "item_id": str(post), "count": "1000",
        "offset": "0", "access_token": "", "v": "5.199",
    }  # fmt: skip
    [manager_update] = dm_updates(bot, MANAGER)
    assert "Checked at the deadline: your like is on VK." in manager_update
    report = [
        shown(c.args) for c in bot.slack.calls_to("chat.update") if c.args["channel"] == MARKETING
    ][-1]
    assert "Done in time: 3 of 3" in report
    assert "Seen on VK: 2 of 3 done" in report
    assert f"Said done, not seen on VK: <@{BORIS}>" in report
    assert f"Took the like back: <@{ANNA}>" in report

    exports = Exports(unit_of_work_factory(bot.runtime.engine), bot.settings.zone, "en")
    exported = [row async for page in exports.tasks(None, None) for row in page]
    assert {r["person_id"]: r["verified"] for r in exported if r["outcome"] == "done"} == {
        ANNA: True, BORIS: False, MANAGER: True
    }  # fmt: skip

    stats = await read(bot, "stats")
    assert "VK: 2 likes seen there, 1 only said done" in stats
    assert f"No VK profile linked (their likes cannot be checked): <@{BORIS}>" in stats
    assert refused(bot.slack) == []


async def test_a_like_on_another_post_or_outside_a_task_changes_nothing(world: VkWorld) -> None:
    bot, vk = staff(world.bot), world.vk
    await linked(world, ANNA, "id1001")
    other = await vk.publish("Not the task's post")
    post = await vk.publish("The task's post")
    await created(bot, f"https://vk.com/wall-{GROUP}_{post}", 3)
    await vk.like(ANNA_VK, other)
    await bot.settle()
    progress = await bot.runtime.tasks.progress(1)
    assert progress is not None and progress.seen == [] and len(progress.waiting) == 3
    assert dm_updates(bot, ANNA) == []


async def test_a_task_on_another_wall_is_not_checked_on_vk(world: VkWorld) -> None:
    bot = staff(world.bot)
    await linked(world, ANNA, "id1001")
    delivered = await created(bot, "https://vk.com/wall-5_7", 3)
    await click(bot, delivered[ANNA], ids.TASK_DONE, ANNA)
    progress = await bot.runtime.tasks.progress(1)
    assert progress is not None and progress.task.vk_post is None
    await bot.skip_to(progress.task.deadline)
    assert world.vk.calls_to("likes.getList") == []
    report = [
        shown(c.args) for c in bot.slack.calls_to("chat.update") if c.args["channel"] == MARKETING
    ][-1]
    assert "VK" not in report.replace("· VK ·", "") and "Said done" not in report


async def test_link_shows_and_unlink_removes_the_profile(world: VkWorld) -> None:
    bot = world.bot
    assert (await read(bot, "link", user=ANNA)).startswith("No VK profile linked.")
    await linked(world, ANNA, "vk.com/id1001")
    assert (await read(bot, "link", user=ANNA)).startswith(
        "Your VK profile: https://vk.com/id1001."
    )
    assert "no longer linked" in await read(bot, "unlink", user=ANNA)
    assert await bot.runtime.vk.link_of(ANNA) is None  # type: ignore[union-attr]
    assert await read(bot, "unlink", user=ANNA) == "No VK profile was linked."


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("https://vk.com/", "`https://vk.com/` is not a VK profile"),
        ("id0", "`id0` is not a VK profile"),
        ("<script>", "`&lt;script&gt;` is not a VK profile"),
        ("nobody.here", "VK knows no person called `nobody.here`"),
        (f"club{GROUP}", f"VK knows no person called `club{GROUP}`"),  # a community
        ("id1002", f"already linked to <@{BORIS}>"),
    ],
)
async def test_a_bad_link_is_explained_and_stores_nothing(
    world: VkWorld, typed: str, problem: str
) -> None:
    await linked(world, BORIS, "id1002")
    answer = await linked(world, ANNA, typed)
    assert problem in answer
    assert await world.bot.runtime.vk.link_of(ANNA) is None  # type: ignore[union-attr]


async def test_a_profile_linked_already_names_its_holder_and_a_manager_unlinks_it(
    world: VkWorld,
) -> None:
    bot = world.bot
    await linked(world, BORIS, f"https://vk.com/id{ANNA_VK}")  # Boris took Anna's profile
    assert await linked(world, ANNA, f"https://vk.com/id{ANNA_VK}") == (
        f"That VK profile is already linked to <@{BORIS}>. If it is yours, ask an SMM manager "
        "to unlink it (`/smm-task unlink @person`), then link it again."
    )
    # Only a manager may unlink someone else: Anna is refused at once, and nothing changes.
    assert await slash(bot, f"unlink @{BORIS}", user=ANNA) == {
        "response_type": "ephemeral",
        "text": "Only the SMM managers can unlink someone else's VK profile; "
        "`/smm-task unlink` removes your own.",
    }
    assert await bot.runtime.vk.link_of(BORIS) == ANNA_VK  # type: ignore[union-attr]
    answer = await read(bot, f"unlink @{BORIS}", user=MANAGER)
    assert answer == (
        f"<@{BORIS}>'s VK profile (https://vk.com/id{ANNA_VK}) is no longer linked; "
        "they were told by DM."
    )
    assert await bot.runtime.vk.link_of(BORIS) is None  # type: ignore[union-attr]
    [told] = [c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == BORIS]
    assert told.args["text"] == (
        f"<@{MANAGER}> removed the link to your VK profile https://vk.com/id{ANNA_VK}: your "
        "likes there no longer count by themselves. Link your own with "
        "`/smm-task link https://vk.com/id…`."
    )
    assert "Linked: https://vk.com/id1001." in await linked(world, ANNA, "id1001")
    assert await read(bot, f"unlink @{BORIS}", user=MANAGER) == (
        f"<@{BORIS}> has no VK profile linked."
    )
    assert refused(bot.slack) == []


async def test_a_manager_is_told_when_the_unlinked_person_s_dm_fails(world: VkWorld) -> None:
    bot = world.bot
    await linked(world, BORIS, "id1002")
    bot.slack.fail_next("chat.postMessage", error="channel_not_found")
    answer = await read(bot, f"unlink @{BORIS}", user=MANAGER)
    assert answer == (
        f"<@{BORIS}>'s VK profile (https://vk.com/id1002) is no longer linked, but the DM "
        "telling them did not go out: tell them yourself."
    )
    assert await bot.runtime.vk.link_of(BORIS) is None  # type: ignore[union-attr]


async def test_a_link_when_vk_does_not_answer_says_so(world: VkWorld) -> None:
    world.vk.fail_next("utils.resolveScreenName", status=502, times=3)
    assert await slash(world.bot, "link anna.smm", user=ANNA) == {}
    await world.bot.settle()  # the retries' pauses pass on the clock
    [answer] = world.bot.slack.calls_to("response_url")
    assert answer.args["text"] == "VK did not answer just now. Try again in a minute."
    assert len(world.vk.calls_to("utils.resolveScreenName")) == 3


async def test_link_in_russian(clean_db: str, slack: FakeSlack, clock: StagedClock) -> None:
    async with vk_world(clean_db, slack, clock, BOT_LANGUAGE="ru") as world:
        world.vk.screen_names["anna.smm"] = ANNA_VK
        assert "Привязан профиль https://vk.com/id1001" in await linked(world, ANNA, "anna.smm")
        answer = await read(world.bot, "привязать ???", user=ANNA)
        assert answer.startswith("`???` — не профиль ВКонтакте")


async def test_without_vk_link_says_vk_is_not_connected(bot: Bot) -> None:
    answer = await slash(bot, "link id1001", user=ANNA)
    assert answer == {
        "response_type": "ephemeral",
        "text": "VK is not connected to the bot, so there is no profile to link.",
    }


async def test_the_home_tab_links_a_profile_in_a_modal(world: VkWorld) -> None:
    bot, vk = staff(world.bot), world.vk
    vk.screen_names["anna.smm"] = ANNA_VK
    home = await open_home(bot, ANNA)
    assert "Your VK profile\nNot linked" in texts(home)
    [button] = [
        b["elements"][0] for b in home["blocks"]
        if b["type"] == "actions" and b["elements"][0]["action_id"] == ids.VK_LINK
    ]  # fmt: skip
    click_ = {
        "type": "block_actions", "user": {"id": ANNA}, "api_app_id": "A0FAKE",
        "team": {"id": "T0FAKE"}, "trigger_id": f"1.{ANNA}", "container": {"type": "view"},
        "view": {**home, "id": "VHOME"},
        "actions": [{"action_id": ids.VK_LINK, "value": button["value"], "type": "button"}],
    }  # fmt: skip
    assert (await bot.sender.post_interaction(click_))[0] == 200
    await bot.settle()
    [opened] = bot.slack.calls_to("views.open")
    assert opened.response and opened.response["ok"], opened.response
    view = opened.args["view"]
    values = filled(view)
    typed(values, ids.VK_PROFILE, "nobody.here")
    answer = await submit(bot, view, values, user=ANNA)
    assert answer == {
        "response_action": "errors",
        "errors": {ids.VK_PROFILE: "VK knows no person called `nobody.here`: check the link."},
    }
    # A profile someone else holds: the field's error (plain text) names them.
    await linked(world, BORIS, "id1002")
    typed(values, ids.VK_PROFILE, "id1002")
    answer = await submit(bot, view, values, user=ANNA)
    assert answer == {
        "response_action": "errors",
        "errors": {
            ids.VK_PROFILE: "That VK profile is already linked to @boris. If it is yours, ask an "
            "SMM manager to unlink it (`/smm-task unlink @person`), then link it again."
        },
    }
    typed(values, ids.VK_PROFILE, "https://vk.com/anna.smm")
    assert await submit(bot, view, values, user=ANNA) is None  # the modal closes
    assert await bot.runtime.vk.link_of(ANNA) == ANNA_VK  # type: ignore[union-attr]
    redrawn = bot.slack.calls_to("views.publish")[-1].args["view"]
    assert "Linked: https://vk.com/id1001." in texts(redrawn)
    # Emptied, it removes the link.
    typed(values, ids.VK_PROFILE, None)
    assert await submit(bot, view, values, user=ANNA) is None
    assert await bot.runtime.vk.link_of(ANNA) is None  # type: ignore[union-attr]
    assert refused(bot.slack) == []


async def test_a_vk_post_reaches_everyone_by_dm_within_seconds_measured(
    clean_db: str, slack: FakeSlack, clock: StagedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """AUTO_TASKS=vk: a post published on VK → the callback → the PostService → the task →
    the first DM, with nobody typing anything; 20 posts, each timed."""
    async with vk_world(clean_db, slack, clock, AUTO_TASKS="vk") as world:
        bot, vk = staff(world.bot), world.vk
        to_sink, to_dm = [], []
        for n in range(20):
            before = len(task_dms(bot))
            start = time.perf_counter()
            await vk.publish(f"Post {n}")  # returns on VK's "ok": the sink has stored it
            to_sink.append(time.perf_counter() - start)
            while len(task_dms(bot)) == before:
                await bot.slack.wait_for(
                    "chat.postMessage", count=len(bot.slack.calls_to("chat.postMessage")) + 1
                )
            to_dm.append(time.perf_counter() - start)
        await bot.settle()
        assert len(await tasks(bot)) == 20 and len(task_dms(bot)) == 60
        assert all(task.vk_post is not None for task in await tasks(bot))
    with capsys.disabled():
        for name, times in (("callback → sink", to_sink), ("callback → first DM", to_dm)):
            print(
                f"\n{name}: median {statistics.median(times) * 1000:.0f} ms, "
                f"worst {max(times) * 1000:.0f} ms of {len(times)}"
            )
    assert max(to_dm) < 5.0


async def test_vk_down_at_the_deadline_the_report_goes_out_with_what_was_seen(
    world: VkWorld, caplog: pytest.LogCaptureFixture
) -> None:
    bot, vk = staff(world.bot), world.vk
    await linked(world, ANNA, "id1001")
    post = await vk.publish("Launch day")
    delivered = await created(bot, f"https://vk.com/wall-{GROUP}_{post}", 3)
    await click(bot, delivered[ANNA], ids.TASK_DONE, ANNA)
    vk.fail_next("likes.getList", status=503, times=3)
    task = (await tasks(bot))[0]
    await bot.skip_to(task.deadline)  # the retries' pauses pass on the clock
    assert len(vk.calls_to("likes.getList")) == 3
    assert "likes not checked at the deadline" in caplog.text
    report = [
        shown(c.args) for c in bot.slack.calls_to("chat.update") if c.args["channel"] == MARKETING
    ][-1]
    assert "Done in time: 1 of 3" in report
    assert f"Said done, not seen on VK: <@{ANNA}>" in report


async def test_a_malformed_event_is_answered_ok_and_changes_nothing(world: VkWorld) -> None:
    vk = world.vk
    body = {"type": "like_add", "event_id": "e1", "group_id": GROUP, "secret": SECRET,
            "object": {"object_type": "post", "liker_id": "someone"}}  # fmt: skip
    assert await vk.deliver(body) == "ok"
    assert await rows(world.bot, VkEventRow) == 0


async def test_events_the_long_poll_lost_are_found_by_the_backfill(
    long_poll_world: VkWorld,
) -> None:
    """A slow check whose ts VK no longer keeps answers `failed: 1` with a new ts: the events
    between are lost to the long poll, as on VK, and the backfill brings the post in."""
    world = long_poll_world
    bot, vk = world.bot, world.vk
    async with leading(bot):
        await wait_until(lambda: len(vk.calls_to("a_check")) == 1)
        vk.fail_next("a_check", status=200, delay=0.3)  # the next check answers slowly
        first = await vk.publish("A")
        await until_seen(bot, 1)
        lost = await vk.publish("B")
        vk.forget_history()  # before the slow check is answered: its ts is gone
        await wait_until(lambda: len(vk.calls_to("a_check")) >= 3)  # asked again, new ts
        third = await vk.publish("C")
        assert await until_seen(bot, 2) == [f"-{GROUP}_{i}" for i in (first, third)]
        assert len(vk.calls_to("groups.getLongPollServer")) == 1  # failed: 1 keeps the key
        await world.connector.backfill()
        assert await seen_keys(bot) == [f"-{GROUP}_{i}" for i in (first, third, lost)]
