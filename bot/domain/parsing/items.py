"""What answers become: promotions and product changes with dates, and reputation threats."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.domain.model.checkin import AnswerPart
from bot.domain.model.items import ItemDraft, ItemKind, Reading
from bot.domain.parsing.answers import parse_reply
from bot.domain.parsing.dates import find_dates

UNDATED_DAYS = 14  # an item without a date is listed this long after it was mentioned
THREAT_QUESTION = 5

# "Nobody", "нет", "-": an answer to question 5 that opens no threat.
_NOBODY = re.compile(
    r"^[\W_]*(no|none|nobody|no ?one|nothing|n/?a|all quiet|"
    r"нет|никто|никого|ничего|всё спокойно|все спокойно)?[\W_]*$",
    re.IGNORECASE,
)


ITEM_QUESTIONS = {3: ItemKind.PROMOTION, 4: ItemKind.PRODUCT}


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


def read_reply(text: str, round_date: date) -> Reading:
    """A reply read for its round: slow where it has dates (run it through `dates.read_dates`)."""
    parts = parse_reply(text)
    return Reading(parts, derive_items(parts, round_date), threat_text(parts))
