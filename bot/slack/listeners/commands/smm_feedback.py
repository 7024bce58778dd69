"""/smm-feedback: new feedback (typed or through its form), coordination questions (managers),
the list and the stats."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond

from bot.background import Waiting
from bot.domain.model.errors import TaskInputError
from bot.domain.model.feedback import (
    AskQuestion,
    Delivery,
    FeedbackHelp,
    FeedbackStats,
    ListFeedback,
    NewFeedback,
    OpenForm,
)
from bot.domain.parsing.feedback_command import parse_feedback_command
from bot.i18n import Language, t
from bot.runtime import Runtime
from bot.slack.listeners.services import services
from bot.slack.listeners.waiting import by_dm, ephemeral
from bot.slack.views.feedback import departments, feedback_form, feedback_list, feedback_stats
from bot.slack.views.tasks import problem_text
from bot.slack.wire import plain_text


def problem(lang: Language, error: TaskInputError) -> str:
    return f"{problem_text(lang, error)}\n\n{t(lang, 'feedback.usage')}"


def delivered(
    lang: Language, prefix: str, item_id: int, delivery: Delivery, everywhere: str
) -> str:
    """The truth of where it went: what is out, and what is still being tried."""
    sent, pending = departments(lang, delivery.sent), departments(lang, delivery.pending)
    if not delivery.pending:
        return t(lang, everywhere, id=item_id, departments=sent)
    if not delivery.sent:
        return t(lang, f"{prefix}.pending", id=item_id, pending=pending)
    return t(lang, f"{prefix}.partly", id=item_id, sent=sent, pending=pending)


async def create(runtime: Runtime, command: NewFeedback, user: str, answer: Waiting) -> None:
    item, delivery = await runtime.feedback.create(command, user)
    lang = runtime.settings.bot_language
    await answer.tell(delivered(lang, "feedback", item.id, delivery, "feedback.created"))


def sending(runtime: Runtime, user: str, respond: AsyncRespond | None) -> Waiting:
    """The author, waiting to hear where it went: from the form, with no channel to answer
    in, in a DM."""
    if respond is None:
        return by_dm(runtime.client, user, "error.not_saved.request", "feedback.error.failed")
    return ephemeral(respond, "error.not_saved.request", "feedback.error.failed")


async def ask(runtime: Runtime, command: AskQuestion, user: str, respond: AsyncRespond) -> None:
    lang = runtime.settings.bot_language
    try:
        question, delivery = await runtime.feedback.ask(command, user)
    except TaskInputError as error:
        await respond(text=problem(lang, error), response_type="ephemeral")
        return
    await respond(
        text=delivered(lang, "question", question.id, delivery, "question.asked"),
        response_type="ephemeral",
    )


async def read(
    runtime: Runtime, parsed: ListFeedback | FeedbackStats, respond: AsyncRespond
) -> None:
    lang, service = runtime.settings.bot_language, runtime.feedback
    if isinstance(parsed, ListFeedback):
        items = await service.since(parsed.days, parsed.kind)
        text = feedback_list(lang, parsed.days, items)
    else:
        text = feedback_stats(lang, await service.stats(parsed.days))
    await respond(text=text, response_type="ephemeral")


async def on_smm_feedback(
    ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
) -> None:
    runtime = services(context)
    lang, spawn = runtime.settings.bot_language, runtime.background.spawn
    user = command["user_id"]
    try:
        parsed = parse_feedback_command(plain_text(command.get("text") or ""))
    except TaskInputError as error:
        await ack(response_type="ephemeral", text=problem(lang, error))
        return
    if isinstance(parsed, FeedbackHelp):
        await ack(response_type="ephemeral", text=t(lang, "feedback.usage"))
    elif isinstance(parsed, OpenForm):
        await ack()
        view = feedback_form(lang)
        spawn(runtime.client.views_open(trigger_id=command["trigger_id"], view=view), "form")
    elif isinstance(parsed, (ListFeedback, FeedbackStats)):
        await ack()  # Slack waits 3 s: the database is read after the answer
        spawn(
            read(runtime, parsed, respond),
            f"feedback read by {user}",
            ephemeral(respond, "error.not_read"),
        )
    elif isinstance(parsed, AskQuestion):
        if user not in runtime.settings.smm_managers:
            await ack(
                response_type="ephemeral",
                text=problem(lang, TaskInputError("feedback.error.not_manager")),
            )
            return
        await ack(response_type="ephemeral", text=t(lang, "feedback.sending"))
        spawn(
            ask(runtime, parsed, user, respond),
            f"ask by {user}",
            ephemeral(respond, "error.not_saved.request"),
        )
    else:
        await ack(response_type="ephemeral", text=t(lang, "feedback.sending"))
        answer = sending(runtime, user, respond)
        spawn(create(runtime, parsed, user, answer), f"feedback from {user}", answer)
