"""App Home's VK button: opens the profile modal (its submission: views/vk_link.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext

from bot.slack.listeners.services import services
from bot.slack.views.vk import link_view


async def on_vk_link(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    runtime = services(context)
    vk = runtime.vk
    if vk is None:
        return

    async def open_modal() -> None:
        current = await vk.link_of(body["user"]["id"])
        view = link_view(runtime.settings.bot_language, current)
        await runtime.client.views_open(trigger_id=body["trigger_id"], view=view)

    # trigger_id lives 3 s: open at once, after the ack has gone.
    runtime.background.spawn(open_modal(), "open VK profile modal")
