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


class PostState(StrEnum):
    """What became of a seen post."""

    NEW = "new"  # stored; no task or prompt yet (or they failed: the sweep prompts it)
    PROMPTED = "prompted"  # offered in the digest channel: Start quick likes / Not this one
    TASK = "task"  # a quick-like task is on for it (by itself, from the prompt, or /smm-task)
    DISMISSED = "dismissed"  # "Not this one"
    PAST = "past"  # published too long ago, or a link no task can use: for presence only


@dataclass(frozen=True)
class StoredPost:
    id: int
    network: Network
    key: str
    url: str
    title: str
    published_at: datetime | None
    seen_at: datetime
    state: PostState
    task_id: int | None = None
    prompt_channel: str | None = None
    prompt_ts: str | None = None
    handled_by: str | None = None  # who started its task from the prompt, or dismissed it

    @property
    def posted_at(self) -> datetime:
        """When it went out: the network's word, else when the bot first saw it."""
        return self.published_at or self.seen_at


@dataclass(frozen=True)
class NetworkPresence:
    """A network the company is on (the handbook's chapter 3), and when it posted there."""

    network: Network
    posts: tuple[datetime, ...]  # when each post went out, oldest first

    @property
    def last_post(self) -> datetime | None:
        return self.posts[-1] if self.posts else None

    def since(self, start: datetime) -> int:
        return sum(when >= start for when in self.posts)


@dataclass(frozen=True)
class Cadence:
    """How often the company posted on a network: in a week and in the 30 days to its end."""

    network: Network
    week: int
    month: int


@dataclass(frozen=True)
class Silence:
    """A network neglected: no post for `days` whole days (None: none in the last 90)."""

    network: Network
    days: int | None
