"""A feedback post's Taken and Done buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond

from bot.slack.listeners.services import services
from bot.slack.listeners.waiting import ephemeral
from bot.slack.payload import button_id


async def on_feedback_take(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    await ack()
    runtime = services(context)
    user = body["user"]["id"]
    if (feedback_id := button_id(action)) is not None:
        work = runtime.feedback.take(feedback_id, user)
        runtime.background.spawn(work, f"take feedback {feedback_id} by {user}", ephemeral(respond))


async def on_feedback_done(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    await ack()
    runtime = services(context)
    user = body["user"]["id"]
    if (feedback_id := button_id(action)) is not None:
        work = runtime.feedback.finish(feedback_id, user)
        runtime.background.spawn(work, f"feedback {feedback_id} done by {user}", ephemeral(respond))
