"""`smm-bot backup FILE`: SQLite's online backup, without the sqlite3 command-line tool."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """Why there is no copy, in one line for the operator."""


def backup(database_url: str, target: Path) -> None:
    """A consistent copy of the SQLite database at `target`, made while the bot runs (SQLite's
    backup API: the bot's writes go on meanwhile). The copy appears whole or not at all."""
    url = make_url(database_url)
    if not url.drivername.startswith("sqlite"):
        raise BackupError(
            "smm-bot backup copies SQLite only; for PostgreSQL use pg_dump "
            "(docs/operations.md, Backups)"
        )
    source = Path(url.database or "")
    if not url.database or not source.is_file():
        raise BackupError(f"DATABASE_URL: no SQLite database at {source.absolute()}")
    partial = target.with_name(target.name + ".partial")
    try:
        with (
            contextlib.closing(sqlite3.connect(source)) as db,
            contextlib.closing(sqlite3.connect(partial)) as copy,
        ):
            db.backup(copy)
        partial.replace(target)
    except (sqlite3.Error, OSError) as error:
        # Where the copy cannot be written a leftover cannot be removed either: the first
        # error is the one to tell.
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise BackupError(f"cannot back up {source} to {target}: {error}") from None
