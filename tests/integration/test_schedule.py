"""The schedule is level-triggered: what is due and unconfirmed is done inside its window,
whatever Slack or the process did at the minute it was due; a window that closes first is told
once. The scheduler really runs (in real time); "now" is the tests' staged clock."""

from __future__ import annotations

import asyncio
import logging
import signal
import time as monotonic
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from bot.db.engine import unit_of_work_factory
from bot.domain.calendar import Backoff
from bot.domain.model.common import Department, Outcome
from bot.domain.model.tasks import TaskState
from bot.i18n import format_date, t
from bot.scheduler import jobs
from bot.scheduler.jobs import Schedule
from bot.scheduler.timers import PREFIX
from bot.simulator.clock import StagedClock
from bot.simulator.web_api import FakeSlack
from bot.simulator.workspace import DIGEST, MARKETING, SALES, bot_channels
from tests.conftest import THURSDAY, ZONE, Bot
from tests.integration.test_cli import environment, free_port
from tests.integration.test_task_crash import start
from tests.integration.test_tasks import POST, created, team

__all__ = ["team"]  # the fixture, for the timer tests


@pytest.fixture
async def schedules() -> AsyncIterator[Callable[[Bot], Schedule]]:
    """Schedules of a bot, fast: a sweep every 0.5 s, retries from 0.2 s doubling up to 1 s;
    stopped after the test (the bot's background work, sweeps included, is drained then)."""
    made: list[Schedule] = []

    def make(bot: Bot) -> Schedule:
        made.append(Schedule(bot.runtime, every=0.5, retry=Backoff(0.2, 1.0)))
        return made[-1]

    yield make
    for schedule in made:
        schedule.step_down()


async def until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = monotonic.monotonic() + timeout
    while not condition():
        assert monotonic.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


def prompts(slack: FakeSlack) -> dict[str, int]:
    """Check-ins as Slack keeps them, per channel."""
    return {
        channel: sum(1 for m in slack.messages.get(channel, []) if "thread_ts" not in m)
        for channel in (MARKETING, SALES)
    }


def notices(slack: FakeSlack) -> list[str]:
    return [str(m["text"]) for m in slack.messages.get(DIGEST, [])]


def missed(job: str) -> float:
    return REGISTRY.get_sample_value("smm_posts_missed_total", {"job": job}) or 0.0


def at(hh_mm: str) -> datetime:
    hour, minute = map(int, hh_mm.split(":"))
    return datetime.combine(THURSDAY, time(hour, minute), ZONE)


@pytest.mark.parametrize("bot_env", [{"CHECKIN_TIME": "10:01"}], indirect=True)
async def test_slack_down_across_checkin_time_the_checkin_comes_once_after(
    bot: Bot, clock: StagedClock, schedules: Callable[[Bot], Schedule]
) -> None:
    checkin = at("10:01")
    clock.advance(checkin - clock() - timedelta(seconds=1))  # a second before CHECKIN_TIME
    bot.slack.flaky["chat.postMessage"] = (1.0, 500)  # Slack answers 500 to every post
    schedule = schedules(bot)
    schedule.start()
    await schedule.lead()

    await bot.slack.wait_for("chat.postMessage", timeout=3)
    assert timedelta(0) <= clock() - checkin < timedelta(seconds=0.5)  # on time, not before
    # Retried with backoff, each channel tried every time though the other failed.
    failed = await bot.slack.wait_for("chat.postMessage", count=6, timeout=5)
    assert [c.args["channel"] for c in failed[:6]] == [MARKETING, SALES] * 3
    assert prompts(bot.slack) == {MARKETING: 0, SALES: 0}

    del bot.slack.flaky["chat.postMessage"]  # Slack is back
    back = clock()
    await until(lambda: prompts(bot.slack) == {MARKETING: 1, SALES: 1}, 3, "the check-in")
    assert clock() - back < timedelta(seconds=1.5)  # within the longest retry gap (1 s)
    for _ in range(3):  # later sweeps, and a restarted process's, post nothing more
        await schedule.sweep()
    await schedules(bot).sweep()
    assert prompts(bot.slack) == {MARKETING: 1, SALES: 1}
    assert await bot.runtime.ledger.is_done("checkin", THURSDAY)


@pytest.mark.parametrize("bot_env", [{"CHECKIN_TIME": "09:50"}], indirect=True)
async def test_started_ten_minutes_after_checkin_time_it_asks_at_once_and_once(
    bot: Bot, clock: StagedClock, schedules: Callable[[Bot], Schedule]
) -> None:
    assert clock() - at("09:50") >= timedelta(minutes=10)
    schedule = schedules(bot)
    schedule.start()
    started = monotonic.monotonic()
    await schedule.lead()
    await until(lambda: prompts(bot.slack) == {MARKETING: 1, SALES: 1}, 3, "the check-in")
    assert monotonic.monotonic() - started < 1.0

    restarted = schedules(bot)
    await restarted.lead()
    await restarted.sweep()
    assert prompts(bot.slack) == {MARKETING: 1, SALES: 1}
    assert notices(bot.slack) == []


async def test_a_reply_made_while_no_process_ran_is_stored_when_one_starts_leading(
    bot: Bot, schedules: Callable[[Bot], Schedule]
) -> None:
    """The check-in is out; the bot is down past Slack's retries of a reply's event. The
    process that leads next reads today's threads back before the reminders: nobody who
    answered is nudged."""
    prompts = await bot.checkin()
    await bot.runtime.ledger.done("checkin", THURSDAY)
    bot.said(MARKETING, prompts[MARKETING], "2. Winter boots", user="U0ANNA0001")  # lost
    schedule = schedules(bot)
    await schedule.lead()
    await schedule.sweep()  # after the one leading started (the lock orders them)
    async with unit_of_work_factory(bot.runtime.engine)() as uow:
        answers = await uow.replies.digest(THURSDAY)
    assert answers.authors()[Department.MARKETING] == ["U0ANNA0001"]
    nudged = [m["thread_ts"] for c in (MARKETING, SALES) for m in bot.slack.messages[c][1:]
              if "bot_id" in m]  # fmt: skip
    assert nudged == [prompts[SALES]]


@pytest.mark.parametrize("bot_env", [{"CHECKIN_TIME": "08:30"}], indirect=True)
async def test_started_after_the_window_closed_one_notice_and_one_count(
    bot: Bot, caplog: pytest.LogCaptureFixture, schedules: Callable[[Bot], Schedule]
) -> None:
    before = missed("checkin")
    notice = t("en", "missed.checkin", date=format_date("en", THURSDAY))
    with caplog.at_level(logging.ERROR, logger="bot.scheduler.jobs"):
        for _ in range(2):  # the process, then the same after a restart
            schedule = schedules(bot)
            await schedule.lead()
            await until(lambda: notices(bot.slack) == [notice], 3, "the notice")
            await schedule.sweep()
    assert prompts(bot.slack) == {MARKETING: 0, SALES: 0}  # 10:00 is past its reminder time
    assert notices(bot.slack) == [notice]
    assert missed("checkin") - before == 1
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("missed:")]
    assert (
        line == "missed: checkin for 2026-11-26 was not confirmed when its window closed at 09:30"
    )


@pytest.mark.parametrize(
    "bot_env", [{"CHECKIN_TIME": "09:00", "REMINDER_TIME": "10:01"}], indirect=True
)
async def test_slack_down_until_the_window_closes_the_notice_follows_once(
    bot: Bot, clock: StagedClock, schedules: Callable[[Bot], Schedule]
) -> None:
    clock.advance(at("10:01") - clock() - timedelta(seconds=1))
    bot.slack.flaky["chat.postMessage"] = (1.0, 500)
    before = missed("checkin")
    schedule = schedules(bot)
    schedule.start()
    await schedule.lead()
    await until(lambda: missed("checkin") - before == 1, 4, "the miss")
    assert clock() >= at("10:01")

    def told() -> list[object]:
        return [c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == DIGEST]

    await until(lambda: len(told()) >= 2, 3, "the notice tried while Slack is down")
    del bot.slack.flaky["chat.postMessage"]
    await until(lambda: len(notices(bot.slack)) == 1, 3, "the notice")
    await schedule.sweep()
    assert prompts(bot.slack) == {MARKETING: 0, SALES: 0}  # too late for the check-in
    assert len(notices(bot.slack)) == 1 and missed("checkin") - before == 1


async def test_marketing_failing_does_not_stop_sales(bot: Bot) -> None:
    bot.slack.fail_next("chat.postMessage", status=500)  # the first post: Marketing's
    results = await jobs.checkin(bot.runtime, THURSDAY, False)
    assert [(r.channel, r.outcome) for r in results] == [
        (MARKETING, Outcome.FAILED),
        (SALES, Outcome.POSTED),
    ]
    assert jobs.describe(bot.runtime, "checkin", THURSDAY, results)[0] == (
        f"Check-in for Marketing ({MARKETING}) could not be posted (see the log); "
        "running the job again retries it."
    )
    assert prompts(bot.slack) == {MARKETING: 0, SALES: 1}
    results = await jobs.checkin(bot.runtime, THURSDAY, False)  # the next run: Marketing's
    assert [r.outcome for r in results] == [Outcome.POSTED, Outcome.EXISTS]
    assert prompts(bot.slack) == {MARKETING: 1, SALES: 1}


def timers(team: Bot) -> list[str]:
    return [job.id for job in team.runtime.scheduler.get_jobs() if job.id.startswith(PREFIX)]


async def finished(team: Bot) -> bool:
    progress = await team.runtime.tasks.progress(1)
    return progress is not None and progress.task.state is TaskState.FINISHED


async def test_task_timers_live_in_the_scheduler_and_stop_with_leadership(
    team: Bot, clock: StagedClock
) -> None:
    schedule = Schedule(team.runtime)
    await created(team, f"{POST} 10s", 3)
    assert sorted(timers(team)) == [f"{PREFIX}task 1 deadline", f"{PREFIX}task 1 reminder"]

    schedule.step_down()  # deposed: no timer left, and none fires
    assert timers(team) == []
    clock.advance(timedelta(seconds=11))  # the deadline has passed
    await team.runtime.task_deadlines.arm_timers()  # armed again, due now, in a paused scheduler
    assert timers(team) == [f"{PREFIX}task 1 deadline"]
    await asyncio.sleep(0.3)
    assert not await finished(team)

    await schedule.lead()  # elected: the deadline fires at once, through the scheduler
    for _ in range(60):
        if await finished(team):
            break
        await asyncio.sleep(0.05)
    assert await finished(team)
    await until(lambda: timers(team) == [], 3, "no timer left")
    schedule.step_down()


async def test_a_process_restarted_after_checkin_time_asks_at_once(
    clean_db: str, tmp_path: Path
) -> None:
    """`smm-bot run` as an operator starts it, ten minutes after CHECKIN_TIME (the real clock,
    in a zone where it is midday now)."""
    now = datetime.now(UTC)
    offset = 12 - now.hour  # hours ahead of UTC, so that it is 12:xx there
    zone = f"Etc/GMT{-offset:+d}" if offset else "UTC"  # Etc/GMT-3 is UTC+3
    local = now + timedelta(hours=offset)
    checkin = local - timedelta(minutes=10)
    async with FakeSlack(members=bot_channels()) as slack:
        port = free_port()
        env = environment(
            clean_db, slack, PORT=str(port), TIMEZONE=zone, WORKDAYS="mon-sun",
            CHECKIN_TIME=f"{checkin:%H:%M}", REMINDER_TIME=f"{local + timedelta(hours=1):%H:%M}",
        )  # fmt: skip
        process = await start(env, tmp_path, port)
        started = monotonic.monotonic()
        try:
            await until(lambda: prompts(slack) == {MARKETING: 1, SALES: 1}, 10, "the check-in")
            assert monotonic.monotonic() - started < 3.0
        finally:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 10)
        assert prompts(slack) == {MARKETING: 1, SALES: 1}
