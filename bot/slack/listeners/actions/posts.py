"""A new post's prompt: Start quick likes / Not this one, for the SMM managers."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond

from bot.domain.model.errors import TaskInputError
from bot.runtime import Runtime
from bot.slack import ids
from bot.slack.listeners.services import services
from bot.slack.listeners.waiting import clicked
from bot.slack.payload import button_id
from bot.slack.views.tasks import problem_text, task_created


async def decide(
    runtime: Runtime, user: str, post_id: int, start: bool, respond: AsyncRespond
) -> None:
    """The prompt itself shows what was decided; the clicker hears only what it does not."""
    settings = runtime.settings
    lang = settings.bot_language
    try:
        if not start:
            await runtime.posts.dismiss(post_id, user)
            return
        progress = await runtime.posts.start(post_id, user)
    except TaskInputError as error:
        await respond(
            text=problem_text(lang, error), response_type="ephemeral", replace_original=False
        )
        return
    text = task_created(lang, progress, settings.zone)
    await respond(text=text, response_type="ephemeral", replace_original=False)


async def on_post_button(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    await ack()
    runtime = services(context)
    user, post_id = body["user"]["id"], button_id(action)
    if post_id is None:
        return
    start = action["action_id"] == ids.POST_START
    runtime.background.spawn(
        decide(runtime, user, post_id, start, respond),
        f"{'start' if start else 'dismiss'} post {post_id} by {user}",
        clicked(runtime.client, body, respond),
    )
