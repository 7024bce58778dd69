"""The supervisor of work nobody awaits, and the one reporter of failures.

Every fire-and-forget task goes through `Background`: work after Slack's ack, timers, the
scheduler's jobs, the batcher's worker, leadership. It is bounded (at most LIMIT run at once;
more wait their turn, in order, rather than being dropped: each was promised to someone), timed
(work still running after TIMEOUT seconds is cancelled and reported) and drained on shutdown.
Its failures, a listener's (Bolt's `@app.error`) and a job's go to `report`: one log line with
the traceback, one count in `smm_background_errors_total`.
"""

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

LIMIT = 100  # pieces of background work running at once (each may hold a connection)
TIMEOUT = 600.0  # seconds: longer than the largest task fan-out takes, so only stuck work hits it

Tell = Callable[[str], Coroutine[Any, Any, Any]]  # says a text to one person


@dataclass(frozen=True)
class Waiting:
    """Someone waiting for the outcome of work after the ack (a command, a click, a form),
    how to tell them (in a message only they see), and what, by catalogue key: the database
    failed (`not_saved`: nothing was stored, they should try again) or something else did."""

    tell: Tell
    not_saved: str = "error.not_saved"
    failed: str = "error.failed"


class Abandoned(Exception):
    """Background work the supervisor cancelled: stuck past its timeout, or unfinished when
    shutdown's wait ran out."""


def work_kind(what: str) -> str:
    """The metric's label for `what` failed: its words without ids, nor the words that led
    to them at the end ("vote on question 3 by U0AB12" → "vote on question"), so the label
    set stays the code's, not the data's."""
    words = [word for word in what.split() if not any(c.isdigit() for c in word)]
    while words and words[-1] in ("by", "from", "for", "of"):
        words.pop()
    return " ".join(words)


class Background:
    """The supervisor (see the module's docstring) and its reporter."""

    def __init__(self, lang: Language, limit: int = LIMIT, timeout: float = TIMEOUT) -> None:
        self._lang = lang
        self._slots = asyncio.Semaphore(limit)
        self._timeout = timeout
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(
        self, work: Coroutine[Any, Any, Any], name: str, waiting: Waiting | None = None
    ) -> None:
        """Run `work` after the ack, a timer or a job: once a slot is free, for at most the
        timeout; if it fails, `report` it (`name` says what it was) and tell `waiting`."""
        self._start(self._bounded(work), name, waiting)

    async def run(self, work: Coroutine[Any, Any, Any], name: str) -> None:
        """`spawn`, awaited: a scheduled job, so the scheduler sees it running (one sweep at a
        time) and never sees it fail (APScheduler would log the error itself, beside this
        path). Cancelling the wait does not cancel the work: shutdown drains it."""
        await asyncio.wait([self._start(self._bounded(work), name, None)])

    def serve(self, work: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        """Run `work` that others wait on (the batcher's worker: a slot's holder may be waiting
        for it, so it takes none) or that runs until its owner cancels it (leadership): no
        slot, no timeout, its failure reported."""
        return self._start(work, name, None)

    def _start(
        self, work: Coroutine[Any, Any, Any], name: str, waiting: Waiting | None
    ) -> asyncio.Task[Any]:
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)

        def done(task: asyncio.Task[Any]) -> None:
            self._tasks.discard(task)
            if not task.cancelled() and (error := task.exception()) is not None:
                self.report(error, name, waiting)

        task.add_done_callback(done)
        return task

    async def _bounded(self, work: Coroutine[Any, Any, Any]) -> None:
        try:
            async with self._slots:
                deadline = asyncio.timeout(self._timeout)
                try:
                    async with deadline:
                        await work
                except TimeoutError as error:
                    if not deadline.expired():  # the work's own timeout, not ours
                        raise
                    raise Abandoned(
                        f"still running after {self._timeout:g} s: cancelled"
                    ) from error
        finally:
            work.close()  # cancelled while waiting for a slot: it never started, and never will

    def report(
        self,
        error: BaseException,
        what: str,
        waiting: Waiting | None = None,
        *,
        kind: str | None = None,
    ) -> None:
        """The one path for failures of work after the ack (background work, jobs, timers,
        listeners, leadership): a log line saying what failed (job, task, user) with the
        traceback, never the request (it carries tokens and response URLs); the metric (by
        `kind`, else `work_kind(what)`); and the person waiting, if any, told in a message
        only they see."""
        log.error("%s failed", what, exc_info=error)
        BACKGROUND_ERRORS.labels(kind or work_kind(what)).inc()
        if waiting is not None:
            key = waiting.not_saved if is_storage_error(error) else waiting.failed
            self.spawn(waiting.tell(t(self._lang, key)), f"tell of {what}")

    async def drain(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for running and waiting work and what it starts (a
        fan-out spawned by a command), then cancel the rest, reporting each."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._tasks and (left := deadline - loop.time()) > 0:
            await asyncio.wait(set(self._tasks), timeout=left)
        pending = set(self._tasks)
        for task in pending:
            task.cancel()
            self.report(
                Abandoned(f"unfinished {timeout:g} s into shutdown: cancelled"), task.get_name()
            )
        if pending:
            await asyncio.wait(pending)
