"""The App Home tab: my quick tasks and today's check-in; for managers also open threats, open
questions and the last task's report. Each list shows its first MAX_ITEMS and how many more,
each line is clipped, so the tab stays within its 100 blocks."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.domain.model.home import Home
from bot.i18n import Language, t
from bot.slack.kit import Block, header, listed, section
from bot.slack.mrkdwn import Mrkdwn, clip, join, md
from bot.slack.views.feedback import tally_text
from bot.slack.views.questions import home_questions
from bot.slack.views.tasks import HOME_NAMES, task_dm, task_progress
from bot.slack.views.threats import threat_buttons, threat_line
from bot.slack.views.vk import home_vk

MAX_ITEMS = 10  # per list: the tab allows 100 blocks
LINE = 300  # characters of a person's text shown on one line


def _more(lang: Language, shown: int, total: int) -> list[Block]:
    return [section(md(lang, "list.more", count=total - shown))] if total > shown else []


def home_view(lang: Language, home: Home, zone: ZoneInfo, note: Mrkdwn | None = None) -> Block:
    """The tab; `note`, a line at its top, says what came of what the person just did."""
    blocks: list[Block] = [section(note)] if note else []
    blocks.append(header(t(lang, "home.my_tasks")))
    if not home.my_tasks:
        blocks.append(section(md(lang, "home.no_tasks")))
    for task, assignment in home.my_tasks[:MAX_ITEMS]:
        blocks.extend(task_dm(lang, task, assignment, zone).blocks)
    blocks.extend(_more(lang, MAX_ITEMS, len(home.my_tasks)))

    blocks.append(header(t(lang, "home.checkin")))
    lines = []
    for department, answered in home.checkin.items():
        name = t(lang, f"department.{department}")
        state = "none" if answered is None else ("answered" if answered else "waiting")
        lines.append(md(lang, f"home.checkin.{state}", department=name))
    blocks.append(section(join("\n", lines)))
    if home.vk:
        blocks.extend(home_vk(lang, home.vk_link))

    if home.manager:
        blocks.append(header(t(lang, "briefing.threats")))
        if not home.threats:
            blocks.append(section(md(lang, "home.none")))
        for threat in home.threats[:MAX_ITEMS]:
            blocks.append(section(threat_line(lang, threat, home.day, clip(threat.text, LINE))))
            blocks.append(threat_buttons(lang, threat))
        blocks.extend(_more(lang, MAX_ITEMS, len(home.threats)))
        blocks.append(header(t(lang, "briefing.questions")))
        questions = [
            Mrkdwn(f"• {clip(q.text, LINE)} · {tally_text(lang, q)}")
            for q in home.questions[:MAX_ITEMS]
        ]
        if len(home.questions) > MAX_ITEMS:
            questions.append(md(lang, "list.more", count=len(home.questions) - MAX_ITEMS))
        blocks.extend(listed(questions) or [section(md(lang, "home.none"))])
        blocks.extend(home_questions(lang, home.question_sets))
        if home.last_task is not None:
            blocks.append(header(t(lang, "home.last_task")))
            report = task_progress(lang, home.last_task, home.now, HOME_NAMES)
            blocks.extend(report.blocks)
    return {"type": "home", "blocks": blocks}
