"""Promotions, product changes and other dated answers, and reputation threats: what answers
become."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.model.checkin import AnswerPart, Prompt, ThreadReply
from bot.domain.model.common import Department
from bot.domain.model.questions import Wording


class ItemKind(StrEnum):
    PROMOTION = "promotion"
    PRODUCT = "product"
    DATE = "date"  # an answer to a `date` question, under that question's heading


class ThreatStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    NOT_A_THREAT = "not_a_threat"
    WITHDRAWN = "withdrawn"  # its answer was edited to say nobody


@dataclass(frozen=True)
class ItemDraft:
    kind: ItemKind
    title: str
    start: date | None
    end: date | None
    live_until: date
    heading: Wording | None = None  # a DATE item's section


@dataclass(frozen=True)
class Item:
    kind: ItemKind
    department: Department
    user: str
    title: str
    start: date | None
    end: date | None
    mentioned_on: date
    heading: Wording | None = None  # a DATE item's section


Section = tuple[ItemKind, Wording | None]  # where an item is listed: its kind (and heading)


@dataclass(frozen=True)
class LiveItems:
    """The items live on a day, at most so many a section (the soonest), and how many more
    each section has (sections with none left out)."""

    listed: list[Item]
    unlisted: dict[Section, int]


@dataclass(frozen=True)
class Threat:
    id: int
    department: Department | None  # None: sent in by the SMM team (an urgent complaint)
    user: str
    text: str
    opened_on: date  # the round's date
    opened_at: datetime
    status: ThreatStatus = ThreatStatus.OPEN
    closed_by: str | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True)
class Reading:
    """All a reply says: its answers, the items they name and the threat, if any."""

    parts: list[AnswerPart]
    drafts: list[ItemDraft]
    threat: str | None


@dataclass(frozen=True)
class NewAnswer:
    """A reply to a check-in, read for its round, to store if it was not stored before."""

    prompt: Prompt
    reply: ThreadReply
    reading: Reading
    numbered: bool  # False: its writer is hinted to number the answers, once a round


@dataclass(frozen=True)
class AddedAnswers:
    """What storing new answers did: the ids of the replies not stored before, by (channel,
    ts); the threats they opened; the (round, person) pairs to hint for the first time."""

    ids: dict[tuple[str, str], int]
    threats: list[int]
    hinted: set[tuple[date, str]]
