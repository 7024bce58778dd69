"""Migrations go down and up on the configured database, and agree with the models."""

from __future__ import annotations

import asyncio
from datetime import date

from alembic import command
from sqlalchemy import text

from bot.config import default_question_sets, to_async_url
from bot.db import migrate
from bot.db.engine import make_engine, unit_of_work_factory
from bot.domain.model.common import Department


async def test_migrations_round_trip_and_match_the_models(database_url: str) -> None:
    url = to_async_url(database_url)
    await asyncio.to_thread(migrate.downgrade, url, "base")
    await asyncio.to_thread(migrate.upgrade, url)
    # Raises when autogenerate would find a difference between the models and the schema.
    await asyncio.to_thread(command.check, migrate.alembic_config(url))


async def test_the_claims_migration_keeps_what_was_posted(clean_db: str) -> None:
    """0002: posts confirmed before the upgrade keep their keys (nothing goes out again); an
    old claim never confirmed is dropped (the new code looks such a post up first)."""
    url = to_async_url(clean_db)
    await asyncio.to_thread(migrate.downgrade, url, "0001")
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            for ts, channel in (("1795676400.000100", "C0MARKET01"), (None, "C0SALES001")):
                await connection.execute(
                    text(
                        "INSERT INTO prompts (round_date, department, channel, ts, created_at)"
                        " VALUES ('2026-11-26', 'marketing', :channel, :ts, '2026-11-26 07:00:00')"
                    ),
                    {"channel": channel, "ts": ts},
                )
        await asyncio.to_thread(migrate.upgrade, url)
        async with engine.connect() as connection:
            claims = (await connection.execute(text("SELECT key, ts FROM claims"))).all()
            prompts = (await connection.execute(text("SELECT channel FROM prompts"))).all()
    finally:
        await engine.dispose()
        await asyncio.to_thread(migrate.upgrade, url)
    assert [tuple(row) for row in claims] == [
        ("checkin:2026-11-26:C0MARKET01", "1795676400.000100")
    ]
    assert [tuple(row) for row in prompts] == [("C0MARKET01",)]


async def test_rounds_before_questions_were_data_keep_the_handbook_five(clean_db: str) -> None:
    """0005: a prompt posted before each round kept its questions reads as having asked the
    handbook's five, so its thread still parses and exports as it did."""
    url = to_async_url(clean_db)
    await asyncio.to_thread(migrate.downgrade, url, "0004")
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO prompts (round_date, department, channel, ts, created_at)"
                    " VALUES ('2026-11-26', 'sales', 'C0SALES001', '1795676400.000100',"
                    " '2026-11-26 07:00:00')"
                )
            )
        await asyncio.to_thread(migrate.upgrade, url)
        async with unit_of_work_factory(engine)(read_only=True) as uow:
            [prompt] = await uow.prompts.for_day(date(2026, 11, 26))
    finally:
        await engine.dispose()
        await asyncio.to_thread(migrate.upgrade, url)
    assert prompt.questions == default_question_sets()[Department.SALES]


async def test_tasks_reported_and_reminded_before_the_upgrade_are_not_sent_again(
    clean_db: str,
) -> None:
    """0010: a task finished before counts as reported, and an assignment of a task reminded
    before as reminded, so the sweep sends neither again."""
    url = to_async_url(clean_db)
    await asyncio.to_thread(migrate.downgrade, url, "0009_feeds")
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            # A finished task, and an open one past halfway (literals: either engine reads them).
            for status, reminded, closed in (
                ("finished", "NULL", "'2026-11-26 07:10:00'"),
                ("open", "'2026-11-26 07:05:00'", "NULL"),
            ):
                await connection.execute(
                    text(
                        "INSERT INTO tasks (url, network, action, created_by, channel,"
                        " created_at, deadline, status, reminded_at, closed_at) VALUES"
                        " ('https://vk.com/wall-1_1', 'vk', 'like', 'U0MANAGER1', 'C0MARKET01',"
                        f" '2026-11-26 07:00:00', '2026-11-26 07:10:00', '{status}', {reminded},"
                        f" {closed})"
                    )
                )
            await connection.execute(
                text(
                    "INSERT INTO assignments (task_id, user_id, name, state, sent_at)"
                    " SELECT id, 'U0ANNA0001', 'Anna', 'waiting', '2026-11-26 07:00:01' FROM tasks"
                )
            )
        await asyncio.to_thread(migrate.upgrade, url)
        async with unit_of_work_factory(engine)(read_only=True) as uow:
            [finished, reminded] = [await uow.tasks.get(task_id) for task_id in (1, 2)]
            assignments = await uow.tasks.assignments(2) + await uow.tasks.assignments(1)
    finally:
        await engine.dispose()
        await asyncio.to_thread(migrate.upgrade, url)
    assert finished is not None and finished.reported_at == finished.closed_at
    assert reminded is not None and reminded.reported_at is None
    assert [a.reminded_at for a in assignments] == [reminded.reminded_at, None]
