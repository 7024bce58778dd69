"""The VK profile modal's submission: the profile resolved and linked before the ack, so a
bad one shows on the field (emptied: the link removed); then the Home tab is drawn again."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext

from bot.domain.model.errors import TaskInputError
from bot.i18n import t
from bot.slack import ids
from bot.slack.listeners.events.app_home_opened import publish_home
from bot.slack.listeners.services import services
from bot.slack.views.tasks import problem_text
from bot.slack.wire import plain

RESOLVE_SECONDS = 2.0  # of Slack's 3 s for the answer: VK resolves a screen name in that


async def on_vk_link_form(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    runtime = services(context)
    lang, user, vk = runtime.settings.bot_language, body["user"]["id"], runtime.vk
    if vk is None:
        await ack()
        return
    field = view["state"]["values"].get(ids.VK_PROFILE, {}).get(ids.VK_PROFILE) or {}
    typed = str(field.get("value") or "").strip()
    try:
        async with asyncio.timeout(RESOLVE_SECONDS):
            if typed:
                await vk.link(user, typed)
            else:
                await vk.unlink(user)
    except TaskInputError as error:
        # A field's error is plain text: a holder's mention shows as their name.
        problem = await plain(problem_text(lang, error), runtime.directory)
        await ack(response_action="errors", errors={ids.VK_PROFILE: problem})
        return
    except Exception:  # VK slow, or the database down: the modal stays, saying so
        await ack(
            response_action="errors", errors={ids.VK_PROFILE: t(lang, "vk.error.unavailable")}
        )
        return
    await ack()
    runtime.background.spawn(publish_home(runtime, user), "home")
