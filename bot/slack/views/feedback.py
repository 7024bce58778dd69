"""Block Kit for /smm-feedback: items, coordination questions, the weekly roll-up, the form."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.model.common import Department
from bot.domain.model.feedback import (
    KIND_EMOJI,
    Feedback,
    FeedbackCounts,
    FeedbackKind,
    Question,
    Rollup,
    Vote,
)
from bot.i18n import Language, format_date, short_date, t
from bot.slack import ids
from bot.slack.kit import (
    SECTION_LIMIT,
    Block,
    Message,
    Pages,
    actions,
    button,
    context,
    header,
    section,
    summary,
    titled,
)
from bot.slack.mrkdwn import Mrkdwn, clip, fit, join, link, md, mention
from bot.slack.views.presence import cadence_line


def _kind(lang: Language, kind: FeedbackKind) -> str:
    return t(lang, f"feedback.kind.{kind}")


def _when(lang: Language, moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{short_date(lang, local.date())} {local:%H:%M}"


def departments(lang: Language, chosen: tuple[Department, ...]) -> str:
    return ", ".join(t(lang, f"department.{d}") for d in chosen)


def tally_text(lang: Language, question: Question) -> Mrkdwn:
    tally = question.tally()
    return md(
        lang, "question.tally", yes=tally[Vote.YES], no=tally[Vote.NO],
        discuss=tally[Vote.DISCUSS], comments=question.comments,
    )  # fmt: skip


def feedback_message(lang: Language, item: Feedback, zone: ZoneInfo) -> Message:
    """A compact post: kind, author, text (cut where Slack would), link; Taken / Done."""
    title = md(
        lang, "feedback.header", emoji=KIND_EMOJI[item.kind], kind=_kind(lang, item.kind),
        author=item.author,
    )  # fmt: skip
    if item.urgent:
        title = Mrkdwn(f"{title} · {md(lang, 'feedback.urgent')}")
    network = md(lang, f"network.{item.network or 'web'}")
    url = f"\n{link(item.link, network)}" if item.link else ""
    room = SECTION_LIMIT - len(title) - len(url) - 1
    blocks: list[Block] = [section(Mrkdwn(f"{title}\n{fit(item.text, room)}{url}"))]
    states = []
    if item.taken_by and item.taken_at:
        states.append(
            md(lang, "feedback.taken", user=item.taken_by, time=_when(lang, item.taken_at, zone))
        )
    if item.done_by and item.done_at:
        states.append(
            md(lang, "feedback.done", user=item.done_by, time=_when(lang, item.done_at, zone))
        )
    if states:
        blocks.append(context(join(" · ", states)))
    buttons = []
    if item.done_by is None:
        if item.taken_by is None:
            buttons.append(button(t(lang, "feedback.button.take"), ids.FEEDBACK_TAKE, str(item.id)))
        buttons.append(
            button(t(lang, "feedback.button.done"), ids.FEEDBACK_DONE, str(item.id), "primary")
        )
    if buttons:
        blocks.append(actions(*buttons))
    return Message(summary(f"{title}: {clip(item.text, 100)}"), blocks)


def question_message(lang: Language, question: Question, zone: ZoneInfo) -> Message:
    title = md(lang, "question.header", asker=question.asker)
    counts = tally_text(lang, question)
    text = Mrkdwn(f"{title}\n{fit(question.text, SECTION_LIMIT - len(title) - 1)}")
    blocks: list[Block] = [section(text)]
    if question.closed_at is None:
        blocks.append(context(Mrkdwn(f"{counts}\n{md(lang, 'question.how')}")))
        blocks.append(
            actions(
                *(
                    button(
                        t(lang, f"question.button.{vote}"),
                        f"{ids.QUESTION_VOTE}{vote}",
                        str(question.id),
                    )
                    for vote in Vote
                ),
                button(t(lang, "question.button.close"), ids.QUESTION_CLOSE, str(question.id)),
            )
        )
    else:
        closed = md(
            lang, "question.closed", user=question.asker,
            time=_when(lang, question.closed_at, zone),
        )  # fmt: skip
        blocks.append(context(Mrkdwn(f"{counts}\n{closed}")))
    return Message(summary(f"{title} {clip(question.text, 100)}"), blocks)


def rollup_message(lang: Language, rollup: Rollup) -> Message:
    title = t(lang, "rollup.header", date=format_date(lang, rollup.week_end))
    pages = Pages(lang)
    pages.add(header(title))
    if not rollup.counts:
        pages.add(section(md(lang, "rollup.none")))
    else:
        lines = [
            Mrkdwn("• " + md(lang, "rollup.count", emoji=KIND_EMOJI[kind], kind=_kind(lang, kind),
                             count=now, before=before))
            for kind, (now, before) in rollup.counts.items()
        ]  # fmt: skip
        for block in titled(md(lang, "rollup.counts"), lines):
            pages.add(block)
    if rollup.untaken:
        lines = [Mrkdwn(f"• #{i.id} {KIND_EMOJI[i.kind]} {clip(i.text)}") for i in rollup.untaken]
        for block in titled(md(lang, "rollup.untaken", count=len(rollup.untaken)), lines):
            pages.add(block)
    if rollup.cadence:
        lines = [Mrkdwn(f"• {cadence_line(lang, entry)}") for entry in rollup.cadence]
        for block in titled(md(lang, "presence.cadence"), lines):
            pages.add(block)
    for kind, items in rollup.items.items():
        lines = [Mrkdwn(f"• {clip(i.text, 200)} — {mention(i.author)}") for i in items]
        for block in titled(
            Mrkdwn(f"{KIND_EMOJI[kind]} {md(lang, f'feedback.kind.{kind}')}"), lines
        ):
            pages.add(block)
    return pages.message(summary(title))


def feedback_list(lang: Language, days: int, items: list[Feedback]) -> Mrkdwn:
    if not items:
        return md(lang, "feedback.list.empty")
    lines = [Mrkdwn(f"*{md(lang, 'feedback.list.title', days=days)}*")]
    for item in reversed(items[-20:]):
        if item.done_by:
            state = md(lang, "feedback.state.done")
        elif item.taken_by:
            state = md(lang, "feedback.state.taken", user=item.taken_by)
        else:
            state = md(lang, "feedback.state.open")
        lines.append(
            Mrkdwn("• " + md(lang, "feedback.list.line", id=item.id, emoji=KIND_EMOJI[item.kind],
                             text=clip(item.text), state=state))
        )  # fmt: skip
    return join("\n", lines)


def feedback_stats(lang: Language, stats: FeedbackCounts) -> Mrkdwn:
    lines = [
        Mrkdwn(f"*{md(lang, 'feedback.stats.title', days=stats.days)}*"),
        md(lang, "feedback.stats.total", total=stats.total, urgent=stats.urgent,
           taken=stats.taken, done=stats.done),
    ]  # fmt: skip
    for kind, count in stats.per_kind.items():
        name = f"{KIND_EMOJI[kind]} {_kind(lang, kind)}"
        lines.append(Mrkdwn("• " + md(lang, "feedback.stats.line", name=name, count=count)))
    for department, count in stats.per_department.items():
        name = t(lang, f"department.{department}")
        lines.append(Mrkdwn("• " + md(lang, "feedback.stats.line", name=name, count=count)))
    return join("\n", lines)


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
