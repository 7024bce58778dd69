"""A quick-like task's fan-out against a fake Slack with 50 ms latency per call and a
workspace limit on chat.postMessage (more get 429 + Retry-After), at two workspace sizes:
500 people where Slack allows 50 DMs a second, and 300 where it allows 10.

The bot does not know the limit (TASK_DM_RATE is only its ceiling, 100 by default): it has to
find it. For each case this prints the time until the last DM against the floor the limit
implies (people / limit), as a ratio (goal ≤ 1.3), the 429s as a share of the DMs (goal < 10%
where Slack allows 10 a second), the DMs lost and doubled (goal: 0 and 0), and the ratio to a
plain sequential loop of chat.postMessage with the SDK's own 429 handling.
Run by hand:  .venv/bin/python -m bench.fanout
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bot.config import to_async_url
from bot.db import migrate
from bot.domain.model.tasks import Audience, CreateTask, Network, TaskAction
from bot.runtime import Runtime
from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from bot.simulator.workspace import DIGEST, MANAGER, bot_channels, make_settings

LATENCY = 0.05
CASES = ((500, 50), (300, 10))  # (people, chat.postMessage allowed per second)


def delivered(slack: FakeSlack, people: set[str]) -> Counter[str]:
    return Counter(
        c.args["channel"] for c in slack.calls_to("chat.postMessage")
        if not c.failed and c.args["channel"] in people
    )  # fmt: skip


async def until_all(slack: FakeSlack, people: set[str]) -> None:
    while set(delivered(slack, people)) != people:
        posted = len(slack.calls_to("chat.postMessage"))
        await slack.wait_for("chat.postMessage", count=posted + 1, timeout=120)


async def case(count: int, limit: int, sequential_too: bool) -> None:
    people = [f"U0P{n:07d}" for n in range(count)]
    async with FakeSlack(delay=LATENCY, rate_limits={"chat.postMessage": limit}) as slack:
        slack.users = [{"id": u, "name": u, "profile": {}} for u in [*people, MANAGER]]
        slack.members = bot_channels() | {DIGEST: [*people, BOT_USER_ID]}
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            await asyncio.to_thread(migrate.upgrade, to_async_url(url))
            runtime = Runtime.create(make_settings(url, slack.base_url, WORK_HOURS="00:00-00:00"))
            await runtime.directory.people()  # warm, as the scheduler keeps it
            command = CreateTask(
                "https://vk.com/wall-1_1", Network.VK, timedelta(hours=1), TaskAction.LIKE,
                Audience(channels=(DIGEST,)),
            )  # fmt: skip
            started = time.perf_counter()
            await runtime.tasks.create(command, MANAGER, DIGEST)
            await until_all(slack, set(people))
            ours = time.perf_counter() - started
            counts = delivered(slack, set(people))
            limited = sum(1 for c in slack.calls_to("chat.postMessage") if c.failed)
            sequential = None
            if sequential_too:
                await asyncio.sleep(1.0)  # let the rolling window empty
                started = time.perf_counter()
                for user in people:  # the plain loop, the SDK waiting out each 429
                    await runtime.client.chat_postMessage(channel=user, text="hello")
                sequential = time.perf_counter() - started
            await runtime.close()

    floor = count / limit
    print(f"\n{count} people, Slack allows {limit}/s: last DM after {ours:5.2f} s")
    print(f"  ratio to the floor ({floor:.0f} s): {ours / floor:.2f}   goal ≤ 1.3")
    print(f"  429s: {limited} ({100 * limited / count:.1f}% of the DMs)   goal < 10% at 10/s")
    print(f"  lost: {count - len(counts)}   doubled: {sum(counts.values()) - len(counts)}")
    if sequential is not None:
        print(f"  ratio to a sequential loop ({sequential:5.2f} s): {ours / sequential:.2f}")


async def main(sequential_too: bool) -> None:
    for count, limit in CASES:
        await case(count, limit, sequential_too)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sequential", action="store_true", help="also time a plain loop")
    asyncio.run(main(parser.parse_args().sequential))
