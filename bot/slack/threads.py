"""Slack's messages as thread replies, and reading a thread back: the Slack side of the
domain's ThreadReader port."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.model.checkin import ThreadReply
from bot.domain.ports import Clock
from bot.slack.directory import UserDirectory
from bot.slack.wire import plain

# Subtypes that are still a person's message (app.message() would miss edits and deletions).
_PERSON_SUBTYPES = {None, "thread_broadcast", "file_share"}
PAGE_SIZE = 200  # conversations.replies is Tier 3: a thread of replies costs a call a page


def from_person(message: dict[str, Any]) -> bool:
    return "bot_id" not in message and message.get("subtype") != "bot_message"


def message_id(channel: str, ts: object) -> str:
    """The event id of a message that came without one: its channel and ts."""
    return f"{channel}:{ts}"


def thread_reply(
    event: dict[str, Any], text: str, event_id: str, now: datetime
) -> ThreadReply | None:
    """The message (an event, or one read from a thread: then edited perhaps) as a thread
    reply, `text` (plain) in place of Slack's; None if it is none."""
    thread_ts, ts, user = event.get("thread_ts"), event.get("ts"), event.get("user")
    if (
        event.get("subtype") not in _PERSON_SUBTYPES
        or not from_person(event)
        or not (thread_ts and ts and user)
        or thread_ts == ts
    ):
        return None
    edit_ts = (event.get("edited") or {}).get("ts")
    return ThreadReply(event_id, event["channel"], ts, thread_ts, user, text, now, edit_ts)


class SlackThreads:
    """A thread as Slack keeps it, page by page (conversations.replies, Tier 3)."""

    def __init__(self, client: AsyncWebClient, directory: UserDirectory, clock: Clock) -> None:
        self._client = client
        self._directory = directory
        self._clock = clock

    async def replies(self, channel: str, thread_ts: str) -> list[ThreadReply]:
        found = []
        async for page in await self._client.conversations_replies(
            channel=channel, ts=thread_ts, limit=PAGE_SIZE
        ):
            for message in page.get("messages") or []:
                # The messages carry no channel; the parent (first) and bots' are no replies.
                message = {**message, "channel": channel}
                event_id = message_id(channel, message.get("ts"))
                reply = thread_reply(message, "", event_id, self._clock())
                if reply is not None:
                    text = await plain(str(message.get("text") or ""), self._directory)
                    found.append(replace(reply, text=text))
        return found
