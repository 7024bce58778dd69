"""The check-in's "Answer in a form" button: opens the form (its submission: views/)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext

from bot.slack.listeners.services import services
from bot.slack.views.checkin import form_view


async def on_open_checkin_form(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
) -> None:
    await ack()
    channel, ts = body["container"].get("channel_id"), body["container"].get("message_ts")
    if not (channel and ts):
        return
    runtime = services(context)

    async def open_form() -> None:
        prompt = await runtime.collector.prompt(channel, ts)  # its round's questions
        if prompt is None:
            return
        view = form_view(runtime.settings.bot_language, channel, ts, prompt.questions)
        await runtime.client.views_open(trigger_id=body["trigger_id"], view=view)

    # trigger_id lives 3 s: open at once, after the ack has gone.
    runtime.background.spawn(open_form(), "open form")
