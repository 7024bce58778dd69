"""Slash commands. Each answers Slack at once; slow work runs after the ack."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.domain.tasks_command import (
    CancelTask,
    CreateTask,
    ListTasks,
    TaskHelp,
    TaskInputError,
    TaskStats,
    TaskStatus,
    format_window,
    parse_task_command,
)
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack.task_blocks import local_time, task_list, task_stats, task_status

log = logging.getLogger(__name__)


def postable(command: dict[str, Any]) -> str | None:
    """The command's channel, for the bot's posts; None in a DM, which has no room for them
    (the service posts to the digest channel then)."""
    channel = command.get("channel_id")
    return None if not channel or channel.startswith("D") else str(channel)


def register(app: AsyncApp, runtime: Runtime) -> None:
    settings = runtime.settings
    lang = settings.bot_language
    tasks = runtime.tasks

    def usage() -> str:
        default = settings.task_audience
        if default is None:
            audience = t(lang, "task.audience.default")
        else:
            audience = f"<!subteam^{default}>" if default.startswith("S") else f"<#{default}>"
        return t(lang, "task.usage", window=format_window(settings.task_window), audience=audience)

    def problem(error: TaskInputError) -> str:
        return f"{t(lang, error.key, **error.params)}\n\n{usage()}"

    async def create(
        command: CreateTask, user: str, channel: str | None, respond: AsyncRespond
    ) -> None:
        try:
            progress = await tasks.create(command, user, channel)
        except TaskInputError as error:
            await respond(text=problem(error), response_type="ephemeral")
            return
        except Exception:
            log.exception("could not create a task for %s", user)
            await respond(text=t(lang, "task.error.failed"), response_type="ephemeral")
            return
        text = t(
            lang, "task.created", id=progress.task.id, count=progress.assigned,
            skipped=len(progress.skipped),
            deadline=local_time(progress.task.deadline, None, settings.zone),
        )  # fmt: skip
        if channel is not None and progress.task.channel != channel:
            text += "\n" + t(lang, "task.progress_elsewhere", channel=progress.task.channel)
        await respond(text=text, response_type="ephemeral")

    async def chart(channel: str | None, days: int, respond: AsyncRespond) -> None:
        posted = await tasks.share_chart(channel, runtime.calendar.today(), days)
        if channel is not None and posted not in (None, channel):
            await respond(
                text=t(lang, "task.chart_elsewhere", channel=posted), response_type="ephemeral"
            )

    async def cancel(task_id: int, user: str, respond: AsyncRespond) -> None:
        try:
            await tasks.cancel(task_id, user)
        except TaskInputError as error:
            await respond(text=problem(error), response_type="ephemeral")
            return
        await respond(text=t(lang, "task.cancelled", id=task_id), response_type="ephemeral")

    @app.command("/smm-task")
    async def on_task(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        user = command["user_id"]
        try:
            parsed = parse_task_command(command.get("text") or "", settings.task_window)
            if isinstance(parsed, (CreateTask, CancelTask)) and not tasks.may_manage(user):
                raise TaskInputError("task.error.not_manager")
            if isinstance(parsed, TaskStatus):
                progress = await tasks.progress(parsed.task_id)
                if progress is None:
                    raise TaskInputError("task.error.no_such_task", id=str(parsed.task_id))
        except TaskInputError as error:
            await ack(response_type="ephemeral", text=problem(error))
            return
        if isinstance(parsed, TaskHelp):
            await ack(response_type="ephemeral", text=usage())
        elif isinstance(parsed, ListTasks):
            await ack(
                response_type="ephemeral",
                text=task_list(lang, await tasks.open_tasks(), runtime.calendar.now()),
            )
        elif isinstance(parsed, TaskStatus):
            assert progress is not None
            await ack(
                response_type="ephemeral", text=task_status(lang, progress, runtime.calendar.now())
            )
        elif isinstance(parsed, TaskStats):
            await ack(
                response_type="ephemeral", text=task_stats(lang, await tasks.stats(parsed.days))
            )
            runtime.background.spawn(chart(postable(command), parsed.days, respond), "task chart")
        elif isinstance(parsed, CancelTask):
            await ack()
            runtime.background.spawn(
                cancel(parsed.task_id, user, respond), f"cancel {parsed.task_id}"
            )
        else:
            await ack(response_type="ephemeral", text=t(lang, "task.creating"))
            runtime.background.spawn(
                create(parsed, user, postable(command), respond), "create task"
            )
