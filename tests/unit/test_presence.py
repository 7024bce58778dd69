"""Presence per network from the posts seen and the tasks' links: pure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.model.networks import Network, NetworkPresence, PostState, Silence, StoredPost
from bot.domain.model.tasks import Network as LinkNetwork
from bot.domain.model.tasks import Task, TaskAction
from bot.domain.services.presence import ON_FOR, network_of_link, presence, silences

NOW = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
SINCE = NOW - ON_FOR


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def seen(network: Network, url: str, days: float) -> StoredPost:
    return StoredPost(1, network, url, url, "", ago(days), ago(days), PostState.PAST)


def task(url: str, days: float) -> Task:
    return Task(1, url, LinkNetwork.WEB, TaskAction.LIKE, "U1", "C1", None, ago(days), ago(days))


def test_a_post_seen_and_tasked_counts_once_at_its_publication() -> None:
    posts = [
        seen(Network.VK, "https://vk.com/wall-1_1", 2),
        seen(Network.VK, "https://vk.com/wall-1_2", 10),
    ]
    tasks = [task("https://m.vk.com/wall-1_1", 1.9), task("https://vk.com/wall-1_3", 40)]
    [vk] = presence(NOW, SINCE, [], posts, tasks)
    assert vk == NetworkPresence(Network.VK, (ago(40), ago(10), ago(2)))
    assert vk.last_post == ago(2) and vk.since(ago(7)) == 1 and vk.since(ago(30)) == 2


def test_a_configured_network_without_posts_is_on_and_silent() -> None:
    found = presence(NOW, SINCE, [Network.TELEGRAM, Network.VK], [], [])
    assert found == [NetworkPresence(Network.VK, ()), NetworkPresence(Network.TELEGRAM, ())]
    assert silences(found, NOW, timedelta(days=2)) == [
        Silence(Network.VK, None),
        Silence(Network.TELEGRAM, None),
    ]


def test_silence_is_more_than_the_gap_in_whole_days() -> None:
    gap = timedelta(days=2)
    entries = [
        NetworkPresence(Network.VK, (ago(3.5),)),
        NetworkPresence(Network.TELEGRAM, (ago(2),)),  # exactly the gap: not yet
        NetworkPresence(Network.FEED, (ago(9), ago(0.5))),
    ]
    assert silences(entries, NOW, gap) == [Silence(Network.VK, 3)]


def test_old_and_future_posts_do_not_count_and_other_links_are_no_network() -> None:
    posts = [
        seen(Network.VK, "https://vk.com/wall-1_1", 91),
        seen(Network.VK, "https://vk.com/wall-1_2", -1),
    ]
    tasks = [task("https://www.facebook.com/p/1", 1), task("https://blog.example/a", 1)]
    assert presence(NOW, SINCE, [], posts, tasks) == []
    feeds = presence(NOW, SINCE, [], [], tasks, feed_hosts=frozenset({"blog.example"}))
    assert feeds == [NetworkPresence(Network.FEED, (ago(1),))]


def test_links_name_their_network() -> None:
    assert network_of_link("https://t.me/shop/5", frozenset()) is Network.TELEGRAM
    assert network_of_link("https://vk.com/wall-1_2", frozenset()) is Network.VK
    hosts = frozenset({"blog.example"})
    assert network_of_link("https://www.blog.example/x", hosts) is Network.FEED
    assert network_of_link("https://m.blog.example/x", hosts) is Network.FEED  # as phones share
    assert network_of_link("https://blog.example/x", frozenset()) is None
