"""Block Kit for the check-in, the briefing and threat alerts: pure functions from domain values
to messages (kit.Message), person-made text escaped through mrkdwn.md()."""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

from bot.domain.model.briefing import Briefing, Suggestion, When
from bot.domain.model.checkin import DigestEntry
from bot.domain.model.common import Department
from bot.domain.model.feedback import KIND_EMOJI, Question, Vote
from bot.domain.model.items import Item, Threat, ThreatStatus
from bot.domain.parsing.answers import QUESTIONS
from bot.domain.parsing.items import ITEM_QUESTIONS
from bot.domain.services.briefing import when
from bot.i18n import Language, format_date, t
from bot.slack import ids
from bot.slack.kit import (
    Block,
    Message,
    Pages,
    actions,
    button,
    context,
    header,
    section,
    sections,
    summary,
    titled,
)
from bot.slack.mrkdwn import Mrkdwn, clip, join, md


def mention(user: str) -> Mrkdwn:
    """The bot's own mention of a person (a Slack user ID)."""
    return Mrkdwn(f"<@{user}>")


def checkin_message(lang: Language, day: date, department: Department) -> Message:
    title = t(lang, "checkin.header", date=format_date(lang, day))
    intro = md(lang, "checkin.intro", department=t(lang, f"department.{department}"))
    questions = "\n".join(f"*{n}.* {md(lang, f'question.{n}')}" for n in QUESTIONS)
    blocks = [
        header(title),
        section(Mrkdwn(f"{intro}\n\n{questions}")),
        context(md(lang, "checkin.how_to")),
        actions(button(t(lang, "form.button"), ids.OPEN_FORM, "open")),
    ]
    return Message(md(lang, "checkin.summary", date=format_date(lang, day)), blocks)


def _entry(lang: Language, entry: DigestEntry) -> Mrkdwn:
    department = t(lang, f"department.{entry.department}")
    return md(lang, "digest.entry", text=entry.text, user=entry.user, department=department)


def short_date(lang: Language, day: date) -> str:
    return t(lang, "date.short", day=day.day, month=t(lang, f"month.{day.month}"))


def _when(lang: Language, item: Item, day: date) -> str:
    state, days = when(item, day)
    if state is When.ONGOING:
        end = item.end
        return (
            t(lang, "when.ongoing", end=short_date(lang, end))
            if end
            else t(lang, "when.ongoing_open")
        )
    date_text = short_date(lang, item.start) if item.start else ""
    return t(lang, f"when.{state}", days=days, date=date_text)


def _item(lang: Language, item: Item, day: date) -> Mrkdwn:
    department = t(lang, f"department.{item.department}")
    return md(
        lang, "item.line", title=item.title, when=_when(lang, item, day), department=department
    )


def threat_line(lang: Language, threat: Threat, day: date, text: Mrkdwn | None = None) -> Mrkdwn:
    """The threat on one line; `text` replaces its whole text (the Home tab clips it)."""
    days = (day - threat.opened_on).days
    age = t(lang, "threat.age_days", days=days) if days > 0 else t(lang, "threat.age_today")
    department = t(lang, f"department.{threat.department or 'smm'}")
    return md(
        lang, "threat.line", text=threat.text if text is None else text, user=threat.user,
        department=department, age=age,
    )  # fmt: skip


def threat_buttons(lang: Language, threat: Threat) -> Block:
    return actions(
        button(t(lang, "threat.resolve"), ids.THREAT_RESOLVE, str(threat.id), "primary"),
        button(t(lang, "threat.dismiss"), ids.THREAT_DISMISS, str(threat.id)),
        block_id=f"threat-{threat.id}",
    )


def _suggestion(lang: Language, suggestion: Suggestion) -> Mrkdwn:
    day = short_date(lang, suggestion.day) if suggestion.day else ""
    return md(lang, f"todo.{suggestion.todo}", subject=clip(suggestion.subject), date=day)


def _bullets(lines: list[Mrkdwn]) -> list[Mrkdwn]:
    return [Mrkdwn(f"• {line}") for line in lines]


def briefing_message(lang: Language, briefing: Briefing) -> Message:
    """The briefing's sections in order, an empty one left out; what does not fit in one
    message goes on in its thread."""
    day = briefing.day
    title = t(lang, "briefing.header", date=format_date(lang, day))
    pages = Pages(lang)
    pages.add(header(title))
    if not any(briefing.answered.values()):
        pages.add(section(md(lang, "briefing.nothing")))

    def add(title_key: str, lines: list[Mrkdwn]) -> None:
        if lines:
            for block in titled(md(lang, title_key), _bullets(lines)):
                pages.add(block)

    add("briefing.focus", [_entry(lang, e) for e in briefing.focus])
    add("briefing.promotions", [_item(lang, i, day) for i in briefing.promotions])
    add("briefing.products", [_item(lang, i, day) for i in briefing.products])
    if briefing.threats:
        pages.add(section(Mrkdwn(f"*{md(lang, 'briefing.threats')}*")))
        for threat in briefing.threats:
            line = Mrkdwn(f"• {threat_line(lang, threat, day)}")
            pages.add(*sections(line), threat_buttons(lang, threat))
    add("briefing.overnight", [_entry(lang, e) for e in briefing.overnight])
    add("briefing.todo", [_suggestion(lang, s) for s in briefing.suggestions])
    answered = []
    for department, users in briefing.answered.items():
        name = t(lang, f"department.{department}")
        if users:
            mentions = join(", ", map(mention, users))
            answered.append(md(lang, "briefing.answered_line", department=name, users=mentions))
        else:
            answered.append(md(lang, "briefing.silent", department=name))
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
    return pages.message(summary(title), continues=True)


def tally_text(lang: Language, question: Question) -> Mrkdwn:
    tally = question.tally()
    return md(
        lang, "question.tally", yes=tally[Vote.YES], no=tally[Vote.NO],
        discuss=tally[Vote.DISCUSS], comments=question.comments,
    )  # fmt: skip


def threat_alert(lang: Language, threat: Threat, zone: ZoneInfo) -> Message:
    department = t(lang, f"department.{threat.department or 'smm'}")
    text = md(lang, "threat.alert", department=department, user=threat.user, text=threat.text)
    after: list[Block] = []
    if threat.status is ThreatStatus.OPEN:
        after.append(threat_buttons(lang, threat))
    elif threat.closed_by and threat.closed_at:
        when_closed = threat.closed_at.astimezone(zone)
        closed = md(
            lang, f"threat.closed.{threat.status}", user=threat.closed_by,
            time=f"{short_date(lang, when_closed.date())} {when_closed:%H:%M}",
        )  # fmt: skip
        after.append(context(closed))
    pages = Pages(lang)
    pages.add(*sections(text), *after)
    first_line = text.split("\n", 1)[0]
    return pages.message(summary(f"{first_line} {clip(threat.text, 100)}"))


def reminder_text(lang: Language, users: list[str]) -> Mrkdwn:
    if not users:
        return md(lang, "reminder.gentle")
    return md(lang, "reminder.named", users=join(", ", map(mention, users)))


def form_view(lang: Language, channel: str, thread_ts: str) -> Block:
    """The check-in as a modal; where to store the answer travels in private_metadata."""
    blocks: list[Block] = []
    for number in QUESTIONS:
        blocks.append(
            {
                "type": "input",
                "block_id": f"q{number}",
                "optional": True,
                "label": {
                    "type": "plain_text",
                    "text": f"{number}. {t(lang, f'question.{number}')}"[:2000],
                },
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.FORM_TEXT,
                    "multiline": True,
                },
            }
        )
        if number in ITEM_QUESTIONS:
            blocks.append(
                {
                    "type": "input",
                    "block_id": f"q{number}-date",
                    "optional": True,
                    "label": {"type": "plain_text", "text": t(lang, "form.date")},
                    "element": {"type": "datepicker", "action_id": ids.FORM_DATE},
                }
            )
    return {
        "type": "modal",
        "callback_id": ids.FORM_VIEW,
        "private_metadata": json.dumps({"channel": channel, "thread_ts": thread_ts}),
        "title": {"type": "plain_text", "text": t(lang, "form.title")[:24]},
        "submit": {"type": "plain_text", "text": t(lang, "form.submit")},
        "close": {"type": "plain_text", "text": t(lang, "form.cancel")},
        "blocks": blocks,
    }
