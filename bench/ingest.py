"""Thread replies stored per second by the bot as operators run it, against a bare Bolt app.

Three processes: the bot (`smm-bot run` on SQLite, against a fake Slack), a bare Bolt app that
only acks, and this one, which plays Slack: it serves the fake Web API and sends both servers
the same signed replies at the same concurrency. Every reply answers questions 1 to 4, and
3 and 4 carry dates ("с 20 по 26 декабря", "Jan 5") that the bot reads and stores as items.

The two take turns, `--rounds` times, as the speed of a shared machine drifts; each round prints
both rates and their ratio, and the end the ratio of all the replies (goal ≥ 0.5). Then it sends
the bot a burst of dated replies while a /healthz probe runs beside it (a fourth process), and
prints the probe's latency (goal: p99 < 100 ms, the event loop never stalls longer). Every reply
sent to the bot is checked to be stored.
Run by hand:  .venv/bin/python -m bench.ingest [--replies 1000] [--rounds 5] [--concurrency 20]
              [--burst 500]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import os
import signal
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.simulator.sender import SlackSender, event_callback, message_event
from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from bot.simulator.workspace import (
    BOT_TOKEN,
    DIGEST,
    MARKETING,
    SALES,
    SIGNING_SECRET,
    settings_env,
)

ROUND = "2026-11-26"  # the check-in the replies answer (a Thursday)
SMM_BOT = str(Path(sys.executable).with_name("smm-bot"))

MONTHS_EN = ("December", "January", "February")
MONTHS_RU = ("декабря", "января", "февраля")


def bot_env(database_url: str, api_url: str, port: int) -> dict[str, str]:
    """What an operator sets for `smm-bot`, pointed at the fake Slack."""
    env = settings_env(database_url, api_url, PORT=str(port))
    return {"PATH": os.environ.get("PATH", ""), **env}


def dated_answer(n: int) -> str:
    """A reply answering questions 1-4, with dates in 3 and 4 that vary from reply to reply."""
    day, month = 1 + n % 22, n // 22 % 3
    en, ru = MONTHS_EN[month], MONTHS_RU[month]
    promotion = (
        f"winter sale {day} – {day + 6} {en}",
        f"скидки с {day} по {day + 5} {ru}",
        f"{en[:3]} {day}: two for one",
        f"акция до {day} {ru}",
    )[n % 4]
    product = (
        f"new recipe from {day + 2} {en}",
        f"новая упаковка {day + 1}.{(month + 11) % 12 + 1:02d}",
        "ребрендинг в пятницу",
        f"a lighter bottle, in {1 + n % 9} days",
    )[n // 4 % 4]
    return f"1. quiet night {n}\n2. focus on wholesale {n}\n3. {promotion}\n4. {product}"


def replies(thread_ts: str, first: int, count: int) -> list[dict[str, Any]]:
    return [
        event_callback(message_event(
            MARKETING, f"U{n % 40:09d}", dated_answer(n), ts=f"1764170000.{n:06d}",
            thread_ts=thread_ts,
        ))
        for n in range(first, first + count)
    ]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def until_listening(port: int, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + 60
    while True:
        assert process.returncode is None, f"the server on {port} exited"
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            assert time.monotonic() < deadline, f"nothing listens on {port}"
            await asyncio.sleep(0.1)
            continue
        writer.close()
        return


@contextlib.asynccontextmanager
async def server(*command: str, env: dict[str, str], port: int) -> AsyncIterator[int]:
    """A server process, listening on `port`; stopped with SIGTERM. Yields its pid."""
    process = await asyncio.create_subprocess_exec(
        *command, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        await until_listening(port, process)
        yield process.pid
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()


@contextlib.asynccontextmanager
async def the_bot(
    slack: FakeSlack, folder: Path, **settings: str
) -> AsyncIterator[tuple[int, int, str, Path]]:
    """`smm-bot run` on a fresh SQLite file (with `settings` as well), after `smm-bot run-job
    checkin` has asked the question. Yields its port, its pid, the marketing check-in's ts and
    the database file."""
    database = folder / "bench.db"
    port = free_port()
    env = bot_env(f"sqlite:///{database}", slack.base_url, port) | settings
    checkin = await asyncio.create_subprocess_exec(
        SMM_BOT, "run-job", "checkin", "--date", ROUND, "--force", env=env, cwd=folder,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, errors = await checkin.communicate()
    assert checkin.returncode == 0, errors.decode()
    thread_ts = next(
        c.response["ts"] for c in slack.calls_to("chat.postMessage")
        if c.args["channel"] == MARKETING and c.response
    )  # fmt: skip
    async with server(SMM_BOT, "run", env=env, port=port) as pid:
        yield port, pid, thread_ts, database


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def timed(label: str, url: str, pid: int, payloads: list[dict[str, Any]], c: int) -> float:
    """Replies/s through `url`, printed with the server's CPU time per reply (which the other
    work on a shared machine disturbs less than the rate)."""
    cpu = cpu_seconds(pid)
    rate = await blast(url, payloads, c)
    per_reply = 1000 * (cpu_seconds(pid) - cpu) / len(payloads)
    print(f"{label:<26}{rate:7.0f} replies/s   {per_reply:.2f} ms CPU a reply")
    return rate


def stored_replies(database: Path) -> int:
    with contextlib.closing(sqlite3.connect(database)) as connection:
        return int(connection.execute("SELECT count(*) FROM replies").fetchone()[0])


async def blast(url: str, payloads: list[dict[str, Any]], concurrency: int) -> float:
    """Send every payload, `concurrency` at a time, each answered 200; returns replies/s."""
    queue = list(reversed(payloads))
    async with SlackSender(url, SIGNING_SECRET, timeout=60) as sender:

        async def worker() -> None:
            while queue:
                status, body = await sender.post_event(queue.pop())
                assert status == 200, body

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return len(payloads) / (time.perf_counter() - started)


@contextlib.asynccontextmanager
async def probing(port: int) -> AsyncIterator[list[float]]:
    """GET /healthz one after another from a process of its own (a thread here would share this
    process's GIL with the load, and measure that); yields the list its latencies (ms) are put
    in when it stops."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.ingest", "--probe", str(port),
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    assert await process.stdout.readline() == b"ready\n"
    latencies: list[float] = []
    try:
        yield latencies
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = await process.communicate()
        latencies.extend(orjson.loads(output))


def probe(port: int) -> None:
    """The probe's process: a request, 2 ms pause, the next, till SIGTERM; prints "ready" after
    a first one (connected), and the latencies in ms as JSON at the end."""
    stopping: list[int] = []  # not an Event: its set() in the handler could deadlock its wait()
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def healthz() -> float:
        started = time.perf_counter()
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status
        return 1000 * (time.perf_counter() - started)

    healthz()
    print("ready", flush=True)
    latencies = []
    while not stopping:
        latencies.append(healthz())
        time.sleep(0.002)
    print(orjson.dumps(latencies).decode())


def latency_summary(ms: list[float]) -> str:
    ms = sorted(ms)
    p99 = ms[min(len(ms) - 1, int(0.99 * len(ms)))]
    return (
        f"/healthz during the burst: {len(ms)} probes, median {statistics.median(ms):.1f} ms,"
        f" p99 {p99:.1f} ms, max {ms[-1]:.1f} ms   goal: p99 < 100 ms"
    )


async def main(count: int, c: int, burst: int, rounds: int) -> None:
    """`count` replies timed on each server, `c` at a time, `rounds` times; then `burst` with
    the probe."""
    async with FakeSlack(members={c: [BOT_USER_ID] for c in (MARKETING, SALES, DIGEST)}) as slack:
        with tempfile.TemporaryDirectory() as tmp:
            bare_port = free_port()
            bare_command = (sys.executable, "-m", "bench.ingest", "--bare-app", str(bare_port))
            bare_env = {**os.environ, "SLACK_API_URL": slack.base_url}
            async with (
                server(*bare_command, env=bare_env, port=bare_port) as bare_pid,
                the_bot(slack, Path(tmp)) as (port, pid, thread_ts, database),
            ):
                bare_url = f"http://127.0.0.1:{bare_port}/slack/events"
                bot_url = f"http://127.0.0.1:{port}/slack/events"
                # Warm-up (not counted): connections, Bolt's auth.test, the first dated reply.
                await blast(bare_url, replies(thread_ts, 900_001, 100), c)
                await blast(bot_url, replies(thread_ts, 900_001, 100), c)
                # The two in turns, `rounds` times: the machine's speed drifts on a shared
                # host, and each round's ratio compares the two at the same speed.
                ratios, seconds = [], {"bare": 0.0, "ours": 0.0}
                for first in range(1, count * rounds, count):
                    payloads = replies(thread_ts, first, count)
                    baseline = await timed(
                        "bare Bolt app, ack only", bare_url, bare_pid, payloads, c
                    )
                    ours = await timed("smm-bot run, stored", bot_url, pid, payloads, c)
                    seconds["bare"] += count / baseline
                    seconds["ours"] += count / ours
                    ratios.append(ours / baseline)
                    print(f"ratio (smm-bot / bare Bolt): {ratios[-1]:.2f}")
                # The first round meets most dates for the first time (dateparser reads each
                # once a day), so both figures are printed: all rounds together, and the median.
                overall = seconds["bare"] / seconds["ours"]
                print(
                    f"ratio of all {count * rounds} replies: {overall:.2f}   median of {rounds}"
                    f" rounds: {statistics.median(ratios):.2f}   goal ≥ 0.5"
                )
                async with probing(port) as latencies:
                    rate = await blast(bot_url, replies(thread_ts, count * rounds + 1, burst), c)
                print(f"burst of {burst} dated replies: {rate:.0f} replies/s")
                print(latency_summary(latencies))
                stored = stored_replies(database)
                assert stored == 100 + count * rounds + burst, f"{stored} replies stored"


def bare_app(port: int) -> None:
    """The baseline: Bolt's own aiohttp server, a message listener that does nothing."""
    client = AsyncWebClient(token=BOT_TOKEN, base_url=os.environ["SLACK_API_URL"])
    app = AsyncApp(client=client, signing_secret=SIGNING_SECRET, process_before_response=True)

    @app.event("message")
    async def ack_only() -> None:
        return None

    web.run_app(app.web_app(), host="127.0.0.1", port=port, access_log=None, print=None)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replies", type=int, default=1000, help="replies a round, each server")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the two in turns")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--burst", type=int, default=500, help="dated replies during the probe")
    parser.add_argument("--bare-app", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--probe", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_app is not None:
        bare_app(args.bare_app)
    elif args.probe is not None:
        probe(args.probe)
    else:
        asyncio.run(main(args.replies, args.concurrency, args.burst, args.rounds))
