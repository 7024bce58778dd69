"""The message catalogue: every user-facing string, in English and Russian."""

from __future__ import annotations

import string
from datetime import date
from typing import Any, Literal

from babel import Locale
from babel.numbers import format_decimal

from bot.i18n.catalogue import CATALOGUE

Language = Literal["en", "ru"]
LANGUAGES: tuple[Language, ...] = ("en", "ru")


class _Formatter(string.Formatter):
    """Placeholders as the language writes them. `{n:p(day|days)}` is the number with its noun
    in the right plural form, by the CLDR rules (Babel): English one|other, Russian
    one|few|many (`1 день`, `3 дня`, `5 дней`, `21 день`); `{x:n}` is a number written the
    language's way (`15.6` / `15,6`, `1,000` / `1 000`)."""

    def __init__(self, lang: Language) -> None:
        self._locale = Locale.parse(lang)

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("p(") and format_spec.endswith(")"):
            forms = format_spec[2:-1].split("|")
            return f"{self._number(value)} {forms[self._form(value, len(forms))]}"
        if format_spec == "n":
            return self._number(value)
        return str(super().format_field(value, format_spec))

    def _number(self, value: Any) -> str:
        return str(format_decimal(value, locale=self._locale))

    def _form(self, value: Any, count: int) -> int:
        category = self._locale.plural_form(value)
        order = ("one", "other") if count == 2 else ("one", "few", "many")
        # Russian fractions are "other": they take the form of 2-4 (`1,5 дня`).
        return order.index(category) if category in order else 1


_FORMATTERS = {lang: _Formatter(lang) for lang in LANGUAGES}


def t(lang: Language, key: str, **params: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled in (see `_Formatter`)."""
    return _FORMATTERS[lang].format(CATALOGUE[lang][key], **params)


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


def short_date(lang: Language, day: date) -> str:
    """`26 November` / `26 ноября`: the long date without its weekday and year."""
    return t(lang, "date.short", day=day.day, month=t(lang, f"month.{day.month}"))
