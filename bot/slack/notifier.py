"""Outgoing Web API calls: the Slack side of the domain's Notifier port."""

from __future__ import annotations

from datetime import date

from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.models import Department, Digest
from bot.i18n import Language, t
from bot.slack.blocks import checkin_message, digest_message


class SlackNotifier:
    def __init__(self, client: AsyncWebClient, lang: Language) -> None:
        self._client = client
        self._lang = lang

    async def post_checkin(self, channel: str, round_date: date, department: Department) -> str:
        text, blocks = checkin_message(self._lang, round_date, department)
        response = await self._client.chat_postMessage(channel=channel, text=text, blocks=blocks)
        return str(response["ts"])

    async def post_digest(self, channel: str, digest: Digest) -> str:
        text, blocks = digest_message(self._lang, digest)
        response = await self._client.chat_postMessage(channel=channel, text=text, blocks=blocks)
        return str(response["ts"])

    async def update_digest(self, channel: str, ts: str, digest: Digest) -> None:
        text, blocks = digest_message(self._lang, digest)
        await self._client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)

    async def hint_numbering(self, channel: str, user: str, thread_ts: str) -> None:
        await self._client.chat_postEphemeral(
            channel=channel, user=user, thread_ts=thread_ts, text=t(self._lang, "hint.numbering")
        )
