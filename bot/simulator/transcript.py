"""What people would read in Slack, rebuilt from the calls the simulator received: lines for a
terminal, and a page of HTML."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.i18n import Language, t
from bot.simulator.web_api import BOT_USER_ID, Call, FakeSlack

BOT_NAME = "SMM Pulse"

# The emoji our messages use, as a terminal or a browser shows them.
EMOJI = {
    "white_check_mark": "✅", "rotating_light": "🚨", "speech_balloon": "💬",
    "no_entry_sign": "🚫", "hourglass": "⏳", "heavy_minus_sign": "➖",
    "spiral_calendar_pad": "🗓️", "red_circle": "🔴", "rage": "😡", "question": "❓",
    "palm_tree": "🌴", "no_entry": "⛔", "memo": "📝", "house_with_garden": "🏡", "heart": "❤️",
    "face_with_thermometer": "🤒", "detective": "🕵️", "car": "🚗", "bus": "🚌", "bulb": "💡",
    "airplane": "✈️", "thumbsup": "👍", "tada": "🎉", "link": "🔗", "zap": "⚡",
}  # fmt: skip
_EMOJI = re.compile(r":([a-z0-9_+-]+):")
_ENTITY = re.compile(r"<([^<>]+)>")  # <@U…>, <#C…|name>, <!here>, <https://…|label>
_BOLD = re.compile(r"(?<![\w*])\*(\S(?:[^*\n]*?\S)?)\*(?![\w*])")
_CODE = re.compile(r"`([^`\n]+)`")


class Kind(StrEnum):
    NARRATION = "narration"
    OUTCOME = "outcome"  # what a scene came to, when no message shows it
    PERSON = "person"  # a person's message, sent as a signed event
    MESSAGE = "message"  # the bot's message
    UPDATE = "update"  # the bot edited one of its messages
    EPHEMERAL = "ephemeral"  # seen by one person only
    NETWORK = "network"  # what someone does on a social network (`where`: the network)


@dataclass(frozen=True)
class Entry:
    kind: Kind
    text: str  # Slack mrkdwn
    where: str = ""  # a channel id or a user id (a DM)
    author: str = BOT_USER_ID
    thread: bool = False
    viewer: str = ""  # who alone sees an ephemeral message
    buttons: tuple[str, ...] = ()
    files: tuple[tuple[str, bytes], ...] = ()  # (title, content) of files shared with it


def message_text(args: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """A message's blocks as the text a reader sees, and its buttons (the fallback text when
    there are no blocks)."""
    blocks = args.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        return str(args.get("text", "")), ()
    lines: list[str] = []
    buttons: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(f"*{block['text']['text']}*")
        elif kind == "section":
            if "text" in block:
                lines.append(block["text"]["text"])
            lines.extend(field["text"] for field in block.get("fields", []))
        elif kind == "context":
            lines.append(" · ".join(e.get("text", "") for e in block.get("elements", [])))
        elif kind == "divider":
            lines.append("—" * 8)
        elif kind == "actions":
            buttons += [e["text"]["text"] for e in block["elements"] if e.get("type") == "button"]
    return "\n".join(lines), tuple(buttons)


class Transcript:
    """The day as people saw it, entry by entry; `follow()` turns the calls the simulator
    received since the last look into entries."""

    def __init__(self, slack: FakeSlack, lang: Language, echo: Callable[[str], None]) -> None:
        self.entries: list[Entry] = []
        self._slack, self._lang, self._echo = slack, lang, echo
        self._seen = 0

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self._echo(self.render(entry))

    def follow(self) -> None:
        calls, self._seen = self._slack.calls[self._seen :], len(self._slack.calls)
        for call in calls:
            if (entry := self._entry(call)) is not None:
                self.add(entry)

    def _entry(self, call: Call) -> Entry | None:
        if call.failed or not (call.response or {}).get("ok"):
            return None
        args = call.args
        text, buttons = message_text(args)
        thread = bool(args.get("thread_ts"))
        where = str(args.get("channel", ""))
        if call.method == "chat.postMessage":
            return Entry(Kind.MESSAGE, text, where, thread=thread, buttons=buttons)
        if call.method == "chat.update":
            return Entry(Kind.UPDATE, text, where, buttons=buttons)
        if call.method == "files.completeUploadExternal":
            files = tuple(
                (str(f.get("title", "")), self._slack.uploads[f["id"]]) for f in args["files"]
            )
            text = str(args.get("initial_comment", ""))
            return Entry(Kind.MESSAGE, text, str(args.get("channel_id", "")), files=files)
        if call.method in ("chat.postEphemeral", "response_url"):
            viewer = str(args.get("user", ""))
            return Entry(Kind.EPHEMERAL, text, where, viewer=viewer, thread=thread, buttons=buttons)
        return None  # reads, the App Home, modals: not messages anyone reads in a channel

    # ------------------------------------------------------------------ names

    def name(self, user: str) -> str:
        if user == BOT_USER_ID:
            return BOT_NAME
        for person in self._slack.users:
            if person.get("id") == user:
                profile = person.get("profile", {})
                return str(profile.get("display_name") or person.get("real_name") or user)
        return user

    def place(self, entry: Entry) -> str:
        if entry.kind is Kind.NETWORK:
            return t(self._lang, f"network.{entry.where}")
        if entry.where[:1] in ("U", "W", "D"):
            return t(self._lang, "demo.dm", name=self.name("U" + entry.where[1:]))
        name = self._slack.channels.get(entry.where, {}).get("name", entry.where)
        return f"#{name} › {t(self._lang, 'demo.thread')}" if entry.thread else f"#{name}"

    def heading(self, entry: Entry) -> str:
        head = f"{self.place(entry)} · {self.name(entry.author)}"
        if entry.kind is Kind.UPDATE:
            head += f" ({t(self._lang, 'demo.updated')})"
        if entry.kind is Kind.EPHEMERAL:
            head += f" ({t(self._lang, 'demo.only_you', name=self.name(entry.viewer))})"
        return head

    def _resolve(
        self, text: str, link: Callable[[str, str], str], plain: Callable[[str], str]
    ) -> str:
        """Mentions and channels by name, links through `link(url, label)`, the rest through
        `plain` (Slack escapes &, < and > in message text)."""
        out, last = [], 0
        for match in _ENTITY.finditer(text):
            out.append(plain(text[last : match.start()]))
            target, _, label = match[1].partition("|")
            if target.startswith("@"):
                out.append(plain("@" + self.name(target[1:])))
            elif target.startswith("#"):
                name = label or self._slack.channels.get(target[1:], {}).get("name", target[1:])
                out.append(plain("#" + name))
            elif target.startswith("!"):
                out.append(plain(label or "@" + target[1:].split("^")[0]))
            else:  # the url and label are mrkdwn too: `&amp;` in them is `&`
                out.append(link(html.unescape(target), html.unescape(label or target)))
            last = match.end()
        out.append(plain(text[last:]))
        return _EMOJI.sub(lambda m: EMOJI.get(m[1], m[0]), "".join(out))

    # ------------------------------------------------------------------ terminal

    def render(self, entry: Entry) -> str:
        if entry.kind is Kind.NARRATION:
            return f"\n▶ {entry.text}\n"
        if entry.kind is Kind.OUTCOME:
            return f"→ {entry.text}"

        def link(url: str, label: str) -> str:
            return url if label == url else f"{label} ({url})"

        body = _BOLD.sub(r"\1", self._resolve(entry.text, link, html.unescape))
        buttons = "  ".join(f"[ {b} ]" for b in entry.buttons)
        lines = [f"┌ {self.heading(entry)}", *(f"│ {line}" for line in body.splitlines())]
        lines += [
            "│ " + t(self._lang, "demo.file", title=title, size=max(1, len(data) // 1024))
            for title, data in entry.files
        ]
        if buttons:
            lines.append(f"│ {buttons}")
        return "\n".join(lines)

    # ------------------------------------------------------------------ HTML

    def html(self) -> str:
        def link(url: str, label: str) -> str:
            return f'<a href="{html.escape(url)}">{html.escape(label)}</a>'

        def plain(text: str) -> str:
            return html.escape(html.unescape(text))

        parts = []
        for entry in self.entries:
            if entry.kind is Kind.NARRATION:
                parts.append(f"<h2>{html.escape(entry.text)}</h2>")
                continue
            if entry.kind is Kind.OUTCOME:
                parts.append(f"<p class=outcome>→ {html.escape(entry.text)}</p>")
                continue
            body = _BOLD.sub(r"<b>\1</b>", self._resolve(entry.text, link, plain))
            body = _CODE.sub(r"<code>\1</code>", body)
            buttons = "".join(f"<span class=button>{html.escape(b)}</span>" for b in entry.buttons)
            body += "".join(
                f'<br><img alt="{html.escape(title)}" src="data:image/png;base64,'
                f'{base64.b64encode(content).decode()}">'
                for title, content in entry.files
            )
            parts.append(
                f'<div class="{entry.kind}"><div class=head>{html.escape(self.heading(entry))}'
                f"</div><div class=body>{body.replace(chr(10), '<br>')}</div>"
                f"{f'<div>{buttons}</div>' if buttons else ''}</div>"
            )
        title = html.escape(t(self._lang, "demo.title"))
        return PAGE.format(lang=self._lang, title=title, body="\n".join(parts))


PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title><style>
body {{ font: 15px/1.45 -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 760px;
  margin: 2em auto; color: #1d1c1d; }}
h2 {{ font-size: 15px; color: #616061; margin: 1.6em 0 .4em; }}
div.message, div.update, div.ephemeral, div.person, div.network {{ border-left: 4px solid #e8e8e8;
  padding: .3em .8em; margin: .5em 0; }}
div.message {{ border-color: #611f69; }} div.update {{ border-color: #c5a3c9; }}
div.ephemeral {{ border-color: #e8912d; background: #fdf6ee; }}
div.person {{ border-color: #2bac76; }} div.network {{ border-color: #0077ff; }}
p.outcome {{ color: #616061; font-style: italic; }}
img {{ max-width: 100%; margin-top: .4em; }}
.head {{ font-weight: bold; font-size: 13px; color: #616061; }}
.button {{ display: inline-block; border: 1px solid #bbb; border-radius: 4px;
  padding: 0 .7em; margin: .3em .4em 0 0; font-size: 13px; }}
</style></head><body><h1>{title}</h1>
{body}
</body></html>
"""
