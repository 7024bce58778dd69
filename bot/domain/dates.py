"""Dates in answers ("27 ноября", "Dec 20–31", "в пятницу", "через 3 дня"), relative to a round.

Finding dates is ours, not dateparser's: its `search_dates` reads "we", "sat", "may" and "march"
as dates, misses "27.11", "до пятницы" and every range, and reads "Dec 20–31" as 20 December 2031.
So one regex finds the candidates (numeric dates, a day with a month name, weekdays, a few
relative words, "in/через N days|weeks|months"), the arithmetic below resolves them, and
dateparser only counts offsets such as "через две недели" or "in three days". Rules:

* Numbers are day first: "20/12" and "27.11" are 20 December and 27 November (a Russian-market
  product). Without a year the month must have two digits, so "2.5 million" and "24/7" are not
  dates; an impossible date ("10.30") is not one either.
* A date without a year is the nearest one that is not more than `RECENT` in the past: on
  2026-11-26 "25 ноября" is 2026-11-25 and "5 января" is 2027-01-05.
* A weekday is the first such day after today: on Thursday "в пятницу", "this Friday",
  "next Friday" and "в следующую пятницу" are all tomorrow and "в четверг" is in a week (so does
  dateparser, which ignores "next" and "следующую"). Plural forms ("по пятницам", "on Fridays")
  repeat, so they are not dates; neither are "Black Friday" and "Чёрная пятница", nor the
  ambiguous abbreviations ("sat", "wed", "mon") and "среда" (also "environment").
* Ranges: "с 20 по 31 декабря", "20–31.12", "Dec 20–31", "December 20 - January 5", "from X to Y",
  "X, runs till Y". The range is anchored on its end: the start is the latest such day on or
  before the end, so "с 30 по 2 января" runs from 30 December. "до/till Y" alone means from today
  to Y. A weekday or relative word right before a written date ("Friday, Dec 4") defers to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import dateparser

# How far back a date written without a year may be and still mean this year's (about 2 months).
RECENT = timedelta(days=61)


@dataclass(frozen=True)
class DateSpan:
    start: date
    end: date | None = None  # None = a single day; otherwise inclusive end, end > start


# Month names and abbreviations, January first; a name must end at a word boundary.
_MONTHS = (
    r"january|jan|январ[ьяе]|янв",
    r"february|feb|феврал[ьяе]|фев",
    r"march|mar|март[ае]?|мар",
    r"april|apr|апрел[ьяе]|апр",
    r"may|ма[йяе]",
    r"june|jun|июн[ьяе]|июн",
    r"july|jul|июл[ьяе]|июл",
    r"august|aug|август[ае]?|авг",
    r"september|sept|sep|сентябр[ьяе]|сент|сен",
    r"october|oct|октябр[ьяе]|окт",
    r"november|nov|ноябр[ьяе]|нояб|ноя",
    r"december|dec|декабр[ьяе]|дек",
)
_MONTH = rf"(?:{'|'.join(_MONTHS)})\.?(?![^\W\d_])"
_MONTH_NAMES = [re.compile(rf"(?:{names})\.?", re.IGNORECASE) for names in _MONTHS]

# Singular forms only (plurals repeat), Monday first.
_WEEKDAYS = (
    ("monday", "понедельник"),
    ("tuesday", "вторник"),
    ("wednesday", "сред"),
    ("thursday", "четверг"),
    ("friday", "пятниц"),
    ("saturday", "суббот"),
    ("sunday", "воскресень"),
)
_WEEKDAY = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|понедельник[ау]?|вторник[ау]?"
    r"|сред[уы]|четверг[ау]?|пятниц[аеуы]|суббот[аеуы]|воскресень[еяю]"
)
_DAYS_FROM_TODAY = {
    "yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "day after tomorrow": 2,
    "позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2,
}  # fmt: skip
_DAY_WORD = "|".join(word.replace(" ", r"\s+") for word in _DAYS_FROM_TODAY)
_OFFSET_UNIT = r"days?|weeks?|months?|день|дн(?:я|ей)|недел[юиь]|месяц(?:а|ев)?"

_CANDIDATE = re.compile(
    rf"""
    (?P<skip>black\s+friday|cyber\s+monday|ч[её]рн\w*\s+пятниц\w*|киберпонедельник\w*)
    # 2026-12-20 (also with . or /)
    | (?<![\w.,/:-])(?P<iso_y>\d{{4}})(?P<iso_sep>[-./])(?P<iso_m>\d{{1,2}})
      (?P=iso_sep)(?P<iso_d>\d{{1,2}})(?!\d)
    # 27.11, 20/12, 27.11.2026, 27.11.26
    | (?<![\w.,/:])(?P<num_d>\d{{1,2}})(?P<num_sep>[./])(?P<num_m>\d{{1,2}})
      (?:(?P=num_sep)(?P<num_y>\d{{4}}|\d{{2}}))?(?!\d|[.,/:]\d|\s*%)
    # 27 ноября, 1-го декабря, 1st of December 2026
    | (?<![\w.,/:])(?P<dm_d>\d{{1,2}})(?:st|nd|rd|th|-?го|-?е)?\s+(?:of\s+)?(?P<dm_m>{_MONTH})
      (?:,?\s+(?P<dm_y>\d{{4}})(?!\d))?
    # Dec 20, December 20th, 2026
    | (?<!\w)(?P<md_m>{_MONTH})\s*(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d|[.,/:]\d|[^\W\d_])
      (?:,?\s+(?P<md_y>\d{{4}})(?!\d))?
    | (?<!\w)(?P<weekday>{_WEEKDAY})(?!\w)
    | (?<!\w)(?P<word>{_DAY_WORD})(?!\w)
    # in 3 days, in two weeks, через неделю, через 10 дней: dateparser counts these
    | (?<!\w)(?P<offset>(?:in|after|через|спустя)\s+(?:[\w-]+\s+){{0,3}}?(?:{_OFFSET_UNIT}))(?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# What joins two dates into a range: "–", "по", "to", or "…, runs till" / "…, продлится до".
_JOIN = re.compile(
    r"\s*(?:[-–—]|\.\.\.?)\s*|\s+(?:to|till|until|through|thru|по|до)\s+"
    r"|[\s,;]+(?:[^\W\d_]+\s+){1,2}(?:till|until|through|thru|по|до)\s+",
    re.IGNORECASE,
)
# A bare day before a written date starts a range: "с 20 по [31 декабря]", "20–[31.12]".
_DAY_BEFORE = re.compile(
    r"(?<![\w.,/:%-])(\d{1,2})(?:\s*[-–—]\s*|\s+(?:по|до|to|till|until|through|thru)\s+)$",
    re.IGNORECASE,
)
# A bare day after a month-first date ends a range: "[Dec 20]–31", "[Dec 20] to 31, 2026".
_DAY_AFTER = re.compile(
    r"(?:\s*[-–—]\s*|\s+(?:to|till|until|through|thru)\s+)(\d{1,2})(?:st|nd|rd|th)?"
    r"(?!\d|[.,/:]\d|\s*%|[^\W\d_])(?:,?\s+(\d{4})(?!\d))?",
    re.IGNORECASE,
)
_UNTIL = re.compile(r"\b(?:till|until|through|thru|до|по)\s+$", re.IGNORECASE)
_ONLY_SEPARATORS = re.compile(r"[\s,(]*")


@dataclass(frozen=True)
class _Day:
    """A day as written: `year` is None when the text leaves the year out."""

    month: int
    day: int
    year: int | None = None

    @classmethod
    def of(cls, value: date) -> _Day:
        return cls(value.month, value.day, value.year)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    day: _Day
    written: bool  # a calendar date in the text, not a weekday or a relative word
    month_first: bool = False  # "Dec 20": a bare day may follow ("Dec 20–31")


def find_dates(text: str, today: date) -> DateSpan | None:
    """The first date or date range mentioned in `text`, understood relative to `today`
    (the round's local date); None when the text names no date.

    `text` is one answer as `answers.parse_reply` gives it: a leftover marker would read as
    the start of a range ("5 - 27 ноября" is 5–27 November).
    """
    mentions = _mentions(text, today)
    first = next(mentions, None)
    if first is None:
        return None
    second = next(mentions, None)
    # "Friday, Dec 4" / "завтра (27 ноября)": the written date is the precise one.
    if (
        second is not None
        and not first.written
        and second.written
        and _ONLY_SEPARATORS.fullmatch(text, first.end, second.start)
    ):
        first, second = second, next(mentions, None)
    return _span(text, first, second, today)


def _span(text: str, first: _Mention, second: _Mention | None, today: date) -> DateSpan | None:
    """`first` alone, or the range it starts or ends."""
    before = _DAY_BEFORE.search(text, max(0, first.start - 20), first.start)
    if first.written and before:
        # The start shares the end's month, or is in the month before: "с 30 по 2 января".
        start_day = int(before[1])
        month = first.day.month if start_day <= first.day.day else (first.day.month - 2) % 12 + 1
        return _range(_Day(month, start_day), first.day, today) or _single(first.day, today)
    if second is not None and _JOIN.fullmatch(text, first.end, second.start):
        return _range(first.day, second.day, today) or _single(first.day, today)
    after = _DAY_AFTER.match(text, first.end)
    if first.month_first and after:
        # The end shares the start's month, or is in the month after: "Dec 30–2".
        end_day = int(after[1])
        month = first.day.month if end_day >= first.day.day else first.day.month % 12 + 1
        year = int(after[2]) if after[2] else None
        return _range(first.day, _Day(month, end_day, year), today) or _single(first.day, today)
    if _UNTIL.search(text, max(0, first.start - 10), first.start):
        # "до 10 декабря", "till Friday": from today on.
        end = _resolve(first.day, today)
        if end is not None and end > today:
            return DateSpan(today, end)
    return _single(first.day, today)


def _mentions(text: str, today: date) -> Iterator[_Mention]:
    """The dates in `text`, in order; candidates that are no date after all are left out."""
    for match in _CANDIDATE.finditer(text):
        day = _read(match, today)
        if day is not None and _resolve(day, today) is not None:
            written = match["weekday"] is None and match["word"] is None and not match["offset"]
            yield _Mention(match.start(), match.end(), day, written, match["md_m"] is not None)


def _read(match: re.Match[str], today: date) -> _Day | None:
    if match["iso_y"]:
        return _Day(int(match["iso_m"]), int(match["iso_d"]), int(match["iso_y"]))
    if match["num_d"]:
        if match["num_y"] is None and len(match["num_m"]) < 2:
            return None  # "2.5 million", "24/7", "1/2 price"
        year = int(match["num_y"]) if match["num_y"] else None
        if year is not None and year < 100:
            year += 2000
        return _Day(int(match["num_m"]), int(match["num_d"]), year)
    if match["dm_d"]:
        year = int(match["dm_y"]) if match["dm_y"] else None
        return _Day(_month_number(match["dm_m"]), int(match["dm_d"]), year)
    if match["md_d"]:
        year = int(match["md_y"]) if match["md_y"] else None
        return _Day(_month_number(match["md_m"]), int(match["md_d"]), year)
    if match["weekday"]:
        word = match["weekday"].lower()
        weekday = next(i for i, names in enumerate(_WEEKDAYS) if word.startswith(names))
        return _Day.of(today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1))
    if match["word"]:
        return _Day.of(today + timedelta(days=_DAYS_FROM_TODAY[" ".join(match["word"].split())]))
    if match["offset"]:
        return _offset(match["offset"], today)
    return None  # "Black Friday" and the like


def _offset(phrase: str, today: date) -> _Day | None:
    parsed = dateparser.parse(
        phrase,
        languages=["ru", "en"],
        settings={"RELATIVE_BASE": datetime.combine(today, time()), "PREFER_DATES_FROM": "future"},
    )
    return _Day.of(parsed.date()) if isinstance(parsed, datetime) else None


def _month_number(name: str) -> int:
    return next(i for i, names in enumerate(_MONTH_NAMES, 1) if names.fullmatch(name))


def _single(day: _Day, today: date) -> DateSpan | None:
    resolved = _resolve(day, today)
    return None if resolved is None else DateSpan(resolved)


def _range(first: _Day, last: _Day, today: date) -> DateSpan | None:
    """Anchored on the end unless only the start has a year; reversed ends are swapped."""
    if first.year is not None and last.year is None:
        start = _resolve(first, today)
        end = None if start is None else _nearest(last, start, forward=True)
    else:
        end = _resolve(last, today)
        start = None if end is None else _nearest(first, end, forward=False)
    if start is None or end is None:
        return None
    start, end = min(start, end), max(start, end)
    return DateSpan(start, end if end != start else None)


def _resolve(day: _Day, today: date) -> date | None:
    """The day itself when it has a year; else the first one at most `RECENT` ago."""
    return _nearest(day, today - RECENT, forward=True)


def _nearest(day: _Day, bound: date, *, forward: bool) -> date | None:
    """`day` in its own year, or else the first such day on or after (before) `bound`."""
    if day.year is not None:
        return _dated(day, day.year)
    step = 1 if forward else -1
    for year in range(bound.year, bound.year + 5 * step, step):  # 5: 29 February needs a leap year
        candidate = _dated(day, year)
        if candidate is not None and (candidate >= bound if forward else candidate <= bound):
            return candidate
    return None


def _dated(day: _Day, year: int) -> date | None:
    try:
        return date(year, day.month, day.day)
    except ValueError:
        return None
