"""Presence (the handbook's chapter 3: go to a network for good or not at all): per network the
company is on, when it posted there, from the posts the connectors saw and from the tasks'
links."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from bot.domain.calendar import WorkCalendar
from bot.domain.model.networks import Cadence, Network, NetworkPresence, Silence, StoredPost
from bot.domain.model.tasks import Network as LinkNetwork
from bot.domain.model.tasks import Task
from bot.domain.parsing.links import network_of, site_of, url_key
from bot.domain.ports import UnitOfWork, UnitOfWorkFactory

ON_FOR = timedelta(days=90)  # a post or a task on a network this recently: the company is on it
_LINKED = {LinkNetwork.VK: Network.VK, LinkNetwork.TELEGRAM: Network.TELEGRAM}


def network_of_link(url: str, feed_hosts: frozenset[str]) -> Network | None:
    """The network a task's link is a post of: VK and Telegram by their hosts, a feed's by the
    hosts of the configured feeds; None for any other (no presence to watch there)."""
    linked = _LINKED.get(network_of(url))
    if linked is not None or not feed_hosts:
        return linked
    return Network.FEED if site_of(url) in feed_hosts else None


def presence(
    at: datetime,
    since: datetime,
    configured: Iterable[Network],
    posts: Iterable[StoredPost],
    tasks: Iterable[Task],
    feed_hosts: frozenset[str] = frozenset(),
) -> list[NetworkPresence]:
    """Each network the company is on (a connector watches it, or it had a post or a task's
    link from `since` to `at`), in a fixed order, with its posts of that time: each once (a
    post seen and tasked is one post), at its publication (else when seen, or tasked)."""
    times: dict[Network, dict[str, datetime]] = {}

    def add(network: Network, url: str, when: datetime) -> None:
        if since <= when <= at:
            known = times.setdefault(network, {})
            key = url_key(url)
            known[key] = min(when, known.get(key, when))

    for post in posts:
        add(post.network, post.url, post.posted_at)
    for task in tasks:
        if (network := network_of_link(task.url, feed_hosts)) is not None:
            add(network, task.url, task.created_at)
    on = set(configured) | set(times)
    return [
        NetworkPresence(network, tuple(sorted(times.get(network, {}).values())))
        for network in Network
        if network in on
    ]


def silences(entries: Iterable[NetworkPresence], at: datetime, gap: timedelta) -> list[Silence]:
    """The networks with no post for more than `gap` (PRESENCE_MAX_GAP), and for how many
    whole days (None: none seen at all)."""
    return [
        Silence(e.network, None if e.last_post is None else (at - e.last_post) // timedelta(days=1))
        for e in entries
        if e.last_post is None or at - e.last_post > gap
    ]


class PresenceWatch:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        calendar: WorkCalendar,
        configured: frozenset[Network],
        max_gap: timedelta,
        feeds: Iterable[str] = (),
    ) -> None:
        self._uow = uow
        self._calendar = calendar
        self._configured = configured  # the networks a connector watches
        self._max_gap = max_gap  # PRESENCE_MAX_GAP
        # The configured feeds' hosts: a task's link to one is a post of the feed.
        self._feed_hosts = frozenset(host for url in feeds if (host := site_of(url)))

    async def _read(self, uow: UnitOfWork, at: datetime, since: datetime) -> list[NetworkPresence]:
        # In UTC: a span back from a local time would follow its wall clock across summer time.
        at, since = at.astimezone(UTC), min(since, at - ON_FOR).astimezone(UTC)
        posts = await uow.seen_posts.seen_since(since)
        tasks = await uow.tasks.started_since(since)
        return presence(at, since, self._configured, posts, tasks, self._feed_hosts)

    async def silent(self, uow: UnitOfWork, at: datetime) -> list[Silence]:
        """The briefing's: the networks neglected at `at` (an abandoned page is worse than
        none)."""
        return silences(await self._read(uow, at, at), at, self._max_gap)

    async def cadence(self, uow: UnitOfWork, last: date, at: datetime) -> list[Cadence]:
        """The roll-up's: posts per network in the seven and the thirty local days ending with
        `last`, as they stood at `at`."""
        week = self._calendar.start_of(last - timedelta(days=6))
        month = self._calendar.start_of(last - timedelta(days=29))
        entries = await self._read(uow, at, month)
        return [Cadence(e.network, e.since(week), e.since(month)) for e in entries]

    async def posts(self, days: int) -> list[tuple[Network, int]]:
        """`/smm-task stats`': posts per network in the same local days as the tasks' (today
        and the days before it)."""
        start = self._calendar.start_of(self._calendar.today() - timedelta(days=days - 1))
        async with self._uow(read_only=True) as uow:
            entries = await self._read(uow, self._calendar.now(), start)
        return [(e.network, e.since(start)) for e in entries]
