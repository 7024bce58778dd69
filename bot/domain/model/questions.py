"""A department's check-in questions: what each asks, and what its answers mean to the bot."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class QuestionKind(StrEnum):
    NEWS = "news"  # what happened overnight
    FOCUS = "focus"  # today's sales focus (several merge in the briefing)
    PROMOTION = "promotion"  # dated: the promotions timeline
    PRODUCT = "product"  # dated: the product changes timeline
    THREAT = "threat"  # the reputation fast lane
    DATE = "date"  # dated, under the question's own title
    TEXT = "text"  # shown under the question's own title


DATED = frozenset({QuestionKind.PROMOTION, QuestionKind.PRODUCT, QuestionKind.DATE})
MAX_QUESTIONS = 10
MAX_TEXT, MAX_TITLE = 300, 100  # characters of a question and of its heading, in each language


class Saved(StrEnum):
    """What came of a manager's save in the editor."""

    ANNOUNCED = "announced"  # stored, and the digest channel told
    NOT_ANNOUNCED = "not_announced"  # stored, but the announcement failed: the manager tells
    UNCHANGED = "unchanged"  # the same set as stored: nothing stored, nothing announced


@dataclass(frozen=True)
class Wording:
    en: str
    ru: str

    def in_(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en


@dataclass(frozen=True)
class Question:
    text: Wording
    kind: QuestionKind
    title: Wording | None = None  # the briefing's heading for a date or text question

    @property
    def heading(self) -> Wording:
        """Its section in the briefing: the title, else the question itself."""
        return self.title or self.text


@dataclass(frozen=True)
class QuestionSet:
    """A department's questions in order; question N is `questions[N - 1]`."""

    questions: tuple[Question, ...]

    def __post_init__(self) -> None:
        if not 1 <= len(self.questions) <= MAX_QUESTIONS:
            raise ValueError(f"expected 1 to {MAX_QUESTIONS} questions, got {len(self.questions)}")

    def __len__(self) -> int:
        return len(self.questions)

    def numbered(self) -> list[tuple[int, Question]]:
        return list(enumerate(self.questions, start=1))

    def get(self, number: int | None) -> Question | None:
        if number is None or not 1 <= number <= len(self.questions):
            return None
        return self.questions[number - 1]

    def kind(self, number: int | None) -> QuestionKind | None:
        question = self.get(number)
        return None if question is None else question.kind
