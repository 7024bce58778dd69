"""A threat's Resolved / Not a threat buttons, on its alert, in the briefing or on the Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond

from bot.domain.model.items import ThreatStatus
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack import ids
from bot.slack.listeners.events.app_home_opened import publish_home
from bot.slack.listeners.services import services
from bot.slack.listeners.waiting import clicked, from_home
from bot.slack.payload import button_id


async def refuse(runtime: Runtime, body: dict[str, Any], respond: AsyncRespond, user: str) -> None:
    """Only managers close threats. On a message the refusal is ephemeral; the Home tab has no
    response_url, so it comes as a DM (the app's Messages tab, beside Home)."""
    text = t(runtime.settings.bot_language, "threat.error.not_manager")
    if from_home(body):
        await runtime.client.chat_postMessage(channel=user, text=text)
    else:
        await respond(text=text, response_type="ephemeral", replace_original=False)


async def close(
    runtime: Runtime,
    body: dict[str, Any],
    threat_id: int,
    status: ThreatStatus,
    respond: AsyncRespond,
) -> None:
    user = body["user"]["id"]
    if runtime.briefings.may_close_threats(user):
        await runtime.briefings.close_threat(threat_id, status, user)
    else:
        await refuse(runtime, body, respond, user)
    if from_home(body):
        await publish_home(runtime, user)


# Which button closes a threat how.
STATUS = {ids.THREAT_RESOLVE: ThreatStatus.RESOLVED, ids.THREAT_DISMISS: ThreatStatus.NOT_A_THREAT}


async def on_threat_button(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    await ack()
    runtime = services(context)
    user, threat_id = body["user"]["id"], button_id(action)
    if threat_id is None:
        return
    runtime.background.spawn(
        close(runtime, body, threat_id, STATUS[action["action_id"]], respond),
        f"close threat {threat_id} by {user}",
        clicked(runtime.client, body, respond),
    )
