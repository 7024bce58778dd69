"""Keeping a fan-out at the rate the workspace allows, found as it goes."""

from __future__ import annotations

import asyncio
from collections import deque

START = 10.0  # calls per second before anything is known of the workspace
GROW_EVERY = 0.25  # seconds between doublings while Slack accepts everything
PROBE_AFTER = 10.0  # seconds at a learned rate before trying 10% more
SETTLE = 0.95  # after a 429: this share of what Slack accepted in the last second


class AdaptivePacer:
    """Evenly spaced calls at a rate that adapts to Slack's answers.

    It starts at START calls per second and doubles every GROW_EVERY seconds while callers keep
    up with it and Slack accepts. A 429 shows where the workspace's limit is: the rate falls to
    SETTLE × the calls accepted in the last second, and nobody calls until Retry-After has
    passed. From there it probes 10% higher only after PROBE_AFTER quiet seconds, so a
    fan-out meets the limit once or twice, not every few seconds. `ceiling` (TASK_DM_RATE)
    caps it all.
    """

    def __init__(self, ceiling: float, start: float = START) -> None:
        self._ceiling = ceiling
        self.rate = min(start, ceiling)
        self._learned = False  # whether a 429 has shown the workspace's limit
        self._next = 0.0  # loop time of the next free slot
        self._changed: float | None = None  # loop time the rate last changed
        self._accepted: deque[float] = deque()  # loop times of calls accepted in the last 1 s

    async def wait(self) -> None:
        """Wait for this caller's slot."""
        now = asyncio.get_running_loop().time()
        if self._changed is None:
            self._changed = now
        elif now < self._next + 1.0 / self.rate:  # callers keep up with the pace: try faster
            self._grow(now)
        slot = max(now, self._next)
        self._next = slot + 1.0 / self.rate
        if slot > now:
            await asyncio.sleep(slot - now)

    def accepted(self) -> None:
        now = asyncio.get_running_loop().time()
        self._accepted.append(now)
        self._forget(now)

    def limited(self, retry_after: float) -> None:
        """Slack answered 429: settle below what it took, and pause for Retry-After."""
        now = asyncio.get_running_loop().time()
        self._forget(now)
        self.rate = min(self._ceiling, max(1.0, SETTLE * len(self._accepted)))
        self._learned = True
        self._changed = now
        self._next = max(self._next, now + retry_after)

    def _grow(self, now: float) -> None:
        assert self._changed is not None
        if now - self._changed < (PROBE_AFTER if self._learned else GROW_EVERY):
            return
        self.rate = min(self._ceiling, self.rate * (1.1 if self._learned else 2.0))
        self._changed = now

    def _forget(self, now: float) -> None:
        while self._accepted and self._accepted[0] <= now - 1.0:
            self._accepted.popleft()
