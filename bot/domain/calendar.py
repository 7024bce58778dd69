"""What "today" means, in one place, for the scheduler, the collector and the digest."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.ports import Clock


def utcnow() -> datetime:
    """The system's time: the scheduler's (APScheduler's) clock, and the bot's outside tests."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Backoff:
    """How long a retry waits: `first` seconds after the first failure in a row, twice as long
    after each next one, never more than `most`."""

    first: float
    most: float = math.inf

    def after(self, failures: int) -> float:
        return min(self.first * 2.0 ** (failures - 1), self.most)


class SystemClock:
    """The `Clock` everywhere but in tests and the demo."""

    def __call__(self) -> datetime:
        return utcnow()

    async def sleep_until(self, when: datetime) -> None:
        await asyncio.sleep(max(0.0, (when - utcnow()).total_seconds()))

    def on_jump(self, jumped: Callable[[timedelta], None]) -> None:
        """It runs at its own pace and never jumps: nobody is ever called."""


@dataclass(frozen=True)
class WorkCalendar:
    zone: ZoneInfo
    workdays: frozenset[int]  # Monday = 0
    holidays: Container[date] = frozenset()
    # the one clock: every "now" and "today" is read from it
    clock: Clock = field(default_factory=SystemClock)

    def now(self) -> datetime:
        return self.clock()

    async def wait(self, seconds: float) -> None:
        """A pause (a retry's backoff) on the one clock: a test's clock jumps over it."""
        await self.clock.sleep_until(self.now() + timedelta(seconds=seconds))

    def local_date(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def start_of(self, day: date) -> datetime:
        """The instant the local day begins."""
        return datetime.combine(day, datetime.min.time(), self.zone)

    def today(self) -> date:
        return self.local_date(self.now())

    def is_workday(self, day: date) -> bool:
        """A configured workday that is not a public holiday: nothing is asked or posted else."""
        return day.weekday() in self.workdays and day not in self.holidays

    def previous_workday(self, day: date) -> date:
        """The workday before `day` (a week back at most, if none is configured)."""
        for back in range(1, 8):
            earlier = day - timedelta(days=back)
            if self.is_workday(earlier):
                return earlier
        return day - timedelta(days=1)
