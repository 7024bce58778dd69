"""Outgoing Web API calls: the Slack side of the domain's Notifier port."""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from itertools import zip_longest
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.domain.briefing import Briefing
from bot.domain.calendar import Clock
from bot.domain.feedback import Feedback, Question, Rollup
from bot.domain.items import Threat
from bot.domain.models import Department
from bot.domain.tasks import Assignment, DailyRates, Progress, Task
from bot.domain.tasks_command import TaskInputError
from bot.i18n import Language, format_date, t
from bot.slack.blocks import briefing_message, checkin_message, reminder_text, threat_alert
from bot.slack.charts import rates_png, rates_title
from bot.slack.feedback_blocks import feedback_message, question_message, rollup_message
from bot.slack.kit import Block, Message
from bot.slack.mrkdwn import md
from bot.slack.pacing import AdaptivePacer
from bot.slack.task_blocks import (
    task_dm,
    task_not_started,
    task_progress,
    task_reminder,
    task_resumed,
)

log = logging.getLogger(__name__)

# The metadata event type of the bot's messages that continue a long one in its thread: an
# update finds them with conversations.replies (so a restart or another replica does too).
CONTINUED = "smm_pulse_continued"
PACED_ATTEMPTS = 6  # a DM meets the workspace's limit at most this often before it fails


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

    async def _post(self, channel: str, message: Message) -> str:
        """The message, then what did not fit in it, in its thread. A continuation that fails
        is logged, not raised: the message is out, and its next update mends the thread."""
        response = await self._client.chat_postMessage(
            channel=channel, text=message.text, blocks=message.blocks
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
        await self._client.chat_postMessage(
            channel=channel, thread_ts=ts, text=message.text, blocks=page,
            metadata={"event_type": CONTINUED, "event_payload": {"part": part}},
        )  # fmt: skip

    async def _update(self, channel: str, ts: str, message: Message) -> None:
        await self._client.chat_update(
            channel=channel, ts=ts, text=message.text, blocks=message.blocks
        )
        if not (message.thread or message.continues):
            return
        # The thread follows: earlier parts are updated, missing ones posted, extra ones deleted.
        earlier = await self._continuations(channel, ts)
        pages = enumerate(zip_longest(message.thread, earlier), start=2)
        for part, (page, part_ts) in pages:
            if page is None:
                await self._client.chat_delete(channel=channel, ts=part_ts)
            elif part_ts is None:
                await self._post_part(channel, ts, message, part, page)
            else:
                await self._client.chat_update(
                    channel=channel, ts=part_ts, text=message.text, blocks=page
                )

    async def _continuations(self, channel: str, ts: str) -> list[str]:
        """The ts of the bot's continuations of the message at `ts`, oldest first."""
        found: list[str] = []
        async for page in await self._client.conversations_replies(
            channel=channel, ts=ts, include_all_metadata=True, limit=200
        ):
            for reply in page.get("messages") or []:
                metadata = reply.get("metadata") or {}
                if metadata.get("event_type") == CONTINUED and reply.get("ts") != ts:
                    found.append(str(reply["ts"]))
        return found

    async def post_checkin(self, channel: str, round_date: date, department: Department) -> str:
        return await self._post(channel, checkin_message(self._lang, round_date, department))

    async def post_briefing(self, channel: str, briefing: Briefing) -> str:
        return await self._post(channel, briefing_message(self._lang, briefing))

    async def update_briefing(self, channel: str, ts: str, briefing: Briefing) -> None:
        await self._update(channel, ts, briefing_message(self._lang, briefing))

    async def post_threat_alert(self, channel: str, threat: Threat) -> str:
        return await self._post(channel, threat_alert(self._lang, threat, self._zone))

    async def update_threat_alert(self, channel: str, ts: str, threat: Threat) -> None:
        await self._update(channel, ts, threat_alert(self._lang, threat, self._zone))

    async def hint_numbering(self, channel: str, user: str, thread_ts: str) -> None:
        await self._client.chat_postEphemeral(
            channel=channel, user=user, thread_ts=thread_ts, text=md(self._lang, "hint.numbering")
        )

    async def remind(self, channel: str, thread_ts: str, users: list[str]) -> None:
        await self._client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=reminder_text(self._lang, users)
        )

    async def echo_form_answer(self, channel: str, thread_ts: str, user: str, text: str) -> str:
        response = await self._client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=md(self._lang, "form.echo", user=user, text=text),
        )
        return str(response["ts"])

    # ---------------------------------------------------------------- quick-like tasks
    async def post_task_progress(self, progress: Progress) -> str:
        return await self._post(
            progress.task.channel, task_progress(self._lang, progress, self._clock())
        )

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
        message = task_dm(self._lang, task, assignment, self._zone)
        # channel=<user id> posts in the app's DM with that person; no conversations.open.
        response = await self._paced_post(
            channel=assignment.user, text=message.text, blocks=message.blocks
        )
        return str(response["channel"]), str(response["ts"])

    async def update_task_dm(self, task: Task, assignment: Assignment) -> None:
        assert assignment.dm_channel is not None and assignment.dm_ts is not None
        await self._update(
            assignment.dm_channel,
            assignment.dm_ts,
            task_dm(self._lang, task, assignment, self._zone),
        )

    async def task_reminder(self, task: Task, assignment: Assignment) -> None:
        await self._paced_post(
            channel=assignment.dm_channel or assignment.user,
            text=task_reminder(self._lang, task, assignment, self._zone),
        )

    async def task_resumed(self, progress: Progress) -> None:
        text = task_resumed(self._lang, progress, self._zone)
        await self._client.chat_postMessage(channel=progress.task.created_by, text=text)

    async def task_not_started(self, task: Task, problem: TaskInputError | None) -> None:
        text = task_not_started(self._lang, task, problem, self._zone)
        await self._client.chat_postMessage(channel=task.created_by, text=text)

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
            return status >= 500 or status == 429
        return isinstance(error, (TimeoutError, aiohttp.ClientError))

    # ---------------------------------------------------------------- feedback
    async def post_feedback(self, channel: str, item: Feedback) -> str:
        return await self._post(channel, feedback_message(self._lang, item, self._zone))

    async def update_feedback(self, channel: str, ts: str, item: Feedback) -> None:
        await self._update(channel, ts, feedback_message(self._lang, item, self._zone))

    async def post_question(self, channel: str, question: Question) -> str:
        return await self._post(channel, question_message(self._lang, question, self._zone))

    async def update_question(self, channel: str, ts: str, question: Question) -> None:
        await self._update(channel, ts, question_message(self._lang, question, self._zone))

    async def post_rollup(self, channel: str, rollup: Rollup) -> str:
        return await self._post(channel, rollup_message(self._lang, rollup))

    async def post_missed(self, channel: str, job: str, day: date) -> str:
        text = md(self._lang, f"missed.{job}", date=format_date(self._lang, day))
        response = await self._client.chat_postMessage(channel=channel, text=text)
        return str(response["ts"])
