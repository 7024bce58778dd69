"""`smm-bot doctor` as an admin would run it: one line per check, with the fix."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.db.migrate import head
from bot.simulator.clock import StagedClock
from bot.simulator.feeds import FakeFeeds
from bot.simulator.telegram import BOT, FakeTelegram
from bot.simulator.vk import FakeVk
from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SALES
from tests.integration.test_cli import closed_port, environment, smm_bot

GROUP = 217000001


@pytest.fixture(autouse=True)
def manager(slack: FakeSlack) -> None:
    """The workspace has the person SMM_MANAGERS names (`settings_env`)."""
    slack.users.append({"id": MANAGER, "name": "maria", "profile": {}})


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
    assert lines[5] == "ok   SMM_MANAGERS: the managers are @maria"
    assert lines[6].startswith("ok   database: migrated to the latest revision")
    assert code == 1
    assert [c.args["channel"] for c in slack.calls_to("conversations.join")] == [SALES]


async def test_doctor_names_managers_missing_or_not_people(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    slack.members = {channel: [BOT_USER_ID] for channel in (MARKETING, SALES, DIGEST)}
    slack.users += [
        {"id": "U0GONE0001", "name": "gone", "deleted": True, "profile": {}},
        {"id": BOT_USER_ID, "name": "smm-pulse", "is_bot": True, "profile": {}},
    ]
    managers = f"{MANAGER},U0NOTREAL1,U0GONE0001,{BOT_USER_ID}"
    env = environment(clean_db, slack, SMM_MANAGERS=managers)
    code, out, _ = await smm_bot("doctor", env=env, cwd=tmp_path)
    assert code == 1
    assert out.splitlines()[5] == (
        f"FAIL SMM_MANAGERS: no person of this workspace: U0GONE0001 (deactivated), U0NOTREAL1 "
        f"(user_not_found), {BOT_USER_ID} (a bot). Fix: copy each manager's member ID from "
        "their Slack profile (⋮ → Copy member ID)"
    )
    code, out, _ = await smm_bot(
        "doctor", env=environment(clean_db, slack, SMM_MANAGERS=""), cwd=tmp_path
    )
    assert code == 1
    assert out.splitlines()[5].startswith(
        "FAIL SMM_MANAGERS: nobody may start quick-like tasks, close threats or edit the questions."
    )


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
    assert [line[:5] for line in lines] == ["ok   "] * 6 + ["FAIL "]  # the passed ones kept
    assert lines[6] == (
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
    assert code == 0  # `smm-bot run` migrates it
    assert (
        f"ok   database: at revision —; `smm-bot run` migrates it to the latest ({head()})" in out
    )
    with sqlite3.connect(tmp_path / "empty.db") as connection:  # as a newer version leaves it
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('0099_from_the_future')")
    code, out, _ = await smm_bot("doctor", env=env, cwd=tmp_path)
    assert code == 1
    assert (
        "FAIL database: at revision 0099_from_the_future, which this version of the bot does not "
        "know (a newer version migrated it). Fix: run that newer version, or restore a backup "
        "made before it"
    ) in out


async def test_doctor_checks_the_app_token_in_socket_mode(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    slack.members = {channel: [BOT_USER_ID] for channel in (MARKETING, SALES, DIGEST)}
    slack.app_token = "xapp-1-A0FAKE-1-the-right-one"
    slack.set_handler("apps.connections.open", lambda _: {"ok": True, "url": "wss://fake/link"})
    env = environment(
        clean_db, slack, SLACK_APP_TOKEN="xapp-1-A0FAKE-1-revoked", SLACK_SIGNING_SECRET=""
    )
    code, out, _ = await smm_bot("doctor", env=env, cwd=tmp_path)
    assert (code, out.splitlines()[2]) == (
        1,
        "FAIL app token: Slack says 'invalid_auth'. Fix: on the app's Basic Information page, "
        "generate an app-level token (xapp-…) with the connections:write scope and paste it "
        "into SLACK_APP_TOKEN",
    )
    assert "revoked" not in out
    env["SLACK_APP_TOKEN"] = slack.app_token
    slack.fail_next("apps.connections.open", status=503)
    code, out, _ = await smm_bot("doctor", env=env, cwd=tmp_path)
    assert (code, out.splitlines()[2]) == (
        1,
        "FAIL app token: Slack did not answer (HTTP 503). Fix: run `smm-bot doctor` again in a "
        "minute",
    )
    code, out, _ = await smm_bot("doctor", env=env, cwd=tmp_path)
    assert (code, out.splitlines()[2]) == (
        0,
        "ok   app token: Slack opens Socket Mode connections with it",
    )


def network_env(clean_db: str, slack: FakeSlack, **networks: str) -> dict[str, str]:
    """The Slack workspace and the database all fine, and the networks as given."""
    slack.members = {channel: [BOT_USER_ID] for channel in (MARKETING, SALES, DIGEST)}
    return environment(clean_db, slack, **networks)


def vk_settings(vk: FakeVk, **overrides: str) -> dict[str, str]:
    settings = {
        "VK_GROUP_ID": str(vk.group_id), "VK_TOKEN": vk.token, "VK_API_URL": vk.base_url,
        "VK_CALLBACK_SECRET": "callback-secret-7", "VK_CONFIRMATION": "693d0ba9",
    }  # fmt: skip
    return settings | overrides


def telegram_settings(telegram: FakeTelegram, **overrides: str) -> dict[str, str]:
    settings = {
        "TELEGRAM_BOT_TOKEN": telegram.token, "TELEGRAM_CHANNEL": "@acme_news",
        "TELEGRAM_API_URL": telegram.base_url,
    }  # fmt: skip
    return settings | overrides


async def test_doctor_checks_each_configured_network_in_a_line(
    clean_db: str, slack: FakeSlack, clock: StagedClock, tmp_path: Path
) -> None:
    """VK: the community is there and the token reads its wall; Telegram: the bot administers
    the channel; feeds: each answers as RSS or Atom. All fine: exit 0."""
    async with (
        FakeVk(GROUP, "vk1.a.admin-token", clock, name="Acme Boots") as vk,
        FakeTelegram() as telegram,
        FakeFeeds(clock=clock) as feeds,
    ):
        blog = feeds.add_feed("blog", "rss", "Acme blog")
        videos = feeds.add_feed("videos", "atom", "Acme on YouTube")
        env = network_env(
            clean_db, slack, **vk_settings(vk), **telegram_settings(telegram),
            FEEDS=f"{blog},{videos}",
        )  # fmt: skip
        code, out, err = await smm_bot("doctor", env=env, cwd=tmp_path)
    assert code == 0, out + err
    assert out.splitlines()[-3:] == [
        f"ok   VK: the token reads the wall of the community “Acme Boots” ({GROUP})",
        "ok   Telegram: the bot @smm_pulse_bot is an administrator of @acme_news (“Acme”)",
        "ok   FEEDS: every feed answers and reads as RSS or Atom: “Acme blog”, “Acme on YouTube”",
    ]
    [call] = vk.calls_to("groups.getById")
    assert call.params["group_id"] == str(GROUP)
    [wall] = vk.calls_to("wall.get")
    assert (wall.params["owner_id"], wall.params["count"]) == (f"-{GROUP}", "1")
    assert wall.params["access_token"] == "vk1.a.admin-token"
    [member] = telegram.calls_to("getChatMember")
    assert member.params["chat_id"] == "@acme_news" and member.params["user_id"] == BOT["id"]
    assert [r.status for r in feeds.requests] == [200, 200]


async def test_doctor_names_the_network_setting_to_fix(
    clean_db: str, slack: FakeSlack, clock: StagedClock, tmp_path: Path
) -> None:
    async with (
        FakeVk(GROUP, "vk1.a.admin-token", clock) as vk,
        FakeTelegram(bot_status="left") as telegram,
        FakeFeeds(clock=clock) as feeds,
    ):
        gone, page, blog = (feeds.add_feed(name) for name in ("gone", "page", "blog"))
        feeds.break_feed("gone", 404)
        feeds.break_feed("page", "not a feed")
        env = network_env(
            clean_db, slack, **vk_settings(vk, VK_TOKEN="vk1.a.someone-elses"),
            **telegram_settings(telegram), FEEDS=f"{gone},{blog},{page}",
        )  # fmt: skip
        code, out, err = await smm_bot("doctor", env=env, cwd=tmp_path)
        assert code == 1
        assert "Traceback" not in err
        lines = out.splitlines()
        assert lines[-4].startswith("ok   database")  # the others' checks all made
        assert lines[-3:] == [
            "FAIL VK_TOKEN: VK refuses the token (VK error 5: User authorization failed: invalid "
            "access_token (4).). Fix: paste into VK_TOKEN a token that may read the community's "
            "wall and likes, such as a community admin's user token (a community token may not; "
            "see .env.example)",
            "FAIL TELEGRAM_CHANNEL: the bot @smm_pulse_bot is not an administrator of "
            "@acme_news (it is 'left'), so Telegram sends it none of the channel's posts. Fix: "
            "in the channel's settings, Administrators → Add Admin → @smm_pulse_bot",
            f"FAIL FEEDS: {gone} answers HTTP 404; {page} is not an RSS or Atom feed. Fix: "
            "correct each such URL in FEEDS (the feed's own address, not its site's), or remove "
            "it",
        ]

        # A community VK does not know; a channel Telegram does not show the bot.
        env = network_env(
            clean_db, slack, **vk_settings(vk, VK_GROUP_ID=str(GROUP + 1)),
            **telegram_settings(telegram, TELEGRAM_CHANNEL="@acme_newz"),
        )  # fmt: skip
        code, out, _ = await smm_bot("doctor", env=env, cwd=tmp_path)
        assert code == 1
        assert out.splitlines()[-2:] == [
            f"FAIL VK_GROUP_ID: VK knows no community {GROUP + 1} (VK error 100: One of the "
            "parameters specified was missing or invalid: group_ids is undefined). Fix: put the "
            "community's id in VK_GROUP_ID: the number in its wall's links, vk.com/wall-<id>_…",
            "FAIL TELEGRAM_CHANNEL: Telegram shows the bot no channel @acme_newz (400 Bad "
            "Request: chat not found). Fix: check TELEGRAM_CHANNEL (@name of a public channel, "
            "the id of a private one) and add @smm_pulse_bot to the channel as an administrator",
        ]
        # A community's own token, which VK does not let read the wall; a bad bot token.
        vk.fail_next("wall.get", error=27)
        env = network_env(
            clean_db, slack, **vk_settings(vk),
            **telegram_settings(telegram, TELEGRAM_BOT_TOKEN=telegram.token[:-1] + "X"),
        )  # fmt: skip
        code, out, _ = await smm_bot("doctor", env=env, cwd=tmp_path)
        assert code == 1
        assert out.splitlines()[-2:] == [
            "FAIL VK_TOKEN: VK refuses the token (VK error 27: Group authorization failed: "
            "method is unavailable with group auth.). Fix: paste into VK_TOKEN a token that may "
            "read the community's wall and likes, such as a community admin's user token (a "
            "community token may not; see .env.example)",
            "FAIL TELEGRAM_BOT_TOKEN: Telegram refuses the token (401 Unauthorized). Fix: copy "
            "the token @BotFather gave the bot into TELEGRAM_BOT_TOKEN",
        ]


async def test_doctor_tries_the_vk_long_poll_it_is_told_to_use(
    clean_db: str, slack: FakeSlack, clock: StagedClock, tmp_path: Path
) -> None:
    """An app's service key reads the wall but may not long poll (VK's error 27)."""
    async with FakeVk(GROUP, "vk1.a.service-key", clock, name="Acme Boots") as vk:
        vk.fail_next("groups.getLongPollServer", error=27)
        env = network_env(clean_db, slack, **vk_settings(vk, VK_LONGPOLL="true"))
        code, out, _ = await smm_bot("doctor", env=env, cwd=tmp_path)
        assert code == 1
        assert out.splitlines()[-1] == (
            "FAIL VK_LONGPOLL: VK refuses the community's long poll (VK error 27: Group "
            "authorization failed: method is unavailable with group auth.). Fix: turn Bots Long "
            "Poll on in the community (Manage → API usage → Long Poll API) and paste into "
            "VK_TOKEN a community admin's user token (an app's service key may not use it), or "
            "set VK_LONGPOLL=false and connect the Callback API"
        )
        code, out, _ = await smm_bot("doctor", env=env, cwd=tmp_path)  # VK gives it this time
        assert code == 0
        assert out.splitlines()[-1].startswith("ok   VK: the token reads the wall")
        assert len(vk.calls_to("groups.getLongPollServer")) == 2


async def test_doctor_says_a_network_cannot_be_reached(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    with closed_port() as port:
        url = f"http://127.0.0.1:{port}/method/"
        env = network_env(clean_db, slack, VK_GROUP_ID=str(GROUP), VK_TOKEN="vk1.a.token",
                          VK_LONGPOLL="true", VK_API_URL=url)  # fmt: skip
        code, out, _ = await smm_bot("doctor", env=env, cwd=tmp_path)
    assert code == 1
    line = out.splitlines()[-1]
    assert line.startswith(f"FAIL VK_API_URL: cannot reach VK at {url} (Cannot connect to host")
    assert line.endswith("and that VK_API_URL is right")
