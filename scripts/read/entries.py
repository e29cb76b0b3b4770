"""Read entry files and registries into rows, one list per table (the values are
derived as each record is read, by the `derive` the reader is given:
scripts/derive/fields.py:derive).

Each row keeps the file and the line and column of every value, so that any later
check can point at the exact place to fix. Problems are collected, never raised.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from scripts.core.problems import Invalid, Problems, nearest
from scripts.read.convert import convert
from scripts.read.parse import Mapping, Node, Sequence, parse_yaml, read_text
from scripts.read.rows import Derive, Lookups, Row, SourceText
from scripts.read.texts import NOT_WORD, Texts, skeleton
from scripts.schema.model import Table
from scripts.schema.registry import record_tables, registries, source_table, tables, versions_table

DRAFT_KEY = "draft"  # the mark `make draft` puts on what it drafts (scripts/contrib/draft.py)


class Reader(Texts):
    """Reads the registries and entry files under one package root."""

    def __init__(self, root: Path, problems: Problems, derive: Derive, lookups: Lookups | None = None) -> None:
        self.root = root
        self.derive = derive
        self.problems = problems
        self.tables = tables()
        self.rows: dict[str, list[Row]] = {name: [] for name in self.tables}
        self.texts: dict[str, SourceText] = {}
        # filled by read_registries; a worker is handed them instead
        self.lookups: Lookups = lookups if lookups is not None else \
            {table.meta["names"]: {} for table in registries().values() if "names" in table.meta}

    def start_entry(self, problems: Problems) -> None:
        """Forget the rows and texts read so far (the registries' ids are kept)."""
        self.problems = problems
        self.rows = {name: [] for name in self.tables}
        self.texts = {}

    def shown(self, path: Path) -> str:
        """The path as messages show it: relative to the package root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def problem(self, file: str, at: tuple[int, int], where: str, error: Invalid) -> None:
        self.problems.add(file, at[0], at[1], where, error.message, error.fix)

    def parse(self, path: Path) -> tuple[str, Node | None]:
        """The file's shown name and its parsed tree (None when it could not be read)."""
        shown = self.shown(path)
        text = read_text(path, shown, self.problems, self.root / "data")
        return shown, parse_yaml(text, shown, self.problems) if text is not None else None

    # ------------------------------------------------------------ registries
    def read_registries(self) -> None:
        """Read every registry (data/<name>.yaml) in publishing order, so that one may
        name the ids of one before it."""
        for table in registries().values():
            self.read_registry(table)

    def read_registry(self, table: Table) -> None:
        path = self.root / "data" / f"{table.name}.yaml"
        if table.meta.get("optional") and not os.path.lexists(path):
            return  # a registry that may be absent (withdrawals, corrections): none yet
        shown, node = self.parse(path)
        if node is None:
            return
        if not isinstance(node, Sequence):
            self.problems.add(shown, 1, 1, table.name, "expected a list of entries", "start each entry with `- id: ...`")
            return
        named: dict[str, str] = {}  # a name or alias (lower case) -> the id it names
        for item in node.items:
            row = self.read_record(item, table, shown, None)
            if row is None:
                continue
            self.rows[table.name].append(row)
            if "names" not in table.meta:
                continue  # its ids name no value of the entries
            ids, stands_for = self.lookups[table.meta["names"]], table.meta["stands_for"]
            ident, countries = row.values.get(table.id_field), row.values.get(stands_for)
            if ident is not None:
                ids[ident] = [] if countries is None else [countries] if isinstance(countries, str) else countries
                names = self.lookups.setdefault(f"{table.meta['names']}:names", {})
                said = [row.values.get(key) for key in ("aliases", "offices")]  # an office's holder speaks for it
                for name in [row.values.get("name")] + [n for given in said for n in given or []]:
                    if isinstance(name, str) and name.strip():
                        names.setdefault(" ".join(name.lower().split()), []).append(ident)
                for name in [ident, row.values.get("name"), *(row.values.get("aliases") or [])]:  # offices may be shared
                    key = NOT_WORD.sub(" ", skeleton(str(name)).casefold()).strip() if name else ""  # as a reader sees it
                    if key and named.setdefault(key, ident) != ident:
                        self.problems.add(shown, *row.at("aliases" if name != row.values.get("name") else "name"),
                                          f"{table.name}.aliases", f"`{name}` already names `{named[key]}`: a name "
                                          "or alias names one entry of the registry", "remove it from one of them")

    # ------------------------------------------------------------ entry files
    def read_entry(self, path: Path) -> None:
        shown, node = self.parse(path)
        if node is None:
            return
        if not isinstance(node, Mapping):
            self.problems.add(shown, 1, 1, source_table().name, "expected a mapping of `key: value` lines at the top",
                              "start the file with `id: <source-id>` (see CONTRIBUTING.md)")
            return
        versions = versions_table()
        lists = (*record_tables(), *([versions.meta["entry_key"]] if versions else []))
        source = self.read_record(node, source_table(), shown, None, extra_keys=lists)
        if source is None:
            return
        sid = source.values.get("source_id")
        if sid != path.stem:
            self.problems.add(shown, *source.at("source_id"), f"{source.table}.id",
                              f"id `{sid}` does not match the file name `{path.name}`",
                              f"rename the file to `{sid}.yaml` or set `id: {path.stem}`")
            return
        stamp = re.search(r"-([0-9]{4}-[0-9]{2}-[0-9]{2})-", sid or "")
        published = source.values.get("published_date")
        if stamp and published and stamp.group(1) != published:
            self.problems.add(shown, *source.at("source_id"), f"{source.table}.id",
                              f"the id is dated {stamp.group(1)}, but published_date is {published}",
                              "the date in the id is the publication date: correct the one that is wrong")
        article = self.read_article(path, source, shown)
        self.rows[source.table].append(source)
        article = self.read_versions(path, node, source, article, shown)
        if article is None:
            return
        self.texts[sid] = article
        for name in record_tables():
            section = node.items.get(name)
            if section is None:
                continue
            if not isinstance(section, Sequence):
                self.problems.add(shown, section.line, section.col, name, "expected a list of records",
                                  "start each record with `- id: ...`")
                continue
            for item in section.items:
                row = self.read_record(item, self.tables[name], shown, article)
                if row is not None:
                    self.rows[name].append(row)

    # ------------------------------------------------------------ one record
    def read_record(self, node: Any, table: Table, shown: str, article: SourceText | None,
                    extra_keys: tuple[str, ...] = ()) -> Row | None:
        if not isinstance(node, Mapping):
            line, col = (node.line, node.col) if node is not None else (1, 1)
            self.problems.add(shown, line, col, table.name, "expected a mapping of `key: value` lines",
                              "write the record as indented `key: value` lines")
            return None
        row = Row(table.name, {}, shown, node.line, node.col)
        allowed = table.entry_fields
        items, values, marks = node.items, row.values, row.marks
        for key, mark in node.key_marks.items():
            fld = allowed.get(key)
            if fld is None:
                if key == DRAFT_KEY:  # written by `make draft`: the contributor confirms the values, then deletes it
                    self.problems.add(shown, *mark, f"{table.name}.{key}", "a drafted record, not yet confirmed",
                                      "check each value against the quote (correct it, or move the figure to "
                                      "`left_out:`), then delete this `draft: true` line")
                elif key not in extra_keys:
                    close = nearest(key, list(allowed) + list(extra_keys))
                    self.problems.add(shown, *mark, f"{table.name}.{key}", "unknown key", f"did you mean `{close}`?"
                                      if close else f"the keys are: {', '.join(sorted(allowed))}")
                continue
            child = items.get(key)
            at = (child.line, child.col) if child is not None else mark
            try:
                value = convert(child, fld) if child is not None else None
            except Invalid as error:
                self.problem(shown, at, f"{table.name}.{key}", error)
                row.flagged = True
                marks[fld.name] = at  # later stages then see this value as already reported
                continue
            if key != fld.entry_key:  # `<date>_as_written`
                if value is not None:
                    row.written[fld.name] = value
                    marks[key] = at
                continue
            values[fld.name] = value
            marks[fld.name] = at
        for fld in table.entry_defaults:
            if values.get(fld.name) is None:
                values[fld.name] = fld.default
        for fld in table.entry_required:
            if values.get(fld.name) is None and fld.entry_key not in node.key_marks:
                self.problems.add(shown, node.line, node.col, f"{table.name}.{fld.entry_key}", "missing",
                                  f"add `{fld.entry_key}:` to this record")
        self.derive(row, table, article, self.lookups, self.problems)
        return row
