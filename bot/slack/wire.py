"""Slack's wire text as plain text, before the domain sees it: links and mentions arrive wrapped
in `<…>`, and `&`, `<`, `>` typed by people as `&amp;`, `&lt;`, `&gt;`. The bot stores what the
person saw (`@Anna`, `@channel`, `a < b`), and rendering escapes it again (mrkdwn.py)."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable

from bot.domain.model.people import Person
from bot.slack.directory import UserDirectory

log = logging.getLogger(__name__)

_USER = re.compile(r"<@([A-Z0-9]+)(?:\|[^<>]*)?>")


async def plain(text: str, directory: UserDirectory) -> str:
    """The text with mentions as names, all asked of the directory at once; one it cannot name
    in time keeps the label Slack gave, else the id."""
    found = await asyncio.gather(
        *map(directory.get, set(_USER.findall(text))), return_exceptions=True
    )
    names = {person.id: person.name for person in found if isinstance(person, Person)}
    if failed := [error for error in found if isinstance(error, Exception)]:
        # A name missing must not lose the answer, nor keep Slack waiting for it.
        log.warning(
            "%d mentions stored by id: users.info failed or was too slow",
            len(failed),
            exc_info=failed[0],
        )
    return plain_text(text, names.get)


_WRAPPED = re.compile(r"(<[^<>]*>)")


def plain_text(text: str, name_of: Callable[[str], str | None] = lambda _: None) -> str:
    """Slack's text as the person saw it: `<@U1|anna>` → `@anna` (or the name `name_of` gives
    for U1), `<#C1|general>` → `#general`, `<!here>` → `@here`, `<!subteam^S1|@sales>` →
    `@sales`, `<url|label>` → the url, and `&amp;`, `&lt;`, `&gt;` undone."""
    parts = _WRAPPED.split(text)  # odd parts are `<…>`
    return "".join(
        _plain_wrapped(part, name_of) if index % 2 else unescape(part)
        for index, part in enumerate(parts)
    )


def plain_targets(text: str) -> str:
    """Slack's text with each `<…>` as what it points to, for a command that acts on whom and
    what it names: `<@U1|anna>` → `@U1`, `<!subteam^S1|@sales>` → `@S1`, `<#C1|general>` →
    `#C1`, `<mailto:a@b.c|a@b.c>` → `mailto:a@b.c`; the rest as in `plain_text`."""
    parts = _WRAPPED.split(text)
    return "".join(
        _target(part) if index % 2 else unescape(part) for index, part in enumerate(parts)
    )


def _plain_wrapped(chunk: str, name_of: Callable[[str], str | None]) -> str:
    target, _, label = chunk[1:-1].partition("|")
    label = unescape(label)
    if target.startswith("@"):  # a person: their name, else the label Slack gave, else the id
        return "@" + (name_of(target[1:]) or label.removeprefix("@") or target[1:])
    if target.startswith("#"):
        return "#" + (label.removeprefix("#") or target[1:])
    if target.startswith("!"):  # `<!here>`, `<!subteam^S1|@sales>`, `<!date^…|fallback>`
        if label:
            return label
        kind, _, ident = target[1:].partition("^")
        return "@" + (ident or kind)
    return unescape(target).removeprefix("mailto:")


def _target(chunk: str) -> str:
    target = chunk[1:-1].partition("|")[0]
    if target.startswith(("@", "#")):
        return target
    if target.startswith("!subteam^"):
        return "@" + target.removeprefix("!subteam^")
    if target.startswith("!"):  # `<!here>` → `@here`
        return _plain_wrapped(chunk, lambda _: None)
    return unescape(target)


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
