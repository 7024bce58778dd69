"""The operator's contract: `smm-bot` as a real process, against the fake Slack."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from pathlib import Path

import aiohttp

from bot.simulator.web_api import FakeSlack
from tests.conftest import MARKETING, SALES, settings_env

SMM_BOT = str(Path(sys.executable).with_name("smm-bot"))


def environment(database_url: str, slack: FakeSlack, **overrides: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    return {**keep, **settings_env(database_url, slack.base_url, **overrides)}


async def smm_bot(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 60
) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        SMM_BOT, *args, env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_bad_setting_stops_with_one_line_and_exit_code_2(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    env = environment(clean_db, slack, TIMEZONE="Mars/Base")
    code, out, err = await smm_bot("run", env=env, cwd=tmp_path)
    expected = "TIMEZONE: unknown time zone 'Mars/Base' (an IANA name such as Europe/Moscow)\n"
    assert (code, out, err) == (2, "", expected)
    code, _, err = await smm_bot("run", env={**env, "TIMEZONE": "Moscow"}, cwd=tmp_path)
    assert (code, err) == (2, "TIMEZONE: unknown time zone 'Moscow': did you mean Europe/Moscow?\n")


async def test_missing_token_is_named(clean_db: str, slack: FakeSlack, tmp_path: Path) -> None:
    env = environment(clean_db, slack, SLACK_BOT_TOKEN="")
    code, _, err = await smm_bot("run-job", "checkin", env=env, cwd=tmp_path)
    assert code == 2
    where = tmp_path / ".env"
    assert err == (
        f"SLACK_BOT_TOKEN: required but not set (not in the environment, and there is no {where})\n"
    )
    where.write_text("# the operator's settings file, without the token yet\n")
    code, _, err = await smm_bot("run-job", "checkin", env=env, cwd=tmp_path)
    assert (code, err) == (2, "SLACK_BOT_TOKEN: required but not set\n")


async def test_run_job_checkin_respects_dates_and_days_off(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    env = environment(clean_db, slack)
    code, out, _ = await smm_bot(
        "run-job", "checkin", "--date", "2026-11-28", env=env, cwd=tmp_path
    )
    assert code == 0
    assert "Saturday, 28 November 2026 is not a workday" in out
    assert slack.calls_to("chat.postMessage") == []

    code, out, _ = await smm_bot(
        "run-job", "checkin", "--date", "2026-11-26", env=env, cwd=tmp_path
    )
    assert code == 0
    assert out.count("Check-in posted") == 2
    assert {c.args["channel"] for c in slack.calls_to("chat.postMessage")} == {MARKETING, SALES}

    code, out, _ = await smm_bot(
        "run-job", "checkin", "--date", "2026-11-26", env=env, cwd=tmp_path
    )
    assert out.count("already posted") == 2
    assert len(slack.calls_to("chat.postMessage")) == 2

    code, out, _ = await smm_bot(
        "run-job", "digest", "--date", "2026-11-28", "--force", env=env, cwd=tmp_path
    )
    assert "Briefing for Saturday, 28 November 2026 posted" in out


async def test_run_job_speaks_the_bot_language(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    env = environment(clean_db, slack, BOT_LANGUAGE="ru")
    _, out, _ = await smm_bot("run-job", "checkin", "--date", "2026-11-26", env=env, cwd=tmp_path)
    assert out.count("Вопросы дня отправлены") == 2
    assert "Вопросы дня" in slack.calls_to("chat.postMessage")[0].args["text"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def serving(http: aiohttp.ClientSession, port: int) -> None:
    """Wait until the bot on `port` answers GET /healthz with 200."""
    deadline = time.monotonic() + 30
    while True:
        try:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
                assert await response.json() == {"ok": True}
                return
        except aiohttp.ClientConnectionError:
            assert time.monotonic() < deadline, "the bot did not start serving"
            await asyncio.sleep(0.2)


async def stopped(process: asyncio.subprocess.Process) -> str:
    """SIGTERM: the bot stops within 10 s with exit code 0; returns what it printed."""
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    output, _ = await asyncio.wait_for(process.communicate(), 10)
    assert time.monotonic() - started < 10
    assert process.returncode == 0, output.decode()
    return output.decode()


async def test_run_serves_health_and_stops_on_sigterm(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    port = free_port()
    env = environment(clean_db, slack, PORT=str(port))
    process = await asyncio.create_subprocess_exec(
        SMM_BOT, "run", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        async with aiohttp.ClientSession() as http:
            await serving(http, port)
            async with http.post(f"http://127.0.0.1:{port}/slack/events", data=b"{}") as response:
                assert response.status == 401  # unsigned
        output = await stopped(process)
        assert "xoxb" not in output  # the token is never logged
        assert "apscheduler" not in output and "token` will be unused" not in output  # quiet
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_dry_run_prints_the_briefing_and_posts_nothing(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    env = environment(clean_db, slack)
    await smm_bot("run-job", "checkin", "--date", "2026-11-26", env=env, cwd=tmp_path)
    posted = len(slack.calls)
    code, out, _ = await smm_bot(
        "run-job", "digest", "--date", "2026-11-26", "--dry-run", env=env, cwd=tmp_path
    )
    assert code == 0
    assert out.startswith("SMM briefing · Thursday, 26 November 2026\nNo answers yet today.")
    assert "Marketing: nobody has answered yet" in out
    assert len(slack.calls) == posted

    code, out, _ = await smm_bot(
        "run-job", "reminders", "--date", "2026-11-26", env=env, cwd=tmp_path
    )
    assert code == 0
    assert out.count("Reminder posted") == 2
