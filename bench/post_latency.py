"""From a new post on an AUTO_TASKS network to the first DM of its quick-like task: 20 posts
handed to the PostSink one after another (as a connector does), against a fake Slack with
50 ms latency per call and 30 people to ask. Prints the median and the worst, against the
issue's goal (under 5 s).
Run by hand:  .venv/bin/python -m bench.post_latency
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.config import to_async_url
from bot.db import migrate
from bot.domain.model.networks import Network, SeenPost
from bot.runtime import Runtime
from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from bot.simulator.workspace import DIGEST, MANAGER, bot_channels, make_settings

LATENCY = 0.05
POSTS = 20
PEOPLE = 30


def dms(slack: FakeSlack) -> int:
    return sum(
        1 for c in slack.calls_to("chat.postMessage")
        if not c.failed and c.args["channel"].startswith("U")
    )  # fmt: skip


async def main() -> None:
    people = [f"U0P{n:07d}" for n in range(PEOPLE)]
    latencies = []
    async with FakeSlack(delay=LATENCY) as slack:
        slack.users = [{"id": u, "name": u, "profile": {}} for u in [*people, MANAGER]]
        slack.members = bot_channels() | {DIGEST: [*people, BOT_USER_ID]}
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            await asyncio.to_thread(migrate.upgrade, to_async_url(url))
            settings = make_settings(
                url, slack.base_url, WORK_HOURS="00:00-00:00", AUTO_TASKS="vk",
                TASK_AUDIENCE=DIGEST,
            )  # fmt: skip
            runtime = Runtime.create(settings)
            await runtime.directory.people()  # warm, as the scheduler keeps it
            for number in range(POSTS):
                before = dms(slack)
                url = f"https://vk.com/wall-1_{number}"
                post = SeenPost(Network.VK, f"-1_{number}", url, runtime.calendar.now())
                started = time.perf_counter()
                await runtime.posts.seen(post)
                while dms(slack) == before:
                    posted = len(slack.calls_to("chat.postMessage"))
                    await slack.wait_for("chat.postMessage", count=posted + 1)
                latencies.append(time.perf_counter() - started)
                await runtime.background.drain(60)  # the rest of the fan-out
            await runtime.close()
    print(f"{POSTS} posts, {PEOPLE} people, Slack answering in {LATENCY * 1000:.0f} ms:")
    print(
        f"  event to first DM: median {statistics.median(latencies):.3f} s, "
        f"worst {max(latencies):.3f} s   goal < 5 s"
    )


if __name__ == "__main__":
    asyncio.run(main())
