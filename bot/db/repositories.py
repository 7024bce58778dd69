"""Repositories: the only place that speaks SQL. They return domain values, not rows."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

from bot.db.tables import (
    AssignmentRow,
    Base,
    ClaimRow,
    CommentRow,
    DigestRow,
    FeedbackRow,
    ItemRow,
    NumberingHintRow,
    PostRow,
    PromptRow,
    QuestionRow,
    ReminderRow,
    ReplyRow,
    RollupRow,
    ScheduledRunRow,
    TaskRow,
    ThreatRow,
    VoteRow,
)
from bot.domain.model.checkin import AnswerPart, Digest, DigestEntry, Prompt, ThreadReply
from bot.domain.model.common import Department
from bot.domain.model.feedback import Feedback, FeedbackKind, Question, Vote
from bot.domain.model.items import Item, ItemDraft, ItemKind, Threat, ThreatStatus
from bot.domain.model.once import Claim
from bot.domain.model.tasks import (
    Assignment,
    AssignmentState,
    Audience,
    Network,
    Sent,
    Task,
    TaskAction,
    TaskState,
)


def _insert(session: AsyncSession) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING (SQLite and PostgreSQL alike)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def changed(session: AsyncSession, statement: Executable) -> bool:
    """Run a conditional INSERT or UPDATE: True when it touched a row. The database decides
    who was first, race-free across processes on both backends."""
    result = await session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def insert_once(session: AsyncSession, table: type[Base], **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: True when this call inserted the row."""
    return await changed(session, _insert(session)(table).values(**values).on_conflict_do_nothing())


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


class PromptRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, round_date: date, department: Department, channel: str, ts: str, at: datetime
    ) -> None:
        await insert_once(
            self._session, PromptRow, round_date=round_date, department=department.value,
            channel=channel, ts=ts, created_at=at,
        )  # fmt: skip

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

    async def for_day(self, day: date) -> list[Prompt]:
        rows = await self._session.scalars(
            select(PromptRow)
            .where(PromptRow.round_date == day, PromptRow.ts.is_not(None))
            .order_by(PromptRow.id)
        )
        return [
            Prompt(row.id, row.round_date, Department(row.department), row.channel, row.ts)
            for row in rows
        ]


class ReplyRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_many(
        self, replies: list[tuple[Prompt, ThreadReply, list[AnswerPart]]]
    ) -> dict[tuple[str, str], int]:
        inserted = await insert_new(
            self._session,
            ReplyRow,
            [
                {
                    "prompt_id": prompt.id, "event_id": reply.event_id, "channel": reply.channel,
                    "ts": reply.ts, "user_id": reply.user, "text": reply.text,
                    "answers": _answers(parts), "received_at": reply.received_at,
                    "edit_ts": reply.edit_ts,
                    "edited_at": reply.received_at if reply.edit_ts else None,
                }
                for prompt, reply, parts in replies
            ],
            ReplyRow.id, ReplyRow.channel, ReplyRow.ts,
        )  # fmt: skip
        return {(row.channel, row.ts): row.id for row in inserted}

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

    async def round_of(self, reply_id: int) -> date:
        return await self._session.scalar(
            select(PromptRow.round_date)
            .join(ReplyRow, ReplyRow.prompt_id == PromptRow.id)
            .where(ReplyRow.id == reply_id)
        )  # type: ignore[return-value]

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


class ItemRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def replace(self, reply_id: int, drafts: list[ItemDraft]) -> None:
        await self._session.execute(delete(ItemRow).where(ItemRow.reply_id == reply_id))
        if drafts:
            connection = await self._session.connection()
            await connection.execute(
                insert(ItemRow),
                [
                    {
                        "reply_id": reply_id, "kind": d.kind.value, "title": d.title,
                        "start_date": d.start, "end_date": d.end, "live_until": d.live_until,
                    }
                    for d in drafts
                ],
            )  # fmt: skip

    async def live(self, day: date) -> list[Item]:
        """Items still to come (or going on) on `day`, from answers given up to that day."""
        rows = await self._session.execute(
            select(ItemRow, PromptRow.department, PromptRow.round_date, ReplyRow.user_id)
            .join(ReplyRow, ItemRow.reply_id == ReplyRow.id)
            .join(PromptRow, ReplyRow.prompt_id == PromptRow.id)
            .where(
                ItemRow.live_until >= day,
                PromptRow.round_date <= day,
                ReplyRow.deleted_at.is_(None),
            )
        )
        return [
            Item(
                ItemKind(row.kind), Department(department), user, row.title,
                row.start_date, row.end_date, mentioned_on,
            )
            for row, department, mentioned_on, user in rows
        ]  # fmt: skip


class ThreatRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def upsert(self, reply_id: int, text: str | None, at: datetime) -> int | None:
        """Open, update or (text None) withdraw the reply's threat; returns the id when new."""
        row = await self._session.scalar(select(ThreatRow).where(ThreatRow.reply_id == reply_id))
        if row is None:
            if text is None:
                return None
            department, user, round_date = (
                await self._session.execute(
                    select(PromptRow.department, ReplyRow.user_id, PromptRow.round_date)
                    .join(ReplyRow, ReplyRow.prompt_id == PromptRow.id)
                    .where(ReplyRow.id == reply_id)
                )
            ).one()
            row = ThreatRow(
                reply_id=reply_id, department=department, user_id=user, opened_on=round_date,
                text=text, status=ThreatStatus.OPEN, opened_at=at,
            )  # fmt: skip
            self._session.add(row)
            await self._session.flush()
            return row.id
        if text is None:
            if row.status == ThreatStatus.OPEN:
                row.status = ThreatStatus.WITHDRAWN
        else:
            row.text = text
            if row.status == ThreatStatus.WITHDRAWN:
                row.status = ThreatStatus.OPEN
        return None

    async def open_from_feedback(
        self, feedback_id: int, user: str, text: str, opened_on: date, at: datetime
    ) -> int:
        row = ThreatRow(
            feedback_id=feedback_id, user_id=user, opened_on=opened_on, text=text,
            status=ThreatStatus.OPEN, opened_at=at,
        )  # fmt: skip
        self._session.add(row)
        await self._session.flush()
        return row.id

    @staticmethod
    def _threat(row: ThreatRow) -> Threat:
        return Threat(
            row.id, Department(row.department) if row.department else None, row.user_id,
            row.text, row.opened_on, row.opened_at, ThreatStatus(row.status), row.closed_by,
            row.closed_at,
        )  # fmt: skip

    async def open_on(self, day: date) -> list[Threat]:
        """Threats open now that were raised on or before `day` (a deleted answer's are not)."""
        rows = await self._session.scalars(
            select(ThreatRow)
            .outerjoin(ReplyRow, ThreatRow.reply_id == ReplyRow.id)
            .where(
                ThreatRow.status == ThreatStatus.OPEN,
                ThreatRow.opened_on <= day,
                ReplyRow.deleted_at.is_(None),
            )
        )
        return [self._threat(row) for row in rows]

    async def get(self, threat_id: int) -> tuple[Threat, str | None, str | None] | None:
        """The threat with the channel and ts of its alert."""
        row = await self._session.get(ThreatRow, threat_id)
        if row is None:
            return None
        return self._threat(row), row.alert_channel, row.alert_ts

    async def set_alert(self, threat_id: int, channel: str, ts: str) -> None:
        await self._session.execute(
            update(ThreatRow)
            .where(ThreatRow.id == threat_id)
            .values(alert_channel=channel, alert_ts=ts)
        )

    async def unalerted(self) -> list[int]:
        rows = await self._session.scalars(
            select(ThreatRow.id)
            .outerjoin(ReplyRow, ThreatRow.reply_id == ReplyRow.id)
            .where(
                ThreatRow.status == ThreatStatus.OPEN,
                ThreatRow.alert_ts.is_(None),
                ReplyRow.deleted_at.is_(None),
            )
            .order_by(ThreatRow.id)
        )
        return list(rows)

    async def close(self, threat_id: int, status: ThreatStatus, user: str, at: datetime) -> bool:
        """Close an open threat; False when it was closed already (the first click counts)."""
        return await changed(
            self._session,
            update(ThreatRow)
            .where(ThreatRow.id == threat_id, ThreatRow.status == ThreatStatus.OPEN)
            .values(status=status, closed_by=user, closed_at=at),
        )


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


class InboxRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def reminded(self, day: date, department: Department, at: datetime) -> None:
        await insert_once(
            self._session, ReminderRow, round_date=day, department=department.value, sent_at=at
        )

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


def _task(row: TaskRow) -> Task:
    return Task(
        row.id, row.url, Network(row.network), TaskAction(row.action), row.created_by,
        row.channel, row.progress_ts, row.created_at, row.deadline, TaskState(row.status),
        row.reminded_at, row.closed_at, row.closed_by,
        Audience(**{key: tuple(ids) for key, ids in (row.audience or {}).items()}),
    )  # fmt: skip


def _assignment(row: AssignmentRow) -> Assignment:
    return Assignment(
        row.id, row.task_id, row.user_id, row.name, row.tz,
        Department(row.department) if row.department else None, AssignmentState(row.state),
        row.skip_reason, row.dm_channel, row.dm_ts, row.sent_at, row.answered_at,
    )  # fmt: skip


ASSIGNMENTS = cast(Table, AssignmentRow.__table__)  # Core: one UPDATE executed for many rows
STARTED = (TaskState.OPEN, TaskState.FINISHED, TaskState.CANCELLED)  # tasks that asked people


class TaskRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, task: Task) -> Task:
        row = TaskRow(
            url=task.url, network=task.network.value, action=task.action.value,
            created_by=task.created_by, channel=task.channel, progress_ts=task.progress_ts,
            created_at=task.created_at, deadline=task.deadline, status=task.state.value,
            audience=asdict(task.audience),
        )  # fmt: skip
        self._session.add(row)
        await self._session.flush()
        return _task(row)

    async def assign(self, task_id: int, assignments: list[Assignment]) -> None:
        connection = await self._session.connection()
        await connection.execute(
            insert(AssignmentRow),
            [
                {
                    "task_id": task_id, "user_id": a.user, "name": a.name, "tz": a.tz,
                    "department": a.department.value if a.department else None,
                    "state": a.state.value, "skip_reason": a.skip_reason,
                }
                for a in assignments
            ],
        )  # fmt: skip

    async def set_progress_ts(self, task_id: int, ts: str) -> None:
        await self._session.execute(
            update(TaskRow).where(TaskRow.id == task_id).values(progress_ts=ts)
        )

    async def get(self, task_id: int) -> Task | None:
        row = await self._session.get(TaskRow, task_id)
        return None if row is None else _task(row)

    async def assignments(self, task_id: int) -> list[Assignment]:
        rows = await self._session.scalars(
            select(AssignmentRow).where(AssignmentRow.task_id == task_id).order_by(AssignmentRow.id)
        )
        return [_assignment(row) for row in rows]

    async def unsent(self, task_id: int) -> list[Assignment]:
        rows = await self._session.scalars(
            select(AssignmentRow)
            .where(
                AssignmentRow.task_id == task_id,
                AssignmentRow.state == AssignmentState.WAITING,
                AssignmentRow.sent_at.is_(None),
            )
            .order_by(AssignmentRow.id)
        )
        return [_assignment(row) for row in rows]

    async def mark_sent(self, sent: list[Sent]) -> None:
        connection = await self._session.connection()
        await connection.execute(
            update(ASSIGNMENTS)
            .where(ASSIGNMENTS.c.id == bindparam("assignment_id"))
            .values(dm_channel=bindparam("dm_channel"), dm_ts=bindparam("dm_ts"),
                    sent_at=bindparam("sent_at")),
            [
                {"assignment_id": s.assignment_id, "dm_channel": s.channel, "dm_ts": s.ts,
                 "sent_at": s.at}
                for s in sent
            ],
        )  # fmt: skip

    async def assignment(self, assignment_id: int) -> tuple[Task, Assignment] | None:
        row = await self._session.get(AssignmentRow, assignment_id)
        if row is None:
            return None
        task = await self._session.get_one(TaskRow, row.task_id)
        return _task(task), _assignment(row)

    async def record_answer(self, assignment_id: int, state: AssignmentState, at: datetime) -> bool:
        return await changed(
            self._session,
            update(AssignmentRow)
            .where(
                AssignmentRow.id == assignment_id,
                AssignmentRow.state == AssignmentState.WAITING,
            )
            .values(state=state.value, answered_at=at),
        )

    async def set_reminded(self, task_id: int, at: datetime) -> bool:
        return await changed(
            self._session,
            update(TaskRow)
            .where(TaskRow.id == task_id, TaskRow.reminded_at.is_(None))
            .values(reminded_at=at),
        )

    async def start(self, task_id: int, channel: str) -> bool:
        return await changed(
            self._session,
            update(TaskRow)
            .where(TaskRow.id == task_id, TaskRow.status == TaskState.SETUP)
            .values(status=TaskState.OPEN.value, channel=channel),
        )

    async def close(
        self,
        task_id: int,
        state: TaskState,
        by: str | None,
        at: datetime,
        *,
        was: TaskState = TaskState.OPEN,
    ) -> bool:
        return await changed(
            self._session,
            update(TaskRow)
            .where(TaskRow.id == task_id, TaskRow.status == was)
            .values(status=state.value, closed_by=by, closed_at=at),
        )

    async def cancel_waiting(self, task_id: int) -> list[Assignment]:
        waiting = [a for a in await self.assignments(task_id) if a.state is AssignmentState.WAITING]
        await self._session.execute(
            update(AssignmentRow)
            .where(
                AssignmentRow.task_id == task_id,
                AssignmentRow.state == AssignmentState.WAITING,
            )
            .values(state=AssignmentState.CANCELLED.value)
        )
        return [replace(a, state=AssignmentState.CANCELLED) for a in waiting]

    async def waiting_for(self, user: str) -> list[tuple[Task, Assignment]]:
        rows = await self._session.execute(
            select(TaskRow, AssignmentRow)
            .join(AssignmentRow, AssignmentRow.task_id == TaskRow.id)
            .where(
                TaskRow.status == TaskState.OPEN,
                AssignmentRow.user_id == user,
                AssignmentRow.state == AssignmentState.WAITING,
                AssignmentRow.sent_at.is_not(None),
            )
            .order_by(TaskRow.id)
        )
        return [(_task(task), _assignment(assignment)) for task, assignment in rows]

    async def latest(self) -> Task | None:
        row = await self._session.scalar(
            select(TaskRow).where(TaskRow.status.in_(STARTED)).order_by(TaskRow.id.desc()).limit(1)
        )
        return None if row is None else _task(row)

    async def open_tasks(self) -> list[Task]:
        return await self._in_state(TaskState.OPEN)

    async def in_setup(self) -> list[Task]:
        return await self._in_state(TaskState.SETUP)

    async def _in_state(self, state: TaskState) -> list[Task]:
        rows = await self._session.scalars(
            select(TaskRow).where(TaskRow.status == state).order_by(TaskRow.id)
        )
        return [_task(row) for row in rows]

    async def between(self, start: datetime, end: datetime) -> list[tuple[Task, Assignment]]:
        rows = await self._session.execute(
            select(TaskRow, AssignmentRow)
            .join(AssignmentRow, AssignmentRow.task_id == TaskRow.id)
            .where(TaskRow.created_at >= start, TaskRow.created_at < end)
        )
        return [(_task(task), _assignment(assignment)) for task, assignment in rows]


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

    async def untaken(self) -> list[Feedback]:
        rows = await self._session.scalars(
            select(FeedbackRow)
            .where(FeedbackRow.taken_by.is_(None), FeedbackRow.done_by.is_(None))
            .order_by(FeedbackRow.id)
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
        statement = _insert(self._session)(VoteRow).values(
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

    async def open_questions(self) -> list[Question]:
        ids = await self._session.scalars(
            select(QuestionRow.id).where(QuestionRow.closed_at.is_(None)).order_by(QuestionRow.id)
        )
        return [q for question_id in list(ids) if (q := await self.get(question_id)) is not None]


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
