from __future__ import annotations

import pytest

from bot.domain.model.checkin import AnswerPart
from bot.domain.parsing.answers import is_numbered, parse_reply


@pytest.mark.parametrize(
    "line",
    ["2. boots", "2) boots", "2: boots", "2 - boots", "#2 boots", "# 2 boots", "*2.* boots",
     "  2.boots", "2 — boots"],
)  # fmt: skip
def test_every_marker_style_starts_an_answer(line: str) -> None:
    assert parse_reply(line, 5) == [AnswerPart(2, "boots")]


@pytest.mark.parametrize(
    "text",
    ["2.5 million views overnight", "2-3 customers complained", "6. out of range", "10. ten",
     "#25 in the charts", "Nothing new"],
)  # fmt: skip
def test_numbers_that_are_not_markers_stay_text(text: str) -> None:
    assert parse_reply(text, 5) == [AnswerPart(None, text)]


def test_one_reply_answers_several_questions_with_continuation_lines() -> None:
    text = "Morning all!\n1. Quiet night\n\n3) Sale from Dec 20\nthrough Dec 31\n5: nobody"
    assert parse_reply(text, 5) == [
        AnswerPart(None, "Morning all!"),
        AnswerPart(1, "Quiet night"),
        AnswerPart(3, "Sale from Dec 20\nthrough Dec 31"),
        AnswerPart(5, "nobody"),
    ]
    assert is_numbered(parse_reply(text, 5))


def test_russian_answers_and_empty_markers() -> None:
    assert parse_reply("2. Зимние сапоги\n4 -\n#5 клиент из ВК", 5) == [
        AnswerPart(2, "Зимние сапоги"),
        AnswerPart(5, "клиент из ВК"),
    ]
    assert not is_numbered(parse_reply("Ничего нового", 5))
    assert parse_reply("   \n", 5) == []


def test_numbers_run_up_to_the_rounds_question_count() -> None:
    """A round of three questions: `4.` is just text; one of ten: `10.` is a question."""
    assert parse_reply("3. Webinar\n4. and more", 3) == [AnswerPart(3, "Webinar\n4. and more")]
    assert parse_reply("#10 last one\n10) again", 10) == [
        AnswerPart(10, "last one"),
        AnswerPart(10, "again"),
    ]
    assert parse_reply("10. ten", 9) == [AnswerPart(None, "10. ten")]
    assert parse_reply("0. zero\n11. eleven", 10) == [AnswerPart(None, "0. zero\n11. eleven")]
