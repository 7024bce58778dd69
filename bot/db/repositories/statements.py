"""The statements every repository runs: INSERT … ON CONFLICT DO NOTHING and conditional
UPDATEs that say whether they touched a row."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Connection, Row
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

from bot.db.tables import Base


def dialect_insert(bind: AsyncSession | Connection) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING (SQLite and PostgreSQL alike)."""
    dialect = bind.dialect if isinstance(bind, Connection) else bind.get_bind().dialect
    return postgresql.insert if dialect.name == "postgresql" else sqlite.insert


async def changed(session: AsyncSession, statement: Executable) -> bool:
    """Run a conditional INSERT or UPDATE: True when it touched a row. The database decides
    who was first, race-free across processes on both backends."""
    result = await session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def insert_once(session: AsyncSession, table: type[Base], **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: True when this call inserted the row."""
    return await changed(
        session, dialect_insert(session)(table).values(**values).on_conflict_do_nothing()
    )


async def insert_new(
    session: AsyncSession, table: type[Base], rows: list[dict[str, Any]], *returning: Any
) -> list[Row[Any]]:
    """Multi-row INSERT … ON CONFLICT DO NOTHING RETURNING: the rows this call inserted."""
    if not rows:
        return []
    connection = await session.connection()
    return await connection.run_sync(inserted, table, rows, *returning)


def inserted(
    connection: Connection, table: type[Base], rows: list[dict[str, Any]], *returning: Any
) -> list[Row[Any]]:
    """`insert_new` on a synchronous connection."""
    if not rows:
        return []
    # Core table in executemany form: one cached compiled statement, sent as multi-row VALUES
    # by SQLAlchemy (the ORM's bulk path costs more than the SQL).
    returned = tuple(column.key for column in returning)
    return list(connection.execute(_insert_new(dialect_insert(connection), table, returned), rows))


@functools.cache
def _insert_new(insert: Any, table: type[Base], returning: tuple[str, ...]) -> Any:
    """Built once: SQLAlchemy keeps a statement's cache key, computed anew for a new statement."""
    columns = table.__table__.c
    return (
        insert(table.__table__).on_conflict_do_nothing().returning(*(columns[c] for c in returning))
    )
