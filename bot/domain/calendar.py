"""What "today" means, in one place, for the scheduler, the collector and the digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class WorkCalendar:
    zone: ZoneInfo
    workdays: frozenset[int]  # Monday = 0

    def local_date(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def today(self) -> date:
        return self.local_date(utcnow())

    def is_workday(self, day: date) -> bool:
        return day.weekday() in self.workdays
