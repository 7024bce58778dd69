"""The workspace's people, from one paginated users.list every `ttl` seconds.

users.list is Tier 2 (about 20 calls a minute) and one call returns 200 people, so the bot
reads everyone at once and looks people up in memory; never one users.info per person. A
message's mentions are named while Slack waits for the answer, so a lookup by id never waits
for users.list: it is served from the copy however old, and only an id the copy lacks (no
copy yet, or someone who joined since) is asked of users.info (Tier 4), for them alone.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.model.errors import HiddenChannel
from bot.domain.model.people import Person
from bot.domain.ports import Clock, Spawn

log = logging.getLogger(__name__)

PAGE_SIZE = 200  # Slack's recommended users.list page
SLACKBOT = "USLACKBOT"  # Slackbot's user object says is_bot: false
# Seconds a users.info may take: a message's answer waits on it, and Slack waits 3 s for that.
LOOKUP_TIMEOUT = 1.0


def to_person(user: dict[str, Any]) -> Person:
    """A Slack user object as a Person; absent fields get harmless defaults."""
    profile: dict[str, Any] = user.get("profile") or {}
    user_id = str(user["id"])
    name = (
        profile.get("display_name")
        or profile.get("real_name")
        or user.get("real_name")
        or user.get("name")
        or user_id
    )
    return Person(
        id=user_id,
        name=str(name),
        tz=user.get("tz") or None,
        is_bot=bool(user.get("is_bot")) or user_id == SLACKBOT,
        deleted=bool(user.get("deleted")),
        status_text=str(profile.get("status_text") or ""),
        status_emoji=str(profile.get("status_emoji") or ""),
        status_expiration=int(profile.get("status_expiration") or 0),
    )


class UserDirectory:
    """A cache of users.list.

    Callers arriving together share one refresh (an asyncio.Lock, checked again inside). When
    a refresh fails the stale copy is served and the next attempt waits `retry_after` seconds,
    so an outage costs one failing call per interval, not one per caller; with no copy at all
    the error is raised. `get` never waits for a refresh: it starts one in the background.
    """

    def __init__(
        self,
        client: AsyncWebClient,
        clock: Clock,
        spawn: Spawn,
        ttl: float = 600.0,
        lookup_timeout: float = LOOKUP_TIMEOUT,
    ) -> None:
        self._client = client
        self._clock = clock
        self._spawn = spawn
        self._ttl = timedelta(seconds=ttl)
        self._retry_after = min(self._ttl, timedelta(seconds=30))
        self._lookup_timeout = lookup_timeout
        self._lock = asyncio.Lock()
        self._people: dict[str, Person] | None = None
        self._expires_at: datetime | None = None  # the copy is refreshed from then on (None: now)
        self._refreshing = False  # a refresh `get` started is under way

    async def get(self, user_id: str) -> Person | None:
        """The person, without waiting for users.list: from the copy however old (a refresh
        due starts in the background), else by one users.info of at most `lookup_timeout`
        seconds (raising TimeoutError past it). None for an id not in the workspace."""
        if self._due() and not self._refreshing:
            self._refreshing = True
            self._spawn(self._refresh(), "loading the people directory (users.list)")
        if self._people is not None and user_id in self._people:
            return self._people[user_id]
        try:
            async with asyncio.timeout(self._lookup_timeout):
                response = await self._client.users_info(user=user_id)
        except SlackApiError as error:
            if error.response.get("error") == "user_not_found":
                return None
            raise
        return to_person(response["user"])

    async def people(self) -> dict[str, Person]:
        """Everyone, by user id, including bots and deleted users (see domain.people)."""
        return dict(await self._current())  # a copy: the cache is shared

    async def members_of_usergroup(self, group_id: str) -> list[str]:
        """User ids in a user group (@marketing), asked afresh: a job asks once per run, and an
        edit to the group should count at the next run, not up to a ttl later."""
        response = await self._client.usergroups_users_list(usergroup=group_id)
        return [str(user_id) for user_id in response.get("users") or []]

    async def members_of_channel(self, channel_id: str) -> list[str]:
        """Member ids of a channel, every page (asked afresh, like user groups)."""
        members: list[str] = []
        try:
            async for page in await self._client.conversations_members(
                channel=channel_id, limit=PAGE_SIZE
            ):
                members.extend(str(user_id) for user_id in page.get("members") or [])
        except SlackApiError as error:
            if error.response.get("error") == "channel_not_found":  # private, bot not in it
                raise HiddenChannel(channel_id) from error
            raise
        return members

    async def bot_is_in(self, channel_id: str) -> bool:
        """Asked afresh (one conversations.info, Tier 3): an /invite counts at once."""
        try:
            response = await self._client.conversations_info(channel=channel_id)
        except SlackApiError as error:
            if error.response.get("error") == "channel_not_found":
                return False  # private and the bot not in it: Slack hides it
            raise
        return bool(response["channel"].get("is_member"))

    def _due(self) -> bool:
        return self._expires_at is None or self._clock() >= self._expires_at

    async def _refresh(self) -> None:
        try:
            await self._current()
        finally:
            self._refreshing = False

    async def _current(self) -> dict[str, Person]:
        if self._people is not None and not self._due():
            return self._people
        async with self._lock:
            # Another caller may have refreshed (or failed to) while this one waited.
            if self._people is not None and not self._due():
                return self._people
            try:
                people = await self._fetch()
            except Exception:
                # `get` starts the next attempt no sooner (`people` with no copy tries at once).
                self._expires_at = self._clock() + self._retry_after
                if self._people is None:
                    raise
                log.warning(
                    "users.list failed; serving the copy from before, retrying in %.0fs",
                    self._retry_after.total_seconds(),
                    exc_info=True,
                )
                return self._people
            self._people = people
            self._expires_at = self._clock() + self._ttl
            return people

    async def _fetch(self) -> dict[str, Person]:
        people: dict[str, Person] = {}
        # The SDK's async iteration follows response_metadata.next_cursor page by page.
        async for page in await self._client.users_list(limit=PAGE_SIZE):
            for user in page.get("members") or []:
                person = to_person(user)
                people[person.id] = person
        return people
