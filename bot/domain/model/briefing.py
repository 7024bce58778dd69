"""The morning briefing: what the SMM manager needs to plan the day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.domain.model.checkin import DigestEntry
from bot.domain.model.common import Department
from bot.domain.model.feedback import FeedbackKind, Question
from bot.domain.model.items import Item, Section, Threat
from bot.domain.model.networks import Silence
from bot.domain.model.questions import Wording


class When(StrEnum):
    ONGOING = "ongoing"
    TODAY = "today"
    TOMORROW = "tomorrow"
    IN_DAYS = "in_days"
    UNDATED = "undated"


class Todo(StrEnum):
    ANNOUNCE = "announce"  # a promotion starts within 3 days: plan a series of announcements
    SALE_TODAY = "sale_today"  # a sale is on: post it, link to buy, compete with sales managers
    TEASE = "tease"  # a product change within 7 days: a teaser series
    ANSWER_THREAT = "answer_threat"  # an open threat: prepare a public answer, watch mentions


@dataclass(frozen=True)
class Suggestion:
    todo: Todo
    subject: str
    day: date | None = None


@dataclass(frozen=True)
class Briefing:
    day: date
    focus: list[DigestEntry] = field(default_factory=list)
    promotions: list[Item] = field(default_factory=list)
    products: list[Item] = field(default_factory=list)
    threats: list[Threat] = field(default_factory=list)
    overnight: list[DigestEntry] = field(default_factory=list)
    # A section per `date` question (its dated items) and per `text` question, by heading.
    dates: dict[Wording, list[Item]] = field(default_factory=dict)
    # Items beyond those listed, by section (a briefing lists the soonest of each).
    unlisted: dict[Section, int] = field(default_factory=dict)
    texts: dict[Wording, list[DigestEntry]] = field(default_factory=dict)
    suggestions: list[Suggestion] = field(default_factory=list)
    answered: dict[Department, list[str]] = field(default_factory=dict)
    notes: list[DigestEntry] = field(default_factory=list)
    feedback: dict[FeedbackKind, int] = field(default_factory=dict)  # since feedback_since
    feedback_since: date | None = None
    untaken: int = 0  # feedback items nobody has taken up
    questions: list[Question] = field(default_factory=list)  # open coordination questions
    silent: list[Silence] = field(default_factory=list)  # networks with no post for too long


@dataclass(frozen=True)
class BriefHelp:
    """`/smm-brief help`: the usage, nothing read."""


BriefCommand = date | BriefHelp  # the day whose briefing to show, or the usage
