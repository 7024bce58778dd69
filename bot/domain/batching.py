"""Group commit: concurrent callers share one unit of work instead of queueing for their own."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from bot.domain.ports import Spawn

T = TypeVar("T")
R = TypeVar("R")

# Turns of the event loop a batch waits for its companions. A batch written on the loop (as
# SQLite's are) holds it meanwhile: the requests read then are still a few turns away from
# `submit`, in Bolt's dispatch. Turns, not time: an idle loop goes round them in microseconds.
TURNS = 4


class Batcher(Generic[T, R]):
    """Callers `submit` an item and wait for its result. One worker hands everything queued so
    far to `handle` in a single call: the first item goes within a few turns of the loop (no
    timer), and those that arrive meanwhile form the next batch. A failed batch is retried
    item by item, so one bad item fails only its own caller. The worker is started by `start`
    (the supervisor's, for work that others wait on)."""

    def __init__(
        self,
        handle: Callable[[Sequence[T]], Awaitable[Sequence[R]]],
        start: Spawn,
        max_batch: int = 500,
    ) -> None:
        self._handle = handle
        self._start = start
        self._max_batch = max_batch
        self._queue: list[tuple[T, asyncio.Future[R]]] = []
        self._working = False

    async def submit(self, item: T) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queue.append((item, future))
        if not self._working:
            self._working = True
            self._start(self._drain(), "batcher")
        return await future

    async def _drain(self) -> None:
        try:
            await self._batches()
        finally:  # done, failed or cancelled: the next caller starts a worker again
            self._working = False

    async def _batches(self) -> None:
        while self._queue:
            for _ in range(TURNS):
                await asyncio.sleep(0)
            batch, self._queue = self._queue[: self._max_batch], self._queue[self._max_batch :]
            try:
                self._settle(batch, await self._handle([item for item, _ in batch]))
            except Exception as error:
                if len(batch) == 1:
                    self._fail(batch, error)
                    continue
                for one in batch:
                    try:
                        self._settle([one], await self._handle([one[0]]))
                    except Exception as single_error:
                        self._fail([one], single_error)

    @staticmethod
    def _settle(batch: list[tuple[T, asyncio.Future[R]]], results: Sequence[R]) -> None:
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():  # the caller may have gone (a dropped connection)
                future.set_result(result)

    @staticmethod
    def _fail(batch: list[tuple[T, asyncio.Future[R]]], error: Exception) -> None:
        for _, future in batch:
            if not future.done():
                future.set_exception(error)
