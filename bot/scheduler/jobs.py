"""The jobs, shared by the schedule and `smm-bot run-job`, and the sweep that runs them.

The schedule is level-triggered: every SWEEP_EVERY seconds (and at once when this process
starts leading) the sweep runs each job whose window is open today and that the database does
not list as done. A failed channel is retried with backoff until its window closes; then the
miss is logged, counted and told in the digest channel, once per job and day. The services'
unique keys make a second run post nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import Settings
from bot.domain.calendar import Backoff, WorkCalendar, utcnow
from bot.domain.model.common import Outcome, PostResult
from bot.i18n import format_date, t
from bot.metrics import JOBS as JOBS_RUN
from bot.metrics import POSTS_MISSED
from bot.runtime import Runtime
from bot.scheduler.timers import real_time

log = logging.getLogger(__name__)

Job = Callable[[Runtime, date, bool], Awaitable[list[PostResult]]]

SWEEP_EVERY = 30.0  # seconds between sweeps, whatever else wakes it
RETRY = Backoff(5.0, 60.0)  # a failed job's next try: 5 s, doubling up to a minute
UNSETTLED = frozenset({Outcome.FAILED, Outcome.PENDING})  # not confirmed: try again


async def checkin(runtime: Runtime, day: date, force: bool) -> list[PostResult]:
    return await runtime.checkin.ask(day, force=force)


async def reminders(runtime: Runtime, day: date, force: bool) -> list[PostResult]:
    return await runtime.checkin.remind(day, force=force)


async def digest(runtime: Runtime, day: date, force: bool) -> list[PostResult]:
    """The briefing, built after the round's threads are read back: a reply none of whose
    deliveries was stored (the database down past Slack's retries) is in it all the same."""
    await runtime.collector.read_back(day)
    return [await runtime.briefings.publish(day, force=force)]


async def feedback_rollup(runtime: Runtime, day: date, force: bool) -> list[PostResult]:
    """The week's voice of the customer, for the seven days ending with `day`, and with it
    the week's quick-task chart, in each channel it was posted to this time."""
    results = await runtime.feedback.post_rollup(day)
    for result in results:
        if result.outcome is Outcome.POSTED:
            await runtime.tasks.share_chart(result.channel, day, 7)
    return results


JOBS: dict[str, Job] = {
    "checkin": checkin,
    "reminders": reminders,
    "digest": digest,
    "feedback-rollup": feedback_rollup,
}
for _name in JOBS:
    POSTS_MISSED.labels(_name)


def describe(runtime: Runtime, name: str, day: date, results: list[PostResult]) -> list[str]:
    """A job's results as the operator reads them, in the bot's language."""
    lang = runtime.settings.bot_language
    when = format_date(lang, day)
    lines = []
    for result in results:
        if result.outcome is Outcome.NOT_WORKDAY:
            lines.append(t(lang, "job.not_workday", date=when))
            continue
        department = t(lang, f"department.{result.department}") if result.department else ""
        lines.append(
            t(lang, f"job.{name}.{result.outcome}", date=when, channel=result.channel,
              department=department)
        )  # fmt: skip
    return lines


@dataclass(frozen=True)
class Window:
    """When `job` may post for `day`: from `opens` until `closes`."""

    job: str
    day: date
    opens: datetime
    closes: datetime


def windows(settings: Settings, calendar: WorkCalendar, day: date) -> list[Window]:
    """The check-in until the reminder time, the reminders and the briefing until the end of
    the working day, the roll-up on its weekday until the end of the day. A window that would
    close before it opens (a job set after the working day) closes at midnight."""
    midnight = calendar.start_of(day + timedelta(days=1))

    def window(job: str, opens_at: time, closes_at: time | None) -> Window:
        opens = datetime.combine(day, opens_at, settings.zone)
        closes = midnight if closes_at is None else datetime.combine(day, closes_at, settings.zone)
        return Window(job, day, opens, closes if closes > opens else midnight)

    found = []
    if calendar.is_workday(day):
        end_of_work = settings.work_hours[1]
        found += [
            window("checkin", settings.checkin_time, settings.reminder_at),
            window("reminders", settings.reminder_at, end_of_work),
            window("digest", settings.digest_time, end_of_work),
        ]
    weekday, at = settings.feedback_rollup
    if day.weekday() == weekday:
        found.append(window("feedback-rollup", at, None))
    return found


class Schedule:
    """The daily jobs' sweep and the people directory's refresh, in the runtime's scheduler
    (with the tasks' timers). `lead()` and `step_down()` follow the leadership."""

    def __init__(
        self,
        runtime: Runtime,
        every: float = SWEEP_EVERY,
        retry: Backoff = RETRY,
    ) -> None:
        self._runtime = runtime
        self._calendar = runtime.calendar
        self._every = every
        self._retry = retry
        self._settled: set[tuple[str, date]] = set()  # confirmed or told: nothing left to do
        # (job, day, window closed) → failures so far, and when to try again
        self._failures: dict[tuple[str, date, bool], int] = {}
        self._retry_at: dict[tuple[str, date, bool], datetime] = {}
        self._lock = asyncio.Lock()
        # Today's check-in threads are read back at the next sweep once leading: what came
        # while no process led (or none ran) did not reach any.
        self._read_back = False

    def start(self) -> None:
        scheduler = self._runtime.scheduler
        scheduler.add_job(
            self.sweep, IntervalTrigger(seconds=self._every), id="sweep", name="sweep",
            replace_existing=True,
        )  # fmt: skip
        # The people directory is kept warm, so a task's fan-out never waits for users.list.
        scheduler.add_job(
            self._refresh_directory, IntervalTrigger(minutes=5), id="directory",
            name="directory", replace_existing=True, next_run_time=utcnow(),
        )  # fmt: skip

    async def lead(self) -> None:
        """Elected (or the only process): run everything, re-arm the open tasks from the
        database, start polling the networks, and sweep at once: what was due while nobody
        led is done now, and today's check-in threads are read back."""
        self._runtime.scheduler.resume()
        await self._runtime.tasks.rearm()
        self._runtime.connectors.lead()
        self._read_back = True
        self._wake(self._calendar.now())

    def step_down(self) -> None:
        """Leadership lost: the sweep, every timer and the networks' polling stop here
        together (the connectors' routes still answer: any replica takes a callback)."""
        self._runtime.scheduler.pause()
        self._runtime.timers.clear()
        connectors = self._runtime.connectors.step_down()
        self._runtime.background.spawn(connectors, "connectors stepping down")

    def _wake(self, at: datetime) -> None:
        self._runtime.scheduler.add_job(
            self.sweep, DateTrigger(real_time(self._calendar.clock, at)), id="sweep-wake",
            name="sweep", replace_existing=True, misfire_grace_time=None,
        )  # fmt: skip

    async def sweep(self) -> None:
        """As background work: timed out if stuck, and let finish (not cut off mid-post by the
        scheduler's own shutdown) when the process stops."""
        await self._runtime.background.run(self._sweep(), "sweep")

    async def _sweep(self) -> None:
        async with self._lock:
            await self._sweep_once()

    async def _sweep_once(self) -> None:
        try:  # a task created on another replica gets its timers here
            await self._runtime.task_deadlines.arm_timers()
        except Exception as error:
            what = "re-arming the open tasks' timers"
            self._runtime.background.report(error, what, kind="job timers")
        now = self._calendar.now()
        if self._read_back:  # until every thread was read
            try:
                today = self._calendar.local_date(now)
                self._read_back = not await self._runtime.collector.read_back(today)
            except Exception as error:
                what = "reading today's check-in threads back"
                self._runtime.background.report(error, what, kind="job read-back")
        for window in self._windows(now):
            await self._step(window, now)
        # Posts that did not go out when asked wait here: each sweep tries again.
        runtime = self._runtime
        for what, retry in (
            ("feedback and question copies", runtime.feedback.retry_copies),
            ("threat alerts", runtime.briefings.retry_alerts),
            ("new posts' prompts", runtime.posts.retry),
            ("quick tasks' live messages, reminders and reports", runtime.task_deadlines.retry),
        ):
            try:
                await retry()
            except Exception as error:
                runtime.background.report(error, f"retrying {what}", kind="job retries")
        # Wake for the next opening, closing or retry if it comes before the next sweep.
        now = self._calendar.now()
        wake = min(self._next(now), default=None)
        if wake is not None and wake < now + timedelta(seconds=self._every):
            self._wake(wake)

    def _windows(self, now: datetime) -> list[Window]:
        """Today's windows, and yesterday's that closed at midnight (the roll-up's)."""
        today = self._calendar.local_date(now)
        start = self._calendar.start_of(today)
        yesterday = windows(self._runtime.settings, self._calendar, today - timedelta(days=1))
        return [
            *(w for w in yesterday if w.closes >= start),
            *windows(self._runtime.settings, self._calendar, today),
        ]

    def _next(self, now: datetime) -> list[datetime]:
        times = []
        for w in self._windows(now):
            if (w.job, w.day) in self._settled:
                continue
            closed = now >= w.closes
            if now < w.opens:
                times.append(w.opens)
            elif (retry := self._retry_at.get((w.job, w.day, closed))) is not None:
                times.append(retry)
            if not closed:
                times.append(w.closes)
        return times

    async def _step(self, window: Window, now: datetime) -> None:
        key = (window.job, window.day)
        closed = now >= window.closes
        phase = (*key, closed)
        if key in self._settled or now < window.opens or now < self._retry_at.get(phase, now):
            return
        try:
            settled = await (self._missed(window) if closed else self._attempt(window))
        except Exception as error:
            what = f"job {window.job} for {window.day}"
            self._runtime.background.report(error, what, kind=f"job {window.job}")
            settled = False
        if not closed:
            JOBS_RUN.labels(window.job, "ok" if settled else "failed").inc()
        if settled:
            self._settled.add(key)
            return
        failures = self._failures[phase] = self._failures.get(phase, 0) + 1
        delay = self._retry.after(failures)
        self._retry_at[phase] = self._calendar.now() + timedelta(seconds=delay)
        log.warning(
            "job %s for %s is not confirmed yet (%d failed tries); the next in %.1f s",
            window.job, window.day, failures, delay,
        )  # fmt: skip

    async def _attempt(self, window: Window) -> bool:
        """Run the job unless the database says it is done; True once it is."""
        job, day = window.job, window.day
        ledger = self._runtime.ledger
        if await ledger.is_done(job, day):
            return True
        results = await JOBS[job](self._runtime, day, False)
        for line in describe(self._runtime, job, day, results):
            log.info("job %s: %s", job, line)
        if any(result.outcome in UNSETTLED for result in results):
            return False
        await ledger.done(job, day)
        return True

    async def _missed(self, window: Window) -> bool:
        """The window closed: unless the job was done, log and count the miss and tell the
        digest channel, once per job and day whoever sees it first."""
        job, day = window.job, window.day
        ledger = self._runtime.ledger
        if await ledger.is_done(job, day):
            return True
        if await ledger.missed(job, day):
            log.error(
                "missed: %s for %s was not confirmed when its window closed at %s",
                job, day, window.closes.strftime("%H:%M"),
            )  # fmt: skip
            POSTS_MISSED.labels(job).inc()
        await ledger.tell_missed(job, day)
        return True

    async def _refresh_directory(self) -> None:
        await self._runtime.background.run(self._load_directory(), "directory")

    async def _load_directory(self) -> None:
        try:
            await self._runtime.directory.people()
        except Exception as error:
            what = "loading the people directory (users.list)"
            self._runtime.background.report(error, what, kind="job directory")
