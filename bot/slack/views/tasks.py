"""Block Kit for quick-like tasks: the DM, the live progress and report, list and stats."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.model.errors import TaskInputError
from bot.domain.model.tasks import (
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
from bot.slack.kit import Block, Message, Pages, actions, button, context, section, titled
from bot.slack.mrkdwn import Mrkdwn, clip, join, link, md, mention

BAR = 12  # characters in the progress bar
HOME_NAMES = 20  # people named per line of a report shown in the Home tab or as a status


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


def problem_text(lang: Language, error: TaskInputError) -> Mrkdwn:
    """A bad input's message; what the person typed is shown (clipped), never obeyed."""
    return md(lang, error.key, **{key: clip(value, 200) for key, value in error.params.items()})


def _post_link(lang: Language, task: Task) -> Mrkdwn:
    """The task's link, labelled by the bot: a person's label can never disguise it."""
    return link(task.url, md(lang, "task.open", network=t(lang, f"network.{task.network}")))


def task_dm(lang: Language, task: Task, assignment: Assignment, zone: ZoneInfo) -> Message:
    """The assignee's DM: what to do by when, and Done / Can't until they answer."""
    text = md(
        lang, "task.dm", network=t(lang, f"network.{task.network}"),
        do=t(lang, f"task.do.{task.action}"),
        deadline=local_time(task.deadline, assignment.tz, zone), url=_post_link(lang, task),
    )  # fmt: skip
    blocks: list[Block] = [section(text)]
    if assignment.state is AssignmentState.WAITING:
        blocks.append(
            actions(
                button(t(lang, "task.button.done"), ids.TASK_DONE, str(assignment.id), "primary"),
                button(t(lang, "task.button.cant"), ids.TASK_CANT, str(assignment.id)),
            )
        )
    else:
        blocks.append(context(_outcome(lang, task, assignment)))
    return Message(Mrkdwn(text.split("\n", 1)[0]), blocks)


def _outcome(lang: Language, task: Task, assignment: Assignment) -> Mrkdwn:
    if assignment.state is AssignmentState.DONE:
        took = duration(lang, seconds_to_answer(task, assignment))
        if assignment.verified and assignment.answered_at == task.deadline:
            return md(lang, "task.dm.seen_at_deadline")  # the deadline's check found the like
        if assignment.verified:
            return md(lang, "task.dm.seen", duration=took)
        late = assignment.answered_at is not None and assignment.answered_at > task.deadline
        return md(lang, "task.dm.late" if late else "task.dm.done", duration=took)
    if assignment.state is AssignmentState.CANT:
        return md(lang, "task.dm.cant")
    return md(lang, "task.dm.cancelled")


def task_reminder(lang: Language, task: Task, assignment: Assignment, zone: ZoneInfo) -> Mrkdwn:
    return md(
        lang, "task.dm.reminder", do=t(lang, f"task.do.{task.action}"),
        deadline=local_time(task.deadline, assignment.tz, zone), url=_post_link(lang, task),
    )  # fmt: skip


def task_created(lang: Language, progress: Progress, zone: ZoneInfo) -> str:
    """To whoever started a task: it is on, for how many, until when."""
    task = progress.task
    return t(
        lang, "task.created", id=task.id, count=progress.assigned, skipped=len(progress.skipped),
        deadline=local_time(task.deadline, None, zone),
    )  # fmt: skip


def task_resumed(lang: Language, progress: Progress, zone: ZoneInfo) -> Mrkdwn:
    """To the creator of a task whose setup a restart interrupted: it is on after all."""
    task = progress.task
    return md(
        lang, "task.resumed", id=task.id, url=_post_link(lang, task), count=progress.assigned,
        skipped=len(progress.skipped), deadline=local_time(task.deadline, None, zone),
    )  # fmt: skip


def task_not_started(
    lang: Language, task: Task, problem: TaskInputError | None, zone: ZoneInfo
) -> Mrkdwn:
    """To the creator of a task whose setup a restart interrupted: it will not run, because
    of `problem` in its audience, or (None) because its deadline has passed."""
    if problem is None:
        return md(
            lang, "task.expired", url=_post_link(lang, task),
            deadline=local_time(task.deadline, None, zone),
        )  # fmt: skip
    return md(lang, "task.refused", url=_post_link(lang, task), problem=problem_text(lang, problem))


def _title(lang: Language, task: Task) -> Mrkdwn:
    return md(
        lang, "task.title", id=task.id, network=t(lang, f"network.{task.network}"),
        action=t(lang, f"action.{task.action}"),
    )  # fmt: skip


def _names(lang: Language, parts: list[Mrkdwn], limit: int | None) -> Mrkdwn:
    """Everyone, or the first `limit` and exactly how many more."""
    if limit is None or len(parts) <= limit:
        return join(", ", parts)
    return md(lang, "list.and_more", items=join(", ", parts[:limit]), count=len(parts) - limit)


def _summary(lang: Language, progress: Progress, now: datetime) -> Mrkdwn:
    assigned = max(progress.assigned, 1)
    answered = len(progress.done) + len(progress.late)
    filled = round(BAR * answered / assigned)
    counts = md(
        lang, "task.counts", done=answered, cant=len(progress.cant), waiting=len(progress.waiting)
    )
    left = md(
        lang, "task.left", left=duration(lang, (progress.task.deadline - now).total_seconds())
    )
    seen = f" · {md(lang, 'task.counts.seen', count=len(progress.seen))}" if task_checked(
        progress.task) else ""  # fmt: skip
    return Mrkdwn(
        f"`{'█' * filled}{'░' * (BAR - filled)}` {answered}/{progress.assigned} · {counts}{seen}"
        f" · {left}"
    )


def task_checked(task: Task) -> bool:
    """The task's likes are checked on the network (a post on the company's VK wall)."""
    return task.vk_post is not None


def _report(lang: Language, progress: Progress, limit: int | None) -> list[Mrkdwn]:
    lines = []
    if progress.done:
        share = round(100 * len(progress.done) / max(progress.assigned, 1))
        median = duration(lang, progress.median_seconds or 0)
        lines.append(
            md(lang, "task.report.done", count=len(progress.done), assigned=progress.assigned,
               share=share, median=median)
        )  # fmt: skip
    else:
        lines.append(md(lang, "task.report.done_none", assigned=progress.assigned))
    checked = (
        [("task.report.said", progress.said), ("task.report.unliked", progress.unliked)]
        if task_checked(progress.task)
        else []
    )
    if checked and (progress.done or progress.late):
        done = len(progress.done) + len(progress.late)
        lines.append(md(lang, "task.report.seen", count=len(progress.seen), done=done))
    for key, group in (
        *checked,
        ("task.report.late", progress.late),
        ("task.report.cant", progress.cant),
        ("task.report.no_answer", progress.waiting),
    ):
        if group:
            names = _names(lang, [mention(a.user) for a in group], limit)
            lines.append(md(lang, key, names=names))
    if progress.skipped:
        skipped = [
            Mrkdwn(f"{mention(a.user)} ({md(lang, f'reason.{a.skip_reason}')})")
            for a in progress.skipped
        ]
        lines.append(md(lang, "task.report.skipped", names=_names(lang, skipped, limit)))
    return lines


def _lines(
    lang: Language, progress: Progress, now: datetime, limit: int | None
) -> tuple[Mrkdwn, list[Mrkdwn]]:
    task = progress.task
    title = Mrkdwn(f"{_title(lang, task)} · {link(task.url, md(lang, 'task.post'))}")
    if task.state is TaskState.OPEN:
        return title, [_summary(lang, progress, now)]
    lines = [Mrkdwn(f"*{md(lang, 'task.report')}*"), *_report(lang, progress, limit)]
    if task.state is TaskState.CANCELLED and task.closed_at:
        lines.append(md(lang, "task.report.cancelled", user=task.closed_by or ""))
    return title, lines


def task_progress(
    lang: Language, progress: Progress, now: datetime, limit: int | None = None
) -> Message:
    """Live while the task runs; at the deadline (or on cancel) the report, naming everyone
    (or the first `limit` of each group and how many more), over the thread if need be."""
    title, lines = _lines(lang, progress, now, limit)
    pages = Pages(lang)
    for block in titled(title, lines):
        pages.add(block)
    text = Mrkdwn(f"{_title(lang, progress.task)} · {lines[0].strip('*')}")
    return pages.message(text, continues=progress.task.state is not TaskState.OPEN)


def task_list(lang: Language, progresses: list[Progress], now: datetime) -> Mrkdwn:
    if not progresses:
        return md(lang, "task.list.empty")
    lines = [Mrkdwn(f"*{md(lang, 'task.list.title')}*")]
    for progress in progresses:
        lines.append(Mrkdwn(f"• {_title(lang, progress.task)} · {_summary(lang, progress, now)}"))
    return join("\n", lines)


def task_status(lang: Language, progress: Progress, now: datetime) -> Mrkdwn:
    title, lines = _lines(lang, progress, now, HOME_NAMES)
    return join("\n", [title, *lines])


def _score(lang: Language, name: Mrkdwn, score: Score) -> Mrkdwn:
    median = duration(lang, score.median_seconds) if score.median_seconds is not None else "—"
    return Mrkdwn("• " + md(
        lang, "task.stats.line", name=name, rate=round(100 * score.rate),
        done=score.done_in_time, assigned=score.assigned, median=median,
    ))  # fmt: skip


def task_stats(lang: Language, board: Leaderboard, unlinked: list[str] | None = None) -> Mrkdwn:
    """A manager's stats; `unlinked`: who was asked without a VK profile linked (None: VK is
    not connected)."""
    lines = [Mrkdwn(f"*{md(lang, 'task.stats.title', days=board.days)}*")]
    if unlinked:
        names = _names(lang, [mention(user) for user in unlinked], HOME_NAMES)
        lines.append(md(lang, "task.stats.unlinked", names=names))
    if not board.tasks:
        return join("\n", [*lines, md(lang, "task.stats.none")])
    total = board.total
    median = duration(lang, total.median_seconds) if total.median_seconds is not None else "—"
    lines.append(
        md(lang, "task.stats.total", tasks=board.tasks, rate=round(100 * total.rate),
           done=total.done_in_time, assigned=total.assigned, median=median)
    )  # fmt: skip
    if board.seen or board.said:
        lines.append(md(lang, "task.stats.seen", seen=board.seen, said=board.said))
    groups = (
        ("task.stats.top", [(mention(s.key), s) for s in board.top]),
        ("task.stats.bottom", [(mention(s.key), s) for s in board.bottom]),
        (
            "task.stats.departments",
            [(md(lang, f"department.{s.key}"), s) for s in board.departments],
        ),
        ("task.stats.networks", [(md(lang, f"network.{s.key}"), s) for s in board.networks]),
    )
    for key, scores in groups:
        if scores:
            lines.append(Mrkdwn(f"*{md(lang, key)}*"))
            lines.extend(_score(lang, name, score) for name, score in scores)
    return join("\n", lines)


# ------------------------------------------------- what a person who is not a manager reads


def _mine(lang: Language, task: Task, assignment: Assignment, zone: ZoneInfo) -> Mrkdwn:
    """Where `assignment` stands, told to its own person."""
    if assignment.state is AssignmentState.SKIPPED:
        return md(lang, "task.mine.skipped", reason=t(lang, f"reason.{assignment.skip_reason}"))
    if assignment.state is not AssignmentState.WAITING:
        return _outcome(lang, task, assignment)
    if task.state is TaskState.OPEN:
        deadline = local_time(task.deadline, assignment.tz, zone)
        return md(lang, "task.mine.waiting", deadline=deadline)
    return md(lang, "task.mine.no_answer")


def my_tasks(lang: Language, records: list[tuple[Task, Assignment]], zone: ZoneInfo) -> Mrkdwn:
    """`list` for anyone who is not a manager: the open tasks that asked them."""
    if not records:
        return md(lang, "task.mine.none")
    lines = [Mrkdwn(f"*{md(lang, 'task.mine.title')}*")]
    for task, assignment in records:
        lines.append(Mrkdwn(f"• {_title(lang, task)} · {_mine(lang, task, assignment, zone)}"))
    return join("\n", lines)


def my_status(lang: Language, task: Task, assignment: Assignment, zone: ZoneInfo) -> Mrkdwn:
    title = Mrkdwn(f"{_title(lang, task)} · {link(task.url, md(lang, 'task.post'))}")
    return join("\n", [title, _mine(lang, task, assignment, zone)])


def my_stats(lang: Language, board: Leaderboard) -> Mrkdwn:
    """`stats` for anyone who is not a manager: their own record (`board` holds only theirs)."""
    title = Mrkdwn(f"*{md(lang, 'task.stats.title', days=board.days)}*")
    if not board.total.assigned:
        return join("\n", [title, md(lang, "task.stats.none")])
    return join("\n", [title, _score(lang, md(lang, "task.mine.you"), board.total)])
