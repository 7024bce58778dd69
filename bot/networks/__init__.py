"""Connectors to the social networks: each turns what a network shows (a push to one of its
routes, a long poll, a feed) into SeenPost for the PostSink. They poll on the scheduler's
leader only; their routes (webhooks) answer on every replica, and the sink's unique keys keep
a post seen twice to one task."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Protocol

import aiohttp
from aiohttp import web

from bot.config import Settings
from bot.domain.model.networks import Network
from bot.domain.ports import Clock, PostSink, UnitOfWorkFactory
from bot.domain.services.vk import VkService
from bot.networks.feeds import FeedsConnector
from bot.networks.telegram import TelegramConnector
from bot.networks.vk import VkApi, VkConnector


class Connector(Protocol):
    name: str
    network: Network  # what it sees: the company is on that network (presence counts it)

    def routes(self) -> list[web.RouteDef]:
        """The HTTP endpoints it answers on the bot's server (a network's callback)."""
        ...

    async def run(self) -> None:
        """While this process leads: poll the network until cancelled (nothing to poll:
        return at once)."""
        ...


Serve = Callable[[Coroutine[Any, Any, Any], str], "asyncio.Task[Any]"]


class Connectors:
    """The configured connectors, polling while this process leads."""

    def __init__(self, connectors: Sequence[Connector], serve: Serve) -> None:
        self._connectors = connectors
        self._serve = serve  # Background.serve: no timeout, a failure reported
        self._running: list[asyncio.Task[Any]] = []

    @property
    def networks(self) -> frozenset[Network]:
        return frozenset(connector.network for connector in self._connectors)

    def routes(self) -> list[web.RouteDef]:
        return [route for connector in self._connectors for route in connector.routes()]

    def lead(self) -> None:
        if not self._running:
            self._running = [
                self._serve(connector.run(), f"connector {connector.name}")
                for connector in self._connectors
            ]

    async def step_down(self) -> None:
        running, self._running = self._running, []
        for task in running:
            task.cancel()
        if running:
            await asyncio.wait(running)


def configured(
    settings: Settings,
    http: aiohttp.ClientSession,
    posts: PostSink,
    clock: Clock,
    uow: UnitOfWorkFactory,
    *,
    vk: tuple[VkApi, VkService] | None = None,
) -> list[Connector]:
    """The connectors the settings configure, each given the runtime's one HTTP session, the
    sink for what it sees, the one clock and the database; none configured: today's bot.
    `vk`: VK's API client and the like verification, when VK is configured."""
    connectors: list[Connector] = []
    if vk is not None:
        connectors.append(VkConnector(settings, http, *vk, posts, clock))
    if settings.telegram_bot_token is not None and settings.telegram_channel is not None:
        connectors.append(
            TelegramConnector(
                token=settings.telegram_bot_token.get_secret_value(),
                channel=settings.telegram_channel,
                api_url=settings.telegram_api_url,
                webhook_url=settings.telegram_webhook_url,
                http=http,
                clock=clock,
                sink=posts,
            )
        )
    if settings.feeds:
        connectors.append(
            FeedsConnector(urls=settings.feeds, http=http, clock=clock, sink=posts, uow=uow)
        )
    return connectors
