"""The person waiting for work done after the ack, and how they hear it failed (see
Background.report): in a message only they see, or, with no message to answer (a modal, the
Home tab), in the app's DM. The keys say what to tell them when the database failed
(`not_saved`: an answer, "error.not_saved.request": a command, "error.not_read": a read) and
when anything else did (`failed`)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.background import Waiting


def ephemeral(
    respond: AsyncRespond, not_saved: str = "error.not_saved", failed: str = "error.failed"
) -> Waiting:
    async def tell(text: str) -> None:
        await respond(text=text, response_type="ephemeral", replace_original=False)

    return Waiting(tell, not_saved, failed)


def by_dm(
    client: AsyncWebClient,
    user: str,
    not_saved: str = "error.not_saved",
    failed: str = "error.failed",
) -> Waiting:
    async def tell(text: str) -> None:
        await client.chat_postMessage(channel=user, text=text)

    return Waiting(tell, not_saved, failed)


def from_home(body: dict[str, Any]) -> bool:
    """Clicked on the App Home tab: there is no message to answer, the tab is redrawn."""
    return bool((body.get("view") or {}).get("type") == "home")


def clicked(client: AsyncWebClient, body: dict[str, Any], respond: AsyncRespond) -> Waiting:
    """Who clicked a button: on a message told ephemerally, on the Home tab in a DM."""
    user = body["user"]["id"]
    return by_dm(client, user) if from_home(body) else ephemeral(respond)
