from __future__ import annotations

import string
from datetime import date

import pytest

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
    lines = {
        "briefing.answered_line", "briefing.feedback_line", "briefing.question_line",
        "questions.home.line",
    }  # fmt: skip
    # In the English demo too, Boris (sales) answers in Russian.
    said = {key for key in same if key.startswith("demo.answer.sales.")}
    assert set(same) - names <= layout | lines | said | {"feedback.stats.line"}


def test_dates_read_naturally_in_both_languages() -> None:
    day = date(2026, 11, 26)
    assert format_date("en", day) == "Thursday, 26 November 2026"
    assert format_date("ru", day) == "четверг, 26 ноября 2026"
    assert t("ru", "checkin.header", date=format_date("ru", day)).startswith("Вопросы дня")


@pytest.mark.parametrize(
    ("days", "en", "ru"),
    [
        (1, "open for 1 day", "открыта 1 день"),
        (3, "open for 3 days", "открыта 3 дня"),
        (5, "open for 5 days", "открыта 5 дней"),
        (11, "open for 11 days", "открыта 11 дней"),
        (21, "open for 21 days", "открыта 21 день"),
        (22, "open for 22 days", "открыта 22 дня"),
    ],
)
def test_counted_nouns_take_each_language_s_plural_forms(days: int, en: str, ru: str) -> None:
    assert t("en", "threat.age_days", days=days) == en
    assert t("ru", "threat.age_days", days=days) == ru


def test_numbers_are_written_the_language_s_way() -> None:
    assert "15.6 s" in t("en", "demo.done", messages=1, seconds=15.6, path="x")
    assert t("ru", "demo.done", messages=2, seconds=15.6, path="x").startswith(
        "День окончен: 2 сообщения за 15,6 с."
    )
    assert t("ru", "demo.file", title="T", size=1200) == "📎 T (PNG, 1\xa0200 КБ)"
