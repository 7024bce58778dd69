"""Units of work on SQLite: readers do not queue behind the writer, writers still queue; replies
wait off the loop while another process writes."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import SQLAlchemyError

from bot.config import default_question_sets, to_async_url
from bot.db import migrate
from bot.db.engine import is_storage_error, make_engine, unit_of_work_factory, unusable
from bot.domain.model.checkin import Stored, ThreadReply
from bot.domain.model.common import Department
from bot.domain.ports import UnitOfWorkFactory
from bot.runtime import Runtime
from bot.simulator.web_api import FakeSlack
from bot.simulator.workspace import MARKETING, make_settings
from tests.conftest import MORNING, THURSDAY

MARKETING_DEPT = Department.MARKETING
FIVE = default_question_sets()[MARKETING_DEPT]


@pytest.fixture
async def sqlite_file(tmp_path: Path) -> Path:
    """A SQLite file of this test's own (whatever TEST_DATABASE_URL says), started as
    `smm-bot run` starts one: the write check (its first connection turns WAL on), then the
    migrations."""
    path = tmp_path / "bot.db"
    url = to_async_url(f"sqlite:///{path}")
    assert await unusable(url) is None
    await asyncio.to_thread(migrate.upgrade, url)
    return path


@contextlib.contextmanager
def write_locked(path: Path) -> Iterator[None]:
    """Another process's writer: SQLite's write lock held until the block ends."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        yield
        connection.execute("ROLLBACK")
    finally:
        connection.close()


@contextlib.asynccontextmanager
async def units_of_work(path: Path) -> AsyncIterator[UnitOfWorkFactory]:
    engine = make_engine(to_async_url(f"sqlite:///{path}"))
    try:
        yield unit_of_work_factory(engine)
    finally:
        await engine.dispose()


async def test_a_reader_is_not_blocked_by_a_writer_holding_the_write_lock(
    sqlite_file: Path,
) -> None:
    async with units_of_work(sqlite_file) as uow:
        async with uow() as writer:  # this process's writer, mid-transaction
            await writer.prompts.add(THURSDAY, MARKETING_DEPT, MARKETING, "1.1", FIVE, MORNING)
            async with asyncio.timeout(5), uow(read_only=True) as reader:
                assert await reader.prompts.for_day(THURSDAY) == []  # not committed yet
            # A second writer queues behind the first: what the reader was spared.
            second = asyncio.create_task(_enter(uow))
            done, _ = await asyncio.wait({second}, timeout=0.2)
            assert not done
            await writer.commit()
        await asyncio.wait_for(second, 5)

        with write_locked(sqlite_file):  # now another process writes
            async with asyncio.timeout(5), uow(read_only=True) as reader:
                [prompt] = await reader.prompts.for_day(THURSDAY)
            assert prompt.ts == "1.1"


async def _enter(uow: UnitOfWorkFactory) -> None:
    async with uow() as unit:
        await unit.prompts.for_day(THURSDAY)


async def test_a_read_only_unit_of_work_cannot_commit(sqlite_file: Path) -> None:
    async with units_of_work(sqlite_file) as uow, uow(read_only=True) as reader:
        await reader.prompts.add(THURSDAY, MARKETING_DEPT, MARKETING, "1.1", FIVE, MORNING)
        with pytest.raises(RuntimeError, match="read-only"):
            await reader.commit()


async def test_the_health_check_answers_while_another_process_writes(
    sqlite_file: Path, slack: FakeSlack
) -> None:
    runtime = Runtime.create(make_settings(f"sqlite:///{sqlite_file}", slack.base_url))
    try:
        with write_locked(sqlite_file):
            async with asyncio.timeout(5):
                assert await runtime.database_answers()
    finally:
        await runtime.close()


async def test_a_reply_waits_off_the_loop_while_another_process_writes(
    sqlite_file: Path, slack: FakeSlack
) -> None:
    # Replies are written on the event loop, through a connection that never waits for the
    # lock: while another process holds it, they wait in aiosqlite's thread, and the loop
    # goes on serving.
    runtime = Runtime.create(make_settings(f"sqlite:///{sqlite_file}", slack.base_url))
    try:
        await runtime.checkin.ask(THURSDAY, force=True)
        prompt_ts = slack.calls_to("chat.postMessage")[0].response["ts"]
        text = "1. quiet\n2. wholesale\n3. sale till 10 December"
        reply = ThreadReply("Ev1", MARKETING, "1764150000.000100", prompt_ts, "U0A1", text, MORNING)
        loop = asyncio.get_running_loop()
        with write_locked(sqlite_file):
            storing = asyncio.create_task(runtime.collector.on_reply(reply))
            turns = [loop.time()]
            while loop.time() - turns[0] < 0.3:
                await asyncio.sleep(0.01)
                turns.append(loop.time())
            assert not storing.done()
        assert await asyncio.wait_for(storing, 10) is Stored.YES
        # Waiting on the loop would stop it until the busy timeout (30 s), the lock's holder
        # being this very loop: a slow turn on a busy machine is nothing like that.
        assert max(b - a for a, b in itertools.pairwise(turns)) < 2
        again = await runtime.collector.on_reply(reply)  # Slack's retry
        assert again is Stored.NO
        with contextlib.closing(sqlite3.connect(sqlite_file)) as connection:
            assert connection.execute("SELECT count(*) FROM replies").fetchone() == (1,)
            assert connection.execute("SELECT count(*) FROM items").fetchone() == (1,)
    finally:
        await runtime.close()


async def test_a_begin_sqlite_refuses_is_a_storage_error(sqlite_file: Path) -> None:
    # In life a lock another process holds past the busy timeout (30 s); here a transaction
    # already open on the connection. Either way the person waiting is told "not saved".
    engine = make_engine(to_async_url(f"sqlite:///{sqlite_file}"))
    try:
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            await raw.driver_connection.execute("BEGIN")
            with pytest.raises(SQLAlchemyError) as refused:
                await connection.begin()
            assert is_storage_error(refused.value)
    finally:
        await engine.dispose()
