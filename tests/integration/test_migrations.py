"""Migrations go down and up on the configured database, and agree with the models."""

from __future__ import annotations

import asyncio

from alembic import command
from sqlalchemy import text

from bot.config import to_async_url
from bot.db import migrate
from bot.db.engine import make_engine


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
