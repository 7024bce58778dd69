"""A task's deadlines: halfway through, a reminder DM to those who have not answered; at the
deadline, the live message becomes the report. One-shot timers, armed again from the database;
what Slack did not take then, the sweep tries again."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from functools import partial

from bot.domain.calendar import WorkCalendar
from bot.domain.model.once import Where
from bot.domain.model.tasks import AssignmentState, Progress, Task, TaskState
from bot.domain.ports import LikeCheck, TaskNotifier, Timers, UnitOfWork, UnitOfWorkFactory
from bot.domain.services.task_delivery import SEND_ATTEMPTS, TaskDelivery

log = logging.getLogger(__name__)

# A live message or a report missing this long after it was due is the sweep's; sooner, the
# setup's or the deadline's own tries may still be on their way.
RETRY_AFTER = timedelta(seconds=60)
REPORT_FOR = timedelta(days=1)  # a report Slack keeps refusing is given up after this


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
        self._reminding: set[int] = set()  # tasks whose reminders this process is sending

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
        """Halfway through: one reminder DM to each who has not answered (see `_remind`)."""
        now = self._calendar.now()
        async with self._uow() as uow:
            task = await uow.tasks.get(task_id)
            if task is None or task.state is not TaskState.OPEN or task.reminded_at is not None:
                return 0
            # Another process may arm the same reminder (after a restart): the first one wins.
            if not await uow.tasks.set_reminded(task_id, now):
                return 0
            await uow.commit()
        return await self._remind(replace(task, reminded_at=now))

    async def _remind(self, task: Task, attempts: int = SEND_ATTEMPTS) -> int:
        """The reminder to each DMed by then who is still waiting and not reminded yet, once
        each (a key in the database decides) and marked as it goes out: those Slack did not
        take are the sweep's (`retry`) while the task is open. Returns how many were due (0
        while this process is reminding them already)."""
        due = task.reminded_at
        assert due is not None
        if task.id in self._reminding:
            return 0
        self._reminding.add(task.id)
        try:
            async with self._uow(read_only=True) as uow:
                assignments = await uow.tasks.assignments(task.id)
            waiting = [
                a for a in assignments
                if a.state is AssignmentState.WAITING and a.reminded_at is None
                and a.sent_at is not None and a.sent_at <= due
            ]  # fmt: skip
            for assignment in waiting:  # one failing does not keep the others' back
                where = Where(
                    f"task:{task.id}:reminder:{assignment.user}",
                    assignment.dm_channel or assignment.user,
                )
                remind = partial(self._notifier.task_reminder, task, assignment, key=where.key)
                reminded = partial(self._reminded, assignment.id)
                try:
                    await self._delivery.post_once(where, remind, reminded, attempts)
                except Exception:
                    log.warning(
                        "task %s: no reminder for %s", task.id, assignment.user, exc_info=True
                    )
        finally:
            self._reminding.discard(task.id)
        return len(waiting)

    async def _reminded(self, assignment_id: int, uow: UnitOfWork, posts: list[str]) -> None:
        await uow.tasks.mark_reminded(assignment_id, self._calendar.now())

    async def finish(self, task_id: int) -> Progress | None:
        """At the deadline the live message becomes the report (see `report`)."""
        async with self._uow() as uow:
            closed = await uow.tasks.close(task_id, TaskState.FINISHED, None, self._calendar.now())
            await uow.commit()
        self._delivery.forget(task_id)
        if not closed:
            return await self._delivery.progress(task_id)
        if self._likes is not None:
            try:
                await self._likes.at_deadline(task_id)
            except Exception:  # the report goes out with what was seen so far
                log.warning("task %s: likes not checked at the deadline", task_id, exc_info=True)
        try:
            return await self.report(task_id)
        except Exception:
            log.warning("task %s: no report yet; the sweep tries again", task_id, exc_info=True)
            return await self._delivery.progress(task_id)

    async def report(self, task_id: int, attempts: int = SEND_ATTEMPTS) -> Progress | None:
        """A closed task's live message updated to the report, or, never posted, a finished
        task's report posted in its place (a cancelled one needs none); marked reported once
        it is in Slack, else left to the sweep (`retry`)."""
        progress = await self._delivery.progress(task_id)
        if progress is None:
            return None
        if progress.task.progress_ts is None and progress.task.state is TaskState.FINISHED:
            progress = await self._delivery.publish(progress.task)
            if progress.task.progress_ts is None:
                return progress
        # Updating a report just posted changes nothing; a live message posted before needs it.
        if progress.task.progress_ts is not None:
            await self._delivery.with_retries(
                partial(self._notifier.update_task_progress, progress), attempts
            )
        async with self._uow() as uow:
            await uow.tasks.set_reported(task_id, self._calendar.now())
            await uow.commit()
        return progress

    async def retry(self) -> None:
        """The sweep's: what Slack did not take when it was due (or a restart cut short), once
        more each: an open task's halfway reminders and, RETRY_AFTER on, its live message;
        the report of a task finished (or the live message of one cancelled) within REPORT_FOR."""
        now = self._calendar.now()
        async with self._uow(read_only=True) as uow:
            tasks = await uow.tasks.open_tasks()
            unreported = await uow.tasks.unreported(now - REPORT_FOR, now - RETRY_AFTER)
        for task in tasks:
            if task.progress_ts is None and task.created_at <= now - RETRY_AFTER:
                await self._delivery.publish(task)
            if task.reminded_at is not None:
                await self._remind(task, attempts=1)
        for task in unreported:
            try:
                await self.report(task.id, attempts=1)
            except Exception:
                log.warning("task %s: still no report", task.id, exc_info=True)
