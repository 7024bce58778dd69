"""App Home's "questions" button: opens a department's question editor to a manager, a
refusal to anyone else (its submission: views/question_editor.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext

from bot.domain.model.common import Department
from bot.slack.listeners.services import services
from bot.slack.views.questions import questions_view, refusal_view


async def on_edit_questions(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    runtime = services(context)
    lang, user = runtime.settings.bot_language, body["user"]["id"]
    try:
        department = Department(body["actions"][0].get("value"))
    except ValueError:
        return

    async def open_editor() -> None:
        if runtime.questions.may_edit(user):
            current = await runtime.questions.current(department)
            view = questions_view(lang, department, current)
        else:
            view = refusal_view(lang)
        await runtime.client.views_open(trigger_id=body["trigger_id"], view=view)

    # trigger_id lives 3 s: open at once, after the ack has gone.
    runtime.background.spawn(open_editor(), "open question editor")
