"""Socket Mode as a real process: `smm-bot run` with SLACK_APP_TOKEN (and no signing secret)
connects to the WebSocket URL apps.connections.open hands out, answers a slash command over
it, and still serves /healthz and /metrics on PORT for the container's health check. An app
token Slack refuses stops it at start; SIGTERM stops it while it connects."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import WSMsgType, web

from bot.simulator.sender import SLASH_COMMAND
from bot.simulator.web_api import FakeSlack, serve_locally
from bot.simulator.workspace import MANAGER, MARKETING
from tests.integration.test_cli import (
    SMM_BOT,
    environment,
    free_port,
    refused,
    serving,
    smm_bot,
    stopped,
)

APP_TOKEN = "xapp-1-A0FAKE-1-0123456789"
HELP = SLASH_COMMAND | {
    "command": "/smm-task", "text": "help", "user_id": MANAGER, "channel_id": MARKETING,
}  # fmt: skip
Link = Callable[[web.Request], Awaitable[web.StreamResponse]]


@asynccontextmanager
async def socket_end(slack: FakeSlack, link: Link) -> AsyncIterator[None]:
    """Slack's end of the socket, `link`, at the URL apps.connections.open hands out."""
    application = web.Application()
    application.router.add_get("/link", link)
    runner, root = await serve_locally(application)
    url = "ws" + root.removeprefix("http") + "/link"
    slack.set_handler("apps.connections.open", lambda _: {"ok": True, "url": url})
    try:
        yield
    finally:
        await runner.cleanup()


@asynccontextmanager
async def running(env: dict[str, str], cwd: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    """`smm-bot run`, its log on stdout; killed if the test left it running."""
    process = await asyncio.create_subprocess_exec(
        SMM_BOT, "run", env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def socket_env(clean_db: str, slack: FakeSlack, **overrides: str) -> dict[str, str]:
    return environment(
        clean_db, slack, SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET="", **overrides
    )


def hello(connected: asyncio.Queue[dict[str, Any]], *envelopes: dict[str, Any]) -> Link:
    """Slack's side of the socket: hello, the envelopes, then whatever comes back."""

    async def link(request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1})
        for envelope in envelopes:
            await socket.send_json(envelope)
        async for message in socket:
            if message.type is WSMsgType.TEXT:
                await connected.put(json.loads(message.data))
        return socket

    return link


async def test_socket_mode_answers_over_the_socket_and_serves_health(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    answers: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    envelope = {"envelope_id": "E1", "type": "slash_commands", "payload": HELP}
    link = hello(answers, envelope | {"accepts_response_payload": True})
    port = free_port()
    env = socket_env(clean_db, slack, PORT=str(port))
    async with socket_end(slack, link), running(env, tmp_path) as process:
        answer = await asyncio.wait_for(answers.get(), 30)
        assert answer["envelope_id"] == "E1"
        assert answer["payload"]["response_type"] == "ephemeral"
        assert "*Usage:* `/smm-task &lt;post URL&gt;" in answer["payload"]["text"]
        # The start-up check, then the connection's own.
        opened = slack.calls_to("apps.connections.open")
        assert [call.headers["Authorization"] for call in opened] == [f"Bearer {APP_TOKEN}"] * 2
        async with aiohttp.ClientSession() as http:
            await serving(http, port)
            async with http.get(f"http://127.0.0.1:{port}/metrics") as response:
                assert response.status == 200
                assert 'smm_requests_total{kind="command"} 1.0' in await response.text()
            async with http.post(f"http://127.0.0.1:{port}/slack/events", data=b"{}") as response:
                assert response.status in (404, 405)  # no HTTP endpoint for Slack in Socket Mode
        output = await stopped(process)
    assert "connected to Slack in Socket Mode" in output
    assert "xapp-1" not in output and "xoxb" not in output  # tokens are never logged


async def test_a_refused_app_token_stops_run_at_start(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    """Revoked, or not this app's: not a traceback every 10 s for ever, one line and exit 2."""
    slack.app_token = "xapp-1-A0FAKE-1-the-right-one"
    code, _, err = await smm_bot("run", env=socket_env(clean_db, slack), cwd=tmp_path, timeout=30)
    assert refused(code, err) == (
        "SLACK_APP_TOKEN: Slack says invalid_auth — generate an app-level token (xapp-…) with "
        "the connections:write scope on the app's Basic Information page"
    )
    assert [call.method for call in slack.calls] == ["auth.test", "apps.connections.open"]
    assert APP_TOKEN not in err


async def test_sigterm_while_the_socket_connects_stops_the_bot(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    """Slack takes the token but its socket never answers the handshake: SIGTERM is obeyed."""
    knocked, hold = asyncio.Event(), asyncio.Event()

    async def silent(request: web.Request) -> web.StreamResponse:
        knocked.set()
        await hold.wait()  # until the test ends
        return web.Response()

    port = free_port()
    async with (
        socket_end(slack, silent),
        running(socket_env(clean_db, slack, PORT=str(port)), tmp_path) as process,
    ):
        try:
            await asyncio.wait_for(knocked.wait(), 30)
            output = await stopped(process)
        finally:
            hold.set()
    assert "connected to Slack in Socket Mode" not in output


async def test_slack_down_at_start_is_no_refusal_the_socket_connects_once_it_answers(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    """A 503 to the start-up check: the bot serves, asks again and then connects."""
    connected: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    ping = {"envelope_id": "E1", "type": "slash_commands", "payload": HELP}
    slack.fail_next("apps.connections.open", status=503)
    port = free_port()
    async with (
        socket_end(slack, hello(connected, ping)),
        running(socket_env(clean_db, slack, PORT=str(port)), tmp_path) as process,
    ):
        async with aiohttp.ClientSession() as http:
            await serving(http, port)
        assert (await asyncio.wait_for(connected.get(), 30))["envelope_id"] == "E1"
        output = await stopped(process)
    assert output.count("serving anyway") == 1
    assert "connected to Slack in Socket Mode" in output and "Traceback" not in output
