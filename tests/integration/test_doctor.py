"""`smm-bot doctor` as an admin would run it: one line per check, with the fix."""

from __future__ import annotations

from pathlib import Path

from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from bot.simulator.workspace import DIGEST, MARKETING, SALES
from tests.integration.test_cli import closed_port, environment, smm_bot


async def test_doctor_joins_public_channels_and_explains_a_private_one(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    slack.members = {MARKETING: [BOT_USER_ID], SALES: [], DIGEST: []}
    # Private and the bot not invited: Slack answers channel_not_found, as for a wrong ID.
    slack.channels = {DIGEST: {"is_private": True, "name": "smm-team"}}
    code, out, _ = await smm_bot("doctor", env=environment(clean_db, slack), cwd=tmp_path)
    lines = out.splitlines()
    assert lines[0] == "ok   settings: every setting is valid"
    assert lines[1].startswith("ok   token: the bot is @")
    assert lines[2] == f"ok   MARKETING_CHANNEL: the bot is in #channel-{MARKETING.lower()}"
    assert lines[3] == f"ok   SALES_CHANNEL: the bot has joined #channel-{SALES.lower()}"
    assert lines[4] == (
        f"FAIL DIGEST_CHANNEL: Slack shows the bot no channel {DIGEST}: the ID is wrong, or the "
        "channel is private and the bot is not invited. Fix: check the ID in DIGEST_CHANNEL "
        "(channel details, at the bottom); in a private channel, type `/invite @SMM Pulse`"
    )
    assert lines[5].startswith("ok   database: migrated to the latest revision")
    assert code == 1
    assert [c.args["channel"] for c in slack.calls_to("conversations.join")] == [SALES]


async def test_doctor_names_a_missing_scope_and_the_manifest_fix(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    """An app installed from an older manifest, without channels:join: joining is refused."""
    slack.members = {MARKETING: [BOT_USER_ID], SALES: [], DIGEST: [BOT_USER_ID]}
    slack.scopes = slack.scopes - {"channels:join"}
    code, out, _ = await smm_bot("doctor", env=environment(clean_db, slack), cwd=tmp_path)
    assert code == 1
    assert out.splitlines()[3] == (
        "FAIL SALES_CHANNEL: the app lacks the `channels:join` scope. Fix: add `channels:join` "
        "to oauth_config.scopes.bot in the app's manifest (`smm-bot manifest` prints ours), "
        "then reinstall the app to the workspace"
    )
    [refused] = slack.calls_to("conversations.join")
    assert refused.response is not None and refused.response["error"] == "missing_scope"


async def test_doctor_says_slack_cannot_be_reached(clean_db: str, tmp_path: Path) -> None:
    with closed_port() as port:
        url = f"http://127.0.0.1:{port}/api/"
        env = environment(clean_db, FakeSlack(), SLACK_API_URL=url)
        code, out, _ = await smm_bot("doctor", env=env, cwd=tmp_path)
    assert code == 1
    [line] = [line for line in out.splitlines() if line.startswith("FAIL token")]
    assert line.startswith(f"FAIL token: cannot reach Slack at {url} (")
    assert line.endswith(
        "Fix: check that this machine can reach it: its network, DNS, proxy or firewall"
    )
    assert "SLACK_API_URL" not in out
    # Offline, or no DNS: the name is not found; the database is checked all the same.
    url = "https://slack.invalid/api/"
    env = environment(clean_db, FakeSlack(), SLACK_API_URL=url)
    code, out, err = await smm_bot("doctor", env=env, cwd=tmp_path)
    lines = out.splitlines()
    assert (code, len(lines)) == (1, 3), out
    assert lines[1] == (
        f"FAIL token: cannot reach Slack at {url} (Cannot connect to host slack.invalid:443 "
        "ssl:default [Name or service not known]). Fix: check that this machine can reach it: "
        "its network, DNS, proxy or firewall"
    )
    assert lines[2].startswith("ok   database: migrated to the latest revision")
    assert "Traceback" not in err


async def test_doctor_with_the_database_down_prints_every_check(
    slack: FakeSlack, tmp_path: Path
) -> None:
    slack.members = {channel: [BOT_USER_ID] for channel in (MARKETING, SALES, DIGEST)}
    with closed_port() as port:
        env = environment(f"postgresql://smm:secret@127.0.0.1:{port}/smm", slack)
        code, out, err = await smm_bot("doctor", env=env, cwd=tmp_path)
    assert code == 1
    lines = out.splitlines()
    assert [line[:5] for line in lines] == ["ok   "] * 5 + ["FAIL "]  # the passed ones kept
    assert lines[5] == (
        f"FAIL database: cannot connect to 127.0.0.1:{port} (connection refused). Fix: correct "
        "DATABASE_URL, or start the database and let the bot reach it and write to it"
    )
    assert "Traceback" not in err


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
