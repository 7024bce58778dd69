"""Posting exactly once: a unique key in the database decides, not memory or the scheduler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.domain.ports import UnitOfWork, UnitOfWorkFactory

K = TypeVar("K")
R = TypeVar("R")


async def post_once(
    uow: UnitOfWorkFactory,
    claim: Callable[[UnitOfWork], Awaitable[K | None]],
    post: Callable[[], Awaitable[R]],
    release: Callable[[UnitOfWork, K], Awaitable[None]],
    confirm: Callable[[UnitOfWork, K, R], Awaitable[None]] | None = None,
) -> bool:
    """Claim the key (committed), post, then confirm; False when someone claimed it before.

    A failed post gives the claim back, so the next run tries again; a crash between the post
    and the confirmation leaves the claim, so nothing is posted twice.
    """
    async with uow() as unit:
        key = await claim(unit)
        await unit.commit()
    if key is None or key is False:
        return False
    try:
        result = await post()
    except BaseException:
        async with uow() as unit:
            await release(unit, key)
            await unit.commit()
        raise
    if confirm is not None:
        async with uow() as unit:
            await confirm(unit, key, result)
            await unit.commit()
    return True
