"""Buttons: Resolved / Not a threat, "Answer in a form" on the check-in, Done / Can't."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.background import Waiting
from bot.domain.model.items import ThreatStatus
from bot.domain.model.tasks import Answer, AssignmentState
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack import ids
from bot.slack.blocks import form_view
from bot.slack.listeners.events import publish_home
from bot.slack.listeners.waiting import by_dm, ephemeral
from bot.slack.payload import button_id


def register(app: AsyncApp, runtime: Runtime) -> None:
    lang = runtime.settings.bot_language

    def from_home(body: dict[str, Any]) -> bool:
        """Clicked on the App Home tab: there is no message to answer, the tab is redrawn."""
        return bool((body.get("view") or {}).get("type") == "home")

    def waiting(body: dict[str, Any], respond: AsyncRespond, user: str) -> Waiting:
        return by_dm(runtime.client, user) if from_home(body) else ephemeral(respond)

    async def refuse(body: dict[str, Any], respond: AsyncRespond, user: str) -> None:
        """Only managers close threats. On a message the refusal is ephemeral; the Home tab
        has no response_url, so it comes as a DM (the app's Messages tab, beside Home)."""
        text = t(lang, "threat.error.not_manager")
        if from_home(body):
            await runtime.client.chat_postMessage(channel=user, text=text)
        else:
            await respond(text=text, response_type="ephemeral", replace_original=False)

    async def close_threat(
        body: dict[str, Any], action: dict[str, Any], status: ThreatStatus, respond: AsyncRespond
    ) -> None:
        user, threat_id = body["user"]["id"], button_id(action)
        if threat_id is None:
            return

        async def work() -> None:
            if runtime.briefings.may_close_threats(user):
                await runtime.briefings.close_threat(threat_id, status, user)
            else:
                await refuse(body, respond, user)
            if from_home(body):
                await publish_home(runtime, user)

        runtime.background.spawn(
            work(), f"close threat {threat_id} by {user}", waiting(body, respond, user)
        )

    @app.action(ids.THREAT_RESOLVE)
    async def on_resolve(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        await close_threat(body, action, ThreatStatus.RESOLVED, respond)

    @app.action(ids.THREAT_DISMISS)
    async def on_dismiss(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        await close_threat(body, action, ThreatStatus.NOT_A_THREAT, respond)

    @app.action(ids.OPEN_FORM)
    async def on_open_form(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        channel, ts = body["container"].get("channel_id"), body["container"].get("message_ts")
        if not (channel and ts):
            return
        view = form_view(lang, channel, ts)
        # trigger_id lives 3 s: open at once, after the ack has gone.
        runtime.background.spawn(
            runtime.client.views_open(trigger_id=body["trigger_id"], view=view), "open form"
        )

    async def answer(
        body: dict[str, Any], action: dict[str, Any], state: AssignmentState, respond: AsyncRespond
    ) -> None:
        user, assignment_id = body["user"]["id"], button_id(action)
        if assignment_id is None:
            return
        result = await runtime.tasks.answer(assignment_id, user, state)
        if from_home(body):
            await publish_home(runtime, user)
        elif result is not Answer.RECORDED:
            await respond(
                text=t(lang, f"task.answer.{result}"),
                response_type="ephemeral",
                replace_original=False,
            )

    @app.action(ids.TASK_DONE)
    async def on_done(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        user = body["user"]["id"]
        runtime.background.spawn(
            answer(body, action, AssignmentState.DONE, respond),
            f"task done by {user}",
            waiting(body, respond, user),
        )

    @app.action(ids.TASK_CANT)
    async def on_cant(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        user = body["user"]["id"]
        runtime.background.spawn(
            answer(body, action, AssignmentState.CANT, respond),
            f"task cant by {user}",
            waiting(body, respond, user),
        )
