"""A check-in round: its posts (prompts), the answers (replies), the day's reminders and
numbering hints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories.statements import insert_once
from bot.db.tables import PromptRow, ReminderRow, ReplyRow
from bot.domain.model.checkin import AnswerPart, Digest, DigestEntry, Prompt, ThreadReply
from bot.domain.model.common import Department
from bot.domain.model.export import StoredAnswers
from bot.domain.model.questions import QuestionSet
from bot.domain.parsing.questions import question_set_data, read_question_set


def _answers(parts: list[AnswerPart]) -> list[dict[str, Any]]:
    return [{"question": part.question, "text": part.text} for part in parts]


def reply_row(prompt: Prompt, reply: ThreadReply, parts: list[AnswerPart]) -> dict[str, Any]:
    return {
        "prompt_id": prompt.id, "event_id": reply.event_id, "channel": reply.channel,
        "ts": reply.ts, "user_id": reply.user, "text": reply.text, "answers": _answers(parts),
        "received_at": reply.received_at, "edit_ts": reply.edit_ts,
        "edited_at": reply.received_at if reply.edit_ts else None,
    }  # fmt: skip


def _stored(row: Row[Any]) -> StoredAnswers:
    return StoredAnswers(
        row.id, row.round_date, Department(row.department), row.user_id,
        [AnswerPart(a["question"], a["text"]) for a in row.answers], row.received_at,
        deleted=row.deleted_at is not None,
        questions=read_question_set(row.questions, f"reply {row.id}"),
    )  # fmt: skip


def _prompt(row: Row[Any] | PromptRow) -> Prompt:
    return Prompt(
        row.id, row.round_date, Department(row.department), row.channel, row.ts,
        read_question_set(row.questions, f"prompt {row.id}"),
    )  # fmt: skip


_PROMPT = (
    PromptRow.id, PromptRow.round_date, PromptRow.department, PromptRow.channel, PromptRow.ts,
    PromptRow.questions,
)  # fmt: skip


class PromptRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, round_date: date, department: Department, channel: str, ts: str,
        questions: QuestionSet, at: datetime,
    ) -> None:  # fmt: skip
        await insert_once(
            self._session, PromptRow, round_date=round_date, department=department.value,
            channel=channel, ts=ts, created_at=at, questions=question_set_data(questions),
        )  # fmt: skip

    async def by_threads(self, threads: set[tuple[str, str]]) -> dict[tuple[str, str], Prompt]:
        connection = await self._session.connection()
        rows = await connection.execute(
            select(*_PROMPT).where(PromptRow.ts.in_({ts for _, ts in threads}))
        )
        return {
            (row.channel, row.ts): _prompt(row) for row in rows if (row.channel, row.ts) in threads
        }

    async def for_day(self, day: date) -> list[Prompt]:
        rows = await self._session.scalars(
            select(PromptRow)
            .where(PromptRow.round_date == day, PromptRow.ts.is_not(None))
            .order_by(PromptRow.id)
        )
        return [_prompt(row) for row in rows]


class ReplyRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

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

    async def move(self, channel: str, ts: str, new_ts: str) -> None:
        await self._session.execute(
            update(ReplyRow).where(ReplyRow.channel == channel, ReplyRow.ts == ts).values(ts=new_ts)
        )

    async def delete(self, channel: str, ts: str, at: datetime) -> date | None:
        """Tombstone the reply; returns its round's date (None: unknown or already deleted)."""
        reply = await self.find(channel, ts)
        if reply is None or reply.deleted_at is not None:
            return None
        reply.deleted_at = at
        return await self._session.scalar(
            select(PromptRow.round_date).where(PromptRow.id == reply.prompt_id)
        )

    async def prompt_of(self, reply_id: int) -> Prompt:
        row = (
            await self._session.execute(
                select(*_PROMPT)
                .join(ReplyRow, ReplyRow.prompt_id == PromptRow.id)
                .where(ReplyRow.id == reply_id)
            )
        ).one()
        return _prompt(row)

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

    async def export_page(
        self, first: date | None, last: date | None, after: tuple[date, int] | None, limit: int
    ) -> list[StoredAnswers]:
        """Up to `limit` replies of the rounds from `first` to `last` (inclusive, None: no
        bound), deleted ones too, by round and arrival, after the (round date, reply id)
        `after`: the next page of an export that never holds every reply at once."""
        query = (
            select(
                ReplyRow.id, PromptRow.round_date, PromptRow.department, ReplyRow.user_id,
                ReplyRow.answers, ReplyRow.received_at, ReplyRow.deleted_at, PromptRow.questions,
            )
            .join(PromptRow, ReplyRow.prompt_id == PromptRow.id)
            .order_by(PromptRow.round_date, ReplyRow.id)
            .limit(limit)
        )  # fmt: skip
        if first is not None:
            query = query.where(PromptRow.round_date >= first)
        if last is not None:
            query = query.where(PromptRow.round_date <= last)
        if after is not None:
            query = query.where(tuple_(PromptRow.round_date, ReplyRow.id) > tuple_(*after))
        return [_stored(row) for row in await self._session.execute(query)]


class InboxRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def reminded(self, day: date, department: Department, at: datetime) -> None:
        await insert_once(
            self._session, ReminderRow, round_date=day, department=department.value, sent_at=at
        )
