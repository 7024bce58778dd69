"""Engine and unit of work: every request and job opens one, and rolls back unless committed."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.db.repositories import (
    ClaimRepo,
    DigestRepo,
    FeedbackRepo,
    InboxRepo,
    ItemRepo,
    PromptRepo,
    QuestionRepo,
    ReplyRepo,
    ScheduleRepo,
    TaskRepo,
    ThreatRepo,
)
from bot.domain.ports import UnitOfWorkFactory


def is_storage_error(error: BaseException) -> bool:
    """The database failed: it refused the statement, or could not be reached (a driver's
    connection error, not the Slack client's)."""
    if isinstance(error, SQLAlchemyError):
        return True
    return isinstance(error, OSError) and not isinstance(error, aiohttp.ClientError)


def make_engine(async_url: str) -> AsyncEngine:
    if not async_url.startswith("sqlite"):
        return create_async_engine(async_url, pool_pre_ping=True)
    # Sessions always end their own transaction, so the pool's extra ROLLBACK on check-in is
    # a wasted round trip through aiosqlite's thread.
    engine = create_async_engine(async_url, connect_args={"timeout": 30}, pool_reset_on_return=None)

    # SQLite: WAL for concurrent readers, and BEGIN IMMEDIATE so two writers queue on the
    # busy timeout instead of failing with "database is locked" when upgrading a read lock.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class SqlUnitOfWork:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.claims = ClaimRepo(session)
        self.prompts = PromptRepo(session)
        self.replies = ReplyRepo(session)
        self.items = ItemRepo(session)
        self.threats = ThreatRepo(session)
        self.tasks = TaskRepo(session)
        self.feedback = FeedbackRepo(session)
        self.questions = QuestionRepo(session)
        self.digests = DigestRepo(session)
        self.inbox = InboxRepo(session)
        self.schedule = ScheduleRepo(session)

    async def commit(self) -> None:
        await self.session.commit()


def unit_of_work_factory(engine: AsyncEngine) -> UnitOfWorkFactory:
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    # SQLite has one writer at a time and its busy handler waits by sleeping (up to 100 ms a
    # try): queueing this process's units of work on an asyncio lock instead keeps them fast.
    # Other processes still meet the busy timeout; PostgreSQL needs no such thing.
    writer = asyncio.Lock() if engine.dialect.name == "sqlite" else contextlib.nullcontext()

    @asynccontextmanager
    async def unit_of_work() -> AsyncIterator[SqlUnitOfWork]:
        async with writer, sessions() as session:  # closing rolls back what was not committed
            yield SqlUnitOfWork(session)

    return unit_of_work
