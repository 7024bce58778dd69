"""Send requests to the bot's real HTTP endpoint, signed exactly as Slack signs them.

Also helpers to build Events API envelopes and to load the shared payload samples.
"""

from __future__ import annotations

import json
import os
import secrets
import string
import time
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack_api import APP_ID, BOT_USER_ID, TEAM_ID

# <repo>/tests/fakes/this_file -> parents[3] is the directory holding both the repo and shared/.
DEFAULT_PAYLOADS_DIR = Path(__file__).resolve().parents[3] / "shared" / "slack-payloads"

_EVENT_ID_ALPHABET = string.ascii_uppercase + string.digits
_issued_event_ids: set[str] = set()


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
        self,
        payload: dict[str, Any],
        *,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> tuple[int, str]:
        """POST an Events API body (JSON); returns (status, body text)."""
        return await self._post(
            json.dumps(payload).encode(),
            "application/json",
            retry_num=retry_num,
            retry_reason=retry_reason,
            timestamp=timestamp,
            signature=signature,
        )

    async def post_form(
        self,
        fields: dict[str, str] | str,
        *,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> tuple[int, str]:
        """POST a form body (slash commands); a str is sent as is, e.g. a `.form.txt` sample."""
        body = fields if isinstance(fields, str) else urlencode(fields)
        return await self._post(
            body.encode(),
            "application/x-www-form-urlencoded",
            retry_num=retry_num,
            retry_reason=retry_reason,
            timestamp=timestamp,
            signature=signature,
        )

    async def post_interaction(
        self,
        payload: dict[str, Any],
        *,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> tuple[int, str]:
        """POST `payload=<json>` form-encoded, as Slack sends block_actions / view_submission."""
        return await self.post_form(
            {"payload": json.dumps(payload)},
            retry_num=retry_num,
            retry_reason=retry_reason,
            timestamp=timestamp,
            signature=signature,
        )

    async def _post(
        self,
        body: bytes,
        content_type: str,
        *,
        retry_num: int | None,
        retry_reason: str,
        timestamp: int | None,
        signature: str | None,
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


def payloads_dir() -> Path:
    """The shared payload samples dir; `SLACK_PAYLOADS_DIR` overrides the default location."""
    override = os.environ.get("SLACK_PAYLOADS_DIR")
    return Path(override) if override else DEFAULT_PAYLOADS_DIR


def load_payload(name: str) -> dict[str, Any] | str:
    """Read a sample: `.json` files are parsed, anything else (`.txt`) is returned as text."""
    path = payloads_dir() / name
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        data: dict[str, Any] = json.loads(text)
        return data
    return text


def slash_command(command: str, text: str, *, user: str, channel: str, response_url: str) -> str:
    """The real slash-command sample with our command, form-encoded as Slack sends it."""
    fields = load_payload("slash_command_real_tekton.parsed.json")
    assert isinstance(fields, dict)
    fields.update(
        command=command, text=text, user_id=user, channel_id=channel, response_url=response_url
    )
    return urlencode(fields)
