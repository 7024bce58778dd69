"""Dates in answers ("27 ноября", "Dec 20–31", "в пятницу", "через 3 дня"), relative to a round.

dateparser reads every date. Its `search_dates` cannot find them in free text (it takes "we",
"sat" and "may" for dates and misses ranges), so what is ours is only this:

* Finding fragments for it to read: a day with a word beside it ("27 ноября", "Dec 20"), a
  numeric date, a weekday, "today"/"завтра", "in/через N days". Not offered, as it would read
  them as dates: "Black Friday", "sat", "Mon", "среда" (also "environment"), bare numbers, and
  without a year a one-digit month ("2.5 million", "24/7"). A written date must name a day and
  a month (`REQUIRE_PARTS`), so "10.30" and "top 10" are none. Numbers are day first.
* Two gaps in its Russian: "1-го декабря", and weekdays in the genitive ("до пятницы").
* The year: a date without one is the nearest not more than `RECENT` in the past (on
  2026-11-26 "25 ноября" is 2026-11-25, "5 января" is 2027-01-05), which dateparser gives when
  it prefers dates after that bound. A weekday is the first such day after today; this
  week's ("this Friday", "в эту пятницу") or the next week's ("next Friday", "на следующей
  неделе в среду") is the first after the Sunday before that week (weeks start on Monday).
* Ranges: "с 20 по 31 декабря", "20–31.12", "Dec 20–31", "December 20 - January 5",
  "from X to Y", "X, runs till Y". A range is anchored on its end: the start is the latest such
  day on or before it, and a bare day is read in the other end's month ("с 30 по 2 января"
  starts on 30 December). "до/till Y" alone runs from today. A weekday or relative word right
  before a written date ("Friday, Dec 4") defers to it.
"""

from __future__ import annotations

import asyncio
import functools
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal, TypeVar

import dateparser

K = TypeVar("K")
T = TypeVar("T")

# How far back a date written without a year may be and still mean this year's (about 2 months).
RECENT = timedelta(days=61)
_YEAR = timedelta(days=365)
_WEEK = timedelta(days=7)

_CANDIDATE = re.compile(
    r"""
    (?<!\w)(?:
      (?P<skip>black\s+friday|cyber\s+monday|ч[её]рн\w*\s+пятниц\w*)
    | (?P<relative>
          (?:in|after|через|спустя)\s+(?:[\w-]+\s+){0,2}?(?:day|week|month|дн|ден|недел|месяц)\w*
        | (?:(?:the\s+)?day\s+after\s+)?tomorrow|today|tonight|yesterday|сегодня|\w*(?:завтра|вчера)
      )(?!\w)
    # a weekday, maybe this or next week's: "this Friday", "на следующей неделе в среду"
    | (?:(?:(?P<this>this|эт(?:а|у|о|от|ой|ого))|(?P<next>next|следующ\w*))
         (?:\s+неделе,?\s+во?)?\s+)?
      (?P<weekday>
          (?:mon|tues|wednes|thurs|fri|satur|sun)day\w*
        | (?:понедельник|вторник|четверг|пятниц|суббот|воскресень)\w*|сред[уы]
      )(?!\w)
    # 2026-12-20, 27.11.2026, 1.12.26, 27.11, 20/12
    | (?<![.,/:])(?P<numeric>
          \d{4}(?P<s1>[-./])\d{1,2}(?P=s1)\d{1,2}
        | \d{1,2}(?P<s2>[./])\d{1,2}(?P=s2)(?:\d{4}|\d{2})
        | \d{1,2}[./]\d{2}
      )(?!\d|[.,/:]\d|\s*%)
    # a day and the words around it: 27 ноября, 1-го декабря, 1st of December 2026, Dec 20, 2026
    | (?:(?P<before>[^\W\d_]{3,}\.?)\s*)?(?<![\d.,/:])(?P<day>\d{1,2})(?!\d|[.,/:]\d|\s*%)
      (?:st|nd|rd|th|-?го|-?е)?(?![^\W\d_])(?:\s+(?:of\s+)?(?P<after>[^\W\d_]{3,}\.?))?
      (?:,?\s+(?P<year>\d{4})(?!\d))?
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
# dateparser knows Russian weekdays in the nominative and accusative only ("пятница", "пятницу").
_GENITIVE = {"ы": "у", "а": "", "я": "е"}

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
# After a weekday or relative word: only separators, then what may start a written date.
_THEN_WRITTEN = re.compile(r"[\s,(]*(?:[^\W\d_]+\.?\s*)?\d")
_ONLY_SEPARATORS = re.compile(r"[\s,(]*")


@dataclass(frozen=True)
class DateSpan:
    start: date
    end: date | None = None  # None = a single day; otherwise inclusive end, end > start


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    day: date  # read on its own, relative to the round's date
    written: str | None = None  # a calendar date as given to dateparser; None for "в пятницу"
    month_first: bool = False  # "Dec 20": a bare day may follow ("Dec 20–31")


# Answers repeat too (a promotion's line, pasted by everyone who mentions it): each is read once
# a day, like its fragments below.
@functools.lru_cache(maxsize=4096)
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
    second = None
    if _JOIN.match(text, first.end) or (not first.written and _THEN_WRITTEN.match(text, first.end)):
        second = next(mentions, None)
    # "Friday, Dec 4" / "завтра (27 ноября)": the written date is the precise one.
    if (
        second is not None
        and not first.written
        and second.written
        and _ONLY_SEPARATORS.fullmatch(text, first.end, second.start)
    ):
        first, second = second, None
        if _JOIN.match(text, first.end):
            second = next(mentions, None)
    return _span(text, first, second, today)


def _span(text: str, first: _Mention, second: _Mention | None, today: date) -> DateSpan:
    """`first` alone, or the range it starts or ends."""
    before = _DAY_BEFORE.search(text, max(0, first.start - 20), first.start)
    if first.written and before:
        start = _bare_day(before[1], first.day, earlier=True)
        return _ordered(start, first.day) if start else DateSpan(first.day)
    if second is not None and _JOIN.fullmatch(text, first.end, second.start):
        return _range(first, second)
    after = _DAY_AFTER.match(text, first.end)
    if first.month_first and first.written and after:
        start = first.day
        if after[2]:  # "Dec 20 to 31, 2027": the year is the whole range's
            start = _calendar(f"{first.written} {after[2]}", start) or start
        end = _bare_day(after[1], start, earlier=False)
        return _ordered(start, end) if end else DateSpan(first.day)
    if _UNTIL.search(text, max(0, first.start - 10), first.start) and first.day > today:
        return DateSpan(today, first.day)  # "до 10 декабря", "till Friday": from today on
    return DateSpan(first.day)


def _range(first: _Mention, last: _Mention) -> DateSpan:
    """Anchored on the end: the start is the latest such day on or before it. A start still
    more than a year before the end named its year ("1 сентября 2026 – 5 сентября"): then the
    end is the first such day after the start."""
    start, end = first.day, last.day
    if not last.written and timedelta(0) < start - end < _WEEK:
        end += _WEEK  # "Monday to Friday" said on a Thursday: the Friday after that Monday
    if first.written and not end - _YEAR < start <= end:
        start = _calendar(first.written, end, prefer="past") or start
    if last.written and end - start > _YEAR:
        end = _calendar(last.written, start - timedelta(days=1)) or end
    return _ordered(start, end)


def _ordered(start: date, end: date) -> DateSpan:
    start, end = min(start, end), max(start, end)
    return DateSpan(start, end if end != start else None)


def _mentions(text: str, today: date) -> Iterator[_Mention]:
    """The dates in `text`, in order: each candidate fragment that dateparser reads."""
    since = today - RECENT - timedelta(days=1)  # the year rule: the first such day after this
    for match in _CANDIDATE.finditer(text):
        if match["relative"] or match["weekday"]:
            day = _relative(match["relative"] or match["weekday"], _after(match, today))
            if day is not None:
                yield _Mention(match.start(), match.end(), day)
        elif match["numeric"]:
            written = match["numeric"].replace(".", "/")  # "20.12" would be 20:12
            day = _calendar(written, since)
            if day is not None:
                yield _Mention(match.start(), match.end(), day, written)
        elif match["day"]:
            yield from _around_day(match, since)


def _around_day(match: re.Match[str], since: date) -> Iterator[_Mention]:
    """The day with the word after it ("27 ноября", "1-го декабря") or else before ("Dec 20")."""
    windows = []
    if match["after"]:
        year = f" {match['year']}" if match["year"] else ""
        words = f"{match['day']} {match['after']}{year}"
        windows.append((match.start("day"), match.end(), words, False))
    if match["before"]:
        end = match.end("year") if match["year"] and not match["after"] else match.end("day")
        windows.append((match.start(), end, match.string[match.start() : end], True))
    for start, end, written, month_first in windows:
        day = _calendar(written, since)
        if day is not None:
            yield _Mention(start, end, day, written, month_first)
            return


def _after(match: re.Match[str], today: date) -> date:
    """What a weekday is the first such day after: today, or the Sunday before the week it
    names ("this Friday" is this week's, Monday to Sunday; "next Friday" the next week's)."""
    if not (match["this"] or match["next"]):
        return today
    sunday = today - timedelta(days=today.weekday() + 1)
    return sunday + _WEEK if match["next"] else sunday


def _relative(words: str, today: date) -> date | None:
    """A weekday or relative word; a weekday in the genitive is read in a form dateparser knows."""
    day = _read(words, today)
    if day is None and words[-1] in _GENITIVE:
        day = _read(words[:-1] + _GENITIVE[words[-1]], today)
    return day


def _calendar(
    written: str, base: date, prefer: Literal["future", "past"] = "future"
) -> date | None:
    """A written date; without a year, the first after `base` (or the last on or before it)."""
    return _read(written, base, prefer, parts=("day", "month"))


def _bare_day(number: str, other_end: date, *, earlier: bool) -> date | None:
    """A bare day in the month of `other_end`, or else in the month before (after) it."""
    day = _read(number, other_end, parts=("day",))
    if day is None or (day > other_end if earlier else day < other_end):
        if earlier:
            month = other_end.replace(day=1) - timedelta(days=1)
        else:
            month = (other_end.replace(day=28) + timedelta(days=4)).replace(day=1)
        day = _read(number, month, parts=("day",))
    return day


# About a millisecond a fragment, so the same few dates, said again and again in a round's
# replies ("до 20 декабря"), are read once (the last _KEEP of them: then afresh).
_KEEP = 4096
_read_before: dict[tuple[str, date, str, tuple[str, ...]], date | None] = {}


class _NotReadBefore(Exception):
    """A fragment dateparser has not read yet, met while `read_dates` reads on the event loop."""


_on_loop = threading.local()  # .reading: read_dates is reading here, without dateparser


def _read(
    fragment: str,
    base: date,
    prefer: Literal["future", "past"] = "future",
    parts: tuple[str, ...] = (),
) -> date | None:
    """dateparser's reading of `fragment` relative to `base`. A calendar date must name the
    `parts` (not "10.30" or "top 10"); it needs only the absolute parser, which is faster."""
    key = (fragment, base, prefer, parts)
    try:
        return _read_before[key]
    except KeyError:
        if getattr(_on_loop, "reading", False):
            raise _NotReadBefore from None
    settings: dict[str, object] = {
        "RELATIVE_BASE": datetime.combine(base, time()),
        "PREFER_DATES_FROM": prefer,
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if parts:
        settings |= {"REQUIRE_PARTS": list(parts), "PARSERS": ["absolute-time"]}
    parsed = dateparser.parse(fragment, languages=["ru", "en"], settings=settings)
    if len(_read_before) >= _KEEP:
        _read_before.clear()
    _read_before[key] = day = parsed.date() if isinstance(parsed, datetime) else None
    return day


# dateparser is pure Python holding the GIL: what it has not read before is read in a thread of
# its own, so the event loop keeps answering meanwhile (the GIL changes hands every few
# milliseconds). One thread, as dateparser fills its caches lazily and is not made for
# concurrent use.
_READER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dates")


async def read_dates(reads: Mapping[K, Callable[[], T]]) -> dict[K, T]:
    """Each of `reads`, for whatever ends in `find_dates`: at once when dateparser has read all
    its fragments before (microseconds: a trip to the dates thread and back costs more); the
    others together in one trip to the dates thread. A read must have no side effects: it may
    be cut short and run again."""
    done: dict[K, T] = {}
    later: dict[K, Callable[[], T]] = {}
    _on_loop.reading = True
    try:
        for key, read in reads.items():
            try:
                done[key] = read()
            except _NotReadBefore:
                later[key] = read
    finally:
        _on_loop.reading = False
    if later:
        done |= await asyncio.get_running_loop().run_in_executor(
            _READER, lambda: {key: read() for key, read in later.items()}
        )
    return done


def warm() -> None:
    """dateparser loads its languages on first use (about 0.3 s): at start, not in a reply."""
    for text in ("с 20 по 31 декабря", "до пятницы", "Dec 20–31", "in 3 days"):
        find_dates(text, date(2026, 11, 26))
