"""Repositories: the only place that speaks SQL. They return domain values, not rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.tables import Base, DigestRow, NumberingHintRow, PromptRow, ReplyRow
from bot.domain.answers import AnswerPart
from bot.domain.calendar import utcnow
from bot.domain.models import Department, Digest, DigestEntry, Prompt, ThreadReply


def _insert(session: AsyncSession) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING (SQLite and PostgreSQL alike)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def insert_once(session: AsyncSession, table: type[Base], **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: True when this call inserted the row.

    Race-free across processes on both backends: the database's unique key decides.
    """
    result = await session.execute(
        _insert(session)(table).values(**values).on_conflict_do_nothing()
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def insert_new(
    session: AsyncSession, table: type[Base], rows: list[dict[str, Any]], *returning: Any
) -> list[Row[Any]]:
    """Multi-row INSERT … ON CONFLICT DO NOTHING RETURNING: the rows this call inserted."""
    if not rows:
        return []
    # Core table on the session's connection (the ORM's bulk path costs more than the SQL), in
    # executemany form: one cached compiled statement, sent as multi-row VALUES by SQLAlchemy.
    statement = _insert(session)(table.__table__).on_conflict_do_nothing().returning(*returning)
    connection = await session.connection()
    return list(await connection.execute(statement, rows))


def _answers(parts: list[AnswerPart]) -> list[dict[str, Any]]:
    return [{"question": part.question, "text": part.text} for part in parts]


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

    async def by_threads(self, threads: set[tuple[str, str]]) -> dict[tuple[str, str], Prompt]:
        connection = await self._session.connection()
        rows = await connection.execute(
            select(
                PromptRow.id, PromptRow.round_date, PromptRow.department, PromptRow.channel,
                PromptRow.ts,
            ).where(PromptRow.ts.in_({ts for _, ts in threads}))
        )  # fmt: skip
        return {
            (row.channel, row.ts): Prompt(
                row.id, row.round_date, Department(row.department), row.channel, row.ts
            )
            for row in rows
            if (row.channel, row.ts) in threads
        }


class ReplyRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_many(
        self, replies: list[tuple[Prompt, ThreadReply, list[AnswerPart]]]
    ) -> set[tuple[str, str]]:
        inserted = await insert_new(
            self._session,
            ReplyRow,
            [
                {
                    "prompt_id": prompt.id, "event_id": reply.event_id, "channel": reply.channel,
                    "ts": reply.ts, "user_id": reply.user, "text": reply.text,
                    "answers": _answers(parts), "received_at": reply.received_at,
                }
                for prompt, reply, parts in replies
            ],
            ReplyRow.channel, ReplyRow.ts,
        )  # fmt: skip
        return {(row.channel, row.ts) for row in inserted}

    async def find(self, channel: str, ts: str) -> ReplyRow | None:
        return await self._session.scalar(
            select(ReplyRow).where(ReplyRow.channel == channel, ReplyRow.ts == ts)
        )

    async def edit(
        self, reply_id: int, text: str, parts: list[AnswerPart], edit_ts: str | None, at: datetime
    ) -> None:
        await self._session.execute(
            update(ReplyRow)
            .where(ReplyRow.id == reply_id)
            .values(text=text, answers=_answers(parts), edit_ts=edit_ts, edited_at=at)
        )

    async def delete(self, channel: str, ts: str, at: datetime) -> bool:
        result = await self._session.execute(
            update(ReplyRow)
            .where(ReplyRow.channel == channel, ReplyRow.ts == ts, ReplyRow.deleted_at.is_(None))
            .values(deleted_at=at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def digest(self, round_date: date) -> Digest:
        rows = await self._session.execute(
            select(PromptRow.department, ReplyRow.user_id, ReplyRow.ts, ReplyRow.answers)
            .join(ReplyRow, ReplyRow.prompt_id == PromptRow.id)
            .where(PromptRow.round_date == round_date, ReplyRow.deleted_at.is_(None))
            .order_by(ReplyRow.ts, ReplyRow.channel)
        )
        digest = Digest(round_date)
        for department, user, ts, answers in rows:
            for answer in answers:
                entry = DigestEntry(Department(department), user, answer["text"], ts)
                if answer["question"] is None:
                    digest.notes.append(entry)
                else:
                    digest.answers.setdefault(answer["question"], []).append(entry)
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

    async def first_hints(self, hints: set[tuple[date, str]]) -> set[tuple[date, str]]:
        rows = [{"round_date": day, "user_id": user} for day, user in hints]
        inserted = await insert_new(
            self._session,
            NumberingHintRow,
            rows,
            NumberingHintRow.round_date,
            NumberingHintRow.user_id,
        )
        return {(row.round_date, row.user_id) for row in inserted}
