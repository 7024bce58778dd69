"""What `smm-bot export` reads: a stored reply with the answers read from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.model.checkin import AnswerPart
from bot.domain.model.common import Department
from bot.domain.model.questions import QuestionSet


@dataclass(frozen=True)
class StoredAnswers:
    """A reply as last edited; a deleted one keeps its answers (the tombstone)."""

    reply_id: int
    round_date: date
    department: Department
    user: str
    parts: list[AnswerPart]
    received_at: datetime
    deleted: bool
    questions: QuestionSet  # what its round asked
