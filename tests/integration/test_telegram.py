"""The Telegram connector against the fake Bot API, over real HTTP: long polling and the
webhook, Telegram's refusals and waits, on the bot's clock."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.domain.model.networks import Network, SeenPost
from bot.networks.telegram import SECRET_HEADER, TelegramConnector, webhook_secret
from bot.simulator.clock import StagedClock
from bot.simulator.telegram import TOKEN, Chat, FakeTelegram
from bot.simulator.web_api import FakeSlack
from bot.simulator.workspace import DIGEST
from tests.conftest import running, shown
from tests.integration.connectors import RecordingSink, asleep, leading

OTHER = Chat(-1009876543210, "Someone else", "someone_else")


@pytest.fixture
async def telegram(clock: StagedClock) -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(clock=clock) as fake:
        yield fake


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def connector(
    telegram: FakeTelegram,
    http: aiohttp.ClientSession,
    clock: StagedClock,
    sink: RecordingSink,
    **overrides: Any,
) -> TelegramConnector:
    values: dict[str, Any] = {
        "token": TOKEN, "channel": "@acme_news", "api_url": telegram.base_url,
        "webhook_url": None, "http": http, "clock": clock, "sink": sink, "poll_seconds": 5,
    } | overrides  # fmt: skip
    return TelegramConnector(**values)


def post(key: str, title: str, at: datetime) -> SeenPost:
    return SeenPost(Network.TELEGRAM, key, f"https://t.me/{key}", at, title)


async def test_a_channel_post_is_handed_on_once_and_other_chats_are_ignored(
    telegram: FakeTelegram, http: aiohttp.ClientSession, clock: StagedClock, sink: RecordingSink
) -> None:
    async with leading(connector(telegram, http, clock, sink)):
        telegram.publish("Not ours", chat=OTHER)
        telegram.publish("A private channel's", chat=Chat(-1005555555555, "Private"))
        first = telegram.publish("Spring sale\nAll week: 20% off")
        await sink.wait_for(1)
        await telegram.wait_for(lambda: not telegram.pending, what="the updates confirmed")
        telegram.publish("Second post")
        await sink.wait_for(2)
    at = datetime.fromtimestamp(first["date"], UTC)
    assert abs(at - clock()) < timedelta(seconds=5)  # the fake dates posts on the bot's clock
    assert [p.key for p in sink.posts] == ["acme_news/1", "acme_news/2"]
    assert sink.posts[0] == post("acme_news/1", "Spring sale", at)
    polls = telegram.calls_to("getUpdates")
    assert all(c.params["allowed_updates"] == ["channel_post"] for c in polls)
    assert all(c.params["timeout"] == 5 for c in polls)  # long polling, not a busy loop


async def test_a_restart_resumes_from_what_telegram_has_not_had_confirmed(
    telegram: FakeTelegram, http: aiohttp.ClientSession, clock: StagedClock, sink: RecordingSink
) -> None:
    async with leading(connector(telegram, http, clock, sink)):
        telegram.publish("Before the restart")
        await sink.wait_for(1)
        await telegram.wait_for(lambda: not telegram.pending, what="the post confirmed")
    telegram.publish("While nobody polled")  # the bot is down, or another replica takes over
    async with leading(connector(telegram, http, clock, sink)):
        await sink.wait_for(2)
        await telegram.wait_for(lambda: not telegram.pending, what="the post confirmed")
    assert [p.title for p in sink.posts] == ["Before the restart", "While nobody polled"]
    resumed = telegram.calls_to("getUpdates")
    assert "offset" not in resumed[0].params  # a fresh start asks for Telegram's own queue


async def test_a_post_the_sink_failed_on_stays_unconfirmed_and_comes_again(
    telegram: FakeTelegram, http: aiohttp.ClientSession, clock: StagedClock, sink: RecordingSink
) -> None:
    sink.failing = True
    async with leading(connector(telegram, http, clock, sink)):
        telegram.publish("Launch day")
        wake = await asleep(clock)  # backing off, the post not confirmed
        assert telegram.pending
        sink.failing = False
        clock.advance(wake - clock())
        await sink.wait_for(1)
    assert [p.title for p in sink.posts] == ["Launch day"]


async def test_a_429_waits_retry_after_on_the_clock(
    telegram: FakeTelegram, http: aiohttp.ClientSession, clock: StagedClock, sink: RecordingSink
) -> None:
    telegram.fail_next("getUpdates", status=429, retry_after=30)
    before = clock()
    async with leading(connector(telegram, http, clock, sink)):
        wake = await asleep(clock)
        assert before + timedelta(seconds=30) <= wake <= clock() + timedelta(seconds=30)
        telegram.publish("During the wait")
        await asyncio.sleep(0.05)
        assert sink.posts == [] and len(telegram.calls_to("getUpdates")) == 1
        clock.advance(wake - clock())
        await sink.wait_for(1)
    assert telegram.calls_to("getUpdates")[0].answer == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 30",
        "parameters": {"retry_after": 30},
    }


async def test_outages_back_off_on_the_clock_and_are_logged_once(
    telegram: FakeTelegram,
    http: aiohttp.ClientSession,
    clock: StagedClock,
    sink: RecordingSink,
    caplog: pytest.LogCaptureFixture,
) -> None:
    telegram.fail_next("getUpdates", status=502, times=3)
    waits = []
    with caplog.at_level(logging.INFO, logger="bot.networks.telegram"):
        async with leading(
            connector(telegram, http, clock, sink, poll_seconds=0, grace_seconds=0.3)
        ):
            for _ in range(4):
                start, wake = clock(), await asleep(clock)
                waits.append(round((wake - start).total_seconds()))
                # Then one that times out (more than 0 + 0.3 s), and Telegram is back.
                telegram.slow("getUpdates", 1.0 if len(waits) == 3 else 0)
                clock.advance(wake - clock())
            telegram.publish("After the outage")
            await sink.wait_for(1)
    assert waits == [1, 2, 4, 8]  # doubling, each on the clock
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "getUpdates failed" in warnings[0].getMessage()
    assert [r.getMessage() for r in caplog.records].count("Telegram: polling works again") == 1


async def test_a_wrong_token_is_refused_and_stops_the_connector(
    telegram: FakeTelegram,
    http: aiohttp.ClientSession,
    clock: StagedClock,
    sink: RecordingSink,
    caplog: pytest.LogCaptureFixture,
) -> None:
    wrong = "7012345678:AAWrongWrongWrongWrongWrongWrongWro"
    async with leading(connector(telegram, http, clock, sink, token=wrong)):
        await telegram.wait_for(lambda: bool(telegram.calls), what="a call")
        await asyncio.sleep(0.05)
    assert [(c.method, c.status, c.answer) for c in telegram.calls] == [
        ("deleteWebhook", 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    ]
    assert "refuses TELEGRAM_BOT_TOKEN" in caplog.text and wrong not in caplog.text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@asynccontextmanager
async def serving(routes: list[web.RouteDef], port: int) -> AsyncIterator[None]:
    """The bot's routes served on `port`, as web_app serves them on PORT."""
    app = web.Application()
    app.add_routes(routes)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield
    finally:
        await runner.cleanup()


async def test_webhook_mode_takes_telegrams_posts_and_refuses_forged_ones(
    telegram: FakeTelegram,
    http: aiohttp.ClientSession,
    clock: StagedClock,
    sink: RecordingSink,
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/updates"
    bot = connector(telegram, http, clock, sink, webhook_url=url)
    async with serving(bot.routes(), port), leading(bot):
        await telegram.wait_for(lambda: telegram.webhook is not None, what="the webhook")
        assert telegram.webhook == {"url": url, "secret_token": webhook_secret(TOKEN)}
        telegram.publish("Pushed to us")
        await sink.wait_for(1)
        await telegram.wait_for(lambda: not telegram.pending, what="the delivery")
        forged = {"update_id": 1, "channel_post": {
            "message_id": 99, "date": 1764150000, "text": "Forged",
            "chat": {"id": -1001234567890, "username": "acme_news", "type": "channel"},
        }}  # fmt: skip
        for headers in ({SECRET_HEADER: "guessed"}, {}, {SECRET_HEADER: "guessed"}):
            async with http.post(url, json=forged, headers=headers) as answer:
                assert answer.status == 401
        # getUpdates is refused while the webhook is set, as Telegram refuses it.
        async with http.post(f"{telegram.base_url}/bot{TOKEN}/getUpdates") as answer:
            assert answer.status == 409
    assert [p.title for p in sink.posts] == ["Pushed to us"]
    assert [d.status for d in telegram.deliveries] == [200]
    assert caplog.text.count("a POST without the secret was refused") == 1


async def test_a_webhook_update_the_sink_failed_on_is_posted_again(
    telegram: FakeTelegram, http: aiohttp.ClientSession, clock: StagedClock, sink: RecordingSink
) -> None:
    port = _free_port()
    bot = connector(telegram, http, clock, sink, webhook_url=f"http://127.0.0.1:{port}/tg")
    sink.failing = True
    async with serving(bot.routes(), port), leading(bot):
        await telegram.wait_for(lambda: telegram.webhook is not None, what="the webhook")
        telegram.publish("Retried")
        await telegram.wait_for(lambda: len(telegram.deliveries) >= 1, what="a delivery")
        sink.failing = False
        await sink.wait_for(1)
    statuses = [d.status for d in telegram.deliveries]
    assert statuses[0] == 500 and statuses[-1] == 200  # refused while the sink failed, then taken
    assert [p.title for p in sink.posts] == ["Retried"]


async def test_a_telegram_post_is_offered_in_the_digest_channel(
    clean_db: str, slack: FakeSlack, telegram: FakeTelegram, clock: StagedClock
) -> None:
    """End to end, AUTO_TASKS unset: the post, polled by the leader, is a prompt in Slack."""
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_CHANNEL": "@acme_news",
           "TELEGRAM_API_URL": telegram.base_url}  # fmt: skip
    async with running(clean_db, slack, env, clock) as bot:
        bot.runtime.connectors.lead()  # as Schedule.lead does on the elected process
        telegram.publish("Spring sale\nAll week: 20% off")
        [prompt] = await slack.wait_for("chat.postMessage")
        await telegram.wait_for(lambda: not telegram.pending, what="the post confirmed")
        await bot.runtime.connectors.step_down()  # polling never settles by itself
        await bot.settle()
    assert prompt.args["channel"] == DIGEST
    text = shown(prompt.args)
    assert text.startswith("New Telegram post\nSpring sale\n"), text
    assert "<https://t.me/acme_news/1|Open the post (Telegram)>" in text
    assert "Start quick likes" in str(prompt.args["blocks"])


async def test_an_album_is_one_post_and_a_pin_is_none(
    clean_db: str, slack: FakeSlack, telegram: FakeTelegram, clock: StagedClock
) -> None:
    """Three photos in an album come as three updates: one prompt, for the album's first
    message, with its caption. Pinning it afterwards (a service message) offers nothing."""
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_CHANNEL": "@acme_news",
           "TELEGRAM_API_URL": telegram.base_url}  # fmt: skip
    async with running(clean_db, slack, env, clock) as bot:
        bot.runtime.connectors.lead()
        first, *_ = telegram.publish_album("Spring collection", photos=3)
        telegram.pin(first)
        await telegram.wait_for(lambda: not telegram.pending, what="the updates confirmed")
        await bot.runtime.connectors.step_down()
        await bot.settle()
    prompts = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == DIGEST]
    assert len(prompts) == 1, [shown(c.args) for c in prompts]
    text = shown(prompts[0].args)
    assert text.startswith("New Telegram post\nSpring collection\n"), text
    assert f"<https://t.me/acme_news/{first['message_id']}|" in text


async def test_the_fake_refuses_what_telegram_refuses(
    telegram: FakeTelegram, http: aiohttp.ClientSession
) -> None:
    api = f"{telegram.base_url}/bot{TOKEN}"

    async def call(method: str, **params: Any) -> tuple[int, dict[str, Any]]:
        async with http.post(f"{api}/{method}", json=params) as answer:
            return answer.status, await answer.json()

    status, me = await call("getMe")
    assert status == 200 and me["result"]["is_bot"] is True
    assert await call("setWebhook", url="http://bot.acme.ru/tg") == (400, {
        "ok": False, "error_code": 400,
        "description": "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
    })  # fmt: skip
    status, refused = await call("setWebhook", url="https://bot.acme.ru/tg", secret_token="a:b")
    assert refused["description"] == "Bad Request: secret token contains unallowed characters"
    assert telegram.webhook is None
    assert (await call("sendSticker"))[0] == 404
    # A poll still waiting is ended by a newer one, as only one may poll at a time.
    first = asyncio.ensure_future(call("getUpdates", timeout=5))
    await telegram.wait_for(lambda: bool(telegram.polling), what="a poll")
    assert await call("getUpdates") == (200, {"ok": True, "result": []})
    status, ended = await first
    assert status == 409 and ended["description"].startswith("Conflict: terminated by other")


async def test_in_webhook_mode_the_bots_own_server_takes_telegrams_posts(
    clean_db: str,
    slack: FakeSlack,
    telegram: FakeTelegram,
    clock: StagedClock,
    http: aiohttp.ClientSession,
) -> None:
    """End to end: the route on the bot's server (as every replica serves it), the secret the
    leader gave Telegram; a forged POST changes nothing, Telegram's makes one prompt."""
    public = "https://bot.acme.ru/telegram/hook"  # the proxy in front forwards it to PORT
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_CHANNEL": "@acme_news",
           "TELEGRAM_API_URL": telegram.base_url, "TELEGRAM_WEBHOOK_URL": public}  # fmt: skip
    update = {"update_id": 5, "channel_post": {
        "message_id": 41, "date": int(clock().timestamp()), "text": "Pushed",
        "chat": {"id": -1001234567890, "username": "acme_news", "type": "channel"},
    }}  # fmt: skip
    telegram.webhook_retry = 60  # it would post to bot.acme.ru: this test posts as Telegram
    async with running(clean_db, slack, env, clock) as bot:
        hook = bot.sender.base_url.removesuffix("/slack/events") + "/telegram/hook"
        bot.runtime.connectors.lead()
        await telegram.wait_for(lambda: telegram.webhook is not None, what="the webhook")
        assert telegram.webhook is not None
        secret = telegram.webhook["secret_token"]
        async with http.post(hook, json=update, headers={SECRET_HEADER: "forged"}) as answer:
            assert answer.status == 401
        for _ in range(2):  # Telegram's retry of it too
            async with http.post(hook, json=update, headers={SECRET_HEADER: secret}) as answer:
                assert answer.status == 200
        await bot.runtime.connectors.step_down()
        await bot.settle()
    [prompt] = slack.calls_to("chat.postMessage")
    assert "<https://t.me/acme_news/41|Open the post (Telegram)>" in shown(prompt.args)
