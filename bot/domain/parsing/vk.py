"""VK links as people type them: a wall post (a task's URL) and a profile (`/smm-task link`)."""

from __future__ import annotations

import re

from bot.domain.model.errors import TaskInputError
from bot.domain.model.vk import post_key

# `https://vk.com/wall-123_45`, `m.vk.com/wall-123_45`, `vk.ru/club123?w=wall-123_45`.
_WALL_POST = re.compile(
    r"(?:https?://)?(?:[a-z]+\.)?vk\.(?:com|ru)/(?:\S*?[?&]w=)?wall(-?[0-9]+)_([0-9]+)(?:[/?#&]|$)",
    re.IGNORECASE,
)
_PROFILE_URL = re.compile(
    r"(?:https?://)?(?:[a-z]+\.)?vk\.(?:com|ru)/([^/?#\s]+)/?(?:[?#]\S*)?", re.IGNORECASE
)
_USER_ID = re.compile(r"id([0-9]{1,19})")
# VK's short names: Latin letters, digits, `_` and `.`, starting with a letter.
_SCREEN_NAME = re.compile(r"[a-z][a-z0-9_.]{1,31}", re.IGNORECASE)


def wall_post(url: str) -> str | None:
    """The post a VK wall link points to (`-123_45`), or None."""
    match = _WALL_POST.fullmatch(url) or _WALL_POST.match(url)
    return None if match is None else post_key(int(match[1]), int(match[2]))


def profile(text: str) -> int | str:
    """A VK profile as typed: its user id (`https://vk.com/id123`, `id123`) or a screen name
    to resolve (`https://vk.com/durov`, `@durov`, `durov`). Raises TaskInputError."""
    word = text.strip()
    if match := _PROFILE_URL.fullmatch(word):
        word = match[1]
    word = word.removeprefix("@")
    if match := _USER_ID.fullmatch(word):
        if 0 < int(match[1]) < 2**63:
            return int(match[1])
    elif _SCREEN_NAME.fullmatch(word):
        return word
    raise TaskInputError("vk.error.bad_profile", text=text.strip())
