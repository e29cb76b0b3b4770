"""Cells: how a value is written in a published CSV, and the published form of a checked row.

A leaf: the check stage writes rows in this form, the publish stage joins them into
tables, and the derived tables and the release read them back with `csv_rows`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from decimal import Decimal
from typing import Any, NamedTuple

LIST_SEPARATOR = ","  # how a list's items are joined in a CSV cell
FORMULA_START = ("=", "+", "-", "@")  # what a spreadsheet runs as a formula: no published cell starts with one


class Record(NamedTuple):
    """A checked row in its published form, with where it came from (for key checks)."""

    id: str | None
    source_id: str | None
    file: str
    line: int
    col: int
    id_at: tuple[int, int]
    csv: str  # the row's CSV line, ending in \n


class Block(NamedTuple):
    """Rows of one table from one entry (or a registry) in published form."""

    first: str  # the smallest and the largest id: blocks are ordered by them
    last: str
    rows: int
    csv: bytes  # the rows' CSV lines, sorted by id, in UTF-8
    keys: str = ""  # the SHA-256 of the rows' ids, in order: what a foreign key to the table sees of them


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value != value.to_integral() else str(int(value))
    return str(value)


def csv_line(cells: list[str]) -> str:
    """One CSV row, quoted as the csv module does, ending in \\n."""
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow(cells)
    return line.getvalue()


def block(records: list[Record]) -> Block:
    ordered = sorted(records, key=lambda item: item.id or "")
    ids = [str(item.id or "") for item in ordered]
    return Block(ids[0], ids[-1], len(ordered), "".join([item.csv for item in ordered]).encode("utf-8"),
                 hashlib.sha256(json.dumps(ids).encode("utf-8")).hexdigest())


def csv_rows(content: bytes) -> list[dict[str, str]]:
    """A published CSV's rows, by column name (the derived tables and the release read them)."""
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))
