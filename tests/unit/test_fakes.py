"""Tests of the test harness: the fake Slack API and the signed request sender work for real."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable
from urllib.parse import parse_qs

import pytest
import yaml
from aiohttp import web
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bot.db.migrate import ROOT
from bot.simulator import sender
from bot.simulator.sender import SlackSender, event_callback
from bot.simulator.web_api import BOT_ID, BOT_USER_ID, UPLOAD, FakeSlack, serve_locally
from tests.payloads import load_payload

SECRET = "test-signing-secret"
BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Hi*"}}]


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    """A workspace whose channels C123 and C1 have the bot in them."""
    async with FakeSlack(members={"C123": [BOT_USER_ID], "C1": [BOT_USER_ID]}) as slack:
        yield slack


def client_for(fake: FakeSlack, **kwargs: object) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test", base_url=fake.base_url, **kwargs)  # type: ignore[arg-type]


async def test_calls_are_recorded_with_blocks_decoded(fake: FakeSlack) -> None:
    client = client_for(fake)
    first = await client.chat_postMessage(channel="C123", text="hi", blocks=BLOCKS)  # JSON body
    # Form body: the SDK would send blocks as a JSON string here.
    form = {"channel": "C123", "text": "again", "blocks": json.dumps(BLOCKS)}
    second = await client.api_call("chat.postMessage", data=form)

    calls = fake.calls_to("chat.postMessage")
    assert [c.args["blocks"] for c in calls] == [BLOCKS, BLOCKS]
    assert calls[0].headers["Authorization"] == "Bearer xoxb-test"
    assert first["message"]["bot_id"] == BOT_ID
    assert re.fullmatch(r"\d{10}\.\d{6}", first["ts"])
    assert float(first["ts"]) < float(second["ts"])


async def test_answers_like_slack_without_token_and_for_unknown_methods(fake: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as anonymous:
        await AsyncWebClient(base_url=fake.base_url).auth_test()
    assert anonymous.value.response["error"] == "not_authed"
    with pytest.raises(SlackApiError) as unknown:
        await client_for(fake).api_call("no.such.method")
    assert unknown.value.response["error"] == "unknown_method"
    assert [c.method for c in fake.calls] == ["auth.test", "no.such.method"]


async def test_rate_limit_carries_retry_after_and_sdk_handler_retries(fake: FakeSlack) -> None:
    fake.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as limited:
        await client_for(fake).chat_postMessage(channel="C1", text="hi")
    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "7"

    fake.reset()
    # Retry-After 0 keeps the SDK's sleep (Retry-After + random()) under a second.
    fake.fail_next("chat.postMessage", status=429, retry_after=0)
    handler = AsyncRateLimitErrorRetryHandler(max_retry_count=1)
    resp = await client_for(fake, retry_handlers=[handler]).chat_postMessage(channel="C1", text="x")
    assert resp["ok"]
    assert [c.failed for c in fake.calls_to("chat.postMessage")] == [True, False]


async def test_error_injection_and_wait_for(fake: FakeSlack) -> None:
    fake.fail_next("users.info", error="user_not_found")
    client = client_for(fake)
    with pytest.raises(SlackApiError):
        await client.users_info(user="U1")
    task = asyncio.create_task(client.chat_postMessage(channel="C1", text="later"))
    calls = await fake.wait_for("chat.postMessage")
    assert calls[0].args["text"] == "later"
    await task
    with pytest.raises(AssertionError, match=r"users\.info"):
        await fake.wait_for("chat.update", timeout=0.05)


async def test_files_upload_v2_via_sdk(fake: FakeSlack) -> None:
    """The SDK asks for an upload URL, POSTs the bytes there (outside base_url's methods, with
    no token), then completes the upload into a channel."""
    client = client_for(fake)
    done = await client.files_upload_v2(
        channel="C1", file=b"\x89PNG...", filename="a.png", title="A", initial_comment="Look"
    )
    assert [c.method for c in fake.calls] == [
        "files.getUploadURLExternal",
        UPLOAD,
        "files.completeUploadExternal",
    ]
    ask, upload, complete = fake.calls
    assert ask.args == {"filename": "a.png", "length": "7"}
    assert "Authorization" not in upload.headers
    assert fake.uploads == {done["file"]["id"]: b"\x89PNG..."}
    assert complete.args["channel_id"] == "C1" and complete.args["initial_comment"] == "Look"
    assert complete.args["files"] == [{"id": done["file"]["id"], "title": "A"}]
    assert done["file"]["channels"] == ["C1"]

    fake.fail_next(UPLOAD, status=500)
    with pytest.raises(SlackRequestError, match="status: 500"):
        await client.files_upload_v2(channel="C1", content="x", filename="b.txt")
    with pytest.raises(SlackApiError, match="file_not_found"):
        await client.files_completeUploadExternal(files=[{"id": "F404"}], channel_id="C1")


async def test_users_list_pagination_via_sdk(fake: FakeSlack) -> None:
    fake.users = [{"id": f"U{i:04d}", "name": f"user{i}"} for i in range(5)]
    ids: list[str] = []
    async for page in await client_for(fake).users_list(limit=2):
        ids += [member["id"] for member in page["members"]]
    assert ids == [u["id"] for u in fake.users]
    assert len(fake.calls_to("users.list")) == 3


@pytest.fixture
async def verifying_endpoint() -> AsyncIterator[tuple[str, list[web.Request]]]:
    """A bare aiohttp endpoint answering 200 for validly signed requests and 401 otherwise."""
    verifier = SignatureVerifier(SECRET)
    received: list[web.Request] = []

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        received.append(request)
        headers = request.headers
        valid = verifier.is_valid(
            body, headers.get("X-Slack-Request-Timestamp"), headers.get("X-Slack-Signature")
        )
        return web.Response(status=200, text="ok") if valid else web.Response(status=401)

    app = web.Application()
    app.router.add_post("/slack/events", handle)
    runner, root = await serve_locally(app)
    try:
        yield f"{root}/slack/events", received
    finally:
        await runner.cleanup()


async def test_sender_signs_like_slack(
    verifying_endpoint: tuple[str, list[web.Request]],
) -> None:
    url, received = verifying_endpoint
    envelope = event_callback({"type": "app_mention", "text": "<@UBOT0001> hi"})
    assert re.fullmatch(r"Ev[A-Z0-9]{10}", envelope["event_id"])
    slash = load_payload("slash_command_boltpython_fixture.form.txt")
    assert isinstance(slash, str)

    async with SlackSender(url, SECRET) as sender:
        assert await sender.post_event(envelope, retry_num=1) == (200, "ok")
        assert await sender.post_form(slash) == (200, "ok")
        assert await sender.post_interaction({"type": "block_actions"}) == (200, "ok")
        forged = await sender.post_event(envelope, signature="v0=" + "0" * 64)
        stale = await sender.post_event(envelope, timestamp=int(time.time()) - 600)
    assert (forged[0], stale[0]) == (401, 401)
    assert received[0].headers["X-Slack-Retry-Num"] == "1"
    assert received[0].headers["X-Slack-Retry-Reason"] == "http_timeout"
    assert "X-Slack-Retry-Num" not in received[1].headers


def keys(value: object, prefix: str = "") -> set[str]:
    """Every key path in a JSON value, e.g. `container.message_ts`, `actions.0.value`."""
    if isinstance(value, dict):
        return {f"{prefix}{k}" for k in value} | {
            path for k, v in value.items() for path in keys(v, f"{prefix}{k}.")
        }
    if isinstance(value, list) and value:
        return keys(value[0], f"{prefix}0.")
    return set()


@pytest.mark.parametrize(
    ("built_in", "sample"),
    [
        (sender.SLASH_COMMAND, "slash_command_real_tekton.parsed.json"),
        (sender.BUTTON_CLICK, "block_actions_button_real_2023.json"),
    ],
)
def test_built_in_templates_have_the_shape_of_captured_payloads(
    built_in: dict[str, object], sample: str
) -> None:
    """The demo builds requests from the built-in templates; they must carry every field a
    captured payload does (message blocks aside: ours point at our own messages)."""
    captured = {k for k in keys(load_payload(sample)) if not k.startswith("message.")}
    assert captured <= keys(built_in)


async def refusal(call: Awaitable[object]) -> str:
    """The error Slack answers `call` with."""
    with pytest.raises(SlackApiError) as refused:
        await call
    return str(refused.value.response["error"])


async def test_the_bot_posts_only_where_it_is_a_member_and_in_dms() -> None:
    members = {"C0IN": [BOT_USER_ID, "U0ANNA"], "C0OUT": ["U0ANNA"], "G0SECRET": ["U0ANNA"]}
    channels = {"C0HIDDEN": {"is_private": True}}
    async with FakeSlack(members=members, channels=channels) as fake:
        client = client_for(fake)
        assert (await client.chat_postMessage(channel="C0IN", text="hi"))["ok"]
        # A DM by its id, or by the person's id (the app's DM with them), is always open.
        assert (await client.chat_postMessage(channel="D0ANNA", text="hi"))["ok"]
        assert (await client.chat_postMessage(channel="U0ANNA", text="hi"))["channel"] == "D0ANNA"
        for channel, error in [
            ("C0OUT", "not_in_channel"),  # public: visible, but only members post
            ("G0SECRET", "channel_not_found"),  # private and not invited: invisible
            ("C0HIDDEN", "channel_not_found"),
            ("C0NOWHERE", "channel_not_found"),
        ]:
            assert await refusal(client.chat_postMessage(channel=channel, text="x")) == error
            assert await refusal(client.chat_update(channel=channel, ts="1.2", text="x")) == error
            assert await refusal(client.chat_delete(channel=channel, ts="1.2")) == error
            upload = client.files_upload_v2(channel=channel, content="x", filename="a.txt")
            assert await refusal(upload) == error
        assert fake.uploads  # the bytes went up; sharing them into the channel was refused


async def test_reading_a_channel_needs_to_see_it() -> None:
    members = {"C0OUT": ["U0ANNA"], "G0SECRET": ["U0ANNA"], "G0OURS": [BOT_USER_ID]}
    async with FakeSlack(members=members) as fake:
        client = client_for(fake)
        info = (await client.conversations_info(channel="C0OUT"))["channel"]
        assert info["is_member"] is False and info["is_private"] is False
        assert (await client.conversations_members(channel="C0OUT"))["members"] == ["U0ANNA"]
        assert (await client.conversations_info(channel="G0OURS"))["channel"]["is_private"]
        history = client.conversations_history(channel="C0OUT")
        assert await refusal(history) == "not_in_channel"  # a public channel's messages: members
        for channel in ("G0SECRET", "C0NOWHERE"):
            assert await refusal(client.conversations_info(channel=channel)) == "channel_not_found"
            members_call = client.conversations_members(channel=channel)
            assert await refusal(members_call) == "channel_not_found"
            assert await refusal(client.conversations_join(channel=channel)) == "channel_not_found"
            history = client.conversations_history(channel=channel)
            assert await refusal(history) == "channel_not_found"
        assert (await client.conversations_join(channel="C0OUT"))["channel"]["is_member"]
        assert (await client.chat_postMessage(channel="C0OUT", text="joined"))["ok"]


async def test_an_ephemeral_message_goes_only_to_a_member() -> None:
    members = {"C0IN": [BOT_USER_ID, "U0ANNA"], "C0OUT": ["U0ANNA"]}
    async with FakeSlack(members=members) as fake:
        client = client_for(fake)
        assert (await client.chat_postEphemeral(channel="C0IN", user="U0ANNA", text="hi"))["ok"]
        stranger = client.chat_postEphemeral(channel="C0IN", user="U0BORIS", text="hi")
        assert await refusal(stranger) == "user_not_in_channel"
        outside = client.chat_postEphemeral(channel="C0OUT", user="U0ANNA", text="hi")
        assert await refusal(outside) == "not_in_channel"


async def test_every_method_needs_its_scope() -> None:
    declared = yaml.safe_load((ROOT / "manifest.yml").read_text())["oauth_config"]["scopes"]
    assert FakeSlack().scopes == set(declared["bot"])  # an install grants what the manifest asks

    members = {"C0IN": [BOT_USER_ID], "G0OURS": [BOT_USER_ID]}
    narrow = frozenset({"chat:write", "channels:read"})
    async with FakeSlack(members=members, scopes=narrow) as fake:
        client = client_for(fake)
        assert (await client.chat_postMessage(channel="C0IN", text="hi"))["ok"]
        assert (await client.conversations_info(channel="C0IN"))["ok"]
        assert (await client.auth_test())["ok"]  # auth.test and views.* need no scope
        home = {"type": "home", "blocks": BLOCKS}
        assert (await client.views_publish(user_id="U0ANNA", view=home))["ok"]
        for call, needed in [
            (client.conversations_info(channel="G0OURS"), "groups:read"),  # private
            (client.conversations_history(channel="C0IN"), "channels:history"),
            (client.conversations_history(channel="D0ANNA"), "im:history"),
            (client.conversations_join(channel="C0IN"), "channels:join"),
            (client.users_list(), "users:read"),
            (client.usergroups_users_list(usergroup="S0GROUP"), "usergroups:read"),
            (client.files_upload_v2(channel="C0IN", content="x", filename="a.txt"), "files:write"),
        ]:
            with pytest.raises(SlackApiError) as refused:
                await call
            answer = refused.value.response
            assert answer.status_code == 200
            assert answer.data == {
                "ok": False, "error": "missing_scope", "needed": needed,
                "provided": "channels:read,chat:write",
            }  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("https://vk.com/wall-1_2 10m", "<https://vk.com/wall-1_2> 10m"),
        ("see https://x.io/a?b=1&c=2.", "see <https://x.io/a?b=1&amp;c=2>."),
        ("@U0ANNA0001 and @W0BORIS001", "<@U0ANNA0001|anna> and <@W0BORIS001|w0boris001>"),
        ("#C0SALES001 #G0SECRET01", "<#C0SALES001|sales> <#G0SECRET01|g0secret01>"),
        ("@S0SALES001 ask @here", "<!subteam^S0SALES001|@sales-team> ask <!here>"),
        ("5 < 6 & 7 > 2 @sales #general", "5 &lt; 6 &amp; 7 &gt; 2 @sales #general"),
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
    ],
)
def test_slash_command_text_arrives_escaped_as_slack_sends_it(typed: str, sent: str) -> None:
    names = {"U0ANNA0001": "anna", "C0SALES001": "sales", "S0SALES001": "sales-team"}
    assert sender.escaped(typed, names) == sent
    form = sender.slash_command(
        "/smm-task", typed, user="U0ANNA0001", channel="C0SALES001", response_url="x", names=names
    )
    assert parse_qs(form)["text"] == [sent]
