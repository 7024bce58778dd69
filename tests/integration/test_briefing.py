"""The morning briefing: items with dates, threats, suggestions, reminders, holidays, the form,
and late answers — through the signed endpoint and the fake Slack, in both languages."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from typing import Any

import pytest

from bot.domain.model.common import Outcome
from bot.simulator.sender import message_changed
from bot.simulator.workspace import DIGEST, MARKETING, SALES
from bot.slack import ids
from tests.conftest import MORNING, THURSDAY, Bot, shown
from tests.payloads import button_click

FRIDAY = THURSDAY + timedelta(days=1)
RU = pytest.mark.parametrize("bot_env", [{"BOT_LANGUAGE": "ru"}], indirect=True)


async def briefing_text(bot: Bot, day: date = THURSDAY) -> str:
    """Publish the day's briefing (forced: any day) and return what Slack last got for it."""
    await bot.runtime.briefings.publish(day, force=True)
    header = "SMM-брифинг" if bot.settings.bot_language == "ru" else "SMM briefing"
    calls = [
        c for c in bot.slack.calls
        if c.method in ("chat.postMessage", "chat.update") and c.args["channel"] == DIGEST
        and shown(c.args).startswith(header)
    ]  # fmt: skip
    return str(shown(calls[-1].args))


def section(text: str, title: str) -> str:
    """One section of a briefing's text ('' when the section is left out)."""
    if f"\n{title}\n" not in text:
        return ""
    return text.split(f"\n{title}\n", 1)[1].split("\n\n", 1)[0]


def click(action_id: str, value: str, user: str, channel: str, message_ts: str) -> dict[str, Any]:
    """The real block_actions sample, pointed at our button."""
    return button_click(
        user=user, channel=channel, message_ts=message_ts, action_id=action_id, value=value,
        response_url="https://hooks.slack.com/actions/T0/1/x",
    )  # fmt: skip


async def test_promotions_and_product_changes_become_dated_items(bot: Bot) -> None:
    prompts = await bot.checkin()
    await bot.reply(
        MARKETING, prompts[MARKETING], "3. Winter sale Dec 20–31\n4. Redesign, no date yet"
    )
    await bot.reply(SALES, prompts[SALES], "3. Black Friday tomorrow\n4. New colours 2026-12-01")
    text = await briefing_text(bot)

    promotions = section(text, "Upcoming promotions").splitlines()
    assert promotions == [
        "• Black Friday tomorrow — *tomorrow, 27 November* · Sales",
        "• Winter sale Dec 20–31 — *in 24 days, 20 December* · Marketing",
    ]
    products = section(text, "Product modifications").splitlines()
    assert products == [
        "• New colours 2026-12-01 — *in 5 days, 1 December* · Sales",
        "• Redesign, no date yet — *date not given* · Marketing",
    ]
    todo = section(text, "What to do today")
    assert "“Black Friday tomorrow” starts 27 November: plan a series of announcements" in todo
    assert "“New colours 2026-12-01” is due 1 December: start a teaser series" in todo
    assert "Winter sale" not in todo  # 24 days away: too early to announce


async def test_items_live_until_their_date_and_undated_ones_for_14_days(bot: Bot) -> None:
    monday = date(2026, 11, 9)
    prompts = await bot.checkin(monday)
    await bot.reply(SALES, prompts[SALES], "3. Flash sale on 11.11\n4. New packaging")

    on_the_day = await briefing_text(bot, date(2026, 11, 11))
    assert "Flash sale on 11.11 — *today*" in on_the_day
    assert "Sale on now — “Flash sale on 11.11”" in on_the_day
    assert "Flash sale" not in await briefing_text(bot, date(2026, 11, 12))
    assert "New packaging — *date not given*" in await briefing_text(bot, date(2026, 11, 23))
    assert "New packaging" not in await briefing_text(bot, date(2026, 11, 24))


async def test_an_edited_date_moves_the_item(bot: Bot) -> None:
    prompts = await bot.checkin()
    original = await bot.reply(MARKETING, prompts[MARKETING], "3. Winter sale from 20 December")
    edited = {
        **original,
        "text": "3. Winter sale from 10 December",
        "edited": {"ts": "1764170000.1"},
    }
    event = {
        "type": "message", "subtype": "message_changed", "channel": MARKETING,
        "message": edited, "previous_message": original, "ts": "1764170000.1",
    }  # fmt: skip
    assert (await bot.send(event))[0] == 200
    text = await briefing_text(bot)
    assert "Winter sale from 10 December — *in 14 days, 10 December*" in text
    assert "20 December" not in text


@RU
async def test_russian_dates_and_briefing(bot: Bot) -> None:
    prompts = await bot.checkin()
    await bot.reply(
        MARKETING, prompts[MARKETING],
        "1. Ночью упал сайт\n2. Зимние сапоги\n"
        "3. Распродажа с 20 по 31 декабря\n4. Новая модель в пятницу",
    )  # fmt: skip
    await bot.reply(SALES, prompts[SALES], "3. Осенняя акция с 20 по 30 ноября\n5. никто")
    text = await briefing_text(bot)
    assert text.startswith("SMM-брифинг · четверг, 26 ноября 2026")
    focus = section(text, "Акцент в продажах на сегодня")
    assert "Зимние сапоги — <@U0ALICE001>, Маркетинг" in focus
    promotions = section(text, "Ближайшие акции").splitlines()
    assert promotions == [
        "• Осенняя акция с 20 по 30 ноября — *идёт сейчас, до 30 ноября* · Продажи",
        "• Распродажа с 20 по 31 декабря — *через 24 дня, 20 декабря* · Маркетинг",
    ]
    assert "Новая модель в пятницу — *завтра, 27 ноября*" in section(text, "Модификации продукта")
    assert "Ночью упал сайт" in section(text, "За ночь")
    assert "Сейчас идёт распродажа «Осенняя акция" in section(text, "Что сделать сегодня")
    assert section(text, "Угрозы репутации") == ""  # "никто" opens no threat
    assert bot.slack.calls_to("chat.postMessage")[-1].args["channel"] == DIGEST


@pytest.mark.parametrize("bot_env", [{"SMM_MANAGERS": "U0MANAGER1,U0OTHER001"}], indirect=True)
async def test_a_threat_is_alerted_at_once_and_kept_until_resolved(bot: Bot) -> None:
    prompts = await bot.checkin()
    await bot.reply(
        SALES, prompts[SALES], "5. Ivan P. promises a bad review on VK", user="U0SELLER01"
    )
    [alert] = [
        c
        for c in await bot.slack.wait_for("chat.postMessage", count=3)
        if c.args["channel"] == DIGEST
    ]
    assert "Reputation threat" in shown(alert.args)
    assert "Ivan P. promises a bad review on VK" in shown(alert.args)
    buttons = alert.args["blocks"][-1]["elements"]
    assert [b["action_id"] for b in buttons] == [ids.THREAT_RESOLVE, ids.THREAT_DISMISS]

    text = await briefing_text(bot)
    assert "Ivan P." in section(text, "Reputation threats")
    assert "raised today" in section(text, "Reputation threats")
    assert "prepare a public answer and watch mentions" in section(text, "What to do today")
    friday = await briefing_text(bot, FRIDAY)
    assert "Ivan P. promises a bad review on VK — <@U0SELLER01>, Sales · open for 1 d" in friday

    threat_id = buttons[0]["value"]
    payload = click(ids.THREAT_RESOLVE, threat_id, "U0MANAGER1", DIGEST, alert.response["ts"])
    status, _ = await bot.sender.post_interaction(payload)
    assert status == 200
    await bot.slack.wait_for("chat.update")
    await bot.settle()
    [update] = [
        c for c in bot.slack.calls_to("chat.update") if c.args["ts"] == alert.response["ts"]
    ]
    assert "Resolved by <@U0MANAGER1>" in shown(update.args)
    assert update.args["blocks"][-1]["type"] == "context"  # no buttons any more
    # A second click (another manager, a moment later) changes nothing.
    await bot.sender.post_interaction(
        click(ids.THREAT_DISMISS, threat_id, "U0OTHER001", DIGEST, "1")
    )
    await bot.settle()
    alert_updates = [
        c for c in bot.slack.calls_to("chat.update") if c.args["ts"] == update.args["ts"]
    ]
    assert alert_updates == [update]
    assert section(await briefing_text(bot, FRIDAY + timedelta(days=3)), "Reputation threats") == ""


async def test_a_threat_reworded_or_withdrawn_in_its_answer_changes_its_alert(bot: Bot) -> None:
    prompts = await bot.checkin()
    answer = await bot.reply(SALES, prompts[SALES], "5. A blogger threatens a review")
    await bot.settle()
    [alert] = [c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == DIGEST]

    def alert_now() -> str:
        [message] = [m for m in bot.slack.messages[DIGEST] if m["ts"] == alert.response["ts"]]
        return str(shown(message))

    for text in ("5. A blogger threatens a video review on Friday", "5. Nobody"):
        ts = f"{bot.clock().timestamp():.6f}"
        assert (await bot.send(message_changed(answer, text, ts=ts)))[0] == 200
        await bot.settle()
        if text != "5. Nobody":
            assert "A blogger threatens a video review on Friday" in alert_now()
    assert "Withdrawn: <@U0ALICE001> edited the answer, it no longer names a threat" in alert_now()
    [message] = [m for m in bot.slack.messages[DIGEST] if m["ts"] == alert.response["ts"]]
    assert message["blocks"][-1]["type"] == "context"  # no buttons any more
    assert section(await briefing_text(bot), "Reputation threats") == ""


async def test_not_a_threat_closes_it_too(bot: Bot) -> None:
    prompts = await bot.checkin()
    await bot.reply(MARKETING, prompts[MARKETING], "#5 a troll in the comments")
    [alert] = [
        c
        for c in await bot.slack.wait_for("chat.postMessage", count=3)
        if c.args["channel"] == DIGEST
    ]
    threat_id = alert.args["blocks"][-1]["elements"][1]["value"]
    await bot.sender.post_interaction(
        click(ids.THREAT_DISMISS, threat_id, "U0MANAGER1", DIGEST, alert.response["ts"])
    )
    await bot.slack.wait_for("chat.update")
    await bot.settle()
    [update] = [
        c for c in bot.slack.calls_to("chat.update") if c.args["ts"] == alert.response["ts"]
    ]
    assert "Not a threat, said <@U0MANAGER1>" in shown(update.args)
    assert "troll" not in section(await briefing_text(bot), "Reputation threats")


async def test_a_late_answer_updates_the_posted_briefing(bot: Bot) -> None:
    prompts = await bot.checkin()
    first = await briefing_text(bot)
    assert "Marketing: nobody has answered yet" in section(first, "Who has answered")
    await bot.reply(MARKETING, prompts[MARKETING], "2. Late but important: boots")
    await bot.settle()  # the refresh after a burst of answers
    [update] = bot.slack.calls_to("chat.update")
    assert "Late but important: boots" in section(shown(update.args), "Today's sales focus")
    assert "Marketing: <@U0ALICE001>" in shown(update.args)
    assert "Sales: nobody has answered yet" in shown(update.args)


FRIDAY = THURSDAY + timedelta(days=1)


def last_shown(bot: Bot, day: date) -> str:
    """The day's briefing as Slack shows it now."""
    ts = next(
        c.response["ts"] for c in bot.slack.calls_to("chat.postMessage")
        if c.args["channel"] == DIGEST and c.response and c.response["ok"]
        and f"digest:{day}" in json.dumps(c.args.get("metadata"))
    )  # fmt: skip
    [message] = [m for m in bot.slack.messages[DIGEST] if m["ts"] == ts]
    return str(shown(message))


async def test_an_edit_of_yesterdays_answer_updates_todays_briefing_too(bot: Bot) -> None:
    """Yesterday's dated promotion is in today's briefing: corrected, it is corrected there."""
    thursday = await bot.checkin(THURSDAY)
    original = await bot.reply(MARKETING, thursday[MARKETING], "3. Winter sale from 20 December")
    await briefing_text(bot, THURSDAY)
    await bot.skip_to(MORNING + timedelta(days=1))  # Friday
    await bot.checkin(FRIDAY)
    assert "Winter sale from 20 December" in await briefing_text(bot, FRIDAY)
    edit = message_changed(
        original, "3. Winter sale from 1 December", ts=f"{bot.clock().timestamp():.6f}"
    )
    assert (await bot.send(edit))[0] == 200
    await bot.settle()
    assert "Winter sale from 1 December" in last_shown(bot, THURSDAY)
    assert "Winter sale from 1 December" in last_shown(bot, FRIDAY)


async def test_an_answer_that_comes_while_the_briefing_is_posted_shows_in_it(bot: Bot) -> None:
    prompts = await bot.checkin()
    bot.slack.latency["chat.postMessage"] = 0.5  # a slow Slack: the answer overtakes the post
    publishing = asyncio.ensure_future(bot.runtime.briefings.publish(THURSDAY, force=True))
    await bot.slack.wait_for("chat.postMessage", count=3)  # the two check-ins, the briefing
    await bot.reply(MARKETING, prompts[MARKETING], "2. Late but important: boots")
    await bot.settle()
    assert (await publishing).outcome is Outcome.POSTED
    await bot.settle()
    assert "Late but important: boots" in last_shown(bot, THURSDAY)


@pytest.mark.parametrize(
    "bot_env",
    [{"MARKETING_RESPONDERS": "U0ALICE001,U0BOB00001,U0CAROL001,S0DESIGN01"}],
    indirect=True,
)
async def test_reminders_tag_only_missing_roster_members_who_are_not_away(bot: Bot) -> None:
    bot.slack.users = [
        {"id": "U0ALICE001", "name": "alice", "profile": {}},
        {"id": "U0BOB00001", "name": "bob", "profile": {}},
        {"id": "U0CAROL001", "name": "carol",
         "profile": {"status_emoji": ":palm_tree:", "status_text": "Vacation"}},
        {"id": "U0DAN00001", "name": "dan", "profile": {"status_text": "отпуск до 1 декабря"}},
        {"id": "U0ERIN0001", "name": "erin", "profile": {}},
    ]  # fmt: skip
    bot.slack.usergroups = {"S0DESIGN01": ["U0DAN00001", "U0ERIN0001"]}
    prompts = await bot.checkin()
    await bot.reply(MARKETING, prompts[MARKETING], "2. boots")

    await bot.runtime.checkin.remind(THURSDAY)
    reminders = [c for c in bot.slack.calls_to("chat.postMessage") if c.args.get("thread_ts")]
    by_channel = {c.args["channel"]: c.args for c in reminders}
    assert by_channel[MARKETING]["thread_ts"] == prompts[MARKETING]
    assert by_channel[MARKETING]["text"] == (
        "Friendly reminder: <@U0BOB00001>, <@U0ERIN0001>, "
        "please answer today's questions in this thread."
    )
    # No roster in sales, and nobody answered there: one gentle nudge to all.
    assert by_channel[SALES]["thread_ts"] == prompts[SALES]
    assert "Nobody has answered yet" in by_channel[SALES]["text"]

    await bot.runtime.checkin.remind(THURSDAY)  # once a day
    assert len([c for c in bot.slack.calls_to("chat.postMessage") if c.args.get("thread_ts")]) == 2
    assert len(bot.slack.calls_to("users.list")) == 1


@pytest.mark.parametrize("bot_env", [{"HOLIDAY_COUNTRY": "RU"}], indirect=True)
async def test_nothing_is_posted_on_a_public_holiday(bot: Bot) -> None:
    unity_day = date(2026, 11, 4)  # a Wednesday, a public holiday in Russia
    await bot.runtime.checkin.ask(unity_day)
    await bot.runtime.checkin.remind(unity_day)
    result = await bot.runtime.briefings.publish(unity_day)
    assert result.outcome == "not_workday"
    assert bot.slack.calls == []
    await bot.runtime.checkin.ask(unity_day + timedelta(days=1))
    assert len(bot.slack.calls_to("chat.postMessage")) == 2


async def test_answering_in_the_form_is_stored_like_a_thread_reply(bot: Bot) -> None:
    prompts = await bot.checkin()
    checkin = next(c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == SALES)
    [button] = checkin.args["blocks"][-1]["elements"]
    payload = click(button["action_id"], button["value"], "U0FORM0001", SALES, prompts[SALES])
    assert (await bot.sender.post_interaction(payload))[0] == 200
    [opened] = await bot.slack.wait_for("views.open")
    view = opened.args["view"]
    assert opened.args["trigger_id"] == payload["trigger_id"]
    assert view["callback_id"] == ids.FORM_VIEW

    values = {
        "q2": {ids.FORM_TEXT: {"type": "plain_text_input", "value": "Winter boots"}},
        "q3": {ids.FORM_TEXT: {"type": "plain_text_input", "value": "Boots sale"}},
        "q3-date": {ids.FORM_DATE: {"type": "datepicker", "selected_date": "2026-12-20"}},
    }
    submission = {
        "type": "view_submission", "team": {"id": "T0FAKE"}, "api_app_id": "A0FAKE",
        "user": {"id": "U0FORM0001"}, "trigger_id": "1.2.3",
        "view": {**view, "id": "V0FORM0001", "state": {"values": values}},
    }  # fmt: skip
    status, body = await bot.sender.post_interaction(submission)
    assert (status, body) == (200, "")
    await bot.settle()
    [echo] = [c for c in bot.slack.calls_to("chat.postMessage") if c.args.get("thread_ts")]
    assert echo.args["channel"] == SALES and echo.args["thread_ts"] == prompts[SALES]
    assert "<@U0FORM0001>" in shown(echo.args) and "2. Winter boots" in shown(echo.args)

    text = await briefing_text(bot)
    assert "Winter boots — <@U0FORM0001>, Sales" in section(text, "Today's sales focus")
    assert "Boots sale (2026-12-20) — *in 24 days, 20 December*" in text

    empty = {**submission, "view": {**submission["view"], "state": {"values": {}}}}
    status, body = await bot.sender.post_interaction(empty)
    assert status == 200 and json.loads(body)["response_action"] == "errors"
