"""/smm-brief through the signed endpoint and the fake Slack: a past day's briefing composed
from what is stored (answers, items, threats as they stood), weekdays in both languages, days
without a round, bad input, and only ever an ephemeral answer, escaped."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from bot.db.tables import FeedbackRow, QuestionRow
from bot.domain.model.items import ThreatStatus
from bot.simulator.workspace import MANAGER, MARKETING, SALES
from bot.slack.kit import MESSAGE_BLOCKS, text_size
from tests.conftest import THURSDAY, Bot, pings, shown
from tests.payloads import slash_command

WEDNESDAY, MONDAY = THURSDAY - timedelta(days=1), THURSDAY - timedelta(days=3)
RU = pytest.mark.parametrize("bot_env", [{"BOT_LANGUAGE": "ru"}], indirect=True)
ANNA, BOB = "U0ANNA0001", "U0BOB00001"


async def brief(bot: Bot, typed: str, user: str = ANNA) -> tuple[Any, list[dict[str, Any]]]:
    """/smm-brief as Slack sends it: the ack's JSON (None when empty), then the answers that
    came through response_url after it, in order. Nothing else may reach Slack."""
    await bot.settle()  # what came before (a threat's alert) is out
    before = len(bot.slack.calls)
    response_url = bot.slack.response_url()
    form = slash_command(
        "/smm-brief", typed, user=user, channel=MARKETING, response_url=response_url
    )
    status, body = await bot.sender.post_form(form)
    assert status == 200, body
    await bot.settle()
    calls = bot.slack.calls[before:]
    # nothing in a channel: only the answers (and Bolt's auth.test of the token)
    assert {c.method for c in calls} <= {"response_url", "auth.test"}
    calls = [c for c in calls if c.method == "response_url"]
    assert all(c.args["response_type"] == "ephemeral" for c in calls)
    return (json.loads(body) if body else None), [c.args for c in calls]


async def shown_brief(bot: Bot, typed: str, user: str = ANNA) -> str:
    """The briefing (or why there is none) as the person reads it, every message in order."""
    ack, answers = await brief(bot, typed, user)
    assert ack is None and answers  # acked empty, answered once the database was read
    return "\n".join(shown(a) for a in answers)


async def refusal(bot: Bot, typed: str) -> str:
    """Refused in the ack itself: nothing is read, nothing follows."""
    ack, answers = await brief(bot, typed)
    assert answers == [] and ack["response_type"] == "ephemeral"
    return str(ack["text"])


async def test_yesterdays_briefing_after_todays_round(bot: Bot) -> None:
    yesterday = await bot.checkin(WEDNESDAY)
    await bot.reply(
        MARKETING, yesterday[MARKETING],
        "2. Winter boots\n3. Boots sale from 27 November\n5. A blogger says the boots leak",
    )  # fmt: skip
    today = await bot.checkin(THURSDAY)
    await bot.reply(SALES, today[SALES], "2. Gift cards", user=BOB)
    await bot.runtime.briefings.close_threat(1, ThreatStatus.RESOLVED, MANAGER)  # today
    await bot.settle()

    past = await shown_brief(bot, "yesterday")
    assert past.startswith("SMM briefing · Wednesday, 25 November 2026")
    assert "Winter boots — <@U0ALICE001>, Marketing" in past
    assert "Boots sale from 27 November — *in 2 days, 27 November* · Marketing" in past
    assert "A blogger says the boots leak" in past  # open that day, resolved only today
    assert "Sales: nobody answered" in past  # told in the past
    assert "Gift cards" not in past

    now = await shown_brief(bot, "")
    assert now.startswith("SMM briefing · Thursday, 26 November 2026")
    assert "Gift cards — <@U0BOB00001>, Sales" in now
    assert "Boots sale from 27 November — *tomorrow, 27 November*" in now  # still to come
    assert "Winter boots" not in now and "boots leak" not in now
    assert "Marketing: nobody has answered yet" in now
    assert now == await shown_brief(bot, "today") == await shown_brief(bot, "2026-11-26")


async def test_feedback_and_questions_as_they_stood_that_day(bot: Bot) -> None:
    """Yesterday's briefing counts the feedback nobody had taken by the end of that day and
    lists the questions open then, though both were dealt with today."""
    await bot.checkin(WEDNESDAY)
    await bot.checkin(THURSDAY)
    response_url = bot.slack.response_url()
    for typed, user in (("complaint The parcel came late", ANNA), ("ask Move the sale?", MANAGER)):
        form = slash_command(
            "/smm-feedback", typed, user=user, channel=MARKETING, response_url=response_url
        )
        assert (await bot.sender.post_form(form))[0] == 200
    await bot.settle()
    yesterday_noon = datetime.combine(WEDNESDAY, time(12), bot.settings.zone)
    async with bot.runtime.engine.begin() as connection:  # both came in yesterday
        await connection.execute(update(FeedbackRow).values(created_at=yesterday_noon))
        await connection.execute(update(QuestionRow).values(created_at=yesterday_noon))
    assert await bot.runtime.feedback.take(1, BOB)
    assert await bot.runtime.feedback.close_question(1, MANAGER)
    await bot.settle()

    past = await shown_brief(bot, "yesterday")
    assert "Nobody has taken 1 feedback item yet." in past
    assert "Move the sale? — <@U0MANAGER1>" in past
    now = await shown_brief(bot, "")
    assert "Feedback since 25 November\n• :rage: Complaint: 1" in now  # it came in yesterday
    assert "Nobody has taken" not in now and "Move the sale" not in now


async def test_the_threats_it_shows_have_no_buttons(bot: Bot) -> None:
    """A look back is not a place to act: Resolved / Not a threat are on the posted briefing."""
    prompts = await bot.checkin()
    await bot.reply(SALES, prompts[SALES], "5. An angry customer on VK")
    _, answers = await brief(bot, "", user=MANAGER)
    assert "An angry customer on VK" in shown(answers[0])
    assert [b for a in answers for b in a["blocks"] if b["type"] == "actions"] == []


async def test_a_weekday_in_english(bot: Bot) -> None:
    prompts = await bot.checkin(MONDAY)
    await bot.reply(MARKETING, prompts[MARKETING], "1. The site was down at night")
    for typed in ("monday", "Mon", "понедельник", "пн", "2026-11-23"):
        text = await shown_brief(bot, typed)
        assert text.startswith("SMM briefing · Monday, 23 November 2026"), typed
        assert "The site was down at night" in text
    # today is Thursday: "thursday" is today, and has had no check-in yet
    assert await shown_brief(bot, "thursday") == (
        "No briefing yet: today's check-in (Thursday, 26 November 2026) has not been posted."
    )


@RU
async def test_a_weekday_in_russian(bot: Bot) -> None:
    prompts = await bot.checkin(WEDNESDAY)
    await bot.reply(SALES, prompts[SALES], "2. Зимние сапоги")
    for typed in ("среду", "среда", "ср", "wednesday", "вчера"):
        text = await shown_brief(bot, typed)
        assert text.startswith("SMM-брифинг · среда, 25 ноября 2026"), typed
        assert "Зимние сапоги — <@U0ALICE001>, Продажи" in text
        assert "Маркетинг: никто не ответил" in text
    assert await shown_brief(bot, "суббота") == (
        "Брифинга нет: суббота, 21 ноября 2026 — нерабочий день."
    )


async def test_days_without_a_round_say_so(bot: Bot) -> None:
    await bot.checkin(WEDNESDAY)
    assert await shown_brief(bot, "saturday") == (
        "No briefing for Saturday, 21 November 2026: it is not a workday."
    )
    assert await shown_brief(bot, "2026-11-02") == (  # a workday before the bot's first round
        "No briefing for Monday, 2 November 2026: there was no check-in that day."
    )
    assert await shown_brief(bot, "today") == (
        "No briefing yet: today's check-in (Thursday, 26 November 2026) has not been posted."
    )


@RU
async def test_a_day_without_a_round_in_russian(bot: Bot) -> None:
    assert (
        await shown_brief(bot, "2026-11-24")
        == "Брифинга нет: в этот день (вторник, 24 ноября 2026) вопросы дня не задавались."
    )
    assert await shown_brief(bot, "") == (
        "Брифинга пока нет: сегодняшние вопросы дня (четверг, 26 ноября 2026) ещё не отправлены."
    )


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("tomorrow", "I can't tell which day `tomorrow` is."),
        ("next week please", "I can't tell which day `next week please` is."),
        ("2026-11-27", "`2026-11-27` is still to come: briefings are shown for today and before."),
        ("2026-02-30", "There is no such date as `2026-02-30`."),
        ("@here & @U0BOB00001 <b>",
         "I can't tell which day `@here &amp; @u0bob00001 &lt;b&gt;` is."),
    ],
)  # fmt: skip
async def test_a_bad_day_is_refused_with_the_usage(bot: Bot, typed: str, problem: str) -> None:
    prompts = await bot.checkin()
    await bot.reply(MARKETING, prompts[MARKETING], "2. Winter boots")
    text = await refusal(bot, typed)
    assert text.startswith(f"{problem}\n\n*Usage:* `/smm-brief [day]`")
    assert pings(bot.slack, answers=[text]) == []


async def test_help_shows_the_usage_in_the_bots_language(bot: Bot) -> None:
    text = await refusal(bot, "help")
    assert text.startswith("*Usage:* `/smm-brief [day]`")
    assert "on a Wednesday `monday` is two days ago and `wednesday` is today" in text


async def test_what_people_wrote_is_escaped(bot: Bot) -> None:
    prompts = await bot.checkin()
    await bot.reply(
        MARKETING, prompts[MARKETING],
        "2. Boots for <!channel> <!here> <!subteam^S0SALESGRP|@sales> & <@U0BOB00001> "
        "<https://evil.example|our shop> a<b",
    )  # fmt: skip
    _, answers = await brief(bot, "today")
    sent = json.dumps([a["blocks"] for a in answers], ensure_ascii=False)
    assert "Boots for @channel @here @sales &amp; @U0BOB00001 https://evil.example a&lt;b" in sent
    assert pings(bot.slack, mentioned={"U0ALICE001"}) == []


async def test_a_long_briefing_comes_as_messages_in_order(bot: Bot) -> None:
    prompts = await bot.checkin()
    for number in range(6):
        words = " ".join(f"w{number}-{i}" for i in range(700))  # about 5,000 characters
        await bot.reply(
            SALES, prompts[SALES], f"2. Focus {number}: {words}", user=f"U0SELL{number:04d}"
        )
    _, answers = await brief(bot, "")
    assert len(answers) > 1
    assert "Continued below" in shown(answers[0])
    for number, answer in enumerate(answers[1:], start=2):
        assert shown(answer).startswith(f"Continued, part {number} of {len(answers)}")
    for answer in answers:
        assert len(answer["blocks"]) <= MESSAGE_BLOCKS and text_size(answer["blocks"]) <= 12_000
    text = "\n".join(shown(a) for a in answers)
    positions = [text.index(f"Focus {number}:") for number in range(6)]
    assert positions == sorted(positions)  # nothing lost, in reading order
    assert text.count("w5-699") == 1
