"""/smm-brief's day: relative to today in TIMEZONE (read from the one clock), across week, month
and year boundaries, in both languages; anything else, or a day to come, refused."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.calendar import WorkCalendar
from bot.domain.model.briefing import BriefHelp
from bot.domain.model.errors import TaskInputError
from bot.domain.parsing.brief_command import parse_brief_command
from bot.simulator.clock import StagedClock

WEDNESDAY = date(2026, 12, 2)


def today_at(instant: datetime, zone: str) -> date:
    """Today as the bot's calendar reads it on a clock staged at `instant`."""
    calendar = WorkCalendar(ZoneInfo(zone), frozenset(range(5)), clock=StagedClock(instant))
    return calendar.today()


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("", WEDNESDAY), ("  ", WEDNESDAY), ("today", WEDNESDAY), ("Сегодня", WEDNESDAY),
        ("yesterday", date(2026, 12, 1)), ("вчера", date(2026, 12, 1)),
        ("2026-11-24", date(2026, 11, 24)), ("2026-12-02", WEDNESDAY),
        # the latest such day, counting today
        ("monday", date(2026, 11, 30)), ("Mon", date(2026, 11, 30)),
        ("понедельник", date(2026, 11, 30)), ("пн", date(2026, 11, 30)),
        ("wednesday", WEDNESDAY), ("среда", WEDNESDAY), ("среду", WEDNESDAY), ("ср", WEDNESDAY),
        ("thursday", date(2026, 11, 26)), ("четверг", date(2026, 11, 26)),
        ("FRIDAY", date(2026, 11, 27)), ("пятницу", date(2026, 11, 27)),
        ("пт.", date(2026, 11, 27)),
        ("saturday", date(2026, 11, 28)), ("субботу", date(2026, 11, 28)),
        ("sunday", date(2026, 11, 29)), ("воскресенье", date(2026, 11, 29)),
        ("вс", date(2026, 11, 29)), ("tuesday", date(2026, 12, 1)), ("вт", date(2026, 12, 1)),
        # as said in a sentence
        ("позавчера", date(2026, 11, 30)), ("в пятницу", date(2026, 11, 27)),
        ("во вторник", date(2026, 12, 1)), ("В среду", WEDNESDAY),
        ("on Monday", date(2026, 11, 30)),
    ],
)  # fmt: skip
def test_days_relative_to_a_wednesday(text: str, day: date) -> None:
    assert parse_brief_command(text, WEDNESDAY) == day


@pytest.mark.parametrize(
    ("today", "text", "day"),
    [
        (date(2026, 11, 30), "monday", date(2026, 11, 30)),  # a Monday: today
        (date(2026, 11, 30), "sunday", date(2026, 11, 29)),  # the day before, last week
        (date(2026, 11, 29), "monday", date(2026, 11, 23)),  # a Sunday: six days back
        (date(2026, 11, 29), "вс", date(2026, 11, 29)),
        (date(2027, 1, 1), "понедельник", date(2026, 12, 28)),  # a Friday: last year's
        (date(2027, 1, 1), "четверг", date(2026, 12, 31)),
        (date(2027, 1, 1), "вчера", date(2026, 12, 31)),
        (date(2028, 3, 1), "yesterday", date(2028, 2, 29)),  # a leap year
    ],
)
def test_week_month_and_year_boundaries(today: date, text: str, day: date) -> None:
    assert parse_brief_command(text, today) == day


@pytest.mark.parametrize(
    ("zone", "yesterday", "monday"),
    [
        # Monday 30 November 22:30 UTC is already Tuesday in Moscow, still Monday in New York
        ("Europe/Moscow", date(2026, 11, 30), date(2026, 11, 30)),
        ("UTC", date(2026, 11, 29), date(2026, 11, 30)),
        ("America/New_York", date(2026, 11, 29), date(2026, 11, 30)),
        ("Asia/Tokyo", date(2026, 11, 30), date(2026, 11, 30)),
    ],
)
def test_today_is_the_calendars_in_its_zone(zone: str, yesterday: date, monday: date) -> None:
    today = today_at(datetime(2026, 11, 30, 22, 30, tzinfo=UTC), zone)
    assert parse_brief_command("yesterday", today) == yesterday
    assert parse_brief_command("monday", today) == monday
    assert parse_brief_command("", today) == today
    # on Sunday evening in New York it is Monday in Tokyo: "sunday" is today or yesterday
    sunday = today_at(datetime(2026, 11, 29, 23, 0, tzinfo=ZoneInfo("America/New_York")), zone)
    assert parse_brief_command("sunday", sunday) == date(2026, 11, 29)


@pytest.mark.parametrize("text", ["help", "HELP", "помощь", "справка", "help me"])
def test_help(text: str) -> None:
    assert parse_brief_command(text, WEDNESDAY) == BriefHelp()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("tomorrow", "brief.error.unknown"), ("last monday", "brief.error.unknown"),
        ("02.12.2026", "brief.error.unknown"), ("2026-12-2", "brief.error.unknown"),
        ("понедельника", "brief.error.unknown"), ("<@U0ANNA0001>", "brief.error.unknown"),
        ("2026-02-30", "brief.error.no_such_date"), ("2026-13-01", "brief.error.no_such_date"),
        ("2026-12-03", "brief.error.future"), ("2027-01-01", "brief.error.future"),
    ],
)  # fmt: skip
def test_anything_else_is_refused(text: str, key: str) -> None:
    with pytest.raises(TaskInputError) as refused:
        parse_brief_command(text, WEDNESDAY)
    assert refused.value.key == key
    assert refused.value.params["text"] == text
