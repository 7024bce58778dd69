"""What "today" means, in one place, for the scheduler, the collector and the digest."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.ports import Clock


def utcnow() -> datetime:
    """The system clock: the default `Clock` everywhere but in tests."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class WorkCalendar:
    zone: ZoneInfo
    workdays: frozenset[int]  # Monday = 0
    holidays: Container[date] = frozenset()
    clock: Clock = utcnow  # the one clock: every "now" and "today" is read from it

    def now(self) -> datetime:
        return self.clock()

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
