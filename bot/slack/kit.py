"""Block Kit within Slack's limits: the blocks every builder uses, and `Pages`, which lays a
long message out into as many messages as it needs (the first posted, the rest in its thread).

Slack refuses a message of more than 50 blocks, and (undocumented: slackapi/bolt-js #2509,
#2867) one whose blocks hold more than about 12,000 characters; a section takes 3,000
characters, a header 150, a button's text 75 and its value 2,000. slack_sdk's block classes
check those when a block is built here, so a builder's mistake fails in the tests, not in Slack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.i18n import Language
from bot.slack.mrkdwn import Mrkdwn, join, md, split

Block = dict[str, Any]

SECTION_LIMIT = 3000  # characters in a section's text
HEADER_LIMIT = 150  # characters in a header
MESSAGE_BLOCKS = 50  # blocks in a message
VIEW_BLOCKS = 100  # blocks in a modal or the Home tab
# Characters of text in one message's blocks: Slack's limit is about 12,000 and counts some of
# the blocks' own structure too, so the bot stays well below it.
MESSAGE_CHARS = 10_000
SUMMARY_LIMIT = 150  # characters of a message's top-level text: a notification, not a copy
RESPONSE_URL_REPLIES = 5  # messages a command's response_url takes (within 30 minutes)


@dataclass(frozen=True)
class Message:
    """A message as Slack takes it: `text` is the notification summary, `blocks` the message,
    `thread` the messages that continue it in its thread. `continues`: an earlier version may
    have had a continuation, so an update brings the thread in line."""

    text: Mrkdwn
    blocks: list[Block]
    thread: tuple[list[Block], ...] = ()
    continues: bool = False

    @property
    def pages(self) -> list[list[Block]]:
        """The message's blocks, then each continuation's."""
        return [self.blocks, *self.thread]


def section(text: Mrkdwn, block_id: str | None = None) -> Block:
    block: Block = SectionBlock(text=MarkdownTextObject(text=text), block_id=block_id).to_dict()
    return block


def sections(text: Mrkdwn) -> list[Block]:
    """As many sections as the text needs."""
    return [section(piece) for piece in split(text, SECTION_LIMIT)]


def listed(lines: list[Mrkdwn]) -> list[Block]:
    """Lines in as few sections as the 3,000-character limit allows; a line too long for one
    section goes on over the next ones."""
    chunks: list[Mrkdwn] = []
    for line in lines:
        for piece in split(line, SECTION_LIMIT):
            if chunks and len(chunks[-1]) + 1 + len(piece) <= SECTION_LIMIT:
                chunks[-1] = join("\n", [chunks[-1], piece])
            else:
                chunks.append(piece)
    return [section(chunk) for chunk in chunks]


def titled(title: Mrkdwn, lines: list[Mrkdwn]) -> list[Block]:
    """A titled list (see `listed`)."""
    return listed([Mrkdwn(f"*{title}*"), *lines])


def header(text: str) -> Block:
    clipped = text if len(text) <= HEADER_LIMIT else text[: HEADER_LIMIT - 1] + "…"
    block: Block = HeaderBlock(text=PlainTextObject(text=clipped, emoji=True)).to_dict()
    return block


def context(text: Mrkdwn) -> Block:
    block: Block = ContextBlock(elements=[MarkdownTextObject(text=text)]).to_dict()
    return block


def button(text: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(text=text, action_id=action_id, value=value, style=style)


def actions(*buttons: ButtonElement, block_id: str | None = None) -> Block:
    block: Block = ActionsBlock(elements=list(buttons), block_id=block_id).to_dict()
    return block


def text_size(value: Any) -> int:
    """Characters of text in a block (every `text` string in it)."""
    if isinstance(value, dict):
        return sum(
            len(item) if key == "text" and isinstance(item, str) else text_size(item)
            for key, item in value.items()
        )
    if isinstance(value, list):
        return sum(text_size(item) for item in value)
    return 0


def summary(text: str) -> Mrkdwn:
    """A notification line from mrkdwn: its first line, cut at a space to SUMMARY_LIMIT."""
    line = text.split("\n", 1)[0]
    if len(line) > SUMMARY_LIMIT:
        line = split(Mrkdwn(line), SUMMARY_LIMIT - 1)[0] + "…"
    return Mrkdwn(line)


class Pages:
    """Blocks in reading order, laid out into messages: one ends where the next blocks would
    pass MESSAGE_BLOCKS (one left for the note on where it goes on) or MESSAGE_CHARS."""

    def __init__(self, lang: Language) -> None:
        self._lang = lang
        self._pages: list[list[Block]] = [[]]
        self._chars = 0

    def add(self, *blocks: Block) -> None:
        """Blocks read together (a threat and its buttons) stay in one message if they fit in
        one at all."""
        size = sum(text_size(block) for block in blocks)
        if len(blocks) > MESSAGE_BLOCKS - 2 or size > MESSAGE_CHARS:
            for block in blocks:
                self.add(block)
            return
        page = self._pages[-1]
        if page and (
            len(page) + len(blocks) > MESSAGE_BLOCKS - 1 or self._chars + size > MESSAGE_CHARS
        ):
            page, self._chars = [], 0
            self._pages.append(page)
        page.extend(blocks)
        self._chars += size

    def message(self, text: Mrkdwn, *, continues: bool = False) -> Message:
        first, *rest = self._pages
        if not rest:
            return Message(text, first, (), continues)
        parts = len(self._pages)
        note = context(md(self._lang, "message.continued", count=len(rest)))
        thread = tuple(
            [context(md(self._lang, "message.part", part=number, parts=parts)), *page]
            for number, page in enumerate(rest, start=2)
        )
        return Message(text, [*first, note], thread, continues)

    def in_order(self, text: Mrkdwn, most: int) -> list[Message]:
        """The pages as messages one after another, for an answer that has no thread (an
        ephemeral one): at most `most`, the first saying how many follow (and how many parts
        did not fit), each after it numbered."""
        first, *rest = self._pages[:most]
        if not rest:
            return [Message(text, first)]
        parts, left_out = len(rest) + 1, len(self._pages) - most
        notes = [md(self._lang, "message.below", count=len(rest))]
        if left_out > 0:
            notes.append(md(self._lang, "message.left_out", count=left_out))
        return [
            Message(text, [*first, context(join(" ", notes))]),
            *(
                Message(text, [context(md(self._lang, "message.part", part=number, parts=parts)),
                               *page])
                for number, page in enumerate(rest, start=2)
            ),
        ]  # fmt: skip


_BOLD_LINE = re.compile(r"\*([^*\n]+)\*")


def readable(blocks: list[Block]) -> str:
    """Blocks as plain lines for a terminal: the title before each titled list (a blank line
    before it after the first), entities (`&lt;`) shown as the characters they stand for."""
    lines: list[str] = []
    for block in blocks:
        if block["type"] == "header":
            lines.append(block["text"]["text"])
        elif block["type"] in ("section", "context"):
            texts = [block["text"]] if block["type"] == "section" else block["elements"]
            text = "\n".join(element["text"] for element in texts)
            first, _, rest = text.partition("\n")
            if (title := _BOLD_LINE.fullmatch(first)) is not None:
                gap = [""] if lines else []  # a blank line between lists, none on top
                lines.extend([*gap, title[1], *([rest] if rest else [])])
            else:
                lines.append(text)
    return "\n".join(lines).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
