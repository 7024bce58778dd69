"""The operator's contract: `smm-bot` as a real process, against the fake Slack."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pytest

from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SALES, settings_env

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


async def served(
    env: dict[str, str],
    port: int,
    cwd: Path,
    meanwhile: Callable[[aiohttp.ClientSession], Awaitable[None]] | None = None,
) -> str:
    """`smm-bot run` until it serves on `port` (and `meanwhile` is done), then SIGTERM: what
    it logged by its stop."""
    process = await asyncio.create_subprocess_exec(
        SMM_BOT, "run", env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        async with aiohttp.ClientSession() as http:
            await serving(http, port)
            if meanwhile is not None:
                await meanwhile(http)
        return await stopped(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_run_serves_health_and_stops_on_sigterm(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    port = free_port()

    async def unsigned(http: aiohttp.ClientSession) -> None:
        async with http.post(f"http://127.0.0.1:{port}/slack/events", data=b"{}") as response:
            assert response.status == 401

    output = await served(environment(clean_db, slack, PORT=str(port)), port, tmp_path, unsigned)
    assert "xoxb" not in output  # the token is never logged
    assert "apscheduler" not in output and "token` will be unused" not in output  # quiet


async def test_a_misspelt_setting_in_env_is_named_and_run_says_its_schedule(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    """A key of .env that is no setting is ignored (the file may be shared with other tools),
    but one that looks like a setting gets a warning naming it; `run` says the schedule it
    keeps, so 09:00 UTC instead of 08:30 in Moscow shows."""
    (tmp_path / ".env").write_text(
        "TIME_ZONE=Europe/Moscow\nCHECK_IN_TIME=08:30\nPOSTGRES_PASSWORD=pw\nPGPORT=5432\n"
    )
    slack.users.append({"id": MANAGER, "name": "maria", "profile": {}})  # SMM_MANAGERS is someone
    port = free_port()
    env = environment(clean_db, slack, TIMEZONE="", PORT=str(port))
    warnings = [
        "WARNING bot TIME_ZONE is not a setting: did you mean TIMEZONE?",
        "WARNING bot CHECK_IN_TIME is not a setting: did you mean CHECKIN_TIME?",
    ]
    _, _, err = await smm_bot("doctor", env=env, cwd=tmp_path)
    assert [line.split(" ", 2)[2] for line in err.splitlines() if "WARNING" in line] == warnings
    lines = [line.split(" ", 2)[2] for line in (await served(env, port, tmp_path)).splitlines()]
    assert [line for line in lines if "WARNING" in line] == warnings
    assert (
        "INFO bot schedule in UTC: workdays mon,tue,wed,thu,fri, check-in 09:00, reminder 10:00, "
        "briefing 10:30"
    ) in lines


async def test_run_warns_of_a_channel_the_bot_is_not_in_and_of_no_managers(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    """What `smm-bot doctor` would say fails, a warning line each; the bot serves all the same."""
    slack.members = {MARKETING: [BOT_USER_ID], SALES: [BOT_USER_ID], DIGEST: []}
    slack.channels = {DIGEST: {"is_private": True, "name": "smm-team"}}
    port = free_port()

    async def checked(_: aiohttp.ClientSession) -> None:
        await slack.wait_for("conversations.info", count=3)

    env = environment(clean_db, slack, PORT=str(port), SMM_MANAGERS="")
    output = await served(env, port, tmp_path, checked)
    warned = [  # after the level, the logger's name
        line.split(" WARNING ", 1)[1].split(" ", 1)[1]
        for line in output.splitlines() if " WARNING " in line
    ]  # fmt: skip
    assert [line[:35] for line in warned if line.startswith("FAIL ")] == [
        "FAIL DIGEST_CHANNEL: Slack shows th",
        "FAIL SMM_MANAGERS: nobody may start",
    ], output


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


@contextmanager
def closed_port() -> Iterator[int]:
    """A port nobody listens on: bound here and never listening, so nothing else takes it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        yield int(probe.getsockname()[1])


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """`path` (a file or a folder) made unwritable for the bot: by chmod, or, for root, whom
    chmod does not stop, by the immutable attribute."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", path], capture_output=True).returncode:
        pytest.skip("as root chmod does not stop writes, and `chattr +i` is not allowed here")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", path], check=True)


def refused(code: int, err: str) -> str:
    """The one line a start-up check refused with (exit 2, no traceback, nothing left open)."""
    assert code == 2, err
    assert "Traceback" not in err and "Unclosed" not in err, err
    return err.splitlines()[-1]


async def test_database_server_down_or_unknown_is_one_line(
    slack: FakeSlack, tmp_path: Path
) -> None:
    with closed_port() as port:
        env = environment(f"postgresql://smm:secret@127.0.0.1:{port}/smm", slack)
        for command in (["run"], ["migrate"], ["run-job", "checkin"]):
            code, _, err = await smm_bot(*command, env=env, cwd=tmp_path)
            line = f"DATABASE_URL: cannot connect to 127.0.0.1:{port} (connection refused)"
            assert refused(code, err) == line, command
    env = environment("postgresql://smm:secret@db.invalid:5432/smm", slack)
    started = time.monotonic()
    code, _, err = await smm_bot("run", env=env, cwd=tmp_path)
    assert refused(code, err) == (
        "DATABASE_URL: cannot connect to db.invalid:5432 (unknown host: DNS has no such name)"
    )
    assert time.monotonic() - started < 15  # a name that cannot exist fails fast, offline too


async def test_a_database_url_asyncpg_cannot_take_as_it_is_is_one_line_without_the_password(
    slack: FakeSlack, tmp_path: Path
) -> None:
    env = environment("postgresql://smm:Top@S3cret@127.0.0.1:5432/smm", slack)
    code, _, err = await smm_bot("run", env=env, cwd=tmp_path)
    assert refused(code, err) == "DATABASE_URL: write @ in the password as %40"
    assert "S3cret" not in err
    for url, line in (
        ("postgresql://smm:secret@db:abc/smm", "the port after the host is a number"),
        ("sqlite:///:memory:", "an in-memory SQLite database is lost when the bot stops"),
        ("sqlite://", "an in-memory SQLite database is lost when the bot stops"),
    ):
        code, _, err = await smm_bot("run", env=environment(url, slack), cwd=tmp_path)
        assert refused(code, err).startswith(f"DATABASE_URL: {line}"), url


async def test_libpq_ssl_mode_and_connect_timeout_reach_asyncpg(
    slack: FakeSlack, tmp_path: Path
) -> None:
    """A managed PostgreSQL's URL: asyncpg asks for TLS, and gives up after connect_timeout
    (a string where asyncpg wants a number would be a TypeError)."""
    with socket.socket() as silent:  # takes connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        url = f"postgresql://smm:secret@127.0.0.1:{port}/smm?sslmode=require&connect_timeout=1"
        code, _, err = await smm_bot("migrate", env=environment(url, slack), cwd=tmp_path)
    line = f"DATABASE_URL: cannot connect to 127.0.0.1:{port} (no answer in 1 s)"
    assert refused(code, err) == line


async def test_a_postgresql_url_with_libpq_parameters_migrates_and_serves(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    if not clean_db.startswith("postgresql"):
        pytest.skip("libpq's parameters are PostgreSQL's")
    url = f"{clean_db}?sslmode=disable&connect_timeout=5"
    for command in (["migrate"], ["run-job", "checkin", "--date", "2026-11-26"]):
        code, _, err = await smm_bot(*command, env=environment(url, slack), cwd=tmp_path)
        assert code == 0, err


async def test_sqlite_in_a_missing_or_unwritable_folder_is_one_line(
    slack: FakeSlack, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere" / "smm.db"
    code, _, err = await smm_bot(
        "migrate", env=environment(f"sqlite:///{missing}", slack), cwd=tmp_path
    )
    assert refused(code, err) == f"DATABASE_URL: cannot create {missing}: folder does not exist"
    (tmp_path / "notes").write_text("a file where the folder should be")
    under_a_file = tmp_path / "notes" / "smm.db"
    env = environment(f"sqlite:///{under_a_file}", slack)
    code, _, err = await smm_bot("run-job", "checkin", env=env, cwd=tmp_path)
    assert refused(code, err) == (
        f"DATABASE_URL: cannot create {under_a_file}: {tmp_path / 'notes'} is a file, not a folder"
    )
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder):
        env = environment(f"sqlite:///{folder / 'smm.db'}", slack)
        code, _, err = await smm_bot("run", env=env, cwd=tmp_path)
    assert refused(code, err) == (
        f"DATABASE_URL: cannot create {folder / 'smm.db'}: folder is not writable"
    )


async def test_read_only_sqlite_file_is_refused_at_start(slack: FakeSlack, tmp_path: Path) -> None:
    database = tmp_path / "smm.db"
    env = environment(f"sqlite:///{database}", slack)
    assert (await smm_bot("migrate", env=env, cwd=tmp_path))[0] == 0
    with read_only(database):
        for command in (["run"], ["run-job", "checkin"]):
            code, _, err = await smm_bot(*command, env=env, cwd=tmp_path)
            line = f"DATABASE_URL: cannot write to {database}: the file is read-only"
            assert refused(code, err) == line, command
    assert slack.calls == []  # refused before anything was asked of Slack


async def test_port_in_use_is_one_line(clean_db: str, slack: FakeSlack, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = environment(clean_db, slack, PORT=str(port))
        code, _, err = await smm_bot("run", env=env, cwd=tmp_path)
    assert refused(code, err) == f"PORT: {port} is already in use"


async def test_rejected_token_stops_run_at_start(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    slack.token = "xoxb-the-right-one"
    code, _, err = await smm_bot("run", env=environment(clean_db, slack), cwd=tmp_path)
    assert refused(code, err) == (
        "SLACK_BOT_TOKEN: Slack says invalid_auth — copy the Bot User OAuth Token (xoxb-…) "
        "from the app's OAuth & Permissions page"
    )
    assert [call.method for call in slack.calls] == ["auth.test"]


async def test_slack_unreachable_at_start_is_said_once_and_the_bot_serves(
    clean_db: str, tmp_path: Path
) -> None:
    port = free_port()
    with closed_port() as slack_port:
        url = f"http://127.0.0.1:{slack_port}/api/"
        env = environment(clean_db, FakeSlack(), SLACK_API_URL=url, PORT=str(port))
        process = await asyncio.create_subprocess_exec(
            SMM_BOT, "run", env=env, cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        try:
            async with aiohttp.ClientSession() as http:
                await serving(http, port)
            output = await stopped(process)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    [line] = [line for line in output.splitlines() if "cannot reach Slack" in line]
    assert line.endswith(
        f"WARNING bot cannot reach Slack at {url} (Cannot connect to host 127.0.0.1:{slack_port} "
        f"ssl:default [Connect call failed ('127.0.0.1', {slack_port})]): serving anyway, and "
        "asking again in 5 s, then less and less often"
    )
    assert "retry handler" not in output  # the SDK's own retries are not told line by line


async def test_run_job_with_slack_down_says_per_channel_that_a_rerun_is_safe(
    clean_db: str, tmp_path: Path
) -> None:
    with closed_port() as port:
        env = environment(clean_db, FakeSlack(), SLACK_API_URL=f"http://127.0.0.1:{port}/api/")
        code, out, err = await smm_bot(
            "run-job", "checkin", "--date", "2026-11-26", env=env, cwd=tmp_path
        )
        assert (code, out.splitlines()) == (1, [
            "Check-in for Marketing (C0MARKET01) could not be posted (see the log); running the "
            "job again retries it.",
            "Check-in for Sales (C0SALES001) could not be posted (see the log); running the job "
            "again retries it.",
        ])  # fmt: skip
        assert "Traceback" not in err
        # The digest stops at its one post: one line for the job.
        code, out, err = await smm_bot(
            "run-job", "digest", "--date", "2026-11-26", env=env, cwd=tmp_path
        )
    assert (code, out) == (
        1,
        "The digest job could not reach Slack (see the log); running it again is safe: nothing "
        "is posted twice.\n",
    )
    assert "Traceback" not in err


async def test_token_rejected_once_slack_answers_stops_run(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    """Slack down at start (a 503): the bot serves and asks again; a rejection then stops it."""
    slack.token = "xoxb-the-right-one"
    slack.fail_next("auth.test", status=503)
    code, _, err = await smm_bot("run", env=environment(clean_db, slack), cwd=tmp_path)
    assert (code, err.splitlines()[-1]) == (
        2,
        "SLACK_BOT_TOKEN: Slack says invalid_auth — copy the Bot User OAuth Token (xoxb-…) "
        "from the app's OAuth & Permissions page",
    )
    assert "serving anyway" in err and "Unclosed" not in err
    assert [call.failed for call in slack.calls_to("auth.test")] == [True, False]


async def test_bad_questions_file_stops_with_one_line_naming_the_entry(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text(
        'marketing:\n  - {text: {en: "A?", ru: "Б?"}, kind: news}\n'
        'sales:\n  - {text: {en: "A?", ru: "Б?"}, kind: newz}\n'
    )
    env = environment(clean_db, slack, QUESTIONS_FILE=str(questions))
    code, out, err = await smm_bot("run", env=env, cwd=tmp_path)
    expected = (
        f"QUESTIONS_FILE: {questions}: sales[1].kind: expected one of news, focus, promotion, "
        "product, threat, date, text, got 'newz'\n"
    )
    assert (code, out, err) == (2, "", expected)
