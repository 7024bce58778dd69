"""Keeping outgoing bursts under Slack's per-method limits."""

from __future__ import annotations

import asyncio


class Pacer:
    """At most `rate` calls per second, evenly spaced: each caller waits for its slot.

    Slack's 429 answers are honoured by the client's retry handler too; pacing keeps a
    fan-out from provoking them in the first place.
    """

    def __init__(self, rate: float) -> None:
        self._interval = 1.0 / rate
        self._next = 0.0

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        slot = max(now, self._next)
        self._next = slot + self._interval
        if slot > now:
            await asyncio.sleep(slot - now)
