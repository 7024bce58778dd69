"""`smm-bot run | migrate | run-job NAME | export WHAT | …`: build Settings once and pass it
down."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import gc
import logging
import os
import re
import signal
import sys
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
from aiohttp import web
from pydantic import ValidationError
from pydantic_settings import BaseSettings
from pythonjsonlogger.json import JsonFormatter
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import make_url

from bot.config import (
    WEEKDAYS,
    DatabaseSettings,
    LocalSettings,
    QuestionsSettings,
    Settings,
    misspelt_settings,
)
from bot.db import backup, migrate
from bot.db.engine import unusable
from bot.doctor import Check, run_checks, workspace_checks
from bot.domain.calendar import Backoff
from bot.domain.model.common import Outcome
from bot.domain.parsing.dates import read_dates, warm
from bot.export import FORMATS, KINDS, export
from bot.i18n import LANGUAGES, t
from bot.leader import Leadership
from bot.runtime import Runtime
from bot.scheduler.jobs import JOBS, Schedule, describe
from bot.slack.app import build_app, health_app, web_app
from bot.slack.kit import readable
from bot.slack.views.briefing import briefing_message

log = logging.getLogger("bot")

STOP_TIMEOUT = 8.0  # seconds for jobs and background work on SIGTERM (the budget is 10)


def _settings_errors(error: ValidationError, env_file: Path) -> list[str]:
    """One line per bad setting; a missing one also says where it was looked for."""
    lines = []
    for item in error.errors():
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "missing":
            message = "required but not set"
        if message == "required but not set" and not env_file.is_file():
            message += f" (not in the environment, and there is no {env_file.absolute()})"
        name = ".".join(str(part) for part in item["loc"]).upper()
        lines.append(f"{name}: {message}" if name else message)
    return lines


Loaded = TypeVar("Loaded", bound=BaseSettings)


def _env_file(settings_class: type[BaseSettings]) -> Path:
    """The .env file pydantic-settings reads for `settings_class` (relative: from the cwd)."""
    return Path(str(settings_class.model_config.get("env_file") or ".env"))


def _load(settings_class: type[Loaded], **given: Any) -> Loaded:
    """The settings from the environment and .env (`given` wins); a bad one exits 2 with a
    line per problem."""
    try:
        return settings_class(**given)
    except ValidationError as error:
        for line in _settings_errors(error, _env_file(settings_class)):
            print(line, file=sys.stderr)
        raise SystemExit(2) from None


class Refused(Exception):
    """A start-up check failed: its one line for the operator, and exit code 2."""


TOKEN_RETRY = Backoff(5.0, 300.0)  # asking Slack again after a network error
SLACK_DOWN = (aiohttp.ClientError, TimeoutError, SlackApiError)  # SlackApiError: a 429 or 5xx


def _refuse_database(key: str, **params: str) -> None:
    print(f"DATABASE_URL: {t('en', key, **params)}", file=sys.stderr)
    raise SystemExit(2)


def _usable_database(async_url: str) -> None:
    """Exit 2 with one line when the database cannot be reached or written."""
    problem = asyncio.run(unusable(async_url))
    if problem is not None:
        _refuse_database(problem.key, **problem.params)


def _readable_database(async_url: str) -> None:
    """Exit 2 with one line unless the database is there, usable and migrated: a command that
    only reads takes it as it is, neither creating nor migrating it."""
    url = make_url(async_url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        _refuse_database("database.missing", path=str(Path(url.database or "").absolute()))
    _usable_database(async_url)
    if (current := asyncio.run(migrate.revision(async_url))) != migrate.head():
        _refuse_database("database.not_migrated", revision=current or "—")


async def _token_refusal(client: AsyncWebClient) -> str | None:
    """auth.test: the line refusing a token Slack rejects, None for a good one. Raises
    SLACK_DOWN when Slack did not answer (a connection error, a 429 or a 5xx)."""
    try:
        auth = await client.auth_test()
    except SlackApiError as error:
        if error.response.status_code != 200:
            raise
        return (
            f"SLACK_BOT_TOKEN: Slack says {error.response.get('error')} — copy the Bot User "
            "OAuth Token (xoxb-…) from the app's OAuth & Permissions page"
        )
    log.info("Slack accepts the token: the bot is @%s in %s", auth.get("user"), auth.get("team"))
    return None


async def _app_token_refusal(client: AsyncWebClient, app_token: str) -> str | None:
    """apps.connections.open, as Socket Mode asks it (the URL it hands out goes unused): the
    line refusing an app-level token Slack rejects, None for a good one. Raises SLACK_DOWN
    when Slack did not answer."""
    try:
        await client.apps_connections_open(app_token=app_token)
    except SlackApiError as error:
        if error.response.status_code != 200:
            raise
        return (
            f"SLACK_APP_TOKEN: Slack says {error.response.get('error')} — generate an "
            "app-level token (xapp-…) with the connections:write scope on the app's Basic "
            "Information page"
        )
    return None


async def _tokens_refusal(runtime: Runtime) -> str | None:
    """The line refusing the first token Slack rejects: the bot's, then in Socket Mode the
    app-level one; None when it takes them. Raises SLACK_DOWN when Slack did not answer."""
    app_token = runtime.settings.slack_app_token
    if (refusal := await _token_refusal(runtime.client)) is not None or app_token is None:
        return refusal
    return await _app_token_refusal(runtime.client, app_token.get_secret_value())


async def _tokens_refusal_later(runtime: Runtime) -> str | None:
    """Slack was not reached at start: ask again with backoff until it answers."""
    failures = 1  # the one at start
    while True:
        await runtime.calendar.wait(TOKEN_RETRY.after(failures))
        try:
            return await _tokens_refusal(runtime)
        except SLACK_DOWN:
            failures += 1


async def _listen(web_runner: web.AppRunner, port: int) -> None:
    try:
        await web.TCPSite(web_runner, port=port).start()
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise Refused(f"PORT: {port} is already in use") from None
        raise Refused(f"PORT: {port} cannot be used ({error.strerror})") from None


async def serve(settings: Settings) -> None:
    """Serve until SIGTERM; raises Refused when a start-up check fails. Whatever was started
    is stopped in reverse order, however far start-up got."""
    async with contextlib.AsyncExitStack() as started:
        runtime = Runtime.create(settings)
        started.push_async_callback(runtime.close, STOP_TIMEOUT)
        runtime.scheduler.pause()  # until this process is elected to lead
        await runtime.start()
        # dateparser loads its languages while Slack checks the token, not in the first reply.
        warmed = asyncio.ensure_future(read_dates({"warm": warm}))
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)

        refusal: str | None = None
        accepted = asyncio.Event()  # Slack has taken the tokens

        async def ask_again() -> None:
            nonlocal refusal
            if (refusal := await _tokens_refusal_later(runtime)) is not None:
                stop.set()
            else:
                accepted.set()

        async def say_what_is_missing() -> None:
            """The doctor's checks of the workspace once Slack has taken the tokens: a channel
            the bot is not in, managers who are nobody's IDs, each a warning of its own."""
            await accepted.wait()
            for check in await workspace_checks(runtime):
                if not check.ok:
                    log.warning("%s", check.line)

        started.callback(runtime.background.serve(say_what_is_missing(), "setup check").cancel)
        try:
            if (refusal := await _tokens_refusal(runtime)) is not None:
                raise Refused(refusal)
            accepted.set()
        except SLACK_DOWN as error:
            log.warning(
                "cannot reach Slack at %s (%s): serving anyway, and asking again in %g s, "
                "then less and less often", settings.slack_api_url,
                str(error) or type(error).__name__, TOKEN_RETRY.first,
            )  # fmt: skip
            started.callback(runtime.background.serve(ask_again(), "token check").cancel)

        app = build_app(runtime)
        if settings.slack_app_token is None:
            served, routes = web_app(app, runtime), "POST /slack/events, GET /healthz, GET /metrics"
        else:
            served, routes = health_app(runtime), "GET /healthz, GET /metrics"
        # No access log: a line per request is what a flood of forged requests would fill the
        # logs with; /metrics counts the requests instead.
        web_runner = web.AppRunner(served, handle_signals=False, access_log=None)
        await web_runner.setup()
        started.push_async_callback(web_runner.cleanup)
        await warmed
        # What start-up built lives as long as the process: frozen, no collection scans it
        # again (a full one over it takes 0.1-0.2 s, a stall of the event loop).
        gc.collect()
        gc.freeze()
        await _listen(web_runner, settings.port)
        log.info("listening on port %d: %s", settings.port, routes)
        log.info(
            "schedule in %s: workdays %s, check-in %s, reminder %s, briefing %s",
            settings.timezone, ",".join(WEEKDAYS[day] for day in sorted(settings.workdays)),
            f"{settings.checkin_time:%H:%M}", f"{settings.reminder_at:%H:%M}",
            f"{settings.digest_time:%H:%M}",
        )  # fmt: skip
        if settings.slack_app_token is not None:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            app_token = settings.slack_app_token.get_secret_value()
            socket_handler = AsyncSocketModeHandler(app, app_token)
            started.push_async_callback(socket_handler.close_async)

            async def connect() -> None:
                await accepted.wait()
                await socket_handler.connect_async()  # type: ignore[no-untyped-call]
                log.info("connected to Slack in Socket Mode")

            # In the background: the SDK retries a connection for ever, and SIGTERM ends it.
            started.callback(runtime.background.serve(connect(), "Socket Mode").cancel)

        schedule = Schedule(runtime)
        schedule.start()
        # Elected: what is due and unconfirmed is done at once, and the open tasks' timers come
        # back from the database; deposed: the sweep and every timer stop together. A failure
        # to lead is reported the moment it happens (its task ends), not found at shutdown.
        leadership = Leadership(
            runtime.engine, schedule.lead, schedule.step_down, runtime.background.report
        )
        leading = runtime.background.serve(leadership.run(), "leadership")

        async def step_down() -> None:
            leading.cancel()
            await asyncio.wait([leading])
            await leadership.stop()

        started.push_async_callback(step_down)
        await stop.wait()
        if refusal is not None:  # Slack, reached at last, rejects the token
            raise Refused(refusal)
        log.info("stopping")


async def run_job(
    settings: Settings, name: str, day: date | None, force: bool, dry_run: bool = False
) -> tuple[list[str], bool]:
    """One run of the job, through the schedule's code: what it did, and whether every
    channel's post went through (a failed one is tried again by running it again)."""
    runtime = Runtime.create(settings)
    try:
        day = day or runtime.calendar.today()
        if dry_run:  # reads only: the briefing reads the question sets its rounds kept
            message = briefing_message(settings.bot_language, await runtime.briefings.compose(day))
            return [readable([block for page in message.pages for block in page])], True
        await runtime.start()
        try:
            results = await JOBS[name](runtime, day, force)
        except SLACK_DOWN as error:  # a job that stops at its first failed post (the digest)
            log.warning("job %s failed: %s", name, str(error) or type(error).__name__)
            return [t(settings.bot_language, "job.failed", job=name)], False
        ok = all(result.outcome is not Outcome.FAILED for result in results)
        return describe(runtime, name, day, results), ok
    finally:
        await runtime.close()


async def _doctor(settings: Settings) -> list[Check]:
    runtime = Runtime.create(settings)
    try:
        return await run_checks(runtime)
    finally:
        await runtime.close()


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(option: str, value: str | None) -> date | None:
    """--from/--to: a date written YYYY-MM-DD (None: not given); ValueError names the option."""
    if value is None:
        return None
    try:
        if _DAY.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError(f"{option}: expected a date YYYY-MM-DD, got {value!r}")


def _export(args: argparse.Namespace) -> int:
    try:
        first, last = _day("--from", args.first), _day("--to", args.last)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if first is not None and last is not None and first > last:
        print(f"--from {first} is after --to {last}", file=sys.stderr)
        return 2
    settings = _load(LocalSettings)
    _readable_database(settings.async_database_url)
    # UTF-8 whatever the locale, and no newline translation: the csv module writes \r\n.
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="", closefd=False)  # noqa: SIM115
    try:
        with out:
            asyncio.run(export(settings, args.what, first, last, args.format, out))
    except BrokenPipeError:  # the reader stopped early (`| head`): not the export's failure
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def manifest_text(url: str | None) -> str:
    """manifest.yml with its request URLs at `url` (the host, or the events URL itself);
    without one, for Socket Mode: no request URLs, socket_mode_enabled."""
    text = (migrate.ROOT / "manifest.yml").read_text()
    if url is not None:
        return text.replace("https://YOUR-HOST", url.rstrip("/").removesuffix("/slack/events"))
    lines = [line for line in text.splitlines(keepends=True) if "https://YOUR-HOST" not in line]
    return "".join(lines).replace("socket_mode_enabled: false", "socket_mode_enabled: true")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smm-bot",
        description=(
            "SMM Pulse: a Slack bot that asks marketing and sales the daily questions, briefs "
            "the SMM manager every morning, and runs quick-like tasks and customer feedback."
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="serve Slack and run the schedule (migrates first)")
    commands.add_parser("migrate", help="upgrade the database to the latest schema")
    copy = commands.add_parser(
        "backup", help="copy the SQLite database while the bot runs (PostgreSQL: pg_dump)"
    )
    copy.add_argument("file", type=Path, help="where the copy goes (replaced if it exists)")
    demo = commands.add_parser(
        "demo", help="play one working day against a built-in Slack simulator (no tokens needed)"
    )
    demo.add_argument("--lang", choices=LANGUAGES, default="en", help="the day's language")
    demo.add_argument(
        "--out", type=Path, default=Path("smm-pulse-demo.html"), help="the HTML transcript"
    )
    demo.add_argument(
        "--questions", type=Path, metavar="PATH",
        help="the departments' questions, as QUESTIONS_FILE (the default: QUESTIONS_FILE's)",
    )  # fmt: skip
    commands.add_parser("doctor", help="check the token, the channels and the database")
    manifest = commands.add_parser("manifest", help="print the Slack app manifest")
    where = manifest.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="where the bot is served, https://…")
    where.add_argument("--socket", action="store_true", help="for Socket Mode: no request URLs")
    dump = commands.add_parser(
        "export", help="write the answers, task results or feedback to stdout as CSV or JSON"
    )
    dump.add_argument("what", choices=KINDS)
    dump.add_argument(
        "--from", dest="first", metavar="YYYY-MM-DD", help="from this date in TIMEZONE, inclusive"
    )
    dump.add_argument(
        "--to", dest="last", metavar="YYYY-MM-DD", help="up to this date in TIMEZONE, inclusive"
    )
    dump.add_argument("--format", choices=FORMATS, default="csv", help="csv (the default) or json")
    job = commands.add_parser("run-job", help="run one scheduled job now")
    job.add_argument("name", choices=sorted(JOBS))
    job.add_argument("--date", type=date.fromisoformat, help="as if today were YYYY-MM-DD")
    job.add_argument("--force", action="store_true", help="post even on a day off")
    job.add_argument(
        "--dry-run", action="store_true", help="digest only: print the briefing, post nothing"
    )
    return parser


def _logging(settings: DatabaseSettings) -> None:
    """Plain lines for people, or one JSON object per line (LOG_FORMAT=json) for collectors."""
    handler = logging.StreamHandler()
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    # A quiet start: no APScheduler line per job added or run (the jobs log their outcome), and
    # not Bolt's warning that SLACK_BOT_TOKEN goes unused: it reads the variable although it is
    # handed our client, which is built on that very token.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Nor the SDK's line per connection retry: what failed after its retries is logged by us.
    logging.getLogger("slack_sdk").setLevel(logging.WARNING)
    logging.getLogger("slack_bolt").addFilter(
        lambda record: "`token` will be unused" not in record.getMessage()
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "manifest":
        if args.url is not None and not args.url.startswith("https://"):
            print("--url: Slack needs an https:// address", file=sys.stderr)
            return 2
        print(manifest_text(args.url), end="")
        return 0
    if args.command == "demo":
        from bot.demo import demo  # the simulator is not loaded for the real thing

        given = {} if args.questions is None else {"questions_file": args.questions}
        questions = _load(QuestionsSettings, **given).questions_file
        # Opened before the day is played: a place that cannot be written is said at once.
        try:
            out = args.out.open("w", encoding="utf-8")
        except OSError as error:
            print(f"--out: cannot write {args.out.absolute()}: {error.strerror}", file=sys.stderr)
            return 2
        with out:
            demo(args.lang, out, questions)
        return 0
    if args.command == "migrate":
        database = _load(DatabaseSettings)
        _logging(database)
        _usable_database(database.async_database_url)
        migrate.upgrade(database.async_database_url)
        return 0
    if args.command == "backup":
        try:
            backup.backup(_load(DatabaseSettings).database_url, args.file)
        except backup.BackupError as error:
            print(error, file=sys.stderr)
            return 2
        print(f"backed up to {args.file.absolute()}")
        return 0
    if args.command == "export":
        return _export(args)
    settings = _load(Settings)
    _logging(settings)
    for line in misspelt_settings(_env_file(Settings)):
        log.warning(line)
    if args.command == "doctor":
        checks = asyncio.run(_doctor(settings))
        for check in checks:
            print(check.line)
        return 0 if all(check.ok for check in checks) else 1
    _usable_database(settings.async_database_url)
    migrate.upgrade(settings.async_database_url)
    if args.command == "run":
        try:
            with contextlib.suppress(KeyboardInterrupt):
                asyncio.run(serve(settings))
        except Refused as refused:
            print(refused, file=sys.stderr)
            return 2
        return 0
    if args.dry_run and args.name != "digest":
        print("--dry-run goes with the digest job", file=sys.stderr)
        return 2
    lines, ok = asyncio.run(run_job(settings, args.name, args.date, args.force, args.dry_run))
    for line in lines:
        print(line)
    return 0 if ok else 1
