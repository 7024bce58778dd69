"""The text of `/smm-brief`: which day's briefing to show, relative to today in TIMEZONE.

Nothing (today), `today`/`сегодня`, `yesterday`/`вчера`, `позавчера`, an ISO date, or a
weekday in either language, as typed in a sentence too (`в пятницу`, `во вторник`, `on friday`).
A weekday is the latest such day, today included: "monday" on a Wednesday is two days ago, on a
Monday today (a week ago is `YYYY-MM-DD`). A day after today is refused.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.domain.model.briefing import BriefCommand, BriefHelp
from bot.domain.model.errors import TaskInputError

_HELP = frozenset(("help", "помощь", "справка"))
_RELATIVE = {"today": 0, "сегодня": 0, "yesterday": 1, "вчера": 1, "позавчера": 2}
_ON = frozenset(("в", "во", "on"))  # before a weekday: "в пятницу", "во вторник", "on friday"
_WEEKDAY_WORDS = (  # Monday first, as date.weekday() counts
    ("monday", "mon", "понедельник", "пн"),
    ("tuesday", "tue", "tues", "вторник", "вт"),
    ("wednesday", "wed", "среда", "среду", "ср"),
    ("thursday", "thu", "thur", "thurs", "четверг", "чт"),
    ("friday", "fri", "пятница", "пятницу", "пт"),
    ("saturday", "sat", "суббота", "субботу", "сб"),
    ("sunday", "sun", "воскресенье", "вс"),
)
_WEEKDAYS = {word: number for number, words in enumerate(_WEEKDAY_WORDS) for word in words}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_brief_command(text: str, today: date) -> BriefCommand:
    """The day `/smm-brief` asks for; raises TaskInputError for anything else or a future day."""
    words = text.split()
    if len(words) == 2 and words[0].casefold() in _ON and words[1].casefold() in _WEEKDAYS:
        words = words[1:]
    if not words:
        return today
    word = words[0].casefold().rstrip(".,")
    if word in _HELP:
        return BriefHelp()
    if len(words) > 1:
        raise TaskInputError("brief.error.unknown", text=text.strip())
    if word in _RELATIVE:
        return today - timedelta(days=_RELATIVE[word])
    if word in _WEEKDAYS:
        return today - timedelta(days=(today.weekday() - _WEEKDAYS[word]) % 7)
    if not _ISO.fullmatch(word):
        raise TaskInputError("brief.error.unknown", text=text.strip())
    try:
        day = date.fromisoformat(word)
    except ValueError:
        raise TaskInputError("brief.error.no_such_date", text=word) from None
    if day > today:
        raise TaskInputError("brief.error.future", text=word)
    return day
