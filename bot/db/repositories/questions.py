"""Coordination questions, their votes and comments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories.statements import changed, dialect_insert, insert_once
from bot.db.tables import CommentRow, QuestionRow, VoteRow
from bot.domain.model.checkin import ThreadReply
from bot.domain.model.feedback import Question, Vote


class QuestionRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, asker: str, text: str, at: datetime) -> Question:
        row = QuestionRow(asker=asker, text=text, created_at=at)
        self._session.add(row)
        await self._session.flush()
        return Question(row.id, asker, text, at)

    async def get(self, question_id: int) -> Question | None:
        row = await self._session.get(QuestionRow, question_id)
        if row is None:
            return None
        votes = await self._session.execute(
            select(VoteRow.user_id, VoteRow.vote).where(VoteRow.question_id == question_id)
        )
        comments = await self._session.scalar(
            select(func.count())
            .select_from(CommentRow)
            .where(CommentRow.question_id == question_id)
        )
        return Question(
            row.id, row.asker, row.text, row.created_at, row.closed_at,
            {user: Vote(vote) for user, vote in votes}, comments or 0,
        )  # fmt: skip

    async def vote(self, question_id: int, user: str, vote: Vote, at: datetime) -> None:
        statement = dialect_insert(self._session)(VoteRow).values(
            question_id=question_id, user_id=user, vote=vote.value, voted_at=at
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[VoteRow.question_id, VoteRow.user_id],
                set_={"vote": vote.value, "voted_at": at},
            )
        )

    async def close(self, question_id: int, at: datetime) -> bool:
        return await changed(
            self._session,
            update(QuestionRow)
            .where(QuestionRow.id == question_id, QuestionRow.closed_at.is_(None))
            .values(closed_at=at),
        )

    async def add_comment(self, question_id: int, reply: ThreadReply) -> bool:
        return await insert_once(
            self._session, CommentRow, question_id=question_id, channel=reply.channel,
            ts=reply.ts, user_id=reply.user, text=reply.text, received_at=reply.received_at,
        )  # fmt: skip

    async def open_questions(self, until: datetime | None = None) -> list[Question]:
        still_open: list[ColumnElement[bool]] = [QuestionRow.closed_at.is_(None)]
        if until is not None:
            still_open = [
                QuestionRow.created_at < until,
                or_(QuestionRow.closed_at.is_(None), QuestionRow.closed_at >= until),
            ]
        ids = await self._session.scalars(
            select(QuestionRow.id).where(*still_open).order_by(QuestionRow.id)
        )
        return [q for question_id in list(ids) if (q := await self.get(question_id)) is not None]
