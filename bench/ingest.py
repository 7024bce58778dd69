"""Thread replies stored per second through the signed endpoint, against a bare Bolt app.

Both servers run in this process on 127.0.0.1 and get the same signed requests from the same
client at the same concurrency; the bare app only acks. Prints both rates and their ratio
(goal: ≥ 0.5). Run by hand:  .venv/bin/python -m bench.ingest [--replies 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web
from slack_bolt.async_app import AsyncApp
from sqlalchemy import func, select

from bot.config import to_async_url
from bot.db import migrate
from bot.db.tables import ReplyRow
from bot.runtime import Runtime
from bot.simulator.sender import SlackSender, event_callback, message_event
from bot.simulator.web_api import FakeSlack, serve_locally
from bot.simulator.workspace import (
    BOT_TOKEN,
    MARKETING,
    SIGNING_SECRET,
    bot_channels,
    make_settings,
)
from bot.slack.app import build_app, web_app


def replies(thread_ts: str, count: int) -> list[dict[str, Any]]:
    return [
        event_callback(message_event(
            MARKETING, f"U{n % 40:09d}", f"1. night {n}\n2. focus {n}",
            ts=f"1764170000.{n:06d}", thread_ts=thread_ts,
        ))
        for n in range(1, count + 1)
    ]  # fmt: skip


async def blast(url: str, payloads: list[dict[str, Any]], concurrency: int) -> float:
    """Send every payload, `concurrency` at a time; returns requests per second."""
    queue = list(reversed(payloads))
    async with SlackSender(url, SIGNING_SECRET) as sender:

        async def worker() -> None:
            while queue:
                status, body = await sender.post_event(queue.pop())
                assert status == 200, body

        started, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
        print(f"  (CPU busy {100 * (time.process_time() - cpu) / wall:.0f}% of the time)")
        return len(payloads) / wall


async def measure(
    label: str, application: web.Application, payloads: list[dict[str, Any]], concurrency: int,
    check: Callable[[], Awaitable[None]] | None = None,
) -> float:  # fmt: skip
    runner, root = await serve_locally(application)
    try:
        rate = await blast(f"{root}/slack/events", payloads, concurrency)
        if check:
            await check()
    finally:
        await runner.cleanup()
    print(f"{label:<28} {rate:8.0f} replies/s")
    return rate


async def main(count: int, concurrency: int, database_url: str | None) -> None:
    async with FakeSlack(members=bot_channels()) as slack:
        with tempfile.TemporaryDirectory() as tmp:
            url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
            await asyncio.to_thread(migrate.upgrade, to_async_url(url))
            runtime = Runtime.create(make_settings(url, slack.base_url))
            await runtime.checkin.ask(runtime.calendar.today(), force=True)
            thread_ts = slack.calls_to("chat.postMessage")[0].response["ts"]

            bare = AsyncApp(token=BOT_TOKEN, signing_secret=SIGNING_SECRET)
            bare.client.base_url = slack.base_url

            @bare.event("message")
            async def ack_only() -> None:
                return None

            async def all_stored() -> None:
                async with runtime.engine.connect() as connection:
                    stored = await connection.scalar(select(func.count()).select_from(ReplyRow))
                assert stored == count, f"{stored} of {count} replies stored"

            warmup = replies("1764169999.000001", 50)
            await measure("warm-up (not counted)", bare.web_app(), warmup, concurrency)
            baseline = await measure(
                "bare Bolt app, ack only", bare.web_app(), replies(thread_ts, count), concurrency
            )
            ours = await measure(
                "SMM Pulse, stored", web_app(build_app(runtime), runtime),
                replies(thread_ts, count), concurrency, all_stored,
            )  # fmt: skip
            await runtime.close()
    print(f"ratio (SMM Pulse / bare Bolt): {ours / baseline:.2f}   goal ≥ 0.5")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replies", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    asyncio.run(main(args.replies, args.concurrency, args.database_url))
