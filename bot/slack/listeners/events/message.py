"""Message events (new, edited, deleted) → plain domain values → the collector."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt.async_app import AsyncBoltContext

from bot.domain.model.checkin import ReplyDeleted, ReplyEdited, Stored
from bot.slack.listeners.services import services
from bot.slack.threads import from_person, message_id, thread_reply
from bot.slack.wire import plain


def reply_edited(
    event: dict[str, Any], text: str, event_id: str, now: datetime
) -> ReplyEdited | None:
    """The edit, `text` (plain) in place of Slack's new text; None if not a person's message."""
    message = event.get("message")
    if not isinstance(message, dict) or not from_person(message) or "ts" not in message:
        return None
    return ReplyEdited(
        event_id=event_id,
        channel=event["channel"],
        ts=message["ts"],
        thread_ts=message.get("thread_ts"),
        user=message.get("user"),
        text=text,
        # The edit's own time decides which version of the message is the newest.
        edit_ts=(message.get("edited") or {}).get("ts") or event.get("ts"),
        received_at=now,
    )


async def on_message(
    event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
) -> None:
    if not isinstance(event.get("channel"), str):
        return  # Slack names the channel of every message event
    runtime = services(context)
    collector = runtime.collector
    event_id = body.get("event_id") or message_id(event["channel"], event.get("ts"))
    subtype = event.get("subtype")
    if subtype == "message_changed":
        message = event.get("message")
        if not isinstance(message, dict):
            return
        text = await plain(str(message.get("text") or ""), runtime.directory)
        edit = reply_edited(event, text, event_id, runtime.calendar.now())
        if edit is not None:
            await collector.on_edit(edit)
        return
    if subtype == "message_deleted":
        if event.get("deleted_ts"):
            await collector.on_delete(ReplyDeleted(event_id, event["channel"], event["deleted_ts"]))
        return
    text = await plain(str(event.get("text") or ""), runtime.directory)
    reply = thread_reply(event, text, event_id, runtime.calendar.now())
    if reply is not None and await collector.on_reply(reply) is Stored.NO:
        # Not an answer to a check-in: perhaps a comment under a coordination question.
        await runtime.feedback.on_comment(reply)
