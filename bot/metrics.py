"""Prometheus metrics, served at GET /metrics: what Slack asked, how fast we answered, what we
called, how the jobs went, and how long a task takes to reach everyone.

Request labels come from a fixed set, so no request, however forged, adds a line to /metrics.
"""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

KINDS = ("event", "command", "action", "view", "other")
REFUSALS = ("signature", "malformed", "other_team", "unhandled")

REQUESTS = Counter("smm_requests_total", "Requests from Slack, by kind", ["kind"])
ACK_SECONDS = Histogram("smm_ack_seconds", "Time to answer a request from Slack", ["kind"])
REFUSED = Counter(
    "smm_requests_refused_total",
    "Requests no listener took: badly signed, malformed, from another workspace, or unknown",
    ["reason"],
)
API_CALLS = Counter("smm_slack_api_calls_total", "Slack Web API calls, by method", ["method"])
API_ERRORS = Counter(
    "smm_slack_api_errors_total", "Slack Web API calls that failed", ["method", "error"]
)
JOBS = Counter("smm_jobs_total", "Scheduled jobs run, by outcome", ["job", "outcome"])
BACKGROUND_ERRORS = Counter(
    "smm_background_errors_total",
    "Failures: listeners, jobs, timers, leadership, and work after Slack's answer (stuck or"
    " cut off at shutdown included), by kind",
    ["work"],
)
POSTS_MISSED = Counter(
    "smm_posts_missed_total",
    "Scheduled posts whose window closed before they were confirmed (once per job and day)",
    ["job"],
)
FANOUT_SECONDS = Histogram(
    "smm_task_fanout_seconds",
    "Time from a task's creation to its last DM sent",
    buckets=(0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600),
)
# Every label shown from the start: the set of lines never changes with traffic.
for _kind in KINDS:
    REQUESTS.labels(_kind)
    ACK_SECONDS.labels(_kind)
for _reason in REFUSALS:
    REFUSED.labels(_reason)

_TYPES = {
    "event_callback": "event",
    "block_actions": "action",
    "view_submission": "view",
    "view_closed": "view",
}


def request_kind(body: dict[str, Any]) -> str:
    """One of KINDS, from a request body as Bolt parsed it."""
    kind = body.get("type")
    if isinstance(kind, str) and kind in _TYPES:
        return _TYPES[kind]
    return "command" if "command" in body else "other"


class MeteredApp(AsyncApp):
    """Bolt's app, counting and timing every request it dispatches, over HTTP (after the
    signature check in front of it) and in Socket Mode alike."""

    async def async_dispatch(self, req: AsyncBoltRequest) -> BoltResponse:
        started = time.perf_counter()
        try:
            return await super().async_dispatch(req)
        finally:
            kind = request_kind(req.body)
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
