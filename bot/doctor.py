"""`smm-bot doctor`: is this installation ready? One line per check, each with its fix."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.db import migrate
from bot.db.engine import unusable
from bot.i18n import Language, t
from bot.runtime import Runtime


@dataclass(frozen=True)
class Check:
    ok: bool
    line: str


async def run_checks(runtime: Runtime) -> list[Check]:
    """Every check, each whatever the others found: Slack's, then the database's."""
    lang = runtime.settings.bot_language
    return [
        Check(True, t(lang, "doctor.settings")),
        *await _slack(runtime),
        await _database(runtime),
    ]


async def _slack(runtime: Runtime) -> list[Check]:
    settings = runtime.settings
    lang = settings.bot_language
    try:
        auth = await runtime.client.auth_test()
    except SlackApiError as error:
        # Nothing else can be asked of Slack with a bad token.
        return [Check(False, t(lang, "doctor.token_bad", error=error.response.get("error")))]
    except (aiohttp.ClientError, TimeoutError) as error:
        reason = str(error) or type(error).__name__  # a timeout has no message
        return [
            Check(False, t(lang, "doctor.unreachable", url=settings.slack_api_url, error=reason))
        ]
    checks = [Check(True, t(lang, "doctor.token", bot=auth.get("user"), team=auth.get("team")))]
    for setting, channel in (
        ("MARKETING_CHANNEL", settings.marketing_channel),
        ("SALES_CHANNEL", settings.sales_channel),
        ("DIGEST_CHANNEL", settings.digest_channel),
    ):
        checks.append(await _channel(runtime, setting, channel))
    return checks


async def _database(runtime: Runtime) -> Check:
    lang = runtime.settings.bot_language
    url = runtime.settings.async_database_url
    if (problem := await unusable(url)) is not None:
        return Check(
            False,
            t(lang, "doctor.database_unusable", problem=t(lang, problem.key, **problem.params)),
        )
    current = await migrate.revision(url)
    if current == migrate.head():
        return Check(True, t(lang, "doctor.database", revision=current))
    return Check(False, t(lang, "doctor.database_old", revision=current or "—"))


async def _channel(runtime: Runtime, setting: str, channel: str) -> Check:
    lang = runtime.settings.bot_language
    client = runtime.client
    try:
        info = (await client.conversations_info(channel=channel))["channel"]
    except SlackApiError as error:
        return _refused(lang, setting, channel, error)
    name = info.get("name", channel)
    if info.get("is_member"):
        return Check(True, t(lang, "doctor.channel", setting=setting, name=name))
    # A public channel the bot is not in (a private one would have been channel_not_found).
    try:
        await client.conversations_join(channel=channel)
    except SlackApiError as error:
        reason = error.response.get("error")
        if reason == "missing_scope":
            return _refused(lang, setting, channel, error)
        return Check(
            False, t(lang, "doctor.channel_join_failed", setting=setting, name=name, error=reason)
        )
    return Check(True, t(lang, "doctor.channel_joined", setting=setting, name=name))


def _refused(lang: Language, setting: str, channel: str, error: SlackApiError) -> Check:
    """A FAIL line for what Slack refused about a channel, with its fix."""
    reason = error.response.get("error")
    if reason == "missing_scope":
        scope = error.response.get("needed")
        return Check(False, t(lang, "doctor.missing_scope", setting=setting, scope=scope))
    if reason == "channel_not_found":
        return Check(False, t(lang, "doctor.channel_missing", setting=setting, channel=channel))
    return Check(
        False, t(lang, "doctor.channel_failed", setting=setting, channel=channel, error=reason)
    )
