"""The /smm-feedback form's submission: checked before the ack (its errors show in the form),
delivered after it."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext

from bot.domain.model.errors import TaskInputError
from bot.domain.parsing.feedback_command import new_feedback
from bot.i18n import t
from bot.slack.listeners.commands.smm_feedback import create, sending
from bot.slack.listeners.services import services


async def on_feedback_form(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    runtime = services(context)
    lang = runtime.settings.bot_language
    values = {block: field.get("value", {}) for block, field in view["state"]["values"].items()}
    chosen = [o["value"] for o in (values.get("departments", {}).get("selected_options") or [])]
    try:
        command = new_feedback(
            (values.get("kind", {}).get("selected_option") or {}).get("value", ""),
            values.get("text", {}).get("value") or "",
            values.get("link", {}).get("value") or None,
            chosen,
            bool(values.get("urgent", {}).get("selected_options")),
        )
    except TaskInputError as error:
        block = "link" if error.key.endswith("link") else "text"
        await ack(response_action="errors", errors={block: t(lang, error.key, **error.params)})
        return
    user = body["user"]["id"]
    # The form closes with the ack: it can say the database is down only before it.
    if not await runtime.database_answers():
        await ack(response_action="errors", errors={"text": t(lang, "error.not_saved.request")})
        return
    await ack()
    answer = sending(runtime, user, None)
    runtime.background.spawn(
        create(runtime, command, user, answer), f"feedback form from {user}", answer
    )
