"""Block Kit for quick-like tasks: the DM, the live progress and report, list and stats."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.tasks import (
    Assignment,
    AssignmentState,
    Leaderboard,
    Progress,
    Score,
    Task,
    TaskState,
    seconds_to_answer,
)
from bot.i18n import Language, t
from bot.slack import ids
from bot.slack.blocks import Block, Message, block_button, block_section, block_sections, clip

BAR = 12  # characters in the progress bar


def duration(lang: Language, seconds: float) -> str:
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return t(lang, "duration.hm", h=hours, m=minutes)
    if minutes:
        return t(lang, "duration.ms", m=minutes, s=secs)
    return t(lang, "duration.s", s=secs)


def local_time(moment: datetime, tz: str | None, zone: ZoneInfo) -> str:
    """HH:MM where the reader is (their Slack time zone, else the bot's)."""
    try:
        where = ZoneInfo(tz) if tz else zone
    except (ZoneInfoNotFoundError, ValueError):
        where = zone
    return f"{moment.astimezone(where):%H:%M}"


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def task_dm(lang: Language, task: Task, assignment: Assignment, zone: ZoneInfo) -> Message:
    """The assignee's DM: what to do by when, and Done / Can't until they answer."""
    text = t(
        lang, "task.dm", network=t(lang, f"network.{task.network}"),
        do=t(lang, f"task.do.{task.action}"),
        deadline=local_time(task.deadline, assignment.tz, zone), url=task.url,
    )  # fmt: skip
    blocks: list[Block] = [block_section(text)]
    if assignment.state is AssignmentState.WAITING:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    block_button(
                        t(lang, "task.button.done"), ids.TASK_DONE, str(assignment.id), "primary"
                    ),
                    block_button(t(lang, "task.button.cant"), ids.TASK_CANT, str(assignment.id)),
                ],
            }
        )
        return text, blocks
    outcome = _outcome(lang, task, assignment)
    blocks.append(_context(outcome))
    return f"{text}\n{outcome}", blocks


def _outcome(lang: Language, task: Task, assignment: Assignment) -> str:
    if assignment.state is AssignmentState.DONE:
        took = duration(lang, seconds_to_answer(task, assignment))
        late = assignment.answered_at is not None and assignment.answered_at > task.deadline
        return t(lang, "task.dm.late" if late else "task.dm.done", duration=took)
    if assignment.state is AssignmentState.CANT:
        return t(lang, "task.dm.cant")
    return t(lang, "task.dm.cancelled")


def task_reminder(lang: Language, task: Task, assignment: Assignment, zone: ZoneInfo) -> str:
    return t(
        lang, "task.dm.reminder", do=t(lang, f"task.do.{task.action}"),
        deadline=local_time(task.deadline, assignment.tz, zone), url=task.url,
    )  # fmt: skip


def _title(lang: Language, task: Task) -> str:
    return t(
        lang, "task.title", id=task.id, network=t(lang, f"network.{task.network}"),
        action=t(lang, f"action.{task.action}"),
    )  # fmt: skip


def _names(assignments: list[Assignment]) -> str:
    return ", ".join(f"<@{a.user}>" for a in assignments)


def _summary(lang: Language, progress: Progress, now: datetime) -> str:
    assigned = max(progress.assigned, 1)
    answered = len(progress.done) + len(progress.late)
    filled = round(BAR * answered / assigned)
    counts = t(
        lang, "task.counts", done=answered, cant=len(progress.cant), waiting=len(progress.waiting)
    )
    left = t(lang, "task.left", left=duration(lang, (progress.task.deadline - now).total_seconds()))
    return (
        f"`{'█' * filled}{'░' * (BAR - filled)}` {answered}/{progress.assigned} · {counts} · {left}"
    )


def _report(lang: Language, progress: Progress) -> list[str]:
    lines = []
    if progress.done:
        share = round(100 * len(progress.done) / max(progress.assigned, 1))
        median = duration(lang, progress.median_seconds or 0)
        lines.append(
            t(lang, "task.report.done", count=len(progress.done), assigned=progress.assigned,
              share=share, median=median)
        )  # fmt: skip
    else:
        lines.append(t(lang, "task.report.done_none", assigned=progress.assigned))
    for key, group in (
        ("task.report.late", progress.late),
        ("task.report.cant", progress.cant),
        ("task.report.no_answer", progress.waiting),
    ):
        if group:
            lines.append(t(lang, key, names=_names(group)))
    if progress.skipped:
        names = ", ".join(
            f"<@{a.user}> ({t(lang, f'reason.{a.skip_reason}')})" for a in progress.skipped
        )
        lines.append(t(lang, "task.report.skipped", names=names))
    return lines


def task_progress(lang: Language, progress: Progress, now: datetime) -> Message:
    """Live while the task runs; at the deadline (or on cancel) the report."""
    task = progress.task
    title = f"{_title(lang, task)} · <{task.url}|{clip(task.url, 60)}>"
    if task.state is TaskState.OPEN:
        lines = [_summary(lang, progress, now)]
    else:
        lines = [f"*{t(lang, 'task.report')}*", *_report(lang, progress)]
        if task.state is TaskState.CANCELLED and task.closed_at:
            lines = [*lines, t(lang, "task.report.cancelled", user=task.closed_by or "")]
    # Line by line: a report naming hundreds of people takes several sections.
    return "\n".join([title, *lines]), block_sections(title, lines)


def task_list(lang: Language, progresses: list[Progress], now: datetime) -> str:
    if not progresses:
        return t(lang, "task.list.empty")
    lines = [f"*{t(lang, 'task.list.title')}*"]
    for progress in progresses:
        lines.append(f"• {_title(lang, progress.task)} · {_summary(lang, progress, now)}")
    return "\n".join(lines)


def task_status(lang: Language, progress: Progress, now: datetime) -> str:
    return task_progress(lang, progress, now)[0]


def _score(lang: Language, name: str, score: Score) -> str:
    median = duration(lang, score.median_seconds) if score.median_seconds is not None else "—"
    return "• " + t(
        lang, "task.stats.line", name=name, rate=round(100 * score.rate),
        done=score.done_in_time, assigned=score.assigned, median=median,
    )  # fmt: skip


def task_stats(lang: Language, board: Leaderboard) -> str:
    lines = [f"*{t(lang, 'task.stats.title', days=board.days)}*"]
    if not board.tasks:
        return "\n".join([*lines, t(lang, "task.stats.none")])
    total = board.total
    median = duration(lang, total.median_seconds) if total.median_seconds is not None else "—"
    lines.append(
        t(lang, "task.stats.total", tasks=board.tasks, rate=round(100 * total.rate),
          done=total.done_in_time, assigned=total.assigned, median=median)
    )  # fmt: skip
    sections = (
        ("task.stats.top", [(f"<@{s.key}>", s) for s in board.top]),
        ("task.stats.bottom", [(f"<@{s.key}>", s) for s in board.bottom]),
        (
            "task.stats.departments",
            [(t(lang, f"department.{s.key}"), s) for s in board.departments],
        ),
        ("task.stats.networks", [(t(lang, f"network.{s.key}"), s) for s in board.networks]),
    )
    for key, scores in sections:
        if scores:
            lines.append(f"*{t(lang, key)}*")
            lines.extend(_score(lang, name, score) for name, score in scores)
    return "\n".join(lines)


# ------------------------------------------------- what a person who is not a manager reads


def _mine(lang: Language, task: Task, assignment: Assignment, zone: ZoneInfo) -> str:
    """Where `assignment` stands, told to its own person."""
    if assignment.state is AssignmentState.SKIPPED:
        return t(lang, "task.mine.skipped", reason=t(lang, f"reason.{assignment.skip_reason}"))
    if assignment.state is not AssignmentState.WAITING:
        return _outcome(lang, task, assignment)
    if task.state is TaskState.OPEN:
        deadline = local_time(task.deadline, assignment.tz, zone)
        return t(lang, "task.mine.waiting", deadline=deadline)
    return t(lang, "task.mine.no_answer")


def my_tasks(lang: Language, records: list[tuple[Task, Assignment]], zone: ZoneInfo) -> str:
    """`list` for anyone who is not a manager: the open tasks that asked them."""
    if not records:
        return t(lang, "task.mine.none")
    lines = [f"*{t(lang, 'task.mine.title')}*"]
    for task, assignment in records:
        lines.append(f"• {_title(lang, task)} · {_mine(lang, task, assignment, zone)}")
    return "\n".join(lines)


def my_status(lang: Language, task: Task, assignment: Assignment, zone: ZoneInfo) -> str:
    title = f"{_title(lang, task)} · <{task.url}|{clip(task.url, 60)}>"
    return f"{title}\n{_mine(lang, task, assignment, zone)}"


def my_stats(lang: Language, board: Leaderboard) -> str:
    """`stats` for anyone who is not a manager: their own record (`board` holds only theirs)."""
    title = f"*{t(lang, 'task.stats.title', days=board.days)}*"
    if not board.total.assigned:
        return f"{title}\n{t(lang, 'task.stats.none')}"
    return f"{title}\n{_score(lang, t(lang, 'task.mine.you'), board.total)}"
