"""Posting exactly once: a key in the database decides, not memory or the scheduler, and Slack
itself (the key is in each post's metadata) says what became of a post whose answer was lost."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.domain.model.common import Outcome
from bot.domain.model.errors import OutcomeUnknown
from bot.domain.model.once import Where
from bot.domain.ports import PostFinder, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# A post and a look-up each get a bounded time, so a living run never holds a claim longer than
# LOOKUP_TIMEOUT + POST_TIMEOUT + LOOKUP_TIMEOUT (55 s: a stale claim's look-up, the post, the
# look-up after a lost answer) before confirming or releasing it. A claim untouched for
# STALE_AFTER was therefore left by a run that died (or lost its way): the next run looks the
# post up and confirms or posts it. Shorter would let a slow but living run be overtaken (a
# duplicate); longer only delays the repair (the scheduler's sweep comes every ~30 s).
POST_TIMEOUT = 25.0
LOOKUP_TIMEOUT = 15.0
STALE_AFTER = timedelta(seconds=60)


async def look_up(finder: PostFinder, where: Where, since: datetime) -> list[str]:
    """The ts of the posts tagged with the key (oldest first); OutcomeUnknown when Slack cannot
    be asked."""
    try:
        async with asyncio.timeout(LOOKUP_TIMEOUT):
            return await finder.find_post(where.channel, where.key, since, where.thread_ts)
    except Exception as error:
        raise OutcomeUnknown(where.key) from error


async def settle(
    finder: PostFinder, where: Where, since: datetime, post: Callable[[], Awaitable[str]]
) -> list[str]:
    """Post; when its outcome is unknown (the answer lost, a timeout, a 5xx), look it up by key:
    the posts found, or the post's own error again when there is none (safe to retry)."""
    try:
        async with asyncio.timeout(POST_TIMEOUT):
            return [await post()]
    except Exception as error:
        if not finder.outcome_unknown(error):
            raise
        found = await look_up(finder, where, since)
        if not found:
            raise
        log.info("%s: the answer was lost, the post is there (%s)", where.key, found[0])
        return found


async def post_once(
    uow: UnitOfWorkFactory,
    finder: PostFinder,
    now: Callable[[], datetime],
    where: Where,
    post: Callable[[], Awaitable[str]],
    confirm: Callable[[UnitOfWork, list[str]], Awaitable[None]],
) -> Outcome:
    """Claim the key (committed), post, then confirm with the post's ts (every copy's, oldest
    first, should Slack have it more than once).

    POSTED: done now (or found after a lost answer); EXISTS: confirmed before, or found in Slack
    after a run died between posting and confirming; PENDING: another run holds a fresh claim.
    A post that surely failed gives the claim back and raises; one whose fate cannot be learnt
    keeps the claim and raises OutcomeUnknown: it goes stale, and the next run looks again.
    """
    at = now()
    async with uow() as unit:
        if await unit.claims.claim(where.key, at):
            since, stale = at, False
        else:
            claim = await unit.claims.get(where.key)
            if claim is None or claim.ts is not None:
                return Outcome.PENDING if claim is None else Outcome.EXISTS
            if at - claim.attempted_at < STALE_AFTER or not await unit.claims.take_over(
                where.key, claim.attempt, at
            ):
                return Outcome.PENDING
            since, stale = claim.claimed_at, True
        await unit.commit()
    if stale and (found := await look_up(finder, where, since)):
        log.info("%s: claimed, never confirmed, and in Slack: confirmed", where.key)
        await _confirm(uow, where, found, confirm)
        return Outcome.EXISTS
    try:
        posted = await settle(finder, where, since, post)
    except OutcomeUnknown:
        log.warning("%s: its fate is unknown; the next run looks it up", where.key)
        raise
    except Exception:
        async with uow() as unit:
            await unit.claims.release(where.key)
            await unit.commit()
        raise
    await _confirm(uow, where, posted, confirm)
    return Outcome.POSTED


async def _confirm(
    uow: UnitOfWorkFactory,
    where: Where,
    posts: list[str],
    confirm: Callable[[UnitOfWork, list[str]], Awaitable[None]],
) -> None:
    if len(posts) > 1:
        log.warning("%s: Slack has it %d times: %s", where.key, len(posts), ", ".join(posts))
    async with uow() as unit:
        await unit.claims.confirm(where.key, posts[0])
        await confirm(unit, posts)
        await unit.commit()
