"""From a new post on VK (AUTO_TASKS=vk) to the first DM of its quick-like task: 20 posts
published one after another on the fake VK, which pushes each to the bot's own /vk/callback
as VK's Callback API does, against a fake Slack with 50 ms latency per call and 30 people to
ask. Prints the median and the worst, against the issue's goal (under 5 s).
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
from bot.domain.calendar import SystemClock
from bot.runtime import Runtime
from bot.simulator.vk import FakeVk
from bot.simulator.web_api import BOT_USER_ID, FakeSlack, serve_locally
from bot.simulator.workspace import DIGEST, MANAGER, bot_channels, make_settings
from bot.slack.app import build_app, web_app

LATENCY = 0.05
POSTS = 20
PEOPLE = 30
GROUP, VK_TOKEN, SECRET = 1, "vk1.a.bench", "bench-secret"


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
            async with FakeVk(GROUP, VK_TOKEN, SystemClock(), secret=SECRET) as vk:
                settings = make_settings(
                    url, slack.base_url, WORK_HOURS="00:00-00:00", AUTO_TASKS="vk",
                    TASK_AUDIENCE=DIGEST, VK_GROUP_ID=str(GROUP), VK_TOKEN=VK_TOKEN,
                    VK_CALLBACK_SECRET=SECRET, VK_CONFIRMATION="bench", VK_API_URL=vk.base_url,
                )  # fmt: skip
                runtime = Runtime.create(settings)
                await runtime.start()
                runner, root = await serve_locally(web_app(build_app(runtime), runtime))
                vk.callback_url = f"{root}/vk/callback"
                await runtime.directory.people()  # warm, as the scheduler keeps it
                for number in range(POSTS):
                    before = dms(slack)
                    started = time.perf_counter()
                    await vk.publish(f"Post {number}")
                    while dms(slack) == before:
                        posted = len(slack.calls_to("chat.postMessage"))
                        await slack.wait_for("chat.postMessage", count=posted + 1)
                    latencies.append(time.perf_counter() - started)
                    await runtime.background.drain(60)  # the rest of the fan-out
                await runner.cleanup()
                await runtime.close()
    print(f"{POSTS} VK posts, {PEOPLE} people, Slack answering in {LATENCY * 1000:.0f} ms:")
    print(
        f"  publication to first DM: median {statistics.median(latencies):.3f} s, "
        f"worst {max(latencies):.3f} s   goal < 5 s"
    )


if __name__ == "__main__":
    asyncio.run(main())
