from __future__ import annotations

import re
import string
from datetime import date

import pytest

from bot.domain.model.tasks import TaskAction
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


# What each action asks for, in the case its verb takes: «сделайте репост этого поста».
TASKS = {
    TaskAction.LIKE: ("Like this post", "лайкните этот пост"),
    TaskAction.SHARE: ("Share this post", "сделайте репост этого поста"),
    TaskAction.COMMENT: ("Comment on this post", "прокомментируйте этот пост"),
}


@pytest.mark.parametrize("action", list(TaskAction))
def test_each_task_action_reads_naturally_in_the_dm(action: TaskAction) -> None:
    en, ru = TASKS[action]
    for key in ("task.dm", "task.dm.reminder"):
        for lang, wording in (("en", f"{en} by"), ("ru", f"{ru} до")):
            do = t(lang, f"task.do.{action}")
            assert f"{wording} *10:41*" in t(
                lang, key, network="VK", do=do, deadline="10:41", url=""
            )


# Where a long date (`среда, 25 ноября 2026`, nominative) is put: after a preposition it
# would have to change its case, and at a sentence's start its weekday is lowercase.
LONG_DATES = [
    *(key for key in CATALOGUE["ru"] if key.split(".")[0] in {"missed", "job", "brief"}),
    "checkin.header", "checkin.summary", "briefing.header", "rollup.header",
]  # fmt: skip
PREPOSITIONS = r"(?:за|на|до|с|со|к|по|для|в|во|о|от|после|перед|без|из|у|про)"


@pytest.mark.parametrize("key", [key for key in LONG_DATES if "{date}" in CATALOGUE["ru"][key]])
def test_a_long_date_never_follows_a_preposition_nor_starts_a_sentence(key: str) -> None:
    wednesday = format_date("ru", date(2026, 11, 25))
    params = dict.fromkeys(placeholders(CATALOGUE["ru"][key]), 1)
    text = t("ru", key, **params | {"date": wednesday})
    assert not re.search(rf"\b{PREPOSITIONS}\s+{wednesday}", text), text
    assert not re.search(rf"(?:^|[.!?]\s+){wednesday}", text), text


@pytest.mark.parametrize(
    "key", [key for key, text in CATALOGUE["ru"].items() if "{department}" in text]
)
def test_a_department_s_name_never_follows_a_preposition(key: str) -> None:
    for department in ("marketing", "sales", "smm"):
        name = t("ru", f"department.{department}")
        params = dict.fromkeys(placeholders(CATALOGUE["ru"][key]), 1)
        text = t("ru", key, **params | {"department": name})
        assert not re.search(rf"\b{PREPOSITIONS}\s+{name}", text), text


def test_a_prompt_says_who_decided_about_the_post() -> None:
    assert t("ru", "post.dismissed", user="U1") == (
        ":heavy_minus_sign: Этот пост пропускаем — так решил(а) <@U1>."
    )
    assert t("ru", "post.started.by", user="U1", id=7) == (
        ":zap: <@U1> запустил(а) быстрые лайки: задача №7."
    )
