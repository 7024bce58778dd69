"""What answers become: promotions and product changes with dates, and reputation threats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.domain.answers import AnswerPart, parse_reply
from bot.domain.dates import find_dates
from bot.domain.models import Department

UNDATED_DAYS = 14  # an item without a date is listed this long after it was mentioned
THREAT_QUESTION = 5

# "Nobody", "нет", "-": an answer to question 5 that opens no threat.
_NOBODY = re.compile(
    r"^[\W_]*(no|none|nobody|no ?one|nothing|n/?a|all quiet|"
    r"нет|никто|никого|ничего|всё спокойно|все спокойно)?[\W_]*$",
    re.IGNORECASE,
)


class ItemKind(StrEnum):
    PROMOTION = "promotion"
    PRODUCT = "product"


ITEM_QUESTIONS = {3: ItemKind.PROMOTION, 4: ItemKind.PRODUCT}


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


@dataclass(frozen=True)
class Item:
    kind: ItemKind
    department: Department
    user: str
    title: str
    start: date | None
    end: date | None
    mentioned_on: date


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


def derive_items(parts: list[AnswerPart], round_date: date) -> list[ItemDraft]:
    """Answers to questions 3 and 4 as dated items, dates read relative to the round's date."""
    drafts = []
    for part in parts:
        kind = ITEM_QUESTIONS.get(part.question or 0)
        if kind is None or _NOBODY.match(part.text):
            continue
        span = find_dates(part.text, round_date)
        if span is None:
            live_until = round_date + timedelta(days=UNDATED_DAYS)
            drafts.append(ItemDraft(kind, part.text, None, None, live_until))
        else:
            drafts.append(ItemDraft(kind, part.text, span.start, span.end, span.end or span.start))
    return drafts


def threat_text(parts: list[AnswerPart]) -> str | None:
    """The answer to question 5, unless it says that nobody threatened anything."""
    texts = [p.text for p in parts if p.question == THREAT_QUESTION and not _NOBODY.match(p.text)]
    return "\n".join(texts) or None


@dataclass(frozen=True)
class Reading:
    """All a reply says: its answers, the items they name and the threat, if any."""

    parts: list[AnswerPart]
    drafts: list[ItemDraft]
    threat: str | None


def read_reply(text: str, round_date: date) -> Reading:
    """A reply read for its round: slow where it has dates (run it through `dates.read_dates`)."""
    parts = parse_reply(text)
    return Reading(parts, derive_items(parts, round_date), threat_text(parts))
