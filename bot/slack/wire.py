"""Slack's wire text as plain text, when a message or an edit arrives: the bot stores what the
person saw (`@Anna`, `@channel`, `a < b`), and rendering escapes it again (mrkdwn.py)."""

from __future__ import annotations

import logging
import re

from bot.domain.parsing.task_command import plain_text
from bot.slack.directory import UserDirectory

log = logging.getLogger(__name__)

_USER = re.compile(r"<@([A-Z0-9]+)(?:\|[^<>]*)?>")


async def plain(text: str, directory: UserDirectory) -> str:
    """The text with mentions as names (from the directory; the id if it has none)."""
    names: dict[str, str] = {}
    users = set(_USER.findall(text))
    if users:
        try:
            for user in users:
                person = await directory.get(user)
                if person is not None:
                    names[user] = person.name
        except Exception:  # users.list failing must not lose the answer
            log.warning("users.list failed: mentions are stored by id", exc_info=True)
    return plain_text(text, names.get)
