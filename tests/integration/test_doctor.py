"""`smm-bot doctor` as an admin would run it: one line per check, with the fix."""

from __future__ import annotations

from pathlib import Path

from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from tests.conftest import DIGEST, MARKETING, SALES
from tests.integration.test_cli import environment, smm_bot


async def test_doctor_joins_public_channels_and_explains_a_private_one(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    slack.members = {MARKETING: [BOT_USER_ID], SALES: [], DIGEST: []}
    slack.channels = {DIGEST: {"is_private": True, "name": "smm-team"}}
    code, out, _ = await smm_bot("doctor", env=environment(clean_db, slack), cwd=tmp_path)
    lines = out.splitlines()
    assert lines[0] == "ok   settings: every setting is valid"
    assert lines[1].startswith("ok   token: the bot is @")
    assert lines[2] == f"ok   MARKETING_CHANNEL: the bot is in #channel-{MARKETING.lower()}"
    assert lines[3] == f"ok   SALES_CHANNEL: the bot has joined #channel-{SALES.lower()}"
    assert lines[4] == (
        "FAIL DIGEST_CHANNEL: #smm-team is private and the bot is not in it. "
        "Fix: type `/invite @SMM Pulse` in #smm-team"
    )
    assert lines[5].startswith("ok   database: migrated to the latest revision")
    assert code == 1
    assert [c.args["channel"] for c in slack.calls_to("conversations.join")] == [SALES]


async def test_doctor_names_a_bad_token_and_an_unmigrated_database(
    slack: FakeSlack, tmp_path: Path
) -> None:
    slack.token = "xoxb-the-right-one"
    env = environment(f"sqlite:///{tmp_path / 'empty.db'}", slack)
    code, out, _ = await smm_bot("doctor", env=env, cwd=tmp_path)
    assert code == 1
    assert "FAIL token: Slack says 'invalid_auth'." in out
    slack.token = None
    code, out, _ = await smm_bot("doctor", env=env, cwd=tmp_path)
    assert "FAIL database: at revision —, not the latest. Fix: run `smm-bot migrate`" in out
