"""/smm-brief [day]: a day's briefing, composed from what is stored, shown only to whoever
asked. Anyone may: the briefing is posted in the digest channel for everyone there anyway."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond

from bot.domain.model.briefing import BriefHelp
from bot.domain.model.errors import TaskInputError
from bot.domain.parsing.brief_command import parse_brief_command
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack.listeners.services import services
from bot.slack.listeners.waiting import ephemeral
from bot.slack.views.briefing import no_briefing, stored_briefing
from bot.slack.views.tasks import problem_text
from bot.slack.wire import plain_text


async def show(runtime: Runtime, day: date, today: date, respond: AsyncRespond) -> None:
    lang, calendar = runtime.settings.bot_language, runtime.calendar
    briefing = await runtime.briefings.stored(day)
    if briefing is None:
        text = no_briefing(lang, day, today, calendar.is_workday(day))
        await respond(text=text, response_type="ephemeral")
        return
    for message in stored_briefing(lang, briefing, today):  # in order: each after the last
        await respond(text=message.text, blocks=message.blocks, response_type="ephemeral")


async def on_smm_brief(
    ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
) -> None:
    runtime = services(context)
    lang, today = runtime.settings.bot_language, runtime.calendar.today()
    try:
        parsed = parse_brief_command(plain_text(command.get("text") or ""), today)
    except TaskInputError as error:
        text = f"{problem_text(lang, error)}\n\n{t(lang, 'brief.usage')}"
        await ack(response_type="ephemeral", text=text)
        return
    if isinstance(parsed, BriefHelp):
        await ack(response_type="ephemeral", text=t(lang, "brief.usage"))
        return
    await ack()  # Slack waits 3 s: the database is read after the answer
    runtime.background.spawn(
        show(runtime, parsed, today, respond),
        f"briefing of {parsed} for {command['user_id']}",
        ephemeral(respond, "error.not_read"),
    )
