"""People as the bot sees them, why one is not asked, and working hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class Person:
    id: str
    name: str  # display name, else real name
    tz: str | None = None  # IANA name, e.g. "Europe/Moscow"
    is_bot: bool = False
    deleted: bool = False
    status_text: str = ""
    status_emoji: str = ""  # ":palm_tree:"
    status_expiration: int = 0  # epoch seconds; 0 = the status never expires


class Unavailable(StrEnum):
    """Why a person is not asked; a str, so callers may log or store it as is."""

    BOT = "bot"
    DELETED = "deleted"
    OUT_OF_OFFICE = "out_of_office"
    OUTSIDE_HOURS = "outside_hours"


@dataclass(frozen=True)
class WorkHours:
    start: time
    end: time
    default_zone: ZoneInfo  # for people whose Slack profile names no time zone

    def contain(self, person: Person, now: datetime) -> bool:
        """Is it working time where the person is (their Slack time zone)?"""
        try:
            zone = ZoneInfo(person.tz) if person.tz else self.default_zone
        except (ZoneInfoNotFoundError, ValueError):
            zone = self.default_zone
        local = now.astimezone(zone).time()
        if self.start == self.end:
            return True  # 00:00-24:00: any time
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end  # a night shift across midnight
