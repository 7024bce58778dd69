"""The check-in form's submission: stored before the ack, so the form can say it was not."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import date
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext

from bot.domain.parsing.answers import compose_answer
from bot.i18n import t
from bot.slack import ids
from bot.slack.listeners.services import services
from bot.slack.payload import MALFORMED

STORE_WITHIN = 2.0  # seconds: Slack waits 3 for the answer to a submission
_BLOCK = re.compile(r"q(\d+)(-date)?")  # the form's blocks: one per question (as its round asked)


def form_answers(values: dict[str, Any]) -> tuple[dict[int, str], dict[int, date]]:
    texts, dates = {}, {}
    for block_id, block in values.items():
        match = _BLOCK.fullmatch(block_id)
        if match is None:
            continue
        if match[2] is None:
            texts[int(match[1])] = block.get(ids.FORM_TEXT, {}).get("value") or ""
        elif picked := block.get(ids.FORM_DATE, {}).get("selected_date"):
            dates[int(match[1])] = date.fromisoformat(picked)
    return texts, dates


async def on_checkin_form(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    runtime = services(context)
    lang = runtime.settings.bot_language
    try:
        text = compose_answer(*form_answers(view["state"]["values"]))
        where = json.loads(view["private_metadata"])
        channel, thread_ts = str(where["channel"]), str(where["thread_ts"])
    except MALFORMED:  # not the form we opened (Slack keeps our metadata and dates as set)
        await ack()
        return
    if not text:
        await ack(response_action="errors", errors={"q1": t(lang, "form.empty")})
        return
    user = body["user"]["id"]
    what = f"check-in form {view['id']} from {user}"
    # Stored before the ack, so the form can still say it was not (it closes with the ack).
    try:
        ts = await asyncio.wait_for(
            runtime.collector.on_form(f"view:{view['id']}", channel, thread_ts, user, text),
            STORE_WITHIN,
        )
    except Exception as error:
        runtime.background.report(error, what)
        await ack(response_action="errors", errors={"q1": t(lang, "error.not_saved")})
        return
    await ack()
    if ts is not None:
        echo = runtime.collector.echo_form(channel, thread_ts, user, text, ts)
        runtime.background.spawn(echo, f"echo of {what}")
