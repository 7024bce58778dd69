"""The ack path does no slow work: what must not be lost is stored and committed, Slack gets
its answer, and the Web API calls come after it."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.db.tables import CommentRow
from bot.simulator.workspace import MARKETING, SALES
from tests.conftest import Bot, shown
from tests.integration.test_collect import replies
from tests.integration.test_feedback import feedback, posts


async def test_a_question_comment_is_stored_and_answered_before_the_posts_are_updated(
    bot: Bot,
) -> None:
    await feedback(bot, "ask Should we announce the new model before alpha testing?")
    copies = {c.args["channel"]: c for c in posts(bot)}
    # A rate-limited Slack: the first update waits out a 2 s Retry-After.
    bot.slack.fail_next("chat.update", status=429, retry_after=2)
    comment = bot.message(MARKETING, copies[MARKETING].response["ts"], "Only after beta")
    started = time.perf_counter()
    status, _ = await bot.send(comment)
    answered = time.perf_counter() - started
    assert status == 200 and answered < 1.0, answered
    async with bot.runtime.engine.connect() as connection:
        stored = await connection.execute(select(func.count()).select_from(CommentRow))
    assert stored.scalar_one() == 1  # committed before the answer

    await bot.slack.wait_for("chat.update", count=3, timeout=10)  # the 429, then both copies
    await bot.settle()
    updated = {c.args["channel"]: shown(c.args) for c in bot.slack.calls_to("chat.update")}
    assert set(updated) == {MARKETING, SALES}
    assert all("comments: 1" in text for text in updated.values())


@pytest.mark.parametrize("copy", ["none yet", "past its ttl"])
async def test_a_reply_naming_someone_is_answered_without_waiting_for_users_list(
    bot: Bot, copy: str
) -> None:
    bot.slack.users = [{"id": f"U{n:09d}", "name": f"p{n}", "profile": {}} for n in range(2000)]
    prompts = await bot.checkin()
    if copy == "past its ttl":
        await bot.runtime.directory.people()  # as the scheduler keeps it warm
        bot.clock.advance(timedelta(minutes=11))
    bot.slack.latency["users.list"] = 0.4  # ten pages: four seconds, past Slack's three
    before = len(bot.slack.calls_to("users.list"))
    reply = bot.message(MARKETING, prompts[MARKETING], "2. boots, ask <@U000000007> for sizes")
    status, _ = await bot.send(reply)
    # A page is asked only once the one before has answered: the answer did not wait for them.
    pages = len(bot.slack.calls_to("users.list")) - before
    assert status == 200 and pages < 10, pages
    asked = [c.args["user"] for c in bot.slack.calls_to("users.info")]
    assert asked == (["U000000007"] if copy == "none yet" else [])  # else the old copy's name
    [stored] = await replies(bot)
    assert stored.text == "2. boots, ask @p7 for sizes"

    bot.slack.latency["users.list"] = 0  # the copy, refreshed in the background meanwhile
    await bot.settle()
    assert len(bot.slack.calls_to("users.list")) - before == 10
