"""What every feature shares: the departments, and what came of a post."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    POSTED = "posted"
    UPDATED = "updated"
    EXISTS = "exists"  # done earlier by this or another process
    PENDING = "pending"  # another run holds the claim right now
    NOTHING_TO_DO = "nothing_to_do"
    NOT_WORKDAY = "not_workday"
    FAILED = "failed"  # this channel's post failed (logged); the next run tries again


@dataclass(frozen=True)
class PostResult:
    outcome: Outcome
    channel: str
    department: Department | None = None


class Department(StrEnum):
    MARKETING = "marketing"
    SALES = "sales"
