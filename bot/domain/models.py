"""Plain values the services take and give: no Slack envelopes, no ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Department(StrEnum):
    MARKETING = "marketing"
    SALES = "sales"


@dataclass(frozen=True)
class ThreadReply:
    """A person's message in some thread (the collector decides whether it is an answer)."""

    event_id: str
    channel: str
    ts: str
    thread_ts: str
    user: str
    text: str
    received_at: datetime


@dataclass(frozen=True)
class ReplyEdited:
    event_id: str
    channel: str
    ts: str
    thread_ts: str | None
    user: str | None
    text: str
    edit_ts: str | None  # Slack's `edited.ts`, to drop an older edit delivered late
    received_at: datetime


@dataclass(frozen=True)
class ReplyDeleted:
    event_id: str
    channel: str
    ts: str


@dataclass(frozen=True)
class Prompt:
    id: int
    round_date: date
    department: Department
    channel: str
    ts: str | None


@dataclass(frozen=True)
class DigestEntry:
    department: Department
    user: str
    text: str
    ts: str


@dataclass(frozen=True)
class Digest:
    round_date: date
    answers: dict[int, list[DigestEntry]] = field(default_factory=dict)
    notes: list[DigestEntry] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.notes and not any(self.answers.values())
