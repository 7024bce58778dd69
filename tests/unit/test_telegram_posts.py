"""Which Telegram updates are the company channel's new posts, and what the bot keeps of one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.domain.model.networks import Network, SeenPost
from bot.networks.telegram import channel_post, webhook_secret

DATE = 1764150000


def update(chat: dict[str, Any], kind: str = "channel_post", **message: Any) -> dict[str, Any]:
    return {"update_id": 1, kind: {"message_id": 7, "date": DATE, "chat": chat} | message}


ACME = {"id": -1001234567890, "title": "Acme", "username": "Acme_News", "type": "channel"}
PRIVATE = {"id": -1005555555555, "title": "Acme staff", "type": "channel"}


def test_a_post_of_the_channel_by_name_is_seen_whatever_the_case() -> None:
    assert channel_post(update(ACME, text="\n  Spring sale \nAll week"), "@acme_news") == SeenPost(
        Network.TELEGRAM,
        "Acme_News/7",
        "https://t.me/Acme_News/7",
        datetime.fromtimestamp(DATE, UTC),
        "Spring sale",
    )


def test_a_channel_by_id_and_without_a_username_gets_its_private_link() -> None:
    seen = channel_post(update(PRIVATE, caption="A photo"), "-1005555555555")
    assert seen is not None
    assert (seen.key, seen.url, seen.title) == (
        "c/5555555555/7", "https://t.me/c/5555555555/7", "A photo"
    )  # fmt: skip
    assert channel_post(update(ACME), "-1001234567890") is not None  # by id, with a name
    assert channel_post(update(PRIVATE), "@acme_news") is None


def test_other_chats_edits_and_malformed_updates_are_not_posts() -> None:
    assert channel_post(update(ACME, text="x"), "@someone_else") is None
    assert channel_post(update(ACME, "edited_channel_post", text="x"), "@acme_news") is None
    assert channel_post(update(ACME, "message", text="x"), "@acme_news") is None
    assert channel_post({"update_id": 2, "channel_post": "?"}, "@acme_news") is None
    assert channel_post(update(ACME | {"id": "x"}), "@acme_news") is None
    untitled = channel_post(update(ACME, date=None), "@acme_news")
    assert untitled is not None and untitled.title == "" and untitled.published_at is None


def test_an_album_is_one_post_whichever_of_its_messages_comes() -> None:
    """Telegram sends an album as a message a photo, with one media_group_id; the caption is
    on one of them."""
    first = channel_post(
        update(ACME, message_id=10, media_group_id="135", caption="Spring"), "@acme_news"
    )
    second = channel_post(update(ACME, message_id=11, media_group_id="135", photo=[]), "@acme_news")
    assert first is not None and second is not None
    assert first.key == second.key == "Acme_News/album/135"
    assert (first.url, first.title) == ("https://t.me/Acme_News/10", "Spring")
    assert second.url == "https://t.me/Acme_News/11"
    other = channel_post(update(ACME, message_id=12, media_group_id="246"), "@acme_news")
    assert other is not None and other.key == "Acme_News/album/246"


@pytest.mark.parametrize(
    "service",
    [
        {"pinned_message": {"message_id": 6, "date": DATE, "chat": ACME, "text": "Sale"}},
        {"new_chat_title": "Acme news"},
        {"new_chat_photo": [{"file_id": "p", "width": 90, "height": 90}]},
        {"delete_chat_photo": True},
        {"video_chat_started": {}},
    ],
)
def test_a_service_message_of_the_channel_is_no_post(service: dict[str, Any]) -> None:
    """A pin, a new title or photo, a video chat: Telegram sends them as channel posts."""
    assert channel_post(update(ACME, **service), "@acme_news") is None


def test_the_webhook_secret_is_stable_allowed_and_not_the_token() -> None:
    token = "7012345678:AAFakeTelegramBotTokenForTheSimulator0"
    secret = webhook_secret(token)
    assert secret == webhook_secret(token) != webhook_secret(token + "x")
    assert secret.isalnum() and len(secret) <= 256 and "AAFake" not in secret
