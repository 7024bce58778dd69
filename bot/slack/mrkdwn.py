"""Slack's mrkdwn, written safely: every piece of text a person made is escaped here, once.

In mrkdwn `&`, `<` and `>` are control characters: `<!channel>` notifies a channel and
`<url|label>` hides a link behind any label. Text the bot stores is plain (what the person saw,
see wire.py); rendering escapes it. `Mrkdwn` marks text that is mrkdwn already (the bot's own
markup with the person-made parts escaped); `md()` fills a catalogue text and escapes every
parameter that is not `Mrkdwn`. Lengths that Slack limits are counted on the escaped text, and
a cut never falls inside an `&amp;` or a `<…>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.i18n import Language, t

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# What a cut must not split: the bot's `<@U1>` / `<url|label>`, or an escaped character.
_ENTITY = re.compile(r"<[^<>]*>|&(?:amp|lt|gt);")
ELLIPSIS = "…"


class Mrkdwn(str):
    """Text in Slack's mrkdwn, safe to post: built by the bot, person-made parts escaped."""

    __slots__ = ()


def escape(text: str) -> Mrkdwn:
    """A person's plain text as mrkdwn that shows exactly that text (and pings nobody)."""
    if isinstance(text, Mrkdwn):
        return text
    for char, entity in _ESCAPES.items():  # "&" first: the entities' own "&" stays as it is
        text = text.replace(char, entity)
    return Mrkdwn(text)


def md(lang: Language, key: str, **params: object) -> Mrkdwn:
    """The catalogue's text for `key` (mrkdwn), its text parameters escaped unless `Mrkdwn`."""
    return Mrkdwn(
        t(lang, key, **{k: escape(v) if isinstance(v, str) else v for k, v in params.items()})
    )


def mention(user: str) -> Mrkdwn:
    """The bot's own mention of a person (a Slack user ID)."""
    return Mrkdwn(f"<@{user}>")


def join(separator: str, parts: Iterable[Mrkdwn]) -> Mrkdwn:
    """Mrkdwn parts joined by a separator of the bot's (mrkdwn too)."""
    return Mrkdwn(separator.join(parts))


def link(url: str, label: Mrkdwn) -> Mrkdwn:
    """A link the bot builds: the label is the bot's, so it cannot disguise where it goes."""
    return Mrkdwn(f"<{escape(url)}|{label}>")


def fit(text: str, limit: int) -> Mrkdwn:
    """A person's text escaped, cut (with an ellipsis) so the escaped text takes ≤ `limit`."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    kept, size = [], len(ELLIPSIS)
    for char in text:
        piece = _ESCAPES.get(char, char)
        if size + len(piece) > limit:
            break
        kept.append(piece)
        size += len(piece)
    return Mrkdwn("".join(kept) + ELLIPSIS)


def clip(text: str, limit: int = 80) -> Mrkdwn:
    """A person's text on one line, at most `limit` characters shown, escaped."""
    line = " ".join(text.split())
    return escape(line if len(line) <= limit else line[: limit - 1] + ELLIPSIS)


def split(text: Mrkdwn, limit: int) -> list[Mrkdwn]:
    """Mrkdwn in pieces of ≤ `limit` characters, cut at the last line break or space that fits
    (else anywhere), never inside an entity; the break or space cut at is dropped."""
    pieces: list[Mrkdwn] = []
    while len(text) > limit:
        cut = max(text.rfind("\n", 0, limit + 1), text.rfind(" ", 0, limit + 1))
        if cut <= 0:
            cut = limit
        for entity in _ENTITY.finditer(text, 0, min(len(text), limit + 3000)):
            if entity.start() < cut < entity.end() and entity.start() > 0:
                cut = entity.start()
                break
        pieces.append(Mrkdwn(text[:cut]))
        text = Mrkdwn(text[cut + 1 :] if text[cut] in " \n" else text[cut:])
    if text or not pieces:
        pieces.append(text)
    return pieces
