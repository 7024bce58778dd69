"""Customer insight and coordination questions: the commands, the items, the votes, the weekly
roll-up."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from bot.domain.model.common import Department
from bot.domain.model.networks import Cadence
from bot.domain.model.tasks import Network


class FeedbackKind(StrEnum):
    QUESTION = "question"
    COMPLAINT = "complaint"
    PRAISE = "praise"
    COMPETITOR = "competitor"
    REVIEW = "review"
    IDEA = "idea"


KIND_EMOJI: dict[FeedbackKind, str] = {
    FeedbackKind.QUESTION: ":question:",
    FeedbackKind.COMPLAINT: ":rage:",
    FeedbackKind.PRAISE: ":heart:",
    FeedbackKind.COMPETITOR: ":detective:",
    FeedbackKind.REVIEW: ":memo:",
    FeedbackKind.IDEA: ":bulb:",
}


@dataclass(frozen=True)
class NewFeedback:
    kind: FeedbackKind
    text: str
    link: str | None
    network: Network | None  # None without a link
    departments: tuple[Department, ...]  # in Department order, never empty
    urgent: bool


@dataclass(frozen=True)
class ListFeedback:
    kind: FeedbackKind | None  # None: every kind
    days: int  # 7 or 30


@dataclass(frozen=True)
class FeedbackStats:
    days: int  # 7 or 30


@dataclass(frozen=True)
class AskQuestion:
    text: str


@dataclass(frozen=True)
class FeedbackHelp:
    pass


@dataclass(frozen=True)
class OpenForm:
    pass


FeedbackCommand = NewFeedback | ListFeedback | FeedbackStats | AskQuestion | FeedbackHelp | OpenForm


@dataclass(frozen=True)
class Feedback:
    id: int
    author: str
    created_at: datetime
    kind: FeedbackKind
    text: str
    link: str | None
    network: Network | None
    departments: tuple[Department, ...]
    urgent: bool
    taken_by: str | None = None
    taken_at: datetime | None = None
    done_by: str | None = None
    done_at: datetime | None = None


class Vote(StrEnum):
    YES = "yes"
    NO = "no"
    DISCUSS = "discuss"


@dataclass(frozen=True)
class Question:
    id: int
    asker: str
    text: str
    created_at: datetime
    closed_at: datetime | None = None
    votes: dict[str, Vote] = field(default_factory=dict)  # user → vote
    comments: int = 0

    def tally(self) -> dict[Vote, int]:
        counts = Counter(self.votes.values())
        return {vote: counts[vote] for vote in Vote}


@dataclass(frozen=True)
class Rollup:
    """A week of feedback: counts per kind against the week before, what nobody has taken."""

    week_end: date
    counts: dict[FeedbackKind, tuple[int, int]]  # kind → (this week, the week before)
    untaken: list[Feedback]
    items: dict[FeedbackKind, list[Feedback]]
    cadence: list[Cadence] = field(default_factory=list)  # how often we posted, where


@dataclass(frozen=True)
class Delivery:
    """Which departments have their copy of an item or a question, and which are still tried."""

    sent: tuple[Department, ...]
    pending: tuple[Department, ...]


@dataclass(frozen=True)
class FeedbackCounts:
    days: int
    per_kind: dict[FeedbackKind, int]
    per_department: dict[Department, int]
    total: int
    urgent: int
    taken: int
    done: int
