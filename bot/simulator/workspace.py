"""The workspace the simulator plays, for the tests and the benchmarks: its channels and SMM
manager, the app's token and signing secret, and Settings pointing the bot at a FakeSlack."""

from __future__ import annotations

from bot.config import Settings
from bot.simulator.web_api import BOT_USER_ID

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-1-test-token"
MARKETING, SALES, DIGEST = "C0MARKET01", "C0SALES001", "C0DIGEST01"
MANAGER = "U0MANAGER1"


def settings_env(database_url: str, api_url: str, **overrides: str) -> dict[str, str]:
    """The environment an operator would set, as variables."""
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": api_url,
        "DATABASE_URL": database_url,
        "MARKETING_CHANNEL": MARKETING,
        "SALES_CHANNEL": SALES,
        "DIGEST_CHANNEL": DIGEST,
        "SMM_MANAGERS": MANAGER,
        "TIMEZONE": "Europe/Moscow",
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value}


def make_settings(database_url: str, api_url: str, **overrides: str) -> Settings:
    env = settings_env(database_url, api_url, **overrides)
    values = {key.lower(): value for key, value in env.items()}
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def bot_channels() -> dict[str, list[str]]:
    """FakeSlack.members of a workspace with the bot in the channels it posts to, nobody else."""
    return {channel: [BOT_USER_ID] for channel in (MARKETING, SALES, DIGEST)}
