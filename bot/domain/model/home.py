"""What a person sees on the bot's App Home tab."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain.model.common import Department
from bot.domain.model.feedback import Question
from bot.domain.model.items import Threat
from bot.domain.model.questions import QuestionSet
from bot.domain.model.tasks import Assignment, Progress, Task


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
    # For managers: each department's questions, as the next check-in asks them.
    question_sets: dict[Department, QuestionSet] = field(default_factory=dict)
    vk: bool = False  # VK connected: the person's linked profile is shown
    vk_link: int | None = None
