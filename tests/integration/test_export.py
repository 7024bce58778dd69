"""`smm-bot export` as a real process, with nothing but DATABASE_URL and TIMEZONE set, on a
database filled through the bot's signed endpoint: the check-in's answers (edited, deleted,
retried, near midnight), a quick task's assignments and feedback items."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.db.engine import unit_of_work_factory
from bot.domain.services.export import Exports, Row
from bot.simulator.sender import message_changed
from bot.simulator.web_api import BOT_USER_ID
from bot.simulator.workspace import DIGEST, MANAGER, MARKETING, SALES
from bot.slack import ids
from tests.conftest import THURSDAY, ZONE, Bot
from tests.integration.test_cli import closed_port, smm_bot
from tests.integration.test_collect import adapted
from tests.integration.test_feedback import click as click_feedback
from tests.integration.test_feedback import feedback, posts
from tests.integration.test_tasks import click as click_task
from tests.integration.test_tasks import created

ANNA, BORIS, VERA = "U0ANNA0001", "U0BORIS001", "U0VERA0001"
NEWCOMER = "U0NEWBIE01"  # answers, never given a task: the bot has no name stored for them
FRIDAY = THURSDAY + timedelta(days=1)
POST = "https://vk.com/wall-123_456"
ANSWER_HEADER = [
    "date", "department", "question", "question_text", "kind", "author_id", "author_name",
    "text", "deleted", "received_at",
]  # fmt: skip


def env(database_url: str, **more: str) -> dict[str, str]:
    """An operator's shell with the database and the zone: no Slack settings at all."""
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    return {**keep, "DATABASE_URL": database_url, "TIMEZONE": "Europe/Moscow", **more}


async def export(database_url: str, *args: str, tmp: Path, **more: str) -> tuple[int, str, str]:
    return await smm_bot("export", *args, env=env(database_url, **more), cwd=tmp)


async def table(database_url: str, *args: str, tmp: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The CSV export parsed back as a spreadsheet would: its header and rows."""
    code, out, err = await export(database_url, *args, tmp=tmp)
    assert (code, err) == (0, "")
    assert out.startswith("\ufeff")  # Excel reads UTF-8 (the Cyrillic) only after a BOM
    body = out.removeprefix("\ufeff")
    assert body.count("\n") == body.count("\r\n")  # RFC 4180 line ends
    reader = csv.DictReader(io.StringIO(body, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def people(bot: Bot) -> None:
    """Marketing: Anna, Vera (on vacation); sales: Boris; the SMM channel: the manager."""
    bot.slack.users = [
        {"id": ANNA, "name": "anna", "tz": "Europe/Moscow", "profile": {"display_name": "Anna"}},
        {"id": BORIS, "name": "boris", "tz": "Europe/Moscow", "profile": {}},
        {"id": VERA, "name": "vera", "profile": {"status_emoji": ":palm_tree:"}},
        {"id": MANAGER, "name": "manager", "tz": "Europe/Moscow", "profile": {}},
        {"id": BOT_USER_ID, "name": "smm-pulse", "is_bot": True, "profile": {}},
    ]
    bot.slack.members = {
        MARKETING: [ANNA, VERA, BOT_USER_ID],
        SALES: [BORIS, BOT_USER_ID],
        DIGEST: [MANAGER, BOT_USER_ID],
    }


async def new_prompts(bot: Bot, day: Any) -> dict[str, str]:
    before = len(bot.slack.calls_to("chat.postMessage"))
    await bot.runtime.checkin.ask(day)
    calls = bot.slack.calls_to("chat.postMessage")[before:]
    return {c.args["channel"]: c.response["ts"] for c in calls if c.args["channel"] != DIGEST}


@pytest.fixture
async def filled(bot: Bot) -> Bot:
    """Thursday: a task (Anna done, Boris can't, the manager silent, Vera skipped), feedback,
    the round's answers; just before midnight a late answer; just after it, Friday's round
    and an urgent complaint."""
    people(bot)
    delivered = await created(bot, POST, 3)
    await click_task(bot, delivered[ANNA], ids.TASK_DONE, ANNA)
    await click_task(bot, delivered[BORIS], ids.TASK_CANT, BORIS)
    progress = await bot.runtime.tasks.progress(1)
    assert progress is not None
    await bot.skip_to(progress.task.deadline)

    await feedback(bot, "idea Продавать носки вместе с сапогами")
    marketing = posts(bot, MARKETING)[-1]
    await click_feedback(bot, marketing, ids.FEEDBACK_TAKE, "1", ANNA)
    await click_feedback(bot, marketing, ids.FEEDBACK_DONE, "1", BORIS)

    bot.slack.members[SALES].append(NEWCOMER)  # joined after the task was sent
    prompts = await new_prompts(bot, THURSDAY)
    first = await bot.reply(
        MARKETING, prompts[MARKETING], "1. Ночью упал сайт\n3. Акция «Зима» с 1 по 10 декабря", ANNA
    )
    assert (await bot.send(first, retry_num=1))[0] == 200  # Slack's retry: stored once
    await bot.reply(SALES, prompts[SALES], "Просто заметка, без номера", NEWCOMER)
    boots = await bot.reply(SALES, prompts[SALES], "2. boots", BORIS)
    edit = message_changed(boots, '2. winter boots, the "warm" ones', ts=bot.next_ts())
    assert (await bot.send(edit))[0] == 200
    gone = await bot.reply(MARKETING, prompts[MARKETING], "2. scarves", ANNA)
    deleted = adapted(
        "mercury_message_deleted.json", channel=MARKETING, deleted_ts=gone["ts"],
        previous_message=gone,
    )  # fmt: skip
    assert (await bot.sender.post_event(deleted))[0] == 200

    await bot.skip_to(datetime.combine(THURSDAY, time(23, 59), ZONE))
    await bot.reply(MARKETING, prompts[MARKETING], "4. Новая модель в пятницу", ANNA)
    await bot.skip_to(datetime.combine(FRIDAY, time(0, 5), ZONE))
    friday = await new_prompts(bot, FRIDAY)
    await bot.reply(MARKETING, friday[MARKETING], "2. Пятница: распродажа", ANNA)
    await feedback(bot, f"complaint ! Посылка опоздала, клиент в ярости {POST}")
    await bot.settle()
    return bot


THURSDAY_ANSWERS = [
    ("2026-11-26", "marketing", "1", "news", ANNA, "Anna", "Ночью упал сайт", "no"),
    ("2026-11-26", "marketing", "3", "promotion", ANNA, "Anna",
     "Акция «Зима» с 1 по 10 декабря", "no"),
    ("2026-11-26", "sales", "", "", NEWCOMER, "", "Просто заметка, без номера", "no"),
    ("2026-11-26", "sales", "2", "focus", BORIS, "boris", 'winter boots, the "warm" ones', "no"),
    ("2026-11-26", "marketing", "2", "focus", ANNA, "Anna", "scarves", "yes"),
    ("2026-11-26", "marketing", "4", "product", ANNA, "Anna", "Новая модель в пятницу", "no"),
]  # fmt: skip
FRIDAY_ANSWERS = [
    ("2026-11-27", "marketing", "2", "focus", ANNA, "Anna", "Пятница: распродажа", "no"),
]


def answer(row: dict[str, str]) -> tuple[str, ...]:
    keys = ("date", "department", "question", "kind", "author_id", "author_name", "text")
    return (*(row[key] for key in keys), row["deleted"])


async def test_answers_each_once_as_last_edited_with_deletions_marked(
    filled: Bot, tmp_path: Path
) -> None:
    db = filled.settings.database_url
    header, rows = await table(db, "answers", tmp=tmp_path)
    assert header == ANSWER_HEADER
    assert [answer(row) for row in rows] == THURSDAY_ANSWERS + FRIDAY_ANSWERS
    assert rows[0]["question_text"] == "What happened overnight?"
    assert rows[2]["question_text"] == ""  # a general note answers no question
    # Received at, in UTC: 23:59 in Moscow is 20:59Z; just after midnight is still Thursday in UTC.
    assert rows[5]["received_at"].startswith("2026-11-26T20:59:")
    assert rows[6]["received_at"].startswith("2026-11-26T21:0")
    assert all(row["received_at"].endswith("Z") for row in rows)


async def test_dates_are_inclusive_local_days_in_timezone(filled: Bot, tmp_path: Path) -> None:
    db = filled.settings.database_url
    # Answers by their round's date: the answer sent at 23:59 belongs to Thursday, and Friday's
    # round began after midnight in Moscow while UTC still said Thursday.
    _, rows = await table(db, "answers", "--from", "2026-11-26", "--to", "2026-11-26", tmp=tmp_path)
    assert [answer(row) for row in rows] == THURSDAY_ANSWERS
    _, rows = await table(db, "answers", "--from", "2026-11-27", tmp=tmp_path)
    assert [answer(row) for row in rows] == FRIDAY_ANSWERS
    # Feedback by the local date it was sent: the complaint at 00:05 on Friday in Moscow.
    _, rows = await table(db, "feedback", "--to", "2026-11-26", tmp=tmp_path)
    assert [row["kind"] for row in rows] == ["idea"]
    _, rows = await table(
        db, "feedback", "--from", "2026-11-27", "--to", "2026-11-27", tmp=tmp_path
    )
    assert [(row["kind"], row["urgent"]) for row in rows] == [("complaint", "yes")]
    header, rows = await table(db, "tasks", "--to", "2026-11-25", tmp=tmp_path)
    assert header[0] == "task" and rows == []  # nothing that day: the header alone


async def test_tasks_one_row_per_assignment(filled: Bot, tmp_path: Path) -> None:
    header, rows = await table(filled.settings.database_url, "tasks", tmp=tmp_path)
    assert header == [
        "task", "created_at", "network", "action", "url", "person_id", "person_name",
        "department", "outcome", "skip_reason", "seconds_to_done", "verified",
    ]  # fmt: skip
    by_person = {row["person_id"]: row for row in rows}
    assert len(rows) == len(by_person) == 5  # everyone the task considered, as its report
    outcomes = {person: row["outcome"] for person, row in by_person.items()}
    assert outcomes == {
        ANNA: "done", BORIS: "can't", MANAGER: "no answer", VERA: "skipped",
        BOT_USER_ID: "skipped",
    }  # fmt: skip
    anna = by_person[ANNA]
    assert (anna["task"], anna["network"], anna["action"], anna["url"]) == ("1", "vk", "like", POST)
    assert (anna["person_name"], anna["department"]) == ("Anna", "marketing")
    assert 0 <= float(anna["seconds_to_done"]) < filled.settings.task_window.total_seconds()
    assert (by_person[VERA]["skip_reason"], by_person[BOT_USER_ID]["skip_reason"]) == (
        "out_of_office", "bot",
    )  # fmt: skip
    assert {row["seconds_to_done"] for row in rows if row["person_id"] != ANNA} == {""}
    assert {row["verified"] for row in rows} == {""}  # nothing checks a network yet
    assert anna["created_at"].startswith("2026-11-26T07:0") and anna["created_at"].endswith("Z")


async def test_feedback_with_who_took_and_closed_it(filled: Bot, tmp_path: Path) -> None:
    _, rows = await table(filled.settings.database_url, "feedback", tmp=tmp_path)
    idea, complaint = rows
    assert (idea["kind"], idea["text"], idea["link"]) == (
        "idea", "Продавать носки вместе с сапогами", "",
    )  # fmt: skip
    assert idea["departments"] == "marketing,sales"
    assert (idea["taken_by_id"], idea["taken_by_name"]) == (ANNA, "Anna")
    assert (idea["done_by_id"], idea["done_by_name"]) == (BORIS, "boris")
    assert idea["created_at"] <= idea["taken_at"] <= idea["done_at"]
    assert idea["done_at"].endswith("Z")
    assert (complaint["link"], complaint["network"]) == (POST, "vk")
    assert complaint["text"] == "Посылка опоздала, клиент в ярости"
    assert (complaint["taken_by_id"], complaint["done_at"]) == ("", "")


async def test_json_has_the_same_keys_typed_and_the_bot_language(
    filled: Bot, tmp_path: Path
) -> None:
    db = filled.settings.database_url
    code, out, err = await export(
        db, "answers", "--format", "json", tmp=tmp_path, BOT_LANGUAGE="ru"
    )
    assert (code, err) == (0, "")
    assert "Ночью упал сайт" in out  # not \u-escaped
    rows = json.loads(out)
    assert [list(row) for row in rows] == [ANSWER_HEADER] * 7
    assert rows[0]["question_text"] == "Что случилось за ночь?"
    assert (rows[0]["question"], rows[0]["deleted"], rows[4]["deleted"]) == (1, False, True)
    assert (rows[2]["question"], rows[2]["author_name"]) == (None, None)
    code, out, _ = await export(db, "tasks", "--to", "2026-11-25", "--format", "json", tmp=tmp_path)
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--from", "2026-13-01"], "--from: expected a date YYYY-MM-DD, got '2026-13-01'"),
        (["--to", "26.11.2026"], "--to: expected a date YYYY-MM-DD, got '26.11.2026'"),
        (
            ["--from", "2026-11-27", "--to", "2026-11-26"],
            "--from 2026-11-27 is after --to 2026-11-26",
        ),
    ],
)
async def test_bad_dates_are_one_line_and_exit_code_2(
    clean_db: str, tmp_path: Path, args: list[str], line: str
) -> None:
    assert await export(clean_db, "answers", *args, tmp=tmp_path) == (2, "", line + "\n")


async def test_a_database_not_there_unmigrated_or_down_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    code, out, err = await export(f"sqlite:///{missing}", "answers", tmp=tmp_path)
    assert (code, out, err) == (2, "", f"DATABASE_URL: no SQLite database at {missing}\n")
    assert not missing.exists()  # an export creates nothing

    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    empty.touch()
    code, out, err = await export(f"sqlite:///{empty}", "feedback", tmp=tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        "DATABASE_URL: the database is at revision —, not the latest: run `smm-bot migrate` first\n"
    )

    with closed_port() as port:
        url = f"postgresql://bot:secret@127.0.0.1:{port}/smm"
        code, out, err = await export(url, "tasks", tmp=tmp_path)
    assert (code, out) == (2, "")
    assert err == f"DATABASE_URL: cannot connect to 127.0.0.1:{port} (connection refused)\n"

    code, _, err = await export(f"sqlite:///{empty}", "tasks", tmp=tmp_path, TIMEZONE="Moscow")
    assert (code, err) == (2, "TIMEZONE: unknown time zone 'Moscow': did you mean Europe/Moscow?\n")


async def test_pages_of_any_size_give_the_same_rows(filled: Bot) -> None:
    """Read a page at a time (here 1, 2 or 3 replies), an export gives each row once."""
    uow = unit_of_work_factory(filled.runtime.engine)

    async def every(page: int) -> dict[str, list[Row]]:
        exports = Exports(uow, ZONE, "en", page=page)
        reads = {"answers": exports.answers, "tasks": exports.tasks, "feedback": exports.feedback}
        return {
            kind: [row async for rows in read(None, None) for row in rows]
            for kind, read in reads.items()
        }

    whole = await every(1000)
    assert [len(rows) for rows in whole.values()] == [7, 5, 2]
    for page in (1, 2, 3):
        assert await every(page) == whole
