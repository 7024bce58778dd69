"""The daily check-in: its prompts, the replies to them (new, edited, deleted), the answers read
from a reply, and a round's digest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from bot.domain.model.common import Department
from bot.domain.model.questions import QuestionSet


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
    questions: QuestionSet  # what this round asked, kept as it was that day


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


@dataclass(frozen=True)
class AnswerPart:
    question: int | None  # None: a general note, not tied to a question
    text: str


class Stored(StrEnum):
    NO = "no"  # not an answer, or seen before
    YES = "yes"
