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
    assert parse_reply(line) == [AnswerPart(2, "boots")]


@pytest.mark.parametrize(
    "text",
    ["2.5 million views overnight", "2-3 customers complained", "6. out of range", "10. ten",
     "#25 in the charts", "Nothing new"],
)  # fmt: skip
def test_numbers_that_are_not_markers_stay_text(text: str) -> None:
    assert parse_reply(text) == [AnswerPart(None, text)]


def test_one_reply_answers_several_questions_with_continuation_lines() -> None:
    text = "Morning all!\n1. Quiet night\n\n3) Sale from Dec 20\nthrough Dec 31\n5: nobody"
    assert parse_reply(text) == [
        AnswerPart(None, "Morning all!"),
        AnswerPart(1, "Quiet night"),
        AnswerPart(3, "Sale from Dec 20\nthrough Dec 31"),
        AnswerPart(5, "nobody"),
    ]
    assert is_numbered(parse_reply(text))


def test_russian_answers_and_empty_markers() -> None:
    assert parse_reply("2. Зимние сапоги\n4 -\n#5 клиент из ВК") == [
        AnswerPart(2, "Зимние сапоги"),
        AnswerPart(5, "клиент из ВК"),
    ]
    assert not is_numbered(parse_reply("Ничего нового"))
    assert parse_reply("   \n") == []
