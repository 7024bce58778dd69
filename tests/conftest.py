"""Shared fixtures: a migrated database (SQLite, or TEST_DATABASE_URL), a fake Slack Web API,
and the bot's real HTTP endpoint served on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator, Collection, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.base import STATE_RUNNING
from slack_bolt.async_app import AsyncApp
from sqlalchemy import delete, make_url, text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from bot.config import Settings, to_async_url
from bot.db import migrate
from bot.db.engine import make_engine
from bot.db.tables import Base
from bot.domain.calendar import utcnow
from bot.domain.model.tasks import Network
from bot.i18n import LANGUAGES, t
from bot.runtime import Runtime
from bot.simulator.clock import StagedClock
from bot.simulator.sender import SlackSender, event_callback, message_event
from bot.simulator.web_api import FakeSlack, serve_locally
from bot.simulator.workspace import (
    MARKETING,
    SALES,
    SIGNING_SECRET,
    bot_channels,
    make_settings,
)
from bot.slack.app import build_app, web_app
from bot.slack.kit import readable

THURSDAY = date(2026, 11, 26)
SATURDAY = date(2026, 11, 28)
ZONE = ZoneInfo("Europe/Moscow")
# Where every test's day starts: a workday morning in TIMEZONE, whatever the machine's date.
MORNING = datetime.combine(THURSDAY, time(10, 0), ZONE)


def shown(args: dict[str, Any]) -> str:
    """A message the bot sent as its reader sees it: its blocks line by line (its text when it
    has none); the top-level text is only the notification."""
    blocks = args.get("blocks")
    return readable(blocks) if blocks else str(args["text"])


# Calls that put text in front of people: messages, ephemeral answers, modals, the Home tab.
SENT = frozenset(
    {"chat.postMessage", "chat.update", "chat.postEphemeral", "response_url", "views.open",
     "views.update", "views.push", "views.publish"}
)  # fmt: skip
_ENTITY = re.compile(r"<([^<>]*)>")


def _texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


def bot_link_labels() -> set[str]:
    """The labels the bot gives links: a network's name, "Open the post (VK)", "the post"."""
    labels = set()
    for lang in LANGUAGES:
        for network in Network:
            name = t(lang, f"network.{network}")
            labels |= {name, t(lang, "task.open", network=name)}
        labels.add(t(lang, "task.post"))
    return labels


def pings(
    slack: FakeSlack, mentioned: Collection[str] = (), answers: Collection[Any] = ()
) -> list[str]:
    """Everything the bot sent (text, blocks, views) that would notify people it should not or
    hide a link: `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^…>`, a `<@U…>` of anyone
    but `mentioned` (whom the bot itself names: authors, assignees, the reminded), and a link
    whose label is not one the bot builds. `answers`: the bot's HTTP answers (a command's ack)
    to scan too."""
    labels = bot_link_labels()
    found = []
    sent = [(c.method, c.args) for c in slack.calls if c.method in SENT]
    for method, args in [*sent, *(("answer", answer) for answer in answers)]:
        for said in _texts(args):
            for entity in _ENTITY.finditer(said):
                target, _, label = entity[1].partition("|")
                if (
                    target.startswith("!")
                    or (target.startswith("@") and target[1:] not in mentioned)
                    or (not target.startswith(("@", "#")) and label not in labels)
                ):
                    found.append(f"{method}: {entity[0]}")
    return found


def refused(slack: FakeSlack) -> list[str]:
    """What the strict simulator refused of all the bot sent, as Slack would have."""
    return [
        f"{c.method}: {c.response.get('error')} {c.response.get('errors', '')}"
        for c in slack.calls
        if c.method in SENT and c.response is not None and not c.response.get("ok")
    ]


def thread_of(slack: FakeSlack, channel: str, ts: str) -> list[dict[str, Any]]:
    """A message as Slack keeps it now, and the replies in its thread, oldest first."""
    return [m for m in slack.messages.get(channel, []) if m.get("thread_ts", m["ts"]) == ts]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `db` every test that uses the database: the PostgreSQL pass runs just these (the
    others do not depend on it, and run once)."""
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


async def _fresh_database(server_url: str, name: str) -> None:
    engine = create_async_engine(to_async_url(server_url), isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A plain URL, migrated once per run; each test starts from empty tables. The one reader
    of TEST_DATABASE_URL (so every test that depends on it is marked `db`): under xdist each
    worker gets a database of its own on that server, named after the worker."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    elif worker := os.environ.get("PYTEST_XDIST_WORKER"):
        own = make_url(url)
        own = own.set(database=f"{own.database}_{worker}")
        asyncio.run(_fresh_database(url, str(own.database)))
        url = own.render_as_string(hide_password=False)
    migrate.upgrade(to_async_url(url))
    return url


@pytest.fixture
async def clean_db(database_url: str) -> str:
    engine = make_engine(to_async_url(database_url))
    async with AsyncSession(engine) as session:
        if engine.dialect.name == "postgresql":  # ids start at 1 again, as on SQLite
            names = ", ".join(table.name for table in Base.metadata.sorted_tables)
            await session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                await session.execute(delete(table))
        await session.commit()
    await engine.dispose()
    return database_url


@pytest.fixture
async def slack(clock: StagedClock) -> AsyncIterator[FakeSlack]:
    """Slack lives on the bot's clock: a message's ts tells the staged time."""
    async with FakeSlack(members=bot_channels(), clock=clock) as fake:
        yield fake


@dataclass
class Bot:
    """The bot as Slack sees it: a signed endpoint, and a fake Web API it talks to."""

    runtime: Runtime
    slack: FakeSlack
    sender: SlackSender
    app: AsyncApp
    clock: StagedClock
    _ts: int = 0

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    async def settle(self, timeout: float = 30) -> None:
        """Wait, as shutdown does, for the work after the ack (`Background.drain`); but when it
        waits on the clock (a debounce, a throttle) the clock jumps to that time instead of
        the test waiting it out, as it would have reached it in real time."""
        drain = asyncio.ensure_future(self.runtime.background.drain(timeout))
        while not drain.done():
            if (wake := self.clock.next_wake()) is not None:
                self.clock.advance(max(timedelta(0), wake - self.clock()))
            await asyncio.wait([drain], timeout=0.01)
        await drain

    async def skip_to(self, when: datetime) -> None:
        """The clock jumps to `when` (if it is not past): the timers due by then fire (the
        scheduler runs them as it would have at that time) and their work is done."""
        self.clock.advance(max(timedelta(0), when - self.clock()))
        scheduler, waited = self.runtime.scheduler, 0
        while scheduler.state == STATE_RUNNING and any(
            job.next_run_time is not None and job.next_run_time <= utcnow()
            for job in scheduler.get_jobs()
        ):
            assert (waited := waited + 1) < 1000, "the scheduler did not run what was due"
            await asyncio.sleep(0.01)
        await self.settle()

    def next_ts(self) -> str:
        self._ts += 1
        return f"1764160000.{self._ts:06d}"

    async def checkin(self, day: date = THURSDAY) -> dict[str, str]:
        """Run the check-in; returns the prompt's ts by channel."""
        await self.runtime.checkin.ask(day)
        return {
            call.args["channel"]: call.response["ts"]
            for call in self.slack.calls_to("chat.postMessage")
            if call.response and call.response["ok"] and call.args["channel"] in (MARKETING, SALES)
        }

    def message(
        self, channel: str, thread_ts: str, text: str, user: str = "U0ALICE001"
    ) -> dict[str, Any]:
        return message_event(channel, user, text, ts=self.next_ts(), thread_ts=thread_ts)

    def said(
        self, channel: str, thread_ts: str, text: str, user: str = "U0ALICE001"
    ) -> dict[str, Any]:
        """A reply Slack keeps (reading its thread shows it); its event, to send or to lose."""
        message = self.slack.says(channel, user, text, thread_ts)
        return message_event(channel, user, text, ts=message["ts"], thread_ts=thread_ts)

    async def send(self, event: dict[str, Any], **kwargs: Any) -> tuple[int, str]:
        return await self.sender.post_event(event_callback(event), **kwargs)

    async def reply(
        self, channel: str, thread_ts: str, text: str, user: str = "U0ALICE001"
    ) -> dict[str, Any]:
        event = self.message(channel, thread_ts, text, user)
        status, body = await self.send(event)
        assert status == 200, body
        return event


@pytest.fixture
def clock() -> StagedClock:
    """The bot's one clock: Thursday 10:00 in TIMEZONE when the test starts, running on."""
    return StagedClock(MORNING)


@pytest.fixture
def bot_env(request: pytest.FixtureRequest) -> dict[str, str]:
    """Extra settings for the `bot` fixture: parametrize with indirect=True to change them."""
    return dict(getattr(request, "param", {}))


@asynccontextmanager
async def running(
    database_url: str, slack: FakeSlack, env: dict[str, str], clock: StagedClock
) -> AsyncIterator[Bot]:
    """The bot, started on `database_url` with these settings; stopped as the fixture does."""
    runtime = Runtime.create(make_settings(database_url, slack.base_url, **env), clock)
    await runtime.start()
    app = build_app(runtime)
    runner, root = await serve_locally(web_app(app, runtime))
    bot: Bot | None = None
    try:
        async with SlackSender(f"{root}/slack/events", SIGNING_SECRET) as sender:
            bot = Bot(runtime, slack, sender, app, clock)
            yield bot
    finally:
        await runner.cleanup()
        # Let work still running after the test finish rather than cancel it mid-query: a
        # cancelled query can leave a PostgreSQL connection to the garbage collector.
        if runtime.scheduler.running:  # no timer or sweep starts new work while it drains
            runtime.scheduler.pause()
        if bot is not None:
            await bot.settle(30)
        await runtime.close()


@pytest.fixture
async def bot(
    clean_db: str, slack: FakeSlack, bot_env: dict[str, str], clock: StagedClock
) -> AsyncIterator[Bot]:
    async with running(clean_db, slack, bot_env, clock) as bot:
        yield bot


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]
