"""The Bolt app and the HTTP server around it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp, AsyncRespond
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.domain.calendar import WorkCalendar
from bot.metrics import REFUSED, MeteredApp, request_kind, serve_metrics
from bot.runtime import Runtime
from bot.slack import listeners
from bot.slack.listeners.services import Services
from bot.slack.listeners.waiting import ephemeral
from bot.slack.payload import MALFORMED, well_formed

log = logging.getLogger(__name__)

BAD_SIGNATURES_EVERY = timedelta(hours=1)  # at most one line about them this often


def build_app(runtime: Runtime) -> AsyncApp:
    settings = runtime.settings
    secret = settings.slack_signing_secret
    app = MeteredApp(
        client=runtime.client,
        signing_secret=secret.get_secret_value() if secret else None,
        # Events are handled before the answer: a failure answers 500 and Slack delivers the
        # event again (stored once, thanks to the event-id key) instead of losing it.
        process_before_response=True,
        logger=logging.getLogger("slack_bolt"),
        # Through on_error below rather than a warning quoting each body: counted, not logged.
        raise_error_for_unhandled_request=True,
        # web_app checks the signature before Bolt sees a request (Socket Mode needs none).
        request_verification_enabled=False,
        # Assistant-thread helpers (say, set_status…) that no listener of ours takes.
        attaching_conversation_kwargs_enabled=False,
    )

    @app.error
    async def on_error(
        error: Exception, body: dict[str, Any], respond: AsyncRespond | None
    ) -> None:
        if isinstance(error, BoltUnhandledRequestError):  # answered 404
            REFUSED.labels("unhandled").inc()
            return
        kind = request_kind(body)
        event = body.get("event") or {}
        user = body.get("user_id") or (body.get("user") or {}).get("id") or event.get("user")
        # An event has nobody waiting (Slack delivers it again); a command or a click does.
        waiting = ephemeral(respond) if respond is not None and kind != "event" else None
        # What and whose, never the body: it carries a token and the response URL.
        what = f"listener for the {kind} from {user}"
        runtime.background.report(error, what, waiting, kind="listener")

    app.middleware(FromOurWorkspace())
    app.middleware(Services(runtime))  # the runtime's services in each listener's context
    listeners.register(app)
    return app


class FromOurWorkspace(AsyncMiddleware):
    """Only the workspace the token belongs to (Bolt learnt it from auth.test, once). A class,
    as Bolt calls one with no argument matching, unlike a decorated function."""

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        context = req.context
        ours = context.authorize_result.team_id if context.authorize_result else None
        if context.team_id is None or context.team_id != ours:
            REFUSED.labels("other_team").inc()
            return BoltResponse(status=200, body="")  # answered, so Slack does not retry
        return await next()


def health_app(runtime: Runtime) -> web.Application:
    """GET /healthz (200 while the database answers) and GET /metrics."""
    application = web.Application()

    async def healthz(_request: web.Request) -> web.Response:
        if await runtime.database_answers():
            return web.json_response({"ok": True})
        return web.json_response({"ok": False, "error": "database unavailable"}, status=503)

    application.router.add_get("/healthz", healthz)
    application.router.add_get("/metrics", serve_metrics)
    return application


class BadSignatures:
    """Requests refused for their signature, told in at most one WARNING line an hour: a wrong
    SLACK_SIGNING_SECRET (Slack's own requests all refused) shows in the log, and a flood of
    forged ones costs no line each. Neither a secret nor a signature is told."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self._calendar = calendar
        self._count = 0  # refused since the last line
        self._since: datetime | None = None  # when the first of them came
        self._told: datetime | None = None  # when the last line was logged

    def refused(self) -> None:
        now = self._calendar.now()
        self._count += 1
        self._since = self._since or now
        if self._told is not None and now - self._told < BAD_SIGNATURES_EVERY:
            return
        log.warning(
            "%d request(s) with a bad signature since %s: if they are Slack's, "
            "SLACK_SIGNING_SECRET is wrong (copy the Signing Secret from the app's Basic "
            "Information page) or this machine's clock is more than 5 minutes off",
            self._count, self._since.astimezone(self._calendar.zone).strftime("%Y-%m-%d %H:%M %Z"),
        )  # fmt: skip
        self._count, self._since, self._told = 0, None, now


def web_app(app: AsyncApp, runtime: Runtime) -> web.Application:
    """POST /slack/events beside /healthz, /metrics and the connectors' routes (a network's
    callback: every replica answers it).

    The signature is checked before anything reads the body (Bolt would parse a body before
    its own check, which is off): a forged or broken request costs one HMAC and is answered 401
    without a log line of its own (`BadSignatures` tells them once an hour). A signed body that
    is not shaped like Slack's gets 400 before Bolt, whose own code would index into it, sees
    it (Socket Mode needs neither: Slack's own connection brings those requests).
    """
    secret = runtime.settings.slack_signing_secret
    assert secret is not None, "the settings require SLACK_SIGNING_SECRET without Socket Mode"
    verifier = SignatureVerifier(secret.get_secret_value())
    bad_signatures = BadSignatures(runtime.calendar)

    async def slack_events(request: web.Request) -> web.Response:
        body = await request.read()
        headers = request.headers  # aiohttp matches names in any case
        try:
            signed = verifier.is_valid(
                body, headers.get("X-Slack-Request-Timestamp"), headers.get("X-Slack-Signature")
            )
        except ValueError:  # a timestamp that is not a number
            signed = False
        if not signed:
            REFUSED.labels("signature").inc()
            bad_signatures.refused()
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            bolt_request = AsyncBoltRequest(
                body=body.decode(), query=request.query_string, headers=dict(headers)
            )
            shaped = well_formed(bolt_request.body)
        except MALFORMED:
            shaped = False
        if not shaped:
            REFUSED.labels("malformed").inc()
            return web.json_response({"error": "malformed request"}, status=400)
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    application = health_app(runtime)
    application.router.add_post("/slack/events", slack_events)
    application.router.add_routes(runtime.connectors.routes())
    return application
