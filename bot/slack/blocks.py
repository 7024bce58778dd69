"""Block Kit builders: pure functions from domain values to (fallback text, blocks)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.domain.answers import QUESTIONS
from bot.domain.models import Department, Digest, DigestEntry
from bot.i18n import Language, format_date, t

Block = dict[str, Any]
Message = tuple[str, list[Block]]

SECTION_LIMIT = 3000  # characters Slack shows in one section's text
BLOCK_LIMIT = 50  # blocks in one message


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150], "emoji": True}}


def _sections(title: str, lines: list[str]) -> list[Block]:
    """A titled list, split into as many sections as Slack's 3,000-character limit needs."""
    blocks, chunk = [], f"*{title}*"
    for line in lines:
        if len(line) > SECTION_LIMIT - 10:
            line = line[: SECTION_LIMIT - 11] + "…"
        if len(chunk) + 1 + len(line) > SECTION_LIMIT:
            blocks.append(_section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    blocks.append(_section(chunk))
    return blocks


def _cap(blocks: list[Block]) -> list[Block]:
    if len(blocks) <= BLOCK_LIMIT:
        return blocks
    return [*blocks[: BLOCK_LIMIT - 1], _section("…")]


def checkin_message(lang: Language, day: date, department: Department) -> Message:
    header = t(lang, "checkin.header", date=format_date(lang, day))
    intro = t(lang, "checkin.intro", department=t(lang, f"department.{department}"))
    questions = "\n".join(f"*{n}.* {t(lang, f'question.{n}')}" for n in QUESTIONS)
    how_to = t(lang, "checkin.how_to")
    blocks = [
        _header(header),
        _section(f"{intro}\n\n{questions}"),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": how_to}]},
    ]
    return f"{header}\n{intro}\n{questions}\n{how_to}", blocks


def _entry(lang: Language, entry: DigestEntry) -> str:
    department = t(lang, f"department.{entry.department}")
    return "• " + t(lang, "digest.entry", text=entry.text, user=entry.user, department=department)


def digest_message(lang: Language, digest: Digest) -> Message:
    header = t(lang, "digest.header", date=format_date(lang, digest.round_date))
    blocks, text = [_header(header)], [header]
    if digest.is_empty:
        blocks.append(_section(t(lang, "digest.nothing")))
        text.append(t(lang, "digest.nothing"))
        return "\n".join(text), blocks
    for number in QUESTIONS:
        title = f"{number}. {t(lang, f'question.{number}')}"
        lines = [_entry(lang, e) for e in digest.answers.get(number, [])]
        lines = lines or [t(lang, "digest.no_answer")]
        blocks.extend(_sections(title, lines))
        text.extend([title, *lines])
    if digest.notes:
        title = t(lang, "digest.notes")
        lines = [_entry(lang, e) for e in digest.notes]
        blocks.append({"type": "divider"})
        blocks.extend(_sections(title, lines))
        text.extend([title, *lines])
    return "\n".join(text), _cap(blocks)
