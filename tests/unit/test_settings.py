from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings, parse_workdays, to_async_url
from bot.domain.model.networks import Network
from bot.simulator.workspace import make_settings

ROOT = Path(__file__).resolve().parents[2]


def build(**overrides: str) -> Settings:
    return make_settings("sqlite:///x.db", "http://127.0.0.1:1/api", **overrides)


def test_env_example_lists_exactly_the_settings() -> None:
    text = (ROOT / ".env.example").read_text()
    names = set(re.findall(r"^([A-Z_]+)=", text, re.MULTILINE))
    assert names == {name.upper() for name in Settings.model_fields}
    # Every setting (or group of settings) has a comment right above it.
    for group in text.split("\n\n")[1:]:
        assert group.startswith("#"), group


def test_values_are_parsed() -> None:
    settings = build(
        CHECKIN_TIME="8:05",
        WORKDAYS="mon,tue,thu",
        SMM_MANAGERS="U1AAA, U2BBB",
        SLACK_API_URL="http://x/api",
    )
    assert settings.checkin_time == time(8, 5)
    assert settings.workdays == {0, 1, 3}
    assert settings.smm_managers == {"U1AAA", "U2BBB"}
    assert settings.slack_api_url == "http://x/api/"
    assert "xoxb" not in repr(settings)  # secrets never show up in logs


def test_auto_tasks_name_networks() -> None:
    assert build(AUTO_TASKS="VK, telegram").auto_tasks == {Network.VK, Network.TELEGRAM}
    assert build().auto_tasks == frozenset()
    assert build().presence_max_gap == 2


def test_an_empty_bot_token_is_named_as_missing() -> None:
    values = build().model_dump() | {"slack_bot_token": ""}
    with pytest.raises(ValidationError, match="required but not set"):
        Settings(_env_file=None, **values)


def test_an_empty_optional_token_means_unset() -> None:
    assert build(SLACK_APP_TOKEN="").slack_app_token is None


def test_a_wrong_time_zone_gets_the_closest_iana_names() -> None:
    with pytest.raises(ValidationError, match=r"'Moscow': did you mean Europe/Moscow\?"):
        build(TIMEZONE="Moscow")
    with pytest.raises(ValidationError, match="did you mean America/New_York"):
        build(TIMEZONE="new york")
    with pytest.raises(ValidationError, match="did you mean Asia/Tokyo"):
        build(TIMEZONE="Asia/Tokio")
    # Abbreviations are no IANA names: Moscow time is Europe/Moscow, not the Omsk MSK reads like.
    with pytest.raises(ValidationError, match=r"'MSK': did you mean Europe/Moscow\?"):
        build(TIMEZONE="MSK")
    with pytest.raises(ValidationError, match=r"'pst': did you mean America/Los_Angeles\?"):
        build(TIMEZONE="pst")


def test_a_time_zone_is_read_without_the_spaces_around_it() -> None:
    assert build(TIMEZONE=" Europe/Moscow ").timezone == "Europe/Moscow"


def test_the_reminder_must_follow_the_check_in() -> None:
    with pytest.raises(
        ValidationError, match="REMINDER_TIME: 08:30 is not after CHECKIN_TIME 09:00"
    ):
        build(CHECKIN_TIME="09:00", REMINDER_TIME="08:30")
    assert build(CHECKIN_TIME="09:00", REMINDER_TIME="09:15").reminder_at == time(9, 15)


def test_workday_ranges_wrap_around_the_week() -> None:
    assert parse_workdays("mon-fri") == {0, 1, 2, 3, 4}
    assert parse_workdays("sun-tue") == {6, 0, 1}
    assert parse_workdays("sat") == {5}


def test_plain_database_urls_get_async_drivers() -> None:
    assert to_async_url("sqlite:///a.db") == "sqlite+aiosqlite:///a.db"
    assert to_async_url("postgresql://u:p@h:5432/d") == "postgresql+asyncpg://u:p@h:5432/d"
    assert (
        to_async_url("postgres://u:Top%40S3cret@h/d") == "postgresql+asyncpg://u:Top%40S3cret@h/d"
    )


def test_libpq_parameters_are_given_in_the_words_of_asyncpg() -> None:
    """What managed PostgreSQL providers hand out: asyncpg takes libpq's sslmode names as
    `ssl`, and its connect timeout as `timeout`."""
    url = to_async_url("postgresql://u:p@h/d?sslmode=verify-full&connect_timeout=5")
    assert url == "postgresql+asyncpg://u:p@h/d?ssl=verify-full&timeout=5"
    assert (
        to_async_url("postgresql://u:p@h/d?ssl=require")
        == "postgresql+asyncpg://u:p@h/d?ssl=require"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://u:Top@S3cret@127.0.0.1:5432/smm", "write @ in the password as %40"),
        ("postgresql://u:T@p:S3cret@h:5432/smm", "write @ in the password as %40"),
        ("postgresql://u:p@h:abc/smm", "the port after the host is a number, such as host:5432"),
        ("sqlite://", "an in-memory SQLite database is lost when the bot stops"),
        ("sqlite:///:memory:", "give a file, such as sqlite:///smm_pulse.db"),
        ("postgresql://u:p@h/d?sslmode=on", "sslmode: expected one of disable, allow, prefer, "
         "require, verify-ca, verify-full, got 'on'"),
        ("postgresql://u:p@h/d?connect_timeout=soon", "connect_timeout: expected seconds, a "
         "number above 0, got 'soon'"),
        ("postgresql://u:p@h/d?sslrootcert=/ca.pem", "?sslrootcert= is not one asyncpg takes: "
         "set PGSSLROOTCERT in the environment instead"),
        ("postgresql://u:p@h/d?application_name=smm", "?application_name= is not one asyncpg "
         "takes: remove it"),
    ],
)  # fmt: skip
def test_a_database_url_the_bot_cannot_use_is_refused_without_its_password(
    url: str, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        build(DATABASE_URL=url)
    [problem] = error.value.errors()
    assert problem["loc"] == ("database_url",)
    assert message in problem["msg"]
    assert "S3cret" not in problem["msg"] and "T@p" not in problem["msg"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TIMEZONE", "Mars/Base", "unknown time zone 'Mars/Base'"),
        ("CHECKIN_TIME", "25:00", "expected HH:MM"),
        ("WORKDAYS", "mon-funday", "expected days like"),
        ("BOT_LANGUAGE", "de", "'en' or 'ru'"),
        ("MARKETING_CHANNEL", "marketing", "expected a channel ID"),
        ("SLACK_BOT_TOKEN", "xoxb-your-bot-token", "placeholder"),
        ("SLACK_BOT_TOKEN", "xoxp-123", "xoxb-"),
        ("DATABASE_URL", "mysql://x", "sqlite:///path or postgresql://"),
        ("SMM_MANAGERS", "alice", "expected user IDs"),
        ("TELEGRAM_BOT_TOKEN", "xoxb-1", "the token @BotFather gave"),
        ("TELEGRAM_CHANNEL", "https://t.me/acme", "expected @channelname or a channel id"),
        ("TELEGRAM_CHANNEL", "12345678", "expected @channelname or a channel id"),
        ("TELEGRAM_API_URL", "api.telegram.org", "expected an http(s) URL"),
        (
            "FEEDS",
            "https://acme.ru/feed, acme.ru/rss",
            "expected an http(s) URL, got 'acme.ru/rss'",
        ),
        ("AUTO_TASKS", "vk,facebook", "expected networks among vk, telegram, feed, got facebook"),
        ("PRESENCE_MAX_GAP", "0", "greater than or equal to 1"),
    ],
)
def test_bad_values_are_refused_with_the_reason(name: str, value: str, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        build(**{name: value})
    assert message in str(error.value)
    assert error.value.errors()[0]["loc"] in {(name.lower(),), ()}


TELEGRAM_TOKEN = "123456789:AAEhBOweik9ai2o4xPwZ3yL5HgNjUQ_secret"


def test_networks_are_optional_and_parsed() -> None:
    settings = build()
    assert settings.telegram_bot_token is None and settings.feeds == ()
    settings = build(
        TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN,
        TELEGRAM_CHANNEL=" @acme_news ",
        TELEGRAM_API_URL="http://127.0.0.1:9/",
        TELEGRAM_WEBHOOK_URL="https://bot.acme.ru:8443/telegram",
        FEEDS="https://acme.ru/feed, https://www.youtube.com/feeds/videos.xml?channel_id=UC1,"
        " https://acme.ru/feed",
    )
    assert settings.telegram_channel == "@acme_news"
    assert settings.telegram_api_url == "http://127.0.0.1:9"
    assert settings.feeds == (
        "https://acme.ru/feed",
        "https://www.youtube.com/feeds/videos.xml?channel_id=UC1",
    )
    assert TELEGRAM_TOKEN.split(":")[1] not in repr(settings)
    assert build(TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN, TELEGRAM_CHANNEL="-1001234567890")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN}, "TELEGRAM_CHANNEL: required with TELEGRAM_BOT"),
        ({"TELEGRAM_CHANNEL": "@acme_news"}, "TELEGRAM_BOT_TOKEN: required with TELEGRAM_CHANNEL"),
        ({"TELEGRAM_WEBHOOK_URL": "https://bot.acme.ru/tg"}, "TELEGRAM_WEBHOOK_URL: needs"),
    ],
)
def test_a_partial_telegram_set_names_what_is_missing(values: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        build(**values)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://bot.acme.ru/tg", "an HTTPS URL must be provided"),
        ("https://bot.acme.ru:8080/tg", "only on ports 80, 88, 443 or 8443"),
        ("https://bot.acme.ru/slack/events", "its path is one the bot serves already"),
    ],
)
def test_a_webhook_telegram_would_refuse_is_refused(url: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as error:
        build(TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN, TELEGRAM_CHANNEL="@acme_news",
              TELEGRAM_WEBHOOK_URL=url)  # fmt: skip
    assert error.value.errors()[0]["loc"] == ("telegram_webhook_url",)


def test_no_vk_settings_means_no_vk_connector() -> None:
    settings = build(VK_LONGPOLL="")
    assert not settings.vk
    assert settings.vk_api_url == "https://api.vk.com/method/"


def test_vk_settings_are_read_and_the_token_stays_secret() -> None:
    settings = build(
        VK_GROUP_ID="123", VK_TOKEN="vk1.a.secret-token", VK_CALLBACK_SECRET="s3cr3t",
        VK_CONFIRMATION="693d0ba9", VK_API_URL="http://127.0.0.1:9/method",
    )  # fmt: skip
    assert settings.vk and settings.vk_group_id == 123
    assert settings.vk_api_url == "http://127.0.0.1:9/method/"
    assert "secret-token" not in repr(settings) and "s3cr3t" not in repr(settings)
    assert build(VK_GROUP_ID="123", VK_TOKEN="vk1.a.t", VK_LONGPOLL="true").vk_longpoll


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"VK_GROUP_ID": "0", "VK_TOKEN": "t", "VK_LONGPOLL": "1"}, "greater than 0"),
        (
            {"VK_GROUP_ID": "-217000001", "VK_TOKEN": "t", "VK_LONGPOLL": "1"},
            "write the community's id without the minus: 217000001",
        ),
        ({"VK_GROUP_ID": "club5", "VK_TOKEN": "t", "VK_LONGPOLL": "1"}, "valid integer"),
        ({"VK_GROUP_ID": "5", "VK_LONGPOLL": "1"}, "VK_TOKEN: required with VK_GROUP_ID"),
        ({"VK_TOKEN": "t"}, "VK_GROUP_ID: required with VK_TOKEN"),
        ({"VK_CONFIRMATION": "abc"}, "VK_GROUP_ID: required with VK_CONFIRMATION"),
        ({"VK_GROUP_ID": "5", "VK_TOKEN": "t"}, "VK_CONFIRMATION: required for the Callback"),
        ({"VK_GROUP_ID": "5", "VK_TOKEN": "t", "VK_CONFIRMATION": "c"}, "VK_CALLBACK_SECRET: req"),
        ({"VK_GROUP_ID": "5", "VK_TOKEN": "t", "VK_LONGPOLL": "maybe"}, "valid boolean"),
        ({"VK_GROUP_ID": "5", "VK_TOKEN": "your-token", "VK_LONGPOLL": "1"}, "placeholder"),
        ({"VK_API_URL": "api.vk.com"}, "expected an http(s) URL"),
    ],
)
def test_a_partial_or_bad_vk_set_is_refused_naming_the_setting(
    env: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        build(**env)
    assert len(error.value.errors()) == 1
    assert message in str(error.value)
