"""Who can be asked or reminded right now: the rules that read a person's Slack status and hours."""

from __future__ import annotations

import re
from datetime import datetime

from bot.domain.model.people import Person, Unavailable, WorkHours

# Status emoji that mean "away", with Slack's own presets (Vacationing, Out sick) first.
# Deliberately absent: :house_with_garden: (Slack's "Working remotely"), :no_entry: and
# :red_circle: (busy / focus: at work, just not now), :spiral_calendar_pad: (in a meeting),
# :bus: / :car: (commuting). :airplane: counts: in transit nobody answers in time.
AWAY_EMOJI = frozenset(
    {
        "palm_tree", "desert_island", "beach_with_umbrella", "umbrella_on_ground",
        "airplane", "airplane_departure", "airplane_arriving",
        "face_with_thermometer", "thermometer", "face_with_head_bandage", "mask", "sick",
        "sneezing_face", "nauseated_face", "face_vomiting", "pill", "hospital",
    }
)  # fmt: skip

# Status words that mean "away", as word starts (Russian words inflect: "в отпуске",
# "отпуск до 5-го", "на больничном"). Deliberately absent: "не в офисе", "remote", "WFH" and
# "из дома" (working elsewhere, still reachable), "командировка" / "business trip" (working),
# a bare "leave" ("leave a comment in the thread"), and "holiday" before another word (this is
# marketing: "holiday campaign" is work; "on holiday", "Holidays!" and "holiday, back 5th" count).
_AWAY_WORDS = (
    r"vacation\w*|on\s+(?:a\s+)?holidays?|holidays?(?=\s*(?:$|[,.;:!(—–-]))|ooo|ooto"
    r"|out\s+of\s+(?:the\s+)?office|pto|sick\w*|days?\s+off|time\s+off"
    r"|(?:on|parental|maternity|paternity|annual|medical|family)\s+leave"
    r"|отпуск\w*|бол[еи]ю|болен|больна|заболел\w*|болезн\w*|больничн\w*|отгул\w*|выходн\w*"
    r"|декрет\w*"
)
_AWAY = re.compile(rf"(?<!\w)(?:{_AWAY_WORDS})(?!\w)", re.IGNORECASE)

# Words just before an away word that make it a mention, not an absence: "back from vacation",
# "после отпуска", "вернулась из отпуска", "happy holidays".
_NOT_AWAY_BEFORE = re.compile(
    r"(?:\b(?:back|returned|home)\s+from(?:\s+(?:my|the|a))?|\bhappy|(?<!\w)(?:после|из))\s*$",
    re.IGNORECASE,
)

_EMOJI_NAME = re.compile(r":([^:\s]+):")


def _emoji_away(emoji: str) -> bool:
    # The first name only: ":face_with_thermometer::skin-tone-2:" carries a skin-tone suffix.
    match = _EMOJI_NAME.match(emoji.strip())
    return match is not None and match.group(1).lower() in AWAY_EMOJI


def _text_away(text: str) -> bool:
    return any(not _NOT_AWAY_BEFORE.search(text[: m.start()]) for m in _AWAY.finditer(text))


def out_of_office(person: Person, now: datetime) -> bool:
    """True when the person's Slack status says they are away; `now` is timezone-aware."""
    if person.status_expiration and person.status_expiration <= now.timestamp():
        return False  # Slack clears an expired status lazily; the old one must not count
    return _emoji_away(person.status_emoji) or _text_away(person.status_text)


def available(person: Person, now: datetime, hours: WorkHours | None = None) -> Unavailable | None:
    """None when the person may be asked or reminded now, else why not."""
    if person.deleted:
        return Unavailable.DELETED
    if person.is_bot:
        return Unavailable.BOT
    if out_of_office(person, now):
        return Unavailable.OUT_OF_OFFICE
    if hours is not None and not hours.contain(person, now):
        return Unavailable.OUTSIDE_HOURS
    return None
