"""The operator's bad morning, with the schedule's real settings (a sweep every 30 s, retries
from 5 s doubling up to a minute): Slack answers 500 to every chat.postMessage from before
CHECKIN_TIME 09:00 until OUTAGE seconds after it (both channels); then it is back.

Prints when each channel's check-in appeared, on the bot's clock, and how many there are
(goal: by 09:03 for a two-minute outage, one per channel). Takes about OUTAGE + 20 s.
Run by hand:  .venv/bin/python -m bench.outage [--outage 120]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import to_async_url
from bot.db import migrate
from bot.runtime import Runtime
from bot.scheduler.jobs import Schedule
from bot.simulator.clock import StagedClock
from bot.simulator.web_api import FakeSlack
from bot.simulator.workspace import MARKETING, SALES, bot_channels, make_settings

ZONE = ZoneInfo("Europe/Moscow")
CHECKIN = datetime.combine(date(2026, 11, 26), time(9, 0), ZONE)


async def main(outage: float) -> None:
    async with FakeSlack(members=bot_channels()) as slack:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            await asyncio.to_thread(migrate.upgrade, to_async_url(url))
            settings = make_settings(url, slack.base_url, CHECKIN_TIME="09:00")
            clock = StagedClock(CHECKIN - timedelta(seconds=2))
            runtime = Runtime.create(settings, clock)
            schedule = Schedule(runtime)
            schedule.start()
            slack.flaky["chat.postMessage"] = (1.0, 500)
            await schedule.lead()
            posted: dict[str, datetime] = {}
            while len(posted) < 2:
                back = clock() - CHECKIN >= timedelta(seconds=outage)
                if back and "chat.postMessage" in slack.flaky:
                    del slack.flaky["chat.postMessage"]
                    print(f"Slack back at {clock():%H:%M:%S}")
                for channel in (MARKETING, SALES):
                    if slack.messages.get(channel) and channel not in posted:
                        posted[channel] = clock()
                await asyncio.sleep(0.05)
            await asyncio.sleep(1)
            tries = len(slack.calls_to("chat.postMessage"))
            for channel, when in posted.items():
                count = len(slack.messages[channel])
                print(f"{channel}: check-in at {when:%H:%M:%S}, {count} in the channel")
            print(f"{tries} calls to chat.postMessage in all")
            schedule.step_down()
            await runtime.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outage", type=float, default=120.0, help="seconds Slack is down")
    asyncio.run(main(parser.parse_args().outage))
