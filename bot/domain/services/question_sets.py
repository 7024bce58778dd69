"""Each department's check-in questions, stored in the database: the configured set
(QUESTIONS_FILE, else the handbook's five) at first start, then as a manager edits them in
Slack, so every replica and restart asks the same from the next check-in on (a posted round
keeps the set it asked). After the first start the file changes nothing."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from bot.domain.calendar import WorkCalendar
from bot.domain.model.common import Department
from bot.domain.model.questions import QuestionSet, Saved
from bot.domain.parsing.questions import read_rows
from bot.domain.ports import Notifier, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

SEEDED_BY = ""  # who changed a starting set: nobody, it came from the configuration


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

    async def seed(self) -> list[Department]:
        """At start: store the configured set of each department that has none (once, however
        many replicas start together). Returns the departments whose stored set differs from
        the configured one (it is the stored set that is asked)."""
        async with self._uow() as uow:
            for department, questions in self._configured.items():
                await uow.question_sets.add_if_absent(
                    department, questions, SEEDED_BY, self._calendar.now()
                )
            stored = {d: await uow.question_sets.get(d) for d in Department}
            await uow.commit()
        return [d for d in Department if stored[d] != self._configured[d]]

    async def current(self, department: Department, uow: UnitOfWork | None = None) -> QuestionSet:
        """The stored set (the configured one only before the first start has stored it),
        read in `uow` when the caller has one open."""
        if uow is None:
            async with self._uow(read_only=True) as reading:
                return await self.current(department, reading)
        return await uow.question_sets.get(department) or self._configured[department]

    async def replace(
        self, department: Department, rows: Sequence[Mapping[str, str]], by: str
    ) -> Saved:
        """Store the edited rows as the department's set and announce it in the digest
        channel (a set saved as it was changes nothing and is not announced). Raises RowsError
        (nothing stored) when a row is incomplete or none is left, PermissionError for someone
        who is not a manager."""
        if not self.may_edit(by):
            raise PermissionError(by)
        questions = read_rows(rows)
        async with self._uow() as uow:
            if questions == await self.current(department, uow):
                return Saved.UNCHANGED
            await uow.question_sets.replace(department, questions, by, self._calendar.now())
            await uow.commit()
        try:
            await self._notifier.announce_questions(self._digest_channel, department, questions, by)
        except Exception:
            log.warning("the %s questions are stored, not announced", department, exc_info=True)
            return Saved.NOT_ANNOUNCED
        return Saved.ANNOUNCED
