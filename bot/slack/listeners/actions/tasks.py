"""A task DM's Done / Can't buttons (also on the Home tab)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond

from bot.domain.model.tasks import Answer, AssignmentState
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack import ids
from bot.slack.listeners.events.app_home_opened import publish_home
from bot.slack.listeners.services import services
from bot.slack.listeners.waiting import clicked, from_home
from bot.slack.payload import button_id


async def answer(
    runtime: Runtime,
    body: dict[str, Any],
    action: dict[str, Any],
    state: AssignmentState,
    respond: AsyncRespond,
) -> None:
    user, assignment_id = body["user"]["id"], button_id(action)
    if assignment_id is None:
        return
    result = await runtime.tasks.answer(assignment_id, user, state)
    if from_home(body):
        await publish_home(runtime, user)
    elif result is not Answer.RECORDED:
        await respond(
            text=t(runtime.settings.bot_language, f"task.answer.{result}"),
            response_type="ephemeral",
            replace_original=False,
        )


# Which button answers a task how.
STATE = {ids.TASK_DONE: AssignmentState.DONE, ids.TASK_CANT: AssignmentState.CANT}


async def on_task_button(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    await ack()
    runtime = services(context)
    state = STATE[action["action_id"]]
    runtime.background.spawn(
        answer(runtime, body, action, state, respond),
        f"task {state} by {body['user']['id']}",
        clicked(runtime.client, body, respond),
    )
