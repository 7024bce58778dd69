"""The feeds' states and the items each has shown (bot/networks/feeds.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories.statements import insert_new, insert_once
from bot.db.tables import FeedItemRow, FeedRow
from bot.domain.model.feeds import FeedState


class FeedRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def state(self, url: str) -> FeedState | None:
        row = await self._session.get(FeedRow, url)
        if row is None:
            return None
        return FeedState(row.url, row.etag, row.last_modified, row.read_at)

    async def save(self, state: FeedState) -> None:
        values = {"etag": state.etag, "last_modified": state.last_modified,
                  "read_at": state.read_at}  # fmt: skip
        if not await insert_once(self._session, FeedRow, url=state.url, **values):
            await self._session.execute(
                update(FeedRow).where(FeedRow.url == state.url).values(**values)
            )

    async def unknown(self, url: str, keys: list[str]) -> list[str]:
        known = set(
            await self._session.scalars(
                select(FeedItemRow.key).where(FeedItemRow.feed == url, FeedItemRow.key.in_(keys))
            )
        )
        return [key for key in keys if key not in known]

    async def learn(self, url: str, keys: list[str], at: datetime) -> None:
        rows = [{"feed": url, "key": key, "seen_at": at} for key in dict.fromkeys(keys)]
        await insert_new(self._session, FeedItemRow, rows, FeedItemRow.key)
