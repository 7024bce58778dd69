"""The tasks' summaries: the leaderboard and the done-in-time rates per day. Pure."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta

from bot.domain.model.common import Department
from bot.domain.model.tasks import (
    Assignment,
    AssignmentState,
    DailyRates,
    Leaderboard,
    Score,
    Task,
    TaskState,
    seconds_to_answer,
)

OTHER = "other"  # the department of those in neither department's channel


def _score(key: str, rows: list[tuple[Task, Assignment]]) -> Score:
    in_time = [
        seconds_to_answer(task, a)
        for task, a in rows
        if a.state is AssignmentState.DONE and a.answered_at and a.answered_at <= task.deadline
    ]
    return Score(key, len(rows), len(in_time), statistics.median(in_time) if in_time else None)


def _counted(rows: Iterable[tuple[Task, Assignment]]) -> list[tuple[Task, Assignment]]:
    """Skipped and cancelled assignments do not count: nobody was asked, or the task was
    called off."""
    return [
        (task, a) for task, a in rows
        if a.state not in (AssignmentState.SKIPPED, AssignmentState.CANCELLED)
        and task.state is not TaskState.CANCELLED
    ]  # fmt: skip


def leaderboard(days: int, rows: Sequence[tuple[Task, Assignment]]) -> Leaderboard:
    """Done-in-time rate and median time per person, department (OTHER for people in neither
    department's channel, as on the chart) and network."""
    counted = _counted(rows)

    def by(key: Callable[[Task, Assignment], str]) -> list[Score]:
        groups: dict[str, list[tuple[Task, Assignment]]] = {}
        for task, a in counted:
            groups.setdefault(key(task, a), []).append((task, a))
        scores = [_score(name, group) for name, group in groups.items()]
        return sorted(scores, key=lambda s: (-s.rate, s.median_seconds or 1e12, s.key))

    checked = [a for task, a in counted if task.vk_post and a.state is AssignmentState.DONE]
    return Leaderboard(
        days=days,
        tasks=len({task.id for task, _ in counted}),
        total=_score("total", counted),
        people=by(lambda _, a: a.user),
        departments=by(lambda _, a: a.department.value if a.department else OTHER),
        networks=by(lambda task, _: task.network.value),
        seen=sum(a.verified for a in checked),
        said=sum(not a.verified for a in checked),
    )


def daily_rates(
    first: date,
    last: date,
    rows: Iterable[tuple[Task, Assignment]],
    local_date: Callable[[datetime], date],
) -> DailyRates | None:
    """Each assignment counts on the local day its task was created; someone in neither
    department's channel counts as "other", a line only when there is such a person. None when
    nobody was asked in those days."""
    groups: dict[tuple[str, date], list[tuple[Task, Assignment]]] = {}
    for task, a in _counted(rows):
        day = local_date(task.created_at)
        if first <= day <= last:
            key = a.department.value if a.department else OTHER
            groups.setdefault((key, day), []).append((task, a))
    if not groups:
        return None
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    keys = [d.value for d in Department] + ([OTHER] if any(k == OTHER for k, _ in groups) else [])
    return DailyRates(
        days,
        {
            key: [
                100 * _score(key, groups[key, day]).rate if (key, day) in groups else None
                for day in days
            ]
            for key in keys
        },
    )
