"""`smm-bot demo`: one working day, played against the built-in Slack simulator and a fake VK.

The real app runs on SQLite in a temporary folder and gets every message as signed HTTP
requests to its real endpoint, just as from Slack, and VK's events (a post, the likes) at its
real /vk/callback, just as from VK; what it posts back is printed as people would read it, and
written to an HTML transcript.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any, TextIO, TypeVar
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource
from sqlalchemy import func, select

from bot.config import Settings, default_question_sets, to_async_url
from bot.db import migrate
from bot.db.tables import ReplyRow
from bot.domain.model.common import Department
from bot.domain.model.networks import Network
from bot.domain.model.questions import QuestionKind, QuestionSet
from bot.domain.model.tasks import Task
from bot.i18n import Language, short_date, t
from bot.runtime import Runtime
from bot.scheduler.jobs import JOBS
from bot.simulator.clock import StagedClock
from bot.simulator.sender import (
    SlackSender,
    button_click,
    event_callback,
    message_changed,
    message_event,
    slash_command,
)
from bot.simulator.transcript import Entry, Kind, Transcript
from bot.simulator.vk import FakeVk
from bot.simulator.web_api import BOT_USER_ID, FakeSlack, serve_locally
from bot.slack import ids
from bot.slack.app import build_app, web_app

MARKETING, SALES, DIGEST = "C0DEMOMKT1", "C0DEMOSAL1", "C0DEMOSMM1"
MARIA, ANNA, OLEG, VERA, BORIS, GLEB = (
    "U0DEMOMAR1", "U0DEMOANN1", "U0DEMOOLE1", "U0DEMOVER1", "U0DEMOBOR1", "U0DEMOGLE1",
)  # fmt: skip
PEOPLE = frozenset({MARIA, ANNA, OLEG, VERA, BORIS, GLEB})
# The company's VK community; Anna links her profile by its id, Boris by his screen name.
GROUP, ANNA_VK, BORIS_VK, BORIS_NAME = 217000001, 386100001, 386100002, "boris.sapogi"
QUIET = timedelta(days=4)  # the wall's last post before the day: VK silent for four days
CONFIRMATION = "5d8a0e1c"  # what VK shows to confirm the Callback API server
# The staged day, from the check-in on: a Friday, so the week's voice of the customer goes out
# at its end (FEEDBACK_ROLLUP's default).
FRIDAY, CHECKIN, ZONE = date(2025, 12, 5), dtime(9, 0), "Europe/Moscow"
# Who answers which question: marketing the night's news and the two timelines, sales the focus
# and the threats, as the handbook has it; each its own dated and titled questions; and a kind
# only one department asks, that one.
OWN_KINDS = {
    Department.MARKETING: {QuestionKind.NEWS, QuestionKind.PROMOTION, QuestionKind.PRODUCT},
    Department.SALES: {QuestionKind.FOCUS, QuestionKind.THREAT},
}
OWN_ALWAYS = {QuestionKind.DATE, QuestionKind.TEXT}
# The dates the `date` answers give: the webinar (moved two days by Anna's edit), the meeting.
WEBINAR, MEETING, MOVED = timedelta(days=3), timedelta(days=6), timedelta(days=2)
# Anna's edit moves her promotion, else her dated item: the scene that says so.
EDITS = {QuestionKind.PROMOTION: "demo.step.edit", QuestionKind.DATE: "demo.step.edit_date"}
T = TypeVar("T")


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


class Script:
    """What the departments answer to the questions they are asked: a line per question, by
    its kind. Anna (marketing) writes in the day's language, Boris (sales) in Russian."""

    def __init__(self, lang: Language, sets: dict[Department, QuestionSet]) -> None:
        self.lang, self.sets = lang, sets

    def answered(self, department: Department) -> list[tuple[int, QuestionKind]]:
        [other] = [d for d in Department if d is not department]
        elsewhere = {q.kind for q in self.sets[other].questions}
        numbered = [(n, q.kind) for n, q in self.sets[department].numbered()]
        mine = [
            (n, kind) for n, kind in numbered
            if kind in OWN_KINDS[department] | OWN_ALWAYS or kind not in elsewhere
        ]  # fmt: skip
        return mine or numbered  # a department whose kinds the other answers: all its own

    def moved(self) -> QuestionKind | None:
        """What Anna's edit moves: her promotion, else her dated item (None: nothing)."""
        kinds = {kind for _, kind in self.answered(Department.MARKETING)}
        return next((kind for kind in EDITS if kind in kinds), None)

    def answer(self, department: Department, moved: QuestionKind | None = None) -> str:
        writes: Language = self.lang if department is Department.MARKETING else "ru"
        lines = []
        for number, kind in self.answered(department):
            key = f"demo.answer.{department}.{kind}"
            when = FRIDAY + (WEBINAR if department is Department.MARKETING else MEETING)
            if kind is moved and kind is QuestionKind.PROMOTION:
                key += "_moved"  # the sale's own words say when
            elif kind is moved:
                when += MOVED
            lines.append(f"{number}. {t(self.lang, key, date=short_date(writes, when))}")
        return "\n".join(lines)


class Day:
    """The people of the demo company, acting through signed requests, on the staged clock."""

    def __init__(
        self,
        runtime: Runtime,
        slack: FakeSlack,
        sender: SlackSender,
        transcript: Transcript,
        clock: StagedClock,
        vk: FakeVk,
    ) -> None:
        self.runtime, self.slack, self.sender, self.transcript = runtime, slack, sender, transcript
        self.clock, self.vk = clock, vk
        self.lang = runtime.settings.bot_language

    def say(self, key: str, **params: object) -> None:
        """A scene's heading, at the time it happens."""
        text = f"{self.clock():%H:%M} · {t(self.lang, key, **params)}"
        self.transcript.add(Entry(Kind.NARRATION, text))

    def at(self, when: dtime) -> None:
        """The day moves on to `when` (the bot's and Slack's clocks with it)."""
        ahead = datetime.combine(FRIDAY, when, self.runtime.settings.zone) - self.clock()
        assert ahead >= timedelta(0), f"the demo's day runs forward, not back to {when}"
        self.clock.advance(ahead)

    def later(self, minutes: int) -> None:
        self.clock.advance(timedelta(minutes=minutes))

    def act(self, entry: Entry) -> None:
        """A person does something: what the bot said before comes first."""
        self.transcript.follow()
        self.transcript.add(entry)

    def response_url(self, user: str, channel: str) -> str:
        """Where the bot answers `user` alone: the simulator, which notes whom and where."""
        return f"{self.slack.response_url()}?{urlencode({'user': user, 'channel': channel})}"

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

    def ts(self) -> str:
        return f"{self.clock().timestamp():.6f}"

    async def reply(self, channel: str, user: str, text: str) -> dict[str, Any]:
        event = message_event(channel, user, text, ts=self.ts(), thread_ts=self.prompt(channel))
        payload = event_callback(event)
        self.act(Entry(Kind.PERSON, text, channel, author=user, thread=True))
        await self._post(payload)
        await self.settle()
        return payload

    async def _post(self, payload: dict[str, Any], retry_num: int | None = None) -> None:
        _check(*await self.sender.post_event(payload, retry_num=retry_num))

    async def retry(self, payload: dict[str, Any]) -> None:
        """Slack sends an event again when the answer was slow: same body, a retry header. The
        demo says what came of it, from the database and from what Slack was asked to post."""
        user = payload["event"]["user"]
        before = await self._replies_of(user), len(self.slack.calls_to("chat.postMessage"))
        await self._post(payload, retry_num=1)
        await self.settle()
        stored, posts = await self._replies_of(user), len(self.slack.calls_to("chat.postMessage"))
        if (stored, posts) != (1, before[1]) or before[0] != 1:
            raise RuntimeError(
                f"the retried event: {stored} replies stored, {posts - before[1]} posts"
            )
        self.transcript.add(Entry(Kind.OUTCOME, t(self.lang, "demo.retried")))

    async def _replies_of(self, user: str) -> int:
        async with self.runtime.engine.connect() as connection:
            query = select(func.count()).select_from(ReplyRow).where(ReplyRow.user_id == user)
            return int((await connection.execute(query)).scalar_one())

    async def edit(self, original: dict[str, Any], text: str) -> None:
        event = original["event"]
        edited = f"{text} ({t(self.lang, 'demo.edited')})"
        self.act(Entry(Kind.PERSON, edited, event["channel"], event["user"], True))
        await self._post(event_callback(message_changed(event, text, ts=self.ts())))
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

    async def on_vk(self, author: str, text: str, happens: Awaitable[T]) -> T:
        """Something `author` does on VK: the fake VK pushes it to the bot's /vk/callback."""
        self.act(Entry(Kind.NETWORK, text, Network.VK, author=author))
        done = await happens
        await self.settle()
        return done

    def first_dm_after(self, call: int) -> float:
        """When (Slack's ts, on the demo's clock) the first DM after Slack's `call`th went out."""
        return next(
            float(c.response["ts"]) for c in self.slack.calls[call:]
            if c.method == "chat.postMessage" and c.args["channel"] in PEOPLE
            and c.response and c.response.get("ok")
        )  # fmt: skip

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

    async def until(self, task_id: int, when: datetime, fired: Callable[[Task], object]) -> None:
        """Skip to a second before one of the task's timers and wait until `fired(task)`. The
        timers were armed for the real delay; armed again, they count from the new time."""
        self.clock.advance(when - self.clock() - timedelta(seconds=1))
        await self.runtime.task_deadlines.arm_timers()
        while (progress := await self.runtime.tasks.progress(task_id)) is not None:
            if fired(progress.task):
                break
            await asyncio.sleep(0.2)
        await self.settle()


async def play_day(day: Day) -> None:
    say, settings = day.say, day.runtime.settings
    sets = {d: await day.runtime.questions.current(d) for d in Department}
    script = Script(day.lang, sets)
    say("demo.step.checkin" if sets == default_question_sets() else "demo.step.checkin_own")
    await day.job("checkin")

    day.at(dtime(9, 3))
    say("demo.step.link")
    await day.command("/smm-task", f"link https://vk.com/id{ANNA_VK}", ANNA, MARKETING)
    day.later(1)
    await day.command("/smm-task", f"link {BORIS_NAME}", BORIS, SALES)

    day.at(dtime(9, 7))
    say("demo.step.answers")
    anna = await day.reply(MARKETING, ANNA, script.answer(Department.MARKETING))
    day.later(5)
    await day.reply(SALES, GLEB, t(day.lang, "demo.answer.gleb"))
    day.later(6)
    boris = await day.reply(SALES, BORIS, script.answer(Department.SALES))

    day.later(1)
    say("demo.step.retry")
    await day.retry(boris)
    day.later(20)
    if (moved := script.moved()) is not None:
        say(EDITS[moved])
        await day.edit(anna, script.answer(Department.MARKETING, moved))

    day.at(settings.reminder_at)
    say("demo.step.reminders")
    await day.job("reminders")
    day.at(settings.digest_time)
    say("demo.step.digest", date=short_date(day.lang, (day.clock() - QUIET).date()))
    await day.job("digest")

    day.later(1)
    say("demo.step.vk_post", deadline=f"{day.clock() + settings.task_window:%H:%M}")
    published, calls = day.clock(), len(day.slack.calls)
    text = t(day.lang, "demo.vk.post")
    post = await day.on_vk(
        t(day.lang, "demo.company"), t(day.lang, "demo.vk.publishes", text=text),
        day.vk.publish(text),
    )  # fmt: skip
    seconds = round(day.first_dm_after(calls) - published.timestamp(), 2)
    day.transcript.add(Entry(Kind.OUTCOME, t(day.lang, "demo.vk.first_dm", seconds=seconds)))
    [task] = await day.runtime.tasks.open_tasks()

    def task_dm(user: str) -> Callable[[dict[str, Any]], bool]:
        return lambda args: args["channel"] == user and bool(args.get("blocks"))

    day.later(1)
    say("demo.step.likes")
    await day.on_vk(ANNA, t(day.lang, "demo.vk.likes"), day.vk.like(ANNA_VK, post))
    day.later(2)
    await day.on_vk(BORIS, t(day.lang, "demo.vk.likes"), day.vk.like(BORIS_VK, post))
    day.later(1)
    await day.click(OLEG, ids.TASK_DONE, task_dm(OLEG))
    await day.until(task.task.id, task.task.halfway, lambda task: task.reminded_at)
    await day.until(task.task.id, task.task.deadline, lambda task: task.closed_at)

    day.later(4)
    say("demo.step.stats")
    await day.command("/smm-task", "stats 7d", MARIA, DIGEST)

    day.later(25)
    say("demo.step.feedback")
    await day.command("/smm-feedback", t(day.lang, "demo.feedback"), MARIA, DIGEST)
    day.later(4)
    await day.click(ANNA, ids.FEEDBACK_TAKE, lambda args: args["channel"] == MARKETING)

    day.at(settings.feedback_rollup[1])
    say("demo.step.rollup")
    await day.job("feedback-rollup")


async def play(
    lang: Language, database_url: str, questions: Path | None, echo: Callable[[str], None]
) -> Transcript:
    start = datetime.combine(FRIDAY, CHECKIN, ZoneInfo(ZONE))
    clock = StagedClock(start - QUIET)
    secret, vk_token, vk_secret = (secrets.token_hex(16) for _ in range(3))
    async with FakeSlack(clock=clock) as slack, FakeVk(GROUP, vk_token, clock) as vk:
        workspace(slack, lang)
        vk.screen_names[BORIS_NAME] = BORIS_VK
        await vk.publish(t(lang, "demo.vk.old_post"))  # before the bot is there to hear it
        clock.advance(start - clock())
        settings = DemoSettings(
            slack_bot_token="xoxb-demo", slack_signing_secret=secret,  # type: ignore[arg-type]
            slack_api_url=slack.base_url, database_url=database_url,
            marketing_channel=MARKETING, sales_channel=SALES, digest_channel=DIGEST,
            smm_managers=frozenset({MARIA}), timezone=ZONE, checkin_time=CHECKIN,
            bot_language=lang, marketing_responders=(ANNA, OLEG, VERA),
            sales_responders=(BORIS, GLEB), questions_file=questions,
            vk_group_id=GROUP, vk_token=SecretStr(vk_token), vk_api_url=vk.base_url,
            vk_callback_secret=SecretStr(vk_secret), vk_confirmation=CONFIRMATION,
            auto_tasks=frozenset({Network.VK}),
        )  # fmt: skip
        runtime = Runtime.create(settings, clock)
        await runtime.start()
        runner, root = await serve_locally(web_app(build_app(runtime), runtime))
        vk.callback_url, vk.secret = f"{root}/vk/callback", vk_secret
        transcript = Transcript(slack, lang, echo)
        try:
            # VK sends events to a server only once it has answered the confirmation string.
            if (answer := await vk.confirm()) != CONFIRMATION:
                raise RuntimeError(f"/vk/callback answered {answer!r} to VK's confirmation")
            await backfilled(runtime)
            async with SlackSender(f"{root}/slack/events", secret) as sender:
                await play_day(Day(runtime, slack, sender, transcript, clock, vk))
        finally:
            await runner.cleanup()
            await runtime.close()
        return transcript


def demo(
    lang: Language, out: TextIO, questions: Path | None = None, echo: Callable[[str], None] = print
) -> None:
    """Play the day, asking the questions of the file `questions` (QUESTIONS_FILE's shape; the
    handbook's five without one), and write the HTML transcript to `out`."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="smm-pulse-demo-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'demo.db'}"
        migrate.upgrade(to_async_url(database_url))
        transcript = asyncio.run(play(lang, database_url, questions, echo))
    out.write(transcript.html())
    messages = sum(entry.kind not in (Kind.NARRATION, Kind.OUTCOME) for entry in transcript.entries)
    echo(
        "\n" + t(lang, "demo.done", messages=messages, seconds=round(time.monotonic() - started, 1),
                 path=Path(out.name).resolve())
    )  # fmt: skip


async def backfilled(runtime: Runtime, timeout: float = 10.0) -> None:
    """The connectors lead, as on the scheduler's leader, until the start-up backfill has
    stored the wall's last post; then the day hears VK by the Callback API alone (its
    settle() waits for all background work, and polling never ends)."""
    runtime.connectors.lead()
    try:
        for _ in range(int(timeout / 0.02)):
            if any(count for _, count in await runtime.presence.posts(7)):
                return
            await asyncio.sleep(0.02)
        raise RuntimeError(f"VK's wall was not read back in {timeout} s")
    finally:
        await runtime.connectors.step_down()


def _check(status: int, body: str) -> None:
    if status != 200:
        raise RuntimeError(f"the bot answered {status}: {body}")


def _json_text(body: str) -> str:
    return str(json.loads(body).get("text", ""))
