"""Rows: what reading gives the later stages — each record's values with the place of
every value in its file, the archived texts, and the registries' ids.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any, Callable

from scripts.core.problems import Problems
from scripts.schema.model import Table

# registry `names` kind -> id -> the countries it stands for; and `<kind>:names` -> a name or
# alias of a registry row, lower case -> its ids (what the binding reads a place by)
Lookups = dict[str, dict[str, list[str]]]


@dataclass
class Row:
    table: str
    values: dict[str, Any]
    file: str
    line: int
    col: int
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # date field -> the source's phrase
    flagged: bool = False  # a value of this row was rejected, so its derived columns are incomplete
    # the proof's binding (scripts/bind/): (column, start, end) of the words of the archived
    # text that state each value, as character offsets in the .txt file, end exclusive
    evidence: list[tuple[str, int, int]] = field(default_factory=list)

    def at(self, column: str) -> tuple[int, int]:
        return self.marks.get(column, (self.line, self.col))


@dataclass(frozen=True)
class SourceText:
    """An entry's archived text: version 1, the text as first archived, holds its later
    versions (`later`, by version number, from 2), when the publisher amended the article."""

    source_id: str
    file: str  # the entry file
    text: str
    published: dt.date
    language: str
    version: int = 1
    text_file: str = ""  # the archived text's file, as messages show it
    later: dict[int, "SourceText"] = field(default_factory=dict, compare=False)


def text_of(texts: dict[str, SourceText], row: Row) -> SourceText | None:
    """The version of its source's archived text a record quotes (`text_version`: 1 when it
    says none); None when the entry has no text, or no such version."""
    first = texts.get(row.values.get("source_id"))
    version = row.values.get("text_version") or 1
    return first if first is None or version == 1 else first.later.get(version)


@dataclass
class Dataset:
    rows: dict[str, list[Row]]
    texts: dict[str, SourceText]
    lookups: Lookups = field(default_factory=dict)


def today() -> dt.date:
    """Today, or the date in SRT_TODAY (YYYY-MM-DD) so that checks can be pinned in tests."""
    pinned = os.environ.get("SRT_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


# How a record's derived columns are filled as it is read (scripts/derive/fields.py:derive):
# handed to the reader, so that reading needs nothing of the stages after it.
Derive = Callable[[Row, Table, "SourceText | None", Lookups, Problems], None]
