"""The App Home tab, drawn when it is opened (and redrawn after a click on it)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncBoltContext

from bot.runtime import Runtime
from bot.slack.listeners.services import services
from bot.slack.mrkdwn import Mrkdwn
from bot.slack.views.home import home_view


async def on_app_home_opened(event: dict[str, Any], context: AsyncBoltContext) -> None:
    if event.get("tab") == "home" and isinstance(user := event.get("user"), str):
        runtime = services(context)
        runtime.background.spawn(publish_home(runtime, user), "home")


async def publish_home(runtime: Runtime, user: str, note: Mrkdwn | None = None) -> None:
    home = await runtime.home.compose(user)
    view = home_view(runtime.settings.bot_language, home, runtime.settings.zone, note)
    await runtime.client.views_publish(user_id=user, view=view)
