"""Three `smm-bot run` replicas on one PostgreSQL: one leads the schedule, another takes over
when it is killed, and the check-in, the briefing and a task's report each happen once."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bot.config import to_async_url
from bot.db.engine import make_engine
from bot.db.tables import ReplyRow
from bot.leader import LOCK_KEY, Leadership
from bot.simulator.sender import SlackSender, event_callback
from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SALES, SIGNING_SECRET, bot_channels
from tests.conftest import shown
from tests.integration.test_cli import environment, free_port
from tests.integration.test_task_crash import create_task, start

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="replicas share a PostgreSQL server (SQLite is one process by design)",
)


LOCK = text("SELECT pg_try_advisory_lock(:key)")


def elected(logs: list[Path]) -> list[int]:
    return [i for i, log in enumerate(logs) if "leadership: elected" in log.read_text()]


async def until(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.2)


def quiet(slack: FakeSlack, for_seconds: float = 2.0) -> Callable[[], bool]:
    """True once Slack has had no call for `for_seconds`."""
    seen, since = len(slack.calls), time.monotonic()

    def check() -> bool:
        nonlocal seen, since
        if len(slack.calls) != seen:
            seen, since = len(slack.calls), time.monotonic()
        return time.monotonic() - since >= for_seconds

    return check


async def test_three_replicas_post_once_and_survive_their_leader(
    clean_db: str, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    # The check-in is due (the leader posts it once elected); the briefing at the next minute
    # at least 30 s away, and the task's 45 s end, after the leader is killed (at ~10 s) and
    # another is elected (within leader.TRY_EVERY).
    checkin = now.replace(second=0, microsecond=0)
    digest = (now + timedelta(seconds=90)).replace(second=0, microsecond=0)
    async with FakeSlack() as slack:
        slack.users = [{"id": u, "name": u, "tz": "UTC", "profile": {}} for u in ("U0A1", MANAGER)]
        # U0A1 answers in #marketing and is in the SMM channel.
        slack.members = bot_channels() | {
            MARKETING: ["U0A1", BOT_USER_ID],
            DIGEST: ["U0A1", BOT_USER_ID],
        }
        ports = [free_port() for _ in range(3)]
        logs = [tmp_path / f"replica{i}.log" for i in range(3)]
        processes = []
        for port, log in zip(ports, logs, strict=True):
            env = environment(
                clean_db, slack, PORT=str(port), TIMEZONE="UTC", WORKDAYS="mon-sun",
                CHECKIN_TIME=f"{checkin:%H:%M}", DIGEST_TIME=f"{digest:%H:%M}",
                REMINDER_TIME="23:59", WORK_HOURS="00:00-00:00",  # no reminder meanwhile
            )  # fmt: skip
            with log.open("w") as out:
                processes.append(await start(env, tmp_path, port, out))
        try:
            await until(lambda: len(elected(logs)) == 1, 20, "a leader")
            leader = elected(logs)[0]

            # A task created on the leader, due after the leader is gone.
            await create_task(ports[leader], slack, "https://vk.com/wall-1_9 45s")
            await slack.wait_for("response_url", timeout=20)

            def posted(channel: str, prefix: str) -> list[str]:
                return [
                    c.response["ts"] for c in slack.calls_to("chat.postMessage")
                    if c.args["channel"] == channel and shown(c.args).startswith(prefix)
                    and c.response and c.response.get("ok")
                ]  # fmt: skip

            await until(lambda: posted(MARKETING, "Daily check-in"), 120, "the check-in")
            await until(lambda: posted(SALES, "Daily check-in"), 10, "the sales check-in")
            thread = posted(MARKETING, "Daily check-in")[0]
            # Every replica gets a reply; one of them three times, as Slack retries.
            message = {
                "type": "message",
                "channel": MARKETING,
                "user": "U0A1",
                "text": "2. boots",
                "thread_ts": thread,
                "channel_type": "channel",
            }
            for n, port in enumerate(ports):
                async with SlackSender(
                    f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET
                ) as s:
                    event = event_callback({**message, "ts": f"1764199999.00000{n}"})
                    assert (await s.post_event(event))[0] == 200
                    if n == 0:
                        for other in ports[1:]:
                            async with SlackSender(
                                f"http://127.0.0.1:{other}/slack/events", SIGNING_SECRET
                            ) as again:
                                assert (await again.post_event(event, retry_num=1))[0] == 200

            processes[leader].send_signal(signal.SIGKILL)
            await processes[leader].wait()
            await until(lambda: len(elected(logs)) == 2, 40, "a new leader")

            await until(lambda: posted(DIGEST, "SMM briefing"), 120, "the briefing")
            progress = posted(DIGEST, "Quick task #1")[0]

            def reports() -> list[str]:
                return [
                    shown(c.args) for c in slack.calls_to("chat.update")
                    if c.args["ts"] == progress and "Report" in shown(c.args)
                ]  # fmt: skip

            await until(reports, 120, "the task's report")
            await until(quiet(slack), 30, "Slack quiet")  # any doubled post shows up first
            assert len(posted(MARKETING, "Daily check-in")) == 1
            assert len(posted(SALES, "Daily check-in")) == 1
            assert len(posted(DIGEST, "SMM briefing")) == 1
            assert len(reports()) == 1
            engine = make_engine(to_async_url(clean_db))
            async with engine.connect() as connection:
                stored = await connection.scalar(select(func.count()).select_from(ReplyRow))
            await engine.dispose()
            assert stored == 3
        finally:
            for process in processes:
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
                    await asyncio.wait_for(process.wait(), 15)


async def test_a_leader_whose_start_fails_frees_the_lock_for_another(database_url: str) -> None:
    """Its schedule did not start (the database hiccuped): it steps down, and the lock with it,
    though its pool keeps serving requests."""
    engine, other = make_engine(to_async_url(database_url)), make_engine(to_async_url(database_url))
    deposed = asyncio.Event()

    async def failing_start() -> None:
        raise RuntimeError("the schedule did not start")

    leader = Leadership(engine, failing_start, deposed.set, lambda error, what: None)
    running = asyncio.ensure_future(leader.run())
    try:
        await asyncio.wait_for(deposed.wait(), 30)
        async with other.connect() as connection:
            free = False
            for _ in range(50):  # its session is being closed
                free = bool(await connection.scalar(LOCK, {"key": LOCK_KEY}))
                if free:
                    break
                await asyncio.sleep(0.1)
            assert free, "the lock stayed with the replica that stepped down"
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await leader.stop()
        await engine.dispose()
        await other.dispose()
