"""Each department's questions: the starting set stored at first start, then as a manager last
edited them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories.statements import dialect_insert, insert_once
from bot.db.tables import QuestionSetRow
from bot.domain.model.common import Department
from bot.domain.model.questions import QuestionSet
from bot.domain.parsing.questions import question_set_data, read_question_set


class QuestionSetRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, department: Department) -> QuestionSet | None:
        row = await self._session.get(QuestionSetRow, department.value)
        return None if row is None else read_question_set(row.questions, department.value)

    async def add_if_absent(
        self, department: Department, questions: QuestionSet, by: str, at: datetime
    ) -> bool:
        """True when this call stored the department's first set (replicas starting together
        store it once: the key decides)."""
        return await insert_once(
            self._session, QuestionSetRow, department=department.value,
            questions=question_set_data(questions), changed_by=by, changed_at=at,
        )  # fmt: skip

    async def replace(
        self, department: Department, questions: QuestionSet, by: str, at: datetime
    ) -> None:
        values = {"questions": question_set_data(questions), "changed_by": by, "changed_at": at}
        statement = dialect_insert(self._session)(QuestionSetRow).values(
            department=department.value, **values
        )
        await self._session.execute(
            statement.on_conflict_do_update(index_elements=[QuestionSetRow.department], set_=values)
        )
