"""A long-running bot does not grow: its RSS after 20,000 events against its RSS after 2,000.

The bot runs as `smm-bot run` (see bench/ingest.py), this process plays Slack and sends a day's
kinds of events over and over: dated replies to the check-in, their edits and deletions,
Slack's retries, comments in threads that are not a check-in, and every 500 events a quick
task (10 s) whose people all click Done. Prints both RSS figures and their ratio (goal: within
10%, ≤ 1.10). Run by hand:  .venv/bin/python -m bench.memory [--events 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path
from typing import Any

from bench.ingest import dated_answer, the_bot
from bot.simulator.sender import (
    SlackSender,
    button_click,
    event_callback,
    message_changed,
    message_event,
    slash_command,
)
from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SALES, SIGNING_SECRET
from bot.slack import ids

PEOPLE = [f"U0P{n:07d}" for n in range(5)]
TASK_EVERY = 500


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise LookupError("VmRSS")


class Workload:
    """Event n of the mix, as Slack would send it."""

    def __init__(self, thread_ts: str) -> None:
        self.thread_ts = thread_ts
        self.sent: dict[int, dict[str, Any]] = {}  # recent envelopes, for retries

    def event(self, n: int) -> dict[str, Any]:
        kind, ts = n % 10, f"1764170000.{n:06d}"
        user = f"U{n % 40:09d}"
        if kind == 7 and n - 7 in self.sent:  # an edit of a reply
            original = self.sent[n - 7]["event"]
            edit = message_changed(original, original["text"] + " (edited)", ts=ts)
            return event_callback(edit)
        if kind == 8 and n - 5 in self.sent:  # a deletion
            return event_callback(
                {"type": "message", "subtype": "message_deleted", "channel": MARKETING,
                 "deleted_ts": self.sent[n - 5]["event"]["ts"], "ts": ts, "hidden": True}
            )  # fmt: skip
        if kind == 9 and n - 4 in self.sent:  # Slack's retry: the same envelope again
            return self.sent[n - 4]
        thread = self.thread_ts if kind != 6 else f"1764100000.{n:06d}"  # 6: not a check-in
        envelope = event_callback(
            message_event(MARKETING, user, dated_answer(n), ts=ts, thread_ts=thread)
        )
        self.sent[n] = envelope
        self.sent.pop(n - 20, None)
        return envelope


async def quick_task(sender: SlackSender, slack: FakeSlack, n: int) -> None:
    """A 10 s task to PEOPLE, each clicking Done on their DM."""
    before = len(slack.calls_to("chat.postMessage"))
    audience = " ".join(f"@{user}" for user in PEOPLE)
    form = slash_command(
        "/smm-task", f"https://vk.com/wall-1_{n} 10s {audience}", user=MANAGER,
        channel=MARKETING, response_url=slack.response_url(),
    )  # fmt: skip
    status, _ = await sender.post_form(form)
    assert status == 200
    dms: list[Any] = []
    for _ in range(200):  # up to 10 s
        calls = slack.calls_to("chat.postMessage")[before:]
        dms = [c for c in calls if c.args["channel"] in PEOPLE and not c.failed]
        if len(dms) == len(PEOPLE):
            break
        await asyncio.sleep(0.05)
    for dm in dms:
        [done] = [b for b in dm.args["blocks"][-1]["elements"] if b["action_id"] == ids.TASK_DONE]
        click = button_click(
            user=dm.args["channel"], channel=dm.response["channel"], message_ts=dm.response["ts"],
            action_id=ids.TASK_DONE, value=done["value"],
            response_url=slack.response_url(),
        )  # fmt: skip
        assert (await sender.post_interaction(click))[0] == 200


async def send(
    sender: SlackSender, slack: FakeSlack, load: Workload, first: int, last: int, c: int
) -> None:
    numbers = iter(range(first, last))

    async def worker() -> None:
        for n in numbers:
            status, body = await sender.post_event(load.event(n))
            assert status == 200, body
            if n % TASK_EVERY == 0:
                await quick_task(sender, slack, n)

    await asyncio.gather(*(worker() for _ in range(c)))


async def main(events: int, concurrency: int) -> None:
    members = {
        MARKETING: [*PEOPLE, MANAGER, BOT_USER_ID],
        SALES: [BOT_USER_ID],
        DIGEST: [BOT_USER_ID],
    }
    async with FakeSlack(members=members) as slack:
        slack.users = [
            {"id": user, "name": user.lower(), "tz": "Europe/Moscow", "profile": {}}
            for user in [*PEOPLE, MANAGER]
        ]
        with tempfile.TemporaryDirectory() as tmp:
            async with (
                the_bot(slack, Path(tmp), WORK_HOURS="00:00-00:00") as (port, pid, thread_ts, _),
                SlackSender(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET) as sender,
            ):
                load = Workload(thread_ts)
                early = events // 10
                await send(sender, slack, load, 1, early + 1, concurrency)
                await asyncio.sleep(12)  # the tasks so far reach their deadline
                first = rss_mb(pid)
                print(f"RSS after {early:6} events: {first:6.1f} MB")
                await send(sender, slack, load, early + 1, events + 1, concurrency)
                await asyncio.sleep(12)
                last = rss_mb(pid)
                print(f"RSS after {events:6} events: {last:6.1f} MB")
                print(f"ratio: {last / first:.3f}   goal ≤ 1.10")
                dms = [c for c in slack.calls_to("chat.postMessage") if c.args["channel"] in PEOPLE]
                print(f"({events // TASK_EVERY} quick tasks among the events, {len(dms)} DMs)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.events, args.concurrency))
