"""An exactly-once post: its key and where it goes, and the claim the database keeps of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Claim:
    key: str
    claimed_at: datetime  # when the post was first claimed: look it up from here
    attempted_at: datetime  # when a run last took it on
    attempt: int
    ts: str | None  # None: not confirmed


@dataclass(frozen=True)
class Where:
    """An exactly-once post: its idempotency key and where it goes (a thread: `thread_ts`)."""

    key: str
    channel: str
    thread_ts: str | None = None
