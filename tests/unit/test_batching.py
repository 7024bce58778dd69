"""Group commit: what callers submit together is handled in one call."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Sequence
from typing import Any

from bot.domain.batching import TURNS, Batcher


def spawn(work: Coroutine[Any, Any, Any], _name: str) -> asyncio.Task[Any]:
    return asyncio.create_task(work)


async def test_requests_on_their_way_join_the_batch_after_one_written_on_the_loop() -> None:
    sizes: list[int] = []
    late: list[asyncio.Task[int]] = []

    async def handle(items: Sequence[int]) -> Sequence[int]:
        sizes.append(len(items))
        if not late:  # written on the loop: requests read meanwhile are still in Bolt
            late.extend(asyncio.create_task(on_the_way(n, turns=n)) for n in range(1, TURNS))
        return items

    async def on_the_way(n: int, turns: int) -> int:
        for _ in range(turns):  # Bolt's dispatch, a turn of the loop per step
            await asyncio.sleep(0)
        return await batcher.submit(n)

    batcher: Batcher[int, int] = Batcher(handle, spawn)
    assert await batcher.submit(0) == 0
    assert await asyncio.gather(*late) == list(range(1, TURNS))
    assert sizes == [1, TURNS - 1]  # one write for all of them, not one each
