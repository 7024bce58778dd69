"""/smm-feedback, its form, its buttons (Taken, Done, votes, Close), and question comments."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.domain.feedback import Delivery, Vote
from bot.domain.feedback_command import (
    AskQuestion,
    FeedbackHelp,
    FeedbackStats,
    ListFeedback,
    NewFeedback,
    OpenForm,
    new_feedback,
    parse_feedback_command,
)
from bot.domain.tasks_command import TaskInputError
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack import ids
from bot.slack.feedback_blocks import departments, feedback_form, feedback_list, feedback_stats
from bot.slack.payload import button_id
from bot.slack.task_blocks import problem_text

log = logging.getLogger(__name__)


def register(app: AsyncApp, runtime: Runtime) -> None:
    lang = runtime.settings.bot_language
    service = runtime.feedback
    spawn = runtime.background.spawn

    def problem(error: TaskInputError) -> str:
        return f"{problem_text(lang, error)}\n\n{t(lang, 'feedback.usage')}"

    def delivered(prefix: str, item_id: int, delivery: Delivery, everywhere: str) -> str:
        """The truth of where it went: what is out, and what is still being tried."""
        sent, pending = departments(lang, delivery.sent), departments(lang, delivery.pending)
        if not delivery.pending:
            return t(lang, everywhere, id=item_id, departments=sent)
        if not delivery.sent:
            return t(lang, f"{prefix}.pending", id=item_id, pending=pending)
        return t(lang, f"{prefix}.partly", id=item_id, sent=sent, pending=pending)

    async def create(command: NewFeedback, user: str, respond: AsyncRespond | None) -> None:
        try:
            item, delivery = await service.create(command, user)
        except Exception:
            log.exception("could not store feedback from %s", user)
            text = t(lang, "feedback.error.failed")
        else:
            text = delivered("feedback", item.id, delivery, "feedback.created")
        if respond is not None:
            await respond(text=text, response_type="ephemeral")
        else:  # from the form: no channel to answer in, so a DM
            await runtime.client.chat_postMessage(channel=user, text=text)

    async def ask(command: AskQuestion, user: str, respond: AsyncRespond) -> None:
        try:
            question, delivery = await service.ask(command, user)
        except TaskInputError as error:
            await respond(text=problem(error), response_type="ephemeral")
            return
        await respond(
            text=delivered("question", question.id, delivery, "question.asked"),
            response_type="ephemeral",
        )

    async def read(parsed: ListFeedback | FeedbackStats, respond: AsyncRespond) -> None:
        if isinstance(parsed, ListFeedback):
            items = await service.since(parsed.days, parsed.kind)
            text = feedback_list(lang, parsed.days, items)
        else:
            text = feedback_stats(lang, await service.stats(parsed.days))
        await respond(text=text, response_type="ephemeral")

    @app.command("/smm-feedback")
    async def on_feedback(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        user = command["user_id"]
        try:
            parsed = parse_feedback_command(command.get("text") or "")
        except TaskInputError as error:
            await ack(response_type="ephemeral", text=problem(error))
            return
        if isinstance(parsed, FeedbackHelp):
            await ack(response_type="ephemeral", text=t(lang, "feedback.usage"))
        elif isinstance(parsed, OpenForm):
            await ack()
            view = feedback_form(lang)
            spawn(runtime.client.views_open(trigger_id=command["trigger_id"], view=view), "form")
        elif isinstance(parsed, (ListFeedback, FeedbackStats)):
            await ack()  # Slack waits 3 s: the database is read after the answer
            spawn(read(parsed, respond), "feedback read")
        elif isinstance(parsed, AskQuestion):
            if user not in runtime.settings.smm_managers:
                await ack(
                    response_type="ephemeral",
                    text=problem(TaskInputError("feedback.error.not_manager")),
                )
                return
            await ack(response_type="ephemeral", text=t(lang, "feedback.sending"))
            spawn(ask(parsed, user, respond), "ask")
        else:
            await ack(response_type="ephemeral", text=t(lang, "feedback.sending"))
            spawn(create(parsed, user, respond), "feedback")

    @app.view(ids.FEEDBACK_FORM)
    async def on_form(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        values = {block: field.get("value", {}) for block, field in view["state"]["values"].items()}
        chosen = [o["value"] for o in (values.get("departments", {}).get("selected_options") or [])]
        try:
            command = new_feedback(
                (values.get("kind", {}).get("selected_option") or {}).get("value", ""),
                values.get("text", {}).get("value") or "",
                values.get("link", {}).get("value") or None,
                chosen,
                bool(values.get("urgent", {}).get("selected_options")),
            )
        except TaskInputError as error:
            block = "link" if error.key.endswith("link") else "text"
            await ack(response_action="errors", errors={block: t(lang, error.key, **error.params)})
            return
        await ack()
        spawn(create(command, body["user"]["id"], None), "feedback form")

    async def answer(respond: AsyncRespond, key: str) -> None:
        await respond(text=t(lang, key), response_type="ephemeral", replace_original=False)

    @app.action(ids.FEEDBACK_TAKE)
    async def on_take(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        if (feedback_id := button_id(action)) is not None:
            spawn(service.take(feedback_id, body["user"]["id"]), "take feedback")

    @app.action(ids.FEEDBACK_DONE)
    async def on_done(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        if (feedback_id := button_id(action)) is not None:
            spawn(service.finish(feedback_id, body["user"]["id"]), "feedback done")

    async def vote(question_id: int, user: str, choice: Vote, respond: AsyncRespond) -> None:
        if not await service.vote(question_id, user, choice):
            await answer(respond, "question.is_closed")

    for choice in Vote:

        @app.action(f"{ids.QUESTION_VOTE}{choice}")
        async def on_vote(
            ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
        ) -> None:
            await ack()
            picked = Vote(action["action_id"].removeprefix(ids.QUESTION_VOTE))
            if (question_id := button_id(action)) is not None:
                spawn(vote(question_id, body["user"]["id"], picked, respond), "vote")

    async def close(question_id: int, user: str, respond: AsyncRespond) -> None:
        if not await service.close_question(question_id, user):
            await answer(respond, "question.not_asker")

    @app.action(ids.QUESTION_CLOSE)
    async def on_close(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        if (question_id := button_id(action)) is not None:
            spawn(close(question_id, body["user"]["id"], respond), "close question")
