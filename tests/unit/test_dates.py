from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from bot.domain.parsing.dates import DateSpan, find_dates, read_dates

THURSDAY = date(2026, 11, 26)


def day(month: int, number: int, year: int = 2026) -> date:
    return date(year, month, number)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("27 ноября", day(11, 27)), ("1 декабря", day(12, 1)), ("1-го декабря", day(12, 1)),
        ("1 December", day(12, 1)), ("Dec 1", day(12, 1)), ("1st of December", day(12, 1)),
        ("December 1st, 2026", day(12, 1)), ("1 дек. 2027", day(12, 1, 2027)),
        ("в пятницу", day(11, 27)), ("on Friday", day(11, 27)), ("это завтра", day(11, 27)),
        ("в понедельник", day(11, 30)), ("Sunday", day(11, 29)),
        ("в четверг", day(12, 3)), ("on Thursday", day(12, 3)),  # today is Thursday: a week on
        ("tomorrow", day(11, 27)), ("завтра", day(11, 27)),
        ("послезавтра", day(11, 28)), ("the day after tomorrow", day(11, 28)),
        ("today", day(11, 26)), ("сегодня", day(11, 26)),
        ("yesterday", day(11, 25)), ("вчера", day(11, 25)),
        ("27.11", day(11, 27)), ("27.11.2026", day(11, 27)), ("27.11.26", day(11, 27)),
        ("1.12.2026", day(12, 1)), ("2026-12-20", day(12, 20)), ("2026/12/20", day(12, 20)),
        ("20/12", day(12, 20)),  # day first: a Russian-market product
        ("через 3 дня", day(11, 29)), ("in 3 days", day(11, 29)), ("in three days", day(11, 29)),
        ("через неделю", day(12, 3)), ("in two weeks", day(12, 10)),
        ("через две недели", day(12, 10)), ("через месяц", day(12, 26)),
        ("в среду", day(12, 2)), ("Dec20", day(12, 20)), ("5 сент.", day(9, 5, 2027)),
    ],
)  # fmt: skip
def test_single_days(text: str, start: date) -> None:
    assert find_dates(text, THURSDAY) == DateSpan(start)


# The week of Thursday 26 November 2026, Monday to Sunday: whichever of its days it is said on,
# "this Friday" is its Friday and "next Friday" the next week's.
WEEK = [date(2026, 11, 23) + timedelta(days=offset) for offset in range(7)]


@pytest.mark.parametrize("today", WEEK, ids=lambda today: today.strftime("%A"))
@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("this Friday", day(11, 27)), ("This friday", day(11, 27)), ("THIS FRIDAY", day(11, 27)),
        ("this Monday", day(11, 23)), ("sale ends this Sunday", day(11, 29)),
        ("в эту пятницу", day(11, 27)), ("эта пятница", day(11, 27)), ("В эту среду", day(11, 25)),
        ("в этот понедельник", day(11, 23)), ("в этот четверг", day(11, 26)),
        ("в это воскресенье", day(11, 29)), ("на этой неделе в субботу", day(11, 28)),
        ("next Friday", day(12, 4)), ("Next friday", day(12, 4)), ("next Monday", day(11, 30)),
        ("next Sunday", day(12, 6)), ("в следующую пятницу", day(12, 4)),
        ("Следующая пятница", day(12, 4)), ("в следующий понедельник", day(11, 30)),
        ("в следующее воскресенье", day(12, 6)), ("на следующей неделе в среду", day(12, 2)),
        ("на следующей неделе во вторник", day(12, 1)),
    ],
)  # fmt: skip
def test_this_and_next_weekday_are_of_this_and_the_next_week(
    text: str, start: date, today: date
) -> None:
    assert find_dates(text, today) == DateSpan(start)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("с 20 по 31 декабря", day(12, 20), day(12, 31)),
        ("20–31 декабря", day(12, 20), day(12, 31)),
        ("с 20.12 по 31.12", day(12, 20), day(12, 31)),
        ("20–31.12", day(12, 20), day(12, 31)),
        ("с 20 декабря по 5 января", day(12, 20), day(1, 5, 2027)),
        ("Dec 20–31", day(12, 20), day(12, 31)),
        ("Dec 20-31", day(12, 20), day(12, 31)),
        ("Dec 20 to 31, 2027", day(12, 20, 2027), day(12, 31, 2027)),
        ("December 20 - January 5", day(12, 20), day(1, 5, 2027)),
        ("from Dec 20 to Dec 31", day(12, 20), day(12, 31)),
        ("Sale from Dec 20\nthrough Dec 31", day(12, 20), day(12, 31)),
        ("Winter sale starts on 1 December, runs till Dec 10", day(12, 1), day(12, 10)),
        ("Зимняя распродажа с 1 декабря, продлится до 10 декабря", day(12, 1), day(12, 10)),
        ("Чёрная пятница с 27 по 30 ноября", day(11, 27), day(11, 30)),
        ("3. Акция с 1 по 7 декабря, скидка 20%", day(12, 1), day(12, 7)),
        ("с завтра до 5 декабря", day(11, 27), day(12, 5)),
        # "until" alone: from today on
        ("до 10 декабря", THURSDAY, day(12, 10)), ("Sale till Dec 10", THURSDAY, day(12, 10)),
        ("до пятницы", THURSDAY, day(11, 27)),
        # weekdays in the genitive: dateparser knows only "понедельник", "воскресенье"
        ("до понедельника", THURSDAY, day(11, 30)), ("до воскресенья", THURSDAY, day(11, 29)),
        ("с пятницы по воскресенье", day(11, 27), day(11, 29)),
        ("с понедельника по пятницу", day(11, 30), day(12, 4)),
        ("from Monday to Friday", day(11, 30), day(12, 4)),
        ("с субботы по среду", day(11, 28), day(12, 2)),
        ("с этой пятницы по следующую среду", day(11, 27), day(12, 2)),
        ("from this Friday to next Tuesday", day(11, 27), day(12, 1)),
        ("со следующего понедельника по пятницу", day(11, 30), day(12, 4)),
        ("from next Monday to Friday", day(11, 30), day(12, 4)),
        ("до следующей пятницы", THURSDAY, day(12, 4)), ("till next Friday", THURSDAY, day(12, 4)),
        ("до этого воскресенья", THURSDAY, day(11, 29)),
        # Only the start names its year: the end follows it, though alone it would be next year's.
        ("1 сентября 2026 – 5 сентября", day(9, 1), day(9, 5)),
    ],
)  # fmt: skip
def test_ranges(text: str, start: date, end: date) -> None:
    assert find_dates(text, THURSDAY) == DateSpan(start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # The end comes first in the calendar: the start is the month before.
        ("с 30 по 2 января", day(12, 30), day(1, 2, 2027)),
        ("Dec 30–2", day(12, 30), day(1, 2, 2027)),
        # A range is anchored on its end: September is long gone, but the sale still runs.
        ("с 20 сентября по 5 декабря", day(9, 20), day(12, 5)),
        # Both ends written in full and reversed: swapped.
        ("2026-12-31 – 2026-12-20", day(12, 20), day(12, 31)),
    ],
)  # fmt: skip
def test_ranges_whose_end_is_before_their_start(text: str, start: date, end: date) -> None:
    assert find_dates(text, THURSDAY) == DateSpan(start, end)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("5 января", date(2026, 12, 28), day(1, 5, 2027)),
        ("5.01", date(2026, 12, 28), day(1, 5, 2027)),
        ("Jan 5", date(2026, 12, 28), day(1, 5, 2027)),
        ("20 сентября", THURSDAY, day(9, 20, 2027)),  # more than 2 months ago: next year's
        ("25 ноября", THURSDAY, day(11, 25)),  # the near past stays in this year
        ("Nov 1", THURSDAY, day(11, 1)),
        ("20 декабря", date(2027, 1, 10), day(12, 20)),  # last month, last year
        ("29 февраля", THURSDAY, day(2, 29, 2028)),  # the next leap year
        ("5 января 2026", date(2026, 12, 28), day(1, 5)),  # a written year is kept
    ],
)  # fmt: skip
def test_a_missing_year_is_the_nearest_not_long_past(
    text: str, today: date, expected: date
) -> None:
    assert find_dates(text, today) == DateSpan(expected)


@pytest.mark.parametrize(
    "text",
    ["no promo planned", "нет", "пока не знаем", "we sell 2 boots for 1", "5 customers complained",
     "42", "top 10", "", "we may march on sat", "Mon", "we sat on it", "2.5 million views",
     "1.5 раза больше", "24/7 support", "1/2 price", "2-3 customers", "скидка 20%", "в 10:30",
     "встреча в 10.30", "31.02", "Black Friday sale", "Cyber Monday", "Чёрная пятница",
     "по пятницам", "on Fridays", "в мае", "December 2026", "in the coming days",
     "в конкурентной среде", "на следующей неделе", "с 1 по 5", "в 10.00", "с 9 до 18",
     "5 min", "10 sat", "page 5 of 10", "в среднем 5 дней", "рабочая среда", "субботник",
     "Q4 2026 - 5 posts", "#BlackFriday"],
)  # fmt: skip
def test_text_without_a_date(text: str) -> None:
    assert find_dates(text, THURSDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow the teaser, Dec 10 the launch", DateSpan(day(11, 27))),
        ("Пост 2.5 тыс. просмотров, запуск 1 декабря", DateSpan(day(12, 1))),
        ("Friday, Dec 4", DateSpan(day(12, 4))),  # the written date, not the coming Friday
        ("в пятницу (4 декабря)", DateSpan(day(12, 4))),
        ("from tomorrow till Friday", DateSpan(day(11, 27))),  # both are the 27th: one day
        ("Dec 20 - 30% off", DateSpan(day(12, 20))),
    ],
)  # fmt: skip
def test_the_first_date_wins(text: str, expected: DateSpan) -> None:
    assert find_dates(text, THURSDAY) == expected


async def test_dates_read_before_are_read_on_the_loop_new_ones_in_the_dates_thread() -> None:
    threads: dict[str, list[str]] = {}

    def read(text: str) -> Callable[[], DateSpan | None]:
        def reading() -> DateSpan | None:
            threads.setdefault(text, []).append(threading.current_thread().name)
            return find_dates(text, date(2031, 3, 6))  # a round no other test reads dates for

        return reading

    first = await read_dates({"new": read("с 10 по 17 марта")})
    both = await read_dates(
        {"again": read("акция с 10 по 17 марта"), "other": read("до 2 апреля"), "none": read("-")}
    )
    assert first["new"] == both["again"] == DateSpan(date(2031, 3, 10), date(2031, 3, 17))
    assert both["other"] == DateSpan(date(2031, 3, 6), date(2031, 4, 2))
    assert both["none"] is None
    # A read is begun on the loop; cut short at its first new date, it is read again in the
    # dates thread, with the others of its call that met new dates, and alone.
    main = threading.main_thread().name
    assert threads["с 10 по 17 марта"][0] == main
    assert threads["с 10 по 17 марта"][1].startswith("dates")
    assert threads["акция с 10 по 17 марта"] == [main]
    assert threads["до 2 апреля"][0] == main and threads["до 2 апреля"][1].startswith("dates")
    assert threads["-"] == [main]
    assert sum(map(len, threads.values())) == 6
