"""A task's deadlines: halfway through, a reminder DM to those who have not answered; at the
deadline, the live message becomes the report. One-shot timers, armed again from the database."""

from __future__ import annotations

import logging
from functools import partial

from bot.domain.calendar import WorkCalendar
from bot.domain.model.tasks import AssignmentState, Progress, Task, TaskState
from bot.domain.ports import LikeCheck, TaskNotifier, Timers, UnitOfWorkFactory
from bot.domain.services.task_delivery import TaskDelivery

log = logging.getLogger(__name__)


class TaskDeadlines:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: TaskNotifier,
        timers: Timers,
        calendar: WorkCalendar,
        delivery: TaskDelivery,
        likes: LikeCheck | None = None,
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._timers = timers
        self._calendar = calendar
        self._delivery = delivery
        self._likes = likes  # VK: the likes on the network confirm the assignments

    def arm(self, task: Task) -> None:
        """Set the task's timers: the halfway reminder (unless it is sent or past) and the
        deadline."""
        if task.reminded_at is None and task.halfway > self._calendar.now():
            self._timers.at(task.halfway, lambda: self.remind(task.id), f"task {task.id} reminder")
        self._timers.at(task.deadline, lambda: self.finish(task.id), f"task {task.id} deadline")

    def disarm(self, task_id: int) -> None:
        self._timers.cancel(f"task {task_id} reminder")
        self._timers.cancel(f"task {task_id} deadline")

    async def arm_timers(self) -> None:
        """The timers of every open task, from the database: the leader's sweep keeps them
        armed, whichever replica created the task."""
        async with self._uow(read_only=True) as uow:
            tasks = await uow.tasks.open_tasks()
        for task in tasks:
            self.arm(task)

    async def remind(self, task_id: int) -> int:
        """Halfway through: one reminder DM to those who have not answered."""
        async with self._uow() as uow:
            task = await uow.tasks.get(task_id)
            if task is None or task.state is not TaskState.OPEN or task.reminded_at is not None:
                return 0
            waiting = [
                a for a in await uow.tasks.assignments(task_id)
                if a.state is AssignmentState.WAITING and a.sent_at is not None
            ]  # fmt: skip
            # Another process may arm the same reminder (after a restart): the first one wins.
            if not await uow.tasks.set_reminded(task_id, self._calendar.now()):
                return 0
            await uow.commit()
        for assignment in waiting:  # one failing does not keep the others' back
            remind = partial(self._notifier.task_reminder, task, assignment)
            try:
                await self._delivery.with_retries(remind)
            except Exception:
                log.warning("task %s: no reminder for %s", task.id, assignment.user, exc_info=True)
        return len(waiting)

    async def finish(self, task_id: int) -> Progress | None:
        """At the deadline the live message becomes the report."""
        async with self._uow() as uow:
            closed = await uow.tasks.close(task_id, TaskState.FINISHED, None, self._calendar.now())
            await uow.commit()
        self._delivery.forget(task_id)
        if closed and self._likes is not None:
            try:
                await self._likes.at_deadline(task_id)
            except Exception:  # the report goes out with what was seen so far
                log.warning("task %s: likes not checked at the deadline", task_id, exc_info=True)
        progress = await self._delivery.progress(task_id)
        if closed and progress is not None and progress.task.progress_ts:
            await self._notifier.update_task_progress(progress)
        return progress
