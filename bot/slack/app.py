"""The Bolt app and the HTTP server around it."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from slack_bolt.async_app import AsyncApp

from bot.metrics import measure_requests, serve_metrics
from bot.runtime import Runtime
from bot.slack.listeners import actions, commands, events, feedback, views

log = logging.getLogger(__name__)


def build_app(runtime: Runtime) -> AsyncApp:
    settings = runtime.settings
    secret = settings.slack_signing_secret
    app = AsyncApp(
        client=runtime.client,
        signing_secret=secret.get_secret_value() if secret else None,
        # Events are handled before the answer: a failure answers 500 and Slack delivers the
        # event again (stored once, thanks to the event-id key) instead of losing it.
        process_before_response=True,
        logger=logging.getLogger("slack_bolt"),
    )

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        log.exception("listener failed on a %s request", body.get("type"), exc_info=error)

    for listeners in (events, commands, actions, views, feedback):
        listeners.register(app, runtime)
    events.register_home(app, runtime)
    return app


def web_app(app: AsyncApp, runtime: Runtime) -> web.Application:
    """Bolt's aiohttp app (POST /slack/events) plus GET /healthz."""
    application = app.web_app(path="/slack/events", port=runtime.settings.port)

    async def healthz(_request: web.Request) -> web.Response:
        if await runtime.database_answers():
            return web.json_response({"ok": True})
        return web.json_response({"ok": False, "error": "database unavailable"}, status=503)

    application.router.add_get("/healthz", healthz)
    application.router.add_get("/metrics", serve_metrics)
    application.middlewares.append(measure_requests)
    return application
