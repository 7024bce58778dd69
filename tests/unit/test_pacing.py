"""The fan-out's pacer finds the workspace's limit: it grows while Slack accepts, settles below
what Slack took when it answers 429, waits out Retry-After, and never passes its ceiling. A 429
before it has measured anything (at the start, or right after a pause) halves the pace and
keeps looking, instead of taking "nothing accepted" for the workspace's limit."""

from __future__ import annotations

import asyncio

import pytest

from bot.slack.pacing import SETTLE, START, AdaptivePacer


class Time:
    """The pacer's time, moved by its own sleeps: the tests run at once."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


def pacer_for(time: Time, ceiling: float, start: float = START) -> AdaptivePacer:
    return AdaptivePacer(ceiling, start, now=time, sleep=time.sleep)


async def flow(pacer: AdaptivePacer, time: Time, seconds: float) -> None:
    """A fan-out's callers, one after another, each call accepted."""
    until = time.now + seconds
    while time.now < until:
        await pacer.wait()
        pacer.accepted()


async def test_it_doubles_while_callers_queue_and_stops_at_the_ceiling() -> None:
    time = Time()
    pacer = pacer_for(time, ceiling=45)
    assert pacer.rate == START
    await flow(pacer, time, 1.7)
    assert pacer.rate == 45  # 10 → 20 → 40 → 80, capped


async def test_a_429_settles_below_what_slack_took_and_pauses_for_retry_after() -> None:
    time = Time()
    pacer = pacer_for(time, ceiling=20, start=20)
    await flow(pacer, time, 2.0)  # Slack took 20 a second
    pacer.limited(retry_after=0.2)
    assert pacer.rate == pytest.approx(SETTLE * 20, rel=0.06)
    before = time.now
    await pacer.wait()
    assert time.now - before >= 0.2  # nobody calls before Retry-After has passed


async def test_after_a_429_it_does_not_grow_again_at_once() -> None:
    time = Time()
    pacer = pacer_for(time, ceiling=100, start=40)
    await flow(pacer, time, 0.5)
    pacer.limited(retry_after=0.0)
    learned = pacer.rate
    await flow(pacer, time, 5.0)
    assert pacer.rate == learned  # probing waits PROBE_AFTER quiet seconds
    await flow(pacer, time, 6.0)
    assert pacer.rate == pytest.approx(learned * 1.1)


async def test_a_429_before_anything_is_measured_halves_the_pace_and_keeps_looking() -> None:
    time = Time()
    pacer = pacer_for(time, ceiling=100)
    await pacer.wait()
    pacer.limited(retry_after=1.0)  # the workspace was busy before our first call
    assert pacer.rate == START / 2
    await flow(pacer, time, 2.0)
    assert pacer.rate > START  # not learned: it doubles again once Slack accepts


async def test_three_429s_in_a_row_at_the_start_still_leave_a_pace() -> None:
    time = Time()
    pacer = pacer_for(time, ceiling=100)
    for _ in range(3):
        await pacer.wait()
        pacer.limited(retry_after=1.0)
    assert pacer.rate == START / 8
    for _ in range(10):
        await pacer.wait()
        pacer.limited(retry_after=1.0)
    assert pacer.rate == 1.0  # never below one call a second


async def test_a_new_fan_out_after_a_quiet_hour_is_measured_afresh() -> None:
    time = Time()
    pacer = pacer_for(time, ceiling=100, start=20)
    await flow(pacer, time, 1.0)
    time.now += 3600  # nobody called: the next task's fan-out begins
    rate = pacer.rate
    await pacer.wait()
    pacer.limited(retry_after=1.0)  # nothing accepted yet in this fan-out
    assert pacer.rate == rate / 2


async def test_the_429s_of_calls_already_in_flight_do_not_lower_the_pace_again() -> None:
    time = Time()
    pacer = pacer_for(time, ceiling=100, start=40)
    await flow(pacer, time, 1.0)
    pacer.limited(retry_after=1.0)
    learned = pacer.rate
    for _ in range(9):  # the other callers' calls, sent before the first 429 came back
        pacer.limited(retry_after=1.0)
    assert pacer.rate == learned
