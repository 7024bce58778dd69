"""/smm-feedback through the signed endpoint and the fake Slack: items, routing, urgency,
bad input, long texts, Taken/Done on every copy, the form, list, stats, the weekly roll-up,
and coordination questions with votes and comments."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.db.tables import FeedbackRow
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SALES
from bot.slack import ids
from bot.slack.kit import readable
from bot.slack.views.briefing import briefing_message
from tests.conftest import THURSDAY, Bot, shown
from tests.payloads import button_click, slash_command

CUSTOMER_POST = "https://vk.com/wall-1_77"


async def feedback(
    bot: Bot, typed: str, user: str = MANAGER, names: dict[str, str] | None = None
) -> dict[str, Any]:
    """/smm-feedback with what the person typed, as Slack sends it (see `sender.escaped`)."""
    response_url = bot.slack.response_url()
    form = slash_command(
        "/smm-feedback", typed, user=user, channel=DIGEST, response_url=response_url, names=names
    )
    status, body = await bot.sender.post_form(form)
    assert status == 200, body
    await bot.settle()
    return json.loads(body) if body else {}


async def read(bot: Bot, text: str) -> str:
    """list and stats: acked at once, answered through response_url after the database read."""
    assert await feedback(bot, text) == {}
    answer = bot.slack.calls_to("response_url")[-1].args
    assert answer["response_type"] == "ephemeral"
    return str(answer["text"])


def posts(bot: Bot, channel: str | None = None) -> list[Any]:
    return [
        c for c in bot.slack.calls_to("chat.postMessage")
        if channel is None or c.args["channel"] == channel
    ]  # fmt: skip


def last_response(bot: Bot) -> str:
    return str(bot.slack.calls_to("response_url")[-1].args["text"])


async def click(bot: Bot, post: Any, action_id: str, value: str, user: str) -> None:
    payload = button_click(
        user=user, channel=post.args["channel"], message_ts=post.response["ts"],
        action_id=action_id, value=value, response_url=bot.slack.response_url(),
    )  # fmt: skip
    assert (await bot.sender.post_interaction(payload))[0] == 200
    await bot.settle()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("question Where can I buy the blue boots?", ":question: *Question*"),
        ("вопрос Где купить синие сапоги?", ":question: *Question*"),
        ("complaint The parcel came late", ":rage: *Complaint*"),
        ("жалоба Посылка опоздала", ":rage: *Complaint*"),
        ("praise Love the new colours", ":heart: *Praise*"),
        ("похвала Отличный сервис", ":heart: *Praise*"),
        (
            "competitor Asks about our prices, profile made yesterday",
            ":detective: *Competitor's scout*",
        ),
        ("конкурент Спрашивает про закупочные цены", ":detective: *Competitor's scout*"),
        ("review Honest review of the boots", ":memo: *Review*"),
        ("отзыв Честный отзыв", ":memo: *Review*"),
        ("idea Sell socks with the boots", ":bulb: *Idea*"),
        ("идея Продавать носки вместе с сапогами", ":bulb: *Idea*"),
    ],
)
async def test_each_kind_reaches_both_departments(bot: Bot, text: str, label: str) -> None:
    answer = await feedback(bot, f"{text} {CUSTOMER_POST}")
    assert answer == {"response_type": "ephemeral", "text": "Sending…"}
    assert last_response(bot) == "Feedback #1 sent to Marketing, Sales."
    sent = {c.args["channel"]: c.args for c in posts(bot)}
    assert set(sent) == {MARKETING, SALES}
    message = shown(sent[MARKETING])
    assert message.startswith(f"{label} from <@{MANAGER}>")
    assert f"<{CUSTOMER_POST}|VK>" in message
    buttons = [b["action_id"] for b in sent[SALES]["blocks"][-1]["elements"]]
    assert buttons == [ids.FEEDBACK_TAKE, ids.FEEDBACK_DONE]


async def test_a_user_group_picked_by_its_handle_routes_like_the_word(bot: Bot) -> None:
    """With a @sales user group, Slack sends `<!subteam^S…|@sales>` for it."""
    await feedback(bot, "@S0SALESGRP praise Great courier!", names={"S0SALESGRP": "sales"})
    [post] = posts(bot)
    assert post.args["channel"] == SALES
    assert "Great courier!" in post.args["text"] and "subteam" not in post.args["text"]


async def test_routing_to_one_department_and_urgency(bot: Bot) -> None:
    await feedback(bot, "@sales praise Great courier!")
    assert [c.args["channel"] for c in posts(bot)] == [SALES]
    await feedback(bot, "complaint! The boots fell apart after a week @marketing")
    [alert] = [c for c in posts(bot) if c.args["channel"] == DIGEST]
    assert "Reputation threat* from the SMM team" in shown(alert.args)
    assert "The boots fell apart after a week" in shown(alert.args)
    assert sorted(c.args["channel"] for c in posts(bot)[1:]) == sorted([MARKETING, DIGEST])
    urgent = next(c for c in posts(bot) if c.args["channel"] == MARKETING)
    assert ":rotating_light: *urgent*" in shown(urgent.args)
    await feedback(bot, "срочно похвала Всё отлично")  # urgent praise: no threat
    assert len([c for c in posts(bot) if c.args["channel"] == DIGEST]) == 1

    tomorrow = bot.runtime.calendar.today() + timedelta(days=1)
    briefing = await bot.runtime.briefings.compose(tomorrow)
    assert [t.text for t in briefing.threats] == ["The boots fell apart after a week"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("gossip Someone said something", "`gossip` is not a kind of feedback."),
        ("complaint", "Write what the customers said after the kind."),
        ("complaint @sales !", "Write what the customers said after the kind."),
        ("question Where? https://broken/link", "is not a link"),
        ("ask", "Write the question after `ask`."),
        ("list 12d", "is not a period"),
    ],
)
async def test_bad_input_names_the_problem_and_the_kinds(bot: Bot, text: str, problem: str) -> None:
    answer = await feedback(bot, text)
    assert answer["response_type"] == "ephemeral"
    assert problem in answer["text"]
    assert "Kinds: question (вопрос), complaint (жалоба)" in answer["text"]
    assert posts(bot) == []
    async with bot.runtime.engine.connect() as connection:
        assert list(await connection.execute(select(FeedbackRow.id))) == []


async def test_a_long_text_is_stored_whole_and_shown_cut(bot: Bot) -> None:
    long = "\n".join(f"Line {n}: " + "x" * 90 for n in range(100))
    assert len(long) > 9_000
    await feedback(bot, f"review {long}")
    async with bot.runtime.engine.connect() as connection:
        stored = await connection.scalar(select(FeedbackRow.text))
    assert stored == long
    section = posts(bot, MARKETING)[0].args["blocks"][0]["text"]["text"]
    assert len(section) <= 3000 and section.endswith("…")


async def test_taken_and_done_update_every_posted_copy(bot: Bot) -> None:
    await feedback(bot, "question Do you ship to Kazan?")
    marketing, sales = posts(bot, MARKETING)[0], posts(bot, SALES)[0]
    await click(bot, marketing, ids.FEEDBACK_TAKE, "1", "U0SELLER01")
    updates = {c.args["ts"]: c.args for c in bot.slack.calls_to("chat.update")}
    assert set(updates) == {marketing.response["ts"], sales.response["ts"]}
    for copy in updates.values():
        assert "Taken by <@U0SELLER01>" in shown(copy)
        assert [b["action_id"] for b in copy["blocks"][-1]["elements"]] == [ids.FEEDBACK_DONE]
    await click(bot, sales, ids.FEEDBACK_TAKE, "1", "U0OTHER001")  # taken already: nothing
    assert len(bot.slack.calls_to("chat.update")) == 2
    await click(bot, sales, ids.FEEDBACK_DONE, "1", "U0OTHER001")
    done = bot.slack.calls_to("chat.update")[2:]
    assert {c.args["ts"] for c in done} == {marketing.response["ts"], sales.response["ts"]}
    assert all(c.args["blocks"][-1]["type"] == "context" for c in done)
    assert all("Done: <@U0OTHER001>" in shown(c.args) for c in done)


async def test_the_form_path(bot: Bot) -> None:
    answer = await feedback(bot, "")
    assert answer == {}
    [opened] = bot.slack.calls_to("views.open")
    view = opened.args["view"]
    assert view["callback_id"] == ids.FEEDBACK_FORM

    def submission(link: str | None) -> dict[str, Any]:
        values = {
            "kind": {"value": {"type": "static_select", "selected_option": {"value": "complaint"}}},
            "text": {"value": {"type": "plain_text_input", "value": "Rude courier"}},
            "link": {"value": {"type": "url_text_input", "value": link}},
            "departments": {
                "value": {"type": "checkboxes", "selected_options": [{"value": "sales"}]}
            },
            "urgent": {"value": {"type": "checkboxes", "selected_options": []}},
        }
        return {
            "type": "view_submission", "team": {"id": "T0FAKE"}, "api_app_id": "A0FAKE",
            "user": {"id": MANAGER}, "view": {**view, "id": "V0FB", "state": {"values": values}},
        }  # fmt: skip

    status, body = await bot.sender.post_interaction(submission("not a link"))
    assert json.loads(body)["errors"]["link"].endswith(
        "is not a link: give a plain https:// address, without spaces, angle brackets or |."
    )
    assert posts(bot) == []
    status, body = await bot.sender.post_interaction(submission(CUSTOMER_POST))
    assert (status, body) == (200, "")
    await bot.settle()
    [item] = posts(bot, SALES)
    assert shown(item.args).startswith(":rage: *Complaint* from")
    [confirmation] = posts(bot, MANAGER)
    assert shown(confirmation.args) == "Feedback #1 sent to Sales."


async def test_list_and_stats(bot: Bot) -> None:
    await feedback(bot, "question Delivery to Kazan?")
    await feedback(bot, "complaint Late parcel")
    await feedback(bot, "@sales complaint Wrong size")
    await click(bot, posts(bot, MARKETING)[0], ids.FEEDBACK_TAKE, "1", "U0SELLER01")
    listing = await read(bot, "list complaint")
    assert listing.splitlines() == [
        "*Feedback, last 7 days*",
        "• #3 :rage: Wrong size · not taken",
        "• #2 :rage: Late parcel · not taken",
    ]
    assert "taken by <@U0SELLER01>" in await read(bot, "список 30d")
    stats = await read(bot, "stats")
    assert "3 items · 0 urgent · 1 taken · 0 done" in stats
    assert "• :rage: Complaint: 2" in stats and "• Sales: 3" in stats and "• Marketing: 2" in stats


async def test_the_weekly_roll_up_compares_with_the_week_before(bot: Bot) -> None:
    for text in ("complaint A", "complaint B", "praise C", "idea D", "complaint E"):
        await feedback(bot, text)
    async with bot.runtime.engine.begin() as connection:  # two items were last week's
        week_ago = bot.runtime.calendar.now() - timedelta(days=8)
        await connection.execute(
            update(FeedbackRow).where(FeedbackRow.id.in_([4, 5])).values(created_at=week_ago)
        )
    await click(bot, posts(bot, MARKETING)[0], ids.FEEDBACK_TAKE, "1", "U0SELLER01")
    today = bot.runtime.calendar.today()
    results = await bot.runtime.feedback.post_rollup(today)
    assert [r.outcome for r in results] == ["posted", "posted"]
    rollup = [c for c in posts(bot) if shown(c.args).startswith("Voice of the customer")]
    assert {c.args["channel"] for c in rollup} == {MARKETING, SALES}
    text = shown(rollup[0].args)
    assert ":rage: Complaint: 2 (the week before: 1)" in text
    assert ":heart: Praise: 1 (the week before: 0)" in text
    assert ":bulb: Idea: 0 (the week before: 1)" in text
    assert "Not taken yet: 4" in text
    assert await bot.runtime.feedback.post_rollup(today) != results  # once a week
    assert len([c for c in posts(bot) if shown(c.args).startswith("Voice")]) == 2

    briefing = await bot.runtime.briefings.compose(today + timedelta(days=1))
    assert briefing.untaken == 4
    text = readable(briefing_message("en", briefing).blocks)
    assert "Nobody has taken 4 feedback items yet." in text


async def test_a_coordination_question_with_votes_comments_and_close(bot: Bot) -> None:
    answer = await feedback(
        bot, "ask Should we announce the new model before alpha testing?", user="U0ANNA0001"
    )
    assert "Only the SMM managers can ask the departments." in answer["text"]
    await feedback(bot, "ask Should we announce the new model before alpha testing?")
    assert last_response(bot) == "Question #1 sent to marketing and sales."
    copies = {c.args["channel"]: c for c in posts(bot)}
    assert set(copies) == {MARKETING, SALES}
    marketing = copies[MARKETING]
    actions = [b["action_id"] for b in marketing.args["blocks"][-1]["elements"]]
    assert actions == [
        "question_vote_yes",
        "question_vote_no",
        "question_vote_discuss",
        ids.QUESTION_CLOSE,
    ]

    await click(bot, marketing, "question_vote_yes", "1", "U0ANNA0001")
    await click(bot, copies[SALES], "question_vote_no", "1", "U0ANNA0001")  # changed her mind
    await click(bot, copies[SALES], "question_vote_discuss", "1", "U0BORIS001")
    await bot.reply(
        MARKETING, marketing.response["ts"], "Only after beta, please", user="U0BORIS001"
    )
    await bot.settle()
    latest = {c.args["ts"]: shown(c.args) for c in bot.slack.calls_to("chat.update")}
    for copy in copies.values():
        assert "Yes: 0 · No: 1 · Let's discuss: 1 · comments: 1" in latest[copy.response["ts"]]

    briefing = await bot.runtime.briefings.compose(THURSDAY)
    assert [q.text for q in briefing.questions] == [
        "Should we announce the new model before alpha testing?"
    ]
    await click(bot, marketing, ids.QUESTION_CLOSE, "1", "U0BORIS001")
    assert last_response(bot) == "Only the one who asked can close this question."
    await click(bot, marketing, ids.QUESTION_CLOSE, "1", MANAGER)
    latest = {c.args["ts"]: c.args for c in bot.slack.calls_to("chat.update")}
    closed = latest[copies[SALES].response["ts"]]
    assert f"Closed by <@{MANAGER}>" in shown(closed)
    assert closed["blocks"][-1]["type"] == "context"
    assert (await bot.runtime.briefings.compose(THURSDAY)).questions == []
    await click(bot, marketing, "question_vote_yes", "1", "U0VERA0001")
    assert last_response(bot) == "This question is closed."
