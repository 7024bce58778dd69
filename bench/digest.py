"""Briefing cost against history: one year of answers versus one week.

Both databases are filled through the real services (check-ins, replies with promotions, product
changes and threats, most threats closed later, as a team would), each round on its own day by
a staged clock (a briefing shows threats as they were that day), then the briefing for the last
day is composed and rendered many times on each. Prints both times and their ratio: the goal is
≤ 1.5, since the briefing's cost should follow what it shows, not how much history there is.
Run by hand:  .venv/bin/python -m bench.digest [--repeat 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from bot.config import to_async_url
from bot.db import migrate
from bot.domain.model.checkin import ThreadReply
from bot.domain.model.items import ThreatStatus
from bot.runtime import Runtime
from bot.simulator.clock import StagedClock
from bot.simulator.web_api import FakeSlack
from bot.simulator.workspace import MANAGER, MARKETING, SALES, bot_channels, make_settings
from bot.slack.views.briefing import briefing_message

LAST_DAY = date(2026, 11, 26)
NINE = clock_time(9)  # each round's answers come in at nine, its day's local time


def answers(day: date, n: int) -> dict[str, str]:
    """A plausible day: sales focus and news every day, a promotion and a product change
    twice a week, a threat every third day."""
    promo = day + timedelta(days=10)
    marketing = f"1. Night {n}: {'quiet' if n % 2 else 'a post went viral'}\n2. Campaign {n}"
    sales = f"2. Push item {n}"
    if n % 3 == 0:
        marketing += f"\n3. Sale {n} from {promo:%d.%m} to {promo + timedelta(days=3):%d.%m}"
        sales += f"\n4. Model {n} update {day + timedelta(days=5):%Y-%m-%d}"
    if n % 3 == 1:
        sales += f"\n5. Customer {n} threatens a bad review"
    return {MARKETING: marketing, SALES: sales}


async def fill(runtime: Runtime, slack: FakeSlack, clock: StagedClock, days: int) -> None:
    """`days` of rounds, each lived on its own day (the clock moved there): a threat is closed
    three rounds after it came, when that day's manager deals with it."""
    workdays = [
        d for i in range(days, -1, -1)
        if runtime.calendar.is_workday(d := LAST_DAY - timedelta(days=i))
    ]  # fmt: skip
    for n, day in enumerate(workdays):
        clock.advance(
            max(timedelta(0), datetime.combine(day, NINE, runtime.calendar.zone) - clock())
        )
        before = len(slack.calls_to("chat.postMessage"))
        await runtime.checkin.ask(day)
        posted = slack.calls_to("chat.postMessage")[before:]
        threads = {c.args["channel"]: c.response["ts"] for c in posted}
        for channel, text in answers(day, n).items():
            reply = ThreadReply(
                f"Ev{day}{channel}", channel, f"{threads[channel]}1", threads[channel],
                f"U{n % 7:09d}", text, runtime.calendar.now(),
            )  # fmt: skip
            await runtime.collector.on_reply(reply)
        for threat in (await runtime.briefings.compose(day)).threats:
            if threat.opened_on <= day - timedelta(days=3):
                await runtime.briefings.close_threat(threat.id, ThreatStatus.RESOLVED, MANAGER)
    await runtime.background.drain(30)


async def measure(label: str, days: int, repeat: int) -> float:
    async with FakeSlack(members=bot_channels()) as slack:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            await asyncio.to_thread(migrate.upgrade, to_async_url(url))
            settings = make_settings(url, slack.base_url)
            first = LAST_DAY - timedelta(days=days)
            clock = StagedClock(datetime.combine(first, NINE, settings.zone))
            runtime = Runtime.create(settings, clock)
            started = time.perf_counter()
            await fill(runtime, slack, clock, days)
            filled = time.perf_counter() - started
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                briefing = await runtime.briefings.compose(LAST_DAY)
                briefing_message("en", briefing)
                timings.append(time.perf_counter() - started)
            await runtime.close()
    median = statistics.median(timings)
    print(
        f"{label:<10} filled in {filled:5.1f} s; briefing: {median * 1000:6.2f} ms median "
        f"({len(briefing.promotions)} promotions, {len(briefing.products)} product changes, "
        f"{len(briefing.threats)} open threats shown)"
    )
    return median


async def main(repeat: int) -> None:
    week = await measure("one week", 7, repeat)
    year = await measure("one year", 365, repeat)
    print(f"ratio (one year / one week): {year / week:.2f}   goal ≤ 1.5")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200)
    asyncio.run(main(parser.parse_args().repeat))
