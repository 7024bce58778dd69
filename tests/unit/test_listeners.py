"""The listeners are registered in one place: every listener function under
bot/slack/listeners/<kind>/ is registered by listeners.register(app), and nothing else is."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from slack_bolt.async_app import AsyncApp

import bot.slack.listeners as package
from bot.slack import listeners


def defined() -> set[object]:
    """The `on_*` coroutine functions of every module under listeners/<kind>/."""
    found: set[object] = set()
    for module_info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (
                name.startswith("on_")
                and inspect.iscoroutinefunction(value)
                and value.__module__ == module.__name__
            ):
                found.add(value)
    return found


async def test_every_listener_is_registered_in_one_place() -> None:
    app = AsyncApp(token="xoxb-test", signing_secret="secret")  # no request: no auth.test
    listeners.register(app)
    registered = {listener.ack_function for listener in app._async_listeners}
    assert registered == defined()
