"""The jobs, shared by the scheduler and `smm-bot run-job`, and their registration."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.config import WEEKDAYS
from bot.domain.models import Outcome, PostResult
from bot.i18n import format_date, t
from bot.metrics import JOBS as JOBS_RUN
from bot.runtime import Runtime

log = logging.getLogger(__name__)

Job = Callable[[Runtime, date, bool], Awaitable[list[str]]]


def _describe(runtime: Runtime, day: date, kind: str, result: PostResult) -> str:
    lang = runtime.settings.bot_language
    when = format_date(lang, day)
    if result.outcome is Outcome.NOT_WORKDAY:
        return t(lang, "job.not_workday", date=when)
    department = t(lang, f"department.{result.department}") if result.department else ""
    return t(
        lang, f"job.{kind}.{result.outcome}", date=when, channel=result.channel,
        department=department,
    )  # fmt: skip


async def checkin(runtime: Runtime, day: date, force: bool) -> list[str]:
    results = await runtime.checkin.ask(day, force=force)
    return [_describe(runtime, day, "checkin", r) for r in results]


async def reminders(runtime: Runtime, day: date, force: bool) -> list[str]:
    results = await runtime.checkin.remind(day, force=force)
    return [_describe(runtime, day, "reminders", r) for r in results]


async def digest(runtime: Runtime, day: date, force: bool) -> list[str]:
    return [_describe(runtime, day, "digest", await runtime.briefings.publish(day, force=force))]


async def feedback_rollup(runtime: Runtime, day: date, force: bool) -> list[str]:
    """The week's voice of the customer, for the seven days ending with `day`, and with it
    the week's quick-task chart, in each channel it was posted to this time."""
    results = await runtime.feedback.post_rollup(day)
    for result in results:
        if result.outcome is Outcome.POSTED:
            await runtime.tasks.share_chart(result.channel, day, 7)
    return [_describe(runtime, day, "feedback-rollup", r) for r in results]


JOBS: dict[str, Job] = {
    "checkin": checkin,
    "reminders": reminders,
    "digest": digest,
    "feedback-rollup": feedback_rollup,
}


class JobRunner:
    """Runs scheduled jobs for "today" in TIMEZONE, reports failures through the one path
    (Background.report), and lets shutdown wait for a job that is half-way through posting."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._running: set[asyncio.Task[Any]] = set()

    async def run(self, name: str) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._running.add(task)
        day = self._runtime.calendar.today()
        try:
            for line in await JOBS[name](self._runtime, day, False):
                log.info("job %s: %s", name, line)
        except Exception as error:
            JOBS_RUN.labels(name, "failed").inc()
            self._runtime.background.report(error, f"job {name} for {day}", kind=f"job {name}")
        else:
            JOBS_RUN.labels(name, "ok").inc()
        finally:
            self._running.discard(task)

    async def refresh_directory(self) -> None:
        try:
            await self._runtime.directory.people()
        except Exception as error:
            what = "loading the people directory (users.list)"
            self._runtime.background.report(error, what, kind="job directory")

    async def wait_idle(self, timeout: float) -> None:
        if self._running:
            await asyncio.wait(set(self._running), timeout=timeout)


def make_scheduler(runtime: Runtime, runner: JobRunner) -> AsyncIOScheduler:
    settings = runtime.settings
    scheduler = AsyncIOScheduler(
        timezone=settings.zone,
        # A job missed by up to 15 minutes (a restart, a busy loop) still runs, once.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 900},
    )
    days = ",".join(WEEKDAYS[d] for d in sorted(settings.workdays))
    times = {
        "checkin": settings.checkin_time,
        "reminders": settings.reminder_at,
        "digest": settings.digest_time,
    }
    for name, at in times.items():
        scheduler.add_job(
            runner.run,
            CronTrigger(day_of_week=days, hour=at.hour, minute=at.minute, timezone=settings.zone),
            args=[name],
            id=name,
            name=name,
            replace_existing=True,
        )
    weekday, at = settings.feedback_rollup
    scheduler.add_job(
        runner.run,
        CronTrigger(
            day_of_week=WEEKDAYS[weekday], hour=at.hour, minute=at.minute, timezone=settings.zone
        ),
        args=["feedback-rollup"],
        id="feedback-rollup",
        name="feedback-rollup",
        replace_existing=True,
    )
    # The people directory is kept warm, so a task's fan-out never waits for users.list.
    scheduler.add_job(
        runner.refresh_directory,
        IntervalTrigger(minutes=5, timezone=settings.zone),
        id="directory",
        name="directory",
        replace_existing=True,
        next_run_time=datetime.now(settings.zone),
    )
    return scheduler
