"""The message catalogue: every user-facing string, in English and Russian."""

from __future__ import annotations

import functools
import string
from datetime import date
from typing import Any, Literal

from babel import Locale
from babel.numbers import format_decimal

from bot.i18n.catalogue import CATALOGUE

Language = Literal["en", "ru"]
LANGUAGES: tuple[Language, ...] = ("en", "ru")


class _Number:
    """A number as the language writes it, for `str.format`: `{n:p(day|days)}` is the number
    with its noun in the right plural form, by the CLDR rules (Babel): English one|other,
    Russian one|few|many (`1 день`, `3 дня`, `5 дней`, `21 день`); `{x:n}` is the number
    written the language's way (`15.6` / `15,6`, `1,000` / `1 000`)."""

    __slots__ = ("_lang", "_value")

    def __init__(self, lang: Language, value: Any) -> None:
        self._lang, self._value = lang, value

    def __format__(self, spec: str) -> str:
        return _number(self._lang, self._value, spec)


@functools.lru_cache(maxsize=4096, typed=True)  # Babel is slow; the same few numbers recur
def _number(lang: Language, value: Any, spec: str) -> str:
    locale = Locale.parse(lang)
    number = str(format_decimal(value, locale=locale))
    if spec == "n":
        return number
    forms = spec[2:-1].split("|")
    category = locale.plural_form(value)
    order = ("one", "other") if len(forms) == 2 else ("one", "few", "many")
    # Russian fractions are "other": they take the form of 2-4 (`1,5 дня`).
    return f"{number} {forms[order.index(category) if category in order else 1]}"


def _numbers(text: str) -> frozenset[str]:
    """The placeholders the language writes as numbers (`{x:n}`, `{n:p(…)}`)."""
    return frozenset(
        name
        for _, name, spec, _ in string.Formatter().parse(text)
        if name and spec and (spec == "n" or spec.startswith("p("))
    )


# Per language, each key's text and its number placeholders: filling them is str.format's
# (in C), which a long briefing's thousands of lines feel.
_TEXTS = {
    lang: {key: (text, _numbers(text)) for key, text in CATALOGUE[lang].items()}
    for lang in LANGUAGES
}


def t(lang: Language, key: str, **params: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled in (see `_Number`)."""
    text, numbers = _TEXTS[lang][key]
    for name in numbers:
        if name in params:
            params[name] = _Number(lang, params[name])
    return text.format(**params)


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
