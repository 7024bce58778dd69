"""Presence on the networks: the briefing's warning about a neglected one, the weekly
cadence, the posts per network in the task stats."""

from __future__ import annotations

from bot.domain.model.networks import Cadence, Network, Silence
from bot.i18n import Language, t
from bot.slack.mrkdwn import Mrkdwn, join, md


def _name(lang: Language, network: Network) -> str:
    return t(lang, f"network.{network}")


def silence_line(lang: Language, silence: Silence) -> Mrkdwn:
    name = _name(lang, silence.network)
    if silence.days is None:
        return md(lang, "presence.none", network=name)
    return md(lang, "presence.silent", network=name, days=silence.days)


def cadence_line(lang: Language, cadence: Cadence) -> Mrkdwn:
    name = _name(lang, cadence.network)
    if not cadence.month:
        return md(lang, "presence.cadence_none", network=name)
    return md(lang, "presence.cadence_line", network=name, week=cadence.week, month=cadence.month)


def posts_per_network(lang: Language, posts: list[tuple[Network, int]]) -> Mrkdwn:
    """`/smm-task stats`' section: posts per network in the same days as the tasks'."""
    return join(
        "\n",
        [
            Mrkdwn(f"*{md(lang, 'presence.stats')}*"),
            *(
                Mrkdwn("• " + md(lang, "presence.stats_line", network=_name(lang, n), count=c))
                for n, c in posts
            ),
        ],
    )
