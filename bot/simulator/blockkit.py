"""What Slack refuses in Block Kit, as the simulator's gate for messages and views.

slack_sdk's models know most documented limits (section text 3,000, header 150, button text 75
and value 2,000, 25 elements in an actions block, views' 100 blocks and 24-character titles):
every block is parsed into them and validated. Added here is what they leave out: a message's
50 blocks, unique block_ids and action_ids, fields of at most 2,000 characters, no empty text,
and the undocumented `msg_blocks_too_long` once a message's block text passes about 12,000
characters (slackapi/bolt-js #2509, #2867).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MESSAGE_BLOCKS = 50
MESSAGE_BLOCK_TEXT = 12_000  # characters of text over all blocks; more is msg_blocks_too_long
FIELD_TEXT = 2_000
TEXT_OBJECTS = ("plain_text", "mrkdwn")


def message_refusal(blocks: Any) -> dict[str, Any] | None:
    """Slack's error body for a message's `blocks`, or None when Slack would take them."""
    if blocks is None or blocks == "":
        return None
    problems = _problems(blocks, MESSAGE_BLOCKS)
    if problems:
        return {"ok": False, "error": "invalid_blocks", "errors": problems}
    if sum(len(text) for text in _texts(blocks)) > MESSAGE_BLOCK_TEXT:
        return {"ok": False, "error": "msg_blocks_too_long"}
    return None


def view_refusal(view: Any) -> dict[str, Any] | None:
    """Slack's error body for a modal or Home tab view, or None when Slack would take it."""
    if not isinstance(view, dict):
        return _invalid_view(["view must be an object"])
    try:
        View(**view).to_dict()  # the title/submit/close/blocks limits of views
    except (SlackObjectFormationError, TypeError) as error:
        return _invalid_view([str(error)])
    problems = _problems(view.get("blocks") or [], View.blocks_max_length)
    return _invalid_view(problems) if problems else None


def _invalid_view(problems: list[str]) -> dict[str, Any]:
    return {
        "ok": False,
        "error": "invalid_arguments",
        "response_metadata": {"messages": [f"[ERROR] {p}" for p in problems]},
    }


def _problems(blocks: Any, most: int) -> list[str]:
    if not isinstance(blocks, list):
        return ["blocks must be an array [json-pointer:/blocks]"]
    problems = []
    if len(blocks) > most:
        problems.append(f"no more than {most} items allowed [json-pointer:/blocks]")
    block_ids: set[str] = set()
    for index, block in enumerate(blocks):
        where = f"[json-pointer:/blocks/{index}]"
        problem = _block_problem(block)
        if problem is not None:
            problems.append(f"{problem} {where}")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if block_id in block_ids:
                problems.append(f"duplicate block_id {block_id!r} {where}")
            block_ids.add(block_id)
    return problems


def _block_problem(block: Any) -> str | None:
    if not isinstance(block, dict):
        return "must be an object"
    try:
        parsed = Block.parse(block)
        if parsed is None:
            return f"unsupported type {block.get('type')!r}"
        parsed.to_dict()  # validates the block and its elements against Slack's limits
    except (SlackObjectFormationError, TypeError, AttributeError) as error:
        return str(error)
    for field in block.get("fields") or []:
        if len(str(field.get("text", ""))) > FIELD_TEXT:
            return f"a field must be no more than {FIELD_TEXT} characters"
    if any(not text for text in _texts([block])):
        return "text must be more than 0 characters"
    action_ids = [e.get("action_id") for e in block.get("elements") or [] if isinstance(e, dict)]
    named = [a for a in action_ids if a is not None]
    if len(named) != len(set(named)):
        return "action_id must be unique in its block"
    return None


def _texts(node: Any) -> Iterator[str]:
    """Every text object's text, at any depth (sections, fields, context, buttons…)."""
    if isinstance(node, list):
        for item in node:
            yield from _texts(item)
    elif isinstance(node, dict):
        if node.get("type") in TEXT_OBJECTS and "text" in node:
            yield str(node["text"])
            return
        for value in node.values():
            yield from _texts(value)
