"""The fan-out's pacer finds the workspace's limit: it grows while Slack accepts, settles below
what Slack took when it answers 429, waits out Retry-After, and never passes its ceiling."""

from __future__ import annotations

import asyncio

from bot.slack.pacing import SETTLE, START, AdaptivePacer


async def test_it_doubles_while_callers_queue_and_stops_at_the_ceiling() -> None:
    pacer = AdaptivePacer(ceiling=45)
    assert pacer.rate == START
    loop = asyncio.get_running_loop()
    started = loop.time()
    while loop.time() - started < 1.7:  # a fan-out's callers, one after another
        await pacer.wait()
        pacer.accepted()
    assert pacer.rate == 45  # 10 → 20 → 40 → 80, capped


async def test_a_429_settles_below_what_slack_took_and_pauses_for_retry_after() -> None:
    pacer = AdaptivePacer(ceiling=100)
    for _ in range(20):
        pacer.accepted()
    pacer.limited(retry_after=0.2)
    assert pacer.rate == SETTLE * 20
    loop = asyncio.get_running_loop()
    before = loop.time()
    await pacer.wait()
    assert loop.time() - before >= 0.19  # nobody calls before Retry-After has passed


async def test_after_a_429_it_does_not_grow_again_at_once() -> None:
    pacer = AdaptivePacer(ceiling=100, start=40)
    for _ in range(10):
        pacer.accepted()
    pacer.limited(retry_after=0.0)
    learned = pacer.rate
    loop = asyncio.get_running_loop()
    started = loop.time()
    while loop.time() - started < 1.0:
        await pacer.wait()
        pacer.accepted()
    assert pacer.rate == learned  # probing waits PROBE_AFTER quiet seconds


async def test_a_429_with_nothing_accepted_still_leaves_a_pace() -> None:
    pacer = AdaptivePacer(ceiling=100)
    pacer.limited(retry_after=1.0)
    assert pacer.rate == 1.0
