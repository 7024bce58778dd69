"""A clock for the simulated world: it starts at a chosen instant and runs at real speed, so a
test or the demo lives on a fixed day (a workday, at a set hour) whatever the machine's date."""

from __future__ import annotations

import time
from datetime import datetime, timedelta


class StagedClock:
    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the staged clock needs an aware datetime")
        self._start = start
        self._origin = time.monotonic()

    def __call__(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._origin)

    def advance(self, by: timedelta) -> None:
        """Jump ahead (a timer already armed still fires after its real delay)."""
        self._start += by
