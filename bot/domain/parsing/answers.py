"""Reading a thread reply: which of its round's questions it answers."""

from __future__ import annotations

import re
from datetime import date

from bot.domain.model.checkin import AnswerPart

# `2.`, `2)`, `2:`, `2 -` or `#2` at the start of a line, optionally in Slack bold/italics.
# `2.5 million` and `2-3 items` are not markers: the delimiter must not run into a digit.
_MARKER = re.compile(
    r"^\s*[*_]*\s*(?:#\s*(?P<hash>10|[1-9])(?![\d.,])|(?P<num>10|[1-9])(?:[.):](?!\d)|\s+[-–—](?=\s|$)))"
    r"[*_]*\s*(?P<rest>.*)$"
)


def parse_reply(text: str, count: int) -> list[AnswerPart]:
    """Split a reply into answers: a line numbered 1 to `count` (the round's questions) starts
    one, following lines continue it; another number is just text.

    Text before the first numbered line (or a reply with no numbers at all) is a general note.
    Empty answers are dropped.
    """
    parts: list[tuple[int | None, list[str]]] = [(None, [])]
    for line in text.splitlines():
        match = _MARKER.match(line)
        if match and int(match["hash"] or match["num"]) <= count:
            parts.append((int(match["hash"] or match["num"]), [match["rest"]]))
        else:
            parts[-1][1].append(line)
    result = []
    for question, lines in parts:
        body = "\n".join(lines).strip()
        if body:
            result.append(AnswerPart(question, body))
    return result


def is_numbered(parts: list[AnswerPart]) -> bool:
    return any(part.question is not None for part in parts)


def compose_answer(texts: dict[int, str], dates: dict[int, date]) -> str:
    """A form's answers as the numbered reply a person would have typed in the thread."""
    lines = []
    for number in sorted(texts.keys() | dates.keys()):
        text = " ".join(texts.get(number, "").split())
        if number in dates:
            text = f"{text} ({dates[number].isoformat()})" if text else dates[number].isoformat()
        if text:
            lines.append(f"{number}. {text}")
    return "\n".join(lines)
