"""What the connectors' tests share: a PostSink that records what it is handed, and a wait
for a connector to be asleep on the clock (backing off, or told to wait)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from bot.background import Background
from bot.domain.model.networks import SeenPost
from bot.networks import Connector, Connectors
from bot.simulator.clock import StagedClock

TICK = 0.005  # seconds between looks at the clock's sleepers


class RecordingSink:
    """bot.domain.ports.PostSink that keeps every post it is handed, in order; while
    `failing`, it raises instead (a database that does not answer)."""

    def __init__(self) -> None:
        self.posts: list[SeenPost] = []
        self.failing = False
        self._changed = asyncio.Event()

    async def seen(self, post: SeenPost) -> None:
        if self.failing:
            raise ConnectionRefusedError("the database does not answer")
        self.posts.append(post)
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def wait_for(self, count: int, timeout: float = 5.0) -> list[SeenPost]:
        async with asyncio.timeout(timeout):
            while len(self.posts) < count:
                await self._changed.wait()
        return self.posts


async def asleep(clock: StagedClock, timeout: float = 5.0) -> datetime:
    """Wait until something waits on the clock for a time still ahead; returns that time."""
    for _ in range(int(timeout / TICK)):
        if (wake := clock.next_wake()) is not None and wake > clock():
            return wake
        await asyncio.sleep(TICK)
    raise AssertionError(f"nothing waited on the clock within {timeout} s")


@asynccontextmanager
async def leading(*connectors: Connector) -> AsyncIterator[Connectors]:
    """The connectors run as the leader runs them, until the block ends (it steps down)."""
    running = Connectors(connectors, Background("en").serve)
    running.lead()
    try:
        yield running
    finally:
        await running.step_down()
