"""Socket Mode as a real process: `smm-bot run` with SLACK_APP_TOKEN (and no signing secret)
connects to the WebSocket URL apps.connections.open hands out, answers a slash command over
it, and still serves /healthz and /metrics on PORT for the container's health check."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import WSMsgType, web

from bot.simulator.sender import SLASH_COMMAND
from bot.simulator.web_api import FakeSlack, serve_locally
from bot.simulator.workspace import MANAGER, MARKETING
from tests.integration.test_cli import SMM_BOT, environment, free_port, serving, stopped


async def test_socket_mode_answers_over_the_socket_and_serves_health(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    answers: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    command = SLASH_COMMAND | {
        "command": "/smm-task", "text": "help", "user_id": MANAGER, "channel_id": MARKETING,
    }  # fmt: skip

    async def link(request: web.Request) -> web.WebSocketResponse:
        """Slack's side of the socket: hello, one slash command, then whatever comes back."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1})
        envelope = {"envelope_id": "E1", "type": "slash_commands", "payload": command}
        await socket.send_json(envelope | {"accepts_response_payload": True})
        async for message in socket:
            if message.type is WSMsgType.TEXT:
                await answers.put(json.loads(message.data))
        return socket

    application = web.Application()
    application.router.add_get("/link", link)
    runner, root = await serve_locally(application)
    socket_url = "ws" + root.removeprefix("http") + "/link"
    slack.set_handler("apps.connections.open", lambda _: {"ok": True, "url": socket_url})
    port = free_port()
    env = environment(
        clean_db, slack, PORT=str(port), SLACK_APP_TOKEN="xapp-1-A0FAKE-1-0123456789",
        SLACK_SIGNING_SECRET="",
    )  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        SMM_BOT, "run", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        answer = await asyncio.wait_for(answers.get(), 30)
        assert answer["envelope_id"] == "E1"
        assert answer["payload"]["response_type"] == "ephemeral"
        assert "*Usage:* `/smm-task &lt;post URL&gt;" in answer["payload"]["text"]
        [opened] = slack.calls_to("apps.connections.open")
        assert opened.headers["Authorization"] == "Bearer xapp-1-A0FAKE-1-0123456789"
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
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await runner.cleanup()
