"""`smm-bot doctor`: is this installation ready? One line per check, each with its fix."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.db import migrate
from bot.db.engine import unusable
from bot.i18n import Language, t
from bot.networks.feeds import TooLarge, fetch
from bot.networks.telegram import BotApi, TelegramRefused
from bot.networks.vk import VkError
from bot.runtime import Runtime

NETWORK_SECONDS = 10.0  # for each call to a network or a feed
INVALID_PARAMETER = 100  # VK's answer to groups.getById for a community there is not
TELEGRAM_ADMINS = frozenset({"creator", "administrator"})  # those who get a channel's posts


@dataclass(frozen=True)
class Check:
    ok: bool
    line: str


async def run_checks(runtime: Runtime) -> list[Check]:
    """Every check, each whatever the others found: Slack's, the database's, then each
    configured network's (the Callback API's settings were checked with the others)."""
    lang = runtime.settings.bot_language
    networks = [
        check
        for check in (await _vk(runtime), await _telegram(runtime), await _feeds(runtime))
        if check is not None
    ]
    return [
        Check(True, t(lang, "doctor.settings")),
        *await _slack(runtime),
        await _database(runtime),
        *networks,
    ]


def _reason(error: BaseException) -> str:
    return str(error) or type(error).__name__  # a timeout has no message


async def _slack(runtime: Runtime) -> list[Check]:
    settings = runtime.settings
    lang = settings.bot_language
    try:
        auth = await runtime.client.auth_test()
    except SlackApiError as error:
        # Nothing else can be asked of Slack with a bad token.
        return [Check(False, t(lang, "doctor.token_bad", error=error.response.get("error")))]
    except (aiohttp.ClientError, TimeoutError) as error:
        return [
            Check(
                False,
                t(lang, "doctor.unreachable", url=settings.slack_api_url, error=_reason(error)),
            )
        ]
    checks = [Check(True, t(lang, "doctor.token", bot=auth.get("user"), team=auth.get("team")))]
    if settings.slack_app_token is not None:
        checks.append(await _app_token(runtime, settings.slack_app_token.get_secret_value()))
    return checks + await workspace_checks(runtime)


async def workspace_checks(runtime: Runtime) -> list[Check]:
    """Once Slack takes the tokens: the bot is in each channel (it joins a public one) and
    SMM_MANAGERS are people of the workspace."""
    settings = runtime.settings
    checks = [
        await _channel(runtime, setting, channel)
        for setting, channel in (
            ("MARKETING_CHANNEL", settings.marketing_channel),
            ("SALES_CHANNEL", settings.sales_channel),
            ("DIGEST_CHANNEL", settings.digest_channel),
        )
    ]
    return [*checks, await _managers(runtime)]


async def _managers(runtime: Runtime) -> Check:
    """SMM_MANAGERS names people of the workspace: only they start tasks, close threats and
    edit the questions."""
    lang, managers = runtime.settings.bot_language, sorted(runtime.settings.smm_managers)
    if not managers:
        return Check(False, t(lang, "doctor.managers_none"))
    names, wrong = [], []
    for user_id in managers:
        try:
            user = (await runtime.client.users_info(user=user_id))["user"]
        except SlackApiError as error:
            wrong.append(f"{user_id} ({error.response.get('error')})")
            continue
        if user.get("deleted") or user.get("is_bot"):
            wrong.append(f"{user_id} ({'deactivated' if user.get('deleted') else 'a bot'})")
        else:
            names.append(f"@{user.get('name', user_id)}")
    if wrong:
        return Check(False, t(lang, "doctor.managers_wrong", wrong=", ".join(wrong)))
    return Check(True, t(lang, "doctor.managers", names=", ".join(names)))


async def _app_token(runtime: Runtime, app_token: str) -> Check:
    """Socket Mode's apps.connections.open takes SLACK_APP_TOKEN (the URL goes unused)."""
    lang = runtime.settings.bot_language
    try:
        await runtime.client.apps_connections_open(app_token=app_token)
    except SlackApiError as error:
        if error.response.status_code == 200:
            return Check(False, t(lang, "doctor.app_token_bad", error=error.response.get("error")))
        problem = f"HTTP {error.response.status_code}"  # a 429 or a 5xx
    except (aiohttp.ClientError, TimeoutError) as error:
        problem = _reason(error)
    else:
        return Check(True, t(lang, "doctor.app_token"))
    return Check(False, t(lang, "doctor.app_token_failed", error=problem))


async def _database(runtime: Runtime) -> Check:
    lang = runtime.settings.bot_language
    url = runtime.settings.async_database_url
    if (problem := await unusable(url)) is not None:
        return Check(
            False,
            t(lang, "doctor.database_unusable", problem=t(lang, problem.key, **problem.params)),
        )
    current, head = await migrate.revision(url), migrate.head()
    if current == head:
        return Check(True, t(lang, "doctor.database", revision=current))
    if current is not None and not migrate.known(current):
        return Check(False, t(lang, "doctor.database_newer", revision=current))
    # `smm-bot run` migrates at start: a new or older database is no failure.
    return Check(True, t(lang, "doctor.database_behind", revision=current or "—", head=head))


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


async def _vk(runtime: Runtime) -> Check | None:
    """VK_GROUP_ID is a community (groups.getById), the token reads its wall (wall.get, as
    the backfill does: a community token may not) and, with VK_LONGPOLL, gets its long poll
    (groups.getLongPollServer: an app's service key may not, nor any token while the
    community has Bots Long Poll off)."""
    settings, api = runtime.settings, runtime.vk_api
    if api is None or settings.vk_group_id is None:
        return None
    lang, group = settings.bot_language, settings.vk_group_id
    try:
        try:
            [community] = (await api.call("groups.getById", group_id=group))["groups"]
        except VkError as error:
            if error.code == INVALID_PARAMETER:
                return Check(False, t(lang, "doctor.vk_no_group", group=group, error=error))
            raise
        await api.wall(-group, 1)
        if settings.vk_longpoll:
            try:
                await api.long_poll_server(group)
            except VkError as error:
                return Check(False, t(lang, "doctor.vk_long_poll", error=error))
    except VkError as error:
        return Check(False, t(lang, "doctor.vk_refused", error=error))
    except (aiohttp.ClientError, TimeoutError) as error:
        url = settings.vk_api_url
        return Check(False, t(lang, "doctor.vk_unreachable", url=url, error=_reason(error)))
    return Check(True, t(lang, "doctor.vk", name=community.get("name", ""), group=group))


async def _telegram(runtime: Runtime) -> Check | None:
    """getMe (the token), getChat (TELEGRAM_CHANNEL), getChatMember (the bot is an
    administrator there: Telegram sends a bot a channel's posts only then)."""
    settings = runtime.settings
    if settings.telegram_bot_token is None or settings.telegram_channel is None:
        return None
    lang, channel = settings.bot_language, settings.telegram_channel
    api = BotApi(
        runtime.http, settings.telegram_api_url, settings.telegram_bot_token.get_secret_value()
    )
    method, bot = "getMe", ""
    try:
        me = await api.call(method, NETWORK_SECONDS)
        bot = me.get("username", "")
        method = "getChat"
        chat = await api.call(method, NETWORK_SECONDS, chat_id=channel)
        method = "getChatMember"
        member = await api.call(method, NETWORK_SECONDS, chat_id=channel, user_id=me["id"])
    except TelegramRefused as refused:
        if method == "getMe" and refused.status in (401, 404):
            return Check(False, t(lang, "doctor.telegram_token", error=refused))
        if method == "getChat" and 400 <= refused.status < 500 and refused.status != 429:
            return Check(
                False, t(lang, "doctor.telegram_channel", channel=channel, error=refused, bot=bot)
            )
        return Check(False, t(lang, "doctor.telegram_failed", method=method, error=refused))
    except (aiohttp.ClientError, TimeoutError) as error:
        url = settings.telegram_api_url
        return Check(False, t(lang, "doctor.telegram_unreachable", url=url, error=_reason(error)))
    title, status = chat.get("title", channel), member.get("status", "")
    if status not in TELEGRAM_ADMINS:
        return Check(
            False, t(lang, "doctor.telegram_not_admin", bot=bot, channel=channel, status=status)
        )
    return Check(True, t(lang, "doctor.telegram", bot=bot, channel=channel, title=title))


async def _feeds(runtime: Runtime) -> Check | None:
    """Each feed in FEEDS answers, and what it answers is RSS or Atom."""
    settings = runtime.settings
    if not settings.feeds:
        return None
    lang, titles, broken = settings.bot_language, [], []
    for url in settings.feeds:
        try:
            fetched = await fetch(runtime.http, url, NETWORK_SECONDS, runtime.calendar.now())
        except TooLarge:
            broken.append(t(lang, "doctor.feed_too_large", url=url))
        except aiohttp.ClientResponseError as error:
            broken.append(t(lang, "doctor.feed_http", url=url, status=error.status))
        except (aiohttp.ClientError, TimeoutError) as error:
            broken.append(t(lang, "doctor.feed_unreachable", url=url, error=_reason(error)))
        else:
            # No validators were sent: the server answers the feed, never 304.
            if fetched is None or not fetched.parsed.get("version"):
                broken.append(t(lang, "doctor.feed_not_feed", url=url))
            else:
                titles.append(fetched.parsed.feed.get("title") or url)
    if broken:
        return Check(False, t(lang, "doctor.feeds_broken", broken="; ".join(broken)))
    return Check(True, t(lang, "doctor.feeds", titles=", ".join(f"“{title}”" for title in titles)))
