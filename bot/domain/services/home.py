"""What a person sees on the bot's App Home tab."""

from __future__ import annotations

from bot.domain.calendar import WorkCalendar
from bot.domain.model.common import Department
from bot.domain.model.feedback import Question
from bot.domain.model.home import Home
from bot.domain.model.items import Threat
from bot.domain.model.questions import QuestionSet
from bot.domain.model.tasks import Progress
from bot.domain.ports import UnitOfWorkFactory
from bot.domain.services.question_sets import QuestionSets


class HomeService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        calendar: WorkCalendar,
        managers: frozenset[str],
        question_sets: QuestionSets,
        vk: bool = False,
    ) -> None:
        self._uow = uow
        self._calendar = calendar
        self._managers = managers
        self._question_sets = question_sets
        self._vk = vk

    async def compose(self, user: str) -> Home:
        now = self._calendar.now()
        day = self._calendar.local_date(now)
        manager = user in self._managers
        threats: list[Threat] = []
        questions: list[Question] = []
        last_task = None
        sets: dict[Department, QuestionSet] = {}
        async with self._uow(read_only=True) as uow:
            my_tasks = await uow.tasks.waiting_for(user)
            posted = {prompt.department for prompt in await uow.prompts.for_day(day)}
            authors = (await uow.replies.digest(day)).authors()
            vk_link = await uow.vk.link_of(user) if self._vk else None
            if manager:
                threats = await uow.threats.open_on(day)
                questions = await uow.questions.open_questions()
                latest = await uow.tasks.latest()
                if latest is not None:
                    last_task = Progress.of(latest, await uow.tasks.assignments(latest.id))
                sets = {d: await self._question_sets.current(d, uow) for d in Department}
        checkin = {d: (user in authors[d]) if d in posted else None for d in Department}
        return Home(
            user, now, day, my_tasks, checkin, manager, threats, questions, last_task, sets,
            vk=self._vk, vk_link=vk_link,
        )  # fmt: skip
