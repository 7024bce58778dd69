"""Every message is one real Slack accepts (the simulator refuses what Slack refuses: 50 blocks,
3,000-character sections, ~12,000 characters of blocks…), and nothing is dropped: what does not
fit in a message goes on in its thread, and stays right when the message is updated."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.db.tables import FeedbackRow, TaskRow
from bot.domain.services.briefing import ITEMS_A_SECTION
from bot.simulator.web_api import BOT_USER_ID
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SALES, bot_channels
from bot.slack.kit import MESSAGE_BLOCKS, MESSAGE_CHARS, Pages, readable, section, text_size
from bot.slack.mrkdwn import escape
from bot.slack.notifier import is_continuation
from tests.conftest import THURSDAY, Bot, refused, shown, thread_of
from tests.integration.test_briefing import briefing_text
from tests.integration.test_feedback import feedback, posts
from tests.integration.test_home import open_home, texts
from tests.integration.test_tasks import created, slash, the_task


def shown_thread(bot: Bot, channel: str, ts: str) -> str:
    """The message and the bot's continuations of it, as its readers see them now."""
    messages = thread_of(bot.slack, channel, ts)
    assert messages[0]["ts"] == ts
    parts = [m for m in messages[1:] if is_continuation(m)]
    return "\n".join(readable(m["blocks"]) for m in [messages[0], *parts])


def continuations(bot: Bot, channel: str, ts: str) -> int:
    return sum(is_continuation(m) for m in thread_of(bot.slack, channel, ts))


def answer(person: int, question: int) -> str:
    """A long, recognisable answer: 'p07q3 …' starts it."""
    return f"p{person:02d}q{question} " + " ".join(f"word{n}" for n in range(40))


async def posted_briefing(bot: Bot) -> Any:
    """The day's briefing published once the answers are in: its post (not a continuation)."""
    await bot.settle()
    await briefing_text(bot)
    [briefing] = [
        c for c in posts(bot, DIGEST) if shown(c.args).startswith("SMM briefing") and
        not c.args.get("thread_ts")
    ]  # fmt: skip
    return briefing


async def thirty_answered(bot: Bot) -> tuple[dict[str, str], list[dict[str, Any]], Any]:
    """Thirty people answer every question at length: the check-ins, the replies, the briefing's
    post (its continuations are in its thread)."""
    prompts = await bot.checkin()
    sent = []
    for person in range(30):
        channel = MARKETING if person % 2 else SALES
        text = "\n".join(f"{q}. {answer(person, q)}" for q in range(1, 6))
        sent.append(await bot.reply(channel, prompts[channel], text, user=f"U0P{person:07d}"))
    return prompts, sent, await posted_briefing(bot)


async def test_a_30_person_briefing_is_whole_across_its_thread_and_stays_right(bot: Bot) -> None:
    prompts, sent, briefing = await thirty_answered(bot)
    ts = briefing.response["ts"]
    assert len(briefing.args["text"]) <= 150  # a notification, not a second copy
    whole = shown_thread(bot, DIGEST, ts)
    assert "Continued in the thread" in whole
    for person in range(30):
        for question in range(1, 6):  # a threat is also in what to do today
            expected = 2 if question == 5 else 1
            assert whole.count(f"p{person:02d}q{question} ") == expected, (person, question)
    before = continuations(bot, DIGEST, ts)
    assert before >= 2

    await bot.reply(MARKETING, prompts[MARKETING], f"1. {answer(99, 1)}", user="U0LATE0001")
    await bot.settle()  # the refresh, once a burst of answers has ended
    assert bot.slack.calls_to("chat.update")
    whole = shown_thread(bot, DIGEST, ts)
    assert whole.count("p99q1 ") == 1 and whole.count("p00q1 ") == 1

    for event in sent[2:]:  # all but two answers withdrawn: the thread shrinks with them
        deleted = {
            "type": "message", "subtype": "message_deleted", "hidden": True,
            "channel": event["channel"], "deleted_ts": event["ts"], "ts": bot.next_ts(),
            "previous_message": event,
        }  # fmt: skip
        assert (await bot.send(deleted))[0] == 200
    await bot.settle()  # the refresh, once the burst of deletions has ended
    assert continuations(bot, DIGEST, ts) < before
    whole = shown_thread(bot, DIGEST, ts)
    assert whole.count("p00q2 ") == 1 and "p05q2 " not in whole
    assert refused(bot.slack) == []


async def test_a_refresh_updates_only_the_continuations_that_change(bot: Bot) -> None:
    prompts, _, briefing = await thirty_answered(bot)
    ts = briefing.response["ts"]
    # Late answers to one question, then to others: each refresh compares with the last one.
    for late, (channel, question) in enumerate([(SALES, 2), (SALES, 4), (MARKETING, 1)]):
        before = {m["ts"]: m["blocks"] for m in thread_of(bot.slack, DIGEST, ts)}
        updates = len(bot.slack.calls_to("chat.update"))
        user = f"U0LATE000{late}"
        text = f"{question}. {answer(90 + late, question)}"
        await bot.reply(channel, prompts[channel], text, user=user)
        await bot.settle()  # the refresh
        after = {m["ts"]: m["blocks"] for m in thread_of(bot.slack, DIGEST, ts)}
        assert after.keys() == before.keys()
        changed = {page for page, blocks in after.items() if blocks != before[page]}
        updated = {c.args["ts"] for c in bot.slack.calls_to("chat.update")[updates:]}
        assert 0 < len(changed - {ts}) < len(before) - 1
        assert updated == {ts} | changed  # the message itself, and the pages that changed
        assert f"p{90 + late}q{question} " in shown_thread(bot, DIGEST, ts)
    assert refused(bot.slack) == []


async def test_a_briefing_lists_the_soonest_items_a_section_and_counts_the_rest(
    bot: Bot,
) -> None:
    prompts = await bot.checkin()
    count = ITEMS_A_SECTION + 5
    for n in reversed(range(1, count + 1)):  # the furthest off first: the order is the dates'
        starts = (THURSDAY + timedelta(days=n)).isoformat()
        await bot.reply(MARKETING, prompts[MARKETING], f"3. Sale s{n:03d}s on {starts}")
    briefing = await posted_briefing(bot)
    whole = shown_thread(bot, DIGEST, briefing.response["ts"])
    listed = re.findall(r"Sale s(\d{3})s", whole.split("What to do today")[0])
    assert listed == [f"{n:03d}" for n in range(1, ITEMS_A_SECTION + 1)]
    assert "…and 5 more, further off." in whole
    assert refused(bot.slack) == []


CROWD = "C0CROWD001"


@pytest.mark.parametrize("bot_env", [{"TASK_DM_RATE": "1000"}], indirect=True)
async def test_a_300_person_task_report_names_everyone(bot: Bot) -> None:
    people = [f"U0C{n:07d}" for n in range(300)]
    bot.slack.users = [
        {"id": p, "name": p.lower(), "tz": "Europe/Moscow", "profile": {}} for p in people
    ] + [{"id": MANAGER, "name": "manager", "tz": "Europe/Moscow", "profile": {}}]
    bot.slack.members = bot_channels() | {CROWD: people, DIGEST: [MANAGER, BOT_USER_ID]}
    delivered = await created(bot, f"https://vk.com/wall-1_2 10s #{CROWD}", 300)
    assert len(delivered) == 300
    [progress] = [c for c in posts(bot, MARKETING) if not c.args.get("thread_ts")]
    ts = progress.response["ts"]
    await bot.skip_to((await the_task(bot)).deadline)  # 10 s on
    report = shown_thread(bot, MARKETING, ts)
    assert "No answer: " in report and all(report.count(f"<@{p}>") == 1 for p in people)

    home = texts(await open_home(bot, MANAGER))
    named = [p for p in people if f"<@{p}>" in home]
    assert len(named) == 20 and "and 280 more" in home  # exact
    assert refused(bot.slack) == []


async def test_a_3500_character_link_is_refused_and_a_2000_one_is_shown_everywhere(
    bot: Bot,
) -> None:
    too_long = "https://vk.com/wall-1_2?ref=" + "a" * 3472
    assert len(too_long) == 3500
    answer = await slash(bot, f"{too_long} 10m")
    assert "That link is 3500 characters long; Slack shows links of up to 2000." in answer["text"]
    answer = await feedback(bot, f"complaint Slow site {too_long}")
    assert "That link is 3500 characters long" in answer["text"]
    await bot.settle()
    async with bot.runtime.engine.connect() as connection:
        assert await connection.scalar(select(func.count(TaskRow.id))) == 0
        assert await connection.scalar(select(func.count(FeedbackRow.id))) == 0
    assert posts(bot) == []

    longest = "https://vk.com/wall-1_2?ref=" + "b" * 1972
    bot.slack.users = [
        {"id": "U0ANNA0001", "name": "anna", "tz": "Europe/Moscow", "profile": {}},
        {"id": MANAGER, "name": "manager", "tz": "Europe/Moscow", "profile": {}},
    ]
    bot.slack.members = bot_channels() | {
        MARKETING: ["U0ANNA0001", BOT_USER_ID],
        DIGEST: [MANAGER, BOT_USER_ID],
    }
    delivered = await created(bot, f"{longest} 10s", 1)
    assert longest in delivered["U0ANNA0001"].args["blocks"][0]["text"]["text"]
    await feedback(bot, f"complaint Slow site {longest}")
    assert all(longest in shown(c.args) for c in posts(bot) if c.args["channel"] == SALES)
    assert longest in texts(await open_home(bot, "U0ANNA0001"))
    await bot.skip_to((await the_task(bot)).deadline)  # the report
    assert longest in texts(await open_home(bot, MANAGER))
    assert refused(bot.slack) == []


async def test_a_5000_character_threat_is_shown_whole_and_accepted(bot: Bot) -> None:
    threat = " ".join(f"risk{n}" for n in range(900))
    assert len(threat) > 5000
    prompts = await bot.checkin()
    await bot.reply(SALES, prompts[SALES], f"5. {threat}")
    await bot.settle()
    [alert] = posts(bot, DIGEST)
    assert threat in shown(alert.args).replace("\n", " ")
    assert alert.args["blocks"][-1]["type"] == "actions"  # Resolved / Not a threat
    text = await briefing_text(bot)
    assert threat in text.replace("\n", " ")
    home = texts(await open_home(bot, MANAGER))
    assert "risk0 risk1" in home and "risk899" not in home  # clipped on the tab
    assert refused(bot.slack) == []


def test_thread_pages_keep_to_slacks_limits() -> None:
    """Many big sections are laid out by Slack's block and character limits, none lost."""
    pages = Pages("en")
    for n in range(120):
        pages.add(section(escape(f"line {n} " + "x" * 400)))
    message = pages.message(escape("summary"))
    for page in message.pages:
        assert len(page) <= MESSAGE_BLOCKS and text_size(page) <= MESSAGE_CHARS + 100
    sections: list[Any] = [b for page in message.pages for b in page if b["type"] == "section"]
    assert len(sections) == 120


def test_pages_without_a_thread_follow_each_other_up_to_the_answers_slack_takes() -> None:
    """An ephemeral answer has no thread: the pages come as messages one after another, as
    many as a response_url takes, the first saying how many follow and what did not fit."""
    pages = Pages("en")
    for n in range(100):
        pages.add(section(escape(f"line {n} " + "x" * 400)))
    laid_out = len(pages.message(escape("summary")).pages)
    messages = pages.in_order(escape("summary"), laid_out)
    assert len(messages) == laid_out >= 4
    assert readable(messages[0].blocks).endswith(f"Continued below ({laid_out - 1} more messages).")
    for number, message in enumerate(messages[1:], start=2):
        assert readable(message.blocks).startswith(f"Continued, part {number} of {laid_out}\n")
    every = [b for m in messages for b in m.blocks if b["type"] == "section"]
    assert len(every) == 100 and all(m.thread == () for m in messages)

    cut = pages.in_order(escape("summary"), 2)
    assert len(cut) == 2
    for message in cut:
        assert len(message.blocks) <= MESSAGE_BLOCKS
        assert text_size(message.blocks) <= MESSAGE_CHARS + 100
    assert readable(cut[0].blocks).endswith(
        f"Continued below (1 more message). The rest did not fit ({laid_out - 2} more parts)."
    )
    assert readable(cut[1].blocks).startswith("Continued, part 2 of 2\n")
