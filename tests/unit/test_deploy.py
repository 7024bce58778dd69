"""The image and compose file as docs/operations.md describes them (no Docker engine needed)."""

from __future__ import annotations

import json
from typing import Any

import yaml

from bot.db.migrate import ROOT


def runtime_stage() -> dict[str, str]:
    """The last stage's instructions, the later of two alike winning."""
    stage = (ROOT / "Dockerfile").read_text().replace("\\\n", " ").split("\nFROM ")[-1]
    lines = stage.splitlines()[1:]  # after the image it is FROM
    return dict(line.split(" ", 1) for line in lines if line and line[0] != "#")


def test_a_relative_sqlite_path_lands_on_the_volume() -> None:
    stage = runtime_stage()
    [volume] = json.loads(stage["VOLUME"])
    assert stage["WORKDIR"] == volume == "/data"
    example = (ROOT / ".env.example").read_text()
    assert "\nDATABASE_URL=sqlite:///smm_pulse.db\n" in example  # relative: from WORKDIR


def test_compose_publishes_port_privately_and_waits_for_the_bot_to_stop() -> None:
    compose: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    bot = compose["services"]["bot"]
    assert bot["ports"] == ["127.0.0.1:${PORT:-3000}:${PORT:-3000}"]  # the proxy is in front
    assert int(bot["stop_grace_period"].removesuffix("s")) > 10  # the bot's own budget
