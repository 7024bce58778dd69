"""The chart's numbers: the share done in time per local day and department."""

from __future__ import annotations

import struct
from datetime import UTC, date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from bot.domain.calendar import WorkCalendar
from bot.domain.model.common import Department
from bot.domain.model.tasks import (
    Assignment,
    AssignmentState,
    DailyRates,
    Network,
    Task,
    TaskAction,
    TaskState,
)
from bot.domain.services.task_stats import daily_rates, leaderboard
from bot.slack.charts import rates_png, rates_title

MOSCOW = WorkCalendar(ZoneInfo("Europe/Moscow"), frozenset(range(5)))
MONDAY, SUNDAY = date(2026, 11, 23), date(2026, 11, 29)
MARKETING, SALES = Department.MARKETING, Department.SALES
ids = count(1)


def task(created: datetime, state: TaskState = TaskState.FINISHED) -> Task:
    return Task(
        next(ids), "https://vk.com/wall-1_1", Network.VK, TaskAction.LIKE, "U0MANAGER1", "C1",
        None, created, created + timedelta(minutes=10), state,
    )  # fmt: skip


def assignment(
    of: Task,
    department: Department | None,
    state: AssignmentState = AssignmentState.DONE,
    after: timedelta | None = timedelta(minutes=1),
) -> tuple[Task, Assignment]:
    answered = None if after is None else of.created_at + after
    return of, Assignment(
        next(ids), of.id, f"U{next(ids)}", "someone", None, department, state, answered_at=answered
    )


def week(rows: list[tuple[Task, Assignment]]) -> DailyRates | None:
    return daily_rates(MONDAY, SUNDAY, rows, MOSCOW.local_date)


def at(day: date, hour: int) -> datetime:
    """`hour` o'clock in Moscow on `day`, in UTC."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=MOSCOW.zone).astimezone(UTC)


def test_late_cant_and_no_answer_are_not_done_in_time() -> None:
    monday = task(at(MONDAY, 11))
    rates = week(
        [
            assignment(monday, MARKETING),  # in time
            assignment(monday, MARKETING, after=timedelta(minutes=30)),  # late
            assignment(monday, MARKETING, AssignmentState.CANT),
            assignment(monday, MARKETING, AssignmentState.WAITING, after=None),  # no answer
            assignment(monday, SALES),
        ]
    )
    assert rates is not None
    assert rates.days == [MONDAY + timedelta(days=n) for n in range(7)]
    assert rates.departments == {
        "marketing": [25.0, None, None, None, None, None, None],
        "sales": [100.0, None, None, None, None, None, None],
    }


def test_days_without_tasks_are_gaps_and_each_day_stands_alone() -> None:
    wednesday, friday = MONDAY + timedelta(days=2), MONDAY + timedelta(days=4)
    rates = week(
        [
            assignment(task(at(wednesday, 10)), SALES),
            assignment(task(at(wednesday, 15)), SALES, AssignmentState.CANT),
            assignment(task(at(friday, 10)), SALES, after=timedelta(hours=1)),
        ]
    )
    assert rates is not None
    assert rates.departments["sales"] == [None, None, 50.0, None, 0.0, None, None]
    assert rates.departments["marketing"] == [None] * 7  # a department with nobody asked


def test_a_task_counts_on_its_local_day() -> None:
    # 23:30 on Sunday in Moscow is 20:30 UTC, still the week; 00:30 Monday after is not.
    late_sunday = task(at(SUNDAY, 23) + timedelta(minutes=30))
    next_monday = task(at(SUNDAY + timedelta(days=1), 0) + timedelta(minutes=30))
    before = task(at(MONDAY, 0) - timedelta(minutes=1))
    rates = week(
        [assignment(late_sunday, MARKETING)]
        + [assignment(t, MARKETING, AssignmentState.CANT) for t in (next_monday, before)]
    )
    assert rates is not None
    assert rates.departments["marketing"] == [None] * 6 + [100.0]


def test_people_in_neither_department_are_other() -> None:
    monday = task(at(MONDAY, 12))
    rates = week([assignment(monday, None), assignment(monday, None, AssignmentState.CANT)])
    assert rates is not None
    assert list(rates.departments) == ["marketing", "sales", "other"]
    assert rates.departments["other"][0] == 50.0


def test_the_stats_text_counts_them_as_the_chart_does() -> None:
    monday = task(at(MONDAY, 12))
    board = leaderboard(7, [assignment(monday, MARKETING), assignment(monday, None)])
    assert [s.key for s in board.departments] == ["marketing", "other"]


def test_equal_shares_stay_apart_a_panel_per_department() -> None:
    """Departments with the same share on the same days would hide each other on one plot."""

    def height(departments: dict[str, list[float | None]]) -> int:
        png = rates_png("en", DailyRates([MONDAY, MONDAY + timedelta(days=1)], departments))
        return int(struct.unpack(">I", png[20:24])[0])  # IHDR: width, then height

    one, two = (
        height({"marketing": [50.0, 50.0]}),
        height({"marketing": [50.0, 50.0], "sales": [50.0, 50.0]}),
    )
    three = height({"marketing": [50.0] * 2, "sales": [50.0] * 2, "other": [50.0] * 2})
    assert one < two < three and two - one == three - two


def test_skipped_cancelled_and_nothing_asked_make_no_chart() -> None:
    monday = task(at(MONDAY, 12))
    cancelled = task(at(MONDAY, 13), TaskState.CANCELLED)
    assert week([]) is None
    assert (
        week(
            [
                assignment(monday, MARKETING, AssignmentState.SKIPPED, after=None),
                assignment(monday, SALES, AssignmentState.CANCELLED, after=None),
                assignment(cancelled, SALES),
            ]
        )
        is None
    )


def test_the_chart_is_a_png_in_either_language() -> None:
    days = [MONDAY + timedelta(days=n) for n in range(90)]
    rates = DailyRates(days, {"marketing": [50.0] * 90, "sales": [None] * 90, "other": [None] * 90})
    for lang in ("en", "ru"):  # a glyph missing from the font would warn: an error here
        assert rates_png(lang, rates).startswith(b"\x89PNG\r\n\x1a\n")
    assert rates_title("ru", rates) == "Быстрые задачи, сделанные вовремя, 23 ноября – 20 февраля"
