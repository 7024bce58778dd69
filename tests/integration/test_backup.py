"""`smm-bot backup FILE`: a whole, consistent SQLite copy while the database is in use."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from tests.integration.test_cli import read_only, smm_bot


def environment(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return env | {"DATABASE_URL": database_url}


async def test_backup_copies_what_is_committed_while_a_writer_is_busy(tmp_path: Path) -> None:
    env = environment("sqlite:///live.db")  # relative: in the working directory
    code, _, err = await smm_bot("migrate", env=env, cwd=tmp_path)
    assert code == 0, err
    with closing(sqlite3.connect(tmp_path / "live.db", isolation_level=None)) as live:
        live.execute("CREATE TABLE note (text TEXT)")
        live.execute("INSERT INTO note VALUES ('committed')")
        live.execute("BEGIN IMMEDIATE")  # a writer in the middle of its transaction
        live.execute("INSERT INTO note VALUES ('in flight')")
        code, out, err = await smm_bot("backup", "copy.db", env=env, cwd=tmp_path)
        live.execute("COMMIT")
    assert (code, err) == (0, ""), err
    assert out == f"backed up to {tmp_path / 'copy.db'}\n"
    with closing(sqlite3.connect(tmp_path / "copy.db")) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT text FROM note").fetchall() == [("committed",)]
        assert copy.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    assert not (tmp_path / "copy.db.partial").exists()


async def test_backup_refuses_postgresql_and_a_missing_file_in_one_line(tmp_path: Path) -> None:
    env = environment("postgresql://smm:smm@db.invalid:5432/smm")  # never connected to
    code, out, err = await smm_bot("backup", "copy.db", env=env, cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        "smm-bot backup copies SQLite only; for PostgreSQL use pg_dump "
        "(docs/operations.md, Backups)\n"
    )
    code, _, err = await smm_bot(
        "backup", "copy.db", env=environment("sqlite:///no.db"), cwd=tmp_path
    )
    assert (code, err) == (2, f"DATABASE_URL: no SQLite database at {tmp_path / 'no.db'}\n")
    assert os.listdir(tmp_path) == []  # no empty database made on the way


async def test_backup_to_a_place_it_cannot_write_is_one_line(tmp_path: Path) -> None:
    env = environment("sqlite:///live.db")
    assert (await smm_bot("migrate", env=env, cwd=tmp_path))[0] == 0
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "copy.db.partial").write_bytes(b"")  # left by a backup that was killed
    with read_only(locked):
        code, out, err = await smm_bot("backup", "locked/copy.db", env=env, cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err.startswith("cannot back up live.db to locked/copy.db: ") and err.count("\n") == 1
