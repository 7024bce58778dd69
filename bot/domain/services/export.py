"""`smm-bot export`: the stored answers, task assignments and feedback as flat rows for a
spreadsheet, page by page (the CLI writes them as CSV or JSON). Times are UTC, ISO 8601."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.model.export import StoredAnswers
from bot.domain.model.feedback import Feedback
from bot.domain.model.tasks import Assignment, AssignmentState, Task, TaskState, seconds_to_answer
from bot.domain.ports import UnitOfWorkFactory

Value = str | int | float | bool | None
Row = dict[str, Value]
Pages = AsyncGenerator[list[Row], None]

ANSWER_COLUMNS = (
    "date", "department", "question", "question_text", "kind", "author_id", "author_name",
    "text", "deleted", "received_at",
)  # fmt: skip
TASK_COLUMNS = (
    "task", "created_at", "network", "action", "url", "person_id", "person_name", "department",
    "outcome", "skip_reason", "seconds_to_done", "verified",
)  # fmt: skip
FEEDBACK_COLUMNS = (
    "id", "created_at", "kind", "urgent", "text", "link", "network", "departments",
    "author_id", "author_name", "taken_by_id", "taken_by_name", "taken_at", "done_by_id",
    "done_by_name", "done_at",
)  # fmt: skip

PAGE = 1000  # rows read at a time: an export of any size holds one page in memory


def utc(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def outcome(task: Task, assignment: Assignment) -> str:
    """What came of one person's part: done (in time), late, can't, no answer, waiting (the
    task is still open), cancelled or skipped."""
    state = assignment.state
    if state is AssignmentState.DONE:
        on_time = assignment.answered_at is not None and assignment.answered_at <= task.deadline
        return "done" if on_time else "late"
    if state is AssignmentState.WAITING:
        return "waiting" if task.state is TaskState.OPEN else "no answer"
    return {AssignmentState.CANT: "can't"}.get(state, state.value)


class Exports:
    def __init__(self, uow: UnitOfWorkFactory, zone: ZoneInfo, lang: str, page: int = PAGE) -> None:
        self._uow = uow
        self._zone = zone
        self._lang = lang  # the questions' texts in the bot's language
        self._page = page

    def _bounds(self, first: date | None, last: date | None) -> tuple[datetime | None, ...]:
        """Local dates from `first` to `last`, inclusive, as the UTC instants [start, end)."""
        start = None if first is None else datetime.combine(first, time(), self._zone)
        end = None if last is None else datetime.combine(last + timedelta(1), time(), self._zone)
        return start, end

    def _question(self, reply: StoredAnswers, number: int) -> tuple[str | None, str | None]:
        """The question's text and kind as the reply's round asked it."""
        question = reply.questions.get(number)
        if question is None:
            return None, None
        return question.text.in_(self._lang), question.kind.value

    async def answers(self, first: date | None, last: date | None) -> Pages:
        """One row per answer (a reply answering three questions gives three; one without
        numbers, a general note, gives a row without a question) of the rounds from `first`
        to `last`, as last edited; a deleted reply's answers are marked."""
        async with self._uow(read_only=True) as uow:
            names = await uow.tasks.known_names()
            after: tuple[date, int] | None = None
            while replies := await uow.replies.export_page(first, last, after, self._page):
                yield [row for reply in replies for row in self._answer_rows(reply, names)]
                after = (replies[-1].round_date, replies[-1].reply_id)

    def _answer_rows(self, reply: StoredAnswers, names: dict[str, str]) -> list[Row]:
        rows: list[Row] = []
        for part in reply.parts:
            text: str | None = None
            kind: str | None = None
            if part.question is not None:
                text, kind = self._question(reply, part.question)
            values = (
                reply.round_date.isoformat(), reply.department.value, part.question, text, kind,
                reply.user, names.get(reply.user), part.text, reply.deleted,
                utc(reply.received_at),
            )  # fmt: skip
            rows.append(dict(zip(ANSWER_COLUMNS, values, strict=True)))
        return rows

    async def tasks(self, first: date | None, last: date | None) -> Pages:
        """One row per assignment of the tasks created from `first` to `last` (local dates)."""
        start, end = self._bounds(first, last)
        async with self._uow(read_only=True) as uow:
            after = 0
            while page := await uow.tasks.export_page(start, end, after, self._page):
                yield [self._task_row(task, assignment) for task, assignment in page]
                after = page[-1][1].id

    @staticmethod
    def _task_row(task: Task, assignment: Assignment) -> Row:
        done = assignment.state is AssignmentState.DONE
        values = (
            task.id, utc(task.created_at), task.network.value, task.action.value, task.url,
            assignment.user, assignment.name,
            assignment.department.value if assignment.department else None,
            outcome(task, assignment), assignment.skip_reason,
            round(seconds_to_answer(task, assignment), 1) if done else None,
            assignment.verified if done and task.vk_post else None,  # only VK shows the likes
        )  # fmt: skip
        return dict(zip(TASK_COLUMNS, values, strict=True))

    async def feedback(self, first: date | None, last: date | None) -> Pages:
        """One row per item sent from `first` to `last` (local dates)."""
        start, end = self._bounds(first, last)
        async with self._uow(read_only=True) as uow:
            names = await uow.tasks.known_names()
            after = 0
            while items := await uow.feedback.export_page(start, end, after, self._page):
                yield [self._feedback_row(item, names) for item in items]
                after = items[-1].id

    @staticmethod
    def _feedback_row(item: Feedback, names: dict[str, str]) -> Row:
        values = (
            item.id, utc(item.created_at), item.kind.value, item.urgent, item.text, item.link,
            item.network.value if item.network else None,
            ",".join(department.value for department in item.departments),
            item.author, names.get(item.author), item.taken_by, names.get(item.taken_by or ""),
            utc(item.taken_at), item.done_by, names.get(item.done_by or ""), utc(item.done_at),
        )  # fmt: skip
        return dict(zip(FEEDBACK_COLUMNS, values, strict=True))
