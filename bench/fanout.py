"""A quick-like task's fan-out to 500 people against a fake Slack with 50 ms latency per call
and a workspace limit of 50 chat.postMessage per second (more get 429 + Retry-After).

Prints the time until the last DM against the floor that limit implies (500 / 50 = 10 s) and
against a plain sequential loop of chat.postMessage, both as ratios (goal: ≤ 1.3 × the floor),
and the DMs lost and doubled (goal: 0 and 0). Run by hand:  .venv/bin/python -m bench.fanout
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
from bot.domain.tasks_command import Audience, CreateTask, Network, TaskAction
from bot.runtime import Runtime
from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from tests.conftest import DIGEST, MANAGER, bot_channels, make_settings

LATENCY = 0.05
LIMIT = 50  # chat.postMessage per second, workspace-wide


def delivered(slack: FakeSlack, people: set[str]) -> Counter[str]:
    return Counter(
        c.args["channel"] for c in slack.calls_to("chat.postMessage")
        if not c.failed and c.args["channel"] in people
    )  # fmt: skip


async def until_all(slack: FakeSlack, people: set[str]) -> None:
    while set(delivered(slack, people)) != people:
        posted = len(slack.calls_to("chat.postMessage"))
        await slack.wait_for("chat.postMessage", count=posted + 1, timeout=60)


async def main(count: int, rate: float) -> None:
    people = [f"U0P{n:07d}" for n in range(count)]
    async with FakeSlack(delay=LATENCY, rate_limits={"chat.postMessage": LIMIT}) as slack:
        slack.users = [{"id": u, "name": u, "profile": {}} for u in [*people, MANAGER]]
        slack.members = bot_channels() | {DIGEST: [*people, BOT_USER_ID]}
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            await asyncio.to_thread(migrate.upgrade, to_async_url(url))
            settings = make_settings(
                url, slack.base_url, TASK_DM_RATE=str(rate), WORK_HOURS="00:00-00:00"
            )
            runtime = Runtime.create(settings)
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

            started = time.perf_counter()
            for user in people:  # the plain loop, same client and retry handlers
                await runtime.client.chat_postMessage(channel=user, text="hello")
            sequential = time.perf_counter() - started
            await runtime.close()

    floor = count / LIMIT
    print(f"fan-out to {count}: last DM after {ours:5.2f} s (paced at {rate:g}/s, {limited} × 429)")
    print(f"sequential loop:      {sequential:5.2f} s")
    print(f"lost: {count - len(counts)}   doubled: {sum(counts.values()) - len(counts)}")
    print(f"ratio to the floor ({floor:.0f} s): {ours / floor:.2f}   goal ≤ 1.3")
    print(f"ratio to the sequential loop: {ours / sequential:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--rate", type=float, default=48.0, help="TASK_DM_RATE to use")
    args = parser.parse_args()
    asyncio.run(main(args.people, args.rate))
