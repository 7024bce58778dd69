"""The message catalogue: every user-facing string, in English and Russian."""

from __future__ import annotations

from datetime import date
from typing import Literal

from bot.i18n.catalogue import CATALOGUE

Language = Literal["en", "ru"]
LANGUAGES: tuple[Language, ...] = ("en", "ru")


def t(lang: Language, key: str, **params: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled in."""
    return CATALOGUE[lang][key].format(**params)


def format_date(lang: Language, day: date) -> str:
    """`Thursday, 26 November 2026` / `четверг, 26 ноября 2026`."""
    return t(
        lang,
        "date.long",
        weekday=t(lang, f"weekday.{day.weekday()}"),
        day=day.day,
        month=t(lang, f"month.{day.month}"),
        year=day.year,
    )
