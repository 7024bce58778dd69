"""/smm-task: create and cancel quick tasks (managers), list, status and stats (everyone)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext, AsyncRespond

from bot.config import Settings
from bot.domain.model.errors import TaskInputError
from bot.domain.model.tasks import (
    CancelTask,
    CreateTask,
    LinkProfile,
    ListTasks,
    TaskHelp,
    TaskStats,
    TaskStatus,
    UnlinkProfile,
)
from bot.domain.parsing.task_command import format_window, parse_task_command
from bot.i18n import t
from bot.runtime import Runtime
from bot.slack.listeners.services import services
from bot.slack.listeners.waiting import ephemeral
from bot.slack.mrkdwn import join, md
from bot.slack.views.presence import posts_per_network
from bot.slack.views.tasks import (
    my_stats,
    my_status,
    my_tasks,
    problem_text,
    task_created,
    task_list,
    task_stats,
    task_status,
)
from bot.slack.views.vk import link_shown, profile_url, unlinked_for
from bot.slack.wire import plain_targets


def postable(command: dict[str, Any]) -> str | None:
    """The command's channel, for the bot's posts; None in a DM, which has no room for them
    (the service posts to the digest channel then)."""
    channel = command.get("channel_id")
    return None if not channel or channel.startswith("D") else str(channel)


def usage(settings: Settings) -> str:
    lang, default = settings.bot_language, settings.task_audience
    if default is None:
        audience = t(lang, "task.audience.default")
    else:
        audience = f"<!subteam^{default}>" if default.startswith("S") else f"<#{default}>"
    return t(lang, "task.usage", window=format_window(settings.task_window), audience=audience)


def problem(settings: Settings, error: TaskInputError) -> str:
    return f"{problem_text(settings.bot_language, error)}\n\n{usage(settings)}"


async def create(
    runtime: Runtime, command: CreateTask, user: str, channel: str | None, respond: AsyncRespond
) -> None:
    settings = runtime.settings
    lang = settings.bot_language
    try:
        progress = await runtime.posts.create_task(command, user, channel)
    except TaskInputError as error:
        await respond(text=problem(settings, error), response_type="ephemeral")
        return
    text = task_created(lang, progress, settings.zone)
    if channel is not None and progress.task.channel != channel:
        text += "\n" + t(lang, "task.progress_elsewhere", channel=progress.task.channel)
    await respond(text=text, response_type="ephemeral")


async def chart(runtime: Runtime, channel: str | None, days: int, respond: AsyncRespond) -> None:
    posted = await runtime.tasks.share_chart(channel, runtime.calendar.today(), days)
    if channel is not None and posted not in (None, channel):
        text = t(runtime.settings.bot_language, "task.chart_elsewhere", channel=posted)
        await respond(text=text, response_type="ephemeral")


async def cancel(runtime: Runtime, task_id: int, user: str, respond: AsyncRespond) -> None:
    settings = runtime.settings
    try:
        await runtime.tasks.cancel(task_id, user)
    except TaskInputError as error:
        await respond(text=problem(settings, error), response_type="ephemeral")
        return
    text = t(settings.bot_language, "task.cancelled", id=task_id)
    await respond(text=text, response_type="ephemeral")


async def read(
    runtime: Runtime,
    parsed: ListTasks | TaskStatus | TaskStats,
    user: str,
    channel: str | None,
    respond: AsyncRespond,
) -> None:
    """list, status, stats: everyone's results for a manager; for anyone else their own
    record, and no chart in a channel."""
    settings, tasks = runtime.settings, runtime.tasks
    lang, zone = settings.bot_language, settings.zone
    now, manager = runtime.calendar.now(), tasks.may_manage(user)
    text: str
    if isinstance(parsed, TaskStats):
        board = await tasks.stats(parsed.days, user)
        if manager:
            unlinked = None
            if runtime.vk is not None:  # who cannot be verified on VK
                unlinked = await runtime.vk.unlinked([score.key for score in board.people])
            text = task_stats(lang, board, unlinked)
        else:
            text = my_stats(lang, board)
        if manager and (posts := await runtime.presence.posts(parsed.days)):
            text = join("\n", [text, posts_per_network(lang, posts)])
    elif isinstance(parsed, ListTasks):
        if manager:
            text = task_list(lang, await tasks.open_tasks(), now)
        else:
            text = my_tasks(lang, await tasks.records(user), zone)
    elif manager:
        progress = await tasks.progress(parsed.task_id)
        missing = TaskInputError("task.error.no_such_task", id=str(parsed.task_id))
        text = problem(settings, missing) if progress is None else task_status(lang, progress, now)
    else:
        records = await tasks.records(user, parsed.task_id)
        if records:
            text = my_status(lang, *records[0], zone)
        else:
            text = md(lang, "task.mine.not_asked", id=parsed.task_id)
    await respond(text=text, response_type="ephemeral")
    if manager and isinstance(parsed, TaskStats):
        await chart(runtime, channel, parsed.days, respond)


async def vk_profile(
    runtime: Runtime, parsed: LinkProfile | UnlinkProfile, user: str, respond: AsyncRespond
) -> None:
    """link <profile>, link, unlink: each person their own VK profile; unlink @person: a
    manager someone else's."""
    lang, vk = runtime.settings.bot_language, runtime.vk
    assert vk is not None
    if isinstance(parsed, UnlinkProfile) and parsed.user not in (None, user):
        text = unlinked_for(lang, parsed.user, await vk.unlink_for(parsed.user, user))
    elif isinstance(parsed, UnlinkProfile):
        text = md(lang, "vk.unlinked" if await vk.unlink(user) is not None else "vk.unlink.none")
    elif parsed.profile is None:
        text = link_shown(lang, await vk.link_of(user))
    else:
        try:
            text = md(lang, "vk.linked", profile=profile_url(await vk.link(user, parsed.profile)))
        except TaskInputError as error:
            text = problem_text(lang, error)
    await respond(text=text, response_type="ephemeral")


async def on_smm_task(
    ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, context: AsyncBoltContext
) -> None:
    runtime = services(context)
    settings, spawn = runtime.settings, runtime.background.spawn
    user = command["user_id"]
    try:
        text = plain_targets(command.get("text") or "")
        parsed = parse_task_command(text, settings.task_window)
        if isinstance(parsed, (CreateTask, CancelTask)) and not runtime.tasks.may_manage(user):
            raise TaskInputError("task.error.not_manager")
    except TaskInputError as error:
        await ack(response_type="ephemeral", text=problem(settings, error))
        return
    if isinstance(parsed, TaskHelp):
        await ack(response_type="ephemeral", text=usage(settings))
    elif isinstance(parsed, (LinkProfile, UnlinkProfile)):
        if runtime.vk is None:
            await ack(response_type="ephemeral", text=md(settings.bot_language, "vk.error.off"))
            return
        if (
            isinstance(parsed, UnlinkProfile)
            and parsed.user not in (None, user)
            and not runtime.tasks.may_manage(user)
        ):
            await ack(
                response_type="ephemeral", text=md(settings.bot_language, "vk.error.not_manager")
            )
            return
        await ack()  # the profile may be resolved on VK: after the answer
        spawn(
            vk_profile(runtime, parsed, user, respond),
            f"VK profile of {user}",
            ephemeral(respond, "error.not_saved.request"),
        )
    elif isinstance(parsed, (ListTasks, TaskStatus, TaskStats)):
        await ack()  # Slack waits 3 s: the database is read after the answer
        spawn(
            read(runtime, parsed, user, postable(command), respond),
            f"task read by {user}",
            ephemeral(respond, "error.not_read"),
        )
    elif isinstance(parsed, CancelTask):
        await ack()
        spawn(
            cancel(runtime, parsed.task_id, user, respond),
            f"cancel task {parsed.task_id} by {user}",
            ephemeral(respond, "error.not_saved.request"),
        )
    else:
        await ack(response_type="ephemeral", text=t(settings.bot_language, "task.creating"))
        spawn(
            create(runtime, parsed, user, postable(command), respond),
            f"create task by {user}",
            ephemeral(respond, "error.not_saved.request", "task.error.failed"),
        )
