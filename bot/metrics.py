"""Prometheus metrics, served at GET /metrics: what Slack asked, how fast we answered, what we
called, how the jobs went, and how long a task takes to reach everyone."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

REQUESTS = Counter("smm_requests_total", "Requests from Slack, by kind", ["kind"])
ACK_SECONDS = Histogram("smm_ack_seconds", "Time to answer a request from Slack", ["kind"])
API_CALLS = Counter("smm_slack_api_calls_total", "Slack Web API calls, by method", ["method"])
API_ERRORS = Counter(
    "smm_slack_api_errors_total", "Slack Web API calls that failed", ["method", "error"]
)
JOBS = Counter("smm_jobs_total", "Scheduled jobs run, by outcome", ["job", "outcome"])
FANOUT_SECONDS = Histogram(
    "smm_task_fanout_seconds",
    "Time from a task's creation to its last DM sent",
    buckets=(0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600),
)


def request_kind(body: bytes, content_type: str) -> str:
    """event, command, action, view, … from a request body, without trusting it further."""
    try:
        if content_type == "application/json":
            kind = str(json.loads(body).get("type", "unknown"))
            return "event" if kind == "event_callback" else kind
        form = parse_qs(body.decode())
        if "command" in form:
            return "command"
        payload = json.loads(form["payload"][0])
        return {"block_actions": "action", "view_submission": "view"}.get(payload["type"], "other")
    except (ValueError, KeyError, AttributeError):
        return "unknown"


@web.middleware
async def measure_requests(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    if request.method != "POST" or request.path != "/slack/events":
        return await handler(request)
    started = time.perf_counter()
    kind = request_kind(await request.read(), request.content_type)  # read() is cached
    try:
        return await handler(request)
    finally:
        REQUESTS.labels(kind).inc()
        ACK_SECONDS.labels(kind).observe(time.perf_counter() - started)


async def serve_metrics(_request: web.Request) -> web.Response:
    return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})


class MeteredWebClient(AsyncWebClient):
    """The SDK's client, counting every call and every failure by method."""

    async def api_call(self, api_method: str, **kwargs: Any) -> AsyncSlackResponse:
        API_CALLS.labels(api_method).inc()
        try:
            return await super().api_call(api_method, **kwargs)
        except SlackApiError as error:
            API_ERRORS.labels(api_method, str(error.response.get("error"))).inc()
            raise
