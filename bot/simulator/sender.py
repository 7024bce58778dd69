"""Send requests to the bot's real HTTP endpoint, signed exactly as Slack signs them.

Also builders for the bodies Slack sends: Events API envelopes, slash commands, button clicks.
Their built-in templates have the shape of captured payloads; the tests build from the captured
samples themselves and check the templates against them.
"""

from __future__ import annotations

import copy
import json
import re
import secrets
import string
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self, TypedDict, Unpack
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from bot.simulator.web_api import APP_ID, BOT_USER_ID, TEAM_ID

_EVENT_ID_ALPHABET = string.ascii_uppercase + string.digits
_issued_event_ids: set[str] = set()


class Delivery(TypedDict, total=False):
    """How a request arrives: Slack's retry headers, or a timestamp or signature to forge."""

    retry_num: int | None
    retry_reason: str
    timestamp: int | None
    signature: str | None


class SlackSender:
    """Posts signed Events API / slash command / interactivity requests to `base_url`.

    Use as `async with SlackSender(url, secret) as sender:` so the session is closed.
    """

    def __init__(self, base_url: str, signing_secret: str, *, timeout: float = 10.0) -> None:
        self.base_url = base_url
        self.verifier = SignatureVerifier(signing_secret)
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Self:
        self._ensure_session()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _ensure_session(self) -> aiohttp.ClientSession:
        # Created lazily: a ClientSession must be made inside the running event loop.
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def post_event(
        self, payload: dict[str, Any], **delivery: Unpack[Delivery]
    ) -> tuple[int, str]:
        """POST an Events API body (JSON); returns (status, body text)."""
        return await self._post(json.dumps(payload).encode(), "application/json", **delivery)

    async def post_form(
        self, fields: dict[str, str] | str, **delivery: Unpack[Delivery]
    ) -> tuple[int, str]:
        """POST a form body (slash commands); a str is sent as is, e.g. a `.form.txt` sample."""
        body = fields if isinstance(fields, str) else urlencode(fields)
        return await self._post(body.encode(), "application/x-www-form-urlencoded", **delivery)

    async def post_interaction(
        self, payload: dict[str, Any], **delivery: Unpack[Delivery]
    ) -> tuple[int, str]:
        """POST `payload=<json>` form-encoded, as Slack sends block_actions / view_submission."""
        return await self.post_form({"payload": json.dumps(payload)}, **delivery)

    async def _post(
        self,
        body: bytes,
        content_type: str,
        *,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> tuple[int, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        if signature is None:
            # Signed over the exact bytes sent, as Slack does.
            signature = self.verifier.generate_signature(timestamp=ts, body=body)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or "",
        }
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = retry_reason
        session = self._ensure_session()
        async with session.post(self.base_url, data=body, headers=headers) as resp:
            return resp.status, await resp.text()


def new_event_id() -> str:
    """A fresh Slack-style event id ("Ev" + 10 uppercase alphanumerics), unique per process."""
    while True:
        event_id = "Ev" + "".join(secrets.choice(_EVENT_ID_ALPHABET) for _ in range(10))
        if event_id not in _issued_event_ids:
            _issued_event_ids.add(event_id)
            return event_id


def event_callback(
    event: dict[str, Any],
    *,
    event_id: str | None = None,
    team_id: str = TEAM_ID,
    api_app_id: str = APP_ID,
) -> dict[str, Any]:
    """Wrap an inner event in the `event_callback` envelope Slack posts to the Events API."""
    return {
        "token": "legacy-verification-token",
        "team_id": team_id,
        "context_team_id": team_id,
        "context_enterprise_id": None,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or new_event_id(),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }


def message_event(
    channel: str, user: str, text: str, *, ts: str, thread_ts: str | None = None
) -> dict[str, Any]:
    """A person's message as the Events API delivers it (a thread reply with `thread_ts`)."""
    event = {
        "type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
        "event_ts": ts, "channel_type": "channel",
    }  # fmt: skip
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message_changed(original: dict[str, Any], text: str, *, ts: str) -> dict[str, Any]:
    """The `message_changed` event Slack sends when `original` is edited to say `text`."""
    message = {**original, "text": text, "edited": {"user": original["user"], "ts": ts}}
    return {
        "type": "message", "subtype": "message_changed", "hidden": True,
        "channel": original["channel"], "message": message, "previous_message": original,
        "ts": ts, "event_ts": ts, "channel_type": original.get("channel_type", "channel"),
    }  # fmt: skip


# A slash command's form fields, as Slack posts them.
SLASH_COMMAND: dict[str, str] = {
    "token": "legacy-verification-token",
    "team_id": TEAM_ID,
    "team_domain": "fake-workspace",
    "channel_id": "",
    "channel_name": "",
    "user_id": "",
    "user_name": "",
    "command": "",
    "text": "",
    "api_app_id": APP_ID,
    "is_enterprise_install": "false",
    "response_url": "",
    "trigger_id": "1000000000001.1000000000.fakefakefakefakefakefakefakefake",
}

# A button click in a message (`block_actions`), as Slack posts it (as `payload=<json>`).
BUTTON_CLICK: dict[str, Any] = {
    "type": "block_actions",
    "user": {"id": "", "username": "", "name": "", "team_id": TEAM_ID},
    "api_app_id": APP_ID,
    "token": "legacy-verification-token",
    "container": {"type": "message", "message_ts": "", "channel_id": "", "is_ephemeral": False},
    "trigger_id": "1000000000002.1000000000.fakefakefakefakefakefakefakefake",
    "team": {"id": TEAM_ID, "domain": "fake-workspace"},
    "enterprise": None,
    "is_enterprise_install": False,
    "channel": {"id": "", "name": ""},
    "message": {"type": "message", "ts": "", "text": "", "blocks": []},
    "state": {"values": {}},
    "response_url": "",
    "actions": [
        {
            "action_id": "",
            "block_id": "",
            "text": {"type": "plain_text", "text": "", "emoji": True},
            "value": "",
            "style": "primary",
            "type": "button",
            "action_ts": "",
        }
    ],
}


# What a person picks from the composer's suggestions, written in typed text as @U…, @S… (a user
# group), #C… or @here; and links, which Slack wraps when the command escapes its text.
_TYPED = re.compile(
    r"@(?P<user>[UW][A-Z0-9]{6,})\b|@(?P<group>S[A-Z0-9]{6,})\b|#(?P<channel>[CG][A-Z0-9]{6,})\b"
    r"|@(?P<special>here|channel|everyone)\b|(?P<url>https?://[^\s<>]*[^\s<>.,;:!?)])"
)


class AsSent(str):
    """Command text exactly as it reaches the bot (a captured or a forged body), not typed."""

    __slots__ = ()


def escaped(typed: str, names: Mapping[str, str] | None = None) -> str:
    """The text Slack sends for what a person typed, with the command's escaping on (the
    manifest's `should_escape`): `&`, `<`, `>` as entities, links as `<url>`, mentions as
    `<@U…|name>`, `<!subteam^S…|@handle>`, `<#C…|name>`, `<!here>`. `names` gives a mention's
    name by id (else the id in lower case, as a stand-in). `AsSent` text is left as it is."""
    if isinstance(typed, AsSent):
        return typed

    def slack_form(match: re.Match[str]) -> str:
        mentioned = match["user"] or match["group"] or match["channel"]
        name = (names or {}).get(mentioned, mentioned.lower()) if mentioned else ""
        if match["user"]:
            return f"<@{mentioned}|{name}>"
        if match["group"]:
            return f"<!subteam^{mentioned}|@{name}>"
        if match["channel"]:
            return f"<#{mentioned}|{name}>"
        if match["special"]:
            return f"<!{match['special']}>"
        return f"<{match['url']}>"

    text = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _TYPED.sub(slack_form, text)


def slash_command(
    command: str,
    typed: str,
    *,
    user: str,
    channel: str,
    response_url: str,
    names: Mapping[str, str] | None = None,
    template: dict[str, str] | None = None,
) -> str:
    """A slash command's form body, as Slack posts it when the person typed `typed` (see
    `escaped`)."""
    fields = dict(template or SLASH_COMMAND)
    fields.update(
        command=command, text=escaped(typed, names), user_id=user, channel_id=channel,
        response_url=response_url,
    )  # fmt: skip
    return urlencode(fields)


def button_click(
    *,
    user: str,
    channel: str,
    message_ts: str,
    action_id: str,
    value: str,
    response_url: str,
    template: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A click on a button of the message at `message_ts` in `channel`."""
    payload = copy.deepcopy(template or BUTTON_CLICK)
    payload["user"]["id"] = user
    payload["container"].update(channel_id=channel, message_ts=message_ts)
    payload["channel"]["id"] = channel
    payload["message"]["ts"] = message_ts
    payload["actions"][0].update(action_id=action_id, value=value, action_ts=f"{time.time():.6f}")
    payload["response_url"] = response_url
    return payload
