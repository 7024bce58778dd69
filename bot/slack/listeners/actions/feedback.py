"""A feedback post's Taken and Done buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond

from bot.slack import ids
from bot.slack.listeners.services import services
from bot.slack.listeners.waiting import ephemeral
from bot.slack.payload import button_id


async def on_feedback_button(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Either button: the action_id says which (Taken, or Done)."""
    await ack()
    runtime = services(context)
    user, done = body["user"]["id"], action["action_id"] == ids.FEEDBACK_DONE
    if (feedback_id := button_id(action)) is not None:
        feedback = runtime.feedback
        work = (feedback.finish if done else feedback.take)(feedback_id, user)
        what = "done" if done else "taken"
        runtime.background.spawn(
            work, f"feedback {feedback_id} {what} by {user}", ephemeral(respond)
        )
