"""One scheduler among several replicas: the holder of a PostgreSQL advisory lock.

APScheduler cannot share a job store between processes, so every replica serves Slack but only
the leader runs the schedule and re-arms open tasks. A dead leader's session ends, PostgreSQL
frees its lock, and another replica takes over at its next try (every TRY_EVERY seconds). On
SQLite there is one process: it leads at once. Daily posts stay exactly once either way: their
unique keys in the database decide. A lost session or a failed start of the schedule is
reported (the one reporter); on PostgreSQL the replica then steps down and tries again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

LOCK_KEY = 0x534D4D50  # "SMMP"
TRY_EVERY = 10.0  # seconds between attempts (and checks that the lock is still held)


class Leadership:
    def __init__(
        self,
        engine: AsyncEngine,
        elected: Callable[[], Awaitable[None]],
        deposed: Callable[[], None],
        report: Callable[[BaseException, str], None],
    ) -> None:
        self._engine = engine
        self._elected = elected
        self._deposed = deposed
        self._report = report
        self._connection: AsyncConnection | None = None

    async def run(self) -> None:
        """Until cancelled: win the lock, keep it, give up leading if its session is lost."""
        if self._engine.dialect.name != "postgresql":
            await self._elected()
            return
        while True:
            try:
                if self._connection is None:
                    await self._try()
                else:
                    await self._connection.execute(text("SELECT 1"))
                    await self._connection.commit()
            except Exception as error:  # the session, or the schedule's start once elected
                self._report(error, "leadership")
                await self._release()
            await asyncio.sleep(TRY_EVERY)

    async def _try(self) -> None:
        connection = await self._engine.connect()
        won = await connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY})
        await connection.commit()  # the lock belongs to the session, not the transaction
        if not won:
            await connection.close()
            return
        self._connection = connection
        log.info("leadership: elected, running the schedule")
        await self._elected()

    async def _release(self) -> None:
        if self._connection is not None:
            self._deposed()
            log.info("leadership: deposed, the schedule stops here")
            connection, self._connection = self._connection, None
            try:
                # Its session ends with it, and with the session the lock: a connection only
                # closed would go back to the pool still holding it (a failed start, a step
                # down), and no replica could lead.
                await connection.invalidate()
                await connection.close()
            except Exception:
                log.debug("closing a broken session failed", exc_info=True)

    async def stop(self) -> None:
        await self._release()
