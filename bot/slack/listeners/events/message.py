"""Message events (new, edited, deleted) → plain domain values → the collector."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt.async_app import AsyncBoltContext

from bot.domain.model.checkin import ReplyDeleted, ReplyEdited, Stored, ThreadReply
from bot.slack.listeners.services import services
from bot.slack.wire import plain

# Subtypes that are still a person's message (app.message() would miss edits and deletions).
_PERSON_SUBTYPES = {None, "thread_broadcast", "file_share"}


def _from_person(message: dict[str, Any]) -> bool:
    return "bot_id" not in message and message.get("subtype") != "bot_message"


def thread_reply(
    event: dict[str, Any], text: str, event_id: str, now: datetime
) -> ThreadReply | None:
    """The message as a thread reply, `text` (plain) in place of Slack's; None if it is none."""
    thread_ts, ts, user = event.get("thread_ts"), event.get("ts"), event.get("user")
    if (
        event.get("subtype") not in _PERSON_SUBTYPES
        or not _from_person(event)
        or not (thread_ts and ts and user)
        or thread_ts == ts
    ):
        return None
    return ThreadReply(event_id, event["channel"], ts, thread_ts, user, text, now)


def reply_edited(
    event: dict[str, Any], text: str, event_id: str, now: datetime
) -> ReplyEdited | None:
    """The edit, `text` (plain) in place of Slack's new text; None if not a person's message."""
    message = event.get("message")
    if not isinstance(message, dict) or not _from_person(message) or "ts" not in message:
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
    event_id = body.get("event_id") or f"{event['channel']}:{event.get('ts')}"
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
