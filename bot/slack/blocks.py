"""Block Kit builders: pure functions from domain values to (fallback text, blocks)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.answers import QUESTIONS
from bot.domain.briefing import Briefing, Suggestion, When, when
from bot.domain.feedback import Question, Vote
from bot.domain.feedback_command import KIND_EMOJI
from bot.domain.items import ITEM_QUESTIONS, Item, Threat, ThreatStatus
from bot.domain.models import Department, DigestEntry
from bot.i18n import Language, format_date, t
from bot.slack import ids

Block = dict[str, Any]
Message = tuple[str, list[Block]]

SECTION_LIMIT = 3000  # characters Slack shows in one section's text
BLOCK_LIMIT = 50  # blocks in one message


def block_section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def block_header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150], "emoji": True}}


def block_sections(title: str, lines: list[str]) -> list[Block]:
    """A titled list, split into as many sections as Slack's 3,000-character limit needs."""
    blocks, chunk = [], f"*{title}*"
    for line in lines:
        if len(line) > SECTION_LIMIT - 10:
            line = line[: SECTION_LIMIT - 11] + "…"
        if len(chunk) + 1 + len(line) > SECTION_LIMIT:
            blocks.append(block_section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    blocks.append(block_section(chunk))
    return blocks


def cap_blocks(blocks: list[Block]) -> list[Block]:
    if len(blocks) <= BLOCK_LIMIT:
        return blocks
    return [*blocks[: BLOCK_LIMIT - 1], block_section("…")]


def checkin_message(lang: Language, day: date, department: Department) -> Message:
    header = t(lang, "checkin.header", date=format_date(lang, day))
    intro = t(lang, "checkin.intro", department=t(lang, f"department.{department}"))
    questions = "\n".join(f"*{n}.* {t(lang, f'question.{n}')}" for n in QUESTIONS)
    how_to = t(lang, "checkin.how_to")
    blocks = [
        block_header(header),
        block_section(f"{intro}\n\n{questions}"),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": how_to}]},
        {
            "type": "actions",
            "elements": [block_button(t(lang, "form.button"), ids.OPEN_FORM, "open")],
        },
    ]
    return f"{header}\n{intro}\n{questions}\n{how_to}", blocks


def block_button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _entry(lang: Language, entry: DigestEntry) -> str:
    department = t(lang, f"department.{entry.department}")
    return "• " + t(lang, "digest.entry", text=entry.text, user=entry.user, department=department)


def short_date(lang: Language, day: date) -> str:
    return t(lang, "date.short", day=day.day, month=t(lang, f"month.{day.month}"))


def clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


def _item(lang: Language, item: Item, day: date) -> str:
    department = t(lang, f"department.{item.department}")
    return "• " + t(
        lang, "item.line", title=item.title, when=_when(lang, item, day), department=department
    )


def threat_line(lang: Language, threat: Threat, day: date) -> str:
    days = (day - threat.opened_on).days
    age = t(lang, "threat.age_days", days=days) if days > 0 else t(lang, "threat.age_today")
    department = t(lang, f"department.{threat.department or 'smm'}")
    return t(
        lang, "threat.line", text=threat.text, user=threat.user, department=department, age=age
    )


def threat_buttons(lang: Language, threat: Threat) -> Block:
    return {
        "type": "actions",
        "block_id": f"threat-{threat.id}",
        "elements": [
            block_button(t(lang, "threat.resolve"), ids.THREAT_RESOLVE, str(threat.id), "primary"),
            block_button(t(lang, "threat.dismiss"), ids.THREAT_DISMISS, str(threat.id)),
        ],
    }


def _suggestion(lang: Language, suggestion: Suggestion) -> str:
    day = short_date(lang, suggestion.day) if suggestion.day else ""
    return "• " + t(lang, f"todo.{suggestion.todo}", subject=clip(suggestion.subject), date=day)


MAX_THREAT_BUTTONS = 10  # each open threat takes two blocks; Slack allows 50 in a message


def briefing_message(lang: Language, briefing: Briefing) -> Message:
    """The briefing's sections in order, an empty one left out; text is the readable fallback."""
    day = briefing.day
    header = t(lang, "briefing.header", date=format_date(lang, day))
    blocks, text = [block_header(header)], [header]
    if not any(briefing.answered.values()):
        blocks.append(block_section(t(lang, "briefing.nothing")))
        text.append(t(lang, "briefing.nothing"))

    def add(title_key: str, lines: list[str]) -> None:
        if lines:
            blocks.extend(block_sections(t(lang, title_key), lines))
            text.extend(["", t(lang, title_key), *lines])

    add("briefing.focus", [_entry(lang, e) for e in briefing.focus])
    add("briefing.promotions", [_item(lang, i, day) for i in briefing.promotions])
    add("briefing.products", [_item(lang, i, day) for i in briefing.products])
    if briefing.threats:
        title = t(lang, "briefing.threats")
        blocks.append(block_section(f"*{title}*"))
        text.extend(["", title])
        for number, threat in enumerate(briefing.threats):
            line = "• " + threat_line(lang, threat, day)
            text.append(line)
            if number < MAX_THREAT_BUTTONS:
                blocks.extend(
                    [block_section(clip(line, SECTION_LIMIT)), threat_buttons(lang, threat)]
                )
        hidden = len(briefing.threats) - MAX_THREAT_BUTTONS
        if hidden > 0:
            blocks.append(block_section(t(lang, "briefing.more", count=hidden)))
    add("briefing.overnight", [_entry(lang, e) for e in briefing.overnight])
    add("briefing.todo", [_suggestion(lang, s) for s in briefing.suggestions])
    answered = []
    for department, users in briefing.answered.items():
        name = t(lang, f"department.{department}")
        if users:
            mentions = ", ".join(f"<@{user}>" for user in users)
            answered.append(t(lang, "briefing.answered_line", department=name, users=mentions))
        else:
            answered.append(t(lang, "briefing.silent", department=name))
    add("briefing.answered", answered)
    if briefing.feedback or briefing.untaken:
        title = t(lang, "briefing.feedback", date=short_date(lang, briefing.feedback_since or day))
        lines = [
            "• " + t(lang, "briefing.feedback_line", emoji=KIND_EMOJI[kind],
                     kind=t(lang, f"feedback.kind.{kind}"), count=count)
            for kind, count in briefing.feedback.items()
        ]  # fmt: skip
        if briefing.untaken:
            lines.append(t(lang, "briefing.untaken", count=briefing.untaken))
        blocks.extend(block_sections(title, lines))
        text.extend(["", title, *lines])
    add(
        "briefing.questions",
        [
            "• " + t(lang, "briefing.question_line", text=clip(q.text, 200), asker=q.asker,
                     tally=tally_text(lang, q))
            for q in briefing.questions
        ],
    )  # fmt: skip
    add("briefing.notes", [_entry(lang, e) for e in briefing.notes])
    return "\n".join(text), cap_blocks(blocks)


def tally_text(lang: Language, question: Question) -> str:
    tally = question.tally()
    return t(
        lang, "question.tally", yes=tally[Vote.YES], no=tally[Vote.NO],
        discuss=tally[Vote.DISCUSS], comments=question.comments,
    )  # fmt: skip


def threat_alert(lang: Language, threat: Threat, zone: ZoneInfo) -> Message:
    department = t(lang, f"department.{threat.department or 'smm'}")
    text = t(lang, "threat.alert", department=department, user=threat.user, text=threat.text)
    blocks = [block_section(clip(text, SECTION_LIMIT))]
    if threat.status is ThreatStatus.OPEN:
        blocks.append(threat_buttons(lang, threat))
    elif threat.closed_by and threat.closed_at:
        when_closed = threat.closed_at.astimezone(zone)
        closed = t(
            lang, f"threat.closed.{threat.status}", user=threat.closed_by,
            time=f"{short_date(lang, when_closed.date())} {when_closed:%H:%M}",
        )  # fmt: skip
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": closed}]})
        text = f"{text}\n{closed}"
    return text, blocks


def reminder_text(lang: Language, users: list[str]) -> str:
    if not users:
        return t(lang, "reminder.gentle")
    return t(lang, "reminder.named", users=", ".join(f"<@{user}>" for user in users))


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
