"""Fire-and-forget work done after Slack's ack, kept track of so shutdown can wait for it, and
the one place its failures (and those of jobs and listeners) are reported."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from bot.db.engine import is_storage_error
from bot.i18n import Language, t
from bot.metrics import BACKGROUND_ERRORS

log = logging.getLogger(__name__)


Tell = Callable[[str], Coroutine[Any, Any, Any]]  # says a text to one person


@dataclass(frozen=True)
class Waiting:
    """Someone waiting for the outcome of work after the ack (a command, a click, a form),
    how to tell them (in a message only they see), and what, by catalogue key: the database
    failed (`not_saved`: nothing was stored, they should try again) or something else did."""

    tell: Tell
    not_saved: str = "error.not_saved"
    failed: str = "error.failed"


def work_kind(what: str) -> str:
    """The metric's label for `what` failed: its words without ids, nor the words that led
    to them at the end ("vote on question 3 by U0AB12" → "vote on question"), so the label
    set stays the code's, not the data's."""
    words = [word for word in what.split() if not any(c.isdigit() for c in word)]
    while words and words[-1] in ("by", "from", "for", "of"):
        words.pop()
    return " ".join(words)


class Background:
    def __init__(self, lang: Language) -> None:
        self._lang = lang
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(
        self, work: Coroutine[Any, Any, Any], name: str, waiting: Waiting | None = None
    ) -> None:
        """Run `work` after the ack; if it fails, `report` it (`name` says what it was)."""
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)

        def done(task: asyncio.Task[Any]) -> None:
            self._tasks.discard(task)
            if not task.cancelled() and (error := task.exception()) is not None:
                self.report(error, name, waiting)

        task.add_done_callback(done)

    def report(
        self,
        error: BaseException,
        what: str,
        waiting: Waiting | None = None,
        *,
        kind: str | None = None,
    ) -> None:
        """The one path for failures of work after the ack (background work, jobs, listeners):
        a log line saying what failed (job, task, user), the metric (by `kind`, else
        `work_kind(what)`), and the person waiting, if any, told in a message only they see."""
        log.error("%s failed", what, exc_info=error)
        BACKGROUND_ERRORS.labels(kind or work_kind(what)).inc()
        if waiting is not None:
            key = waiting.not_saved if is_storage_error(error) else waiting.failed
            self.spawn(waiting.tell(t(self._lang, key)), f"tell of {what}")

    async def drain(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for running tasks and those they start (a fan-out
        spawned by a command), then cancel the rest."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._tasks and (left := deadline - loop.time()) > 0:
            await asyncio.wait(set(self._tasks), timeout=left)
        pending = set(self._tasks)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
