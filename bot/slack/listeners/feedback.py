"""/smm-feedback, its form, its buttons (Taken, Done, votes, Close), and question comments."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

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
    Vote,
)
from bot.domain.parsing.feedback_command import new_feedback, parse_feedback_command
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack import ids
from bot.slack.feedback_blocks import departments, feedback_form, feedback_list, feedback_stats
from bot.slack.listeners.waiting import by_dm, ephemeral
from bot.slack.payload import button_id
from bot.slack.task_blocks import problem_text
from bot.slack.wire import plain_text


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

    async def create(command: NewFeedback, user: str, answer: Waiting) -> None:
        item, delivery = await service.create(command, user)
        await answer.tell(delivered("feedback", item.id, delivery, "feedback.created"))

    def sending(user: str, respond: AsyncRespond | None) -> Waiting:
        """The author, waiting to hear where it went: from the form, with no channel to
        answer in, in a DM."""
        if respond is None:
            return by_dm(runtime.client, user, "error.not_saved.request", "feedback.error.failed")
        return ephemeral(respond, "error.not_saved.request", "feedback.error.failed")

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
            parsed = parse_feedback_command(plain_text(command.get("text") or ""))
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
            spawn(
                read(parsed, respond),
                f"feedback read by {user}",
                ephemeral(respond, "error.not_read"),
            )
        elif isinstance(parsed, AskQuestion):
            if user not in runtime.settings.smm_managers:
                await ack(
                    response_type="ephemeral",
                    text=problem(TaskInputError("feedback.error.not_manager")),
                )
                return
            await ack(response_type="ephemeral", text=t(lang, "feedback.sending"))
            spawn(
                ask(parsed, user, respond),
                f"ask by {user}",
                ephemeral(respond, "error.not_saved.request"),
            )
        else:
            await ack(response_type="ephemeral", text=t(lang, "feedback.sending"))
            answer = sending(user, respond)
            spawn(create(parsed, user, answer), f"feedback from {user}", answer)

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
        user = body["user"]["id"]
        # The form closes with the ack: it can say the database is down only before it.
        if not await runtime.database_answers():
            await ack(response_action="errors", errors={"text": t(lang, "error.not_saved.request")})
            return
        await ack()
        answer = sending(user, None)
        spawn(create(command, user, answer), f"feedback form from {user}", answer)

    async def answer(respond: AsyncRespond, key: str) -> None:
        await respond(text=t(lang, key), response_type="ephemeral", replace_original=False)

    @app.action(ids.FEEDBACK_TAKE)
    async def on_take(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        user = body["user"]["id"]
        if (feedback_id := button_id(action)) is not None:
            work = service.take(feedback_id, user)
            spawn(work, f"take feedback {feedback_id} by {user}", ephemeral(respond))

    @app.action(ids.FEEDBACK_DONE)
    async def on_done(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        user = body["user"]["id"]
        if (feedback_id := button_id(action)) is not None:
            work = service.finish(feedback_id, user)
            spawn(work, f"feedback {feedback_id} done by {user}", ephemeral(respond))

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
            user = body["user"]["id"]
            if (question_id := button_id(action)) is not None:
                work = vote(question_id, user, picked, respond)
                spawn(work, f"vote on question {question_id} by {user}", ephemeral(respond))

    async def close(question_id: int, user: str, respond: AsyncRespond) -> None:
        if not await service.close_question(question_id, user):
            await answer(respond, "question.not_asker")

    @app.action(ids.QUESTION_CLOSE)
    async def on_close(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        user = body["user"]["id"]
        if (question_id := button_id(action)) is not None:
            work = close(question_id, user, respond)
            spawn(work, f"close question {question_id} by {user}", ephemeral(respond))
