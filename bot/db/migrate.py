"""Alembic from code: `smm-bot migrate`, start-up of `smm-bot run`, and the tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from bot.db.engine import make_engine

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(async_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = async_url
    return config


def upgrade(async_url: str, revision: str = "head") -> None:
    """Runs its own event loop: call it outside one (or in a thread)."""
    command.upgrade(alembic_config(async_url), revision)


def downgrade(async_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(async_url), revision)


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini")))


def head() -> str | None:
    """The latest revision: what a migrated database is at."""
    return _scripts().get_current_head()


def known(revision: str) -> bool:
    """One of this code's revisions (a database a newer version migrated is at one it is not)."""
    try:
        return _scripts().get_revision(revision) is not None
    except CommandError:
        return False


async def revision(async_url: str) -> str | None:
    """The revision the database is at (None: never migrated)."""
    engine = make_engine(async_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
    finally:
        await engine.dispose()
