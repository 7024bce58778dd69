"""New posts on the networks, as the connectors hand them to `runtime.posts.seen`: stored once
whoever sees them how often; an AUTO_TASKS network's post starts quick likes by itself, any
other's is offered in the digest channel (Start quick likes / Not this one, signed clicks)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.engine import SqlUnitOfWork
from bot.db.tables import SeenPostRow, TaskRow
from bot.domain.model.networks import Network, PostState, SeenPost
from bot.domain.model.tasks import BY_THE_BOT, Task, TaskAction
from bot.domain.parsing.links import url_key
from bot.simulator.web_api import BOT_USER_ID
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SALES
from bot.slack import ids
from tests.conftest import Bot, shown
from tests.payloads import button_click, slash_command

ANNA, BORIS = "U0ANNA0001", "U0BORIS001"
DEPUTY = "U0DEPUTY01"  # a second SMM manager
WINDOW = timedelta(minutes=10)
AUTO_VK = {"AUTO_TASKS": "vk"}
TWO_MANAGERS = {"SMM_MANAGERS": f"{MANAGER},{DEPUTY}"}


@pytest.fixture
def team(bot: Bot) -> Bot:
    """Anna in marketing, Boris in sales, the managers in the digest channel; all in Moscow,
    at work (the tests' clock starts at 10:00 there)."""
    people = [(ANNA, "anna"), (BORIS, "boris"), (MANAGER, "manager"), (DEPUTY, "deputy")]
    bot.slack.users = [
        *({"id": i, "name": n, "tz": "Europe/Moscow", "profile": {}} for i, n in people),
        {"id": BOT_USER_ID, "name": "smm-pulse", "is_bot": True, "profile": {}},
    ]
    bot.slack.members = {
        MARKETING: [ANNA, BOT_USER_ID],
        SALES: [BORIS, BOT_USER_ID],
        DIGEST: [MANAGER, DEPUTY, BOT_USER_ID],
    }
    return bot


def vk_post(number: int, published_at: datetime | None, title: str = "") -> SeenPost:
    return SeenPost(
        Network.VK, f"-123_{number}", f"https://vk.com/wall-123_{number}", published_at, title
    )


def prompts(bot: Bot) -> list[Any]:
    return [
        c for c in bot.slack.calls_to("chat.postMessage")
        if c.args["channel"] == DIGEST and c.response and c.response["ok"]
        and "post_start" in str(c.args.get("blocks"))
    ]  # fmt: skip


def task_dms(bot: Bot) -> list[Any]:
    return [
        c for c in bot.slack.calls_to("chat.postMessage")
        if c.args["channel"].startswith("U") and c.response and c.response["ok"]
    ]  # fmt: skip


async def rows(bot: Bot, table: Any) -> int:
    async with bot.runtime.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(table)) or 0)


async def tasks(bot: Bot) -> list[Task]:
    async with bot.runtime.engine.connect() as connection:
        ids_ = list(await connection.scalars(select(TaskRow.id).order_by(TaskRow.id)))
    found = [await bot.runtime.tasks.progress(task_id) for task_id in ids_]
    return [progress.task for progress in found if progress is not None]


async def press(bot: Bot, prompt: Any, action_id: str, user: str) -> None:
    """A signed click on the button of the prompt as it was posted."""
    [button] = [b for b in prompt.args["blocks"][-1]["elements"] if b["action_id"] == action_id]
    payload = button_click(
        user=user, channel=DIGEST, message_ts=prompt.response["ts"], action_id=action_id,
        value=button["value"], response_url=bot.slack.response_url(),
    )  # fmt: skip
    status, _ = await bot.sender.post_interaction(payload)
    assert status == 200


def answers(bot: Bot, since: int) -> list[str]:
    """The ephemeral answers sent after the first `since`."""
    return [str(c.args["text"]) for c in bot.slack.calls_to("response_url")[since:]]


async def click(bot: Bot, prompt: Any, action_id: str, user: str) -> str | None:
    """A click, its work done; the ephemeral answer the clicker got, if any."""
    before = len(bot.slack.calls_to("response_url"))
    await press(bot, prompt, action_id, user)
    await bot.settle()
    said = answers(bot, before)
    assert len(said) <= 1
    return said[0] if said else None


def prompt_now(bot: Bot, prompt: Any) -> str:
    """The prompt as it reads now in the channel, with its buttons' action ids."""
    [message] = [m for m in bot.slack.messages[DIGEST] if m["ts"] == prompt.response["ts"]]
    buttons = [
        element["action_id"] for block in message["blocks"] if block["type"] == "actions"
        for element in block["elements"]
    ]  # fmt: skip
    return "\n".join([shown(message), *buttons])


# ---------------------------------------------------------------- once
async def test_a_post_seen_twice_and_concurrently_is_offered_once(team: Bot) -> None:
    post = vk_post(1, team.clock(), "Our new store opens today")
    await asyncio.gather(*(team.runtime.posts.seen(post) for _ in range(5)))  # replicas, retries
    await team.settle()
    await team.runtime.posts.seen(post)  # the hourly backfill, later
    await team.settle()
    [prompt] = prompts(team)
    text = shown(prompt.args)
    assert text.startswith("New VK post\nOur new store opens today\n")
    assert "<https://vk.com/wall-123_1|Open the post (VK)>" in text
    buttons = [b["action_id"] for b in prompt.args["blocks"][-1]["elements"]]
    assert buttons == [ids.POST_START, ids.POST_DISMISS]
    assert await rows(team, SeenPostRow) == 1
    assert await tasks(team) == [] and task_dms(team) == []


def bridged(post: SeenPost) -> SeenPost:
    """The same post as an item of a feed bridging the wall: another network, another key."""
    return SeenPost(Network.FEED, f"https://bridge.example/vk/123#{post.key}", post.url,
                    post.published_at, post.title)  # fmt: skip


async def test_a_post_seen_another_way_too_is_offered_once(team: Bot) -> None:
    first, second = vk_post(2, team.clock(), "Sale"), vk_post(3, team.clock(), "Launch")
    await team.runtime.posts.seen(first)
    await team.settle()
    await team.runtime.posts.seen(bridged(first))  # the bridge's poll, minutes later
    await asyncio.gather(team.runtime.posts.seen(second), team.runtime.posts.seen(bridged(second)))
    await team.settle()
    assert sorted(shown(p.args).split("\n")[1] for p in prompts(team)) == ["Launch", "Sale"]
    async with team.runtime.engine.connect() as connection:
        states = list(await connection.scalars(select(SeenPostRow.state)))
    assert sorted(states) == ["past", "past", "prompted", "prompted"]  # both kept, for presence
    assert await tasks(team) == [] and task_dms(team) == []


@pytest.mark.parametrize("bot_env", [AUTO_VK], indirect=True)
async def test_a_post_seen_another_way_after_its_task_started_gets_that_task(team: Bot) -> None:
    post = vk_post(4, team.clock())
    await team.runtime.posts.seen(post)
    await team.settle()
    dms = len(task_dms(team))
    await team.runtime.posts.seen(bridged(post))
    await team.settle()
    assert len(await tasks(team)) == 1 and len(task_dms(team)) == dms and prompts(team) == []
    async with team.runtime.engine.connect() as connection:
        assert list(await connection.scalars(select(SeenPostRow.task_id))) == [1, 1]


@pytest.mark.parametrize("bot_env", [AUTO_VK], indirect=True)
async def test_an_auto_network_post_starts_one_task_and_dms_within_five_seconds(
    team: Bot,
) -> None:
    seen_at = team.clock()
    post = vk_post(2, seen_at)
    await asyncio.gather(*(team.runtime.posts.seen(post) for _ in range(3)))  # replicas, retries
    await team.settle()
    await team.runtime.posts.seen(post)
    await team.settle()
    [task] = await tasks(team)
    assert task.url == post.url and task.created_by == BY_THE_BOT
    delivered = task_dms(team)
    assert {c.args["channel"] for c in delivered} == {ANNA, BORIS, MANAGER, DEPUTY}
    first = min(float(c.response["ts"]) for c in delivered)  # Slack's ts: on the bot's clock
    assert first - seen_at.timestamp() < 5
    # Reported as a task from a DM is: its live progress in the digest channel.
    [progress] = [
        c for c in team.slack.calls_to("chat.postMessage")
        if c.args["channel"] == DIGEST and "Quick task #1" in shown(c.args)
    ]  # fmt: skip
    assert progress.response["ok"]
    assert prompts(team) == []  # nothing to decide


@pytest.mark.parametrize("bot_env", [AUTO_VK], indirect=True)
async def test_an_auto_post_nobody_can_take_now_is_offered_instead(team: Bot) -> None:
    for user in team.slack.users:
        user["tz"] = "America/New_York"  # 02:00 there: nobody is at work
    await team.runtime.posts.seen(vk_post(3, team.clock()))
    await team.settle()
    [prompt] = prompts(team)
    assert task_dms(team) == []
    assert "Start quick likes" in str(prompt.args["blocks"])


async def test_an_old_post_or_an_unusable_link_is_history_not_a_task(team: Bot) -> None:
    await team.runtime.posts.seen(vk_post(4, team.clock() - timedelta(days=3)))
    odd = SeenPost(Network.FEED, "x1", "https://blog.example/a|<b>", team.clock(), "Odd")
    await team.runtime.posts.seen(odd)
    await team.settle()
    assert prompts(team) == [] and await tasks(team) == []
    assert await rows(team, SeenPostRow) == 2  # they count for presence


# ---------------------------------------------------------------- the prompt's buttons
@pytest.mark.parametrize("bot_env", [TWO_MANAGERS], indirect=True)
async def test_start_quick_likes_is_for_managers_and_starts_the_task_once(team: Bot) -> None:
    await team.runtime.posts.seen(vk_post(5, team.clock(), "A new model"))
    await team.settle()
    [prompt] = prompts(team)

    refused = await click(team, prompt, ids.POST_START, ANNA)
    assert refused == "Only the SMM managers can start quick likes for a post."
    assert await tasks(team) == [] and ids.POST_START in prompt_now(team, prompt)

    started = await click(team, prompt, ids.POST_START, MANAGER)
    assert started is not None and started.startswith("Task #1 is on: 4 people asked")
    assert len(task_dms(team)) == 4
    assert "Quick likes started by <@U0MANAGER1>: task #1." in prompt_now(team, prompt)
    assert ids.POST_START not in prompt_now(team, prompt)

    again = await click(team, prompt, ids.POST_START, DEPUTY)
    assert again == "This post already has its quick likes: task #1."
    assert len(await tasks(team)) == 1 and len(task_dms(team)) == 4


@pytest.mark.parametrize("bot_env", [TWO_MANAGERS], indirect=True)
async def test_two_managers_clicking_at_once_start_one_task(team: Bot) -> None:
    await team.runtime.posts.seen(vk_post(6, team.clock()))
    await team.settle()
    [prompt] = prompts(team)
    await asyncio.gather(
        press(team, prompt, ids.POST_START, MANAGER), press(team, prompt, ids.POST_START, DEPUTY)
    )
    await team.settle()
    assert len(await tasks(team)) == 1
    assert len(task_dms(team)) == 4
    said = sorted(answers(team, 0))
    assert len(said) == 2 and said[0].startswith("Task #1 is on: 4 people asked")
    assert said[1] == "This post already has its quick likes: task #1."


@pytest.mark.parametrize("bot_env", [TWO_MANAGERS], indirect=True)
async def test_not_this_one_says_who_and_starts_nothing(team: Bot) -> None:
    await team.runtime.posts.seen(vk_post(7, team.clock()))
    await team.settle()
    [prompt] = prompts(team)
    assert await click(team, prompt, ids.POST_DISMISS, ANNA) == (
        "Only the SMM managers can start quick likes for a post."
    )
    assert await click(team, prompt, ids.POST_DISMISS, DEPUTY) is None  # the prompt says it
    assert "Not this one, said <@U0DEPUTY01>." in prompt_now(team, prompt)
    late = await click(team, prompt, ids.POST_START, MANAGER)
    assert late == "<@U0DEPUTY01> already said not this one."
    assert await tasks(team) == [] and task_dms(team) == []


# ---------------------------------------------------------------- the window
@pytest.mark.parametrize("bot_env", [AUTO_VK], indirect=True)
async def test_the_window_counts_from_the_publication_when_it_is_recent(team: Bot) -> None:
    published = team.clock() - timedelta(minutes=2)
    await team.runtime.posts.seen(vk_post(8, published))
    await team.settle()
    [task] = await tasks(team)
    assert task.deadline == published + WINDOW  # 8 of the 10 minutes left


@pytest.mark.parametrize("bot_env", [AUTO_VK], indirect=True)
async def test_a_post_seen_late_gets_a_whole_window_from_now(team: Bot) -> None:
    before = team.clock()
    await team.runtime.posts.seen(vk_post(9, before - timedelta(minutes=7)))  # 3 minutes left
    await team.settle()
    [task] = await tasks(team)
    assert before + WINDOW <= task.deadline <= team.clock() + WINDOW


# ---------------------------------------------------------------- /smm-task and seen posts
async def slash(bot: Bot, typed: str) -> None:
    form = slash_command(
        "/smm-task", typed, user=MANAGER, channel=MARKETING, response_url=bot.slack.response_url()
    )
    status, _ = await bot.sender.post_form(form)
    assert status == 200
    await bot.slack.wait_for("response_url")
    await bot.settle()


# The same post as the phone shares it, on VK's other domain, and opened from the group's wall.
@pytest.mark.parametrize(
    "url",
    [
        "https://m.vk.com/wall-123_10/",
        "https://vk.ru/wall-123_10",
        "https://vk.com/club123?w=wall-123_10",
    ],
)
async def test_smm_task_for_a_seen_post_takes_its_prompt(team: Bot, url: str) -> None:
    await team.runtime.posts.seen(vk_post(10, team.clock()))
    await team.settle()
    [prompt] = prompts(team)
    await slash(team, url)
    assert len(await tasks(team)) == 1
    assert "Quick likes started by <@U0MANAGER1>: task #1." in prompt_now(team, prompt)
    assert ids.POST_START not in prompt_now(team, prompt)
    late = await click(team, prompt, ids.POST_START, MANAGER)  # on a copy not updated yet
    assert late == "This post already has its quick likes: task #1."
    assert len(await tasks(team)) == 1


@pytest.mark.parametrize("bot_env", [AUTO_VK], indirect=True)
@pytest.mark.parametrize(
    "url", ["https://vk.com/wall-123_11", "https://vk.com/public123?w=wall-123_11"]
)
async def test_a_post_seen_after_its_smm_task_gets_no_second_task(team: Bot, url: str) -> None:
    await slash(team, url)
    dms = len(task_dms(team))
    await team.runtime.posts.seen(vk_post(11, team.clock()))
    await team.settle()
    assert len(await tasks(team)) == 1 and len(task_dms(team)) == dms
    assert prompts(team) == []
    async with team.runtime.engine.connect() as connection:
        assert await connection.scalar(select(SeenPostRow.task_id)) == 1


# Two replicas on PostgreSQL: a sighting and a /smm-task of one post, their transactions open
# at once. The test holds one open (as the other replica would) while the bot runs the other.
@contextlib.asynccontextmanager
async def other_replica(bot: Bot, post: SeenPost) -> AsyncIterator[SqlUnitOfWork]:
    """A unit of work holding the post's link, committed at the end of the block."""
    async with AsyncSession(bot.runtime.engine) as session:
        uow = SqlUnitOfWork(session)
        await uow.seen_posts.hold(url_key(post.url))
        yield uow
        await uow.commit()


async def overlapping(work: Awaitable[None]) -> asyncio.Task[None]:
    """`work` started while the other replica's transaction is open; without the link's lock
    it is done well within the half second (a few milliseconds), with it still waiting."""
    started = asyncio.ensure_future(work)
    await asyncio.wait({started}, timeout=0.5)
    return started


async def test_smm_task_while_another_replica_first_sees_the_post_links_it(team: Bot) -> None:
    post = vk_post(13, team.clock())
    async with other_replica(team, post) as sighting:
        await sighting.seen_posts.add(post, url_key(post.url), PostState.NEW, team.clock())
        command = await overlapping(slash(team, post.url))
    await command
    async with team.runtime.engine.connect() as connection:
        assert await connection.scalar(select(SeenPostRow.task_id)) == 1


async def test_a_post_seen_another_way_while_another_replica_stores_it_is_offered_once(
    team: Bot,
) -> None:
    post = vk_post(15, team.clock())
    async with other_replica(team, post) as sighting:
        await sighting.seen_posts.add(post, url_key(post.url), PostState.NEW, team.clock())
        second = await overlapping(team.runtime.posts.seen(bridged(post)))
    await second
    await team.settle()
    assert prompts(team) == []  # the other replica's sighting is the one offered
    async with team.runtime.engine.connect() as connection:
        assert sorted(await connection.scalars(select(SeenPostRow.state))) == ["new", "past"]


async def test_a_post_first_seen_while_another_replica_stores_its_task_gets_it(
    team: Bot,
) -> None:
    post, now = vk_post(14, team.clock()), team.clock()
    async with other_replica(team, post) as creating:
        task = await creating.tasks.add(
            Task(
                0,
                post.url,
                Network.VK,
                TaskAction.LIKE,
                MANAGER,
                MARKETING,
                None,
                now,
                now + WINDOW,
            )
        )
        sighting = await overlapping(team.runtime.posts.seen(post))
    await sighting
    await team.settle()
    assert prompts(team) == [] and len(await tasks(team)) == 1
    async with team.runtime.engine.connect() as connection:
        assert await connection.scalar(select(SeenPostRow.task_id)) == task.id


# ---------------------------------------------------------------- a prompt that failed
async def test_a_prompt_slack_refused_is_offered_again_by_the_sweep(team: Bot) -> None:
    team.slack.fail_next("chat.postMessage", error="internal_error")
    await team.runtime.posts.seen(vk_post(12, team.clock()))
    await team.settle()
    assert prompts(team) == []
    assert await team.runtime.posts.retry() == 0  # too soon: it may still be on its way
    await team.skip_to(team.clock() + timedelta(seconds=61))
    assert await team.runtime.posts.retry() == 1
    assert len(prompts(team)) == 1
    assert await team.runtime.posts.retry() == 0  # prompted: done
