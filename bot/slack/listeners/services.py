"""The runtime's services in Bolt's context, as bolt-python's examples pass theirs: the app's
`Services` middleware (bot/slack/app.py) puts them in every request's context, and a listener
takes `context` and reads them with `services(context)`, typed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncBoltContext, AsyncBoltRequest
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.response import BoltResponse

from bot.runtime import Runtime

_KEY = "services"


class Services(AsyncMiddleware):
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        req.context[_KEY] = self._runtime
        return await next()


def services(context: AsyncBoltContext) -> Runtime:
    runtime = context[_KEY]
    assert isinstance(runtime, Runtime), "the Services middleware runs before every listener"
    return runtime
