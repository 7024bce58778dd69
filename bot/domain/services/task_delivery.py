"""A task's messages: a DM to everyone asked (the assignments are the outbox, sent in rounds),
and the live progress message in the task's channel, updated as answers come in."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from bot.domain.batching import Batcher
from bot.domain.calendar import Backoff, WorkCalendar
from bot.domain.model.common import Outcome
from bot.domain.model.once import Where
from bot.domain.model.tasks import Assignment, Progress, Sent, Task, TaskState
from bot.domain.ports import Spawn, TaskNotifier, UnitOfWork, UnitOfWorkFactory
from bot.domain.services.once import post_once

log = logging.getLogger(__name__)
T = TypeVar("T")

PROGRESS_EVERY = 2.0  # seconds: at most one update of a live progress message this often
FANOUT_CONCURRENCY = 10  # DMs in flight at once; Slack's pace is kept by the notifier
SEND_ATTEMPTS = 3  # a DM that fails with a 5xx or a timeout is tried this often in a row
SEND_BACKOFF = Backoff(1.0)  # seconds before the second try, doubling
DELIVERY_ROUNDS = 6  # then it waits in the outbox for the next round (1, 2, 4… s later)


class TaskDelivery:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: TaskNotifier,
        spawn: Spawn,
        calendar: WorkCalendar,
        fanned_out: Callable[[float], None],
        serve: Spawn,
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._spawn = spawn
        self._calendar = calendar
        self._fanned_out = fanned_out  # seconds from a task's creation to its last DM
        self._sent = Batcher(self._mark_sent, serve)
        self._progress_due: set[int] = set()
        self._progress_at: dict[int, datetime] = {}

    # ---------------------------------------------------------------- the fan-out
    async def deliver(self, task_id: int) -> int:
        """DM everyone not DMed yet (the assignments are the outbox); returns how many.

        DMs that still fail after SEND_ATTEMPTS stay in the outbox for the next round, while the
        task is open. A crash between Slack's answer and the mark means that DM goes again on
        restart: at most one duplicate per person per crash, only for DMs that were in flight.
        """
        delivered = 0
        for round_number in range(DELIVERY_ROUNDS):
            async with self._uow(read_only=True) as uow:
                task = await uow.tasks.get(task_id)
                pending = await uow.tasks.unsent(task_id)
            if task is None or task.state is not TaskState.OPEN or not pending:
                break
            if round_number:
                await self._calendar.wait(min(2.0**round_number, 30.0))
            sent = await self._send_round(task, pending)
            delivered += len(sent)
            if len(sent) == len(pending):  # the outbox is empty: the fan-out is complete
                last = max(s.at for s in sent)
                self._fanned_out((last - task.created_at).total_seconds())
                break
        self.progress_soon(task_id)
        return delivered

    async def _send_round(self, task: Task, pending: list[Assignment]) -> list[Sent]:
        bound = asyncio.Semaphore(FANOUT_CONCURRENCY)

        async def send(assignment: Assignment) -> Sent:
            async with bound:
                channel, ts = await self.with_retries(
                    lambda: self._notifier.task_dm(task, assignment)
                )
                sent = Sent(assignment.id, channel, ts, self._calendar.now())
                await self._sent.submit(sent)
                return sent

        results = await asyncio.gather(*(send(a) for a in pending), return_exceptions=True)
        for assignment, result in zip(pending, results, strict=True):
            if isinstance(result, BaseException):
                log.warning("task %s: DM to %s failed", task.id, assignment.user, exc_info=result)
        return [result for result in results if not isinstance(result, BaseException)]

    async def with_retries(
        self, call: Callable[[], Awaitable[T]], attempts: int = SEND_ATTEMPTS
    ) -> T:
        for attempt in range(1, attempts + 1):
            try:
                return await call()
            except Exception as error:
                if attempt == attempts or not self._notifier.is_transient(error):
                    raise
                await self._calendar.wait(SEND_BACKOFF.after(attempt))
        raise AssertionError("unreachable")

    async def post_once(
        self,
        where: Where,
        post: Callable[[], Awaitable[str]],
        confirm: Callable[[UnitOfWork, list[str]], Awaitable[None]],
        attempts: int = SEND_ATTEMPTS,
    ) -> Outcome:
        """`once.post_once`, tried again as a DM is when it surely failed."""
        return await self.with_retries(
            lambda: post_once(self._uow, self._notifier, self._calendar.now, where, post, confirm),
            attempts,
        )

    async def _mark_sent(self, sent: Sequence[Sent]) -> list[None]:
        async with self._uow() as uow:
            await uow.tasks.mark_sent(list(sent))
            await uow.commit()
        return [None] * len(sent)

    # ---------------------------------------------------------------- the live message
    async def publish(self, task: Task) -> Progress:
        """Post the live progress message, once however many try (the setup, a restart, the
        sweep), and remember where it is; the progress as stored after (no `progress_ts`:
        not posted yet)."""
        progress = await self.progress_of(task.id)
        where = Where(f"task:{task.id}:progress", task.channel)

        async def confirm(uow: UnitOfWork, posts: list[str]) -> None:
            await uow.tasks.set_progress_ts(task.id, posts[0])

        async def post() -> str:
            return await self._notifier.post_task_progress(progress, key=where.key)

        try:
            await self.post_once(where, post, confirm)
        except Exception:
            log.warning("task %s: no live progress message", task.id, exc_info=True)
        return await self.progress_of(task.id)

    async def progress(self, task_id: int) -> Progress | None:
        async with self._uow(read_only=True) as uow:
            task = await uow.tasks.get(task_id)
            if task is None:
                return None
            return Progress.of(task, await uow.tasks.assignments(task_id))

    async def progress_of(self, task_id: int) -> Progress:
        """The progress of a task known to be stored."""
        progress = await self.progress(task_id)
        assert progress is not None, f"task {task_id} is stored"
        return progress

    def progress_soon(self, task_id: int) -> None:
        """Update the live message, at most once per PROGRESS_EVERY seconds per task."""
        if task_id in self._progress_due:
            return
        self._progress_due.add(task_id)
        now, every = self._calendar.now(), timedelta(seconds=PROGRESS_EVERY)
        # Only updates of the last PROGRESS_EVERY seconds matter: the map keeps the tasks
        # updated just now, not every task this process ever updated.
        self._progress_at = {t: at for t, at in self._progress_at.items() if at + every > now}
        last = self._progress_at.get(task_id)
        at = now if last is None else last + every
        self._spawn(self._update_progress(task_id, at), f"task {task_id} progress")

    def forget(self, task_id: int) -> None:
        """A task closed: its last update is the report, no throttle to remember."""
        self._progress_at.pop(task_id, None)

    async def _update_progress(self, task_id: int, at: datetime) -> None:
        await self._calendar.clock.sleep_until(at)
        self._progress_due.discard(task_id)
        self._progress_at[task_id] = self._calendar.now()
        progress = await self.progress(task_id)
        if progress is not None and progress.task.progress_ts:
            await self._notifier.update_task_progress(progress)
