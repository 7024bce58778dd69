"""The simulator refuses the messages and views real Slack refuses, and keeps what was posted
(history, threads, metadata) the way Slack reads it back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.simulator.web_api import BOT_USER_ID, FakeSlack

CHANNEL = "C0MARKET01"
MEMBERS = {CHANNEL: [BOT_USER_ID]}  # the bot posts only where it is a member


@pytest.fixture
async def client() -> AsyncIterator[AsyncWebClient]:
    async with FakeSlack(members=MEMBERS) as fake:
        yield AsyncWebClient(token="xoxb-test", base_url=fake.base_url)


def section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def button(text: str, action_id: str, value: str = "1") -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "action_id": action_id,
        "value": value,
    }


def actions(*elements: dict[str, Any]) -> dict[str, Any]:
    return {"type": "actions", "elements": list(elements)}


async def refused(client: AsyncWebClient, blocks: list[dict[str, Any]]) -> str:
    with pytest.raises(SlackApiError) as refusal:
        await client.chat_postMessage(channel=CHANNEL, text="summary", blocks=blocks)
    return str(refusal.value.response["error"])


@pytest.mark.parametrize(
    "blocks",
    [
        [section("x")] * 51,
        [section("x" * 3001)],
        [section("")],
        [{"type": "section", "fields": [{"type": "mrkdwn", "text": "x" * 2001}]}],
        [{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}],
        [actions(button("x" * 76, "a"))],
        [actions(button("Done", "a", "v" * 2001))],
        [actions(button("Done", "same"), button("Can't", "same"))],
        [section("a", block_id="b1"), section("b", block_id="b1")],
        [{"type": "no_such_block"}],
    ],
    ids=[
        "51 blocks", "section 3001", "empty text", "field 2001", "header 151", "button 76",
        "value 2001", "duplicate action_id", "duplicate block_id", "unknown type",
    ],
)  # fmt: skip
async def test_messages_slack_refuses_are_refused(
    client: AsyncWebClient, blocks: list[dict[str, Any]]
) -> None:
    assert await refused(client, blocks) == "invalid_blocks"


async def test_a_message_at_the_limits_is_taken_and_past_12000_characters_is_too_long(
    client: AsyncWebClient,
) -> None:
    at_limits = [
        {"type": "header", "text": {"type": "plain_text", "text": "h" * 150}},
        *[section("x" * 3000)] * 3,
        section("y" * 2730),
        actions(button("b" * 75, "a", "v" * 2000), button("c", "b")),
        *[section("z")] * 44,
    ]  # 50 blocks, 12,000 characters of text
    assert len(at_limits) == 50
    await client.chat_postMessage(channel=CHANNEL, text="summary", blocks=at_limits)
    assert await refused(client, [*[section("x" * 3000)] * 4, section("!")]) == (
        "msg_blocks_too_long"
    )


async def test_views_are_held_to_the_modal_and_home_tab_limits(client: AsyncWebClient) -> None:
    home = {"type": "home", "blocks": [section("x")] * 100}
    await client.views_publish(user_id="U1", view=home)
    with pytest.raises(SlackApiError) as too_many:
        await client.views_publish(user_id="U1", view={**home, "blocks": [section("x")] * 101})
    assert too_many.value.response["error"] == "invalid_arguments"
    modal = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "t" * 25},
        "blocks": [section("x")],
    }
    with pytest.raises(SlackApiError) as long_title:
        await client.views_open(trigger_id="1.2", view=modal)
    assert "title" in str(long_title.value.response["response_metadata"]["messages"])


async def test_history_and_threads_read_back_what_was_posted(client: AsyncWebClient) -> None:
    tag = {"event_type": "smm_pulse_post", "event_payload": {"key": "checkin:1"}}
    parent = await client.chat_postMessage(channel=CHANNEL, text="parent", metadata=tag)
    reply = await client.chat_postMessage(channel=CHANNEL, text="reply", thread_ts=parent["ts"])
    later = await client.chat_postMessage(channel=CHANNEL, text="later")
    await client.chat_update(channel=CHANNEL, ts=later["ts"], text="later, edited")

    plain = await client.conversations_history(channel=CHANNEL)
    assert [m["text"] for m in plain["messages"]] == ["later, edited", "parent"]
    assert all("metadata" not in m for m in plain["messages"])
    tagged = await client.conversations_history(
        channel=CHANNEL, include_all_metadata=True, oldest=str(float(parent["ts"]) - 1)
    )
    assert tagged["messages"][-1]["metadata"] == tag
    thread = await client.conversations_replies(channel=CHANNEL, ts=parent["ts"])
    assert [m["ts"] for m in thread["messages"]] == [parent["ts"], reply["ts"]]

    await client.chat_delete(channel=CHANNEL, ts=reply["ts"])
    thread = await client.conversations_replies(channel=CHANNEL, ts=parent["ts"])
    assert [m["text"] for m in thread["messages"]] == ["parent"]


async def test_a_thread_reads_back_page_by_page_with_peoples_replies() -> None:
    """The parent first, on the first page only (as Slack pages a thread); a thread Slack does
    not have, and a channel the bot is not in, are refused."""
    async with FakeSlack(members={CHANNEL: [BOT_USER_ID], "C0OUTSIDE1": []}) as fake:
        client = AsyncWebClient(token="xoxb-test", base_url=fake.base_url)
        parent = await client.chat_postMessage(channel=CHANNEL, text="check-in")
        said = [fake.says(CHANNEL, "U0ANNA0001", f"{n}. boots", parent["ts"]) for n in (1, 2, 3)]
        pages = [
            [m["ts"] for m in page["messages"]]
            async for page in await client.conversations_replies(
                channel=CHANNEL, ts=parent["ts"], limit=2
            )
        ]
        assert pages == [[parent["ts"], said[0]["ts"]], [said[1]["ts"], said[2]["ts"]]]
        for channel, ts, error in (
            (CHANNEL, "1.000001", "thread_not_found"),
            ("C0OUTSIDE1", parent["ts"], "not_in_channel"),
        ):
            with pytest.raises(SlackApiError) as refused:
                await client.conversations_replies(channel=channel, ts=ts)
            assert refused.value.response["error"] == error


async def test_a_lost_answer_leaves_the_post_behind_and_the_caller_in_the_dark() -> None:
    async with FakeSlack(members=MEMBERS, lost={"chat.postMessage": 1.0}) as fake:
        client = AsyncWebClient(token="xoxb-test", base_url=fake.base_url, retry_handlers=[])
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await client.chat_postMessage(channel=CHANNEL, text="did it go out?")
        [call] = fake.calls_to("chat.postMessage")
        assert call.lost and call.response is not None and call.response["ok"]
        assert [m["text"] for m in fake.messages[CHANNEL]] == ["did it go out?"]


async def test_latency_is_per_method() -> None:
    async with FakeSlack(latency={"users.list": 0.3}) as fake:
        client = AsyncWebClient(token="xoxb-test", base_url=fake.base_url)
        loop = asyncio.get_running_loop()
        started = loop.time()
        await client.auth_test()
        quick = loop.time() - started
        await client.users_list()
        assert loop.time() - started - quick >= 0.3 > quick


async def test_a_response_url_takes_five_messages_and_refuses_the_sixth() -> None:
    async with FakeSlack() as fake, aiohttp.ClientSession() as http:
        first, second = fake.response_url(), fake.response_url()
        assert first != second  # each command and each click gets its own
        answers = []
        for n in range(6):
            async with http.post(first, json={"text": f"part {n}"}) as answer:
                answers.append((answer.status, (await answer.json())["ok"]))
        assert answers == [(200, True)] * 5 + [(404, False)]
        async with http.post(second, json={"text": "another command's"}) as answer:
            assert answer.status == 200
        async with http.post(f"{fake.base_url}response_url", json={"text": "?"}) as answer:
            assert answer.status == 404  # not a URL Slack handed out
        sent = [c.args["text"] for c in fake.calls_to("response_url") if c.response["ok"]]
        assert sent == [f"part {n}" for n in range(5)] + ["another command's"]


async def test_only_the_bots_own_existing_messages_are_updated_or_deleted() -> None:
    async with FakeSlack(members=MEMBERS) as fake:
        client = AsyncWebClient(token="xoxb-test", base_url=fake.base_url)
        person = fake.says(CHANNEL, "U0ALICE001", "a person's message")
        posted = await client.chat_postMessage(channel=CHANNEL, text="the bot's")
        for change, refusal in (
            (client.chat_update, "cant_update_message"),
            (client.chat_delete, "cant_delete_message"),
        ):
            for ts, error in (("1700000000.000001", "message_not_found"), (person["ts"], refusal)):
                with pytest.raises(SlackApiError) as refused_:
                    await change(channel=CHANNEL, ts=ts, text="changed")  # type: ignore[operator]
                assert refused_.value.response["error"] == error
        await client.chat_update(channel=CHANNEL, ts=posted["ts"], text="changed")
        await client.chat_delete(channel=CHANNEL, ts=posted["ts"])
        assert [m["text"] for m in fake.messages[CHANNEL]] == ["a person's message"]


async def test_a_trigger_id_opens_one_modal(client: AsyncWebClient) -> None:
    modal = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Form"},
        "blocks": [section("x")],
    }
    await client.views_open(trigger_id="1.2.once", view=modal)
    with pytest.raises(SlackApiError) as refusal:
        await client.views_open(trigger_id="1.2.once", view=modal)
    assert refusal.value.response["error"] == "exchanged_trigger_id"


async def test_socket_mode_takes_the_app_level_token_and_refuses_any_other() -> None:
    """apps.connections.open is checked against the app-level token, not the bot's."""
    async with FakeSlack(token="xoxb-test", app_token="xapp-right") as fake:
        client = AsyncWebClient(token="xoxb-test", base_url=fake.base_url)
        fake.set_handler("apps.connections.open", lambda _: {"ok": True, "url": "wss://x"})
        assert (await client.apps_connections_open(app_token="xapp-right"))["url"] == "wss://x"
        for token, error in (
            ("xapp-wrong", "invalid_auth"),
            ("xoxb-test", "not_allowed_token_type"),
        ):
            with pytest.raises(SlackApiError) as refusal:
                await client.apps_connections_open(app_token=token)
            assert refusal.value.response["error"] == error
        assert (await client.auth_test())["ok"]  # the bot's methods keep the bot's token
