"""The check-in: the question post, its reminder, and the form that answers it in a modal."""

from __future__ import annotations

import json
from datetime import date

from bot.domain.model.common import Department
from bot.domain.model.questions import DATED, QuestionSet
from bot.i18n import Language, format_date, t
from bot.slack import ids
from bot.slack.kit import Block, Message, actions, button, context, header, sections
from bot.slack.mrkdwn import Mrkdwn, escape, join, md, mention


def checkin_message(
    lang: Language, day: date, department: Department, asked: QuestionSet
) -> Message:
    title = t(lang, "checkin.header", date=format_date(lang, day))
    intro = md(lang, "checkin.intro", department=t(lang, f"department.{department}"))
    questions = "\n".join(f"*{n}.* {escape(q.text.in_(lang))}" for n, q in asked.numbered())
    blocks = [
        header(title),
        *sections(Mrkdwn(f"{intro}\n\n{questions}")),  # ten long questions pass one section
        context(md(lang, "checkin.how_to")),
        actions(button(t(lang, "form.button"), ids.OPEN_FORM, "open")),
    ]
    return Message(md(lang, "checkin.summary", date=format_date(lang, day)), blocks)


def reminder_text(lang: Language, users: list[str]) -> Mrkdwn:
    if not users:
        return md(lang, "reminder.gentle")
    return md(lang, "reminder.named", users=join(", ", map(mention, users)))


def form_view(lang: Language, channel: str, thread_ts: str, asked: QuestionSet) -> Block:
    """The round's questions as a modal; where to store the answer travels in
    private_metadata."""
    blocks: list[Block] = []
    for number, question in asked.numbered():
        blocks.append(
            {
                "type": "input",
                "block_id": f"q{number}",
                "optional": True,
                "label": {
                    "type": "plain_text",
                    "text": f"{number}. {question.text.in_(lang)}"[:2000],
                },
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.FORM_TEXT,
                    "multiline": True,
                },
            }
        )
        if question.kind in DATED:
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
