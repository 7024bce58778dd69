"""A post's task window, and links made comparable: pure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.parsing.links import url_key
from bot.domain.services.posts import deadline_for

NOW = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=10)


@pytest.mark.parametrize(
    ("published", "deadline"),
    [
        (NOW - timedelta(minutes=2), NOW + timedelta(minutes=8)),  # from the publication
        (NOW - timedelta(minutes=5), NOW + timedelta(minutes=5)),  # half left: still from it
        (NOW - timedelta(minutes=6), NOW + WINDOW),  # less than half: a whole window from now
        (NOW + timedelta(minutes=1), NOW + WINDOW),  # ahead of our clock: as if now
        (None, NOW + WINDOW),  # the network did not say
    ],
)
def test_the_window_counts_from_the_publication_while_half_is_left(
    published: datetime | None, deadline: datetime
) -> None:
    assert deadline_for(published, NOW, WINDOW) == deadline


@pytest.mark.parametrize(
    "url",
    [
        "https://vk.com/wall-123_45",
        "http://vk.com/wall-123_45/",
        "https://m.vk.com/wall-123_45",
        "https://www.vk.com/wall-123_45#comments",
        "https://vk.com/wall-123_45?utm_source=tg",
        "vk.com/wall-123_45",
        "https://vk.ru/wall-123_45",
        "https://VK.com/club123?w=wall-123_45",
        "https://m.vk.com/wall-123_45?reply=7",
    ],
)
def test_the_same_post_has_one_key(url: str) -> None:
    assert url_key(url) == "vk.com/wall-123_45"


@pytest.mark.parametrize(
    "url",
    [
        "https://t.me/acme_news/5",
        "https://t.me/Acme_News/5",
        "https://t.me/s/acme_news/5",
        "https://telegram.me/acme_news/5/",
        "https://t.me/acme_news/5?single",
        "t.me/ACME_NEWS/5#top",
    ],
)
def test_a_telegram_post_has_one_key(url: str) -> None:
    assert url_key(url) == "t.me/acme_news/5"


def test_different_posts_keep_different_keys() -> None:
    assert url_key("https://vk.com/wall-123_45") != url_key("https://vk.com/wall-123_46")
    assert url_key("https://blog.example/p?id=1") != url_key("https://blog.example/p?id=2")
    assert url_key("https://t.me/acme_news/5") != url_key("https://t.me/acme_news/6")
    assert url_key("https://t.me/c/123/5") == "t.me/c/123/5" != url_key("https://t.me/c/124/5")
