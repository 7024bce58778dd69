"""Posting to several channels: each one on its own."""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from bot.domain.model.common import Department, Outcome, PostResult

log = logging.getLogger(__name__)


async def each_channel(
    what: str, channel: str, department: Department | None, post: Awaitable[PostResult]
) -> PostResult:
    """One channel's post, whatever becomes of the others': a failure is logged and reported
    as FAILED, so the next channel is still tried and the next run retries this one."""
    try:
        return await post
    except Exception as error:
        # One line per channel and try: an outage repeats it until Slack is back. All of the
        # error's lines: Slack's reason (not_in_channel, missing_scope) is on its last.
        log.warning(
            "%s in %s failed (%s: %s); the next run tries again",
            what, channel, type(error).__name__, " ".join(str(error).split()),
        )  # fmt: skip
        return PostResult(Outcome.FAILED, channel, department)
