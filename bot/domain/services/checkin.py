"""Asking: the daily check-in in each department's channel, and the reminder after it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bot.domain.availability import available
from bot.domain.calendar import WorkCalendar
from bot.domain.model.checkin import Prompt
from bot.domain.model.common import Department, Outcome, PostResult
from bot.domain.model.once import Where
from bot.domain.ports import Directory, Notifier, UnitOfWork, UnitOfWorkFactory
from bot.domain.services.channels import each_channel
from bot.domain.services.collector import CollectorService
from bot.domain.services.once import post_once
from bot.domain.services.question_sets import QuestionSets


class CheckinService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: Notifier,
        calendar: WorkCalendar,
        channels: dict[Department, str],
        directory: Directory,
        rosters: Mapping[Department, Sequence[str]],
        questions: QuestionSets,
        collector: CollectorService,
    ) -> None:
        self._uow = uow
        self._collector = collector
        self._questions = questions
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
        where = Where(f"checkin:{day}:{channel}", channel)
        questions = await self._questions.current(department)  # the round keeps what it asked

        async def post() -> str:
            return await self._notifier.post_checkin(
                channel, day, department, questions, key=where.key
            )

        confirmed: list[str] = []

        async def confirm(uow: UnitOfWork, posts: list[str]) -> None:
            for ts in posts:  # a prompt Slack has twice collects replies under both
                await uow.prompts.add(day, department, channel, ts, questions, self._calendar.now())
            confirmed.extend(posts)

        outcome = await post_once(
            self._uow, self._notifier, self._calendar.now, where, post, confirm
        )
        # Replies that came before it was confirmed (a lost answer looked up, a stale claim)
        # answered no known check-in then: read from its thread, they are collected now.
        for ts in confirmed:
            await self._collector.read_thread(channel, ts)
        return PostResult(outcome, channel, department)

    async def remind(self, day: date, *, force: bool = False) -> list[PostResult]:
        """Once per department per day, in the round's thread: mention the roster members who
        have not answered and are not away; without a roster, nudge everyone if nobody did."""
        if not force and not self._calendar.is_workday(day):
            return [PostResult(Outcome.NOT_WORKDAY, "")]
        async with self._uow(read_only=True) as uow:
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
        assert prompt.ts is not None
        where = Where(f"reminder:{day}:{prompt.department}", prompt.channel, prompt.ts)

        async def post() -> str:
            assert prompt.ts is not None
            return await self._notifier.remind(prompt.channel, prompt.ts, missing, key=where.key)

        async def confirm(uow: UnitOfWork, _: list[str]) -> None:
            await uow.inbox.reminded(day, prompt.department, self._calendar.now())

        outcome = await post_once(
            self._uow, self._notifier, self._calendar.now, where, post, confirm
        )
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
