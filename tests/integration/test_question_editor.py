"""Managers edit a department's questions in Slack: App Home → a modal of rows → stored,
announced in the digest channel, asked from the next check-in on (after a restart too),
while a round already posted keeps the questions it asked."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from bot.domain.model.common import Department
from bot.simulator.clock import StagedClock
from bot.simulator.web_api import FakeSlack
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING
from bot.slack import ids
from tests.conftest import THURSDAY, Bot, running, shown
from tests.integration.test_briefing import briefing_text, section
from tests.integration.test_home import open_home, texts
from tests.integration.test_questions import prompt_of

FRIDAY = THURSDAY + timedelta(days=1)
ANNA = "U0ALICE001"


async def opened_editor(bot: Bot, user: str, department: str = "marketing") -> dict[str, Any]:
    """Open the App Home as a manager, click the department's button; the view opened."""
    home = await open_home(bot, MANAGER)
    [buttons] = [
        b["elements"] for b in home["blocks"]
        if b["type"] == "actions" and b["elements"][0]["action_id"].startswith(ids.QUESTIONS_EDIT)
    ]  # fmt: skip
    [button] = [b for b in buttons if b["value"] == department]
    trigger = bot.slack.trigger_id()
    click = {
        "type": "block_actions", "user": {"id": user}, "api_app_id": "A0FAKE",
        "team": {"id": "T0FAKE"}, "trigger_id": trigger, "container": {"type": "view"},
        "view": {**home, "id": "VHOME"},
        "actions": [{"action_id": button["action_id"], "value": department, "type": "button"}],
    }  # fmt: skip
    before = len(bot.slack.calls_to("views.open"))
    assert (await bot.sender.post_interaction(click))[0] == 200
    await bot.settle()
    [opened] = bot.slack.calls_to("views.open")[before:]
    assert opened.response and opened.response["ok"], opened.response
    assert opened.args["trigger_id"] == trigger
    view: dict[str, Any] = opened.args["view"]
    return view


def filled(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The modal's state as Slack sends it when submitted untouched."""
    values: dict[str, dict[str, Any]] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        if element["type"] == "static_select":
            state = {"type": "static_select", "selected_option": element.get("initial_option")}
        else:
            state = {"type": "plain_text_input", "value": element.get("initial_value")}
        values[block["block_id"]] = {element["action_id"]: state}
    return values


def typed(values: dict[str, dict[str, Any]], block_id: str, text: str | None) -> None:
    [state] = values[block_id].values()
    if state["type"] == "static_select":
        state["selected_option"] = None if text is None else {"value": text}
    else:
        state["value"] = text


async def submit(
    bot: Bot, view: dict[str, Any], values: dict[str, dict[str, Any]], user: str = MANAGER
) -> dict[str, Any] | None:
    """Submit the modal; Slack's reply (None: an empty 200, the modal closes)."""
    submission = {
        "type": "view_submission", "team": {"id": "T0FAKE"}, "api_app_id": "A0FAKE",
        "user": {"id": user}, "trigger_id": "1.2.3",
        "view": {**view, "id": "V0QUESTION", "state": {"values": values}},
    }  # fmt: skip
    status, body = await bot.sender.post_interaction(submission)
    assert status == 200, body
    await bot.settle()
    return json.loads(body) if body else None


def redrawn_home(bot: Bot, before: int, user: str = MANAGER) -> str:
    """The one Home tab published to `user` since `before` views.publish calls, as read."""
    [published] = bot.slack.calls_to("views.publish")[before:]
    assert published.args["user_id"] == user and published.response, published.response
    assert published.response["ok"], published.response
    return texts(published.args["view"])


def announcements(bot: Bot) -> list[str]:
    return [
        shown(c.args) for c in bot.slack.calls_to("chat.postMessage")
        if c.args["channel"] == DIGEST and "check-in questions" in shown(c.args)
    ]  # fmt: skip


async def test_a_manager_rewords_a_question_from_the_next_check_in_on(
    clean_db: str, slack: FakeSlack, clock: StagedClock
) -> None:
    async with running(clean_db, slack, {}, clock) as bot:
        thursday = await bot.checkin()
        view = await opened_editor(bot, MANAGER)
        assert view["callback_id"] == ids.QUESTIONS_VIEW
        assert view["title"]["text"] == "Marketing: questions"
        values = filled(view)
        assert len(values) == 60  # ten rows of five fields and a position
        assert values["q4-position"][ids.QUESTIONS_VALUE]["selected_option"]["value"] == "4"
        assert values["q2-en"][ids.QUESTIONS_VALUE]["value"] == (
            "What is the sales focus today — what are we pushing?"
        )
        assert values["q5-kind"][ids.QUESTIONS_VALUE]["selected_option"]["value"] == "threat"
        assert values["q6-en"][ids.QUESTIONS_VALUE]["value"] is None

        # Question 2 reworded into a titled text question; question 5 removed.
        typed(values, "q2-en", "Which <deals> & offers close this week?")
        typed(values, "q2-ru", "Какие сделки закрываются на этой неделе?")
        typed(values, "q2-kind", "text")
        typed(values, "q2-title_en", "Deals closing")
        typed(values, "q2-title_ru", "Закрываются сделки")
        for field in ("en", "ru", "kind"):
            typed(values, f"q5-{field}", None)
        published = len(bot.slack.calls_to("views.publish"))
        assert await submit(bot, view, values) is None

        # The modal is closed: the manager's Home is redrawn with the new set, and says so.
        home = redrawn_home(bot, published)
        assert home.startswith(
            f":white_check_mark: The Marketing questions are saved and announced in <#{DIGEST}>"
        )
        marketing = home.split("*Marketing · 4 questions*\n", 1)[1].split("\n*Sales", 1)[0]
        assert marketing.splitlines() == [
            "*1.* What happened overnight? — _Overnight news_",
            "*2.* Which &lt;deals&gt; &amp; offers close this week? — _Text under its heading_: "
            "“Deals closing”",
            "*3.* When is the next consumer promotion? — _A promotion (dated)_",
            "*4.* When is the next product modification due? — _A product modification (dated)_",
        ]
        assert "*Sales · 5 questions*" in home

        [announcement] = announcements(bot)
        assert announcement.startswith(
            f"<@{MANAGER}> changed the Marketing check-in questions. From the next check-in:"
        )
        assert "*2.* Which &lt;deals&gt; &amp; offers close this week?" in announcement
        assert "*4.*" in announcement and "*5.*" not in announcement

        # Thursday's round still reads by Thursday's set: 2 is the focus, 5 a threat.
        await bot.reply(MARKETING, thursday[MARKETING], "2. Winter boots\n5. A blogger is angry")
        await bot.settle()
        text = await briefing_text(bot)
        assert "Winter boots — <@U0ALICE001>, Marketing" in section(text, "Today's sales focus")
        assert "A blogger is angry" in section(text, "Reputation threats")
        # The editor now shows the stored set.
        again = filled(await opened_editor(bot, MANAGER))
        assert again["q2-title_en"][ids.QUESTIONS_VALUE]["value"] == "Deals closing"

    # Another process (a restart, a replica) asks the edited set on Friday.
    async with running(clean_db, slack, {}, clock) as bot:
        bot._ts = 100
        friday = await bot.checkin(FRIDAY)
        prompt = prompt_of(bot, MARKETING, friday[MARKETING])
        assert "*2.* Which <deals> & offers close this week?" in prompt  # as read
        assert "*4.*" in prompt and "*5.*" not in prompt
        sales = prompt_of(bot, "C0SALES001", friday["C0SALES001"])
        assert "*2.* What is the sales focus today" in sales  # only marketing's changed
        await bot.reply(MARKETING, friday[MARKETING], "2. Acme renewal\n5. Not a question now")
        await bot.settle()
        text = await briefing_text(bot, FRIDAY)
        assert section(text, "Deals closing").splitlines() == [
            "• Acme renewal",
            "5. Not a question now — <@U0ALICE001>, Marketing",
        ]  # Friday's set has four questions: "5." is just more of the answer to 2
        assert "Not a question now" not in section(text, "Reputation threats")


async def test_a_manager_moves_a_question_and_the_others_shift(bot: Bot) -> None:
    view = await opened_editor(bot, MANAGER)
    values = filled(view)
    typed(values, "q5-position", "1")  # the threats question first
    assert await submit(bot, view, values) is None

    [announcement] = announcements(bot)
    assert "*1.* Which customers threatened to damage the company's reputation?" in announcement
    assert "*2.* What happened overnight?" in announcement
    assert "*5.* When is the next product modification due?" in announcement
    again = filled(await opened_editor(bot, MANAGER))
    assert again["q1-kind"][ids.QUESTIONS_VALUE]["selected_option"]["value"] == "threat"
    assert again["q1-position"][ids.QUESTIONS_VALUE]["selected_option"]["value"] == "1"
    friday = await bot.checkin(FRIDAY)
    prompt = prompt_of(bot, MARKETING, friday[MARKETING])
    assert "*1.* Which customers threatened" in prompt and "*2.* What happened overnight?" in prompt


async def test_saving_the_set_as_it_was_announces_nothing(bot: Bot) -> None:
    view = await opened_editor(bot, MANAGER)
    published = len(bot.slack.calls_to("views.publish"))
    assert await submit(bot, view, filled(view)) is None
    assert announcements(bot) == []
    assert redrawn_home(bot, published).startswith(
        "The Marketing questions are as they were: nothing changed, nothing announced in "
        f"<#{DIGEST}>."
    )


async def test_a_failed_announcement_is_told_to_the_manager_on_their_home(bot: Bot) -> None:
    view = await opened_editor(bot, MANAGER, "sales")
    values = filled(view)
    typed(values, "q1-en", "Anything new since yesterday?")
    bot.slack.fail_next("chat.postMessage", error="not_in_channel")  # the bot left the channel
    published = len(bot.slack.calls_to("views.publish"))
    assert await submit(bot, view, values) is None

    [failed] = [c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == DIGEST]
    assert failed.response == {"ok": False, "error": "not_in_channel"}
    home = redrawn_home(bot, published)
    assert home.startswith(
        ":warning: The Sales questions are saved and the next check-in asks them, but the "
        f"announcement in <#{DIGEST}> could not be posted: please let the team know yourself."
    )
    assert "*1.* Anything new since yesterday? — _Overnight news_" in home
    # Stored all the same, and asked from the next check-in.
    assert (await bot.runtime.questions.current(Department.SALES)).questions[0].text.en == (
        "Anything new since yesterday?"
    )
    # Told once, there: no "something went wrong" DM besides.
    assert not [c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == MANAGER]


async def test_a_bad_submission_gets_errors_on_its_fields_and_stores_nothing(bot: Bot) -> None:
    view = await opened_editor(bot, MANAGER)
    empty = filled(view)
    for block_id in empty:
        typed(empty, block_id, None)
    reply = await submit(bot, view, empty)
    assert reply == {
        "response_action": "errors", "errors": {"q1-en": "Keep at least one question."}
    }  # fmt: skip

    values = filled(view)
    typed(values, "q2-kind", None)
    typed(values, "q3-title_en", "Promotions")
    reply = await submit(bot, view, values)
    assert reply is not None and reply["response_action"] == "errors"
    assert reply["errors"] == {
        "q2-kind": "Fill this in too, or clear the whole question.",
        "q3-title_ru": "Give the heading in both languages, or in neither.",
    }
    assert announcements(bot) == []
    assert filled(await opened_editor(bot, MANAGER)) == filled(view)  # nothing stored
    assert (
        await bot.runtime.questions.current(Department.MARKETING)
        == (bot.settings.question_sets[Department.MARKETING])
    )


async def test_someone_who_is_not_a_manager_is_refused(bot: Bot) -> None:
    home = await open_home(bot, ANNA)
    assert "Check-in questions" not in texts(home)  # no buttons for them
    refusal = await opened_editor(bot, ANNA)
    assert "Only the SMM managers can change the check-in questions." in shown(refusal)
    assert refusal.get("callback_id") != ids.QUESTIONS_VIEW

    # A forged submission from them is refused on the form and stores nothing.
    editor = await opened_editor(bot, MANAGER)
    values = filled(editor)
    typed(values, "q1-en", "Hijacked?")
    reply = await submit(bot, editor, values, user=ANNA)
    assert reply == {
        "response_action": "errors",
        "errors": {"q1-en": "Only the SMM managers can change the check-in questions."},
    }
    assert announcements(bot) == []
    assert filled(await opened_editor(bot, MANAGER)) == filled(editor)


async def test_in_russian_the_editor_and_the_announcement_read_in_russian(
    clean_db: str, slack: FakeSlack, clock: StagedClock
) -> None:
    async with running(clean_db, slack, {"BOT_LANGUAGE": "ru"}, clock) as bot:
        view = await opened_editor(bot, MANAGER, "sales")
        assert view["title"]["text"] == "Продажи: вопросы"
        labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"][:5]
        assert labels[0] == "Вопрос (по-английски)" and labels[2] == "Что означают ответы"
        values = filled(view)
        typed(values, "q1-ru", "Что нового за ночь?")
        published = len(bot.slack.calls_to("views.publish"))
        assert await submit(bot, view, values) is None
        home = redrawn_home(bot, published)
        assert home.startswith(
            ":white_check_mark: Вопросы отдела «Продажи» сохранены и объявлены в "
            f"<#{DIGEST}>: бот будет задавать их начиная со следующего раза."
        )
        assert "*Продажи · 5 вопросов*\n*1.* Что нового за ночь? — _Новости за ночь_" in home
        assert "Вопросы дня по отделам" in home
        [posted] = [
            shown(c.args) for c in bot.slack.calls_to("chat.postMessage")
            if c.args["channel"] == DIGEST
        ]  # fmt: skip
        assert posted.startswith(f"<@{MANAGER}> изменил(а) вопросы дня отдела «Продажи».")
        assert "*1.* Что нового за ночь?" in posted
