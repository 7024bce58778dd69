"""One error path: a failing listener, job, timer or leadership check is reported once, by the
one reporter (bot.background): one log line with its traceback, one count in
`smm_background_errors_total`, no secret in the log."""

from __future__ import annotations

import asyncio
import logging
import signal
import sqlite3
import time
from pathlib import Path

import aiohttp
import pytest
from prometheus_client import REGISTRY

from bot.config import to_async_url
from bot.db import migrate
from bot.scheduler.jobs import Schedule
from bot.simulator.sender import event_callback, message_event
from bot.simulator.web_api import FakeSlack
from bot.simulator.workspace import BOT_TOKEN, MARKETING, SIGNING_SECRET
from tests.conftest import Bot
from tests.integration.test_cli import environment, free_port
from tests.integration.test_database_down import bot_without_db
from tests.integration.test_task_crash import start

__all__ = ["bot_without_db"]  # the fixture


def errors(work: str) -> float:
    return REGISTRY.get_sample_value("smm_background_errors_total", {"work": work}) or 0.0


def the_one_report(caplog: pytest.LogCaptureFixture) -> logging.LogRecord:
    """The only error logged: the reporter's, with its traceback and nothing secret."""
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.name == "bot.background"
    assert record.exc_info is not None
    said = logging.Formatter().format(record)
    for secret in (SIGNING_SECRET, BOT_TOKEN, "legacy-verification-token", "response_url"):
        assert secret not in said
    return record


async def until(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def test_a_failing_listener_is_reported_once(
    bot_without_db: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """A thread reply the database cannot store: Bolt's @app.error hands it to the reporter,
    and the 500 makes Slack deliver the event again."""
    bot = bot_without_db
    before = errors("listener")
    reply = message_event(MARKETING, "U0ALICE001", "42", ts="1764160000.000200",
                          thread_ts="1764160000.000100")  # fmt: skip
    with caplog.at_level(logging.WARNING):
        status, _ = await bot.sender.post_event(event_callback(reply))
        await bot.settle()
    assert status == 500
    record = the_one_report(caplog)
    assert record.getMessage() == "listener for the event from U0ALICE001 failed"
    assert errors("listener") == before + 1


@pytest.mark.parametrize(
    "bot_env",
    [{"CHECKIN_TIME": "09:30", "REMINDER_TIME": "11:00", "DIGEST_TIME": "09:59"}],
    indirect=True,
)
async def test_a_failing_job_is_reported_once(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    """The briefing, due, while Slack answers 500: the scheduler runs the sweep at once on
    election, the job fails, and the retry is 5 s away. (The check-in, due too, only warns:
    its failed posts are outcomes it retries, not errors.)"""
    bot.slack.flaky["chat.postMessage"] = (1.0, 500)
    before = errors("job digest")
    schedule = Schedule(bot.runtime)
    with caplog.at_level(logging.WARNING):
        schedule.start()
        await schedule.lead()
        await until(lambda: errors("job digest") > before, 5, "the failed briefing")
        schedule.step_down()
        await bot.settle()
    record = the_one_report(caplog)
    assert record.getMessage() == "job digest for 2026-11-26 failed"
    assert errors("job digest") == before + 1


async def test_a_failing_timer_is_reported_once(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    """A timer due now fires through the scheduler; its work fails."""

    async def deadline() -> None:
        raise RuntimeError("the deadline's work broke")

    before = errors("task deadline")
    with caplog.at_level(logging.WARNING):
        bot.runtime.timers.at(bot.runtime.calendar.now(), deadline, "task 7 deadline")
        await until(lambda: errors("task deadline") > before, 5, "the timer")
        await bot.settle()
    record = the_one_report(caplog)
    assert record.getMessage() == "task 7 deadline failed"
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)
    assert errors("task deadline") == before + 1


async def test_a_failing_leadership_check_on_sqlite_is_reported_once(
    slack: FakeSlack, tmp_path: Path
) -> None:
    """`smm-bot run` on SQLite leads at once; re-arming the open tasks fails (their table is
    gone). The failure is logged and counted when it happens, not lost at shutdown."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    await asyncio.to_thread(migrate.upgrade, to_async_url(url))
    with sqlite3.connect(tmp_path / "bot.db") as db:
        db.execute("ALTER TABLE tasks RENAME TO tasks_gone")
    port = free_port()
    log = tmp_path / "bot.log"
    with log.open("w") as out:
        process = await start(environment(url, slack, PORT=str(port)), tmp_path, port, out)
    try:
        async with aiohttp.ClientSession() as http:

            async def counted() -> str:
                async with http.get(f"http://127.0.0.1:{port}/metrics") as response:
                    return await response.text()

            deadline = time.monotonic() + 10
            while 'smm_background_errors_total{work="leadership"} 1.0' not in await counted():
                assert time.monotonic() < deadline, "the leadership failure was not counted"
                await asyncio.sleep(0.1)
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 10)
    lines = log.read_text().splitlines()
    [error] = [line for line in lines if " ERROR " in line]
    assert error.endswith("ERROR bot.background leadership failed")
    assert any("no such table: tasks" in line for line in lines)  # the traceback


async def test_a_channel_post_slack_refuses_is_logged_with_slacks_reason(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """What the operator is told to look up in the log says what to fix."""
    bot.slack.fail_next("chat.postMessage", error="not_in_channel")
    with caplog.at_level(logging.WARNING, logger="bot.domain.services.channels"):
        await bot.runtime.checkin.ask(bot.runtime.calendar.today())
    [line] = [r.getMessage() for r in caplog.records if r.name == "bot.domain.services.channels"]
    assert line.startswith(f"check-in in {MARKETING} failed (SlackApiError: "), line
    assert "'error': 'not_in_channel'" in line and "\n" not in line
