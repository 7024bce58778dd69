"""What the bot keeps of a feed in FEEDS between reads (bot/networks/feeds.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class FeedState:
    """A feed as last read: the validators its server gave, for the next conditional GET.
    A feed with a state has been read once: from then on, an item it did not show is new."""

    url: str
    etag: str | None
    last_modified: str | None
    read_at: datetime
