"""Which scheduled job is done for which day, and which missed its window."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories.statements import changed, insert_once
from bot.db.tables import ScheduledRunRow


class ScheduleRepo:
    """Which scheduled job is done for which day, and which missed its window."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _row(self, job: str, day: date) -> Any:
        return (ScheduledRunRow.job == job) & (ScheduledRunRow.round_date == day)

    async def is_done(self, job: str, day: date) -> bool:
        done = await self._session.scalar(
            select(ScheduledRunRow.done_at).where(self._row(job, day))
        )
        return done is not None

    async def done(self, job: str, day: date, at: datetime) -> None:
        if not await insert_once(
            self._session, ScheduledRunRow, job=job, round_date=day, done_at=at, notified=False
        ):
            await self._session.execute(
                update(ScheduledRunRow)
                .where(self._row(job, day), ScheduledRunRow.done_at.is_(None))
                .values(done_at=at)
            )

    async def first_miss(self, job: str, day: date, at: datetime) -> bool:
        if await insert_once(
            self._session, ScheduledRunRow, job=job, round_date=day, missed_at=at, notified=False
        ):
            return True
        return await changed(
            self._session,
            update(ScheduledRunRow)
            .where(
                self._row(job, day),
                ScheduledRunRow.done_at.is_(None),
                ScheduledRunRow.missed_at.is_(None),
            )
            .values(missed_at=at),
        )

    async def notified(self, job: str, day: date) -> None:
        await self._session.execute(
            update(ScheduledRunRow).where(self._row(job, day)).values(notified=True)
        )
