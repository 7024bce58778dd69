"""The App Home tab, drawn when opened and after a click on it."""

from __future__ import annotations

from typing import Any

from bot.simulator.sender import event_callback
from bot.simulator.workspace import MANAGER, MARKETING, SALES
from bot.slack import ids
from tests.conftest import Bot, refused
from tests.integration.test_feedback import feedback
from tests.integration.test_tasks import ANNA, POST, created, team

__all__ = ["team"]  # the fixture


async def open_home(bot: Bot, user: str) -> dict[str, Any]:
    before = len(bot.slack.calls_to("views.publish"))
    event = {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"}
    assert (await bot.sender.post_event(event_callback(event)))[0] == 200
    await bot.settle()
    [published] = bot.slack.calls_to("views.publish")[before:]
    assert published.args["user_id"] == user
    return dict(published.args["view"])


def texts(view: dict[str, Any]) -> str:
    return "\n".join(
        b["text"]["text"] for b in view["blocks"] if b.get("type") in ("section", "header")
    )


async def test_home_shows_my_tasks_and_the_check_in_and_redraws_after_a_click(team: Bot) -> None:
    prompts = await team.checkin()
    await team.reply(MARKETING, prompts[MARKETING], "2. boots", user=ANNA)
    await created(team, POST, 3)
    view = await open_home(team, ANNA)
    assert view["type"] == "home"
    text = texts(view)
    assert "Your quick tasks" in text and "Like this post by" in text
    assert "Marketing: you have answered" in text
    assert "Sales: your answer is awaited in the thread" in text
    assert "Reputation threats" not in text  # not a manager
    done = next(b for b in view["blocks"] if b["type"] == "actions")["elements"][0]
    assert done["action_id"] == ids.TASK_DONE

    payload = {
        "type": "block_actions", "user": {"id": ANNA}, "api_app_id": "A0FAKE",
        "team": {"id": "T0FAKE"}, "trigger_id": "1.2", "container": {"type": "view"},
        "view": {**view, "id": "VHOME"},
        "actions": [{"action_id": ids.TASK_DONE, "value": done["value"], "type": "button"}],
    }  # fmt: skip
    assert (await team.sender.post_interaction(payload))[0] == 200
    await team.settle()
    redrawn = team.slack.calls_to("views.publish")[-1].args["view"]
    assert "No task is waiting for you." in texts(redrawn)


async def test_managers_also_see_threats_questions_and_the_last_task(team: Bot) -> None:
    prompts = await team.checkin()
    await team.reply(SALES, prompts[SALES], "5. A blogger threatens a video review")
    await created(team, POST, 3)
    text = texts(await open_home(team, MANAGER))
    assert "A blogger threatens a video review" in text
    assert "Open coordination questions" in text and "The last task" in text
    assert "Quick task #1 · VK · like" in text


async def test_ten_long_open_questions_fit_the_tab(team: Bot) -> None:
    """Questions stay open until their asker closes them: ten of a long paragraph each, with
    characters escaping makes longer, are more than one section holds."""
    question = "Should we move the launch & the blogger reviews <to> the 10th? " * 5
    for n in range(10):
        await feedback(team, f"ask {n} {question}")
    view = await open_home(team, MANAGER)
    assert refused(team.slack) == []
    text = texts(view)
    assert all(f"• {n} Should we move the launch &amp; the blogger" in text for n in range(10))
