"""Block Kit for /smm-feedback: items, coordination questions, the weekly roll-up, the form."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.feedback import Feedback, FeedbackStats, Question, Rollup, Vote
from bot.domain.feedback_command import KIND_EMOJI, FeedbackKind
from bot.domain.models import Department
from bot.i18n import Language, format_date, t
from bot.slack import ids
from bot.slack.blocks import (
    SECTION_LIMIT,
    Block,
    Message,
    block_button,
    block_header,
    block_section,
    block_sections,
    cap_blocks,
    clip,
    short_date,
    tally_text,
)


def _kind(lang: Language, kind: FeedbackKind) -> str:
    return t(lang, f"feedback.kind.{kind}")


def _when(lang: Language, moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{short_date(lang, local.date())} {local:%H:%M}"


def departments(lang: Language, chosen: tuple[Department, ...]) -> str:
    return ", ".join(t(lang, f"department.{d}") for d in chosen)


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def feedback_message(lang: Language, item: Feedback, zone: ZoneInfo) -> Message:
    """A compact post: kind, author, text (cut where Slack would), link; Taken / Done."""
    header = t(
        lang, "feedback.header", emoji=KIND_EMOJI[item.kind], kind=_kind(lang, item.kind),
        author=item.author,
    )  # fmt: skip
    if item.urgent:
        header = f"{header} · {t(lang, 'feedback.urgent')}"
    network = t(lang, f"network.{item.network or 'web'}")
    link = f"\n<{item.link}|{network}>" if item.link else ""
    room = SECTION_LIMIT - len(header) - len(link) - 2
    text = f"{header}\n{_clip_keep_lines(item.text, room)}{link}"
    blocks: list[Block] = [block_section(text)]
    states = []
    if item.taken_by and item.taken_at:
        states.append(
            t(lang, "feedback.taken", user=item.taken_by, time=_when(lang, item.taken_at, zone))
        )
    if item.done_by and item.done_at:
        states.append(
            t(lang, "feedback.done", user=item.done_by, time=_when(lang, item.done_at, zone))
        )
    if states:
        blocks.append(_context(" · ".join(states)))
    buttons = []
    if item.done_by is None:
        if item.taken_by is None:
            buttons.append(
                block_button(t(lang, "feedback.button.take"), ids.FEEDBACK_TAKE, str(item.id))
            )
        buttons.append(
            block_button(
                t(lang, "feedback.button.done"), ids.FEEDBACK_DONE, str(item.id), "primary"
            )
        )
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    return "\n".join([text, *states]), blocks


def _clip_keep_lines(text: str, limit: int) -> str:
    """Cut with an ellipsis where Slack would stop showing; line breaks are kept."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def question_message(lang: Language, question: Question, zone: ZoneInfo) -> Message:
    header = t(lang, "question.header", asker=question.asker)
    counts = tally_text(lang, question)
    text = f"{header}\n{clip(question.text, SECTION_LIMIT - len(header) - 2)}"
    blocks: list[Block] = [block_section(text)]
    if question.closed_at is None:
        blocks.append(_context(f"{counts}\n{t(lang, 'question.how')}"))
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    *(
                        block_button(
                            t(lang, f"question.button.{vote}"),
                            f"{ids.QUESTION_VOTE}{vote}",
                            str(question.id),
                        )
                        for vote in Vote
                    ),
                    block_button(
                        t(lang, "question.button.close"), ids.QUESTION_CLOSE, str(question.id)
                    ),
                ],
            }
        )
        return f"{text}\n{counts}", blocks
    closed = t(
        lang, "question.closed", user=question.asker, time=_when(lang, question.closed_at, zone)
    )
    blocks.append(_context(f"{counts}\n{closed}"))
    return f"{text}\n{counts}\n{closed}", blocks


def rollup_message(lang: Language, rollup: Rollup) -> Message:
    header = t(lang, "rollup.header", date=format_date(lang, rollup.week_end))
    blocks, text = [block_header(header)], [header]
    if not rollup.counts:
        blocks.append(block_section(t(lang, "rollup.none")))
        text.append(t(lang, "rollup.none"))
    else:
        lines = [
            "• " + t(lang, "rollup.count", emoji=KIND_EMOJI[kind], kind=_kind(lang, kind),
                     count=now, before=before)
            for kind, (now, before) in rollup.counts.items()
        ]  # fmt: skip
        blocks.extend(block_sections(t(lang, "rollup.counts"), lines))
        text.extend(["", t(lang, "rollup.counts"), *lines])
    if rollup.untaken:
        title = t(lang, "rollup.untaken", count=len(rollup.untaken))
        lines = [f"• #{i.id} {KIND_EMOJI[i.kind]} {clip(i.text)}" for i in rollup.untaken]
        blocks.extend(block_sections(title, lines))
        text.extend(["", title, *lines])
    for kind, items in rollup.items.items():
        title = f"{KIND_EMOJI[kind]} {_kind(lang, kind)}"
        lines = [f"• {clip(i.text, 200)} — <@{i.author}>" for i in items]
        blocks.extend(block_sections(title, lines))
        text.extend(["", title, *lines])
    return "\n".join(text), cap_blocks(blocks)


def feedback_list(lang: Language, days: int, items: list[Feedback]) -> str:
    if not items:
        return t(lang, "feedback.list.empty")
    lines = [f"*{t(lang, 'feedback.list.title', days=days)}*"]
    for item in reversed(items[-20:]):
        if item.done_by:
            state = t(lang, "feedback.state.done")
        elif item.taken_by:
            state = t(lang, "feedback.state.taken", user=item.taken_by)
        else:
            state = t(lang, "feedback.state.open")
        lines.append(
            "• " + t(lang, "feedback.list.line", id=item.id, emoji=KIND_EMOJI[item.kind],
                     text=clip(item.text), state=state)
        )  # fmt: skip
    return "\n".join(lines)


def feedback_stats(lang: Language, stats: FeedbackStats) -> str:
    lines = [
        f"*{t(lang, 'feedback.stats.title', days=stats.days)}*",
        t(lang, "feedback.stats.total", total=stats.total, urgent=stats.urgent,
          taken=stats.taken, done=stats.done),
    ]  # fmt: skip
    for kind, count in stats.per_kind.items():
        name = f"{KIND_EMOJI[kind]} {_kind(lang, kind)}"
        lines.append("• " + t(lang, "feedback.stats.line", name=name, count=count))
    for department, count in stats.per_department.items():
        name = t(lang, f"department.{department}")
        lines.append("• " + t(lang, "feedback.stats.line", name=name, count=count))
    return "\n".join(lines)


def feedback_form(lang: Language) -> Block:
    def option(text: str, value: str) -> Block:
        return {"text": {"type": "plain_text", "text": text}, "value": value}

    def field(block_id: str, label: str, element: Block, optional: bool = False) -> Block:
        return {
            "type": "input", "block_id": block_id, "optional": optional,
            "label": {"type": "plain_text", "text": label},
            "element": {**element, "action_id": "value"},
        }  # fmt: skip

    everyone = [option(t(lang, f"department.{d}"), d.value) for d in Department]
    everyone_box = {"type": "checkboxes", "options": everyone, "initial_options": everyone}
    urgent = [option(t(lang, "feedback.form.urgent"), "urgent")]
    urgent_box = {"type": "checkboxes", "options": urgent}
    kinds = [option(f"{KIND_EMOJI[k]} {_kind(lang, k)}", k.value) for k in FeedbackKind]
    select = {"type": "static_select", "options": kinds}
    text_box = {"type": "plain_text_input", "multiline": True}
    return {
        "type": "modal",
        "callback_id": ids.FEEDBACK_FORM,
        "title": {"type": "plain_text", "text": t(lang, "feedback.form.title")[:24]},
        "submit": {"type": "plain_text", "text": t(lang, "feedback.form.submit")},
        "close": {"type": "plain_text", "text": t(lang, "form.cancel")},
        "blocks": [
            field("kind", t(lang, "feedback.form.kind"), select),
            field("text", t(lang, "feedback.form.text"), text_box),
            field("link", t(lang, "feedback.form.link"), {"type": "url_text_input"}, optional=True),
            field("departments", t(lang, "feedback.form.departments"), everyone_box),
            field("urgent", t(lang, "feedback.form.urgent"), urgent_box, optional=True),
        ],
    }  # fmt: skip
