"""Presence on the networks (the handbook's chapter 3), from the posts seen and the tasks'
links: the briefing's Presence section after PRESENCE_MAX_GAP days of silence, the weekly
roll-up's cadence, the posts per network in `/smm-task stats`. Every time is the bot's clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.model.networks import Network, SeenPost
from bot.simulator.clock import StagedClock
from bot.simulator.workspace import MANAGER, MARKETING
from tests.conftest import MORNING, Bot, shown
from tests.payloads import slash_command

# Days and zones far from the tests' usual Thursday morning in Moscow: a Sunday night in
# Los Angeles, New Year's morning in Tokyo, a leap day just before midnight in UTC.
ELSEWHERE = [
    (MORNING, "Europe/Moscow"),
    (datetime(2027, 3, 14, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles")), "America/Los_Angeles"),
    (datetime(2027, 1, 1, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo")), "Asia/Tokyo"),
    (datetime(2028, 2, 29, 23, 55, tzinfo=UTC), "UTC"),
]


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> StagedClock:
    """The bot's clock, at `param` when a test gives one (else the tests' Thursday)."""
    return StagedClock(getattr(request, "param", MORNING))


def vk_post(number: int, published_at: datetime) -> SeenPost:
    return SeenPost(Network.VK, f"-1_{number}", f"https://vk.com/wall-1_{number}", published_at)


def ago(bot: Bot, **elapsed: float) -> datetime:
    """That much real time before the bot's now (in UTC: a local time's arithmetic would follow
    the wall clock across a change to or from summer time)."""
    return bot.clock().astimezone(UTC) - timedelta(**elapsed)


@pytest.fixture
def team(bot: Bot) -> Bot:
    """The manager, at work in Moscow and in the marketing channel: a task asks them."""
    bot.slack.users = [{"id": MANAGER, "name": "manager", "tz": "Europe/Moscow", "profile": {}}]
    bot.slack.members[MARKETING] = [MANAGER, *bot.slack.members[MARKETING]]
    return bot


async def briefing_text(bot: Bot) -> str:
    day = bot.runtime.calendar.today()
    await bot.runtime.briefings.publish(day, force=True)
    [posted] = [
        c for c in bot.slack.calls_to("chat.postMessage")
        if c.args.get("metadata", {}).get("event_payload", {}).get("key") == f"digest:{day}"
    ]  # fmt: skip
    return shown(posted.args)


@pytest.mark.parametrize(
    ("clock", "bot_env"),
    [(start, {"TIMEZONE": zone, "PRESENCE_MAX_GAP": "2"}) for start, zone in ELSEWHERE],
    indirect=True,
)
async def test_three_days_of_silence_on_a_network_get_a_presence_section(bot: Bot) -> None:
    await bot.runtime.posts.seen(vk_post(1, ago(bot, days=3, minutes=1)))
    await bot.runtime.posts.seen(vk_post(2, ago(bot, days=3, hours=5)))
    text = await briefing_text(bot)
    assert "Presence\n• VK: last post 3 days ago — an abandoned page is worse than none" in text


@pytest.mark.parametrize(
    ("clock", "bot_env"),
    [(start, {"TIMEZONE": zone, "PRESENCE_MAX_GAP": "2"}) for start, zone in ELSEWHERE],
    indirect=True,
)
async def test_a_post_a_day_ago_is_no_silence(bot: Bot) -> None:
    await bot.runtime.posts.seen(vk_post(1, ago(bot, days=5)))
    await bot.runtime.posts.seen(vk_post(2, ago(bot, days=1)))
    await bot.settle()
    text = await briefing_text(bot)
    assert "Presence" not in text and "abandoned" not in text


@pytest.mark.parametrize(
    "bot_env", [{"BOT_LANGUAGE": "ru", "PRESENCE_MAX_GAP": "4"}], indirect=True
)
async def test_the_gap_is_the_setting_and_russian_reads_naturally(bot: Bot) -> None:
    await bot.runtime.posts.seen(vk_post(1, ago(bot, days=3, hours=1)))
    assert "заброшенная" not in await briefing_text(bot)  # 3 days: within a gap of 4
    await bot.runtime.posts.seen(vk_post(2, ago(bot, days=30)))
    await bot.skip_to(bot.clock() + timedelta(days=2))  # 5 days since the last post
    text = await briefing_text(bot)
    assert (
        "Присутствие в соцсетях\n• ВКонтакте: последний пост был 5 дней назад — "
        "заброшенная страница хуже, чем никакой"
    ) in text


async def slash(bot: Bot, typed: str) -> str:
    before = len(bot.slack.calls_to("response_url"))
    form = slash_command(
        "/smm-task", typed, user=MANAGER, channel=MARKETING, response_url=bot.slack.response_url()
    )
    status, body = await bot.sender.post_form(form)
    assert status == 200
    await bot.slack.wait_for("response_url", count=before + 1)
    await bot.settle()
    answer = json.loads(body)["text"] if body else ""
    return "\n".join([answer, *(str(c.args["text"]) for c in bot.slack.calls_to("response_url"))])


async def test_a_network_known_only_from_tasks_is_watched_too(team: Bot) -> None:
    """No Telegram connector: a task on a t.me post 4 days ago says the company is there."""
    assert (await slash(team, "https://t.me/ourshop/812")).count("Task #1 is on") == 1
    await team.skip_to(team.clock() + timedelta(days=4))
    await team.runtime.posts.seen(vk_post(1, ago(team, hours=3)))
    text = await briefing_text(team)
    assert "• Telegram: last post 4 days ago — an abandoned page is worse than none" in text
    assert "VK:" not in text  # posted three hours ago


@pytest.mark.parametrize("bot_env", [{"FEEDS": "https://www.blog.example/feed.xml"}], indirect=True)
async def test_a_task_on_a_feeds_site_is_a_post_of_the_feed(team: Bot) -> None:
    """The blog's feed is configured: a task on one of its articles is the feed's post."""
    assert (await slash(team, "https://blog.example/2026/launch")).count("Task #1 is on") == 1
    await team.skip_to(team.clock() + timedelta(days=4))
    text = await briefing_text(team)
    assert "• Feeds: last post 4 days ago — an abandoned page is worse than none" in text


async def test_the_rollup_shows_the_cadence_and_stats_the_posts_per_network(team: Bot) -> None:
    bot = team
    for number, days in enumerate((1, 2, 4, 9, 20, 40)):
        await bot.runtime.posts.seen(vk_post(number, ago(bot, days=days)))
    await slash(bot, "https://vk.com/wall-1_0")  # the post seen a day ago: counted once
    await slash(bot, "https://t.me/ourshop/812")
    await bot.runtime.feedback.post_rollup(bot.runtime.calendar.today())
    [rollup] = [
        c for c in bot.slack.calls_to("chat.postMessage")
        if c.args["channel"] == MARKETING and "Voice of the customer" in shown(c.args)
    ]  # fmt: skip
    assert (
        "Posting cadence\n• VK: 3 posts this week, 5 in the last 30 days\n"
        "• Telegram: 1 post this week, 1 in the last 30 days"
    ) in shown(rollup.args)

    said = await slash(bot, "stats 30d")
    assert "*Posts by network*\n• VK: 5 posts\n• Telegram: 1 post" in said
    said = await slash(bot, "stats 90d")
    assert "*Posts by network*\n• VK: 6 posts\n• Telegram: 1 post" in said
