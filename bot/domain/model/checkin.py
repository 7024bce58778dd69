"""Plain values the services take and give: no Slack envelopes, no ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Outcome(StrEnum):
    POSTED = "posted"
    UPDATED = "updated"
    EXISTS = "exists"  # done earlier by this or another process
    PENDING = "pending"  # another run holds the claim right now
    NOTHING_TO_DO = "nothing_to_do"
    NOT_WORKDAY = "not_workday"
    FAILED = "failed"  # this channel's post failed (logged); the next run tries again


@dataclass(frozen=True)
class PostResult:
    outcome: Outcome
    channel: str
    department: Department | None = None


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
    edit_ts: str | None = None  # Slack's `edited.ts`: a reply first seen as an edit


@dataclass(frozen=True)
class ReplyEdited:
    event_id: str
    channel: str
    ts: str
    thread_ts: str | None
    user: str | None
    text: str
    edit_ts: str | None  # Slack's `edited.ts` (else the edit event's ts): the newest edit wins
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

    def authors(self) -> dict[Department, list[str]]:
        """Who answered, per department, in the order they first did."""
        authors: dict[Department, list[str]] = {department: [] for department in Department}
        for entries in [*self.answers.values(), self.notes]:
            for entry in sorted(entries, key=lambda e: e.ts):
                if entry.user not in authors[entry.department]:
                    authors[entry.department].append(entry.user)
        return authors
