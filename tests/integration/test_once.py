"""Every post happens once against a Slack that fails the way real networks do: answers lost
after the post is made, 5xx at random. Each post carries its key in its metadata, so the
messages Slack keeps are counted per key."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.engine import unit_of_work_factory
from bot.db.tables import ReplyRow, ThreatRow
from bot.domain.model.common import Department, Outcome, PostResult
from bot.domain.model.errors import OutcomeUnknown
from bot.domain.model.feedback import AskQuestion
from bot.domain.model.tasks import Audience, CreateTask, Network, TaskAction
from bot.domain.parsing.feedback_command import new_feedback
from bot.runtime import make_client
from bot.simulator.clock import StagedClock
from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SALES, bot_channels, make_settings
from bot.slack import ids
from bot.slack.notifier import POST, metadata
from tests.conftest import Bot, thread_of
from tests.integration.test_feedback import click, feedback, last_response, posts

ANNA, BORIS = "U0ANNA0001", "U0BORIS001"
SETTLED = {Outcome.POSTED, Outcome.EXISTS, Outcome.UPDATED, Outcome.NOTHING_TO_DO}
SETTLED |= {Outcome.NOT_WORKDAY}


@pytest.fixture
async def slack(clock: StagedClock) -> AsyncIterator[FakeSlack]:
    """30% of chat.postMessage answers lost after the post is made, 30% answered with a 500."""
    async with FakeSlack(
        members=bot_channels(), clock=clock, lost={"chat.postMessage": 0.3},
        flaky={"chat.postMessage": (0.3, 500)},
    ) as fake:  # fmt: skip
        fake.users = [
            {"id": ANNA, "name": "anna", "tz": "Europe/Moscow", "profile": {}},
            {"id": BORIS, "name": "boris", "tz": "Europe/Moscow", "profile": {}},
            {"id": MANAGER, "name": "manager", "tz": "Europe/Moscow", "profile": {}},
            {"id": BOT_USER_ID, "name": "smm-pulse", "is_bot": True, "profile": {}},
        ]
        fake.members = {
            MARKETING: [ANNA, BOT_USER_ID], SALES: [BORIS, BOT_USER_ID],
            DIGEST: [MANAGER, BOT_USER_ID],
        }  # fmt: skip
        yield fake


def keys(slack: FakeSlack) -> Counter[str]:
    """How often Slack has each of the bot's posts, by the key in its metadata."""
    return Counter(
        message["metadata"]["event_payload"]["key"]
        for messages in slack.messages.values()
        for message in messages
        if (message.get("metadata") or {}).get("event_type") == POST
    )


def prompts_in_slack(slack: FakeSlack, day: date, channel: str) -> list[str]:
    key = f"checkin:{day}:{channel}"
    return [
        m["ts"]
        for m in slack.messages.get(channel, [])
        if (m.get("metadata") or {}).get("event_payload", {}).get("key") == key
    ]


async def until_done(run: Callable[[], Awaitable[Sequence[PostResult] | PostResult]]) -> None:
    """What the scheduler's sweep does: run again until nothing is left to do (a post that
    surely failed has given its claim back and raised)."""
    for _ in range(60):
        try:
            results = await run()
        except Exception:
            continue
        if isinstance(results, PostResult):
            results = [results]
        if all(result.outcome in SETTLED for result in results):
            return
    raise AssertionError(f"{run} still not done")


async def test_ten_bad_days_post_everything_exactly_once(bot: Bot, clock: StagedClock) -> None:
    runtime, slack = bot.runtime, bot.slack
    replies: list[tuple[str, str]] = []
    expected: set[str] = set()
    task_keys: set[str] = set()

    item, _ = await runtime.feedback.create(
        new_feedback("complaint", "The parcel came late", None, [], urgent=True), MANAGER
    )
    question, _ = await runtime.feedback.ask(AskQuestion("Announce the model now?"), MANAGER)
    expected |= {f"feedback:{item.id}:{c}" for c in (MARKETING, SALES)}
    expected |= {f"question:{question.id}:{c}" for c in (MARKETING, SALES)}
    task = await runtime.tasks.create(
        CreateTask(
            "https://vk.com/wall-1_2", Network.VK, timedelta(minutes=10), TaskAction.LIKE,
            Audience(),
        ),
        MANAGER, DIGEST,
    )  # fmt: skip
    await bot.settle(60)  # the fan-out
    await runtime.task_deadlines.remind(task.task.id)
    task_keys |= {f"task:{task.task.id}:dm:{user}" for user in (ANNA, BORIS, MANAGER)}

    for n in range(10):
        day = runtime.calendar.today()
        if runtime.calendar.is_workday(day):
            await until_done(partial(runtime.checkin.ask, day))
            expected |= {f"checkin:{day}:{MARKETING}", f"checkin:{day}:{SALES}", f"digest:{day}"}
            # Marketing answers under every prompt Slack has; sales is silent, so it is nudged.
            for ts in prompts_in_slack(slack, day, MARKETING):
                text = f"1. a quiet night\n2. boots, day {n}"
                if n % 3 == 0:
                    text += f"\n5. customer {n} threatens a bad review"
                event = await bot.reply(MARKETING, ts, text, user=ANNA)
                replies.append((MARKETING, event["ts"]))
            await bot.settle(30)  # threat alerts go out at once, or fail
            await until_done(partial(runtime.checkin.remind, day))
            expected.add(f"reminder:{day}:{Department.SALES}")
            await until_done(partial(runtime.briefings.publish, day))
        if day.weekday() == 4:
            await until_done(partial(runtime.feedback.post_rollup, day))
            expected |= {f"rollup:{day}:{MARKETING}", f"rollup:{day}:{SALES}"}
        await until_done(lambda: _sweep(bot))
        clock.advance(timedelta(days=1))

    async with AsyncSession(runtime.engine) as session:
        threats = list(await session.scalars(select(ThreatRow.id)))
        stored = await session.scalar(select(func.count()).select_from(ReplyRow))
    expected |= {f"alert:{threat}" for threat in threats}
    assert len(threats) >= 3  # the urgent complaint and the answers to question 5

    counted = keys(slack)
    assert expected <= set(counted), expected - set(counted)
    doubled = {
        key: count
        for key, count in counted.items()
        if count > (2 if key.startswith("task:") else 1)
    }
    assert doubled == {}
    assert all(counted[key] >= 1 for key in task_keys)
    assert stored == len(replies)  # every reply under every prompt is in its round
    # The failures did happen: answers were lost, and 500s were answered.
    assert sum(c.lost for c in slack.calls) > 10
    assert sum(c.failed for c in slack.calls) > 10


async def _sweep(bot: Bot) -> list[PostResult]:
    """The sweep's share of feedback: copies and alerts that failed are posted again."""
    pending = [d for d in (await bot.runtime.feedback.retry_copies()).values() if d.pending]
    alerts = await bot.runtime.briefings.retry_alerts()
    outcomes = [Outcome.PENDING] * len(pending) + alerts
    return [PostResult(outcome, "") for outcome in outcomes]


async def test_the_sdk_does_not_resend_a_post_but_retries_a_read(
    clean_db: str, clock: StagedClock
) -> None:
    lost = {"chat.postMessage": 1.0, "conversations.history": 1.0}
    async with (
        FakeSlack(members=bot_channels(), clock=clock, lost=lost) as slack,
        aiohttp.ClientSession() as http,
    ):
        client = make_client(make_settings(clean_db, slack.base_url), http)
        with pytest.raises(aiohttp.ClientError):
            await client.chat_postMessage(channel=MARKETING, text="hello")
        assert len(slack.calls_to("chat.postMessage")) == 1
        assert len(slack.messages[MARKETING]) == 1  # it was posted: the answer was lost
        with pytest.raises(aiohttp.ClientError):
            await client.conversations_history(channel=MARKETING)
        # The SDK tries a read twice more (aiohttp may add one of its own on a reused
        # connection, as GET is idempotent).
        assert len(slack.calls_to("conversations.history")) >= 3


async def test_a_claim_left_by_a_crash_is_confirmed_from_slack_not_posted_again(
    bot: Bot, clock: StagedClock
) -> None:
    """A run claimed the prompt and died after Slack posted it (here: twice), before it could
    confirm it. The next run waits while the claim may still be alive, then finds the prompt
    by its key, records both copies and posts nothing; replies under either are collected."""
    bot.slack.lost.clear()
    bot.slack.flaky.clear()
    runtime, day = bot.runtime, bot.runtime.calendar.today()
    key = f"checkin:{day}:{MARKETING}"
    async with unit_of_work_factory(runtime.engine)() as uow:
        assert await uow.claims.claim(key, clock())
        await uow.commit()
    for _ in range(2):
        await runtime.client.chat_postMessage(
            channel=MARKETING, text="Check-in", metadata=metadata(key)
        )
    copies = prompts_in_slack(bot.slack, day, MARKETING)
    assert len(copies) == 2

    results = await runtime.checkin.ask(day)
    assert [r.outcome for r in results] == [Outcome.PENDING, Outcome.POSTED]  # not stale yet
    clock.advance(timedelta(seconds=61))
    before = len(bot.slack.calls_to("chat.postMessage"))
    results = await runtime.checkin.ask(day)
    assert [r.outcome for r in results] == [Outcome.EXISTS, Outcome.EXISTS]
    assert len(bot.slack.calls_to("chat.postMessage")) == before  # nothing posted again
    assert bot.slack.calls_to("conversations.history")[-1].args["include_all_metadata"]
    assert keys(bot.slack)[key] == 2

    for ts in copies:
        await bot.reply(MARKETING, ts, "2. boots", user=ANNA)
    async with unit_of_work_factory(runtime.engine)() as uow:
        answers = await uow.replies.digest(day)
    assert [entry.user for entry in answers.answers[2]] == [ANNA, ANNA]


async def test_replies_to_a_checkin_not_yet_confirmed_are_stored_once_it_is(
    bot: Bot, clock: StagedClock
) -> None:
    """The check-in's answer is lost and Slack cannot say whether it is out: people see it and
    answer at once (acked, no redelivery will come). The run that confirms it reads them back."""
    bot.slack.lost = {"chat.postMessage": 1.0}
    bot.slack.flaky = {"conversations.history": (1.0, 500)}
    runtime, day = bot.runtime, bot.runtime.calendar.today()
    results = await runtime.checkin.ask(day)
    assert [r.outcome for r in results] == [Outcome.FAILED, Outcome.FAILED]
    bot.slack.lost.clear()
    [prompt] = prompts_in_slack(bot.slack, day, MARKETING)
    assert (await bot.send(bot.said(MARKETING, prompt, "2. Winter boots", user=ANNA)))[0] == 200
    async with unit_of_work_factory(runtime.engine)() as uow:
        assert (await uow.replies.digest(day)).is_empty  # no check-in known to answer yet

    bot.slack.flaky.clear()
    clock.advance(timedelta(seconds=61))  # the claims are stale: the sweep looks them up
    results = await runtime.checkin.ask(day)
    assert [r.outcome for r in results] == [Outcome.EXISTS, Outcome.EXISTS]
    await runtime.checkin.ask(day)
    async with unit_of_work_factory(runtime.engine)() as uow:
        answers = await uow.replies.digest(day)
    assert [(entry.user, entry.text) for entry in answers.answers[2]] == [(ANNA, "Winter boots")]


async def test_the_author_is_told_which_copies_are_out_and_the_rest_follow(bot: Bot) -> None:
    """Sales' channel refuses for a while: marketing's copy is recorded the moment it is out
    (its buttons work), the author hears the truth, and the sweep posts sales' copy later."""
    bot.slack.lost.clear()
    bot.slack.flaky.clear()
    normal = bot.slack._chat_post_message

    def sales_down(args: dict[str, Any]) -> dict[str, Any]:
        if args.get("channel") == SALES:
            return {"ok": False, "error": "service_unavailable"}
        return normal(args)

    bot.slack.set_handler("chat.postMessage", sales_down)
    await feedback(bot, "complaint The parcel came late")
    assert last_response(bot) == (
        "Feedback #1 sent to Marketing. Not yet to Sales: Slack is not answering, I'll keep trying."
    )
    assert len(posts(bot, SALES)) == 3  # tried at once, three times
    [marketing] = [c for c in posts(bot, MARKETING) if c.response["ok"]]
    await click(bot, marketing, ids.FEEDBACK_TAKE, "1", ANNA)
    assert any(c.args["ts"] == marketing.response["ts"] for c in bot.slack.calls_to("chat.update"))

    bot.slack.set_handler("chat.postMessage", normal)
    retried = await bot.runtime.feedback.retry_copies()
    assert [(name, d.sent, d.pending) for name, d in retried.items()] == [
        ("feedback:1", (Department.MARKETING, Department.SALES), ())
    ]
    assert await bot.runtime.feedback.retry_copies() == {}  # idempotent: all is out
    assert keys(bot.slack) == Counter({f"feedback:1:{MARKETING}": 1, f"feedback:1:{SALES}": 1})
    [sales] = [m for m in bot.slack.messages[SALES] if "metadata" in m]
    assert f"Taken by <@{ANNA}>" in str(sales["blocks"])  # the new copy shows who took it
    assert thread_of(bot.slack, SALES, sales["ts"]) == [sales]


async def test_a_post_whose_fate_slack_cannot_tell_is_not_posted_again(
    bot: Bot, clock: StagedClock
) -> None:
    """The briefing's answer is lost and the look-up fails too: the claim stays, so no run
    posts it again blindly; once Slack answers, the claim (stale by then) is confirmed."""
    bot.slack.lost = {"chat.postMessage": 1.0}
    bot.slack.flaky = {"conversations.history": (1.0, 500)}
    day = bot.runtime.calendar.today()
    with pytest.raises(OutcomeUnknown):
        await bot.runtime.briefings.publish(day)
    assert (await bot.runtime.briefings.publish(day)).outcome is Outcome.PENDING
    assert keys(bot.slack) == Counter({f"digest:{day}": 1})
    clock.advance(timedelta(seconds=30))
    assert (await bot.runtime.briefings.publish(day)).outcome is Outcome.PENDING  # may be alive

    bot.slack.flaky = {}
    clock.advance(timedelta(seconds=31))
    assert (await bot.runtime.briefings.publish(day)).outcome is Outcome.EXISTS
    assert (await bot.runtime.briefings.publish(day)).outcome is Outcome.UPDATED
    assert keys(bot.slack) == Counter({f"digest:{day}": 1})
    assert len(bot.slack.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize("error", ["internal_error", "fatal_error"])
async def test_a_post_slacks_own_error_may_have_made_is_looked_up_not_posted_again(
    bot: Bot, error: str
) -> None:
    """Slack answers its own trouble as it answers a refusal (HTTP 200, ok: false), and says
    the call may have succeeded in part: here the check-in was posted."""
    bot.slack.lost, bot.slack.flaky = {}, {}  # Slack fails only as this test says
    bot.slack.fail_next("chat.postMessage", error=error, done=True)
    day = bot.runtime.calendar.today()
    await bot.runtime.checkin.ask(day)
    results = await bot.runtime.checkin.ask(day)  # the sweep's next run
    assert {result.outcome for result in results} <= SETTLED
    assert keys(bot.slack) == Counter(f"checkin:{day}:{channel}" for channel in (MARKETING, SALES))
