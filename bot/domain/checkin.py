"""Asking: the daily check-in in each department's channel, and the reminder after it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

from bot.domain.calendar import WorkCalendar
from bot.domain.channels import each_channel
from bot.domain.models import Department, Outcome, PostResult, Prompt
from bot.domain.once import post_once
from bot.domain.people import Person, available
from bot.domain.ports import Notifier, UnitOfWork, UnitOfWorkFactory


class HiddenChannel(LookupError):
    """The bot cannot see the channel: private and the bot not in it (or no such channel)."""

    def __init__(self, channel: str) -> None:
        super().__init__(channel)
        self.channel = channel


class Directory(Protocol):
    """Who is who: a cached copy of the workspace's people, user-group and channel members,
    and where the bot itself is."""

    async def people(self) -> dict[str, Person]: ...

    async def members_of_usergroup(self, group_id: str) -> list[str]: ...

    async def members_of_channel(self, channel_id: str) -> list[str]:
        """Raises HiddenChannel when the bot cannot see the channel."""

    async def bot_is_in(self, channel_id: str) -> bool:
        """Whether the bot is a member of the channel, the only place it may post."""


class CheckinService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: Notifier,
        calendar: WorkCalendar,
        channels: dict[Department, str],
        directory: Directory,
        rosters: Mapping[Department, Sequence[str]],
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._calendar = calendar
        self._channels = channels
        self._directory = directory
        self._rosters = rosters

    async def ask(self, day: date, *, force: bool = False) -> list[PostResult]:
        """Post the day's questions to each department once; a unique key makes it once."""
        if not force and not self._calendar.is_workday(day):
            return [PostResult(Outcome.NOT_WORKDAY, "")]
        return [
            await each_channel("check-in", channel, department, self._ask(day, department, channel))
            for department, channel in self._channels.items()
        ]

    async def _ask(self, day: date, department: Department, channel: str) -> PostResult:
        async def claim(uow: UnitOfWork) -> int | None:
            return await uow.prompts.claim(day, department, channel, self._calendar.now())

        async def post() -> str:
            return await self._notifier.post_checkin(channel, day, department)

        async def release(uow: UnitOfWork, prompt_id: int) -> None:
            await uow.prompts.release(prompt_id)

        async def confirm(uow: UnitOfWork, prompt_id: int, ts: str) -> None:
            await uow.prompts.set_ts(prompt_id, ts)

        posted = await post_once(self._uow, claim, post, release, confirm)
        return PostResult(Outcome.POSTED if posted else Outcome.EXISTS, channel, department)

    async def remind(self, day: date, *, force: bool = False) -> list[PostResult]:
        """Once per department per day, in the round's thread: mention the roster members who
        have not answered and are not away; without a roster, nudge everyone if nobody did."""
        if not force and not self._calendar.is_workday(day):
            return [PostResult(Outcome.NOT_WORKDAY, "")]
        async with self._uow() as uow:
            prompts = await uow.prompts.for_day(day)
            answers = await uow.replies.digest(day)
        answered = answers.authors()
        results = []
        for prompt in prompts:
            assert prompt.ts is not None
            missing = await self._missing(prompt.department, answered[prompt.department])
            if missing is None:
                results.append(PostResult(Outcome.NOTHING_TO_DO, prompt.channel, prompt.department))
                continue
            reminder = self._remind(day, prompt, missing)
            results.append(
                await each_channel("reminder", prompt.channel, prompt.department, reminder)
            )
        return results

    async def _remind(self, day: date, prompt: Prompt, missing: list[str]) -> PostResult:
        async def claim(uow: UnitOfWork) -> bool:
            return await uow.inbox.first_reminder(day, prompt.department, self._calendar.now())

        async def post() -> None:
            assert prompt.ts is not None
            await self._notifier.remind(prompt.channel, prompt.ts, missing)

        async def release(uow: UnitOfWork, _: bool) -> None:
            await uow.inbox.forget_reminder(day, prompt.department)

        posted = await post_once(self._uow, claim, post, release)
        outcome = Outcome.POSTED if posted else Outcome.EXISTS
        return PostResult(outcome, prompt.channel, prompt.department)

    async def _missing(self, department: Department, answered: list[str]) -> list[str] | None:
        """Whom to remind ([] = everyone, gently); None: nobody needs a reminder."""
        roster = self._rosters.get(department)
        if not roster:
            return None if answered else []
        members: list[str] = []
        for entry in roster:
            ids = await self._directory.members_of_usergroup(entry) if entry[0] == "S" else [entry]
            members.extend(i for i in ids if i not in members)
        people, now = await self._directory.people(), self._calendar.now()
        missing = [
            user
            for user in members
            if user not in answered and (user not in people or available(people[user], now) is None)
        ]
        return missing or None
