"""Each day's posted briefing."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories.statements import insert_once
from bot.db.tables import DigestRow


class DigestRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, round_date: date, channel: str, ts: str, at: datetime) -> None:
        await insert_once(
            self._session, DigestRow, round_date=round_date, channel=channel, ts=ts, posted_at=at
        )

    async def find_ts(self, round_date: date) -> tuple[str, str] | None:
        row = await self._session.get(DigestRow, round_date)
        return None if row is None or row.ts is None else (row.channel, row.ts)
