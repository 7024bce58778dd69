"""Outgoing Web API calls: the Slack side of the domain's Notifier port."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from itertools import zip_longest
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import orjson
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.domain.model.briefing import Briefing
from bot.domain.model.common import Department
from bot.domain.model.errors import OutcomeUnknown, TaskInputError
from bot.domain.model.feedback import Feedback, Question, Rollup
from bot.domain.model.items import Threat
from bot.domain.model.networks import StoredPost
from bot.domain.model.once import Where
from bot.domain.model.questions import QuestionSet
from bot.domain.model.tasks import Assignment, DailyRates, Progress, Task
from bot.domain.ports import Clock
from bot.domain.services.once import look_up, settle
from bot.i18n import Language, format_date, t
from bot.slack.charts import rates_png, rates_title
from bot.slack.kit import Block, Message
from bot.slack.mrkdwn import md
from bot.slack.pacing import AdaptivePacer
from bot.slack.views.briefing import briefing_message
from bot.slack.views.checkin import checkin_message, reminder_text
from bot.slack.views.feedback import feedback_message, question_message, rollup_message
from bot.slack.views.posts import prompt_message
from bot.slack.views.questions import questions_changed
from bot.slack.views.tasks import (
    task_dm,
    task_not_started,
    task_progress,
    task_reminder,
    task_resumed,
)
from bot.slack.views.threats import threat_alert
from bot.slack.views.vk import unlinked_dm

log = logging.getLogger(__name__)

# The metadata event type of every message the bot posts; its payload's `key` is the post's
# idempotency key, so a post whose answer was lost can be looked up. A continuation of a long
# message in its thread also carries its `part`: an update finds them with
# conversations.replies (so a restart or another replica does too), and the `digest` of what
# it shows: an update leaves the pages that would not change alone, as each chat.update counts
# against Slack's rate limit for the method. CONTINUED: the event type continuations had before.
POST = "smm_pulse_post"
CONTINUED = "smm_pulse_continued"
# Errors of Slack's own, answered as any refusal is: trying again may work, and the call may
# have been carried out in part (Slack's docs of every method).
SLACK_TROUBLE = frozenset({"internal_error", "fatal_error", "service_unavailable"})
PACED_ATTEMPTS = 6  # a DM meets the workspace's limit at most this often before it fails
# A look-up starts this much before the claim: this host's clock and Slack's may disagree.
LOOKUP_MARGIN = timedelta(minutes=5)


def metadata(key: str, **payload: str | int) -> dict[str, object]:
    return {"event_type": POST, "event_payload": {"key": key, **payload}}


def _page_digest(text: str, page: list[Block]) -> str:
    """What a continuation shows (its notification text and blocks), in 16 hex digits."""
    return hashlib.blake2b(orjson.dumps([text, page]), digest_size=8).hexdigest()


def _part_key(ts: str, part: int) -> str:
    """The idempotency key of the continuation `part` (2, 3…) of the message at `ts`."""
    return f"part:{ts}:{part}"


def is_continuation(message: dict[str, Any]) -> bool:
    """Whether a message in a thread is the bot's continuation of the thread's first one."""
    tag = message.get("metadata") or {}
    return tag.get("event_type") == CONTINUED or (
        tag.get("event_type") == POST and "part" in tag.get("event_payload", {})
    )


def _creator(task: Task) -> str:
    """Where a task's creator hears of it: their DM; the task's channel for the bot's own."""
    return task.created_by or task.channel


class SlackNotifier:
    def __init__(
        self,
        client: AsyncWebClient,
        lang: Language,
        zone: ZoneInfo,
        dm_rate: float,
        clock: Clock,
        fanout_client: AsyncWebClient,
    ) -> None:
        """`fanout_client` sends the paced DMs: one whose 429s reach us (no SDK retry), so
        the pacer learns the workspace's limit from them."""
        self._client = client
        self._clock = clock
        self._lang = lang
        self._zone = zone
        self._fanout_client = fanout_client
        self._dm_pacer = AdaptivePacer(dm_rate)
        self._dm_channels: dict[str, str] = {}  # user → the app's DM channel with them
        # Keys of posts (not kept in the database) whose last attempt's fate is unknown: looked
        # up before they are posted again, so such a post is never sent twice by this process.
        self._unsettled: dict[str, datetime] = {}

    # ---------------------------------------------------------------- exactly once
    async def find_post(
        self, channel: str, key: str, since: datetime, thread_ts: str | None = None
    ) -> list[str]:
        if channel[:1] in ("U", "W"):  # a user id stands for the app's DM with them
            channel = await self._dm_channel(channel)
        oldest = f"{(since - LOOKUP_MARGIN).timestamp():.6f}"
        if thread_ts is None:
            pages = await self._client.conversations_history(
                channel=channel, oldest=oldest, include_all_metadata=True, limit=200
            )
        else:
            pages = await self._client.conversations_replies(
                channel=channel, ts=thread_ts, oldest=oldest, include_all_metadata=True, limit=200
            )
        found = []
        async for page in pages:
            for message in page.get("messages") or []:
                tag = message.get("metadata") or {}
                if tag.get("event_type") == POST and tag.get("event_payload", {}).get("key") == key:
                    found.append(str(message["ts"]))
        return sorted(found, key=float)

    def outcome_unknown(self, error: Exception) -> bool:
        """A lost connection, a timeout, a 5xx or Slack's own trouble (its internal_error and
        fatal_error "may have succeeded in part", whatever the HTTP status): Slack may have
        done it. A refusal, a 429 or no connection at all: it surely did not."""
        if isinstance(error, SlackApiError):
            status = int(error.response.status_code)
            return status >= 500 or error.response.get("error") in SLACK_TROUBLE
        if isinstance(error, aiohttp.ClientConnectorError):
            return False
        return isinstance(error, (TimeoutError, aiohttp.ClientError))

    async def _dm_channel(self, user: str) -> str:
        if user not in self._dm_channels:
            response = await self._client.conversations_open(users=user)
            self._dm_channels[user] = str(response["channel"]["id"])
        return self._dm_channels[user]

    async def _settled(self, where: Where, post: Callable[[], Awaitable[str]]) -> str:
        """A post not kept in the database, never sent twice blindly by this process: after an
        attempt of unknown fate it is looked up first (OutcomeUnknown while Slack cannot say)."""
        since = self._unsettled.get(where.key)
        if since is not None and (found := await look_up(self, where, since)):
            del self._unsettled[where.key]
            return found[0]
        since = self._unsettled.setdefault(where.key, self._clock())
        try:
            posted = await settle(self, where, since, post)
        except OutcomeUnknown:
            raise
        except Exception:
            del self._unsettled[where.key]  # surely not posted: it may go again
            raise
        del self._unsettled[where.key]
        return posted[0]

    # ---------------------------------------------------------------- posting
    async def _post(self, channel: str, message: Message, key: str) -> str:
        """The message, then what did not fit in it, in its thread. A continuation that fails
        is logged, not raised: the message is out, and its next update mends the thread."""
        response = await self._client.chat_postMessage(
            channel=channel, text=message.text, blocks=message.blocks, metadata=metadata(key)
        )
        ts = str(response["ts"])
        try:
            for part, page in enumerate(message.thread, start=2):
                await self._post_part(channel, ts, message, part, page)
        except Exception:
            log.exception("could not continue %s in its thread", ts)
        return ts

    async def _post_part(
        self, channel: str, ts: str, message: Message, part: int, page: list[Block]
    ) -> None:
        """A continuation; when its answer is lost, the thread says whether it is there."""
        where, since = Where(_part_key(ts, part), channel, ts), self._clock()
        digest = _page_digest(message.text, page)

        async def post() -> str:
            response = await self._client.chat_postMessage(
                channel=channel, thread_ts=ts, text=message.text, blocks=page,
                metadata=metadata(where.key, part=part, digest=digest),
            )  # fmt: skip
            return str(response["ts"])

        await settle(self, where, since, post)

    async def _update(self, channel: str, ts: str, message: Message) -> None:
        await self._client.chat_update(
            channel=channel, ts=ts, text=message.text, blocks=message.blocks
        )
        if not (message.thread or message.continues):
            return
        # The thread follows: changed parts are updated, missing ones posted, extra ones deleted.
        earlier = await self._continuations(channel, ts)
        pages = enumerate(zip_longest(message.thread, earlier), start=2)
        for part, (page, shown) in pages:
            if page is None:
                await self._client.chat_delete(channel=channel, ts=shown[0])
            elif shown is None:
                await self._post_part(channel, ts, message, part, page)
            elif shown[1] != (digest := _page_digest(message.text, page)):
                await self._client.chat_update(
                    channel=channel, ts=shown[0], text=message.text, blocks=page,
                    metadata=metadata(_part_key(ts, part), part=part, digest=digest),
                )  # fmt: skip

    async def _continuations(self, channel: str, ts: str) -> list[tuple[str, str | None]]:
        """The bot's continuations of the message at `ts`, oldest first: each one's ts and the
        digest of what it shows (None from before digests were kept)."""
        found: list[tuple[str, str | None]] = []
        async for page in await self._client.conversations_replies(
            channel=channel, ts=ts, include_all_metadata=True, limit=200
        ):
            for reply in page.get("messages") or []:
                if is_continuation(reply) and reply.get("ts") != ts:
                    digest = reply["metadata"].get("event_payload", {}).get("digest")
                    found.append((str(reply["ts"]), digest))
        return found

    async def post_checkin(
        self, channel: str, round_date: date, department: Department, questions: QuestionSet,
        *, key: str,
    ) -> str:  # fmt: skip
        message = checkin_message(self._lang, round_date, department, questions)
        return await self._post(channel, message, key)

    async def post_briefing(self, channel: str, briefing: Briefing, *, key: str) -> str:
        return await self._post(channel, briefing_message(self._lang, briefing), key)

    async def update_briefing(self, channel: str, ts: str, briefing: Briefing) -> None:
        await self._update(channel, ts, briefing_message(self._lang, briefing))

    async def post_threat_alert(self, channel: str, threat: Threat, *, key: str) -> str:
        return await self._post(channel, threat_alert(self._lang, threat, self._zone), key)

    async def update_threat_alert(self, channel: str, ts: str, threat: Threat) -> None:
        await self._update(channel, ts, threat_alert(self._lang, threat, self._zone))

    async def hint_numbering(self, channel: str, user: str, thread_ts: str) -> None:
        await self._client.chat_postEphemeral(
            channel=channel, user=user, thread_ts=thread_ts, text=md(self._lang, "hint.numbering")
        )

    async def remind(self, channel: str, thread_ts: str, users: list[str], *, key: str) -> str:
        response = await self._client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=reminder_text(self._lang, users),
            metadata=metadata(key),
        )  # fmt: skip
        return str(response["ts"])

    async def echo_form_answer(
        self, channel: str, thread_ts: str, user: str, text: str, *, key: str
    ) -> str:
        async def post() -> str:
            response = await self._client.chat_postMessage(
                channel=channel, thread_ts=thread_ts,
                text=md(self._lang, "form.echo", user=user, text=text), metadata=metadata(key),
            )  # fmt: skip
            return str(response["ts"])

        return await self._settled(Where(key, channel, thread_ts), post)

    async def announce_questions(
        self, channel: str, department: Department, questions: QuestionSet, by: str
    ) -> None:
        text = questions_changed(self._lang, department, questions, by)
        await self._client.chat_postMessage(channel=channel, text=text)

    # ---------------------------------------------------------------- quick-like tasks
    async def post_task_progress(self, progress: Progress, *, key: str) -> str:
        message = task_progress(self._lang, progress, self._clock())
        return await self._post(progress.task.channel, message, key)

    async def update_task_progress(self, progress: Progress) -> None:
        task = progress.task
        assert task.progress_ts is not None
        await self._update(
            task.channel, task.progress_ts, task_progress(self._lang, progress, self._clock())
        )

    async def _paced_post(self, **message: Any) -> AsyncSlackResponse:
        """A fan-out post at the pace the workspace allows; a 429 slows the pacer down and the
        post waits for its next slot."""
        for attempt in range(1, PACED_ATTEMPTS + 1):
            await self._dm_pacer.wait()
            try:
                response = await self._fanout_client.chat_postMessage(**message)
            except SlackApiError as error:
                if error.response.status_code != 429 or attempt == PACED_ATTEMPTS:
                    raise
                self._dm_pacer.limited(float(error.response.headers.get("Retry-After", 1)))
            else:
                self._dm_pacer.accepted()
                return response
        raise AssertionError("unreachable")

    async def task_dm(self, task: Task, assignment: Assignment) -> tuple[str, str]:
        """At most one DM per assignment from this process: one whose answer was lost is
        looked up in the person's DM before it is sent again."""
        user, message = assignment.user, task_dm(self._lang, task, assignment, self._zone)
        where = Where(f"task:{task.id}:dm:{user}", user)

        async def post() -> str:
            # channel=<user id> posts in the app's DM with that person; no conversations.open.
            response = await self._paced_post(
                channel=user, text=message.text, blocks=message.blocks,
                metadata=metadata(where.key),
            )  # fmt: skip
            self._dm_channels[user] = str(response["channel"])
            return str(response["ts"])

        ts = await self._settled(where, post)
        return await self._dm_channel(user), ts

    async def update_task_dm(self, task: Task, assignment: Assignment) -> None:
        assert assignment.dm_channel is not None and assignment.dm_ts is not None
        await self._update(
            assignment.dm_channel,
            assignment.dm_ts,
            task_dm(self._lang, task, assignment, self._zone),
        )

    async def task_reminder(self, task: Task, assignment: Assignment, *, key: str) -> str:
        response = await self._paced_post(
            channel=assignment.dm_channel or assignment.user,
            text=task_reminder(self._lang, task, assignment, self._zone), metadata=metadata(key),
        )  # fmt: skip
        return str(response["ts"])

    async def task_resumed(self, progress: Progress) -> None:
        text = task_resumed(self._lang, progress, self._zone)
        await self._client.chat_postMessage(channel=_creator(progress.task), text=text)

    async def task_not_started(self, task: Task, problem: TaskInputError | None) -> None:
        text = task_not_started(self._lang, task, problem, self._zone)
        await self._client.chat_postMessage(channel=_creator(task), text=text)

    async def vk_unlinked(self, user: str, vk_id: int, by: str) -> None:
        await self._client.chat_postMessage(channel=user, text=unlinked_dm(self._lang, vk_id, by))

    async def post_chart(self, channel: str, rates: DailyRates) -> None:
        png = await asyncio.to_thread(rates_png, self._lang, rates)
        # files.getUploadURLExternal, a POST of the bytes, files.completeUploadExternal
        await self._client.files_upload_v2(
            channel=channel,
            file=png,
            filename="quick-tasks.png",
            title=rates_title(self._lang, rates),
            initial_comment=t(self._lang, "chart.comment", days=len(rates.days)),
        )

    def is_transient(self, error: Exception) -> bool:
        if isinstance(error, SlackApiError):
            status = int(error.response.status_code)
            return status >= 500 or status == 429 or error.response.get("error") in SLACK_TROUBLE
        return isinstance(error, (TimeoutError, aiohttp.ClientError))

    # ---------------------------------------------------------------- feedback
    async def post_feedback(self, channel: str, item: Feedback, *, key: str) -> str:
        return await self._post(channel, feedback_message(self._lang, item, self._zone), key)

    async def update_feedback(self, channel: str, ts: str, item: Feedback) -> None:
        await self._update(channel, ts, feedback_message(self._lang, item, self._zone))

    async def post_question(self, channel: str, question: Question, *, key: str) -> str:
        return await self._post(channel, question_message(self._lang, question, self._zone), key)

    async def update_question(self, channel: str, ts: str, question: Question) -> None:
        await self._update(channel, ts, question_message(self._lang, question, self._zone))

    async def post_rollup(self, channel: str, rollup: Rollup, *, key: str) -> str:
        return await self._post(channel, rollup_message(self._lang, rollup), key)

    # ---------------------------------------------------------------- network posts
    async def post_prompt(self, channel: str, post: StoredPost, *, key: str) -> str:
        return await self._post(channel, prompt_message(self._lang, post), key)

    async def update_prompt(self, post: StoredPost) -> None:
        assert post.prompt_channel is not None and post.prompt_ts is not None
        await self._update(post.prompt_channel, post.prompt_ts, prompt_message(self._lang, post))

    async def post_missed(self, channel: str, job: str, day: date, *, key: str) -> str:
        text = md(self._lang, f"missed.{job}", date=format_date(self._lang, day))
        response = await self._client.chat_postMessage(
            channel=channel, text=text, metadata=metadata(key)
        )
        return str(response["ts"])
