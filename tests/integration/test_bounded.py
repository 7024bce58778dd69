"""What a long-running bot remembers per task or message is let go when it no longer matters,
so the process does not grow with every task it ever ran (bench/memory.py measures the RSS)."""

from __future__ import annotations

import pytest

from bot.simulator.sender import button_click, slash_command
from bot.simulator.web_api import BOT_USER_ID
from bot.simulator.workspace import MANAGER, MARKETING
from bot.slack import ids
from tests.conftest import Bot

ANNA = "U0ANNA0001"


@pytest.mark.parametrize("ending", ["finish", "cancel"])
async def test_a_closed_task_leaves_nothing_in_the_progress_throttle(bot: Bot, ending: str) -> None:
    bot.slack.users = [
        {"id": user, "name": user.lower(), "tz": "Europe/Moscow", "profile": {}}
        for user in (ANNA, MANAGER)
    ]
    bot.slack.members[MARKETING] = [ANNA, BOT_USER_ID]
    response_url = bot.slack.response_url()
    command = slash_command(
        "/smm-task", f"https://vk.com/wall-1_1 @{ANNA}", user=MANAGER, channel=MARKETING,
        response_url=response_url,
    )  # fmt: skip
    assert (await bot.sender.post_form(command))[0] == 200
    await bot.settle()
    [dm] = [c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == ANNA]
    [done] = [b for b in dm.args["blocks"][-1]["elements"] if b["action_id"] == ids.TASK_DONE]
    click = button_click(
        user=ANNA, channel=dm.response["channel"], message_ts=dm.response["ts"],
        action_id=ids.TASK_DONE, value=done["value"], response_url=response_url,
    )  # fmt: skip
    assert (await bot.sender.post_interaction(click))[0] == 200
    await bot.settle()
    throttle = bot.runtime.tasks._delivery._progress_at
    [task_id] = throttle  # the live message was updated: the throttle holds it

    if ending == "finish":
        await bot.runtime.task_deadlines.finish(task_id)
    else:
        await bot.runtime.tasks.cancel(task_id, MANAGER)
    assert task_id not in bot.runtime.tasks._delivery._progress_at
