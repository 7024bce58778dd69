"""What a request from Slack must look like before Bolt and the listeners index into it.

Real Slack always sends these shapes; a signed request without them (forged with a leaked
secret, or broken on the way) is answered 400 and goes no further, rather than failing halfway
with a 500 that Slack would retry.
"""

from __future__ import annotations

import re
from typing import Any

# What parsing a body Slack would never send can raise: bad UTF-8 or JSON, JSON nested past
# the recursion limit, `payload=[1]`, a `user` that is a string…
MALFORMED = (ValueError, RecursionError, LookupError, TypeError, AttributeError)

_ID = re.compile(r"[1-9][0-9]{0,17}")  # a database id, as our buttons carry it (< 2**63)


def _has(container: Any, *keys: str) -> bool:
    return isinstance(container, dict) and all(isinstance(container.get(k), str) for k in keys)


def _state_values(view: Any) -> bool:
    """A submitted view's `state.values`: block id → action id → the input's value object."""
    state = view.get("state") if isinstance(view, dict) else None
    values = state.get("values") if isinstance(state, dict) else None
    return isinstance(values, dict) and all(
        isinstance(block, dict) and all(isinstance(field, dict) for field in block.values())
        for block in values.values()
    )


def well_formed(body: dict[str, Any]) -> bool:
    kind = body.get("type")
    if kind == "event_callback":
        return _has(body.get("event"), "type")
    if kind == "block_actions":
        actions = body.get("actions")
        return (
            _has(body.get("user"), "id")
            and _has(body, "trigger_id")
            and isinstance(body.get("container"), dict)
            and isinstance(actions, list)
            and bool(actions)
            and all(_has(action, "action_id") for action in actions)
        )
    if kind == "view_submission":
        view = body.get("view")
        return (
            _has(body.get("user"), "id")
            and _has(view, "id", "type", "callback_id")
            and _state_values(view)
        )
    if "command" in body:
        return _has(body, "command", "user_id", "trigger_id")
    return True


def button_id(action: dict[str, Any]) -> int | None:
    """The database id one of our buttons carries as its value; None for a value we never set."""
    value = action.get("value")
    return int(value) if isinstance(value, str) and _ID.fullmatch(value) else None
