"""UserDirectory against the fake Slack Web API: one users.list serves many lookups, and a
lookup by id (a message's mention, while Slack waits for the answer) never waits for it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.background import Background
from bot.domain.model.errors import HiddenChannel
from bot.domain.model.people import Person
from bot.simulator.clock import StagedClock
from bot.simulator.web_api import BOT_USER_ID, FakeSlack
from bot.slack.directory import UserDirectory
from bot.slack.wire import plain


def user(user_id: str, display_name: str = "", **fields: Any) -> dict[str, Any]:
    profile = {"display_name": display_name, "real_name": f"Real {user_id}"}
    profile |= fields.pop("profile", {})
    base = {"id": user_id, "name": user_id.lower(), "tz": "Europe/Moscow", "profile": profile}
    return base | fields


def many(count: int) -> list[dict[str, Any]]:
    return [user(f"U{n:08d}", f"user {n}") for n in range(count)]


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


@pytest.fixture
async def client(slack: FakeSlack) -> AsyncIterator[AsyncWebClient]:
    async with aiohttp.ClientSession() as session:
        yield AsyncWebClient(token="xoxb-test", base_url=slack.base_url, session=session)


@pytest.fixture
async def background() -> AsyncIterator[Background]:
    """Where the directory's refreshes run; drained at the end, as shutdown does."""
    work = Background("en")
    yield work
    await work.drain(5)


@pytest.fixture
def directory(client: AsyncWebClient, clock: StagedClock, background: Background) -> UserDirectory:
    return UserDirectory(client, clock, background.spawn)


async def test_one_users_list_serves_many_lookups(
    slack: FakeSlack, directory: UserDirectory
) -> None:
    slack.users = [
        user("U0ALICE001", "alice", profile={"status_text": "в отпуске",
             "status_emoji": ":palm_tree:", "status_expiration": 1764200000}),
        user("U0BOB00001"),
        user("U0GONE0001", "gone", deleted=True, tz=None),
        user("B0HELPER01", "helper", is_bot=True),
        {"id": "USLACKBOT", "name": "slackbot", "is_bot": False, "profile": {}},
    ]  # fmt: skip
    await directory.people()  # as the scheduler keeps it

    alice = await directory.get("U0ALICE001")
    assert alice == Person(
        "U0ALICE001", "alice", "Europe/Moscow", is_bot=False, deleted=False,
        status_text="в отпуске", status_emoji=":palm_tree:", status_expiration=1764200000,
    )  # fmt: skip
    bob = await directory.get("U0BOB00001")
    assert bob is not None and bob.name == "Real U0BOB00001"  # no display name
    gone = await directory.get("U0GONE0001")
    assert gone is not None and gone.deleted and gone.tz is None
    helper, slackbot = await directory.get("B0HELPER01"), await directory.get("USLACKBOT")
    assert helper is not None and helper.is_bot
    assert slackbot is not None and slackbot.is_bot and slackbot.name == "slackbot"
    assert set(await directory.people()) == {u["id"] for u in slack.users}

    assert len(slack.calls_to("users.list")) == 1
    assert slack.calls_to("users.info") == []
    assert await directory.get("U0NOBODY01") is None  # not in the copy: asked of users.info
    assert [c.args["user"] for c in slack.calls_to("users.info")] == ["U0NOBODY01"]


async def test_pagination_follows_the_cursor_200_at_a_time(
    slack: FakeSlack, directory: UserDirectory
) -> None:
    slack.users = many(450)
    people = await directory.people()
    assert len(people) == 450
    assert people["U00000449"].name == "user 449"
    calls = slack.calls_to("users.list")
    assert [c.args["limit"] for c in calls] == ["200", "200", "200"]
    assert "cursor" not in calls[0].args and all(c.args["cursor"] for c in calls[1:])


async def test_the_copy_is_refreshed_after_ttl(
    slack: FakeSlack, directory: UserDirectory, clock: StagedClock
) -> None:
    slack.users = many(3)
    assert len(await directory.people()) == 3
    slack.users = many(4)
    clock.advance(timedelta(seconds=599))
    assert len(await directory.people()) == 3  # still fresh: no call
    assert len(slack.calls_to("users.list")) == 1

    clock.advance(timedelta(seconds=1))
    assert len(await directory.people()) == 4
    assert len(slack.calls_to("users.list")) == 2


async def test_a_lookup_serves_the_old_copy_and_refreshes_it_in_the_background(
    slack: FakeSlack, directory: UserDirectory, clock: StagedClock, background: Background
) -> None:
    slack.users = many(3)
    await directory.people()
    slack.users = [user("U00000001", "renamed"), *many(4)[2:]]
    clock.advance(timedelta(minutes=10))

    old = await directory.get("U00000001")
    assert old is not None and old.name == "user 1"  # at once: the refresh has not begun
    assert len(slack.calls_to("users.list")) == 1
    assert await directory.get("U00000002") is not None  # the same refresh, not one more

    await background.drain(5)
    assert len(slack.calls_to("users.list")) == 2
    renamed = await directory.get("U00000001")
    assert renamed is not None and renamed.name == "renamed"
    assert await directory.get("U00000003") is not None
    assert slack.calls_to("users.info") == []


async def test_without_a_copy_a_mention_is_asked_of_users_info_alone(
    slack: FakeSlack, directory: UserDirectory, background: Background
) -> None:
    slack.users = many(2000)  # ten pages
    slack.latency["users.list"] = 0.4  # four seconds for the copy: Slack waits three
    assert await plain("ask <@U00000007> and <@U00000008|anna>", directory) == (
        "ask @user 7 and @user 8"
    )
    assert sorted(c.args["user"] for c in slack.calls_to("users.info")) == [
        "U00000007", "U00000008",
    ]  # fmt: skip
    # A page is asked once the one before answered: the names did not wait for the copy.
    assert len(slack.calls_to("users.list")) < 10
    slack.latency["users.list"] = 0  # the copy, loading in the background meanwhile
    await background.drain(5)
    assert len(await directory.people()) == 2000
    assert len(slack.calls_to("users.list")) == 10


async def test_a_mention_nobody_names_in_time_is_kept_as_the_label_or_the_id(
    slack: FakeSlack, client: AsyncWebClient, clock: StagedClock, background: Background
) -> None:
    slack.users = many(2)
    slack.latency["users.info"] = 0.2
    directory = UserDirectory(client, clock, background.spawn, lookup_timeout=0.05)
    text = await plain("ask <@U00000000> and <@U00000001|anna> or <@U0NOBODY01>", directory)
    assert text == "ask @U00000000 and @anna or @U0NOBODY01"
    slack.fail_next("users.info", error="ratelimited")
    assert await plain("<@U0NOBODY01>", directory) == "@U0NOBODY01"


async def test_concurrent_callers_share_one_refresh(
    slack: FakeSlack, directory: UserDirectory
) -> None:
    slack.users = many(250)
    slack.delay = 0.05  # callers pile up while the first refresh is in flight
    results = await asyncio.gather(*(directory.people() for _ in range(20)))
    assert all(len(result) == 250 for result in results)
    assert len(slack.calls_to("users.list")) == 2  # two pages, one refresh


async def test_a_failed_refresh_serves_the_stale_copy(
    slack: FakeSlack,
    directory: UserDirectory,
    clock: StagedClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    slack.users = many(2)
    await directory.people()
    clock.advance(timedelta(minutes=10))
    slack.users = many(3)
    slack.fail_next("users.list", error="fatal_error")

    with caplog.at_level(logging.WARNING, logger="bot.slack.directory"):
        results = await asyncio.gather(*(directory.people() for _ in range(5)))
    assert all(len(result) == 2 for result in results)
    assert "users.list failed" in caplog.text
    assert len(slack.calls_to("users.list")) == 2  # the failure was shared, not repeated

    clock.advance(timedelta(seconds=29))  # retry_after = min(ttl, 30s)
    assert len(await directory.people()) == 2
    assert len(slack.calls_to("users.list")) == 2
    clock.advance(timedelta(seconds=1))
    assert len(await directory.people()) == 3


async def test_a_refresh_failing_mid_pagination_keeps_the_whole_stale_copy(
    slack: FakeSlack, directory: UserDirectory, clock: StagedClock
) -> None:
    slack.users = many(300)
    await directory.people()
    clock.advance(timedelta(minutes=10))
    slack.users = many(400)

    def second_page_fails(args: dict[str, Any]) -> dict[str, Any]:
        if args.get("cursor"):
            return {"ok": False, "error": "internal_error"}
        page = slack.users[:200]
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": "page-2"}}

    slack.set_handler("users.list", second_page_fails)
    assert len(await directory.people()) == 300
    assert len(slack.calls_to("users.list")) == 2 + 2  # the first load, then two pages


async def test_without_any_copy_a_failure_raises(
    slack: FakeSlack, directory: UserDirectory
) -> None:
    slack.users = many(2)
    slack.fail_next("users.list", error="invalid_auth")
    with pytest.raises(SlackApiError):
        await directory.people()
    assert "U00000000" in await directory.people()  # the next caller tries again


async def test_members_of_usergroup(slack: FakeSlack, directory: UserDirectory) -> None:
    slack.usergroups = {"S0MARKETNG": ["U0ALICE001", "U0BOB00001"]}
    assert await directory.members_of_usergroup("S0MARKETNG") == ["U0ALICE001", "U0BOB00001"]
    assert slack.calls_to("usergroups.users.list")[0].args["usergroup"] == "S0MARKETNG"
    with pytest.raises(SlackApiError):
        await directory.members_of_usergroup("S0NOSUCH01")


async def test_where_the_bot_is_and_what_it_cannot_see(
    slack: FakeSlack, directory: UserDirectory
) -> None:
    slack.members = {"C0IN": [BOT_USER_ID, "U0ALICE001"], "C0OUT": ["U0ALICE001"]}
    slack.members["G0SECRET"] = ["U0ALICE001"]  # private, the bot not invited
    assert await directory.bot_is_in("C0IN")
    assert not await directory.bot_is_in("C0OUT")
    assert not await directory.bot_is_in("G0SECRET")
    assert await directory.members_of_channel("C0OUT") == ["U0ALICE001"]  # public: readable
    with pytest.raises(HiddenChannel) as hidden:
        await directory.members_of_channel("G0SECRET")
    assert hidden.value.channel == "G0SECRET"
    slack.fail_next("conversations.info", error="ratelimited")
    with pytest.raises(SlackApiError):  # not an answer about membership: not a False
        await directory.bot_is_in("C0IN")
