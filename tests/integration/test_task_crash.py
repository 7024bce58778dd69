"""A process killed in the middle of a task's setup or fan-out, and started again: the task
runs with its original deadline (or, that passed, its creator hears it did not start), and
everyone is DMed, nobody twice except the DMs that were in flight at the kill (the documented
bound)."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import IO

import aiohttp
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import to_async_url
from bot.db.engine import make_engine
from bot.db.tables import TaskRow
from bot.domain.services.task_delivery import FANOUT_CONCURRENCY
from bot.simulator.sender import SlackSender
from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from bot.simulator.workspace import DIGEST, MANAGER, SIGNING_SECRET, bot_channels
from tests.conftest import shown
from tests.integration.test_cli import SMM_BOT, environment, free_port
from tests.payloads import slash_command

PEOPLE = [f"U0CREW{n:04d}" for n in range(60)]


async def start(
    env: dict[str, str], cwd: Path, port: int, log: IO[str] | None = None
) -> asyncio.subprocess.Process:
    """`smm-bot run`, once its /healthz answers; its output goes to `log` if given."""
    output = log if log is not None else asyncio.subprocess.DEVNULL
    process = await asyncio.create_subprocess_exec(
        SMM_BOT, "run", env=env, cwd=cwd, stdout=output, stderr=output,
    )  # fmt: skip
    async with aiohttp.ClientSession() as http:
        deadline = time.monotonic() + 30
        while True:
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return process
            except aiohttp.ClientConnectionError:
                pass
            assert time.monotonic() < deadline, "the bot did not start"
            await asyncio.sleep(0.1)


async def create_task(port: int, slack: FakeSlack, text: str) -> str:
    """The manager's `/smm-task <text>`, sent to the process on `port`; its immediate answer."""
    form = slash_command(
        "/smm-task", text, user=MANAGER, channel=DIGEST,
        response_url=slack.response_url(),
    )  # fmt: skip
    async with SlackSender(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET) as sender:
        status, body = await sender.post_form(form)
    assert status == 200, body
    return body


def delivered(slack: FakeSlack) -> Counter[str]:
    return Counter(
        c.args["channel"] for c in slack.calls_to("chat.postMessage")
        if not c.failed and c.args["channel"] in PEOPLE
    )  # fmt: skip


async def test_a_fan_out_killed_midway_resumes_from_the_outbox(
    clean_db: str, tmp_path: Path
) -> None:
    async with FakeSlack(delay=0.05) as slack:
        slack.users = [{"id": u, "name": u, "tz": "UTC", "profile": {}} for u in [*PEOPLE, MANAGER]]
        slack.members = bot_channels() | {DIGEST: [*PEOPLE, BOT_USER_ID]}
        port = free_port()
        env = environment(
            clean_db, slack, PORT=str(port), TASK_DM_RATE="20", WORK_HOURS="00:00-00:00"
        )
        first = await start(env, tmp_path, port)
        try:
            answer = await create_task(port, slack, "https://vk.com/wall-1_1 1h")
            assert json.loads(answer)["text"] == "Setting up the task…"
            # The live progress message, then 15 DMs: kill it there.
            await slack.wait_for("chat.postMessage", count=16, timeout=20)
        finally:
            first.send_signal(signal.SIGKILL)
            await first.wait()
        at_kill = sum(delivered(slack).values())
        assert at_kill < len(PEOPLE), "the fan-out finished before the kill"

        second = await start(env, tmp_path, port)
        try:
            deadline = time.monotonic() + 30
            while set(delivered(slack)) != set(PEOPLE):
                assert time.monotonic() < deadline, f"only {len(delivered(slack))} DMed"
                await asyncio.sleep(0.1)
        finally:
            second.send_signal(signal.SIGTERM)
            await asyncio.wait_for(second.wait(), 10)
        counts = delivered(slack)
        twice = [user for user, n in counts.items() if n > 1]
        assert max(counts.values()) <= 2
        assert len(twice) <= FANOUT_CONCURRENCY


async def tasks_in(database_url: str) -> list[dict[str, object]]:
    engine = make_engine(to_async_url(database_url))
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT id, status, created_at, deadline FROM tasks ORDER BY id")
            )
            return [dict(row._mapping) for row in rows]
    finally:
        await engine.dispose()


async def killed_while_setting_up(
    database_url: str, slack: FakeSlack, env: dict[str, str], cwd: Path, port: int
) -> None:
    """`/smm-task` answered "Setting up the task…", then kill -9 while Slack is still being
    asked who is in the audience (each conversations.members takes 2 s)."""
    slack.latency["conversations.members"] = 2.0
    first = await start(env, cwd, port)
    try:
        answer = await create_task(port, slack, "https://vk.com/wall-1_1 1h")
        assert json.loads(answer)["text"] == "Setting up the task…"
        await slack.wait_for("conversations.members", timeout=10)
    finally:
        first.send_signal(signal.SIGKILL)
        await first.wait()
    del slack.latency["conversations.members"]
    assert not delivered(slack), "the setup finished before the kill"
    [task] = await tasks_in(database_url)  # the command was stored before the slow part
    assert task["status"] == "setup"


def told_manager(slack: FakeSlack) -> list[str]:
    return [
        shown(c.args) for c in slack.calls_to("chat.postMessage")
        if c.args["channel"] == MANAGER and not c.failed
    ]  # fmt: skip


def crew_workspace() -> FakeSlack:
    slack = FakeSlack()
    slack.users = [{"id": u, "name": u, "tz": "UTC", "profile": {}} for u in [*PEOPLE, MANAGER]]
    slack.members = bot_channels() | {DIGEST: [*PEOPLE, BOT_USER_ID]}
    return slack


async def test_a_setup_killed_midway_is_finished_after_the_restart_with_its_deadline(
    clean_db: str, tmp_path: Path
) -> None:
    async with crew_workspace() as slack:
        port = free_port()
        env = environment(clean_db, slack, PORT=str(port), WORK_HOURS="00:00-00:00")
        await killed_while_setting_up(clean_db, slack, env, tmp_path, port)
        [stored] = await tasks_in(clean_db)

        second = await start(env, tmp_path, port)
        try:
            deadline = time.monotonic() + 30
            while set(delivered(slack)) != set(PEOPLE) or not told_manager(slack):
                assert time.monotonic() < deadline, f"only {len(delivered(slack))} DMed"
                await asyncio.sleep(0.1)
        finally:
            second.send_signal(signal.SIGTERM)
            await asyncio.wait_for(second.wait(), 10)
        [task] = await tasks_in(clean_db)
        assert task["status"] == "open"
        assert task["created_at"] == stored["created_at"]
        assert task["deadline"] == stored["deadline"]  # the hour runs from the command
        assert max(delivered(slack).values()) == 1
        [notice] = told_manager(slack)
        assert notice.startswith("Task #1 (")
        assert "is on after all" in notice and f"{len(PEOPLE)} people asked" in notice


async def test_a_setup_killed_and_restarted_after_its_deadline_tells_the_creator(
    clean_db: str, tmp_path: Path
) -> None:
    async with crew_workspace() as slack:
        port = free_port()
        env = environment(clean_db, slack, PORT=str(port), WORK_HOURS="00:00-00:00")
        await killed_while_setting_up(clean_db, slack, env, tmp_path, port)
        # Down for two hours: the task's hour is over (its stored times, moved back).
        engine = make_engine(to_async_url(clean_db))
        async with AsyncSession(engine) as session:
            for row in await session.scalars(select(TaskRow)):
                row.created_at -= timedelta(hours=2)
                row.deadline -= timedelta(hours=2)
            await session.commit()
        await engine.dispose()

        second = await start(env, tmp_path, port)
        try:
            deadline = time.monotonic() + 30
            while not told_manager(slack):
                assert time.monotonic() < deadline, "the creator was not told"
                await asyncio.sleep(0.1)
        finally:
            second.send_signal(signal.SIGTERM)
            await asyncio.wait_for(second.wait(), 10)
        [task] = await tasks_in(clean_db)
        assert task["status"] == "expired"
        assert not delivered(slack), "nobody is asked after the deadline"
        [notice] = told_manager(slack)
        assert "did not start" in notice and "has passed" in notice
