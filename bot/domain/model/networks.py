"""The social networks the company posts on, as the connectors see them (bot/networks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Network(StrEnum):
    VK = "vk"
    TELEGRAM = "telegram"
    FEED = "feed"  # any RSS/Atom feed: a blog, a YouTube or Dzen channel, a bridge


@dataclass(frozen=True)
class SeenPost:
    """A post a connector saw on a network: new, or seen again (a retry, a backfill, another
    replica) — `(network, key)` tells them apart."""

    network: Network
    key: str  # stable within the network: VK "-123_45", Telegram "name/67", a feed item's id
    url: str
    published_at: datetime | None  # UTC, when the network says
    title: str = ""  # plain text from the post, for the prompt; may be empty
