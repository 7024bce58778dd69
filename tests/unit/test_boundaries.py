"""The import-linter contracts in pyproject.toml hold on the tree, and they can fail: a copy of
the tree with a domain module importing the database (and a port importing a parser, two
services importing each other, a benchmark importing the tests) breaks each of them, and
`lint-imports` says where."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the packages and the contracts of `tree` (wide lines: one a line)."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_tree_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


def test_each_contract_fails_on_an_import_it_forbids(tmp_path: Path) -> None:
    for package in ("bot", "bench", "tests"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for module, line in [
        ("services/tasks.py", "from bot.db import tables"),
        ("ports.py", "from bot.domain.parsing import answers"),
        ("services/once.py", "from bot.domain.services import schedule"),
    ]:
        path = tmp_path / "bot" / "domain" / module
        path.write_text(f"{path.read_text()}\n{line}\n")
    bench = tmp_path / "bench" / "digest.py"
    bench.write_text(f"{bench.read_text()}\nfrom tests.conftest import make_settings\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    report = result.stdout
    assert "Contracts: 0 kept, 4 broken." in report
    assert (
        "The domain imports no Slack, SQL or HTTP library, and nothing else of the bot BROKEN"
        in report
    )
    assert "bot.domain is not allowed to import bot.db:" in report
    assert "bot.domain.services.tasks -> bot.db.tables" in report
    assert "bot.domain is not allowed to import sqlalchemy:" in report  # through bot.db
    assert "The domain's layers: services over the helpers, ports and parsing over" in report
    assert "bot.domain.ports is not allowed to import bot.domain.parsing:" in report
    assert "No import cycles between the domain's modules BROKEN" in report
    assert "No cycles are allowed in bot.domain.services." in report
    assert "The benchmarks do not import the tests" in report
    assert "bench.digest -> tests.conftest" in report
