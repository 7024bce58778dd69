"""One-shot timers (quick tasks' reminders and deadlines) as date jobs of the bot's one
APScheduler: pausing it when leadership is lost stops them with the daily jobs.

APScheduler runs on the system's time: a job is due after the delay the bot's clock gives it
(`real_time`), and when the bot's clock jumps ahead (a test's, the demo's) every job comes as
much sooner (`follow`)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.domain.calendar import utcnow
from bot.domain.ports import Clock, Spawn

PREFIX = "timer: "


def real_time(clock: Clock, when: datetime) -> datetime:
    """`when` on the bot's clock, on the scheduler's (the system clock): the same delay."""
    return utcnow() + max(timedelta(0), when - clock())


def follow(scheduler: AsyncIOScheduler, clock: Clock) -> None:
    """Keep `scheduler`'s jobs on `clock`: when it jumps ahead, each is due that much sooner
    (now, if that has passed), as a timer, the sweep or its wake-up would be on the clock."""

    def jumped(by: timedelta) -> None:
        if not scheduler.running:
            return
        now = utcnow()
        for job in scheduler.get_jobs():
            if job.next_run_time is not None:
                job.modify(next_run_time=max(now, job.next_run_time - by))

    clock.on_jump(jumped)


class SchedulerTimers:
    """ports.Timers. A timer fires however late (a paused scheduler resumed), and its work is
    spawned as background work, so shutdown waits for it and its failure is logged."""

    def __init__(self, scheduler: AsyncIOScheduler, clock: Clock, spawn: Spawn) -> None:
        self._scheduler = scheduler
        self._clock = clock
        self._spawn = spawn

    def at(self, when: datetime, work: Callable[[], Coroutine[Any, Any, Any]], key: str) -> None:
        """`work()` at `when` (at once if it has passed); the same key replaces a timer."""

        async def fire() -> None:
            self._spawn(work(), key)

        self._scheduler.add_job(
            fire, DateTrigger(real_time(self._clock, when)), id=PREFIX + key, name=key,
            replace_existing=True, misfire_grace_time=None,
        )  # fmt: skip

    def cancel(self, key: str) -> None:
        with contextlib.suppress(JobLookupError):
            self._scheduler.remove_job(PREFIX + key)

    def clear(self) -> None:
        """Drop every timer (leadership lost: the next leader re-arms them from the database)."""
        for job in self._scheduler.get_jobs():
            if job.id.startswith(PREFIX):
                job.remove()
