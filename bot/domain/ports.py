"""What the services need from the outside world, as Protocols (db/ and slack/ implement them)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime
from typing import Protocol

from bot.domain.answers import AnswerPart
from bot.domain.models import Department, Digest, Prompt, ThreadReply


class PromptRepository(Protocol):
    async def claim(self, round_date: date, department: Department, channel: str) -> int | None:
        """Reserve the day's prompt for a channel; None when it is already taken."""

    async def set_ts(self, prompt_id: int, ts: str) -> None: ...

    async def release(self, prompt_id: int) -> None:
        """Give a claim back when posting failed, so the next run tries again."""

    async def by_threads(self, threads: set[tuple[str, str]]) -> dict[tuple[str, str], Prompt]:
        """The prompts among these (channel, thread ts) pairs, by pair."""


class ReplyRepository(Protocol):
    async def add_many(
        self, replies: list[tuple[Prompt, ThreadReply, list[AnswerPart]]]
    ) -> set[tuple[str, str]]:
        """Store new replies; returns the (channel, ts) of those not stored before."""

    async def find(self, channel: str, ts: str) -> StoredReply | None: ...

    async def edit(
        self, reply_id: int, text: str, parts: list[AnswerPart], edit_ts: str | None, at: datetime
    ) -> None: ...

    async def delete(self, channel: str, ts: str, at: datetime) -> bool: ...

    async def digest(self, round_date: date) -> Digest: ...


class StoredReply(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def edit_ts(self) -> str | None: ...


class DigestRepository(Protocol):
    async def claim(self, round_date: date, channel: str) -> bool: ...

    async def find_ts(self, round_date: date) -> tuple[str, str | None] | None:
        """(channel, ts) of the day's digest; ts is None while another run is posting it."""

    async def set_ts(self, round_date: date, ts: str, at: datetime) -> None: ...

    async def release(self, round_date: date) -> None: ...


class Inbox(Protocol):
    """Idempotency keys: what was done once is not done again."""

    async def first_hints(self, hints: set[tuple[date, str]]) -> set[tuple[date, str]]:
        """Record (round date, user) hints; returns those not given before."""


class UnitOfWork(Protocol):
    @property
    def prompts(self) -> PromptRepository: ...
    @property
    def replies(self) -> ReplyRepository: ...
    @property
    def digests(self) -> DigestRepository: ...
    @property
    def inbox(self) -> Inbox: ...

    async def commit(self) -> None: ...


UnitOfWorkFactory = Callable[[], AbstractAsyncContextManager[UnitOfWork]]


class Notifier(Protocol):
    """Outgoing messages, rendered by the Slack adapter in the configured language."""

    async def post_checkin(self, channel: str, round_date: date, department: Department) -> str:
        """Returns the posted message's ts."""

    async def post_digest(self, channel: str, digest: Digest) -> str: ...

    async def update_digest(self, channel: str, ts: str, digest: Digest) -> None: ...

    async def hint_numbering(self, channel: str, user: str, thread_ts: str) -> None: ...
