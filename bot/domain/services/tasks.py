"""Quick-like tasks: every available person likes a new post within minutes, and the manager
sees who did. The models are in model/tasks.py, the leaderboard and the chart's numbers in
task_stats.py."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import partial

from bot.domain.availability import available
from bot.domain.calendar import WorkCalendar
from bot.domain.model.common import Department
from bot.domain.model.errors import HiddenChannel, TaskInputError
from bot.domain.model.people import Person, WorkHours
from bot.domain.model.tasks import (
    BY_THE_BOT,
    Answer,
    Assignment,
    AssignmentState,
    Audience,
    CreateTask,
    DailyRates,
    Leaderboard,
    Progress,
    Task,
    TaskState,
)
from bot.domain.ports import Directory, Spawn, TaskNotifier, UnitOfWork, UnitOfWorkFactory
from bot.domain.services.task_deadlines import TaskDeadlines
from bot.domain.services.task_delivery import TaskDelivery
from bot.domain.services.task_stats import daily_rates, leaderboard

log = logging.getLogger(__name__)

Claim = Callable[[UnitOfWork, Task], Awaitable[bool]]
"""Run where a new task is stored, in the same unit of work: False, and it is not stored."""
Also = Callable[[UnitOfWork, Task], Awaitable[None]]


class TaskService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: TaskNotifier,
        directory: Directory,
        spawn: Spawn,
        calendar: WorkCalendar,
        delivery: TaskDelivery,
        deadlines: TaskDeadlines,
        *,
        managers: frozenset[str],
        hours: WorkHours,
        default_audience: str | None,
        default_channels: Sequence[str],
        departments: dict[str, Department],
        fallback_channel: str,
        vk_post: Callable[[str], str | None] = lambda url: None,
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._directory = directory
        self._spawn = spawn
        self._calendar = calendar
        self._delivery = delivery
        self._deadlines = deadlines
        self._managers = managers
        self._hours = hours
        self._default_audience = default_audience
        self._default_channels = default_channels
        self._departments = departments  # channel id → the department whose channel it is
        self._fallback_channel = fallback_channel
        self._vk_post = vk_post  # a task URL → the company's VK post whose likes are checked

    def may_manage(self, user: str) -> bool:
        return user in self._managers

    # ---------------------------------------------------------------- creating
    async def create(
        self,
        command: CreateTask,
        creator: str,
        channel: str | None,
        *,
        also: Also | None = None,
    ) -> Progress:
        """A manager's task: raises TaskInputError when the creator may not create tasks
        (nothing stored); see `_create`. `also` runs in the unit of work that stores it."""
        if not self.may_manage(creator):
            raise TaskInputError("task.error.not_manager")

        async def claim(uow: UnitOfWork, task: Task) -> bool:
            if also is not None:
                await also(uow, task)
            return True

        progress = await self._create(command, creator, channel, None, claim)
        assert progress is not None, "a claim that always agrees"
        return progress

    async def create_for_post(
        self, command: CreateTask, deadline: datetime, claim: Claim, by: str = BY_THE_BOT
    ) -> Progress | None:
        """A task for a post the bot saw: by itself (AUTO_TASKS) or started from its prompt by
        `by` (the caller checks they may). Its live progress goes to the fallback (digest)
        channel, as a command given in a DM does. None: `claim` said another was first."""
        return await self._create(command, by, None, deadline, claim)

    async def _create(
        self,
        command: CreateTask,
        creator: str,
        channel: str | None,
        deadline: datetime | None,
        claim: Claim,
    ) -> Progress | None:
        """Store the command, then set the task up (`_set_up`).

        The command is committed before anything slow (resolving the audience asks Slack:
        seconds in a big workspace), so a crash after the person's "Setting up the task…"
        leaves a task in setup, which `rearm` finishes. `claim` runs in the unit of work that
        stores the task: when it says False, nothing is stored and None comes back (another
        click or replica was first). Raises TaskInputError when the audience is unusable (the
        task is marked refused, so no list shows it). `deadline`: now + the command's window
        unless given.
        """
        now = self._calendar.now()
        async with self._uow() as uow:
            task = await uow.tasks.add(
                Task(
                    0, command.url, command.network, command.action, creator,
                    channel or self._fallback_channel, None, now, deadline or now + command.window,
                    TaskState.SETUP, audience=command.audience, vk_post=self._vk_post(command.url),
                )
            )  # fmt: skip
            if not await claim(uow, task):
                return None
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
        return progress or await self._delivery.progress_of(task.id)

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
        self._deadlines.arm(task)
        # The DMs are what the task is for: they go first, whatever becomes of the live message.
        self._spawn(self._delivery.deliver(task.id), f"task {task.id} fan-out")
        return await self._delivery.publish(task)

    async def _abandon(self, task: Task, state: TaskState) -> bool:
        """A task in setup that will not start (refused or expired); False: it was not in setup."""
        async with self._uow() as uow:
            closed = await uow.tasks.close(
                task.id, state, None, self._calendar.now(), was=TaskState.SETUP
            )
            await uow.commit()
        return closed

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
        self._delivery.progress_soon(task.id)
        return Answer.RECORDED

    # ---------------------------------------------------------------- start-up
    async def rearm(self) -> int:
        """At start (and on election): timers of open tasks from the database, any unfinished
        fan-out or missing live message, and any setup a crash interrupted."""
        async with self._uow(read_only=True) as uow:
            tasks = await uow.tasks.open_tasks()
            setups = await uow.tasks.in_setup()
        for task in tasks:
            self._deadlines.arm(task)
            self._spawn(self._delivery.deliver(task.id), f"task {task.id} fan-out")
            if task.progress_ts is None:
                self._spawn(self._delivery.publish(task), f"task {task.id} progress")
        for task in setups:
            self._spawn(self._resume(task), f"task {task.id} setup")
        return len(tasks) + len(setups)

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
        self._deadlines.disarm(task_id)
        self._delivery.forget(task_id)
        progress = await self.progress(task_id)
        assert progress is not None
        for assignment in open_ones:  # one failing does not keep the others' back
            if assignment.dm_ts:
                try:
                    await self._delivery.with_retries(
                        partial(self._notifier.update_task_dm, progress.task, assignment)
                    )
                except Exception:  # its buttons answer that the task is not open any more
                    log.warning("task %s: DM to %s not closed", task_id, assignment.user)
        try:
            await self._deadlines.report(task_id)
        except Exception:  # cancelled all the same: the live message is the sweep's to mend
            log.warning("task %s: live message not updated; the sweep tries again", task_id)
        return progress

    # ---------------------------------------------------------------- reading
    async def progress(self, task_id: int) -> Progress | None:
        return await self._delivery.progress(task_id)

    async def open_tasks(self) -> list[Progress]:
        async with self._uow(read_only=True) as uow:
            tasks = await uow.tasks.open_tasks()
            return [Progress.of(t, await uow.tasks.assignments(t.id)) for t in tasks]

    async def _rows(self, first: date, last: date) -> list[tuple[Task, Assignment]]:
        """The tasks set on the local days `first` to `last`, with their assignments."""
        end = self._calendar.start_of(last + timedelta(days=1))
        async with self._uow(read_only=True) as uow:
            return await uow.tasks.between(self._calendar.start_of(first), end)

    async def records(self, user: str, task_id: int | None = None) -> list[tuple[Task, Assignment]]:
        """`user`'s own assignments on the open tasks (or on task `task_id`): what anyone may
        read of the tasks; everyone's answers are for the managers."""
        async with self._uow(read_only=True) as uow:
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
