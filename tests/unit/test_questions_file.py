"""QUESTIONS_FILE: each department's questions, checked at start-up, each problem named."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import default_question_sets, load_question_sets
from bot.domain.model.common import Department
from bot.domain.model.questions import QuestionKind, QuestionSet, Wording
from bot.domain.parsing.questions import (
    RowsError,
    question_set_data,
    read_question_set,
    read_rows,
)
from bot.simulator.workspace import make_settings

GOOD = """\
marketing:
  - text: {en: "What happened overnight?", ru: "Что случилось за ночь?"}
    kind: news
  - text: {en: "When is the next webinar?", ru: "Когда следующий вебинар?"}
    kind: date
    title: {en: "Next webinar", ru: "Ближайший вебинар"}
sales:
  - text: {en: "Which deals close this week?", ru: "Какие сделки закрываются на этой неделе?"}
    kind: text
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "questions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_gives_each_department_its_set(tmp_path: Path) -> None:
    sets = load_question_sets(write(tmp_path, GOOD))
    marketing, sales = sets[Department.MARKETING], sets[Department.SALES]
    assert [q.kind for q in marketing.questions] == [QuestionKind.NEWS, QuestionKind.DATE]
    assert marketing.questions[1].title == Wording("Next webinar", "Ближайший вебинар")
    assert marketing.questions[1].heading.ru == "Ближайший вебинар"
    assert sales.questions[0].heading.en == "Which deals close this week?"  # no title: text
    assert len(sales) == 1


def test_one_text_serves_both_languages(tmp_path: Path) -> None:
    """A team working in one language writes each text once."""
    text = 'marketing: [{text: "When is the webinar?", kind: date, title: Next webinar}]\n'
    sets = load_question_sets(write(tmp_path, text + 'sales: [{text: "Deals?", kind: text}]\n'))
    webinar = sets[Department.MARKETING].questions[0]
    assert webinar.text == Wording("When is the webinar?", "When is the webinar?")
    assert webinar.heading == Wording("Next webinar", "Next webinar")


def test_without_a_file_both_departments_have_the_handbook_five() -> None:
    settings = make_settings("sqlite:///x.db", "http://127.0.0.1:1/api")
    assert settings.question_sets == default_question_sets()
    five = settings.question_sets[Department.SALES]
    assert [q.kind.value for q in five.questions] == [
        "news", "focus", "promotion", "product", "threat",
    ]  # fmt: skip
    assert five.questions[2].text.en == "When is the next consumer promotion?"
    assert five.questions[2].text.ru == "Когда следующая акция для покупателей?"


def test_a_set_survives_its_round_trip_as_data(tmp_path: Path) -> None:
    for questions in load_question_sets(write(tmp_path, GOOD)).values():
        assert read_question_set(question_set_data(questions), "stored") == questions


ENTRY = '{text: {en: "A?", ru: "Б?"}, kind: text}'


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- a\n- b\n", "expected `marketing:` and `sales:`, each a list of questions"),
        (f"marketing: [{ENTRY}]\nsales: [{ENTRY}]\nsupport: []\n", "unknown department 'support'"),
        (f"marketing: [{ENTRY}]\n", "sales: expected a list of 1 to 10 questions, got None"),
        (f"marketing: []\nsales: [{ENTRY}]\n", "marketing: expected a list of 1 to 10 questions"),
        (
            f"marketing: [{', '.join([ENTRY] * 11)}]\nsales: [{ENTRY}]\n",
            "marketing: expected a list of 1 to 10 questions, got 11 questions",
        ),
        (
            f'marketing: [{ENTRY}, {{text: {{en: "A?", ru: "Б?"}}, kind: dates}}]\n'
            f"sales: [{ENTRY}]\n",
            "marketing[2].kind: expected one of news, focus, promotion, product, threat, date, "
            "text, got 'dates'",
        ),
        (
            f'marketing: [{ENTRY}]\nsales: [{ENTRY}, {{text: {{en: "A?"}}, kind: news}}]\n',
            "sales[2].text.ru: required, a non-empty text",
        ),
        (f"marketing: [{{kind: news}}]\nsales: [{ENTRY}]\n", "marketing[1].text: required"),
        (
            f"marketing: [{{text: [A, B], kind: news}}]\nsales: [{ENTRY}]\n",
            "marketing[1].text: expected a text or {en: …, ru: …}, got ['A', 'B']",
        ),
        (
            f'marketing: [{ENTRY}]\nsales: [{{text: {{en: "A", ru: "Б"}}, kind: date, '
            "title: 7}]\n",
            "sales[1].title: expected a text or {en: …, ru: …}, got 7",
        ),
        (f'marketing: [{{text: " ", kind: news}}]\nsales: [{ENTRY}]\n', "marketing[1].text.en"),
        (
            f'marketing: [{{text: {{en: "A", ru: "Б"}}, kind: news, kinds: x}}]\n'
            f"sales: [{ENTRY}]\n",
            "marketing[1]: unknown key 'kinds' (expected text, kind, title)",
        ),
        ("marketing: [\n", "is not valid YAML at line 2"),
        # as long as the editor takes, no longer (it would cut them)
        (
            f'marketing: [{{text: {{en: "{"a" * 301}", ru: "Б"}}, kind: news}}]\n'
            f"sales: [{ENTRY}]\n",
            "marketing[1].text.en: at most 300 characters, got 301",
        ),
        (
            f'marketing: [{ENTRY}]\nsales: [{{text: {{en: "A", ru: "Б"}}, kind: date, '
            f'title: {{en: "W", ru: "{"в" * 101}"}}}}]\n',
            "sales[1].title.ru: at most 100 characters, got 101",
        ),
    ],
)
def test_each_problem_is_named_in_one_line(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ValidationError) as caught:
        make_settings("sqlite:///x.db", "http://127.0.0.1:1/api", QUESTIONS_FILE=str(path))
    (error,) = caught.value.errors()
    message = str(error["msg"]).removeprefix("Value error, ")
    assert message.startswith(f"QUESTIONS_FILE: {path}")
    assert problem in message
    assert "\n" not in message


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"cannot read .*nowhere\.yaml: No such file"):
        load_question_sets(tmp_path / "nowhere.yaml")


def test_a_set_holds_one_to_ten_questions() -> None:
    with pytest.raises(ValueError, match="1 to 10"):
        QuestionSet(())


def rows(count: int, **positions: int) -> list[dict[str, str]]:
    """The editor's ten rows, the first `count` filled ("Q1"…), `q3=1`: row 3 moved to 1."""
    filled = [
        {"en": f"Q{n}", "ru": f"В{n}", "kind": "text", "position": str(positions.get(f"q{n}", n))}
        for n in range(1, count + 1)
    ]
    empty = [{"position": str(n)} for n in range(count + 1, 11)]
    return filled + empty


@pytest.mark.parametrize(
    ("edited", "order"),
    [
        (rows(5), ["Q1", "Q2", "Q3", "Q4", "Q5"]),
        (rows(5, q5=1), ["Q5", "Q1", "Q2", "Q3", "Q4"]),  # up: before the row there
        (rows(5, q1=3), ["Q2", "Q3", "Q1", "Q4", "Q5"]),  # down: after it
        (rows(5, q2=10), ["Q1", "Q3", "Q4", "Q5", "Q2"]),  # past the end: last
        (rows(6, q6=2), ["Q1", "Q6", "Q2", "Q3", "Q4", "Q5"]),  # a new one, put second
        (rows(3, q1=2, q2=1), ["Q2", "Q1", "Q3"]),  # two swapped
        ([{**row, "position": "99"} for row in rows(3)], ["Q1", "Q2", "Q3"]),  # forged: ignored
    ],
)
def test_the_editors_rows_go_to_their_positions(
    edited: list[dict[str, str]], order: list[str]
) -> None:
    assert [q.text.en for q in read_rows(edited).questions] == order


def test_a_row_longer_than_the_editor_takes_is_refused_on_its_field() -> None:
    edited = rows(2)
    edited[1] |= {"en": "a" * 301, "title_en": "T" * 101, "title_ru": "З"}
    with pytest.raises(RowsError) as caught:
        read_rows(edited)
    assert caught.value.problems == {
        (2, "en"): "questions.error.long", (2, "title_en"): "questions.error.long",
    }  # fmt: skip
