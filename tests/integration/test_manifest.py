"""manifest.yml and the app agree: its commands and events have listeners, and every command or
event the app listens to is in it. Checked by reading Bolt's listeners and through the endpoint."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import yaml

from bot.simulator.sender import event_callback
from bot.simulator.workspace import MARKETING
from tests.conftest import Bot
from tests.integration.test_cli import environment, smm_bot
from tests.payloads import slash_command

ROOT = Path(__file__).resolve().parents[2]


def manifest() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "manifest.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def listened(bot: Bot) -> dict[str, set[str]]:
    """What the Bolt app listens to, read from its listeners' matchers."""
    found: dict[str, set[str]] = {"command": set(), "event": set()}
    app = bot.app
    for listener in app._async_listeners:
        for matcher in listener.matchers:
            inner = inspect.getclosurevars(matcher.func).nonlocals["func"]
            kind = inner.__qualname__.split(".")[0]
            values = inspect.getclosurevars(inner).nonlocals
            if kind == "command":
                found["command"].add(values["command"])
            elif kind == "event":
                found["event"].add(values["event_type"])
    return found


async def test_commands_and_events_match_the_listeners_both_ways(bot: Bot) -> None:
    declared = manifest()
    commands = {c["command"] for c in declared["features"]["slash_commands"]}
    events = {e.split(".")[0] for e in declared["settings"]["event_subscriptions"]["bot_events"]}
    assert listened(bot) == {"command": commands, "event": events}

    where = {"user": "U0ANNA0001", "channel": MARKETING, "response_url": f"{bot.slack.base_url}x"}
    for command in commands:
        status, body = await bot.sender.post_form(slash_command(command, "help", **where))
        assert status == 200 and "Usage" in json.loads(body)["text"], command
    unknown = slash_command("/smm-unknown", "help", **where)
    assert (await bot.sender.post_form(unknown))[0] == 404  # no listener: 404
    for subscription in declared["settings"]["event_subscriptions"]["bot_events"]:
        if not subscription.startswith("message."):
            home = {"type": subscription, "user": "U0ANNA0001", "tab": "home"}
            assert (await bot.sender.post_event(event_callback(home)))[0] == 200, subscription
            continue
        kind = subscription.split(".")[1].removesuffix("s")  # message.groups → group
        event = bot.message(MARKETING, "1764000000.000001", "hello")
        event["channel_type"] = kind
        assert (await bot.sender.post_event(event_callback(event)))[0] == 200, subscription


async def test_manifest_command_fills_in_the_urls(
    clean_db: str, tmp_path: Path, slack: Any
) -> None:
    env = environment(clean_db, slack)
    code, out, _ = await smm_bot(
        "manifest", "--url", "https://pulse.example.org/", env=env, cwd=tmp_path
    )
    assert code == 0
    printed = yaml.safe_load(out)
    assert "YOUR-HOST" not in out
    assert (
        printed["settings"]["interactivity"]["request_url"]
        == "https://pulse.example.org/slack/events"
    )
    assert {c["url"] for c in printed["features"]["slash_commands"]} == {
        "https://pulse.example.org/slack/events"
    }
    code, _, err = await smm_bot("manifest", "--url", "http://insecure", env=env, cwd=tmp_path)
    assert code == 2 and "https://" in err
    # The events URL itself, as Slack's settings page shows it: the path is not doubled.
    _, again, _ = await smm_bot(
        "manifest", "--url", "https://pulse.example.org/slack/events", env=env, cwd=tmp_path
    )
    assert again == out


def urls(value: object) -> list[str]:
    """Every request URL anywhere in a manifest."""
    if isinstance(value, dict):
        return [v for k, v in value.items() if k.endswith("url")] + [
            url for v in value.values() for url in urls(v)
        ]
    if isinstance(value, list):
        return [url for v in value for url in urls(v)]
    return []


async def test_socket_mode_manifest_has_no_request_urls(
    clean_db: str, tmp_path: Path, slack: Any
) -> None:
    code, out, _ = await smm_bot(
        "manifest", "--socket", env=environment(clean_db, slack), cwd=tmp_path
    )
    assert code == 0
    printed, http = yaml.safe_load(out), manifest()
    assert printed["settings"]["socket_mode_enabled"] is True
    # the HTTP manifest's: the events', interactivity's and one per command
    assert urls(printed) == [] and len(urls(http)) == 2 + len(http["features"]["slash_commands"])
    assert printed["settings"]["interactivity"] == {"is_enabled": True}
    assert printed["settings"]["event_subscriptions"] == {
        "bot_events": http["settings"]["event_subscriptions"]["bot_events"]
    }
    assert [c["command"] for c in printed["features"]["slash_commands"]] == [
        c["command"] for c in http["features"]["slash_commands"]
    ]
    assert printed["oauth_config"] == http["oauth_config"]
