"""Engine and unit of work: every request and job opens one, and rolls back unless committed."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import socket
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import orjson
from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.db.repositories.answers import add_new
from bot.db.repositories.checkin import InboxRepo, PromptRepo, ReplyRepo
from bot.db.repositories.claims import ClaimRepo
from bot.db.repositories.digests import DigestRepo
from bot.db.repositories.feedback import FeedbackRepo
from bot.db.repositories.feeds import FeedRepo
from bot.db.repositories.items import ItemRepo
from bot.db.repositories.posts import SeenPostRepo
from bot.db.repositories.question_sets import QuestionSetRepo
from bot.db.repositories.questions import QuestionRepo
from bot.db.repositories.schedule import ScheduleRepo
from bot.db.repositories.tasks import TaskRepo
from bot.db.repositories.threats import ThreatRepo
from bot.db.repositories.vk import VkRepo
from bot.domain.model.items import AddedAnswers, NewAnswer
from bot.domain.ports import UnitOfWorkFactory


def is_storage_error(error: BaseException) -> bool:
    """The database failed: it refused the statement, or could not be reached (a driver's
    connection error, not the Slack client's)."""
    if isinstance(error, SQLAlchemyError):
        return True
    return isinstance(error, OSError) and not isinstance(error, aiohttp.ClientError)


READ_ONLY = "smm_pulse_read_only"  # an execution option: the connection only reads


E = TypeVar("E", AsyncEngine, Engine)
T = TypeVar("T")


def reader(engine: E) -> E:
    """The engine for connections that only read (the same pool): no write lock on SQLite."""
    return engine.execution_options(**{READ_ONLY: True})


def _json(value: Any) -> str:
    """JSON columns' text: orjson writes it several times faster than json.dumps, which every
    answer and each of its items pays for on the way in."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


_JSON = {"json_serializer": _json, "json_deserializer": orjson.loads}


def connect_args(async_url: str) -> dict[str, Any]:
    """What the driver is handed besides the URL: asyncpg wants its connect timeout (the URL's
    `timeout`) as a number, and SQLAlchemy passes the URL's query on as strings."""
    timeout = make_url(async_url).query.get("timeout")
    return {} if not isinstance(timeout, str) else {"timeout": float(timeout)}


def make_engine(async_url: str) -> AsyncEngine:
    if not async_url.startswith("sqlite"):
        return create_async_engine(
            async_url, pool_pre_ping=True, connect_args=connect_args(async_url), **_JSON
        )
    # Sessions always end their own transaction, so the pool's extra ROLLBACK on check-in is
    # a wasted round trip through aiosqlite's thread.
    engine = create_async_engine(
        async_url, connect_args={"timeout": 30}, pool_reset_on_return=None, **_JSON
    )
    event.listen(engine.sync_engine, "connect", _sqlite_connected)
    event.listen(engine.sync_engine, "begin", _begin)
    return engine


def _sqlite_connected(dbapi_connection: Any, _record: Any) -> None:
    """WAL, so readers neither wait for the writer nor block it; transactions are begun by
    the engine's "begin" listener, not by the driver."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _begin(connection: Connection) -> None:
    """BEGIN IMMEDIATE for writers, so two of them queue on the busy timeout instead of failing
    with "database is locked" when upgrading a read lock; a read-only unit of work begins as a
    reader. Sent through SQLAlchemy, which wraps the driver's errors: a lock held past the busy
    timeout is a storage error like any other (what the driver raises in a listener is not)."""
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _inline_engine(engine: AsyncEngine) -> Engine:
    """The same SQLite file through the synchronous driver, for writes run on the event loop:
    it never waits for a lock (another process writing makes it fail at once)."""
    inline = create_engine(
        engine.url.set(drivername="sqlite+pysqlite"),
        connect_args={"timeout": 0},
        pool_reset_on_return=None,
        **_JSON,
    )
    event.listen(inline, "connect", _sqlite_connected)
    event.listen(inline, "begin", _begin)
    return inline


def _busy(error: OperationalError) -> bool:
    """SQLite's "database is locked": another connection holds the write lock."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


CONNECT_TIMEOUT = 10.0  # seconds for a PostgreSQL server to answer the start-up check


@dataclass(frozen=True)
class Unusable:
    """Why the database cannot be used: a `database.*` catalogue key and its values."""

    key: str
    params: dict[str, str] = field(default_factory=dict)


async def unusable(async_url: str) -> Unusable | None:
    """Connect and make a write that is rolled back: None when the bot can use the database.
    Run before migrating or serving, so a wrong DATABASE_URL is one line, not a traceback."""
    url = make_url(async_url)
    sqlite = url.get_backend_name() == "sqlite"
    # The file system says what SQLite would not ("unable to open database file").
    if sqlite and (problem := _sqlite_unusable(url.database)) is not None:
        return problem
    engine = make_engine(async_url)
    seconds = connect_args(async_url).get("timeout", CONNECT_TIMEOUT)
    try:
        # SQLite waits on its busy timeout when another process writes: that is no failure.
        async with asyncio.timeout(None if sqlite else seconds), engine.connect() as db:
            await db.begin()
            await db.exec_driver_sql("CREATE TABLE smm_pulse_write_check (x INTEGER)")
            await db.rollback()
    except (OSError, SQLAlchemyError) as error:
        where = url.database if sqlite else f"{url.host or 'localhost'}:{url.port or 5432}"
        return _connect_unusable(str(where), error, seconds)
    finally:
        await engine.dispose()
    return None


def _connect_unusable(where: str, error: BaseException, seconds: float) -> Unusable:
    if isinstance(error, ConnectionRefusedError):
        return Unusable("database.refused", {"where": where})
    if isinstance(error, socket.gaierror):
        return Unusable("database.unknown_host", {"where": where})
    if isinstance(error, TimeoutError):
        return Unusable("database.timeout", {"where": where, "seconds": f"{seconds:g}"})
    return Unusable("database.failed", {"where": where, "error": _reason(error)})


def _sqlite_unusable(database: str | None) -> Unusable | None:
    if database in (None, "", ":memory:"):
        return None
    path = Path(database).absolute()
    folder = path.parent
    if not path.exists():
        if not folder.exists():
            return Unusable("database.no_folder", {"path": str(path)})
        if not folder.is_dir():
            return Unusable("database.not_a_folder", {"path": str(path), "folder": str(folder)})
        if not os.access(folder, os.W_OK):
            return Unusable("database.folder_read_only", {"path": str(path)})
    elif not os.access(path, os.W_OK):
        return Unusable("database.read_only", {"path": str(path)})
    elif not os.access(folder, os.W_OK):  # the journal lives beside the file
        return Unusable("database.journal_read_only", {"path": str(path)})
    return None


def _reason(error: BaseException) -> str:
    """The driver's own words, without SQLAlchemy's statement and link."""
    cause = error.orig if isinstance(error, DBAPIError) else error
    return str(cause) or type(cause).__name__


class SqlUnitOfWork:
    def __init__(self, session: AsyncSession, *, read_only: bool = False) -> None:
        self.session = session
        self.read_only = read_only
        self.claims = ClaimRepo(session)
        self.prompts = PromptRepo(session)
        self.replies = ReplyRepo(session)
        self.items = ItemRepo(session)
        self.threats = ThreatRepo(session)
        self.tasks = TaskRepo(session)
        self.feedback = FeedbackRepo(session)
        self.questions = QuestionRepo(session)
        self.question_sets = QuestionSetRepo(session)
        self.digests = DigestRepo(session)
        self.inbox = InboxRepo(session)
        self.schedule = ScheduleRepo(session)
        self.feeds = FeedRepo(session)
        self.vk = VkRepo(session)
        self.seen_posts = SeenPostRepo(session)

    async def commit(self) -> None:
        if self.read_only:  # it holds no write lock: a write here could fail or interleave
            raise RuntimeError("a read-only unit of work cannot commit")
        await self.session.commit()


def writer_lock(engine: AsyncEngine) -> AbstractAsyncContextManager[Any]:
    """What this process's writers hold in turn. SQLite has one writer at a time and its busy
    handler waits by sleeping (up to 100 ms a try): queueing this process's writers on an
    asyncio lock instead keeps them fast. Other processes still meet the busy timeout; readers
    need no lock; PostgreSQL needs no such thing."""
    return asyncio.Lock() if engine.dialect.name == "sqlite" else contextlib.nullcontext()


def unit_of_work_factory(
    engine: AsyncEngine, writer: AbstractAsyncContextManager[Any] | None = None
) -> UnitOfWorkFactory:
    """Units of work on `engine`; their writers take turns on `writer` (a lock of their own
    when None)."""
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    read_sessions = async_sessionmaker(reader(engine), expire_on_commit=False)
    lock = writer if writer is not None else writer_lock(engine)

    @asynccontextmanager
    async def unit_of_work(*, read_only: bool = False) -> AsyncIterator[SqlUnitOfWork]:
        # Closing the session rolls back what was not committed.
        if read_only:
            async with read_sessions() as session:
                yield SqlUnitOfWork(session, read_only=True)
        else:
            async with lock, sessions() as session:
                yield SqlUnitOfWork(session)

    return unit_of_work


class SqlAnswerStore:
    """New answers (see `AnswerStore`), the path every thread reply takes. On SQLite they are
    written on the event loop at once, through the synchronous driver: SQLite's part is a
    fraction of a millisecond, while through aiosqlite each statement takes several trips to
    its thread, each waiting for the busy event loop to give the GIL back. SQLite's lock is
    taken there at once or not at all (this process's writers queue on `writer` first): when
    another process holds it, the write goes through the async engine, which waits off the loop.
    On PostgreSQL the same function runs through the async engine."""

    def __init__(self, engine: AsyncEngine, writer: AbstractAsyncContextManager[Any]) -> None:
        self._engine = engine
        self._writer = writer
        self._inline = _inline_engine(engine) if engine.dialect.name == "sqlite" else None

    async def add_new(self, answers: Sequence[NewAnswer]) -> AddedAnswers:
        if not answers:
            return AddedAnswers({}, [], set())
        async with self._writer:
            return await self._run(functools.partial(add_new, answers=answers))

    async def ping(self) -> None:
        """SELECT 1 the way answers go in; raises when the database does not answer. It waits
        for no writer, so a busy ingest or another process writing does not delay it."""
        await self._run(lambda connection: connection.exec_driver_sql("SELECT 1"), read_only=True)

    async def _run(self, work: Callable[[Connection], T], *, read_only: bool = False) -> T:
        """`work` in a transaction: on SQLite on the loop, unless another connection holds
        the lock it needs; then, and on PostgreSQL, through the async engine."""
        if self._inline is not None:
            inline = reader(self._inline) if read_only else self._inline
            try:
                with inline.begin() as connection:
                    return work(connection)
            except OperationalError as error:
                if not _busy(error):
                    raise
        async with (reader(self._engine) if read_only else self._engine).begin() as connection:
            return await connection.run_sync(work)

    def close(self) -> None:
        if self._inline is not None:
            self._inline.dispose()
