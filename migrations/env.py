"""Alembic environment: async engine, URL from the bot's settings (never from alembic.ini)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection, TypeDecorator, pool
from sqlalchemy.ext.asyncio import create_async_engine

from bot.config import DatabaseSettings
from bot.db.engine import connect_args
from bot.db.tables import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("database_url")
    return str(url) if url else DatabaseSettings().async_database_url


def _render_item(kind: str, obj: object, _context: object) -> str | bool:
    """Migrations spell out the stored type, not the bot's Python-side decorator."""
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER through table copies
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    url = _url()
    engine = create_async_engine(url, poolclass=pool.NullPool, connect_args=connect_args(url))
    async with engine.connect() as connection:
        await connection.run_sync(_configure)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_async())
