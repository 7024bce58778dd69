"""`smm-bot export answers|tasks|feedback`: what bot/domain/services/export.py reads, written
as CSV (RFC 4180, for a spreadsheet) or as a JSON array of objects with the same keys.

The CSV starts with a UTF-8 byte order mark: without one Excel reads a CSV file in the
system's ANSI code page, and the Russian answers come out garbled; LibreOffice, Google Sheets
and Python's `utf-8-sig` take it in their stride. JSON has none (RFC 8259 forbids it)."""

from __future__ import annotations

import csv
import json
from contextlib import aclosing
from datetime import date
from typing import Literal, TextIO

from bot.config import LocalSettings
from bot.db.engine import make_engine, unit_of_work_factory
from bot.domain.services.export import (
    ANSWER_COLUMNS,
    FEEDBACK_COLUMNS,
    TASK_COLUMNS,
    Exports,
    Pages,
    Value,
)

Kind = Literal["answers", "tasks", "feedback"]
KINDS: tuple[Kind, ...] = ("answers", "tasks", "feedback")
FORMATS = ("csv", "json")
COLUMNS = {"answers": ANSWER_COLUMNS, "tasks": TASK_COLUMNS, "feedback": FEEDBACK_COLUMNS}
BOM = "\ufeff"


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


async def write_csv(pages: Pages, columns: tuple[str, ...], out: TextIO) -> int:
    out.write(BOM)
    writer = csv.DictWriter(out, columns)  # quotes what needs it, ends lines with \r\n
    writer.writeheader()
    count = 0
    async for page in pages:
        writer.writerows({key: _cell(value) for key, value in row.items()} for row in page)
        count += len(page)
    return count


async def write_json(pages: Pages, out: TextIO) -> int:
    """A JSON array, an object a line, written as the pages come."""
    count = 0
    async for page in pages:
        for row in page:
            out.write(("[\n" if count == 0 else ",\n") + json.dumps(row, ensure_ascii=False))
            count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


async def export(
    settings: LocalSettings,
    kind: Kind,
    first: date | None,
    last: date | None,
    form: str,
    out: TextIO,
) -> int:
    """Write the export to `out`; returns the number of rows."""
    engine = make_engine(settings.async_database_url)
    try:
        exports = Exports(unit_of_work_factory(engine), settings.zone, settings.bot_language)
        reads = {"answers": exports.answers, "tasks": exports.tasks, "feedback": exports.feedback}
        async with aclosing(reads[kind](first, last)) as pages:
            if form == "json":
                return await write_json(pages, out)
            return await write_csv(pages, COLUMNS[kind], out)
    finally:
        await engine.dispose()
