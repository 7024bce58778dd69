"""What the services and parsers refuse, and what the ports may raise."""

from __future__ import annotations


class TaskInputError(ValueError):
    """Bad input; `key` names a message in the bot's catalogue, `params` fill its placeholders."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params


class FeedbackInputError(TaskInputError):
    """Bad feedback input: a `key` in the bot's catalogue and `params`, as in TaskInputError."""


class HiddenChannel(LookupError):
    """The bot cannot see the channel: private and the bot not in it (or no such channel)."""

    def __init__(self, channel: str) -> None:
        super().__init__(channel)
        self.channel = channel


class OutcomeUnknown(Exception):
    """Slack may or may not have the post, and asking it failed too: the claim stays, and a
    later run looks the post up again before anything is posted."""
