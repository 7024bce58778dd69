"""Asking: the daily check-in in each department's channel, and the reminder after it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

from bot.domain.calendar import WorkCalendar, utcnow
from bot.domain.models import Department, Outcome, PostResult
from bot.domain.people import Person, available
from bot.domain.ports import Notifier, UnitOfWorkFactory


class Directory(Protocol):
    """Who is who: a cached copy of the workspace's people, and user-group members."""

    async def people(self) -> dict[str, Person]: ...

    async def members_of_usergroup(self, group_id: str) -> list[str]: ...

    async def members_of_channel(self, channel_id: str) -> list[str]: ...


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
        results = []
        for department, channel in self._channels.items():
            async with self._uow() as uow:
                prompt_id = await uow.prompts.claim(day, department, channel)
                await uow.commit()
            if prompt_id is None:
                results.append(PostResult(Outcome.EXISTS, channel, department))
                continue
            try:
                ts = await self._notifier.post_checkin(channel, day, department)
            except BaseException:
                async with self._uow() as uow:
                    await uow.prompts.release(prompt_id)
                    await uow.commit()
                raise
            async with self._uow() as uow:
                await uow.prompts.set_ts(prompt_id, ts)
                await uow.commit()
            results.append(PostResult(Outcome.POSTED, channel, department))
        return results

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
            async with self._uow() as uow:
                first = await uow.inbox.first_reminder(day, prompt.department, utcnow())
                await uow.commit()
            if not first:
                results.append(PostResult(Outcome.EXISTS, prompt.channel, prompt.department))
                continue
            try:
                await self._notifier.remind(prompt.channel, prompt.ts, missing)
            except BaseException:
                async with self._uow() as uow:
                    await uow.inbox.forget_reminder(day, prompt.department)
                    await uow.commit()
                raise
            results.append(PostResult(Outcome.POSTED, prompt.channel, prompt.department))
        return results

    async def _missing(self, department: Department, answered: list[str]) -> list[str] | None:
        """Whom to remind ([] = everyone, gently); None: nobody needs a reminder."""
        roster = self._rosters.get(department)
        if not roster:
            return None if answered else []
        members: list[str] = []
        for entry in roster:
            ids = await self._directory.members_of_usergroup(entry) if entry[0] == "S" else [entry]
            members.extend(i for i in ids if i not in members)
        people, now = await self._directory.people(), utcnow()
        missing = [
            user
            for user in members
            if user not in answered and (user not in people or available(people[user], now) is None)
        ]
        return missing or None
