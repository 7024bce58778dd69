"""Questions as data: a QUESTIONS_FILE's sets in the prompts, the form, the parsing and the
briefing; the file is only the first state: stored at first start, a changed file changes no
stored set, and a round keeps the questions it asked."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.config import to_async_url
from bot.db.engine import make_engine, unit_of_work_factory
from bot.db.tables import QuestionSetRow
from bot.domain.model.common import Department
from bot.domain.parsing.questions import read_question_set
from bot.domain.services.export import Exports
from bot.domain.services.question_sets import SEEDED_BY
from bot.runtime import Runtime
from bot.simulator.clock import StagedClock
from bot.simulator.web_api import FakeSlack
from bot.simulator.workspace import MARKETING, SALES, make_settings
from tests.conftest import THURSDAY, Bot, running, shown
from tests.integration.test_briefing import briefing_text, click, section
from tests.integration.test_cli import environment, free_port, served

FRIDAY = THURSDAY + timedelta(days=1)


def question(en: str, ru: str, kind: str, title: tuple[str, str] | None = None) -> str:
    entry = f'  - text: {{en: "{en}", ru: "{ru}"}}\n    kind: {kind}\n'
    return entry + (f'    title: {{en: "{title[0]}", ru: "{title[1]}"}}\n' if title else "")


NEWS = question("What happened overnight?", "Что случилось за ночь?", "news")
FOCUS = question("What are we pushing today?", "Что продвигаем сегодня?", "focus")
WEBINAR = question(
    "When is the next webinar?", "Когда следующий вебинар?", "date",
    ("Next webinar", "Ближайший вебинар"),
)  # fmt: skip
SALES_SET = "sales:\n" + "".join([
    NEWS, FOCUS,
    question("Which deals close this week?", "Какие сделки закрываются на этой неделе?", "text",
             ("Deals closing", "Закрываются сделки")),
    question("Who threatened our reputation?", "Кто угрожал репутации?", "threat"),
])  # fmt: skip
FIRST = "marketing:\n" + NEWS + FOCUS + WEBINAR + SALES_SET
# The next version of the file: marketing's third question is now about competitors (too late:
# the first start stored the first version).
SECOND = (
    "marketing:\n" + NEWS + FOCUS
    + question("What are competitors doing?", "Что делают конкуренты?", "text")
    + SALES_SET
)  # fmt: skip


def prompt_of(bot: Bot, channel: str, ts: str) -> str:
    [call] = [
        c for c in bot.slack.calls_to("chat.postMessage")
        if c.args["channel"] == channel and c.response and c.response.get("ts") == ts
    ]  # fmt: skip
    return shown(call.args)


async def opened_form(bot: Bot, channel: str, ts: str) -> dict[str, Any]:
    call = next(
        c for c in bot.slack.calls_to("chat.postMessage")
        if c.response and c.response.get("ts") == ts
    )  # fmt: skip
    [button] = call.args["blocks"][-1]["elements"]
    payload = click(button["action_id"], button["value"], "U0FORM0001", channel, ts)
    before = len(bot.slack.calls_to("views.open"))
    assert (await bot.sender.post_interaction(payload))[0] == 200
    await bot.settle()
    view: dict[str, Any] = bot.slack.calls_to("views.open")[before].args["view"]
    return view


async def test_a_teams_own_questions_through_a_round_and_a_changed_file(
    clean_db: str,
    slack: FakeSlack,
    clock: StagedClock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text(FIRST, encoding="utf-8")
    env = {"QUESTIONS_FILE": str(questions)}
    async with running(clean_db, slack, env, clock) as bot:
        prompts = await bot.checkin()
        marketing = prompt_of(bot, MARKETING, prompts[MARKETING])
        assert "*3.* When is the next webinar?" in marketing and "*4.*" not in marketing
        assert "What is the sales focus today" not in marketing  # not the handbook's
        sales = prompt_of(bot, SALES, prompts[SALES])
        assert "*3.* Which deals close this week?" in sales
        assert "*4.* Who threatened our reputation?" in sales and "*5.*" not in sales

        form = await opened_form(bot, MARKETING, prompts[MARKETING])
        labels = [(b["block_id"], b["label"]["text"]) for b in form["blocks"]]
        assert labels == [
            ("q1", "1. What happened overnight?"),
            ("q2", "2. What are we pushing today?"),
            ("q3", "3. When is the next webinar?"),
            ("q3-date", "Date"),  # a date question gets a date picker
        ]
        form = await opened_form(bot, SALES, prompts[SALES])
        assert [b["block_id"] for b in form["blocks"]] == ["q1", "q2", "q3", "q4"]

        await bot.reply(MARKETING, prompts[MARKETING], "2. Winter boots\n3. Webinar on 10 December")
        await bot.reply(
            SALES, prompts[SALES],
            "2. Gift cards\n3. Acme renewal\n4. A customer promised a one-star review",
            user="U0BOB00001",
        )  # fmt: skip
        await bot.settle()
        text = await briefing_text(bot)
        assert section(text, "Next webinar").splitlines() == [
            "• Webinar on 10 December — *in 14 days, 10 December* · Marketing"
        ]
        assert section(text, "Today's sales focus").splitlines() == [
            "• Winter boots — <@U0ALICE001>, Marketing",
            "• Gift cards — <@U0BOB00001>, Sales",
        ]  # both departments' focus questions, merged
        assert section(text, "Deals closing").splitlines() == [
            "• Acme renewal — <@U0BOB00001>, Sales"
        ]
        assert "A customer promised a one-star review" in section(text, "Reputation threats")
        assert section(text, "Upcoming promotions") == ""  # no promotion question asked

    # The file changes; the bot restarts. The file was only the first state: the stored sets
    # are asked, and the start says so in one line, announcing nothing in the digest channel.
    questions.write_text(SECOND, encoding="utf-8")
    posted = len(slack.calls_to("chat.postMessage"))
    with caplog.at_level(logging.INFO, logger="bot.runtime"):
        async with running(clean_db, slack, env, clock) as bot:
            [line] = [r.getMessage() for r in caplog.records if "QUESTIONS_FILE" in r.getMessage()]
            assert line == (
                "QUESTIONS_FILE differs from the marketing questions stored in the database: the "
                "stored ones are asked (managers edit them in App Home)"
            )
            assert slack.calls_to("chat.postMessage")[posted:] == []
            bot._ts = 100  # new messages, not the first run's
            await bot.reply(
                MARKETING, prompts[MARKETING], "3. Webinar on 17 December", "U0CAROL001"
            )
            await bot.settle()
            text = await briefing_text(bot)
            assert section(text, "Next webinar").splitlines() == [
                "• Webinar on 10 December — *in 14 days, 10 December* · Marketing",
                "• Webinar on 17 December — *in 21 days, 17 December* · Marketing",
            ]
            assert "What are competitors doing?" not in text

            friday = await bot.checkin(FRIDAY)
            marketing = prompt_of(bot, MARKETING, friday[MARKETING])
            assert "*3.* When is the next webinar?" in marketing
            assert "What are competitors doing?" not in marketing
            await bot.reply(MARKETING, friday[MARKETING], "3. Webinar on 12 December", "U0CAROL001")
            await bot.settle()
            friday_text = await briefing_text(bot, FRIDAY)
            assert section(friday_text, "Next webinar").splitlines() == [
                "• Webinar on 10 December — *in 13 days, 10 December* · Marketing",
                "• Webinar on 12 December — *in 15 days, 12 December* · Marketing",
                "• Webinar on 17 December — *in 20 days, 17 December* · Marketing",
            ]

            # The export names each answer's question as its round asked it.
            exports = Exports(unit_of_work_factory(bot.runtime.engine), bot.settings.zone, "en")
            rows = [row async for page in exports.answers(None, None) for row in page]
            thirds = [
                (row["date"], row["department"], row["question_text"], row["kind"], row["text"])
                for row in rows
                if row["question"] == 3
            ]
            assert thirds == [
                ("2026-11-26", "marketing", "When is the next webinar?", "date",
                 "Webinar on 10 December"),
                ("2026-11-26", "sales", "Which deals close this week?", "text", "Acme renewal"),
                ("2026-11-26", "marketing", "When is the next webinar?", "date",
                 "Webinar on 17 December"),
                ("2026-11-27", "marketing", "When is the next webinar?", "date",
                 "Webinar on 12 December"),
            ]  # fmt: skip


async def test_replicas_starting_together_store_each_departments_set_once(
    clean_db: str, slack: FakeSlack, clock: StagedClock, tmp_path: Path
) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text(FIRST, encoding="utf-8")
    settings = make_settings(clean_db, slack.base_url, QUESTIONS_FILE=str(questions))
    replicas = [Runtime.create(settings, clock) for _ in range(2)]
    try:
        await asyncio.gather(*(replica.start() for replica in replicas))
        async with replicas[0].engine.connect() as connection:
            rows = (await connection.execute(select(QuestionSetRow))).all()
        stored = {row.department: read_question_set(row.questions, "") for row in rows}
        assert stored == {d.value: settings.question_sets[d] for d in Department}
        assert {row.changed_by for row in rows} == {SEEDED_BY}
        for replica in replicas:
            assert (
                await replica.questions.current(Department.MARKETING)
                == (settings.question_sets[Department.MARKETING])
            )
        assert slack.calls_to("chat.postMessage") == []  # storing the first state announces nothing
    finally:
        for replica in replicas:
            await replica.close()


async def test_smm_bot_run_stores_the_file_at_its_first_start_and_then_keeps_it(
    clean_db: str, slack: FakeSlack, tmp_path: Path
) -> None:
    questions = tmp_path / "questions.yaml"

    async def run(text: str) -> str:
        """`smm-bot run` with this file, until it serves; what it logged by its stop."""
        questions.write_text(text, encoding="utf-8")
        port = free_port()
        env = environment(clean_db, slack, PORT=str(port), QUESTIONS_FILE=str(questions))
        return await served(env, port, tmp_path)

    assert "QUESTIONS_FILE" not in await run(FIRST)
    said = await run(SECOND)
    assert said.count("QUESTIONS_FILE differs from the marketing questions stored") == 1
    engine = make_engine(to_async_url(clean_db))
    async with unit_of_work_factory(engine)(read_only=True) as uow:
        stored = {d: await uow.question_sets.get(d) for d in Department}
    await engine.dispose()
    assert stored[Department.MARKETING] is not None
    assert stored[Department.MARKETING].questions[2].text.en == "When is the next webinar?"
    assert not [
        c for c in slack.calls_to("chat.postMessage") if "check-in questions" in str(c.args)
    ]


async def test_ten_questions_of_the_longest_a_prompt_holds_are_posted_whole(
    clean_db: str, slack: FakeSlack, clock: StagedClock, tmp_path: Path
) -> None:
    """Ten questions of 300 characters (the most the editor takes), with `&`, which Slack
    reads as five: more than one section holds, and Slack takes the prompt all the same."""
    long = [f"{n} " + "Sales & marketing? " * 16 for n in range(1, 11)]
    entries = "".join(question(text[:300].strip(), "Вопрос?", "text") for text in long)
    questions = tmp_path / "questions.yaml"
    questions.write_text(f"marketing:\n{entries}sales:\n{NEWS}", encoding="utf-8")
    async with running(clean_db, slack, {"QUESTIONS_FILE": str(questions)}, clock) as bot:
        prompts = await bot.checkin()
        assert MARKETING in prompts, [c.response for c in slack.calls_to("chat.postMessage")]
        prompt = prompt_of(bot, MARKETING, prompts[MARKETING])
        assert all(f"*{n}.* {n} Sales & marketing?" in prompt for n in range(1, 11))


async def test_in_russian_the_questions_and_headings_are_the_russian_ones(
    clean_db: str, slack: FakeSlack, clock: StagedClock, tmp_path: Path
) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text("marketing:\n" + WEBINAR + "sales:\n" + NEWS, encoding="utf-8")
    env = {"QUESTIONS_FILE": str(questions), "BOT_LANGUAGE": "ru"}
    async with running(clean_db, slack, env, clock) as bot:
        prompts = await bot.checkin()
        assert "*1.* Когда следующий вебинар?" in prompt_of(bot, MARKETING, prompts[MARKETING])
        assert "*1.* Что случилось за ночь?" in prompt_of(bot, SALES, prompts[SALES])
        await bot.reply(MARKETING, prompts[MARKETING], "1. Вебинар 10 декабря")
        await bot.reply(SALES, prompts[SALES], "1. Ночью всё спокойно", "U0BOB00001")
        await bot.settle()
        text = await briefing_text(bot)
        assert section(text, "Ближайший вебинар").splitlines() == [
            "• Вебинар 10 декабря — *через 14 дней, 10 декабря* · Маркетинг"
        ]
        assert section(text, "За ночь").splitlines() == [
            "• Ночью всё спокойно — <@U0BOB00001>, Продажи"
        ]
