"""Check-in → thread replies → database → digest, through the signed endpoint and a fake Slack."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.db.tables import ReplyRow
from bot.domain.model.common import Outcome
from bot.domain.model.items import AddedAnswers, NewAnswer
from bot.scheduler import jobs
from bot.simulator.sender import event_callback, message_changed
from bot.simulator.web_api import BOT_USER_ID
from bot.simulator.workspace import DIGEST, MARKETING, SALES
from tests.conftest import SATURDAY, THURSDAY, Bot, shown
from tests.payloads import in_our_workspace, load_payload


async def replies(bot: Bot) -> list[ReplyRow]:
    async with bot.runtime.engine.connect() as connection:
        rows = await connection.execute(select(ReplyRow).order_by(ReplyRow.ts))
        return list(rows)  # type: ignore[arg-type]


async def digest_text(bot: Bot) -> str:
    """Publish the day's briefing and return the text Slack last got for it."""
    await bot.runtime.briefings.publish(THURSDAY)
    briefings = [
        c for c in bot.slack.calls
        if c.method in ("chat.postMessage", "chat.update") and c.args["channel"] == DIGEST
        and shown(c.args).startswith("SMM briefing")
    ]  # fmt: skip
    return str(shown(briefings[-1].args))


def adapted(name: str, **event: Any) -> dict[str, Any]:
    """A real payload sample, moved into our workspace, channel and thread."""
    payload = load_payload(name)
    assert isinstance(payload, dict)
    payload["event"].update(event)
    return in_our_workspace(payload)


async def test_checkin_posts_the_five_questions_once_per_channel(bot: Bot) -> None:
    prompts = await bot.checkin()
    assert set(prompts) == {MARKETING, SALES}
    text = shown(bot.slack.calls_to("chat.postMessage")[0].args)
    assert "26 November 2026" in text
    for question in ("overnight", "sales focus", "promotion", "product modification", "reputation"):
        assert question in text
    assert "thread" in text

    await bot.checkin()
    await asyncio.gather(bot.runtime.checkin.ask(THURSDAY), bot.runtime.checkin.ask(THURSDAY))
    assert len(bot.slack.calls_to("chat.postMessage")) == 2


async def test_no_checkin_on_a_day_off_unless_forced(bot: Bot) -> None:
    await bot.runtime.checkin.ask(SATURDAY)
    assert bot.slack.calls_to("chat.postMessage") == []
    await bot.runtime.checkin.ask(SATURDAY, force=True)
    assert len(bot.slack.calls_to("chat.postMessage")) == 2


async def test_a_failed_post_leaves_no_claim_behind(bot: Bot) -> None:
    bot.slack.fail_next("chat.postMessage", error="channel_not_found")
    # The failure is reported for Marketing's channel alone; Sales's is still asked.
    results = await bot.runtime.checkin.ask(THURSDAY)
    assert [(r.channel, r.outcome) for r in results] == [
        (MARKETING, Outcome.FAILED),
        (SALES, Outcome.POSTED),
    ]
    prompts = await bot.checkin()
    assert set(prompts) == {MARKETING, SALES}


async def test_real_thread_reply_sample_is_stored_with_its_answers(bot: Bot) -> None:
    prompts = await bot.checkin()
    payload = adapted(
        "event_thread_reply_user_real_2024.json",
        channel=MARKETING,
        thread_ts=prompts[MARKETING],
        text="1. Site was down for 20 minutes\n2) Winter boots\nand gloves",
    )
    status, _ = await bot.sender.post_event(payload)
    assert status == 200
    [row] = await replies(bot)
    assert (row.channel, row.ts, row.user_id) == (MARKETING, "1712443121.047909", "U024UF2F68H")
    assert row.text.startswith("1. Site was down")
    assert row.received_at.tzinfo is not None

    text = await digest_text(bot)
    assert "Site was down for 20 minutes — <@U024UF2F68H>, Marketing" in text
    assert "Winter boots\nand gloves — <@U024UF2F68H>, Marketing" in text


async def test_every_numbering_style_lands_under_its_question(bot: Bot) -> None:
    prompts = await bot.checkin()
    await bot.reply(SALES, prompts[SALES], "1. quiet night\n2) boots\n3: sale on 1 December")
    await bot.reply(SALES, prompts[SALES], "4 - new colours, date not set\n#5 the angry client")
    text = await digest_text(bot)
    sections = {
        "Today's sales focus": "boots",
        "Upcoming promotions": "sale on 1 December",
        "Product modifications": "new colours",
        "Reputation threats": "the angry client",
        "Overnight": "quiet night",
    }
    for title, answer in sections.items():
        section = text.split(f"\n{title}\n", 1)[1].split("\n\n", 1)[0]
        assert answer in section, (title, section)
        assert "Sales" in section


async def test_unnumbered_reply_is_a_general_note_with_one_hint_per_round(bot: Bot) -> None:
    prompts = await bot.checkin()
    await bot.reply(MARKETING, prompts[MARKETING], "Nothing new from us today", user="U0BOB00001")
    [hint] = await bot.slack.wait_for("chat.postEphemeral")
    assert hint.args["user"] == "U0BOB00001"
    assert hint.args["thread_ts"] == prompts[MARKETING]
    assert "number" in shown(hint.args)

    await bot.reply(SALES, prompts[SALES], "Still nothing", user="U0BOB00001")
    await bot.reply(SALES, prompts[SALES], "2. boots", user="U0BOB00001")
    await bot.settle()  # waits for background hints, so none can be in flight
    assert len(bot.slack.calls_to("chat.postEphemeral")) == 1

    text = await digest_text(bot)
    assert "General notes" in text
    assert "Nothing new from us today — <@U0BOB00001>, Marketing" in text
    assert "Still nothing — <@U0BOB00001>, Sales" in text


async def test_edits_replace_the_answer_and_unfurls_change_nothing(bot: Bot) -> None:
    prompts = await bot.checkin()
    original = await bot.reply(MARKETING, prompts[MARKETING], "2. boots")

    def changed(text: str, edit_ts: str) -> dict[str, Any]:
        return adapted("mercury_messageChange.json", **message_changed(original, text, ts=edit_ts))

    assert (
        await bot.sender.post_event(
            changed("2. winter boots\n3. sale on Friday", "1764160100.000001")
        )
    )[0] == 200
    # An older edit delivered late, and an unfurl (same text), leave the answer as it is.
    await bot.sender.post_event(changed("2. stale", "1764160050.000001"))
    await bot.sender.post_event(changed("2. winter boots\n3. sale on Friday", "1764160200.000001"))

    [row] = await replies(bot)
    assert row.text == "2. winter boots\n3. sale on Friday"
    assert row.edited_at is not None
    text = await digest_text(bot)
    assert "winter boots" in text and "sale on Friday" in text
    assert "stale" not in text and "• boots" not in text


async def test_unfurl_sample_of_an_unknown_message_is_ignored(bot: Bot) -> None:
    await bot.checkin()
    payload = load_payload("mercury_messageChange.json")
    assert isinstance(payload, dict)
    status, _ = await bot.sender.post_event(in_our_workspace(payload))
    assert status == 200
    assert await replies(bot) == []


async def test_deleted_reply_leaves_the_digest_but_keeps_a_tombstone(bot: Bot) -> None:
    prompts = await bot.checkin()
    kept = await bot.reply(MARKETING, prompts[MARKETING], "2. boots")
    gone = await bot.reply(MARKETING, prompts[MARKETING], "2. scarves")
    payload = adapted(
        "mercury_message_deleted.json",
        channel=MARKETING,
        deleted_ts=gone["ts"],
        previous_message=gone,
    )
    assert (await bot.sender.post_event(payload))[0] == 200
    assert (await bot.sender.post_event(payload))[0] == 200  # retried: still fine

    rows = {row.ts: row for row in await replies(bot)}
    assert rows[gone["ts"]].deleted_at is not None and rows[gone["ts"]].text == "2. scarves"
    assert rows[kept["ts"]].deleted_at is None
    text = await digest_text(bot)
    assert "boots" in text and "scarves" not in text


async def test_retries_in_parallel_store_the_reply_once(bot: Bot) -> None:
    prompts = await bot.checkin()
    envelope = event_callback(bot.message(SALES, prompts[SALES], "2. boots"))
    results = await asyncio.gather(
        bot.sender.post_event(envelope),
        *(bot.sender.post_event(envelope, retry_num=n) for n in (1, 2, 3)),
    )
    assert [status for status, _ in results] == [200] * 4
    assert len(await replies(bot)) == 1
    # The same message under a new event id (channel+ts is the second key) is not doubled.
    assert (await bot.sender.post_event(event_callback(envelope["event"])))[0] == 200
    [row] = await replies(bot)
    assert row.event_id == envelope["event_id"]


async def test_forged_and_stale_requests_are_refused_and_store_nothing(bot: Bot) -> None:
    prompts = await bot.checkin()
    event = event_callback(bot.message(SALES, prompts[SALES], "2. boots"))
    forged = "v0=" + "0" * 64
    assert (await bot.sender.post_event(event, signature=forged))[0] == 401
    stale = int(time.time()) - 600
    assert (await bot.sender.post_event(event, timestamp=stale))[0] == 401
    assert await replies(bot) == []


async def test_bots_other_channels_and_other_threads_are_ignored(bot: Bot) -> None:
    prompts = await bot.checkin()
    bot_reply = adapted(
        "mercury_botMessage.json", channel=MARKETING, thread_ts=prompts[MARKETING], ts=bot.next_ts()
    )
    classic = adapted(
        "mercury_message_subtype_bot_message.json",
        channel=MARKETING,
        thread_ts=prompts[MARKETING],
        ts=bot.next_ts(),
    )
    for payload in (bot_reply, classic):
        assert (await bot.sender.post_event(payload))[0] == 200
    await bot.reply("C0ELSEWHRE", prompts[MARKETING], "2. wrong channel")
    await bot.reply(MARKETING, "1764000000.000001", "2. another thread")
    top_level = bot.message(MARKETING, prompts[MARKETING], "2. not in a thread")
    top_level["thread_ts"] = top_level["ts"]
    await bot.send(top_level)
    plain = adapted("mercury_messageExample.json", channel=MARKETING)
    assert (await bot.sender.post_event(plain))[0] == 200
    assert await replies(bot) == []


async def test_reply_to_an_older_round_belongs_to_that_round(bot: Bot) -> None:
    wednesday = await bot.checkin(THURSDAY.replace(day=25))
    thursday = await bot.checkin(THURSDAY)
    assert wednesday != thursday
    await bot.reply(SALES, wednesday[SALES], "2. late answer for Wednesday")
    await bot.reply(SALES, thursday[SALES], "2. today's focus")
    text = await digest_text(bot)
    assert "today's focus" in text and "late answer" not in text


async def test_digest_is_posted_once_then_updated_in_place(bot: Bot) -> None:
    prompts = await bot.checkin()
    first = await bot.runtime.briefings.publish(THURSDAY)
    assert first.outcome == "posted"
    [posted] = [c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == DIGEST]
    assert shown(posted.args).startswith("SMM briefing")
    assert "No answers yet" in shown(posted.args)
    assert posted.args["blocks"][0]["type"] == "header"

    await bot.reply(SALES, prompts[SALES], "2. boots")
    again = await bot.runtime.briefings.publish(THURSDAY)
    assert again.outcome == "updated"
    [update] = bot.slack.calls_to("chat.update")
    assert update.args["ts"] == posted.response["ts"]
    assert "boots — <@U0ALICE001>, Sales" in shown(update.args)
    assert (
        len([c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == DIGEST]) == 1
    )


async def test_digest_skips_days_off(bot: Bot) -> None:
    result = await bot.runtime.briefings.publish(SATURDAY)
    assert result.outcome == "not_workday"
    assert bot.slack.calls == []


async def test_the_last_edit_wins_whatever_order_the_events_arrive_in(bot: Bot) -> None:
    """100 replies, each sent together with its edit (the edit first for half of them): an
    edit arriving while its reply is still being stored is applied, never lost."""
    prompts = await bot.checkin()

    async def reply_and_edit(n: int) -> None:
        original = bot.message(MARKETING, prompts[MARKETING], f"2. draft {n}", f"U0PERSON{n:02d}")
        edited = message_changed(original, f"2. final {n}", ts=f"1764170000.{n:06d}")
        events = [original, edited] if n % 2 else [edited, original]
        for status, body in await asyncio.gather(*(bot.send(event) for event in events)):
            assert status == 200, body

    await asyncio.gather(*(reply_and_edit(n) for n in range(100)))
    texts = {row.user_id: row.text for row in await replies(bot)}
    assert texts == {f"U0PERSON{n:02d}": f"2. final {n}" for n in range(100)}


async def test_a_reply_stored_by_no_delivery_is_read_back_into_the_briefing_once(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database is down through a reply's delivery and Slack's three retries (~5 minutes),
    each answered 500; then Slack gives up. The briefing job reads the thread back first."""
    prompts = await bot.checkin()
    kept = bot.said(MARKETING, prompts[MARKETING], "1. quiet")
    for event in (kept, message_changed(kept, "1. a quiet night", ts=bot.next_ts())):
        assert (await bot.send(event))[0] == 200

    async def down(_: list[NewAnswer]) -> AddedAnswers:
        raise OperationalError("INSERT", {}, Exception("database is unavailable"))

    monkeypatch.setattr(bot.runtime.answers, "add_new", down)
    event = bot.said(MARKETING, prompts[MARKETING], "2. Winter boots", user="U0ANNA0001")
    statuses = [(await bot.send(event))[0]]
    for retry in (1, 2, 3):  # at once, after ~1 min, after ~5 min: then no more
        statuses.append((await bot.send(event, retry_num=retry, retry_reason="http_error"))[0])
    assert statuses == [500] * 4
    monkeypatch.undo()  # the database is back

    [result] = await jobs.digest(bot.runtime, THURSDAY, False)
    assert result.outcome is Outcome.POSTED
    [posted] = [c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == DIGEST]
    assert shown(posted.args).count("Winter boots — <@U0ANNA0001>, Marketing") == 1
    assert await bot.runtime.collector.read_back(THURSDAY)  # again: nothing new
    # The edited reply, stored before (Slack's copy here is its first text), is left alone.
    assert [(row.user_id, row.text) for row in await replies(bot)] == [
        ("U0ALICE001", "1. a quiet night"),
        ("U0ANNA0001", "2. Winter boots"),
    ]


async def test_reading_a_long_thread_back_pages_through_it(bot: Bot) -> None:
    prompts = await bot.checkin()
    for n in range(250):  # none of them delivered
        bot.said(SALES, prompts[SALES], f"2. boots {n}", user=f"U0PERSON{n:03d}")
    assert await bot.runtime.collector.read_thread(SALES, prompts[SALES])
    assert len(await replies(bot)) == 250
    pages = [c for c in bot.slack.calls_to("conversations.replies") if c.args["channel"] == SALES]
    assert [bool(c.args.get("cursor")) for c in pages[-2:]] == [False, True]


async def test_a_thread_that_cannot_be_read_back_still_lets_the_briefing_out(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """The check-in deleted in Slack (thread_not_found), the bot removed from the channel
    (not_in_channel): a warning each, and the briefing goes out all the same."""
    prompts = await bot.checkin()
    bot.slack.messages[MARKETING].clear()
    bot.slack.members[SALES].remove(BOT_USER_ID)
    with caplog.at_level(logging.WARNING, logger="bot.domain.services.collector"):
        [result] = await jobs.digest(bot.runtime, THURSDAY, False)
    assert result.outcome is Outcome.POSTED
    reads = bot.slack.calls_to("conversations.replies")[-2:]
    assert [c.response.get("error") for c in reads] == ["thread_not_found", "not_in_channel"]
    assert [r.getMessage() for r in caplog.records] == [
        f"reading the thread {prompts[MARKETING]} in {MARKETING} back failed",
        f"reading the thread {prompts[SALES]} in {SALES} back failed",
    ]
