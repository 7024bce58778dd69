"""The App Home tab: my quick tasks and today's check-in; for managers also open threats, open
questions and the last task's report."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.domain.home import Home
from bot.i18n import Language, t
from bot.slack.blocks import (
    Block,
    block_header,
    block_section,
    tally_text,
    threat_buttons,
    threat_line,
)
from bot.slack.task_blocks import task_dm, task_progress

MAX_ITEMS = 10  # per section: the tab allows 100 blocks


def home_view(lang: Language, home: Home, zone: ZoneInfo) -> Block:
    blocks: list[Block] = [block_header(t(lang, "home.my_tasks"))]
    if not home.my_tasks:
        blocks.append(block_section(t(lang, "home.no_tasks")))
    for task, assignment in home.my_tasks[:MAX_ITEMS]:
        blocks.extend(task_dm(lang, task, assignment, zone)[1])

    blocks.append(block_header(t(lang, "home.checkin")))
    lines = []
    for department, answered in home.checkin.items():
        name = t(lang, f"department.{department}")
        state = "none" if answered is None else ("answered" if answered else "waiting")
        lines.append(t(lang, f"home.checkin.{state}", department=name))
    blocks.append(block_section("\n".join(lines)))

    if home.manager:
        blocks.append(block_header(t(lang, "briefing.threats")))
        if not home.threats:
            blocks.append(block_section(t(lang, "home.none")))
        for threat in home.threats[:MAX_ITEMS]:
            blocks.append(block_section(threat_line(lang, threat, home.day)))
            blocks.append(threat_buttons(lang, threat))
        blocks.append(block_header(t(lang, "briefing.questions")))
        questions = [f"• {q.text} · {tally_text(lang, q)}" for q in home.questions[:MAX_ITEMS]]
        blocks.append(block_section("\n".join(questions) or t(lang, "home.none")))
        if home.last_task is not None:
            blocks.append(block_header(t(lang, "home.last_task")))
            blocks.extend(task_progress(lang, home.last_task, home.now)[1])
    return {"type": "home", "blocks": blocks}
