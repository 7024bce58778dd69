"""Threats: the alert in the digest channel, and the line with Resolved / Not a threat that the
briefing and the Home tab show."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from bot.domain.model.items import Threat, ThreatStatus
from bot.i18n import Language, short_date, t
from bot.slack import ids
from bot.slack.kit import Block, Message, Pages, actions, button, context, sections, summary
from bot.slack.mrkdwn import Mrkdwn, clip, md


def threat_alert(lang: Language, threat: Threat, zone: ZoneInfo) -> Message:
    department = t(lang, f"department.{threat.department or 'smm'}")
    text = md(lang, "threat.alert", department=department, user=threat.user, text=threat.text)
    after: list[Block] = []
    if threat.status is ThreatStatus.OPEN:
        after.append(threat_buttons(lang, threat))
    elif threat.status is ThreatStatus.WITHDRAWN:
        after.append(context(md(lang, "threat.withdrawn", user=threat.user)))
    elif threat.closed_by and threat.closed_at:
        when_closed = threat.closed_at.astimezone(zone)
        closed = md(
            lang, f"threat.closed.{threat.status}", user=threat.closed_by,
            time=f"{short_date(lang, when_closed.date())} {when_closed:%H:%M}",
        )  # fmt: skip
        after.append(context(closed))
    pages = Pages(lang)
    pages.add(*sections(text), *after)
    first_line = text.split("\n", 1)[0]
    return pages.message(summary(f"{first_line} {clip(threat.text, 100)}"))


def threat_line(lang: Language, threat: Threat, day: date, text: Mrkdwn | None = None) -> Mrkdwn:
    """The threat on one line; `text` replaces its whole text (the Home tab clips it)."""
    days = (day - threat.opened_on).days
    age = t(lang, "threat.age_days", days=days) if days > 0 else t(lang, "threat.age_today")
    department = t(lang, f"department.{threat.department or 'smm'}")
    return md(
        lang, "threat.line", text=threat.text if text is None else text, user=threat.user,
        department=department, age=age,
    )  # fmt: skip


def threat_buttons(lang: Language, threat: Threat) -> Block:
    return actions(
        button(t(lang, "threat.resolve"), ids.THREAT_RESOLVE, str(threat.id), "primary"),
        button(t(lang, "threat.dismiss"), ids.THREAT_DISMISS, str(threat.id)),
        block_id=f"threat-{threat.id}",
    )
