"""/smm-task through the signed endpoint and the fake Slack: creating, who is skipped, the
DMs and their buttons, live progress, the reminder, the report, cancel, list, status, stats."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from bot.db.tables import TaskRow
from bot.domain.model.common import Outcome
from bot.domain.model.tasks import Task
from bot.domain.services.task_deadlines import RETRY_AFTER
from bot.domain.services.task_delivery import SEND_ATTEMPTS
from bot.i18n import short_date
from bot.scheduler import jobs
from bot.simulator.web_api import BOT_USER_ID, UPLOAD
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SALES
from bot.slack import ids
from tests.conftest import ZONE, Bot, shown
from tests.payloads import button_click, slash_command

ANNA, BORIS, VERA, GLEB, GONE = "U0ANNA0001", "U0BORIS001", "U0VERA0001", "U0GLEB0001", "U0GONE0001"
POST = "https://vk.com/wall-123_456"
LOUNGE, SECRET = "C0LOUNGE01", "G0SECRET01"  # a public channel and a private one, without the bot
NOT_HERE = (
    "I'm not in this channel, so the {} is in <#C0DIGEST01>. To have it here next time, "
    "invite me with `/invite @SMM Pulse`."
)


NIGHT_ZONE = "America/New_York"  # 02:00 there when the tests' clock says 10:00 in Moscow


@pytest.fixture
def team(bot: Bot) -> Bot:
    """Marketing: Anna, Vera (on vacation). Sales: Boris, Gleb (night where he is), a
    deactivated account. The SMM channel: the manager and Anna. The bot is in all three."""
    bot.slack.users = [
        {"id": ANNA, "name": "anna", "tz": "Europe/Moscow", "profile": {"display_name": "Anna"}},
        {"id": BORIS, "name": "boris", "tz": "Europe/Moscow", "profile": {}},
        {"id": VERA, "name": "vera", "profile": {"status_emoji": ":palm_tree:"}},
        {"id": GLEB, "name": "gleb", "tz": NIGHT_ZONE, "profile": {}},
        {"id": GONE, "name": "gone", "deleted": True, "profile": {}},
        {"id": MANAGER, "name": "manager", "tz": "Europe/Moscow", "profile": {}},
        {"id": BOT_USER_ID, "name": "smm-pulse", "is_bot": True, "profile": {}},
    ]
    bot.slack.members = {
        MARKETING: [ANNA, VERA, BOT_USER_ID],
        SALES: [BORIS, GLEB, GONE, BOT_USER_ID],
        DIGEST: [MANAGER, ANNA, BOT_USER_ID],
    }
    return bot


async def slash(
    bot: Bot, typed: str, user: str = MANAGER, channel: str = MARKETING
) -> dict[str, Any]:
    """/smm-task with what the person typed (mentions picked as @U…, @S…, #C…), as Slack
    sends it; returns the immediate JSON answer."""
    response_url = bot.slack.response_url()
    form = slash_command("/smm-task", typed, user=user, channel=channel, response_url=response_url)
    status, body = await bot.sender.post_form(form)
    assert status == 200, body
    return json.loads(body) if body else {}


async def read(bot: Bot, text: str, user: str = MANAGER, channel: str = MARKETING) -> str:
    """list, status, stats: acked at once and answered through response_url once the database
    has been read; returns that answer."""
    before = len(bot.slack.calls_to("response_url"))
    assert await slash(bot, text, user=user, channel=channel) == {}
    [answer] = (await bot.slack.wait_for("response_url", count=before + 1))[before:]
    assert answer.args["response_type"] == "ephemeral"
    return str(answer.args["text"])


def dms(bot: Bot) -> dict[str, Any]:
    """Delivered task DMs by user (a failed call delivered nothing)."""
    return {
        c.args["channel"]: c for c in bot.slack.calls_to("chat.postMessage")
        if not c.failed and c.args["channel"].startswith("U")
    }  # fmt: skip


def dms_of(delivered: dict[str, Any]) -> set[str]:
    return {c.response["channel"] for c in delivered.values()}


def responses(bot: Bot) -> list[str]:
    return [c.args.get("text", "") for c in bot.slack.calls_to("response_url")]


async def click(bot: Bot, dm: Any, action_id: str, user: str) -> None:
    [button] = [b for b in dm.args["blocks"][-1]["elements"] if b["action_id"] == action_id]
    payload = button_click(
        user=user, channel=dm.response["channel"], message_ts=dm.response["ts"],
        action_id=action_id, value=button["value"],
        response_url=bot.slack.response_url(),
    )  # fmt: skip
    status, _ = await bot.sender.post_interaction(payload)
    assert status == 200
    await bot.settle()


async def created(bot: Bot, text: str, count: int, **kwargs: Any) -> dict[str, Any]:
    answer = await slash(bot, text, **kwargs)
    assert answer == {"response_type": "ephemeral", "text": "Setting up the task…"}
    await bot.slack.wait_for("response_url", timeout=20)  # a flaky Slack needs retries
    for _ in range(600):  # 300 DMs on a busy machine take seconds
        if len(dms(bot)) >= count:
            break
        await asyncio.sleep(0.05)
    return dms(bot)


async def the_task(bot: Bot) -> Task:
    progress = await bot.runtime.tasks.progress(1)
    assert progress is not None
    return progress.task


async def test_a_task_reaches_everyone_available_and_names_the_skipped(team: Bot) -> None:
    window = team.settings.task_window
    earliest = team.runtime.calendar.now() + window
    delivered = await created(team, POST, 3)
    latest = team.runtime.calendar.now() + window
    assert set(delivered) == {ANNA, BORIS, MANAGER}
    [done] = responses(team)
    assert done.startswith("Task #1 is on: 3 people asked, 4 skipped, until ")

    dm = delivered[ANNA]
    assert "*Quick task, VK:* Like this post by *" in shown(dm.args) and POST in shown(dm.args)
    local = {f"*{moment.astimezone(ZONE):%H:%M}*" for moment in (earliest, latest)}
    assert any(deadline in shown(dm.args) for deadline in local)  # Anna's zone is Moscow
    buttons = [b["action_id"] for b in dm.args["blocks"][-1]["elements"]]
    assert buttons == [ids.TASK_DONE, ids.TASK_CANT]

    [progress] = [
        c for c in team.slack.calls_to("chat.postMessage") if c.args["channel"] == MARKETING
    ]
    assert "Quick task #1 · VK · like" in shown(progress.args)
    assert "0/3" in shown(progress.args)
    status = await read(team, "status 1")
    assert "0/3" in status and "3 waiting" in status


@pytest.mark.parametrize("bot_env", [{"TASK_AUDIENCE": "S0SALES001"}], indirect=True)
async def test_every_kind_of_audience_and_the_configured_default(team: Bot) -> None:
    team.slack.usergroups = {"S0SALES001": [BORIS], "S0OTHER001": [MANAGER]}
    delivered = await created(team, f"{POST} 5m share", 1)
    assert set(delivered) == {BORIS}  # TASK_AUDIENCE, a user group
    await slash(team, f"{POST} @{ANNA} @S0OTHER001 #{SALES} 1h comment")
    await team.slack.wait_for("response_url", count=2)
    await team.settle()
    second = [
        c.args["channel"] for c in team.slack.calls_to("chat.postMessage")
        if c.args["channel"].startswith("U") and "Comment on" in shown(c.args)
    ]  # fmt: skip
    assert sorted(second) == sorted([ANNA, MANAGER, BORIS])


@pytest.mark.parametrize(
    ("text", "user", "problem"),
    [
        ("10m", MANAGER, "Give the post's link first."),
        ("htp:/x", MANAGER, "is not a link to a post"),
        (f"{POST} 5s", MANAGER, "The window must be between 10s and 24h."),
        (f"{POST} 25h", MANAGER, "The window must be between 10s and 24h."),
        ("frobnicate", MANAGER, "I don't know `frobnicate`."),
        (f"{POST} quickly", MANAGER, "I don't understand `quickly` here."),
        (POST, ANNA, "Only the SMM managers can create or cancel tasks."),
        ("cancel 1", ANNA, "Only the SMM managers can create or cancel tasks."),
    ],
)
async def test_bad_input_is_explained_with_the_usage_and_stores_nothing(
    team: Bot, text: str, user: str, problem: str
) -> None:
    answer = await slash(team, text, user=user)
    assert answer["response_type"] == "ephemeral"
    assert problem in answer["text"]
    assert "*Usage:* `/smm-task &lt;post URL&gt;" in answer["text"]  # mrkdwn: < is &lt;
    await team.settle()
    assert team.slack.calls_to("chat.postMessage") == []
    assert await read(team, "list") == "No open tasks."
    assert await team.runtime.tasks.rearm() == 0  # refused: a restart does not set it up again


async def test_status_of_a_task_that_does_not_exist(team: Bot) -> None:
    answer = await read(team, "status 99")
    assert answer.startswith("There is no task #99.\n\n*Usage:* `/smm-task &lt;post URL&gt;")


async def test_an_audience_of_nobody_available_stores_nothing(team: Bot) -> None:
    answer = await slash(team, f"{POST} @{VERA} @{GLEB}")
    assert answer["text"] == "Setting up the task…"
    [reply] = [c.args for c in await team.slack.wait_for("response_url")]
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith("Nobody in that audience can take the task right now.")
    assert team.slack.calls_to("chat.postMessage") == []
    assert await read(team, "list") == "No open tasks."


async def test_a_task_from_a_channel_without_the_bot_shows_its_progress_in_the_digest(
    team: Bot,
) -> None:
    team.slack.members[LOUNGE] = [MANAGER, ANNA]
    delivered = await created(team, f"{POST} #{LOUNGE}", 2, channel=LOUNGE)
    assert set(delivered) == {MANAGER, ANNA}  # a public channel's members: readable from outside
    [done] = responses(team)
    assert done.startswith("Task #1 is on: 2 people asked, 0 skipped, until ")
    assert done.endswith("\n" + NOT_HERE.format("live progress"))
    posted = [c for c in team.slack.calls_to("chat.postMessage") if c.args["channel"][0] == "C"]
    assert [c.args["channel"] for c in posted] == [DIGEST]  # nothing tried in the lounge
    assert "Quick task #1 · VK · like" in posted[0].args["text"]
    await team.runtime.task_deadlines.finish(1)
    updates = team.slack.calls_to("chat.update")
    assert updates and {c.args["channel"] for c in updates} <= {DIGEST, *dms_of(delivered)}
    assert all(c.response and c.response["ok"] for c in updates)


async def test_an_audience_channel_the_bot_cannot_see_is_named_with_the_fix(team: Bot) -> None:
    team.slack.members[SECRET] = [MANAGER, ANNA]  # private, and the bot was never invited
    answer = await slash(team, f"{POST} @{BORIS} #{SECRET}")
    assert answer["text"] == "Setting up the task…"
    [reply] = [c.args for c in await team.slack.wait_for("response_url")]
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith(
        f"I can't see <#{SECRET}>: it's a private channel I'm not in. "
        "Invite me with `/invite @SMM Pulse` there, then try again."
    )
    await team.settle()
    assert team.slack.calls_to("chat.postMessage") == []
    assert await read(team, "list") == "No open tasks."
    assert await team.runtime.tasks.rearm() == 0  # refused: a restart does not set it up again


async def test_done_cant_a_double_click_and_someone_elses_click(team: Bot) -> None:
    delivered = await created(team, POST, 3)
    await click(team, delivered[ANNA], ids.TASK_DONE, ANNA)
    [update] = [
        c
        for c in team.slack.calls_to("chat.update")
        if c.args["ts"] == delivered[ANNA].response["ts"]
    ]
    assert ":white_check_mark: Done in " in shown(update.args)
    assert update.args["blocks"][-1]["type"] == "context"  # the buttons are gone

    await click(team, delivered[ANNA], ids.TASK_CANT, ANNA)  # a second click: nothing changes
    assert responses(team)[-1] == "You have answered already."
    await click(team, delivered[BORIS], ids.TASK_DONE, ANNA)  # not hers
    assert responses(team)[-1] == "This task belongs to someone else."
    await click(team, delivered[BORIS], ids.TASK_CANT, BORIS)
    cant = [
        c
        for c in team.slack.calls_to("chat.update")
        if c.args["ts"] == delivered[BORIS].response["ts"]
    ]
    assert [shown(c.args).splitlines()[-1] for c in cant] == [
        "Noted: you can't this time. Thanks for saying so."
    ]

    # The live message follows, at most once per 2 s.
    progress_ts = next(
        c.response["ts"]
        for c in team.slack.calls_to("chat.postMessage")
        if c.args["channel"] == MARKETING
    )
    for _ in range(60):
        updates = [c for c in team.slack.calls_to("chat.update") if c.args["ts"] == progress_ts]
        if updates and "1 can't" in shown(updates[-1].args):
            break
        await asyncio.sleep(0.1)
    assert "1/3 · 1 done · 1 can't · 1 waiting" in shown(updates[-1].args)
    times = [
        c for c in team.slack.calls if c.method == "chat.update" and c.args["ts"] == progress_ts
    ]
    assert len(times) <= 3


async def test_reminder_halfway_report_at_the_deadline_and_late_clicks(team: Bot) -> None:
    delivered = await created(team, f"{POST} 10s", 3)
    await click(team, delivered[ANNA], ids.TASK_DONE, ANNA)
    await click(team, delivered[BORIS], ids.TASK_CANT, BORIS)
    # Halfway (5 s): one reminder, to the manager only (the others have answered).
    task = await the_task(team)
    await team.skip_to(task.halfway)
    reminders = await team.slack.wait_for("chat.postMessage", count=5, timeout=8)
    [reminder] = [c for c in reminders if shown(c.args).startswith("Reminder:")]
    assert reminder.args["channel"] == delivered[MANAGER].response["channel"]

    progress_ts = next(c.response["ts"] for c in reminders if c.args["channel"] == MARKETING)
    await team.skip_to(task.deadline)
    report = [c for c in team.slack.calls_to("chat.update") if c.args["ts"] == progress_ts]
    text = shown(report[-1].args)
    assert "Report" in text
    assert "Done in time: 1 of 3 (33%), median " in text
    assert f"Can't: <@{BORIS}>" in text
    assert f"No answer: <@{MANAGER}>" in text
    assert f"<@{VERA}> (out of office)" in text and f"<@{GLEB}> (outside working hours)" in text
    assert f"<@{GONE}> (deactivated)" in text and f"<@{BOT_USER_ID}> (a bot)" in text
    # In Slack the report reads line by line, as the text does.
    lines = "\n".join(b["text"]["text"] for b in report[-1].args["blocks"])
    assert f"\nCan't: <@{BORIS}>\nNo answer: <@{MANAGER}>\n" in lines

    await click(team, delivered[MANAGER], ids.TASK_DONE, MANAGER)
    [late] = [
        c
        for c in team.slack.calls_to("chat.update")
        if c.args["ts"] == delivered[MANAGER].response["ts"]
    ]
    assert "after the deadline" in shown(late.args)
    final = [c for c in team.slack.calls_to("chat.update") if c.args["ts"] == progress_ts][-1]
    assert f"Late: <@{MANAGER}>" in shown(final.args)
    assert "No answer" not in shown(final.args)
    assert await read(team, "list") == "No open tasks."


def in_marketing(bot: Bot) -> list[Any]:
    """The posts Slack took in the marketing channel (a lost answer's post too)."""
    return [
        c for c in bot.slack.calls_to("chat.postMessage")
        if not c.failed and c.args["channel"] == MARKETING
    ]  # fmt: skip


async def test_a_report_slack_failed_at_the_deadline_comes_with_a_later_sweep(team: Bot) -> None:
    await created(team, f"{POST} 10s", 3)
    await team.settle()  # the live message's update after the DMs
    task = await the_task(team)

    def reports() -> list[Any]:
        return [
            c for c in team.slack.calls_to("chat.update")
            if c.args["ts"] == task.progress_ts and not c.failed and "Report" in shown(c.args)
        ]  # fmt: skip

    team.slack.fail_next("chat.update", status=500, times=SEND_ATTEMPTS)  # the deadline's tries
    await team.skip_to(task.deadline)
    assert len(team.slack.calls_to("chat.update")) >= SEND_ATTEMPTS and reports() == []
    await team.runtime.task_deadlines.retry()
    assert reports() == []  # too soon: the deadline's own tries may still be on their way
    await team.skip_to(team.clock() + RETRY_AFTER)
    await jobs.Schedule(team.runtime).sweep()
    [report] = reports()
    assert f"No answer: <@{ANNA}>" in shown(report.args)
    await team.runtime.task_deadlines.retry()
    assert len(reports()) == 1  # reported: the sweep leaves it be


async def test_a_live_message_that_did_not_get_out_comes_with_a_later_sweep_once(
    team: Bot,
) -> None:
    team.slack.fail_next("chat.postMessage", status=500, times=100)  # Slack down as it starts
    assert (await slash(team, f"{POST} 10m"))["text"] == "Setting up the task…"
    await team.slack.wait_for("response_url", timeout=20)
    team.slack.reset()  # and back: the DMs go out from the outbox
    await team.settle()
    assert len(dms(team)) == 3
    task = await the_task(team)
    assert task.progress_ts is None and in_marketing(team) == []
    await team.runtime.task_deadlines.retry()
    assert in_marketing(team) == []  # too soon: the setup's own tries may still be on their way

    team.slack.lost = {"chat.postMessage": 1.0}  # posted, and the answer lost
    await team.skip_to(task.created_at + RETRY_AFTER)
    await team.runtime.task_deadlines.retry()
    team.slack.lost = {}
    [live] = in_marketing(team)
    assert live.lost and "0/3" in shown(live.args)
    task = await the_task(team)
    assert task.progress_ts == live.response["ts"]  # found by its key, not posted again
    await team.runtime.task_deadlines.retry()
    await team.skip_to(task.deadline)
    assert len(in_marketing(team)) == 1
    report = [c for c in team.slack.calls_to("chat.update") if c.args["ts"] == task.progress_ts]
    assert "Report" in shown(report[-1].args)


async def test_a_task_without_its_live_message_posts_the_report_at_the_deadline(team: Bot) -> None:
    team.slack.fail_next("chat.postMessage", status=500, times=100)
    await slash(team, f"{POST} 10s")
    await team.slack.wait_for("response_url", timeout=20)
    team.slack.reset()
    await team.settle()
    task = await the_task(team)
    assert task.progress_ts is None
    team.slack.lost = {"chat.postMessage": 1.0}
    await team.skip_to(task.deadline)
    team.slack.lost = {}
    [report] = in_marketing(team)
    assert report.lost and "Report" in shown(report.args)
    assert (await the_task(team)).progress_ts == report.response["ts"]
    await team.skip_to(team.clock() + RETRY_AFTER)
    await team.runtime.task_deadlines.retry()
    assert len(in_marketing(team)) == 1  # reported: the sweep posts nothing more


async def test_slack_down_at_halfway_each_reminder_comes_with_the_sweep_once(team: Bot) -> None:
    delivered = await created(team, f"{POST} 10m", 3)
    await team.settle()
    task = await the_task(team)

    def reminded() -> list[str]:
        return [
            c.args["channel"] for c in team.slack.calls_to("chat.postMessage")
            if not c.failed and shown(c.args).startswith("Reminder:")
        ]  # fmt: skip

    team.slack.fail_next("chat.postMessage", status=500, times=2 * SEND_ATTEMPTS)
    await team.skip_to(task.halfway)
    assert len(reminded()) == 1  # two people's every try failed; the third got through
    team.slack.lost = {"chat.postMessage": 1.0}  # Slack is back, but its answers are lost
    await team.runtime.task_deadlines.retry()
    team.slack.lost = {}
    assert sorted(reminded()) == sorted(dms_of(delivered))
    await team.runtime.task_deadlines.retry()  # each was found by its key: none goes twice
    await team.skip_to(task.deadline)
    assert sorted(reminded()) == sorted(dms_of(delivered))


async def test_cancel_stops_reminders_and_closes_every_open_dm(team: Bot) -> None:
    delivered = await created(team, f"{POST} 10s", 3)
    await click(team, delivered[ANNA], ids.TASK_DONE, ANNA)
    assert (await slash(team, "cancel #1")) == {}
    [answer] = [shown(c.args) for c in await team.slack.wait_for("response_url", count=2)][1:]
    assert answer == "Task #1 is cancelled."
    await team.settle()
    closed = {
        c.args["ts"]: shown(c.args) for c in team.slack.calls_to("chat.update")
        if "cancelled" in shown(c.args)
    }  # fmt: skip
    assert delivered[BORIS].response["ts"] in closed and delivered[MANAGER].response["ts"] in closed
    assert delivered[ANNA].response["ts"] not in closed  # she had answered
    await team.skip_to((await the_task(team)).halfway)  # past halfway: no reminder comes
    assert not [
        c for c in team.slack.calls_to("chat.postMessage") if shown(c.args).startswith("Reminder")
    ]
    assert "Cancelled by <@U0MANAGER1>." in await read(team, "status 1")
    answer = await slash(team, "cancel 1")
    await team.settle()
    assert responses(team)[-1].startswith("Task #1 is not open any more.")


async def test_a_cancelled_tasks_live_message_slack_failed_to_update_comes_with_a_sweep(
    team: Bot,
) -> None:
    """Slack refuses one DM's update and fails the live message's: the task is cancelled all
    the same, the other DMs are closed, and the sweep mends the live message."""
    await created(team, f"{POST} 10m", 3)
    await team.settle()
    task = await the_task(team)
    normal, failures = team.slack._chat_update, [SEND_ATTEMPTS]

    def live_message_down(args: dict[str, Any]) -> dict[str, Any]:
        if args["ts"] == task.progress_ts and failures[0]:
            failures[0] -= 1
            return {"ok": False, "error": "internal_error"}
        return normal(args)

    team.slack.set_handler("chat.update", live_message_down)
    team.slack.fail_next("chat.update", status=404, times=1)  # one DM's: a refusal, no retry
    assert (await slash(team, "cancel 1")) == {}
    await team.settle()
    assert responses(team)[-1] == "Task #1 is cancelled."  # cancelled, whatever Slack said

    def live_message() -> str:
        [message] = [m for m in team.slack.messages[MARKETING] if m["ts"] == task.progress_ts]
        return str(shown(message))

    assert "Cancelled by" not in live_message()
    closed = [
        c
        for c in team.slack.calls_to("chat.update")
        if not c.failed and "cancelled" in shown(c.args)
    ]
    assert len(closed) == 2  # the DMs but the refused one
    await team.skip_to(team.clock() + RETRY_AFTER)
    await jobs.Schedule(team.runtime).sweep()
    assert "Cancelled by <@U0MANAGER1>." in live_message()


async def test_stats_rank_people_departments_and_networks(team: Bot) -> None:
    delivered = await created(team, f"{POST} 10s", 3)
    await click(team, delivered[ANNA], ids.TASK_DONE, ANNA)
    await click(team, delivered[BORIS], ids.TASK_CANT, BORIS)
    await team.runtime.task_deadlines.finish(1)
    text = await read(team, "stats 30d")
    assert text.startswith("*Quick tasks, last 30 days*\nTasks: 1 · 33% done in time (1 of 3)")
    top = text.split("*Top five*\n", 1)[1].split("\n*", 1)[0].splitlines()
    assert top[0].startswith(f"• <@{ANNA}>: 100% in time (1 of 1), median ")
    assert "• Marketing: 100% in time (1 of 1)" in text
    assert "• Sales: 0% in time (0 of 1)" in text
    assert "• VK: 33% in time (1 of 3)" in text
    assert "статистика" not in text
    listing = await read(team, "list")
    assert listing == "No open tasks."


async def test_a_flaky_slack_still_delivers_every_dm_once(team: Bot) -> None:
    people = [f"U0PEOPLE{n:02d}" for n in range(40)]
    team.slack.users += [{"id": u, "name": u, "tz": "Europe/Moscow", "profile": {}} for u in people]
    team.slack.members[DIGEST] = people
    team.slack.flaky = {"chat.postMessage": (0.25, 500)}
    team.slack.fail_next("chat.postMessage", status=429, retry_after=1, times=3)
    await created(team, POST, len(people) + 2)
    await team.settle(60)  # the outbox retries in rounds, 2, 4, 8… s apart on the clock
    delivered = [
        c.args["channel"] for c in team.slack.calls_to("chat.postMessage")
        if not c.failed and c.args["channel"].startswith("U")
    ]  # fmt: skip
    assert sorted(delivered) == sorted(set(delivered))  # nobody twice
    assert set(people) <= set(delivered)
    assert any(c.failed for c in team.slack.calls_to("chat.postMessage"))


def charts(bot: Bot) -> list[tuple[dict[str, Any], bytes]]:
    """Charts shared: the args of each files.completeUploadExternal, with its file's bytes."""
    done = [c for c in bot.slack.calls_to("files.completeUploadExternal") if not c.failed]
    return [(c.args, bot.slack.uploads[c.args["files"][0]["id"]]) for c in done]


def week_title(bot: Bot) -> str:
    today = bot.runtime.calendar.today()
    first, last = short_date("en", today - timedelta(days=6)), short_date("en", today)
    return f"Quick tasks done in time, {first} – {last}"


async def finished_task(bot: Bot) -> None:
    delivered = await created(bot, f"{POST} 10s", 3)
    await click(bot, delivered[ANNA], ids.TASK_DONE, ANNA)
    await bot.runtime.task_deadlines.finish(1)


async def test_stats_come_with_a_chart_in_the_commands_channel(team: Bot) -> None:
    await finished_task(team)
    text = await read(team, "stats", channel=SALES)
    assert text.startswith("*Quick tasks, last 7 days*\nTasks: 1 · 33% done in time (1 of 3)")
    await team.settle()
    uploading = [c.method for c in team.slack.calls if c.method.startswith("files.")]
    assert uploading == ["files.getUploadURLExternal", "files.completeUploadExternal"]
    [(shared, png)] = charts(team)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(team.slack.calls_to(UPLOAD)) == 1
    assert shared["channel_id"] == SALES
    assert shared["initial_comment"] == (
        "Quick tasks, last 7 days: the share done in time, per day and department."
    )
    assert shared["files"][0]["title"] == week_title(team)

    answered = len(responses(team))
    await read(team, "stats 30d", channel="D0MANAGER1")  # a DM: the digest channel instead
    await team.settle()
    shared, png = charts(team)[-1]
    assert shared["channel_id"] == DIGEST and png.startswith(b"\x89PNG")
    assert shared["initial_comment"].startswith("Quick tasks, last 30 days:")
    assert len(responses(team)) == answered + 1  # the stats; nothing said about where charts went


async def test_stats_from_a_channel_without_the_bot_bring_the_chart_to_the_digest(
    team: Bot,
) -> None:
    team.slack.members[LOUNGE] = [MANAGER]
    await finished_task(team)
    text = await read(team, "stats", channel=LOUNGE)
    assert text.startswith("*Quick tasks, last 7 days*\nTasks: 1 · 33% done in time (1 of 3)")
    await team.slack.wait_for("response_url", count=3)  # the task's answer, the stats, the note
    [(shared, png)] = charts(team)
    assert shared["channel_id"] == DIGEST and png.startswith(b"\x89PNG")
    assert responses(team)[-1] == NOT_HERE.format("chart")


async def test_stats_count_the_same_local_days_as_the_chart(team: Bot) -> None:
    """ "Last 7 days" is today and the six local days before it, in TIMEZONE."""
    await finished_task(team)
    calendar = team.runtime.calendar
    first = calendar.start_of(calendar.today() - timedelta(days=6))

    async def stats_with_the_task_set_at(moment: datetime) -> str:
        async with team.runtime.engine.begin() as connection:
            await connection.execute(update(TaskRow).values(created_at=moment))
        return await read(team, "stats")

    within = await stats_with_the_task_set_at(first)
    assert "\nTasks: 1 ·" in within and within.endswith("*Posts by network*\n• VK: 1 post")
    just_before = await stats_with_the_task_set_at(first - timedelta(microseconds=1))
    # The task's VK post, the company's last, counts in the posts per network on the same days.
    assert just_before.endswith("No tasks in that period.\n*Posts by network*\n• VK: 0 posts")


async def test_no_tasks_no_chart(team: Bot) -> None:
    text = await read(team, "stats 90d")
    assert text == "*Quick tasks, last 90 days*\nNo tasks in that period."
    await team.settle()
    assert [c.method for c in team.slack.calls if c.method.startswith("files.")] == []


async def test_a_failed_upload_is_logged_and_the_answer_stands(
    team: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    await finished_task(team)
    team.slack.fail_next("files.getUploadURLExternal", error="access_denied")
    text = await read(team, "stats")
    assert text.startswith("*Quick tasks, last 7 days*\nTasks: 1 · 33% done in time (1 of 3)")
    await team.settle()
    assert [c.failed for c in team.slack.calls_to("files.getUploadURLExternal")] == [True]
    assert team.slack.calls_to("files.completeUploadExternal") == []
    assert "no task chart for the 7 days" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_the_weekly_roll_up_brings_the_weeks_chart_once_per_channel(team: Bot) -> None:
    today = team.runtime.calendar.today()

    def rollups() -> list[str]:
        return [
            c.args["channel"] for c in team.slack.calls_to("chat.postMessage")
            if shown(c.args).startswith("Voice of the customer")
        ]  # fmt: skip

    await finished_task(team)
    results = await jobs.feedback_rollup(team.runtime, today - timedelta(days=7), False)
    assert [r.outcome for r in results] == [Outcome.POSTED, Outcome.POSTED]
    assert rollups() == [MARKETING, SALES]
    assert charts(team) == []  # that week had no tasks

    team.slack.fail_next(UPLOAD, status=500)  # the first channel's chart does not get through
    results = await jobs.feedback_rollup(team.runtime, today, False)
    assert jobs.describe(team.runtime, "feedback-rollup", today, results) == [
        f"Voice of the customer posted to Marketing ({MARKETING}).",
        f"Voice of the customer posted to Sales ({SALES}).",
    ]
    assert rollups() == [MARKETING, SALES] * 2
    [(shared, png)] = charts(team)
    assert shared["channel_id"] == SALES and png.startswith(b"\x89PNG")
    assert shared["files"][0]["title"] == week_title(team)
    await jobs.feedback_rollup(team.runtime, today, False)
    assert rollups() == [MARKETING, SALES] * 2 and len(charts(team)) == 1
