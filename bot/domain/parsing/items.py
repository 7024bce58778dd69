"""What answers become: promotions, product changes and other dated answers, and reputation
threats, each as its round's question set says."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.domain.model.checkin import AnswerPart
from bot.domain.model.items import ItemDraft, ItemKind, Reading
from bot.domain.model.questions import QuestionKind, QuestionSet
from bot.domain.parsing.answers import parse_reply
from bot.domain.parsing.dates import find_dates

UNDATED_DAYS = 14  # an item without a date is listed this long after it was mentioned

# "Nobody", "нет", "-": an answer to a threat question that opens no threat (or a dated
# question's answer that names nothing).
_NOBODY = re.compile(
    r"^[\W_]*(no|none|nobody|no ?one|nothing|n/?a|all quiet|"
    r"нет|никто|никого|ничего|всё спокойно|все спокойно)?[\W_]*$",
    re.IGNORECASE,
)


ITEM_KINDS = {
    QuestionKind.PROMOTION: ItemKind.PROMOTION,
    QuestionKind.PRODUCT: ItemKind.PRODUCT,
    QuestionKind.DATE: ItemKind.DATE,
}


def derive_items(
    parts: list[AnswerPart], round_date: date, questions: QuestionSet
) -> list[ItemDraft]:
    """Answers to the dated questions as items, dates read relative to the round's date; a
    `date` question's go under its heading."""
    drafts = []
    for part in parts:
        question = questions.get(part.question)
        if question is None or question.kind not in ITEM_KINDS or _NOBODY.match(part.text):
            continue
        kind = ITEM_KINDS[question.kind]
        heading = question.heading if kind is ItemKind.DATE else None
        span = find_dates(part.text, round_date)
        if span is None:
            live_until = round_date + timedelta(days=UNDATED_DAYS)
            drafts.append(ItemDraft(kind, part.text, None, None, live_until, heading))
        else:
            end = span.end or span.start
            drafts.append(ItemDraft(kind, part.text, span.start, span.end, end, heading))
    return drafts


def threat_text(parts: list[AnswerPart], questions: QuestionSet) -> str | None:
    """The answers to threat questions, unless they say that nobody threatened anything."""
    texts = [
        p.text
        for p in parts
        if questions.kind(p.question) is QuestionKind.THREAT and not _NOBODY.match(p.text)
    ]
    return "\n".join(texts) or None


def read_reply(text: str, round_date: date, questions: QuestionSet) -> Reading:
    """A reply read for its round and the questions it asked: slow where it has dates (run it
    through `dates.read_dates`)."""
    parts = parse_reply(text, len(questions))
    return Reading(parts, derive_items(parts, round_date, questions), threat_text(parts, questions))
