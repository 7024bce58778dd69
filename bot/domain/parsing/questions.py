"""Question sets as plain data (a QUESTIONS_FILE's YAML, a prompt's stored JSON) and back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.domain.model.common import Department
from bot.domain.model.questions import (
    MAX_QUESTIONS,
    MAX_TEXT,
    MAX_TITLE,
    Question,
    QuestionKind,
    QuestionSet,
    Wording,
)

KINDS = ", ".join(kind.value for kind in QuestionKind)


class QuestionsError(ValueError):
    """A bad entry, its message naming where it is and what is wrong."""


def _wording(value: object, where: str, limit: int) -> Wording:
    """`{en: …, ru: …}`, or one text for both (a team that works in one language)."""
    if isinstance(value, str):
        value = {"en": value, "ru": value}
    if not isinstance(value, dict):
        raise QuestionsError(f"{where}: expected a text or {{en: …, ru: …}}, got {value!r}")
    for lang in ("en", "ru"):
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise QuestionsError(f"{where}.{lang}: required, a non-empty text")
        if (length := len(" ".join(text.split()))) > limit:
            raise QuestionsError(f"{where}.{lang}: at most {limit} characters, got {length}")
    extra = sorted(set(value) - {"en", "ru"}, key=str)
    if extra:
        raise QuestionsError(f"{where}: unknown key {extra[0]!r} (expected en, ru)")
    return Wording(" ".join(value["en"].split()), " ".join(value["ru"].split()))


def read_question(value: object, where: str) -> Question:
    if not isinstance(value, dict):
        raise QuestionsError(f"{where}: expected {{text: …, kind: …, title: …}}, got {value!r}")
    extra = sorted(set(value) - {"text", "kind", "title"}, key=str)
    if extra:
        raise QuestionsError(f"{where}: unknown key {extra[0]!r} (expected text, kind, title)")
    if "text" not in value:
        raise QuestionsError(f"{where}.text: required")
    text = _wording(value["text"], f"{where}.text", MAX_TEXT)
    try:
        kind = QuestionKind(str(value.get("kind")))
    except ValueError:
        raise QuestionsError(
            f"{where}.kind: expected one of {KINDS}, got {value.get('kind')!r}"
        ) from None
    title = value.get("title")
    title = None if title is None else _wording(title, f"{where}.title", MAX_TITLE)
    return Question(text, kind, title)


def read_question_set(value: object, where: str) -> QuestionSet:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_QUESTIONS:
        count = f"{len(value)} questions" if isinstance(value, list) else repr(value)
        expected = f"a list of 1 to {MAX_QUESTIONS} questions"
        raise QuestionsError(f"{where}: expected {expected}, got {count}")
    return QuestionSet(
        tuple(read_question(entry, f"{where}[{n}]") for n, entry in enumerate(value, start=1))
    )


def read_question_sets(value: object) -> dict[Department, QuestionSet]:
    """A QUESTIONS_FILE's content: `marketing:` and `sales:`, each a list of questions."""
    if not isinstance(value, dict):
        raise QuestionsError("expected `marketing:` and `sales:`, each a list of questions")
    extra = sorted(set(value) - {d.value for d in Department}, key=str)
    if extra:
        raise QuestionsError(f"unknown department {extra[0]!r} (expected marketing, sales)")
    return {d: read_question_set(value.get(d.value), d.value) for d in Department}


def question_set_data(questions: QuestionSet) -> list[dict[str, Any]]:
    """The set as `read_question_set` reads it back."""
    return [
        {
            "text": {"en": q.text.en, "ru": q.text.ru},
            "kind": q.kind.value,
            **({"title": {"en": q.title.en, "ru": q.title.ru}} if q.title else {}),
        }
        for q in questions.questions
    ]


FIELDS = ("en", "ru", "kind", "title_en", "title_ru")  # a row of the editor, as typed
POSITION = "position"  # and where the row goes: 1 to MAX_QUESTIONS, its own number by default


class RowsError(ValueError):
    """What is wrong with the edited rows: (row number, field) → the problem's catalogue key."""

    def __init__(self, problems: dict[tuple[int, str], str]) -> None:
        super().__init__(problems)
        self.problems = problems


def _place(row: Mapping[str, str], number: int) -> tuple[int, int, int]:
    """Where row `number` goes: at its chosen position, before the row there when moved up,
    after it when moved down (so moving one row shifts the others, as a drag would)."""
    typed = row.get(POSITION, "")
    position = int(typed) if typed.isdigit() and 1 <= int(typed) <= MAX_QUESTIONS else number
    return position, (position > number) - (position < number), number


def read_rows(rows: Sequence[Mapping[str, str]]) -> QuestionSet:
    """The editor's rows as a set, each at its position: an empty row is a question removed; a
    started one needs its text in both languages and a kind, and a title in both or neither."""
    problems: dict[tuple[int, str], str] = {}
    kept: list[tuple[tuple[int, int, int], dict[str, Any]]] = []
    for number, row in enumerate(rows, start=1):
        typed = {field: " ".join(row.get(field, "").split()) for field in FIELDS}
        if not any(typed.values()):
            continue
        for field in ("en", "ru", "kind"):  # a kind outside the list: a forged submission
            if not typed[field] or (field == "kind" and typed[field] not in set(QuestionKind)):
                problems[number, field] = "questions.error.required"
        for field in ("en", "ru", "title_en", "title_ru"):  # Slack stops longer: forged too
            if len(typed[field]) > (MAX_TEXT if field in ("en", "ru") else MAX_TITLE):
                problems[number, field] = "questions.error.long"
        if bool(typed["title_en"]) != bool(typed["title_ru"]):
            missing = "title_ru" if typed["title_en"] else "title_en"
            problems[number, missing] = "questions.error.title"
        title = {"en": typed["title_en"], "ru": typed["title_ru"]}
        question = {"text": {"en": typed["en"], "ru": typed["ru"]}, "kind": typed["kind"]}
        kept.append(
            (_place(row, number), question | ({"title": title} if typed["title_en"] else {}))
        )
    if not kept:
        problems[1, "en"] = "questions.error.empty"
    if problems:
        raise RowsError(problems)
    placed = sorted(kept, key=lambda pair: pair[0])
    return read_question_set([question for _, question in placed], "questions")
