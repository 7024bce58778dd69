"""Feedback items, their posts in the departments, and the weekly roll-ups."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories.statements import insert_once
from bot.db.tables import FeedbackRow, PostRow, RollupRow
from bot.domain.model.common import Department
from bot.domain.model.feedback import Feedback, FeedbackKind
from bot.domain.model.tasks import Network


def _feedback(row: FeedbackRow) -> Feedback:
    return Feedback(
        row.id, row.author, row.created_at, FeedbackKind(row.kind), row.text, row.link,
        Network(row.network) if row.network else None,
        tuple(Department(d) for d in row.departments.split(",")), row.urgent,
        row.taken_by, row.taken_at, row.done_by, row.done_at,
    )  # fmt: skip


class FeedbackRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, item: Feedback) -> Feedback:
        row = FeedbackRow(
            author=item.author, created_at=item.created_at, kind=item.kind.value,
            text=item.text, link=item.link, network=item.network.value if item.network else None,
            departments=",".join(d.value for d in item.departments), urgent=item.urgent,
        )  # fmt: skip
        self._session.add(row)
        await self._session.flush()
        return _feedback(row)

    async def get(self, feedback_id: int) -> Feedback | None:
        row = await self._session.get(FeedbackRow, feedback_id)
        return None if row is None else _feedback(row)

    async def mark(self, feedback_id: int, user: str, at: datetime, *, done: bool) -> bool:
        row = await self._session.get(FeedbackRow, feedback_id)
        if row is None or row.done_by is not None or (not done and row.taken_by is not None):
            return False
        if done:
            row.done_by, row.done_at = user, at
        else:
            row.taken_by, row.taken_at = user, at
        return True

    async def between(self, start: datetime, end: datetime) -> list[Feedback]:
        rows = await self._session.scalars(
            select(FeedbackRow)
            .where(FeedbackRow.created_at >= start, FeedbackRow.created_at < end)
            .order_by(FeedbackRow.id)
        )
        return [_feedback(row) for row in rows]

    async def export_page(
        self, start: datetime | None, end: datetime | None, after: int, limit: int
    ) -> list[Feedback]:
        """Up to `limit` items, by id after `after`, created from `start` to before `end`
        (None: no bound)."""
        query = (
            select(FeedbackRow).where(FeedbackRow.id > after).order_by(FeedbackRow.id).limit(limit)
        )
        if start is not None:
            query = query.where(FeedbackRow.created_at >= start)
        if end is not None:
            query = query.where(FeedbackRow.created_at < end)
        return [_feedback(row) for row in await self._session.scalars(query)]

    async def untaken(self, until: datetime | None = None) -> list[Feedback]:
        untouched: list[ColumnElement[bool]] = [
            FeedbackRow.taken_by.is_(None),
            FeedbackRow.done_by.is_(None),
        ]
        if until is not None:
            untouched = [
                FeedbackRow.created_at < until,
                or_(FeedbackRow.taken_at.is_(None), FeedbackRow.taken_at >= until),
                or_(FeedbackRow.done_at.is_(None), FeedbackRow.done_at >= until),
            ]
        rows = await self._session.scalars(
            select(FeedbackRow).where(*untouched).order_by(FeedbackRow.id)
        )
        return [_feedback(row) for row in rows]

    async def add_post(
        self,
        channel: str,
        ts: str,
        *,
        feedback_id: int | None = None,
        question_id: int | None = None,
    ) -> None:
        await insert_once(
            self._session, PostRow, feedback_id=feedback_id, question_id=question_id,
            channel=channel, ts=ts,
        )  # fmt: skip

    async def posts(
        self, *, feedback_id: int | None = None, question_id: int | None = None
    ) -> list[tuple[str, str]]:
        owner = (
            PostRow.feedback_id == feedback_id if feedback_id is not None
            else PostRow.question_id == question_id
        )  # fmt: skip
        rows = await self._session.execute(
            select(PostRow.channel, PostRow.ts).where(owner).order_by(PostRow.id)
        )
        return [(channel, ts) for channel, ts in rows]

    async def question_of_post(self, channel: str, ts: str) -> int | None:
        return await self._session.scalar(
            select(PostRow.question_id).where(
                PostRow.channel == channel, PostRow.ts == ts, PostRow.question_id.is_not(None)
            )
        )

    async def add_rollup(self, week_end: date, channel: str, ts: str) -> None:
        await insert_once(self._session, RollupRow, week_end=week_end, channel=channel, ts=ts)
