"""GET /metrics counts requests by kind and Web API calls by method; LOG_FORMAT=json logs
one JSON object per line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import aiohttp
import pytest

from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SALES
from tests.conftest import Bot
from tests.integration.test_cli import environment, smm_bot
from tests.integration.test_tasks import POST, created


async def scrape(bot: Bot) -> dict[str, float]:
    url = bot.sender.base_url.removesuffix("/slack/events") + "/metrics"
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        assert response.status == 200
        text = await response.text()
    return {
        name: float(value)
        for name, value in re.findall(r"^(smm_\w+(?:\{[^}]*\})?) (\S+)$", text, re.MULTILINE)
    }


async def test_metrics_count_requests_and_api_calls(bot: Bot) -> None:
    before = await scrape(bot)
    prompts = await bot.checkin()
    await bot.reply(SALES, prompts[SALES], "2. boots")
    await bot.reply(SALES, prompts[SALES], "2. scarves")
    after = await scrape(bot)

    def grew(name: str) -> float:
        return after.get(name, 0.0) - before.get(name, 0.0)

    assert grew('smm_requests_total{kind="event"}') == 2
    assert grew('smm_ack_seconds_count{kind="event"}') == 2
    assert grew('smm_slack_api_calls_total{method="chat.postMessage"}') == 2


async def test_only_signed_requests_are_counted_by_kind_from_a_fixed_set(bot: Bot) -> None:
    await bot.checkin()  # Bolt's auth.test, before the counting starts
    before = await scrape(bot)
    strange = {"type": "no_such_kind", "team_id": "T0FAKE"}
    assert (await bot.sender.post_event(strange))[0] == 404  # no listener for it
    assert (await bot.sender.post_event(strange, signature="v0=forged"))[0] == 401
    assert (await bot.sender.post_event(strange, timestamp=1))[0] == 401  # stale
    after = await scrape(bot)

    def grew(name: str) -> float:
        return after.get(name, 0.0) - before.get(name, 0.0)

    assert grew('smm_requests_total{kind="other"}') == 1
    assert grew('smm_requests_refused_total{reason="unhandled"}') == 1
    assert grew('smm_requests_refused_total{reason="signature"}') == 2
    assert not [name for name in after if "no_such_kind" in name]
    kinds = {name for name in after if name.startswith("smm_requests_total")}
    assert kinds == {
        f'smm_requests_total{{kind="{kind}"}}'
        for kind in ("event", "command", "action", "view", "other")
    }


@pytest.mark.parametrize("bot_env", [{"WORK_HOURS": "00:00-24:00"}], indirect=True)
async def test_a_task_fan_out_is_timed(bot: Bot) -> None:
    people = ["U0ANNA0001", "U0BORIS001", MANAGER]
    bot.slack.users = [{"id": user, "name": user, "profile": {}} for user in people]
    bot.slack.members = {
        MARKETING: [people[0], BOT_USER_ID], SALES: [people[1], BOT_USER_ID],
        DIGEST: [MANAGER, BOT_USER_ID],
    }  # fmt: skip
    before = await scrape(bot)
    assert len(await created(bot, POST, 3)) == 3
    await bot.settle()
    after = await scrape(bot)

    def grew(name: str) -> float:
        return after.get(name, 0.0) - before.get(name, 0.0)

    assert grew("smm_task_fanout_seconds_count") == 1
    assert 0 < grew("smm_task_fanout_seconds_sum") < 5
    assert grew('smm_task_fanout_seconds_bucket{le="+Inf"}') == 1


async def test_json_logs(clean_db: str, slack: FakeSlack, tmp_path: Path) -> None:
    env = environment(clean_db, slack, LOG_FORMAT="json")
    code, _, err = await smm_bot(
        "run-job", "checkin", "--date", "2026-11-26", env=env, cwd=tmp_path
    )
    assert code == 0
    records = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert records and all({"levelname", "name", "message"} <= set(r) for r in records)
