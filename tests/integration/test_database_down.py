"""The database unreachable (PostgreSQL on a closed port): nothing is claimed as done. Every
click is answered "could not save, try again" in a message only its clicker sees, a form
says so before it closes, and a command says its request was not saved."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from prometheus_client import REGISTRY

from bot.domain.model.feedback import Vote
from bot.runtime import Runtime
from bot.simulator.clock import StagedClock
from bot.simulator.sender import SlackSender
from bot.simulator.web_api import FakeSlack, serve_locally
from bot.simulator.workspace import MANAGER, MARKETING, SIGNING_SECRET, make_settings
from bot.slack import ids
from bot.slack.app import build_app, web_app
from tests.conftest import Bot
from tests.integration.test_cli import free_port
from tests.payloads import button_click, slash_command

NOT_SAVED = "Could not save your answer, please try again."


@pytest.fixture
async def bot_without_db(slack: FakeSlack, clock: StagedClock) -> AsyncIterator[Bot]:
    closed = f"postgresql://smm:smm@127.0.0.1:{free_port()}/smm"
    runtime = Runtime.create(make_settings(closed, slack.base_url), clock)
    app = build_app(runtime)
    runner, root = await serve_locally(web_app(app, runtime))
    async with SlackSender(f"{root}/slack/events", SIGNING_SECRET) as sender:
        yield Bot(runtime, slack, sender, app, clock)
    await runner.cleanup()
    await runtime.close()


def answers(slack: FakeSlack) -> list[dict[str, Any]]:
    return [c.args for c in slack.calls_to("response_url")]


@pytest.mark.parametrize(
    "action_id",
    [
        ids.TASK_DONE, ids.TASK_CANT, ids.FEEDBACK_TAKE, ids.FEEDBACK_DONE,
        *(f"{ids.QUESTION_VOTE}{vote}" for vote in Vote), ids.QUESTION_CLOSE,
        ids.THREAT_RESOLVE, ids.THREAT_DISMISS,
    ],
)  # fmt: skip
async def test_a_click_that_cannot_be_stored_says_so(bot_without_db: Bot, action_id: str) -> None:
    bot = bot_without_db
    payload = button_click(
        user=MANAGER, channel=MARKETING, message_ts="1764160000.000100", action_id=action_id,
        value="1", response_url=bot.slack.response_url(),
    )  # fmt: skip
    assert (await bot.sender.post_interaction(payload))[0] == 200
    await bot.settle()
    [answer] = answers(bot.slack)
    assert answer["text"] == NOT_SAVED
    assert answer["response_type"] == "ephemeral"
    assert not [c for c in bot.slack.calls if c.method in ("chat.update", "chat.postMessage")]


async def test_a_form_that_cannot_be_stored_says_so_before_it_closes(bot_without_db: Bot) -> None:
    bot = bot_without_db
    checkin = {
        "q2": {ids.FORM_TEXT: {"type": "plain_text_input", "value": "Winter boots"}},
    }
    where = json.dumps({"channel": MARKETING, "thread_ts": "1764160000.000100"})
    feedback = {
        "kind": {"value": {"type": "static_select", "selected_option": {"value": "complaint"}}},
        "text": {"value": {"type": "plain_text_input", "value": "Rude courier"}},
    }
    forms = [
        (ids.FORM_VIEW, checkin, where, "q1", NOT_SAVED),
        (ids.FEEDBACK_FORM, feedback, "", "text", "Could not save your request, please try again."),
    ]
    for callback_id, values, metadata, block, error in forms:
        view = {
            "callback_id": callback_id, "id": "V0FORM0001", "type": "modal",
            "private_metadata": metadata, "state": {"values": values},
        }  # fmt: skip
        submission = {
            "type": "view_submission", "team": {"id": "T0FAKE"}, "api_app_id": "A0FAKE",
            "user": {"id": MANAGER}, "view": view,
        }  # fmt: skip
        status, body = await bot.sender.post_interaction(submission)
        assert status == 200
        assert json.loads(body) == {"response_action": "errors", "errors": {block: error}}
    await bot.settle()
    assert not [c for c in bot.slack.calls if c.method == "chat.postMessage"]


def errors(work: str) -> float:
    return REGISTRY.get_sample_value("smm_background_errors_total", {"work": work}) or 0.0


async def test_a_command_that_cannot_be_stored_says_so(bot_without_db: Bot) -> None:
    """…and the failure goes through the one reporter: logged, and counted by kind."""
    bot = bot_without_db
    before = errors("create task"), errors("feedback")
    for command, text in [
        ("/smm-task", "https://vk.com/wall-1_1 10m"),
        ("/smm-feedback", "complaint Rude courier"),
    ]:
        form = slash_command(
            command, text, user=MANAGER, channel=MARKETING,
            response_url=bot.slack.response_url(),
        )  # fmt: skip
        status, _ = await bot.sender.post_form(form)
        assert status == 200
    await bot.settle()
    assert [a["text"] for a in answers(bot.slack)] == [
        "Could not save your request, please try again."
    ] * 2
    assert (errors("create task"), errors("feedback")) == (before[0] + 1, before[1] + 1)


@pytest.mark.parametrize(
    ("command", "text"),
    [
        ("/smm-task", "list"), ("/smm-task", "status 1"), ("/smm-task", "stats"),
        ("/smm-feedback", "list"), ("/smm-feedback", "stats"),
    ],
)  # fmt: skip
async def test_a_command_that_reads_is_answered_before_the_database_is_read(
    bot_without_db: Bot, command: str, text: str
) -> None:
    """Slack gets its empty answer at once (a read before it would have failed it); the
    failed read comes after, in a message only its sender sees."""
    bot = bot_without_db
    form = slash_command(
        command, text, user=MANAGER, channel=MARKETING,
        response_url=bot.slack.response_url(),
    )  # fmt: skip
    assert await bot.sender.post_form(form) == (200, "")
    await bot.settle()
    [answer] = answers(bot.slack)
    assert answer["text"] == "Could not read the records just now, please try again."
    assert answer["response_type"] == "ephemeral"
