"""Claims: which post is being made or was made, so it is made once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories.statements import changed, insert_once
from bot.db.tables import ClaimRow
from bot.domain.model.once import Claim


class ClaimRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(self, key: str, at: datetime) -> bool:
        return await insert_once(
            self._session, ClaimRow, key=key, claimed_at=at, attempted_at=at, attempt=1
        )

    async def get(self, key: str) -> Claim | None:
        row = await self._session.get(ClaimRow, key)
        if row is None:
            return None
        return Claim(row.key, row.claimed_at, row.attempted_at, row.attempt, row.ts)

    async def take_over(self, key: str, attempt: int, at: datetime) -> bool:
        return await changed(
            self._session,
            update(ClaimRow)
            .where(ClaimRow.key == key, ClaimRow.attempt == attempt, ClaimRow.ts.is_(None))
            .values(attempt=attempt + 1, attempted_at=at),
        )

    async def confirm(self, key: str, ts: str) -> None:
        await self._session.execute(update(ClaimRow).where(ClaimRow.key == key).values(ts=ts))

    async def release(self, key: str) -> None:
        await self._session.execute(
            delete(ClaimRow).where(ClaimRow.key == key, ClaimRow.ts.is_(None))
        )
