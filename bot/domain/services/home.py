"""What a person sees on the bot's App Home tab."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.domain.calendar import WorkCalendar
from bot.domain.model.checkin import Department
from bot.domain.model.items import Threat
from bot.domain.services.feedback import Question
from bot.domain.services.tasks import Assignment, Progress, Task

if TYPE_CHECKING:
    from bot.domain.ports import UnitOfWorkFactory


@dataclass(frozen=True)
class Home:
    user: str
    now: datetime
    day: date  # today, where the bot is
    my_tasks: list[tuple[Task, Assignment]] = field(default_factory=list)
    # Today's check-in per department: None when not posted; else whether the user answered.
    checkin: dict[Department, bool | None] = field(default_factory=dict)
    manager: bool = False
    threats: list[Threat] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    last_task: Progress | None = None


class HomeService:
    def __init__(
        self, uow: UnitOfWorkFactory, calendar: WorkCalendar, managers: frozenset[str]
    ) -> None:
        self._uow = uow
        self._calendar = calendar
        self._managers = managers

    async def compose(self, user: str) -> Home:
        now = self._calendar.now()
        day = self._calendar.local_date(now)
        manager = user in self._managers
        threats: list[Threat] = []
        questions: list[Question] = []
        last_task = None
        async with self._uow() as uow:
            my_tasks = await uow.tasks.waiting_for(user)
            posted = {prompt.department for prompt in await uow.prompts.for_day(day)}
            authors = (await uow.replies.digest(day)).authors()
            if manager:
                threats = await uow.threats.open_on(day)
                questions = await uow.questions.open_questions()
                latest = await uow.tasks.latest()
                if latest is not None:
                    last_task = Progress.of(latest, await uow.tasks.assignments(latest.id))
        checkin = {d: (user in authors[d]) if d in posted else None for d in Department}
        return Home(user, now, day, my_tasks, checkin, manager, threats, questions, last_task)
