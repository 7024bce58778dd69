"""Quick-like tasks: every available person likes a new post within minutes, and the manager
sees who did. Models, the pure summaries (progress, report, leaderboard) and the use cases."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import statistics
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from bot.domain.batching import Batcher
from bot.domain.calendar import WorkCalendar
from bot.domain.checkin import HiddenChannel
from bot.domain.models import Department
from bot.domain.people import Person, WorkHours, available
from bot.domain.tasks_command import Audience, CreateTask, Network, TaskAction, TaskInputError

if TYPE_CHECKING:
    from bot.domain.checkin import Directory
    from bot.domain.ports import Spawn, TaskNotifier, Timers, UnitOfWorkFactory

log = logging.getLogger(__name__)
T = TypeVar("T")

PROGRESS_EVERY = 2.0  # seconds: at most one update of a live progress message this often
FANOUT_CONCURRENCY = 10  # DMs in flight at once; Slack's pace is kept by the notifier
SEND_ATTEMPTS = 3  # a DM that fails with a 5xx or a timeout is tried this often in a row
DELIVERY_ROUNDS = 6  # then it waits in the outbox for the next round (1, 2, 4… s later)
OTHER = "other"  # the department of those in neither department's channel


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

    @property
    def top(self) -> list[Score]:
        return self.people[:5]

    @property
    def bottom(self) -> list[Score]:
        return list(reversed(self.people[-5:])) if len(self.people) > 5 else []


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

    return Leaderboard(
        days=days,
        tasks=len({task.id for task, _ in counted}),
        total=_score("total", counted),
        people=by(lambda _, a: a.user),
        departments=by(lambda _, a: a.department.value if a.department else OTHER),
        networks=by(lambda task, _: task.network.value),
    )


@dataclass(frozen=True)
class DailyRates:
    """The share of assignments done in time (0–100), per local day and department."""

    days: list[date]
    departments: dict[str, list[float | None]]  # marketing, sales[, other] → a share per day
    # (None: nobody in that department was asked that day)


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


class TaskService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: TaskNotifier,
        directory: Directory,
        spawn: Spawn,
        timers: Timers,
        calendar: WorkCalendar,
        *,
        managers: frozenset[str],
        hours: WorkHours,
        default_audience: str | None,
        default_channels: Sequence[str],
        departments: dict[str, Department],
        fallback_channel: str,
        fanned_out: Callable[[float], None],
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._directory = directory
        self._spawn = spawn
        self._timers = timers
        self._calendar = calendar
        self._managers = managers
        self._hours = hours
        self._default_audience = default_audience
        self._default_channels = default_channels
        self._departments = departments  # channel id → the department whose channel it is
        self._fallback_channel = fallback_channel
        self._fanned_out = fanned_out  # seconds from a task's creation to its last DM
        self._sent = Batcher(self._mark_sent)
        self._progress_due: set[int] = set()
        self._progress_at: dict[int, datetime] = {}

    def may_manage(self, user: str) -> bool:
        return user in self._managers

    # ---------------------------------------------------------------- creating
    async def create(self, command: CreateTask, creator: str, channel: str | None) -> Progress:
        """Store the command, then set the task up (`_set_up`).

        The command is committed before anything slow (resolving the audience asks Slack:
        seconds in a big workspace), so a crash after the person's "Setting up the task…"
        leaves a task in setup, which `rearm` finishes. Raises TaskInputError when the creator
        may not create tasks (nothing stored) or the audience is unusable (the task is marked
        refused, so no list shows it).
        """
        if not self.may_manage(creator):
            raise TaskInputError("task.error.not_manager")
        now = self._calendar.now()
        async with self._uow() as uow:
            task = await uow.tasks.add(
                Task(
                    0, command.url, command.network, command.action, creator,
                    channel or self._fallback_channel, None, now, now + command.window,
                    TaskState.SETUP, audience=command.audience,
                )
            )  # fmt: skip
            await uow.commit()
        try:
            progress = await self._set_up(task)
        except TaskInputError:
            raise
        except Exception:
            # The creator is told it failed: it must not start later behind their back.
            with contextlib.suppress(Exception):
                await self._abandon(task, TaskState.REFUSED)
            raise
        return progress or await self._progress_of(task.id)

    async def _set_up(self, task: Task) -> Progress | None:
        """Resolve the audience, then store every assignment and open the task in one commit;
        DM everyone and post the live progress in the task's channel when the bot may post
        there, else in the fallback channel.

        None when another process set the task up first. Raises TaskInputError (the task is
        marked refused) when the audience resolves to nobody available, or names a channel
        the bot cannot see.
        """
        people = await self._directory.people()
        # Channel members are asked once per task, though the default audience and the
        # departments both name the marketing and sales channels.
        members: dict[str, list[str]] = {}
        now = self._calendar.now()
        try:
            audience = await self._resolve(task.audience, members)
            departments = await self._department_of(audience, members)
            everyone = [
                (
                    user,
                    people.get(user) or Person(user, user),
                    available_reason(people, user, now, self._hours),
                )
                for user in audience
            ]
            if not any(reason is None for _, _, reason in everyone):
                raise TaskInputError("task.error.nobody")
        except TaskInputError:
            await self._abandon(task, TaskState.REFUSED)
            raise
        room = await self._room(task.channel)
        async with self._uow() as uow:
            if not await uow.tasks.start(task.id, room):
                return None
            await uow.tasks.assign(
                task.id,
                [
                    Assignment(
                        0,
                        task.id,
                        user,
                        person.name,
                        person.tz,
                        departments.get(user),
                        AssignmentState.WAITING if reason is None else AssignmentState.SKIPPED,
                        None if reason is None else str(reason),
                    )
                    for user, person, reason in everyone
                ],
            )
            await uow.commit()
        task = replace(task, channel=room, state=TaskState.OPEN)
        self._arm(task)
        # The DMs are what the task is for: they go first, whatever becomes of the live message.
        self._spawn(self.deliver(task.id), f"task {task.id} fan-out")
        return await self._publish(task)

    async def _abandon(self, task: Task, state: TaskState) -> bool:
        """A task in setup that will not start (refused or expired); False: it was not in setup."""
        async with self._uow() as uow:
            closed = await uow.tasks.close(
                task.id, state, None, self._calendar.now(), was=TaskState.SETUP
            )
            await uow.commit()
        return closed

    async def _publish(self, task: Task) -> Progress:
        """Post the live progress message and remember where it is."""
        progress = await self._progress_of(task.id)
        try:
            ts = await self._with_retries(lambda: self._notifier.post_task_progress(progress))
        except Exception:
            log.warning("task %s: no live progress message", task.id, exc_info=True)
            return progress
        async with self._uow() as uow:
            await uow.tasks.set_progress_ts(task.id, ts)
            await uow.commit()
        return replace(progress, task=replace(progress.task, progress_ts=ts))

    async def _resume(self, task: Task) -> None:
        """A setup a crash interrupted: finished with the task's original deadline, or closed
        if that has passed. Its creator, last told "Setting up the task…", hears either way."""
        if task.deadline <= self._calendar.now():
            if await self._abandon(task, TaskState.EXPIRED):
                await self._notifier.task_not_started(task, None)
            return
        try:
            progress = await self._set_up(task)
        except TaskInputError as error:
            await self._notifier.task_not_started(task, error)
            return
        if progress is not None:
            await self._notifier.task_resumed(progress)

    async def _room(self, channel: str | None) -> str:
        """Where the bot posts for a command given in `channel` (None: a DM): there when the
        bot is in it, else the fallback channel."""
        if channel is not None and await self._directory.bot_is_in(channel):
            return channel
        return self._fallback_channel

    async def _members(self, channel: str, known: dict[str, list[str]]) -> list[str]:
        if channel not in known:
            try:
                known[channel] = await self._directory.members_of_channel(channel)
            except HiddenChannel:
                raise TaskInputError("task.error.hidden_channel", channel=channel) from None
        return known[channel]

    async def _resolve(self, audience: Audience, members: dict[str, list[str]]) -> list[str]:
        """Users, in order, each once: named users, user groups' and channels' members."""
        if audience.is_empty:
            if self._default_audience:
                audience = _audience_of(self._default_audience)
            else:
                audience = Audience(channels=tuple(self._default_channels))
        users: list[str] = list(audience.users)
        for group in audience.groups:
            users.extend(await self._directory.members_of_usergroup(group))
        for channel in audience.channels:
            users.extend(await self._members(channel, members))
        return list(dict.fromkeys(users))

    async def _department_of(
        self, users: list[str], members: dict[str, list[str]]
    ) -> dict[str, Department]:
        """A person's department is the one whose channel they are in (marketing first)."""
        found: dict[str, Department] = {}
        wanted = set(users)
        for channel, department in self._departments.items():
            for user in await self._members(channel, members):
                if user in wanted:
                    found.setdefault(user, department)
        return found

    # ---------------------------------------------------------------- the fan-out
    async def deliver(self, task_id: int) -> int:
        """DM everyone not DMed yet (the assignments are the outbox); returns how many.

        DMs that still fail after SEND_ATTEMPTS stay in the outbox for the next round, while the
        task is open. A crash between Slack's answer and the mark means that DM goes again on
        restart: at most one duplicate per person per crash, only for DMs that were in flight.
        """
        delivered = 0
        for round_number in range(DELIVERY_ROUNDS):
            async with self._uow() as uow:
                task = await uow.tasks.get(task_id)
                pending = await uow.tasks.unsent(task_id)
            if task is None or task.state is not TaskState.OPEN or not pending:
                break
            if round_number:
                await asyncio.sleep(min(2.0**round_number, 30.0))
            sent = await self._send_round(task, pending)
            delivered += len(sent)
            if len(sent) == len(pending):  # the outbox is empty: the fan-out is complete
                last = max(s.at for s in sent)
                self._fanned_out((last - task.created_at).total_seconds())
                break
        self.progress_soon(task_id)
        return delivered

    async def _send_round(self, task: Task, pending: list[Assignment]) -> list[Sent]:
        bound = asyncio.Semaphore(FANOUT_CONCURRENCY)

        async def send(assignment: Assignment) -> Sent:
            async with bound:
                channel, ts = await self._with_retries(
                    lambda: self._notifier.task_dm(task, assignment)
                )
                sent = Sent(assignment.id, channel, ts, self._calendar.now())
                await self._sent.submit(sent)
                return sent

        results = await asyncio.gather(*(send(a) for a in pending), return_exceptions=True)
        for assignment, result in zip(pending, results, strict=True):
            if isinstance(result, BaseException):
                log.warning("task %s: DM to %s failed", task.id, assignment.user, exc_info=result)
        return [result for result in results if not isinstance(result, BaseException)]

    async def _with_retries(self, call: Callable[[], Awaitable[T]]) -> T:
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                return await call()
            except Exception as error:
                if attempt == SEND_ATTEMPTS or not self._notifier.is_transient(error):
                    raise
                await asyncio.sleep(0.5 * 2**attempt)
        raise AssertionError("unreachable")

    async def _mark_sent(self, sent: Sequence[Sent]) -> list[None]:
        async with self._uow() as uow:
            await uow.tasks.mark_sent(list(sent))
            await uow.commit()
        return [None] * len(sent)

    # ---------------------------------------------------------------- answers
    async def answer(self, assignment_id: int, user: str, state: AssignmentState) -> Answer:
        """Done / Can't: the first click counts; a click after the deadline counts as late."""
        now = self._calendar.now()
        async with self._uow() as uow:
            found = await uow.tasks.assignment(assignment_id)
            if found is None:
                return Answer.UNKNOWN
            task, assignment = found
            if assignment.user != user:
                return Answer.NOT_YOURS
            if task.state is TaskState.CANCELLED or assignment.state is AssignmentState.CANCELLED:
                return Answer.CLOSED
            if not await uow.tasks.record_answer(assignment_id, state, now):
                return Answer.ALREADY
            await uow.commit()
        answered = replace(assignment, state=state, answered_at=now)
        await self._notifier.update_task_dm(task, answered)
        self.progress_soon(task.id)
        return Answer.RECORDED

    # ---------------------------------------------------------------- progress
    async def progress(self, task_id: int) -> Progress | None:
        async with self._uow() as uow:
            task = await uow.tasks.get(task_id)
            if task is None:
                return None
            return Progress.of(task, await uow.tasks.assignments(task_id))

    async def _progress_of(self, task_id: int) -> Progress:
        progress = await self.progress(task_id)
        assert progress is not None, f"task {task_id} is stored"
        return progress

    def progress_soon(self, task_id: int) -> None:
        """Update the live message, at most once per PROGRESS_EVERY seconds per task."""
        if task_id in self._progress_due:
            return
        self._progress_due.add(task_id)
        last = self._progress_at.get(task_id)
        at = self._calendar.now() if last is None else last + timedelta(seconds=PROGRESS_EVERY)
        self._spawn(self._update_progress(task_id, at), f"task {task_id} progress")

    async def _update_progress(self, task_id: int, at: datetime) -> None:
        await self._calendar.clock.sleep_until(at)
        self._progress_due.discard(task_id)
        self._progress_at[task_id] = self._calendar.now()
        progress = await self.progress(task_id)
        if progress is not None and progress.task.progress_ts:
            await self._notifier.update_task_progress(progress)

    # ---------------------------------------------------------------- timers
    def _arm(self, task: Task) -> None:
        if task.reminded_at is None and task.halfway > self._calendar.now():
            self._timers.at(task.halfway, lambda: self.remind(task.id), f"task {task.id} reminder")
        self._timers.at(task.deadline, lambda: self.finish(task.id), f"task {task.id} deadline")

    async def arm_timers(self) -> None:
        """The timers of every open task, from the database: the leader's sweep keeps them
        armed, whichever replica created the task."""
        async with self._uow() as uow:
            tasks = await uow.tasks.open_tasks()
        for task in tasks:
            self._arm(task)

    async def rearm(self) -> int:
        """At start (and on election): timers of open tasks from the database, any unfinished
        fan-out or missing live message, and any setup a crash interrupted."""
        async with self._uow() as uow:
            tasks = await uow.tasks.open_tasks()
            setups = await uow.tasks.in_setup()
        for task in tasks:
            self._arm(task)
            self._spawn(self.deliver(task.id), f"task {task.id} fan-out")
            if task.progress_ts is None:
                self._spawn(self._publish(task), f"task {task.id} progress")
        for task in setups:
            self._spawn(self._resume(task), f"task {task.id} setup")
        return len(tasks) + len(setups)

    async def remind(self, task_id: int) -> int:
        """Halfway through: one reminder DM to those who have not answered."""
        async with self._uow() as uow:
            task = await uow.tasks.get(task_id)
            if task is None or task.state is not TaskState.OPEN or task.reminded_at is not None:
                return 0
            waiting = [
                a for a in await uow.tasks.assignments(task_id)
                if a.state is AssignmentState.WAITING and a.sent_at is not None
            ]  # fmt: skip
            # Another process may arm the same reminder (after a restart): the first one wins.
            if not await uow.tasks.set_reminded(task_id, self._calendar.now()):
                return 0
            await uow.commit()
        for assignment in waiting:  # one failing does not keep the others' back
            try:
                await self._with_retries(partial(self._notifier.task_reminder, task, assignment))
            except Exception:
                log.warning("task %s: no reminder for %s", task.id, assignment.user, exc_info=True)
        return len(waiting)

    async def finish(self, task_id: int) -> Progress | None:
        """At the deadline the live message becomes the report."""
        async with self._uow() as uow:
            closed = await uow.tasks.close(task_id, TaskState.FINISHED, None, self._calendar.now())
            await uow.commit()
        progress = await self.progress(task_id)
        if closed and progress is not None and progress.task.progress_ts:
            await self._notifier.update_task_progress(progress)
        return progress

    async def cancel(self, task_id: int, user: str) -> Progress | None:
        """Stop reminders, mark every open DM as cancelled, show it on the live message."""
        if not self.may_manage(user):
            raise TaskInputError("task.error.not_manager")
        async with self._uow() as uow:
            closed = await uow.tasks.close(task_id, TaskState.CANCELLED, user, self._calendar.now())
            open_ones = await uow.tasks.cancel_waiting(task_id) if closed else []
            await uow.commit()
        if not closed:
            progress = await self.progress(task_id)
            if progress is None:
                raise TaskInputError("task.error.no_such_task", id=str(task_id))
            raise TaskInputError("task.error.not_open", id=str(task_id))
        self._timers.cancel(f"task {task_id} reminder")
        self._timers.cancel(f"task {task_id} deadline")
        progress = await self.progress(task_id)
        assert progress is not None
        for assignment in open_ones:
            if assignment.dm_ts:
                await self._notifier.update_task_dm(progress.task, assignment)
        if progress.task.progress_ts:
            await self._notifier.update_task_progress(progress)
        return progress

    # ---------------------------------------------------------------- reading
    async def open_tasks(self) -> list[Progress]:
        async with self._uow() as uow:
            tasks = await uow.tasks.open_tasks()
            return [Progress.of(t, await uow.tasks.assignments(t.id)) for t in tasks]

    async def _rows(self, first: date, last: date) -> list[tuple[Task, Assignment]]:
        """The tasks set on the local days `first` to `last`, with their assignments."""
        end = self._calendar.start_of(last + timedelta(days=1))
        async with self._uow() as uow:
            return await uow.tasks.between(self._calendar.start_of(first), end)

    async def records(self, user: str, task_id: int | None = None) -> list[tuple[Task, Assignment]]:
        """`user`'s own assignments on the open tasks (or on task `task_id`): what anyone may
        read of the tasks; everyone's answers are for the managers."""
        async with self._uow() as uow:
            if task_id is None:
                tasks = await uow.tasks.open_tasks()
            else:
                tasks = [task] if (task := await uow.tasks.get(task_id)) else []
            return [
                (task, a) for task in tasks for a in await uow.tasks.assignments(task.id)
                if a.user == user
            ]  # fmt: skip

    async def stats(self, days: int, viewer: str) -> Leaderboard:
        """The `days` local days ending today: the same days as the chart beside it. Everyone's
        for a manager; anyone else's covers only their own assignments."""
        today = self._calendar.today()
        rows = await self._rows(today - timedelta(days=days - 1), today)
        if not self.may_manage(viewer):
            rows = [(task, a) for task, a in rows if a.user == viewer]
        return leaderboard(days, rows)

    async def daily_rates(self, last: date, days: int) -> DailyRates | None:
        """The chart's numbers for the `days` local days ending with `last`."""
        first = last - timedelta(days=days - 1)
        return daily_rates(first, last, await self._rows(first, last), self._calendar.local_date)

    async def share_chart(self, channel: str | None, last: date, days: int) -> str | None:
        """Post the chart of those days for a command given in `channel` (see `_room`);
        returns where it went. None: nobody was asked, or it failed, which is only logged:
        the chart goes with an answer already given."""
        rates = await self.daily_rates(last, days)
        if rates is None:
            return None
        try:
            room = await self._room(channel)
            await self._notifier.post_chart(room, rates)
        except Exception:
            log.warning("no task chart for the %s days to %s", days, last, exc_info=True)
            return None
        return room


def available_reason(
    people: dict[str, Person], user: str, now: datetime, hours: WorkHours
) -> str | None:
    """Why `user` is skipped (None: they get the task). Unknown ids are not in the workspace."""
    person = people.get(user)
    if person is None:
        return "unknown"
    reason = available(person, now, hours)
    return None if reason is None else str(reason)


def _audience_of(default: str) -> Audience:
    """TASK_AUDIENCE: a channel (C…/G…) or a user group (S…)."""
    return Audience(groups=(default,)) if default.startswith("S") else Audience(channels=(default,))
