"""Nobody can make the bot ping or phish: whatever people type (in a command, a thread reply, an
edit, a form) is re-posted as the text they saw, escaped; only the bot's own mentions notify, and
only links the bot labels itself are links. Every test ends by scanning all the bot sent."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.db.tables import FeedbackRow, TaskRow
from bot.simulator.sender import AsSent, message_changed
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SALES
from bot.slack import ids
from tests.conftest import Bot, pings, shown
from tests.integration.test_briefing import briefing_text
from tests.integration.test_feedback import feedback, posts
from tests.integration.test_home import open_home, texts
from tests.integration.test_tasks import ANNA, BORIS, created, slash, team

__all__ = ["team"]  # the fixture

VICTIM, EVIL = "U0VICTIM01", "U0EVIL0001"
# What an attacker gets to the bot (as sent: `@channel` typed in Slack arrives as `<!channel>`,
# `<!here>` typed as text arrives escaped, a labelled link can be forged).
ATTACK = (
    f"<!channel> site is down &lt;!here&gt; <@{VICTIM}|victor> <!subteam^S0SALES01|@sales-team> "
    "<!everyone> see <https://evil.example/x|vk.com/wall-1_2> now"
)


@pytest.fixture
def people(team: Bot) -> Bot:
    """The team, plus someone to be pinged and someone whose display name is an attack."""
    team.slack.users += [
        {"id": VICTIM, "name": "victor", "profile": {"display_name": "Victor"}},
        {"id": EVIL, "name": "evil", "profile": {"display_name": "<!channel>"}},
    ]
    return team


async def count(bot: Bot, column: Any) -> int:
    async with bot.runtime.engine.connect() as connection:
        return int(await connection.scalar(select(func.count(column))) or 0)


async def test_an_urgent_complaint_cannot_ping_the_departments(people: Bot) -> None:
    await feedback(people, AsSent(f"complaint! {ATTACK}"))
    async with people.runtime.engine.connect() as connection:
        stored = await connection.scalar(select(FeedbackRow.text))
    assert stored == (
        "@channel site is down <!here> @victor @sales-team @everyone see https://evil.example/x now"
    )
    copies = {c.args["channel"]: c.args for c in posts(people)}
    assert set(copies) == {MARKETING, SALES, DIGEST}  # both departments and the threat alert
    section = copies[MARKETING]["blocks"][0]["text"]["text"]
    assert "@channel site is down &lt;!here&gt; @victor" in section  # shown as typed
    assert "@channel site is down <!here> @victor" in shown(copies[DIGEST])
    await briefing_text(people)
    await open_home(people, MANAGER)
    assert pings(people.slack, mentioned={MANAGER}) == []


async def test_a_check_in_answer_is_re_posted_as_the_text_people_saw(people: Bot) -> None:
    prompts = await people.checkin()
    reply = await people.reply(
        SALES, prompts[SALES],
        f"2. Boots\n5. <!channel> <@{VICTIM}> pays bloggers &lt;!everyone&gt; <@{EVIL}> "
        "<!subteam^S0SALES01|@sales>",
        user=BORIS,
    )  # fmt: skip
    await people.settle()
    [alert] = [c for c in posts(people, DIGEST)]
    assert "@channel @Victor pays bloggers <!everyone> @<!channel> @sales" in shown(alert.args)
    text = await briefing_text(people)
    assert "@channel @Victor pays bloggers" in text
    assert "Boots — <@U0BORIS001>, Sales" in text  # the bot's own mention of the author
    edit = message_changed(reply, "5. <!here> now <@U0VICTIM01> again", ts=people.next_ts())
    assert (await people.send(edit))[0] == 200
    await people.settle()
    assert "@here now @Victor again" in await briefing_text(people)
    view = await open_home(people, MANAGER)
    assert "@here now @Victor again" in texts(view)
    await people.runtime.checkin.remind(people.runtime.calendar.today(), force=True)
    assert pings(people.slack, mentioned={BORIS, MANAGER, ANNA}) == []


async def test_forms_take_plain_text_and_refuse_a_disguised_link(bot: Bot) -> None:
    await feedback(bot, "")
    [opened] = bot.slack.calls_to("views.open")

    def submission(text: str, link: str) -> dict[str, Any]:
        values = {
            "kind": {"value": {"type": "static_select", "selected_option": {"value": "complaint"}}},
            "text": {"value": {"type": "plain_text_input", "value": text}},
            "link": {"value": {"type": "url_text_input", "value": link}},
            "departments": {"value": {"type": "checkboxes", "selected_options": []}},
            "urgent": {"value": {"type": "checkboxes", "selected_options": [{"value": "u"}]}},
        }
        view = {**opened.args["view"], "id": "V0FB", "state": {"values": values}}
        return {
            "type": "view_submission", "team": {"id": "T0FAKE"}, "api_app_id": "A0FAKE",
            "user": {"id": MANAGER}, "view": view,
        }  # fmt: skip

    for link in ("<https://evil.example|vk.com>", "javascript:alert(1)"):
        status, body = await bot.sender.post_interaction(submission("Rude courier", link))
        assert "is not a link" in json.loads(body)["errors"]["link"]
    assert await count(bot, FeedbackRow.id) == 0 and posts(bot) == []

    text = "<!here> call now <https://evil.example|vk.com> & <@U0VICTIM01>"
    status, body = await bot.sender.post_interaction(submission(text, "https://vk.com/wall-1_2"))
    assert (status, body) == (200, "")
    await bot.settle()
    [marketing] = posts(bot, MARKETING)
    section = marketing.args["blocks"][0]["text"]["text"]
    assert "&lt;!here&gt; call now &lt;https://evil.example|vk.com&gt; &amp; &lt;@U0V" in section
    assert "<https://vk.com/wall-1_2|VK>" in section  # the link, labelled by the bot
    assert pings(bot.slack, mentioned={MANAGER}) == []


async def test_the_check_in_form_is_echoed_escaped(bot: Bot) -> None:
    prompts = await bot.checkin()
    view = {"callback_id": ids.FORM_VIEW, "id": "V0FORM0001", "type": "modal"}
    view["private_metadata"] = json.dumps({"channel": SALES, "thread_ts": prompts[SALES]})
    values = {"q5": {ids.FORM_TEXT: {"type": "plain_text_input", "value": "<!channel> sue us"}}}
    submission = {
        "type": "view_submission", "team": {"id": "T0FAKE"}, "api_app_id": "A0FAKE",
        "user": {"id": "U0FORM0001"}, "view": {**view, "state": {"values": values}},
    }  # fmt: skip
    assert (await bot.sender.post_interaction(submission))[0] == 200
    await bot.settle()
    [echo] = [c for c in posts(bot, SALES) if c.args.get("thread_ts")]
    assert echo.args["text"].endswith("5. &lt;!channel&gt; sue us")
    [alert] = posts(bot, DIGEST)
    assert "<!channel> sue us" in shown(alert.args)
    await briefing_text(bot)
    assert pings(bot.slack, mentioned={"U0FORM0001"}) == []


@pytest.mark.parametrize(
    ("command", "text", "problem"),
    [
        ("/smm-feedback", "complaint boots broke https://vk.com/wall-1_2&gt;&lt;!here&gt;",
         "`https://vk.com/wall-1_2&gt;&lt;!here&gt;` is not a link"),
        ("/smm-feedback", "complaint boots broke <javascript:alert(1)>",
         "`javascript:alert(1)` is not a link"),
        ("/smm-task", "https://vk.com/wall-1_2&gt;&lt;!here&gt; 10m",
         "`https://vk.com/wall-1_2&gt;&lt;!here&gt;` is not a link to a post"),
        ("/smm-task", "<javascript:alert(1)>", "`javascript:alert(1)` is not a link to a post"),
        ("/smm-task", "https://vk.com/wall-1_2|x", "`https://vk.com/wall-1_2|x` is not a link"),
        ("/smm-task", "https://vk.com/wall-1_2 <!channel>", "I don't understand `@channel`"),
    ],
)  # fmt: skip
async def test_a_bad_link_is_refused_with_the_usage_and_nothing_stored(
    team: Bot, command: str, text: str, problem: str
) -> None:
    if command == "/smm-task":
        answer = await slash(team, AsSent(text))
    else:
        answer = await feedback(team, AsSent(text))
    assert problem in answer["text"] and "Usage" in answer["text"]
    await team.settle()
    assert await count(team, FeedbackRow.id) == 0 and await count(team, TaskRow.id) == 0
    assert team.slack.calls_to("chat.postMessage") == []
    assert pings(team.slack, answers=[answer]) == []


async def test_a_labelled_task_link_is_shown_with_the_bot_s_label(team: Bot) -> None:
    delivered = await created(team, AsSent("<https://evil.example/x|vk.com/wall-1_2> 10m"), 3)
    dm = delivered[ANNA].args["blocks"][0]["text"]["text"]
    assert "<https://evil.example/x|Open the post (Web)>" in dm
    assert pings(team.slack, mentioned={ANNA, BORIS, MANAGER}) == []


async def test_questions_and_the_roll_up_repeat_text_never_pings(bot: Bot) -> None:
    await feedback(bot, AsSent(f"ask <!channel> launch before <@{VICTIM}|victor> tests?"))
    await feedback(bot, AsSent("idea &lt;!here&gt; socks <!subteam^S0SALES01|@sales-team>"))
    question = posts(bot, MARKETING)[0]
    await bot.reply(MARKETING, question.response["ts"], "<!channel> no!", user="U0BORIS001")
    await bot.settle()
    await bot.runtime.feedback.post_rollup(bot.runtime.calendar.today())
    await briefing_text(bot)
    rollup = [c for c in posts(bot) if shown(c.args).startswith("Voice of the customer")]
    assert "<!here> socks @sales-team" in shown(rollup[0].args)
    assert pings(bot.slack, mentioned={MANAGER}) == []
