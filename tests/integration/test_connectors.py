"""The connectors' wiring: their routes on the bot's own server, their polling while this
process leads (and not after), what they see reaching the posts. A small connector stands in
for VK, Telegram and the feeds (each tested with its fake elsewhere)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from bot.domain.model.networks import Network, SeenPost
from bot.networks import Connectors
from bot.runtime import Runtime
from bot.scheduler.jobs import Schedule
from bot.simulator.clock import StagedClock
from bot.simulator.web_api import FakeSlack, serve_locally
from bot.simulator.workspace import DIGEST, make_settings
from bot.slack.app import build_app, web_app


class Pushed:
    """A network that pushes its posts to a callback, and is polled while the bot leads."""

    name = "pushed"
    network = Network.TELEGRAM

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self.polling = asyncio.Event()
        self.stopped = asyncio.Event()

    def routes(self) -> list[web.RouteDef]:
        return [web.post("/pushed/callback", self._callback)]

    async def _callback(self, request: web.Request) -> web.Response:
        body = await request.json()
        await self._runtime.posts.seen(
            SeenPost(self.network, body["key"], body["url"], self._runtime.calendar.now())
        )
        return web.Response(text="ok")

    async def run(self) -> None:
        self.polling.set()
        try:
            await asyncio.Event().wait()  # until cancelled
        finally:
            self.stopped.set()


@pytest.fixture
async def served(
    clean_db: str, slack: FakeSlack, clock: StagedClock
) -> AsyncIterator[tuple[Runtime, Pushed, str]]:
    runtime = Runtime.create(make_settings(clean_db, slack.base_url), clock)
    pushed = Pushed(runtime)
    runtime.connectors = Connectors([pushed], runtime.background.serve)
    runner, root = await serve_locally(web_app(build_app(runtime), runtime))
    try:
        yield runtime, pushed, root
    finally:
        await runner.cleanup()
        await runtime.close()


async def test_a_connector_s_route_answers_on_the_bot_s_server(
    served: tuple[Runtime, Pushed, str], slack: FakeSlack
) -> None:
    runtime, _, root = served
    post = {"key": "ourshop/812", "url": "https://t.me/ourshop/812"}
    async with aiohttp.ClientSession() as http:
        for _ in range(2):  # a retry of the same push
            async with http.post(f"{root}/pushed/callback", json=post) as response:
                assert response.status == 200 and await response.text() == "ok"
    await runtime.background.drain(10)
    [prompt] = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] == DIGEST]
    assert "New Telegram post" in prompt.args["text"]
    assert runtime.connectors.networks == {Network.TELEGRAM}


async def test_connectors_poll_while_leading_only(served: tuple[Runtime, Pushed, str]) -> None:
    runtime, pushed, _ = served
    schedule = Schedule(runtime)
    await asyncio.sleep(0.05)
    assert not pushed.polling.is_set()  # not the leader yet
    await schedule.lead()
    await asyncio.wait_for(pushed.polling.wait(), 5)
    schedule.step_down()
    await asyncio.wait_for(pushed.stopped.wait(), 5)


async def test_shutdown_stops_the_polling_without_waiting_it_out(
    served: tuple[Runtime, Pushed, str], caplog: pytest.LogCaptureFixture
) -> None:
    runtime, pushed, _ = served
    runtime.connectors.lead()
    await asyncio.wait_for(pushed.polling.wait(), 5)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await runtime.close(timeout=5)
    assert pushed.stopped.is_set() and loop.time() - started < 2
    assert "unfinished" not in caplog.text
