"""Captured Slack payloads (the files beside this one; SOURCES.md says where each was
published), as fixtures."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.simulator import sender
from bot.simulator.web_api import TEAM_ID

PAYLOADS_DIR = Path(__file__).parent


def load_payload(name: str) -> dict[str, Any] | str:
    """Read a sample: `.json` files are parsed, anything else (`.txt`) is returned as text."""
    path = PAYLOADS_DIR / name
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        data: dict[str, Any] = json.loads(text)
        return data
    return text


def in_our_workspace(payload: dict[str, Any]) -> dict[str, Any]:
    """A captured payload moved into the simulator's workspace (the bot ignores other teams)."""
    for key in ("team_id", "context_team_id"):
        if payload.get(key):
            payload[key] = TEAM_ID
    for authorization in payload.get("authorizations") or []:
        authorization["team_id"] = TEAM_ID
    if isinstance(payload.get("team"), dict):
        payload["team"]["id"] = TEAM_ID
    if isinstance(payload.get("user"), dict) and "team_id" in payload["user"]:
        payload["user"]["team_id"] = TEAM_ID
    return payload


def _sample(name: str) -> dict[str, Any]:
    payload = load_payload(name)
    assert isinstance(payload, dict)
    return in_our_workspace(payload)


def slash_command(
    command: str,
    typed: str,
    *,
    user: str,
    channel: str,
    response_url: str,
    names: Mapping[str, str] | None = None,
) -> str:
    """The real slash-command sample with our command and what the person typed, escaped and
    form-encoded as Slack sends it (see `sender.escaped`)."""
    return sender.slash_command(
        command, typed, user=user, channel=channel, response_url=response_url, names=names,
        template=_sample("slash_command_real_tekton.parsed.json"),
    )  # fmt: skip


def button_click(**fields: Any) -> dict[str, Any]:
    """The real block_actions sample, pointed at our button (see `sender.button_click`)."""
    return sender.button_click(**fields, template=_sample("block_actions_button_real_2023.json"))
