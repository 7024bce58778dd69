"""The posts the connectors saw: stored once by (network, key), and what became of each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories.statements import changed, insert_once
from bot.db.tables import SeenPostRow
from bot.domain.model.networks import Network, PostState, SeenPost, StoredPost


def _post(row: SeenPostRow) -> StoredPost:
    return StoredPost(
        row.id, Network(row.network), row.key, row.url, row.title, row.published_at,
        row.seen_at, PostState(row.state), row.task_id, row.prompt_channel, row.prompt_ts,
        row.handled_by,
    )  # fmt: skip


class SeenPostRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, post: SeenPost, url_key: str, state: PostState, at: datetime
    ) -> StoredPost | None:
        inserted = await insert_once(
            self._session, SeenPostRow, network=post.network.value, key=post.key, url=post.url,
            url_key=url_key, title=post.title, published_at=post.published_at, seen_at=at,
            state=state.value,
        )  # fmt: skip
        if not inserted:
            return None
        row = await self._session.scalar(
            select(SeenPostRow).where(
                SeenPostRow.network == post.network.value, SeenPostRow.key == post.key
            )
        )
        assert row is not None
        return _post(row)

    async def get(self, post_id: int) -> StoredPost | None:
        row = await self._session.get(SeenPostRow, post_id)
        return None if row is None else _post(row)

    async def take(
        self, post_id: int, task_id: int, by: str | None, was: Sequence[PostState]
    ) -> bool:
        return await changed(
            self._session,
            update(SeenPostRow)
            .where(
                SeenPostRow.id == post_id,
                SeenPostRow.task_id.is_(None),
                SeenPostRow.state.in_([state.value for state in was]),
            )
            .values(state=PostState.TASK.value, task_id=task_id, handled_by=by),
        )

    async def hold(self, url_key: str) -> None:
        # SQLite's writers hold the whole database in turn (BEGIN IMMEDIATE) already.
        if self._session.get_bind().dialect.name == "postgresql":
            key = func.hashtextextended(url_key, 0)
            await self._session.execute(select(func.pg_advisory_xact_lock(key)))

    async def link(self, url_key: str, task_id: int, by: str) -> list[StoredPost]:
        rows = list(
            await self._session.scalars(
                select(SeenPostRow).where(
                    SeenPostRow.url_key == url_key, SeenPostRow.task_id.is_(None)
                )
            )
        )
        if not rows:
            return []
        await self._session.execute(
            update(SeenPostRow)
            .where(SeenPostRow.id.in_([row.id for row in rows]), SeenPostRow.task_id.is_(None))
            .values(state=PostState.TASK.value, task_id=task_id, handled_by=by or None)
        )
        return [_post(row) for row in rows]

    async def has_link(self, url_key: str) -> bool:
        found = await self._session.scalar(
            select(SeenPostRow.id).where(SeenPostRow.url_key == url_key).limit(1)
        )
        return found is not None

    async def release(self, post_id: int, task_id: int, state: PostState) -> None:
        await self._session.execute(
            update(SeenPostRow)
            .where(SeenPostRow.id == post_id, SeenPostRow.task_id == task_id)
            .values(state=state.value, task_id=None, handled_by=None)
        )

    async def prompted(self, post_id: int, channel: str, ts: str) -> None:
        await self._session.execute(
            update(SeenPostRow)
            .where(SeenPostRow.id == post_id)
            .values(prompt_channel=channel, prompt_ts=ts)
        )
        await self._session.execute(
            update(SeenPostRow)
            .where(SeenPostRow.id == post_id, SeenPostRow.state == PostState.NEW.value)
            .values(state=PostState.PROMPTED.value)
        )

    async def dismiss(self, post_id: int, by: str) -> bool:
        return await changed(
            self._session,
            update(SeenPostRow)
            .where(
                SeenPostRow.id == post_id,
                SeenPostRow.state.in_([PostState.NEW.value, PostState.PROMPTED.value]),
            )
            .values(state=PostState.DISMISSED.value, handled_by=by),
        )

    async def in_state(
        self, state: PostState, seen_from: datetime, seen_until: datetime
    ) -> list[StoredPost]:
        rows = await self._session.scalars(
            select(SeenPostRow)
            .where(
                SeenPostRow.state == state.value,
                SeenPostRow.seen_at >= seen_from,
                SeenPostRow.seen_at < seen_until,
            )
            .order_by(SeenPostRow.id)
        )
        return [_post(row) for row in rows]

    async def seen_since(self, since: datetime) -> list[StoredPost]:
        """Posts published (or, when the network did not say, seen) since `since`."""
        rows = await self._session.scalars(
            select(SeenPostRow)
            .where(
                (SeenPostRow.published_at >= since)
                | (SeenPostRow.published_at.is_(None) & (SeenPostRow.seen_at >= since))
            )
            .order_by(SeenPostRow.id)
        )
        return [_post(row) for row in rows]
