"""Quick-like tasks: the command that sets one, the task and its assignments, where everyone
stands (progress), and the summaries of many (leaderboard, daily rates)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.domain.model.common import Department


class Network(StrEnum):
    FACEBOOK = "facebook"
    VK = "vk"
    INSTAGRAM = "instagram"
    TELEGRAM = "telegram"
    LINKEDIN = "linkedin"
    X = "x"
    YOUTUBE = "youtube"
    TIKTOK = "tiktok"
    OK = "ok"
    DZEN = "dzen"
    WEB = "web"  # any other http(s) page


class TaskAction(StrEnum):
    LIKE = "like"
    SHARE = "share"
    COMMENT = "comment"


@dataclass(frozen=True)
class Audience:
    """Who is asked: Slack IDs of users, user groups and channels (members of each)."""

    users: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.users or self.groups or self.channels)


@dataclass(frozen=True)
class CreateTask:
    url: str
    network: Network
    window: timedelta
    action: TaskAction
    audience: Audience  # empty: the caller's default audience


@dataclass(frozen=True)
class ListTasks:
    pass


@dataclass(frozen=True)
class TaskStatus:
    task_id: int


@dataclass(frozen=True)
class CancelTask:
    task_id: int


@dataclass(frozen=True)
class TaskStats:
    days: int  # 7, 30 or 90


@dataclass(frozen=True)
class TaskHelp:
    pass


@dataclass(frozen=True)
class LinkProfile:
    """`/smm-task link [profile]`: link a VK profile, or (None) show the one linked."""

    profile: str | None


@dataclass(frozen=True)
class UnlinkProfile:
    """`/smm-task unlink [@person]`: remove one's own VK profile link, or (a manager) theirs."""

    user: str | None = None


TaskCommand = (
    CreateTask | ListTasks | TaskStatus | CancelTask | TaskStats | TaskHelp | LinkProfile
    | UnlinkProfile
)  # fmt: skip


BY_THE_BOT = ""  # the creator of a task the bot started by itself, for a post it saw


class TaskState(StrEnum):
    SETUP = "setup"  # the command is stored; its audience is not resolved and assigned yet
    OPEN = "open"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    REFUSED = "refused"  # its audience turned out unusable (nobody available, a hidden channel)
    EXPIRED = "expired"  # its setup was interrupted and not finished before the deadline


class AssignmentState(StrEnum):
    WAITING = "waiting"
    DONE = "done"
    CANT = "cant"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Task:
    id: int
    url: str
    network: Network
    action: TaskAction
    created_by: str
    channel: str
    progress_ts: str | None
    created_at: datetime
    deadline: datetime
    state: TaskState = TaskState.OPEN
    reminded_at: datetime | None = None
    closed_at: datetime | None = None
    closed_by: str | None = None
    # As the command named it (empty: the default audience).
    audience: Audience = field(default_factory=Audience)
    vk_post: str | None = None  # a post on the company's VK wall: its likes are checked there
    reported_at: datetime | None = None  # finished, and its report reached Slack

    @property
    def window(self) -> timedelta:
        return self.deadline - self.created_at

    @property
    def halfway(self) -> datetime:
        return self.created_at + self.window / 2


@dataclass(frozen=True)
class Assignment:
    id: int
    task_id: int
    user: str
    name: str
    tz: str | None
    department: Department | None
    state: AssignmentState
    skip_reason: str | None = None
    dm_channel: str | None = None
    dm_ts: str | None = None
    sent_at: datetime | None = None
    answered_at: datetime | None = None
    verified_at: datetime | None = None  # their like seen on VK
    unliked_at: datetime | None = None  # the like taken back after that
    reminded_at: datetime | None = None  # their halfway reminder reached Slack

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


@dataclass(frozen=True)
class Progress:
    """A task and where everyone stands: the live message and, at the deadline, the report."""

    task: Task
    done: list[Assignment] = field(default_factory=list)  # in time
    late: list[Assignment] = field(default_factory=list)
    cant: list[Assignment] = field(default_factory=list)
    waiting: list[Assignment] = field(default_factory=list)
    cancelled: list[Assignment] = field(default_factory=list)
    skipped: list[Assignment] = field(default_factory=list)

    @classmethod
    def of(cls, task: Task, assignments: Iterable[Assignment]) -> Progress:
        progress = cls(task)
        for a in assignments:
            if a.state is AssignmentState.DONE:
                on_time = a.answered_at is not None and a.answered_at <= task.deadline
                (progress.done if on_time else progress.late).append(a)
            else:
                getattr(progress, a.state.value).append(a)
        return progress

    @property
    def assigned(self) -> int:
        return len(self.done) + len(self.late) + len(self.cant) + len(self.waiting)

    @property
    def seen(self) -> list[Assignment]:
        """Done, and the like seen on VK (a task on the company's VK post)."""
        return [a for a in self.done + self.late if a.verified]

    @property
    def said(self) -> list[Assignment]:
        """Said done; on a VK task, the like not seen there."""
        return [a for a in self.done + self.late if not a.verified]

    @property
    def unliked(self) -> list[Assignment]:
        return [a for a in self.seen if a.unliked_at is not None]

    @property
    def median_seconds(self) -> float | None:
        """Median time from the task's start to Done, for those done in time."""
        times = [seconds_to_answer(self.task, a) for a in self.done]
        return statistics.median(times) if times else None


def seconds_to_answer(task: Task, assignment: Assignment) -> float:
    assert assignment.answered_at is not None
    return (assignment.answered_at - task.created_at).total_seconds()


@dataclass(frozen=True)
class Score:
    """One line of the leaderboard: a person, a department or a network."""

    key: str
    assigned: int
    done_in_time: int
    median_seconds: float | None

    @property
    def rate(self) -> float:
        return self.done_in_time / self.assigned if self.assigned else 0.0


@dataclass(frozen=True)
class Leaderboard:
    days: int
    tasks: int
    total: Score
    people: list[Score]
    departments: list[Score]
    networks: list[Score]
    seen: int = 0  # done on tasks whose likes VK shows: the like seen there
    said: int = 0  # … and only said done

    @property
    def top(self) -> list[Score]:
        return self.people[:5]

    @property
    def bottom(self) -> list[Score]:
        return list(reversed(self.people[-5:])) if len(self.people) > 5 else []


@dataclass(frozen=True)
class DailyRates:
    """The share of assignments done in time (0–100), per local day and department."""

    days: list[date]
    departments: dict[str, list[float | None]]  # marketing, sales[, other] → a share per day
    # (None: nobody in that department was asked that day)


class Answer(StrEnum):
    """What came of a Done / Can't click."""

    RECORDED = "recorded"
    ALREADY = "already"  # a second click changes nothing
    NOT_YOURS = "not_yours"
    CLOSED = "closed"  # the task was cancelled
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Sent:
    assignment_id: int
    channel: str
    ts: str
    at: datetime
