"""Migrations go down and up on the configured database, and agree with the models."""

from __future__ import annotations

import asyncio

from alembic import command

from bot.config import to_async_url
from bot.db import migrate


async def test_migrations_round_trip_and_match_the_models(database_url: str) -> None:
    url = to_async_url(database_url)
    await asyncio.to_thread(migrate.downgrade, url, "base")
    await asyncio.to_thread(migrate.upgrade, url)
    # Raises when autogenerate would find a difference between the models and the schema.
    await asyncio.to_thread(command.check, migrate.alembic_config(url))
