"""Keeping a fan-out at the rate the workspace allows, found as it goes."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable

START = 10.0  # calls per second before anything is known of the workspace
GROW_EVERY = 0.25  # seconds between doublings while Slack accepts everything
PROBE_AFTER = 10.0  # seconds at a learned rate before trying 10% more
SETTLE = 0.95  # after a 429: this share of the rate Slack accepted over the last second
MEASURE_FOR = 0.25  # seconds of calls it takes before a 429 tells where the limit is


def _loop_time() -> float:
    return asyncio.get_running_loop().time()


class AdaptivePacer:
    """Evenly spaced calls at a rate that adapts to Slack's answers.

    It starts at START calls per second and doubles every GROW_EVERY seconds while callers keep
    up with it and Slack accepts. A 429 shows where the workspace's limit is: the rate falls to
    SETTLE × the rate Slack accepted over the last second, and nobody calls until Retry-After
    has passed. From there it probes 10% higher only after PROBE_AFTER quiet seconds, so a
    fan-out meets the limit once or twice, not every few seconds. A 429 before MEASURE_FOR
    seconds of calls (at the very start, or right after a pause: the workspace was busy with
    someone else's calls) shows no limit of ours: the rate halves and keeps looking.
    `ceiling` (TASK_DM_RATE) caps it all. It paces real Slack, so it keeps the event loop's
    time (`now` and `sleep` are for its tests).
    """

    def __init__(
        self,
        ceiling: float,
        start: float = START,
        now: Callable[[], float] = _loop_time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._ceiling = ceiling
        self.rate = min(start, ceiling)
        self._now, self._sleep = now, sleep
        self._learned = False  # whether a 429 has shown the workspace's limit
        self._next = 0.0  # time of the next free slot
        self._changed: float | None = None  # time the rate last changed
        self._since: float | None = None  # time calls began to flow (the start, a pause's end)
        self._accepted: deque[float] = deque()  # times of calls accepted in the last 1 s

    async def wait(self) -> None:
        """Wait for this caller's slot."""
        now = self._now()
        if self._changed is None:
            self._changed = self._since = now
        elif now > self._next + 1.0:  # idle a while: a new fan-out's calls begin to flow
            self._since = now
        elif now < self._next + 1.0 / self.rate:  # callers keep up with the pace: try faster
            self._grow(now)
        slot = max(now, self._next)
        self._next = slot + 1.0 / self.rate
        if slot > now:
            await self._sleep(slot - now)

    def accepted(self) -> None:
        now = self._now()
        self._accepted.append(now)
        self._forget(now)

    def limited(self, retry_after: float) -> None:
        """Slack answered 429: settle below what it took, and pause for Retry-After."""
        now = self._now()
        self._forget(now)
        if self._since is not None and now < self._since:
            # Sent before the pause this burst of 429s began: the pace is already set.
            self._next = max(self._next, now + retry_after)
            return
        measured = now - self._since if self._since is not None else 0.0
        if measured >= MEASURE_FOR:
            took = len(self._accepted) / min(1.0, measured)
            self.rate = min(self._ceiling, max(1.0, SETTLE * took))
            self._learned = True
        else:
            self.rate = max(1.0, self.rate / 2)
        self._changed = now
        self._next = max(self._next, now + retry_after)
        self._since = self._next

    def _grow(self, now: float) -> None:
        assert self._changed is not None
        if now - self._changed < (PROBE_AFTER if self._learned else GROW_EVERY):
            return
        self.rate = min(self._ceiling, self.rate * (1.1 if self._learned else 2.0))
        self._changed = now

    def _forget(self, now: float) -> None:
        while self._accepted and self._accepted[0] <= now - 1.0:
            self._accepted.popleft()
