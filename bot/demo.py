"""`smm-bot demo`: one working day, played against the built-in Slack simulator.

The real app runs on SQLite in a temporary folder and gets every message as signed HTTP
requests to its real endpoint, just as from Slack; what it posts back is printed as people
would read it, and written to an HTML transcript.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import tempfile
import time
from collections.abc import Callable
from datetime import time as dtime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from bot.config import Settings, to_async_url
from bot.db import migrate
from bot.i18n import Language, t
from bot.runtime import Runtime
from bot.scheduler.jobs import JOBS
from bot.simulator.sender import (
    SlackSender,
    button_click,
    event_callback,
    message_changed,
    message_event,
    slash_command,
)
from bot.simulator.transcript import Entry, Kind, Transcript
from bot.simulator.web_api import BOT_USER_ID, FakeSlack, serve_locally
from bot.slack import ids
from bot.slack.app import build_app, web_app

MARKETING, SALES, DIGEST = "C0DEMOMKT1", "C0DEMOSAL1", "C0DEMOSMM1"
MARIA, ANNA, OLEG, VERA, BORIS, GLEB = (
    "U0DEMOMAR1", "U0DEMOANN1", "U0DEMOOLE1", "U0DEMOVER1", "U0DEMOBOR1", "U0DEMOGLE1",
)  # fmt: skip
POST = "https://vk.com/wall-1_2024"
TASK_WINDOW = "10s"  # the shortest window /smm-task accepts: the demo waits for its report


class DemoSettings(Settings):
    """Only what the demo passes in: no .env, no environment, whatever the machine has."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def workspace(slack: FakeSlack, lang: Language) -> None:
    """The demo company: an SMM manager, marketing (Vera on vacation) and sales."""
    people = {MARIA: "maria", ANNA: "anna", OLEG: "oleg", VERA: "vera", BORIS: "boris",
              GLEB: "gleb"}  # fmt: skip
    slack.users = [
        {"id": user, "name": key, "tz": "Europe/Moscow",
         "profile": {"display_name": t(lang, f"demo.person.{key}")}}
        for user, key in people.items()
    ]  # fmt: skip
    slack.users[list(people).index(VERA)]["profile"]["status_emoji"] = ":palm_tree:"
    slack.users.append({"id": BOT_USER_ID, "name": "smm-pulse", "is_bot": True, "profile": {}})
    slack.members = {
        MARKETING: [ANNA, OLEG, VERA, BOT_USER_ID],
        SALES: [BORIS, GLEB, BOT_USER_ID],
        DIGEST: [MARIA, BOT_USER_ID],
    }
    slack.channels = {
        MARKETING: {"name": "marketing"}, SALES: {"name": "sales"}, DIGEST: {"name": "smm-digest"},
    }  # fmt: skip


class Day:
    """The people of the demo company, acting through signed requests."""

    def __init__(
        self, runtime: Runtime, slack: FakeSlack, sender: SlackSender, transcript: Transcript
    ) -> None:
        self.runtime, self.slack, self.sender, self.transcript = runtime, slack, sender, transcript
        self.lang = runtime.settings.bot_language

    def say(self, key: str, **params: object) -> None:
        self.transcript.add(Entry(Kind.NARRATION, t(self.lang, key, **params)))

    def act(self, entry: Entry) -> None:
        """A person does something: what the bot said before comes first."""
        self.transcript.follow()
        self.transcript.add(entry)

    def response_url(self, user: str, channel: str) -> str:
        """Where the bot answers `user` alone: the simulator, which notes whom and where."""
        return f"{self.slack.base_url}response_url?{urlencode({'user': user, 'channel': channel})}"

    async def settle(self) -> None:
        """Let the bot finish what it does after answering, then show what people saw."""
        await self.runtime.background.drain(30)
        self.transcript.follow()

    async def job(self, name: str) -> None:
        await JOBS[name](self.runtime, self.runtime.calendar.today(), True)
        await self.settle()

    def prompt(self, channel: str) -> str:
        return next(
            str(c.response["ts"]) for c in self.slack.calls_to("chat.postMessage")
            if c.args["channel"] == channel and c.response and not c.args.get("thread_ts")
        )  # fmt: skip

    async def reply(self, channel: str, user: str, key: str) -> dict[str, Any]:
        text = t(self.lang, key)
        event = message_event(channel, user, text, ts=_now(), thread_ts=self.prompt(channel))
        payload = event_callback(event)
        self.act(Entry(Kind.PERSON, text, channel, author=user, thread=True))
        await self._post(payload)
        await self.settle()
        return payload

    async def _post(self, payload: dict[str, Any], retry_num: int | None = None) -> None:
        _check(*await self.sender.post_event(payload, retry_num=retry_num))

    async def retry(self, payload: dict[str, Any]) -> None:
        """Slack sends an event again when the answer was slow: same body, a retry header."""
        await self._post(payload, retry_num=1)
        await self.settle()

    async def edit(self, original: dict[str, Any], key: str) -> None:
        text = t(self.lang, key)
        event = original["event"]
        edited = f"{text} ({t(self.lang, 'demo.edited')})"
        self.act(Entry(Kind.PERSON, edited, event["channel"], event["user"], True))
        await self._post(event_callback(message_changed(event, text, ts=_now())))
        await self.settle()

    async def command(self, command: str, text: str, user: str, channel: str) -> None:
        self.act(Entry(Kind.PERSON, f"{command} {text}", channel, author=user))
        form = slash_command(
            command, text, user=user, channel=channel, response_url=self.response_url(user, channel)
        )
        status, body = await self.sender.post_form(form)
        _check(status, body)
        if body:  # the immediate answer only the sender sees
            self.transcript.add(Entry(Kind.EPHEMERAL, _json_text(body), channel, viewer=user))
        await self.settle()

    async def click(
        self, user: str, action_id: str, message: Callable[[dict[str, Any]], bool]
    ) -> None:
        """`user` clicks `action_id` on the newest message `message(args)` picks."""
        call = next(
            c for c in reversed(self.slack.calls_to("chat.postMessage"))
            if c.response and c.response.get("ok") and message(c.args)
        )  # fmt: skip
        assert call.response is not None
        button = next(
            e for b in call.args["blocks"] if b["type"] == "actions"
            for e in b["elements"] if e.get("action_id") == action_id
        )  # fmt: skip
        channel = str(call.response["channel"])
        payload = button_click(
            user=user, channel=channel, message_ts=str(call.response["ts"]), action_id=action_id,
            value=button["value"], response_url=self.response_url(user, channel),
        )  # fmt: skip
        clicked = t(self.lang, "demo.clicked", button=button["text"]["text"])
        self.act(Entry(Kind.PERSON, clicked, channel, author=user))
        _check(*await self.sender.post_interaction(payload))
        await self.settle()

    async def until_finished(self, task_id: int) -> None:
        """Wait for the task's deadline report (the window is short)."""
        while (progress := await self.runtime.tasks.progress(task_id)) is not None:
            if progress.task.closed_at is not None:
                break
            await asyncio.sleep(0.2)
        await self.settle()


async def play_day(day: Day) -> None:
    say = day.say
    say("demo.step.checkin")
    await day.job("checkin")

    say("demo.step.answers")
    anna = await day.reply(MARKETING, ANNA, "demo.answer.anna")
    boris = await day.reply(SALES, BORIS, "demo.answer.boris")
    await day.reply(SALES, GLEB, "demo.answer.gleb")

    say("demo.step.retry")
    await day.retry(boris)
    say("demo.step.edit")
    await day.edit(anna, "demo.answer.anna_edit")

    say("demo.step.reminders")
    await day.job("reminders")
    say("demo.step.digest")
    await day.job("digest")

    say("demo.step.task")
    await day.command("/smm-task", f"{POST} {TASK_WINDOW}", MARIA, DIGEST)
    [task] = await day.runtime.tasks.open_tasks()

    def task_dm(user: str) -> Callable[[dict[str, Any]], bool]:
        return lambda args: args["channel"] == user and bool(args.get("blocks"))

    say("demo.step.clicks")
    await day.click(ANNA, ids.TASK_DONE, task_dm(ANNA))
    await day.click(BORIS, ids.TASK_DONE, task_dm(BORIS))
    await day.click(OLEG, ids.TASK_CANT, task_dm(OLEG))
    await day.until_finished(task.task.id)

    say("demo.step.stats")
    await day.command("/smm-task", "stats 7d", MARIA, DIGEST)

    say("demo.step.feedback")
    await day.command("/smm-feedback", t(day.lang, "demo.feedback"), MARIA, DIGEST)
    await day.click(ANNA, ids.FEEDBACK_TAKE, lambda args: args["channel"] == MARKETING)

    say("demo.step.rollup")
    await day.job("feedback-rollup")


async def play(lang: Language, database_url: str, echo: Callable[[str], None]) -> Transcript:
    async with FakeSlack() as slack:
        workspace(slack, lang)
        secret = secrets.token_hex(16)
        settings = DemoSettings(
            slack_bot_token="xoxb-demo", slack_signing_secret=secret,  # type: ignore[arg-type]
            slack_api_url=slack.base_url, database_url=database_url,
            marketing_channel=MARKETING, sales_channel=SALES, digest_channel=DIGEST,
            smm_managers=frozenset({MARIA}), timezone="Europe/Moscow", bot_language=lang,
            marketing_responders=(ANNA, OLEG, VERA), sales_responders=(BORIS, GLEB),
            work_hours=(dtime(0), dtime(0)),  # whenever the demo runs, people are at work
        )  # fmt: skip
        runtime = Runtime.create(settings)
        runner, root = await serve_locally(web_app(build_app(runtime), runtime))
        transcript = Transcript(slack, lang, echo)
        try:
            async with SlackSender(f"{root}/slack/events", secret) as sender:
                await play_day(Day(runtime, slack, sender, transcript))
        finally:
            await runner.cleanup()
            await runtime.close()
        return transcript


def demo(lang: Language, out: Path, echo: Callable[[str], None] = print) -> Path:
    """Play the day; returns where the HTML transcript was written."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="smm-pulse-demo-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'demo.db'}"
        migrate.upgrade(to_async_url(database_url))
        transcript = asyncio.run(play(lang, database_url, echo))
    out.write_text(transcript.html(), encoding="utf-8")
    messages = sum(entry.kind is not Kind.NARRATION for entry in transcript.entries)
    echo(
        "\n" + t(lang, "demo.done", messages=messages, seconds=round(time.monotonic() - started, 1),
                 path=out.resolve())
    )  # fmt: skip
    return out


def _now() -> str:
    return f"{time.time():.6f}"


def _check(status: int, body: str) -> None:
    if status != 200:
        raise RuntimeError(f"the bot answered {status}: {body}")


def _json_text(body: str) -> str:
    return str(json.loads(body).get("text", ""))
