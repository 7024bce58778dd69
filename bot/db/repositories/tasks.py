"""Quick tasks and their assignments."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, replace
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, func, insert, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories.statements import changed
from bot.db.tables import AssignmentRow, TaskRow, UTCDateTime
from bot.domain.model.common import Department
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


def _task(row: TaskRow) -> Task:
    return Task(
        row.id, row.url, Network(row.network), TaskAction(row.action), row.created_by,
        row.channel, row.progress_ts, row.created_at, row.deadline, TaskState(row.status),
        row.reminded_at, row.closed_at, row.closed_by,
        Audience(**{key: tuple(ids) for key, ids in (row.audience or {}).items()}), row.vk_post,
        row.reported_at,
    )  # fmt: skip


def _assignment(row: AssignmentRow) -> Assignment:
    return Assignment(
        row.id, row.task_id, row.user_id, row.name, row.tz,
        Department(row.department) if row.department else None, AssignmentState(row.state),
        row.skip_reason, row.dm_channel, row.dm_ts, row.sent_at, row.answered_at,
        row.verified_at, row.unliked_at, row.reminded_at,
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
            audience=asdict(task.audience), vk_post=task.vk_post,
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

    async def mark_reminded(self, assignment_id: int, at: datetime) -> None:
        await self._session.execute(
            update(AssignmentRow).where(AssignmentRow.id == assignment_id).values(reminded_at=at)
        )

    async def set_reported(self, task_id: int, at: datetime) -> None:
        await self._session.execute(
            update(TaskRow).where(TaskRow.id == task_id).values(reported_at=at)
        )

    async def unreported(self, since: datetime, before: datetime) -> list[Task]:
        rows = await self._session.scalars(
            select(TaskRow)
            .where(
                TaskRow.status.in_([TaskState.FINISHED, TaskState.CANCELLED]),
                TaskRow.reported_at.is_(None),
                TaskRow.closed_at >= since,
                TaskRow.closed_at < before,
            )
            .order_by(TaskRow.id)
        )
        return [_task(row) for row in rows]

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

    async def started_since(self, start: datetime) -> list[Task]:
        rows = await self._session.scalars(
            select(TaskRow)
            .where(TaskRow.created_at >= start, TaskRow.status.in_((*STARTED, TaskState.SETUP)))
            .order_by(TaskRow.id)
        )
        return [_task(row) for row in rows]

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

    async def export_page(
        self, start: datetime | None, end: datetime | None, after: int, limit: int
    ) -> list[tuple[Task, Assignment]]:
        """Up to `limit` assignments, by id after `after`, of the tasks created from `start`
        to before `end` (None: no bound)."""
        query = (
            select(TaskRow, AssignmentRow)
            .join(AssignmentRow, AssignmentRow.task_id == TaskRow.id)
            .where(AssignmentRow.id > after)
            .order_by(AssignmentRow.id)
            .limit(limit)
        )
        if start is not None:
            query = query.where(TaskRow.created_at >= start)
        if end is not None:
            query = query.where(TaskRow.created_at < end)
        rows = await self._session.execute(query)
        return [(_task(task), _assignment(assignment)) for task, assignment in rows]

    async def on_vk_post(self, post: str, users: Collection[str]) -> list[tuple[Task, Assignment]]:
        rows = await self._session.execute(
            select(TaskRow, AssignmentRow)
            .join(AssignmentRow, AssignmentRow.task_id == TaskRow.id)
            .where(
                TaskRow.vk_post == post,
                TaskRow.status == TaskState.OPEN,
                AssignmentRow.user_id.in_(list(users)),
            )
            .order_by(AssignmentRow.id)
        )
        return [(_task(task), _assignment(assignment)) for task, assignment in rows]

    async def verify(self, assignment_id: int, at: datetime) -> bool:
        # A like again after taking it back clears the flag; the first sighting stays.
        when = literal(at, UTCDateTime())  # typed, so SQLite stores it as UTC like the column
        return await changed(
            self._session,
            update(AssignmentRow)
            .where(
                AssignmentRow.id == assignment_id,
                AssignmentRow.state.in_((AssignmentState.WAITING, AssignmentState.DONE)),
                or_(AssignmentRow.verified_at.is_(None), AssignmentRow.unliked_at.is_not(None)),
            )
            .values(
                state=AssignmentState.DONE.value,
                answered_at=func.coalesce(AssignmentRow.answered_at, when),
                verified_at=func.coalesce(AssignmentRow.verified_at, when),
                unliked_at=None,
            ),
        )

    async def unlike(self, assignment_id: int, at: datetime) -> bool:
        return await changed(
            self._session,
            update(AssignmentRow)
            .where(
                AssignmentRow.id == assignment_id,
                AssignmentRow.verified_at.is_not(None),
                AssignmentRow.unliked_at.is_(None),
            )
            .values(unliked_at=at),
        )

    async def known_names(self) -> dict[str, str]:
        """Everyone's name as of their latest assignment, by user id: the only names the bot
        stores (a reply or a feedback item keeps the author's id alone)."""
        latest = select(func.max(AssignmentRow.id)).group_by(AssignmentRow.user_id)
        rows = await self._session.execute(
            select(AssignmentRow.user_id, AssignmentRow.name).where(AssignmentRow.id.in_(latest))
        )
        return {user: name for user, name in rows}
