"""The supervisor: at most `limit` pieces of work run at once and the rest wait their turn (none
is dropped), work that others wait on takes no slot, stuck work is cancelled at its timeout and
reported, and shutdown waits for running work, then cancels and reports what is left."""

from __future__ import annotations

import asyncio
import logging

import pytest
from prometheus_client import REGISTRY

from bot.background import Abandoned, Background, Waiting
from bot.i18n import t


def errors(work: str) -> float:
    return REGISTRY.get_sample_value("smm_background_errors_total", {"work": work}) or 0.0


def reports(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    """What the reporter logged: (what failed, why)."""
    return [
        (r.getMessage(), str(r.exc_info[1]) if r.exc_info else "")
        for r in caplog.records
        if r.name == "bot.background" and r.levelno == logging.ERROR
    ]


async def test_at_the_cap_work_waits_its_turn_in_order_and_none_is_dropped() -> None:
    background = Background("en", limit=2)
    running, most, started = 0, 0, []

    async def work(n: int) -> None:
        nonlocal running, most
        started.append(n)
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.02)
        running -= 1

    for n in range(7):
        background.spawn(work(n), f"work {n}")
    await asyncio.sleep(0.01)
    assert started == [0, 1]  # the others wait for a slot
    await background.drain(5)
    assert (most, started) == (2, list(range(7)))


async def test_work_others_wait_on_takes_no_slot() -> None:
    """Every slot's holder waits for a worker (the batcher's): it runs all the same."""
    background = Background("en", limit=2, timeout=5)
    result: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    answers = []

    async def caller() -> None:
        answers.append(await asyncio.shield(result))

    async def worker() -> None:
        result.set_result("stored")

    background.spawn(caller(), "caller 1")
    background.spawn(caller(), "caller 2")
    await asyncio.sleep(0.01)
    background.serve(worker(), "batcher")
    await background.drain(1)
    assert answers == ["stored", "stored"]


async def test_stuck_work_is_cancelled_at_its_timeout_and_reported_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    background = Background("en", timeout=0.1)
    told: list[str] = []

    async def tell(text: str) -> None:
        told.append(text)

    cancelled = asyncio.Event()

    async def stuck() -> None:
        try:
            await asyncio.Event().wait()  # a call that never answers
        finally:
            cancelled.set()

    async def times_itself_out() -> None:
        async with asyncio.timeout(0.01):  # its own timeout: its own failure, not stuck
            await asyncio.Event().wait()

    before = errors("stuck work")
    loop = asyncio.get_running_loop()
    started = loop.time()
    with caplog.at_level(logging.ERROR):
        background.spawn(stuck(), "stuck work by U0AB12", Waiting(tell))
        background.spawn(times_itself_out(), "hasty work")
        await asyncio.wait_for(cancelled.wait(), 2)
        took = loop.time() - started
        await background.drain(1)
    assert 0.1 <= took < 0.5
    assert reports(caplog) == [
        ("hasty work failed", ""),  # TimeoutError says nothing more
        ("stuck work by U0AB12 failed", "still running after 0.1 s: cancelled"),
    ]
    assert isinstance(caplog.records[-1].exc_info[1], Abandoned)  # type: ignore[index]
    assert errors("stuck work") == before + 1
    assert told == [t("en", "error.failed")]  # the person waiting hears it failed


async def test_shutdown_waits_for_running_work_then_cancels_and_reports_the_rest(
    caplog: pytest.LogCaptureFixture,
) -> None:
    background = Background("en", limit=2)
    finished = []

    async def quick(name: str) -> None:
        await asyncio.sleep(0.05)
        finished.append(name)

    async def fans_out() -> None:  # what it starts is waited for too
        await asyncio.sleep(0.05)
        background.spawn(quick("started by the command"), "follow-up")

    async def never_ends() -> None:
        await asyncio.Event().wait()

    before = errors("task stuck fan-out")
    with caplog.at_level(logging.ERROR):
        background.spawn(fans_out(), "command")
        background.spawn(never_ends(), "task 3 stuck fan-out")
        background.spawn(quick("queued"), "queued")  # runs once the command's slot is free
        background.serve(never_ends(), "batcher")
        await background.drain(0.5)
    assert sorted(finished) == ["queued", "started by the command"]
    why = "unfinished 0.5 s into shutdown: cancelled"
    assert sorted(reports(caplog)) == [
        ("batcher failed", why),
        ("task 3 stuck fan-out failed", why),
    ]
    assert errors("task stuck fan-out") == before + 1


async def test_work_still_waiting_for_a_slot_at_shutdown_is_cancelled_unstarted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Reported like the rest; never run, and no coroutine left un-awaited behind."""
    background = Background("en", limit=1)
    ran = []

    async def never_ends() -> None:
        await asyncio.Event().wait()

    async def waits(name: str) -> None:
        ran.append(name)

    with caplog.at_level(logging.ERROR):
        background.spawn(never_ends(), "stuck")
        background.spawn(waits("queued"), "queued")
        await background.drain(0.1)
    assert ran == []
    why = "unfinished 0.1 s into shutdown: cancelled"
    assert sorted(reports(caplog)) == [("queued failed", why), ("stuck failed", why)]
