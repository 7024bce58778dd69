"""Repositories: the only place that speaks SQL. They return domain values, not rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.tables import (
    AnswerPartRow,
    Base,
    DigestRow,
    NumberingHintRow,
    PromptRow,
    ReplyRow,
    SlackEventRow,
)
from bot.domain.answers import AnswerPart
from bot.domain.calendar import utcnow
from bot.domain.models import Department, Digest, DigestEntry, Prompt, ThreadReply


async def insert_once(session: AsyncSession, table: type[Base], **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: True when this call inserted the row.

    Race-free across processes on both backends: the database's unique key decides.
    """
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    result = await session.execute(dialect.insert(table).values(**values).on_conflict_do_nothing())
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _parts(parts: list[AnswerPart]) -> list[AnswerPartRow]:
    return [
        AnswerPartRow(position=i, question=part.question, text=part.text)
        for i, part in enumerate(parts)
    ]


class PromptRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(self, round_date: date, department: Department, channel: str) -> int | None:
        inserted = await insert_once(
            self._session,
            PromptRow,
            round_date=round_date,
            department=department.value,
            channel=channel,
            created_at=utcnow(),
        )
        if not inserted:
            return None
        return await self._session.scalar(
            select(PromptRow.id).where(
                PromptRow.channel == channel, PromptRow.round_date == round_date
            )
        )

    async def set_ts(self, prompt_id: int, ts: str) -> None:
        await self._session.execute(
            update(PromptRow).where(PromptRow.id == prompt_id).values(ts=ts)
        )

    async def release(self, prompt_id: int) -> None:
        await self._session.execute(delete(PromptRow).where(PromptRow.id == prompt_id))

    async def by_thread(self, channel: str, thread_ts: str) -> Prompt | None:
        row = await self._session.scalar(
            select(PromptRow).where(PromptRow.channel == channel, PromptRow.ts == thread_ts)
        )
        if row is None:
            return None
        return Prompt(row.id, row.round_date, Department(row.department), row.channel, row.ts)


class ReplyRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, prompt: Prompt, reply: ThreadReply, parts: list[AnswerPart]) -> bool:
        inserted = await insert_once(
            self._session,
            ReplyRow,
            prompt_id=prompt.id,
            channel=reply.channel,
            ts=reply.ts,
            user_id=reply.user,
            text=reply.text,
            received_at=reply.received_at,
        )
        if inserted:
            row = await self.find(reply.channel, reply.ts)
            assert row is not None
            row.parts = _parts(parts)
        return inserted

    async def find(self, channel: str, ts: str) -> ReplyRow | None:
        return await self._session.scalar(
            select(ReplyRow).where(ReplyRow.channel == channel, ReplyRow.ts == ts)
        )

    async def edit(
        self, reply_id: int, text: str, parts: list[AnswerPart], edit_ts: str | None, at: datetime
    ) -> None:
        row = await self._session.get_one(ReplyRow, reply_id)
        row.text, row.edit_ts, row.edited_at = text, edit_ts, at
        row.parts = _parts(parts)

    async def delete(self, channel: str, ts: str, at: datetime) -> bool:
        result = await self._session.execute(
            update(ReplyRow)
            .where(ReplyRow.channel == channel, ReplyRow.ts == ts, ReplyRow.deleted_at.is_(None))
            .values(deleted_at=at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def digest(self, round_date: date) -> Digest:
        rows = await self._session.execute(
            select(PromptRow.department, ReplyRow.user_id, ReplyRow.ts, AnswerPartRow)
            .join(ReplyRow, ReplyRow.prompt_id == PromptRow.id)
            .join(AnswerPartRow, AnswerPartRow.reply_id == ReplyRow.id)
            .where(PromptRow.round_date == round_date, ReplyRow.deleted_at.is_(None))
            .order_by(ReplyRow.ts, ReplyRow.channel, AnswerPartRow.position)
        )
        digest = Digest(round_date)
        for department, user, ts, part in rows:
            entry = DigestEntry(Department(department), user, part.text, ts)
            if part.question is None:
                digest.notes.append(entry)
            else:
                digest.answers.setdefault(part.question, []).append(entry)
        return digest


class DigestRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(self, round_date: date, channel: str) -> bool:
        return await insert_once(self._session, DigestRow, round_date=round_date, channel=channel)

    async def find_ts(self, round_date: date) -> tuple[str, str | None] | None:
        row = await self._session.get(DigestRow, round_date)
        return None if row is None else (row.channel, row.ts)

    async def set_ts(self, round_date: date, ts: str, at: datetime) -> None:
        await self._session.execute(
            update(DigestRow).where(DigestRow.round_date == round_date).values(ts=ts, posted_at=at)
        )

    async def release(self, round_date: date) -> None:
        await self._session.execute(delete(DigestRow).where(DigestRow.round_date == round_date))


class InboxRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def first_event(self, event_id: str, at: datetime) -> bool:
        return await insert_once(self._session, SlackEventRow, event_id=event_id, received_at=at)

    async def first_hint(self, round_date: date, user: str) -> bool:
        return await insert_once(
            self._session, NumberingHintRow, round_date=round_date, user_id=user
        )
