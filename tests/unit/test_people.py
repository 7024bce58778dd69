from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.availability import available, out_of_office
from bot.domain.model.people import Person, Unavailable

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
LATER = int(NOW.timestamp()) + 3600
EARLIER = int(NOW.timestamp()) - 1


def person(text: str = "", emoji: str = "", expiration: int = 0, **kwargs: bool) -> Person:
    return Person(
        "U0ALICE001", "Alice", "Europe/Moscow", status_text=text, status_emoji=emoji,
        status_expiration=expiration, **kwargs,
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["Vacation", "on vacation until Dec 5", "Vacationing", "On holiday", "Holidays!",
     "Holiday, back on the 5th", "OOO", "ooo till Monday", "Out of office", "out of the office",
     "Sick", "off sick", "PTO", "Day off", "on leave", "Parental leave", "OOO, back from Tuesday",
     "Отпуск", "в отпуске до 5 декабря", "В ОТПУСКЕ", "болею", "Больничный", "на больничном",
     "болен", "отгул", "выходной", "в декрете", "не работаю по болезни"],
)  # fmt: skip
def test_away_texts(text: str) -> None:
    assert out_of_office(person(text), NOW)


@pytest.mark.parametrize(
    "text",
    ["", "Working remotely", "WFH", "не в офисе", "работаю из дома", "В командировке",
     "Business trip", "In a meeting", "Please leave a comment in the thread",
     "Holiday campaign launch", "Happy holidays!", "back from vacation", "после отпуска",
     "вернулась из отпуска", "Leaving at 6", "New laptop", "Kryptonite", "Mooo", "Уволен"],
)  # fmt: skip
def test_present_texts(text: str) -> None:
    assert not out_of_office(person(text), NOW)


@pytest.mark.parametrize(
    ("emoji", "away"),
    [(":palm_tree:", True), (":airplane:", True), (":face_with_thermometer:", True),
     (":desert_island:", True), (":beach_with_umbrella:", True), (":thermometer:", True),
     (":mask:", True), (":sick:", True), (":Palm_Tree:", True),
     (":face_with_thermometer::skin-tone-2:", True),
     (":house_with_garden:", False), (":no_entry:", False), (":spiral_calendar_pad:", False),
     (":bus:", False), ("", False), ("palm_tree", False)],
)  # fmt: skip
def test_status_emoji(emoji: str, away: bool) -> None:
    assert out_of_office(person(emoji=emoji), NOW) is away


@pytest.mark.parametrize(
    ("expiration", "away"),
    [(0, True), (LATER, True), (EARLIER, False), (int(NOW.timestamp()), False)],
)
def test_an_expired_status_no_longer_counts(expiration: int, away: bool) -> None:
    assert out_of_office(person("в отпуске", ":palm_tree:", expiration), NOW) is away


@pytest.mark.parametrize(
    ("who", "reason"),
    [(person(), None), (person("Working remotely", ":house_with_garden:"), None),
     (person("Vacation"), Unavailable.OUT_OF_OFFICE), (person(is_bot=True), Unavailable.BOT),
     (person(deleted=True), Unavailable.DELETED),
     (person("Vacation", deleted=True, is_bot=True), Unavailable.DELETED),
     (person("Vacation", expiration=EARLIER), None)],
)  # fmt: skip
def test_available(who: Person, reason: Unavailable | None) -> None:
    assert available(who, NOW) == reason


def test_reasons_are_plain_strings() -> None:
    assert available(person(is_bot=True), NOW) == "bot"
    assert available(person(deleted=True), NOW) == "deleted"
    assert available(person("OOO"), NOW) == "out_of_office"
