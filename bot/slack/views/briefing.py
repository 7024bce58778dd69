"""The morning briefing: its sections in order, what does not fit going on in its thread (or,
looked back on with /smm-brief, in the messages after it).
Pure functions from domain values to messages (kit.Message), person-made text escaped
through mrkdwn.md()."""

from __future__ import annotations

import functools
from datetime import date

from bot.domain.model.briefing import Briefing, Suggestion, When
from bot.domain.model.checkin import DigestEntry
from bot.domain.model.feedback import KIND_EMOJI
from bot.domain.model.items import Item, ItemKind, Section
from bot.domain.services.briefing import when
from bot.i18n import Language, format_date, short_date, t
from bot.slack.kit import (
    RESPONSE_URL_REPLIES,
    Message,
    Pages,
    header,
    section,
    sections,
    summary,
    titled,
)
from bot.slack.mrkdwn import Mrkdwn, clip, escape, join, md, mention
from bot.slack.views.feedback import tally_text
from bot.slack.views.presence import silence_line
from bot.slack.views.threats import threat_buttons, threat_line


def _entry(lang: Language, entry: DigestEntry) -> Mrkdwn:
    department = t(lang, f"department.{entry.department}")
    return md(lang, "digest.entry", text=entry.text, user=entry.user, department=department)


@functools.lru_cache(maxsize=1024)  # items share their dates: a long briefing has few of them
def _when(lang: Language, start: date | None, end: date | None, day: date) -> str:
    state, days = when(start, day)
    if state is When.ONGOING:
        return (
            t(lang, "when.ongoing", end=short_date(lang, end))
            if end
            else t(lang, "when.ongoing_open")
        )
    date_text = short_date(lang, start) if start else ""
    return t(lang, f"when.{state}", days=days, date=date_text)


def _item(lang: Language, item: Item, day: date) -> Mrkdwn:
    department = t(lang, f"department.{item.department}")
    when_text = _when(lang, item.start, item.end, day)
    return md(lang, "item.line", title=item.title, when=when_text, department=department)


def _suggestion(lang: Language, suggestion: Suggestion) -> Mrkdwn:
    day = short_date(lang, suggestion.day) if suggestion.day else ""
    return md(lang, f"todo.{suggestion.todo}", subject=clip(suggestion.subject), date=day)


def _bullets(lines: list[Mrkdwn]) -> list[Mrkdwn]:
    return [Mrkdwn(f"• {line}") for line in lines]


def briefing_message(lang: Language, briefing: Briefing) -> Message:
    """The briefing's sections in order, an empty one left out; what does not fit in one
    message goes on in its thread."""
    title, pages = _laid_out(lang, briefing, buttons=True, past=False)
    return pages.message(summary(title), continues=True)


def stored_briefing(lang: Language, briefing: Briefing, today: date) -> list[Message]:
    """A day's briefing for `/smm-brief`, shown to one person: the same sections without the
    threats' buttons (a look back, not a place to act: they are on the posted briefing), told
    in the past for a past day, as messages in reading order (an ephemeral answer has no
    thread)."""
    title, pages = _laid_out(lang, briefing, buttons=False, past=briefing.day < today)
    return pages.in_order(summary(title), RESPONSE_URL_REPLIES)


def no_briefing(lang: Language, day: date, today: date, workday: bool) -> Mrkdwn:
    """Why a day has no briefing: a day off, no check-in that day, or not yet today's."""
    if not workday:
        return md(lang, "brief.day_off", date=format_date(lang, day))
    key = "brief.not_yet" if day == today else "brief.no_checkin"
    return md(lang, key, date=format_date(lang, day))


def _laid_out(
    lang: Language, briefing: Briefing, *, buttons: bool, past: bool
) -> tuple[str, Pages]:
    day = briefing.day
    title = t(lang, "briefing.header", date=format_date(lang, day))
    pages = Pages(lang)
    pages.add(header(title))
    tense = "_past" if past else ""
    if not any(briefing.answered.values()):
        pages.add(section(md(lang, f"briefing.nothing{tense}")))

    def add(title_key: str, lines: list[Mrkdwn]) -> None:
        add_titled(md(lang, title_key), lines)

    def add_titled(heading: Mrkdwn, lines: list[Mrkdwn]) -> None:
        if lines:
            for block in titled(heading, _bullets(lines)):
                pages.add(block)

    add("briefing.focus", [_entry(lang, e) for e in briefing.focus])

    def listed(section: Section, items: list[Item]) -> list[Mrkdwn]:
        lines = [_item(lang, i, day) for i in items]
        if more := briefing.unlisted.get(section):
            lines.append(md(lang, "briefing.more", count=more))
        return lines

    add("briefing.promotions", listed((ItemKind.PROMOTION, None), briefing.promotions))
    add("briefing.products", listed((ItemKind.PRODUCT, None), briefing.products))
    for heading, items in briefing.dates.items():
        add_titled(escape(heading.in_(lang)), listed((ItemKind.DATE, heading), items))
    if briefing.threats:
        pages.add(section(Mrkdwn(f"*{md(lang, 'briefing.threats')}*")))
        for threat in briefing.threats:
            line = Mrkdwn(f"• {threat_line(lang, threat, day)}")
            pages.add(*sections(line), *([threat_buttons(lang, threat)] if buttons else []))
    add("briefing.overnight", [_entry(lang, e) for e in briefing.overnight])
    for heading, entries in briefing.texts.items():
        add_titled(escape(heading.in_(lang)), [_entry(lang, e) for e in entries])
    add("briefing.todo", [_suggestion(lang, s) for s in briefing.suggestions])
    add("presence.title", [silence_line(lang, s) for s in briefing.silent])
    answered = []
    for department, users in briefing.answered.items():
        name = t(lang, f"department.{department}")
        if users:
            mentions = join(", ", map(mention, users))
            answered.append(md(lang, "briefing.answered_line", department=name, users=mentions))
        else:
            answered.append(md(lang, f"briefing.silent{tense}", department=name))
    add("briefing.answered", answered)
    if briefing.feedback or briefing.untaken:
        since = md(lang, "briefing.feedback", date=short_date(lang, briefing.feedback_since or day))
        lines = _bullets([
            md(lang, "briefing.feedback_line", emoji=KIND_EMOJI[kind],
               kind=t(lang, f"feedback.kind.{kind}"), count=count)
            for kind, count in briefing.feedback.items()
        ])  # fmt: skip
        if briefing.untaken:
            lines.append(md(lang, "briefing.untaken", count=briefing.untaken))
        for block in titled(since, lines):
            pages.add(block)
    add(
        "briefing.questions",
        [
            md(lang, "briefing.question_line", text=clip(q.text, 200), asker=q.asker,
               tally=tally_text(lang, q))
            for q in briefing.questions
        ],
    )  # fmt: skip
    add("briefing.notes", [_entry(lang, e) for e in briefing.notes])
    return title, pages
