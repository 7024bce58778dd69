"""A coordination question's vote buttons and its asker's Close."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond

from bot.domain.model.feedback import Vote
from bot.i18n import Language, t
from bot.runtime import Runtime
from bot.slack import ids
from bot.slack.listeners.services import services
from bot.slack.listeners.waiting import ephemeral
from bot.slack.payload import button_id


async def answer(lang: Language, respond: AsyncRespond, key: str) -> None:
    await respond(text=t(lang, key), response_type="ephemeral", replace_original=False)


async def vote(
    runtime: Runtime, question_id: int, user: str, choice: Vote, respond: AsyncRespond
) -> None:
    if not await runtime.feedback.vote(question_id, user, choice):
        await answer(runtime.settings.bot_language, respond, "question.is_closed")


async def close(runtime: Runtime, question_id: int, user: str, respond: AsyncRespond) -> None:
    if not await runtime.feedback.close_question(question_id, user):
        await answer(runtime.settings.bot_language, respond, "question.not_asker")


async def on_question_vote(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    """Any of the vote buttons: the action_id says which (ids.QUESTION_VOTE + the vote)."""
    await ack()
    runtime = services(context)
    picked = Vote(action["action_id"].removeprefix(ids.QUESTION_VOTE))
    user = body["user"]["id"]
    if (question_id := button_id(action)) is not None:
        work = vote(runtime, question_id, user, picked, respond)
        runtime.background.spawn(
            work, f"vote on question {question_id} by {user}", ephemeral(respond)
        )


async def on_question_close(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
    context: AsyncBoltContext,
) -> None:
    await ack()
    runtime = services(context)
    user = body["user"]["id"]
    if (question_id := button_id(action)) is not None:
        work = close(runtime, question_id, user, respond)
        runtime.background.spawn(
            work, f"close question {question_id} by {user}", ephemeral(respond)
        )
