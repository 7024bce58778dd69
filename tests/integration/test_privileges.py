"""Privileges on every path: only managers close reputation threats (from the alert, the
briefing or the Home tab, and in the service itself); /smm-task list, status and stats show
anyone else only their own record, with no chart in a channel."""

from __future__ import annotations

from typing import Any

from bot.domain.model.items import ThreatStatus
from bot.simulator.workspace import DIGEST, MANAGER, SALES
from bot.slack import ids
from tests.conftest import Bot, shown
from tests.integration.test_briefing import briefing_text, section
from tests.integration.test_tasks import ANNA, BORIS, POST, VERA, click, created, read, team
from tests.payloads import button_click

__all__ = ["team"]  # the fixture
REFUSAL = "Only the SMM managers can close reputation threats."


async def reported_threat(bot: Bot) -> tuple[Any, str]:
    """A threat answered in the sales thread: its alert in the digest channel, and its id."""
    prompts = await bot.checkin()
    await bot.reply(SALES, prompts[SALES], "5. Ivan P. promises a bad review on VK")
    [alert] = [
        c for c in await bot.slack.wait_for("chat.postMessage", count=3)
        if c.args["channel"] == DIGEST
    ]  # fmt: skip
    return alert, alert.args["blocks"][-1]["elements"][0]["value"]


async def press(bot: Bot, payload: dict[str, Any]) -> None:
    assert (await bot.sender.post_interaction(payload))[0] == 200
    await bot.settle()


def on_the_alert(bot: Bot, alert: Any, action_id: str, value: str, user: str) -> dict[str, Any]:
    return button_click(
        user=user, channel=DIGEST, message_ts=alert.response["ts"], action_id=action_id,
        value=value, response_url=bot.slack.response_url(),
    )  # fmt: skip


async def test_only_a_manager_closes_a_threat_from_its_alert(bot: Bot) -> None:
    alert, threat_id = await reported_threat(bot)
    for action_id in (ids.THREAT_RESOLVE, ids.THREAT_DISMISS):
        await press(bot, on_the_alert(bot, alert, action_id, threat_id, ANNA))
        refusal = bot.slack.calls_to("response_url")[-1].args
        assert refusal["text"] == REFUSAL
        assert refusal["response_type"] == "ephemeral" and refusal["replace_original"] is False
    assert bot.slack.calls_to("chat.update") == []  # the alert keeps its buttons
    assert "Ivan P." in section(await briefing_text(bot), "Reputation threats")

    await press(bot, on_the_alert(bot, alert, ids.THREAT_RESOLVE, threat_id, MANAGER))
    [update] = [
        c for c in bot.slack.calls_to("chat.update") if c.args["ts"] == alert.response["ts"]
    ]  # fmt: skip
    assert f"Resolved by <@{MANAGER}>" in shown(update.args)


async def test_a_click_on_the_home_tab_by_someone_else_is_refused_in_a_dm(bot: Bot) -> None:
    """The Home tab has no response_url: the refusal is a DM, and the tab is redrawn (without
    threats: they are shown to managers only)."""
    _, threat_id = await reported_threat(bot)
    payload = {
        "type": "block_actions", "user": {"id": ANNA}, "api_app_id": "A0FAKE",
        "team": {"id": "T0FAKE"}, "trigger_id": "1.2", "container": {"type": "view"},
        "view": {"type": "home", "id": "VHOME"},
        "actions": [{"action_id": ids.THREAT_RESOLVE, "value": threat_id, "type": "button"}],
    }  # fmt: skip
    await press(bot, payload)
    [dm] = [c for c in bot.slack.calls_to("chat.postMessage") if c.args["channel"] == ANNA]
    assert dm.args["text"] == REFUSAL
    [home] = bot.slack.calls_to("views.publish")
    assert home.args["user_id"] == ANNA
    assert "Ivan P." not in str(home.args["view"])
    assert bot.slack.calls_to("chat.update") == []
    assert "Ivan P." in section(await briefing_text(bot), "Reputation threats")


async def test_the_briefing_service_itself_refuses_someone_else(bot: Bot) -> None:
    _, threat_id = await reported_threat(bot)
    briefings = bot.runtime.briefings
    assert not await briefings.close_threat(int(threat_id), ThreatStatus.RESOLVED, ANNA)
    assert "Ivan P." in section(await briefing_text(bot), "Reputation threats")
    assert await briefings.close_threat(int(threat_id), ThreatStatus.RESOLVED, MANAGER)
    assert section(await briefing_text(bot), "Reputation threats") == ""


async def test_someone_else_reads_only_their_own_record_of_the_tasks(team: Bot) -> None:
    delivered = await created(team, f"{POST} 10s", 3)  # Anna, Boris and the manager
    await click(team, delivered[ANNA], ids.TASK_DONE, ANNA)

    listing = await read(team, "list", user=ANNA)
    assert listing.startswith("*Your open tasks*\n• Quick task #1 · VK · like · ")
    assert ":white_check_mark: Done in " in listing
    assert "/3" not in listing and "<@" not in listing  # nobody else's answer, no counts
    status = await read(team, "status 1", user=BORIS)
    assert status.startswith(f"Quick task #1 · VK · like · <{POST}|")
    assert status.splitlines()[1].startswith(":hourglass: Waiting for your answer until ")
    assert "<@" not in status and "/3" not in status
    assert await read(team, "status 1", user=VERA) == (
        f"Quick task #1 · VK · like · <{POST}|the post>\nYou were skipped: out of office."
    )
    assert await read(team, "status 1", user="U0STRANGER") == (
        "Task #1 did not ask you. Only the SMM managers see everyone's answers."
    )
    assert await read(team, "list", user="U0STRANGER") == "No open task has asked you."
    assert "1/3" in await read(team, "status 1")  # the manager sees everyone

    await team.runtime.task_deadlines.finish(1)
    mine = await read(team, "stats 30d", user=ANNA, channel=SALES)
    lines = mine.splitlines()
    assert lines[0] == "*Quick tasks, last 30 days*"
    assert lines[1].startswith("• You: 100% in time (1 of 1), median ")
    assert len(lines) == 2
    assert "• You: 0% in time (0 of 1), median —" in await read(team, "stats", user=BORIS)
    await team.settle()
    assert [c for c in team.slack.calls if c.method.startswith("files.")] == []  # no chart
    everyone = await read(team, "stats 30d", channel=SALES)
    assert f"<@{ANNA}>: 100% in time" in everyone and f"<@{BORIS}>: 0% in time" in everyone
    await team.settle()
    assert team.slack.calls_to("files.completeUploadExternal")[0].args["channel_id"] == SALES
