"""The question editor's submission: checked before the ack (its errors show on the fields),
stored and announced after it; then the manager's Home tab shows the new set and a line
saying whether the digest channel heard of it (a failure after the ack comes as a DM)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext

from bot.domain.model.common import Department
from bot.domain.model.questions import MAX_QUESTIONS
from bot.domain.parsing.questions import FIELDS, POSITION, RowsError, read_rows
from bot.i18n import t
from bot.slack import ids
from bot.slack.listeners.events.app_home_opened import publish_home
from bot.slack.listeners.services import services
from bot.slack.listeners.waiting import by_dm
from bot.slack.views.questions import block_id, saved_note


def _typed(field: dict[str, Any]) -> str:
    """A plain_text_input's value or a static_select's choice; empty when left blank."""
    chosen = field.get("selected_option") or {}
    return str(field.get("value") or chosen.get("value") or "")


async def on_questions_form(
    ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
) -> None:
    runtime = services(context)
    lang, user = runtime.settings.bot_language, body["user"]["id"]
    first = block_id(1, "en")
    if not runtime.questions.may_edit(user):
        await ack(response_action="errors", errors={first: t(lang, "questions.error.not_manager")})
        return
    try:
        department = Department(str(view.get("private_metadata")))
    except ValueError:
        await ack()
        return
    values = view["state"]["values"]
    rows = [
        {
            f: _typed(values.get(block_id(n, f), {}).get(ids.QUESTIONS_VALUE) or {})
            for f in (*FIELDS, POSITION)
        }
        for n in range(1, MAX_QUESTIONS + 1)
    ]
    try:
        read_rows(rows)
    except RowsError as error:
        errors = {block_id(n, f): t(lang, key) for (n, f), key in error.problems.items()}
        await ack(response_action="errors", errors=errors)
        return
    # The modal closes with the ack: it can say the database is down only before it.
    if not await runtime.database_answers():
        await ack(response_action="errors", errors={first: t(lang, "error.not_saved.request")})
        return
    await ack()

    async def save() -> None:
        saved = await runtime.questions.replace(department, rows, user)
        note = saved_note(lang, department, runtime.settings.digest_channel, saved)
        await publish_home(runtime, user, note)  # the modal is gone: the Home tab shows it

    runtime.background.spawn(
        save(), f"questions of {department} by {user}",
        by_dm(runtime.client, user, "error.not_saved.request"),
    )  # fmt: skip
