"""Each department's check-in questions: as configured (QUESTIONS_FILE, else the handbook's
five) until a manager edits them in Slack; the edit is stored, so every replica and restart
asks it from the next check-in on (a posted round keeps the set it asked)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.domain.calendar import WorkCalendar
from bot.domain.model.common import Department
from bot.domain.model.questions import QuestionSet
from bot.domain.parsing.questions import read_rows
from bot.domain.ports import Notifier, UnitOfWorkFactory


class QuestionSets:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: Notifier,
        calendar: WorkCalendar,
        digest_channel: str,
        managers: frozenset[str],
        configured: Mapping[Department, QuestionSet],
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._calendar = calendar
        self._digest_channel = digest_channel
        self._managers = managers
        self._configured = configured

    def may_edit(self, user: str) -> bool:
        return user in self._managers

    async def current(self, department: Department) -> QuestionSet:
        async with self._uow(read_only=True) as uow:
            stored = await uow.question_sets.get(department)
        return stored or self._configured[department]

    async def replace(
        self, department: Department, rows: Sequence[Mapping[str, str]], by: str
    ) -> QuestionSet:
        """Store the edited rows as the department's set and announce it in the digest
        channel. Raises RowsError (nothing stored) when a row is incomplete or none is left,
        PermissionError for someone who is not a manager."""
        if not self.may_edit(by):
            raise PermissionError(by)
        questions = read_rows(rows)
        async with self._uow() as uow:
            await uow.question_sets.replace(department, questions, by, self._calendar.now())
            await uow.commit()
        await self._notifier.announce_questions(self._digest_channel, department, questions, by)
        return questions
