from __future__ import annotations

import string
from datetime import date

from bot.i18n import format_date, t
from bot.i18n.catalogue import CATALOGUE


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    en, ru = CATALOGUE["en"], CATALOGUE["ru"]
    assert set(en) == set(ru)
    for key in en:
        assert placeholders(en[key]) == placeholders(ru[key]), key
        assert en[key].strip() and ru[key].strip(), key


def test_russian_texts_are_russian() -> None:
    same = [k for k in CATALOGUE["en"] if CATALOGUE["en"][k] == CATALOGUE["ru"][k]]
    # Only pure layout strings may be shared.
    layout = {"date.long", "date.short", "digest.entry", "item.line", "threat.line"}
    names = {key for key in same if key.startswith("network.")}  # brand names stay as they are
    lines = {"briefing.answered_line", "briefing.feedback_line", "briefing.question_line"}
    said = {"demo.answer.boris"}  # in the English demo too, Boris answers in Russian
    assert set(same) - names <= layout | lines | said | {"feedback.stats.line"}


def test_dates_read_naturally_in_both_languages() -> None:
    day = date(2026, 11, 26)
    assert format_date("en", day) == "Thursday, 26 November 2026"
    assert format_date("ru", day) == "четверг, 26 ноября 2026"
    assert t("ru", "checkin.header", date=format_date("ru", day)).startswith("Ежедневная")
