"""A clock for the simulated world: it starts at a chosen instant and runs at real speed, so a
test or the demo lives on a fixed day (a workday, at a set hour) whatever the machine's date.
It jumps ahead when told: what waits on it for a time now passed (a debounce, a task's timer in
the scheduler) is due at once, so a test moves through a window or a day without sleeping."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime, timedelta


class StagedClock:
    """bot.domain.calendar.Clock."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the staged clock needs an aware datetime")
        self._start = start
        self._origin = time.monotonic()
        self._sleepers: dict[asyncio.Future[None], datetime] = {}  # → the time each waits for
        self._jumped: list[Callable[[timedelta], None]] = []

    def __call__(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._origin)

    async def sleep_until(self, when: datetime) -> None:
        """Wait in real time until the clock reads `when`, or less if it jumps meanwhile."""
        loop = asyncio.get_running_loop()
        while (left := (when - self()).total_seconds()) > 0:
            woken = loop.create_future()
            self._sleepers[woken] = when
            try:
                await asyncio.wait([woken], timeout=left)
            finally:
                del self._sleepers[woken]

    def next_wake(self) -> datetime | None:
        """The earliest time something sleeps until, if anything does."""
        return min(self._sleepers.values(), default=None)

    def on_jump(self, jumped: Callable[[timedelta], None]) -> None:
        self._jumped.append(jumped)

    def advance(self, by: timedelta) -> None:
        """Jump ahead by `by`, waking whatever waits on the clock."""
        if by < timedelta(0):
            raise ValueError("the staged clock runs forward only")
        self._start += by
        for woken in self._sleepers:
            if not woken.done():
                woken.set_result(None)
        for jumped in self._jumped:
            jumped(by)
