"""Hostile and broken requests change nothing: a burst of forged, stale and malformed requests
(signed or not), requests from another workspace and requests to odd paths get 401 or a
2xx/4xx, never a 5xx; /metrics keeps its lines, the logs stay quiet, nothing is stored and
nothing is sent to Slack."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import logging
import re
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.db.tables import Base
from bot.simulator.sender import SlackSender, event_callback, message_event, slash_command
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SIGNING_SECRET
from bot.slack import ids
from tests.conftest import Bot

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
OTHER_TEAM = "T0ELSEWHERE"


def form(fields: dict[str, Any]) -> tuple[bytes, str]:
    return urlencode(fields).encode(), FORM


def interaction(payload: Any) -> tuple[bytes, str]:
    return form({"payload": json.dumps(payload)})


def envelope(event: Any, **fields: Any) -> tuple[bytes, str]:
    return json.dumps({**event_callback({}), "event": event, **fields}).encode(), JSON


def click(action_id: str, value: str, **extra: Any) -> tuple[bytes, str]:
    return interaction(
        {
            "type": "block_actions", "team": {"id": "T0FAKE"}, "user": {"id": MANAGER},
            "api_app_id": "A0FAKE", "trigger_id": "1.2",
            "response_url": "https://example.invalid/r",
            "container": {"type": "message", "channel_id": MARKETING, "message_ts": "1.2"},
            "actions": [{"action_id": action_id, "value": value, "type": "button"}],
        } | extra
    )  # fmt: skip


def submission(callback_id: str, **view: Any) -> tuple[bytes, str]:
    return interaction(
        {
            "type": "view_submission", "team": {"id": "T0FAKE"}, "user": {"id": MANAGER},
            "view": {"id": "V1", "type": "modal", "callback_id": callback_id, **view},
        }
    )  # fmt: skip


def bodies(thread_ts: str) -> list[tuple[bytes, str]]:
    """Bodies Slack would never send, and real-looking ones from another workspace."""
    reply = message_event(
        MARKETING, "U0ALICE001", "2. boots", ts="1764160000.9", thread_ts=thread_ts
    )
    deep = "[" * 50_000 + "]" * 50_000
    command = {
        "command": "/smm-task", "text": "list", "team_id": "T0FAKE", "user_id": MANAGER,
        "channel_id": MARKETING, "response_url": "https://example.invalid/r", "trigger_id": "1",
    }  # fmt: skip
    found = [
        (b"payload=[1]", FORM), (b"payload=%7Bnot json", FORM), (b'payload="text"', FORM),
        (b"[1]", JSON), (b'"text"', JSON), (b"{not json", JSON), (b"", FORM), (b"{}", JSON),
        (b"\xff\xfe\x00broken utf-8", JSON), (b"payload=\xff\xfe", FORM),
        (deep.encode(), JSON), form({"payload": deep}),
        interaction({"type": "block_actions", "user": "U1", "team": "T0FAKE"}),
        interaction({"type": "block_actions", "user": {"id": MANAGER}, "actions": [{}]}),
        envelope({k: v for k, v in reply.items() if k != "channel"}),
        envelope({"type": "message", "subtype": "message_changed", "channel": MARKETING}),
        envelope({"type": "message", "subtype": "message_deleted"}),
        envelope({"type": "app_home_opened", "tab": "home"}),
        envelope("x"), envelope([1]), envelope({"type": 1}),
        envelope(reply, team_id=OTHER_TEAM, authorizations=[{"team_id": OTHER_TEAM}]),
        envelope(reply, team_id=OTHER_TEAM, authorizations=[]),
        form({**command, "team_id": OTHER_TEAM}),
        form({k: v for k, v in command.items() if k != "user_id"}),
        form({"command": "/smm-feedback", "team_id": "T0FAKE"}),
        click(ids.THREAT_RESOLVE, "1", team={"id": OTHER_TEAM}),
        click(ids.OPEN_FORM, "x", container={"type": "message"}),
        click(ids.OPEN_FORM, "x", container="C1"),
        submission(ids.FORM_VIEW),
        submission(ids.FEEDBACK_FORM),
        submission(ids.FEEDBACK_FORM, state={"values": {"text": "x"}}),
        submission(
            ids.FORM_VIEW, private_metadata="{",
            state={"values": {"q1": {ids.FORM_TEXT: {"value": "hi"}}}},
        ),
        submission(
            ids.FORM_VIEW, private_metadata=json.dumps({"channel": MARKETING, "thread_ts": "1"}),
            state={"values": {"q3-date": {ids.FORM_DATE: {"selected_date": "soon"}}}},
        ),
    ]  # fmt: skip
    for action_id in (
        ids.THREAT_RESOLVE, ids.THREAT_DISMISS, ids.TASK_DONE, ids.TASK_CANT, ids.FEEDBACK_TAKE,
        ids.FEEDBACK_DONE, f"{ids.QUESTION_VOTE}yes", ids.QUESTION_CLOSE,
    ):  # fmt: skip
        found += [click(action_id, "abc"), click(action_id, "9" * 30), click(action_id, "")]
        found.append(click(action_id, "1", user={}))
    return found


def requests(bot: Bot, thread_ts: str) -> Iterator[tuple[str, str, bytes, dict[str, str]]]:
    """Every body above signed, unsigned, badly signed, stale, from the future or with a
    non-numeric timestamp, in turn; new request kinds; odd paths and methods. Endless."""
    events = bot.sender.base_url
    root = events.removesuffix("/slack/events")
    samples = bodies(thread_ts)

    def headers(body: bytes, content_type: str, how: str) -> dict[str, str]:
        now = int(time.time())
        timestamp = {"stale": now - 600, "future": now + 600}.get(how, now)
        # Signed over the raw bytes as Slack signs (slack_sdk's signer takes only UTF-8 text).
        base = f"v0:{timestamp}:".encode() + body
        signature = "v0=" + hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()
        if how == "unsigned":
            return {"Content-Type": content_type}
        return {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": "soon" if how == "nan" else str(timestamp),
            "X-Slack-Signature": "v0=" + "0" * 64 if how == "forged" else signature,
        }

    ways = ["signed", "unsigned", "forged", "stale", "future", "nan"]
    for number in itertools.count():  # round `number`: each body the next way along
        for i, (body, content_type) in enumerate(samples):
            yield "POST", events, body, headers(body, content_type, ways[(i + number) % 6])
        kind = json.dumps({"type": f"kind_{number}", "team_id": "T0FAKE"}).encode()
        yield "POST", events, kind, headers(kind, JSON, "signed")
        yield "POST", events, kind, headers(kind, JSON, "unsigned")
        yield "POST", f"{events}/{number}", b"x", {}
        yield "GET", events, b"", {}
        yield "POST", f"{root}/metrics", b"x", {}
        yield "GET", f"{root}/{number}", b"", {}


def series(text: str) -> list[str]:
    """The lines of a /metrics page without their values: which series exist."""
    return [line.rsplit(" ", 1)[0] for line in text.splitlines()]


async def table_counts(bot: Bot) -> dict[str, int]:
    async with bot.runtime.engine.connect() as connection:
        return {
            table.name: (
                await connection.execute(select(func.count()).select_from(table))
            ).scalar_one()
            for table in Base.metadata.sorted_tables
        }


async def test_a_thousand_hostile_requests_change_nothing(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    prompts = await bot.checkin()
    await bot.reply(MARKETING, prompts[MARKETING], "2. boots")  # Bolt has called auth.test now
    await bot.settle()
    caplog.set_level(logging.INFO)
    metrics_url = bot.sender.base_url.removesuffix("/slack/events") + "/metrics"
    async with aiohttp.ClientSession() as http:

        async def scrape() -> str:
            async with http.get(metrics_url) as response:
                return await response.text()

        before, stored, calls = await scrape(), await table_counts(bot), len(bot.slack.calls)
        logged = len(caplog.text)
        statuses: dict[int, int] = {}
        bound = asyncio.Semaphore(20)

        async def send(method: str, url: str, body: bytes, headers: dict[str, str]) -> None:
            async with bound, http.request(method, url, data=body, headers=headers) as response:
                await response.read()
                statuses[response.status] = statuses.get(response.status, 0) + 1

        started = time.perf_counter()
        burst = list(itertools.islice(requests(bot, prompts[MARKETING]), 1000))
        await asyncio.gather(*(send(*request) for request in burst))
        took = time.perf_counter() - started
        await bot.settle()
        after = await scrape()

    assert sum(statuses.values()) == 1000
    assert not [status for status in statuses if status >= 500], statuses
    assert statuses[401] > 500 and statuses[400] > 10 and statuses[200] > 10, statuses
    assert series(after) == series(before)
    refused = re.search(r'^smm_requests_refused_total\{reason="signature"\} (\S+)$', after, re.M)
    assert refused and float(refused.group(1)) > 500
    # One line for the lot: the hourly warning about bad signatures, nothing per request.
    [warning] = caplog.text[logged:].splitlines()
    assert "request(s) with a bad signature since" in warning
    assert await table_counts(bot) == stored
    assert [c.method for c in bot.slack.calls[calls:]] == []
    assert took < 10


async def test_an_answer_from_another_workspace_is_ignored(bot: Bot) -> None:
    """The same reply in a check-in thread: stored from the token's workspace (auth.test says
    T0FAKE), answered 200 and ignored from another one, so Slack does not retry it."""
    prompts = await bot.checkin()
    elsewhere = bot.message(MARKETING, prompts[MARKETING], "2. boots")
    envelope = event_callback(elsewhere, team_id=OTHER_TEAM)
    assert await bot.sender.post_event(envelope) == (200, "")
    assert (await table_counts(bot))["replies"] == 0
    await bot.reply(MARKETING, prompts[MARKETING], "2. boots")
    assert (await table_counts(bot))["replies"] == 1


async def test_a_wrong_signing_secret_is_told_once_an_hour(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """Slack signs with the app's Signing Secret and the bot was given another one: every
    request is refused, and the log says so at most once an hour, never the secrets or a
    signature."""
    caplog.set_level(logging.INFO)
    app_secret = "0123456789abcdef0123456789abcdef"
    body = slash_command(
        "/smm-task", "help", user=MANAGER, channel=DIGEST, response_url=bot.slack.response_url()
    )
    said = r"(\d+) request\(s\) with a bad signature since \d{4}-\d\d-\d\d \d\d:\d\d [^ :]+: if"
    async with SlackSender(bot.sender.base_url, app_secret) as slack_side:

        async def refused(times: int) -> list[int]:
            for _ in range(times):
                assert (await slack_side.post_form(body))[0] == 401
            return [int(count) for count in re.findall(said, caplog.text)]

        assert await refused(20) == [1]  # the first at once
        [line] = [record for record in caplog.records if "bad signature" in record.message]
        assert line.levelname == "WARNING"
        assert line.getMessage().endswith(
            "if they are Slack's, SLACK_SIGNING_SECRET is wrong (copy the Signing Secret from "
            "the app's Basic Information page) or this machine's clock is more than 5 minutes "
            "off"
        )
        bot.clock.advance(timedelta(minutes=59))
        assert await refused(1) == [1]
        bot.clock.advance(timedelta(minutes=1))
        assert await refused(1) == [1, 21]  # the hour's since the first line
    assert app_secret not in caplog.text and SIGNING_SECRET not in caplog.text
    assert "v0=" not in caplog.text
