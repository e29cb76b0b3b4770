"""Normalise: turn parsed entry files and registries into rows, one list per table.

Each row keeps the file and the line and column of every value, so that any later
check can point at the exact place to fix. Problems are collected, never raised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts import values as v
from scripts.parse import Mapping, Node, Sequence, parse_yaml, read_text
from scripts.problems import Problems, nearest
from scripts.registry import RECORD_TABLES, Table, tables

LOCAL_ID = r"[a-z0-9]+(-[a-z0-9]+)*"


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

    def at(self, column: str) -> tuple[int, int]:
        return self.marks.get(column, (self.line, self.col))


@dataclass
class SourceText:
    source_id: str
    file: str
    text: str
    published: dt.date
    language: str


@dataclass
class Dataset:
    rows: dict[str, list[Row]]
    texts: dict[str, SourceText]


def today() -> dt.date:
    """Today, or the date in SRT_TODAY (YYYY-MM-DD) so that checks can be pinned in tests."""
    pinned = os.environ.get("SRT_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


class Reader:
    """Reads the registries and entry files under one package root."""

    def __init__(self, root: Path, problems: Problems) -> None:
        self.root = root
        self.problems = problems
        self.tables = tables()
        self.rows: dict[str, list[Row]] = {name: [] for name in self.tables}
        self.texts: dict[str, SourceText] = {}
        self.groups: dict[str, list[str]] = {}
        self.entities: dict[str, str] = {}  # id -> home country

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

    def problem(self, file: str, at: tuple[int, int], where: str, error: v.Invalid) -> None:
        self.problems.add(file, at[0], at[1], where, error.message, error.fix)

    def parse(self, path: Path) -> tuple[str, Node | None]:
        """The file's shown name and its parsed tree (None when it could not be read)."""
        shown = self.shown(path)
        text = read_text(path, shown, self.problems)
        return shown, parse_yaml(text, shown, self.problems) if text is not None else None

    # ------------------------------------------------------------ registries
    def read_registry(self, name: str) -> None:
        shown, node = self.parse(self.root / "data" / f"{name}.yaml")
        if node is None:
            return
        if not isinstance(node, Sequence):
            self.problems.add(shown, 1, 1, name, "expected a list of entries", "start each entry with `- id: ...`")
            return
        for item in node.items:
            row = self.read_record(item, self.tables[name], shown, None)
            if row is None:
                continue
            self.rows[name].append(row)
            if name == "groups" and row.values.get("members"):
                self.groups[row.values["group_id"]] = row.values["members"]
            if name == "entities":
                self.entities[row.values["entity_id"]] = row.values.get("country")

    # ------------------------------------------------------------ entry files
    def read_entry(self, path: Path) -> None:
        shown, node = self.parse(path)
        if node is None:
            return
        if not isinstance(node, Mapping):
            self.problems.add(shown, 1, 1, "sources", "expected a mapping of `key: value` lines at the top",
                              "start the file with `id: <source-id>` (see CONTRIBUTING.md)")
            return
        source = self.read_record(node, self.tables["sources"], shown, None, extra_keys=RECORD_TABLES)
        if source is None:
            return
        sid = source.values.get("source_id")
        if sid != path.stem:
            self.problems.add(shown, *source.at("source_id"), "sources.id",
                              f"id `{sid}` does not match the file name `{path.name}`",
                              f"rename the file to `{sid}.yaml` or set `id: {path.stem}`")
            return
        article = self.read_article(path, source, shown)
        self.rows["sources"].append(source)
        if article is None:
            return
        self.texts[sid] = article
        for name in RECORD_TABLES:
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

    def read_article(self, path: Path, source: Row, shown: str) -> SourceText | None:
        """Check the archived text beside the entry; derive text_path."""
        text_file = path.with_suffix(".txt")
        source.values["text_path"] = self.shown(text_file)
        published = source.values.get("published_date")
        if published and dt.date.fromisoformat(published) > today():
            self.problems.add(shown, *source.at("published_date"), "sources.published_date",
                              f"{published} is in the future", "write the date the source was published")
            return None
        if not text_file.is_file():
            self.problems.add(shown, source.line, source.col, "sources.text_path",
                              f"the archived text {self.shown(text_file)} is missing",
                              "save the article text beside the entry with the same name and .txt")
            return None
        data = text_file.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if source.values.get("text_sha256") not in (None, digest):
            self.problems.add(shown, *source.at("text_sha256"), "sources.text_sha256",
                              f"{self.shown(text_file)} has changed since the entry was written (its SHA-256 is {digest})",
                              "restore the archived text, or re-check every quote and then write the new hash")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            self.problems.add(self.shown(text_file), 1, 1, "sources", "the archived text is not UTF-8", "save it as UTF-8")
            return None
        if not published:
            return None
        return SourceText(source.values["source_id"], shown, text, dt.date.fromisoformat(published),
                          source.values.get("language") or "")

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
                if key not in extra_keys:
                    close = nearest(key, list(allowed) + list(extra_keys))
                    self.problems.add(shown, *mark, f"{table.name}.{key}", "unknown key", f"did you mean `{close}`?"
                                      if close else f"the keys are: {', '.join(sorted(allowed))}")
                continue
            child = items.get(key)
            at = (child.line, child.col) if child is not None else mark
            try:
                value = v.convert(child, fld) if child is not None else None
            except v.Invalid as error:
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
        self.derive(row, table, article)
        return row

    def derive(self, row: Row, table: Table, article: SourceText | None) -> None:
        """Fill the derived columns and check codes against their registries."""
        vals = row.values
        countries: set[str] = set()
        for fld in table.derivable:
            value = vals.get(fld.name)
            kind = fld.kind
            try:
                if kind == "record_id" and value is not None:
                    if not re.fullmatch(LOCAL_ID, value):
                        raise v.Invalid(f"`{value}` is not a short lower-case name",
                                        "use lower-case letters, digits and single hyphens, such as trade-2013")
                    vals[fld.name] = f"{article.source_id if article else ''}:{value}"
                elif fld.name == "source_id" and fld.derived:
                    vals[fld.name] = article.source_id if article else None
                elif kind == "place" and value is not None:
                    members = v.check_place(value, self.groups)
                    if fld.name != "share_base":
                        countries.update(members)
                elif kind == "places" and value:
                    for code in value:
                        countries.update(v.check_place(code, self.groups))
                elif kind == "country" and value is not None:
                    countries.add(v.check_country(value))
                elif kind == "countries" and value:
                    vals[fld.name] = sorted({v.check_country(code) for code in value})
                elif kind in ("entity", "entities") and value:
                    for ident in [value] if kind == "entity" else value:
                        if ident not in self.entities:
                            close = nearest(ident, self.entities)
                            raise v.Invalid(f"`{ident}` is not in data/entities.yaml",
                                            f"did you mean {close}?" if close else "add the entity to data/entities.yaml")
                        if self.entities[ident]:
                            countries.add(self.entities[ident])
                elif kind == "language" and value is not None:
                    v.check_language(value)
                elif kind == "currency" and value is not None:
                    vals[fld.name] = v.currency_code(value)
                elif kind == "date":
                    self.derive_date(row, fld.name, article)
                elif kind == "amount_text" and value is not None:
                    amount, currency = v.parse_amount(value)
                    vals["amount"] = amount
                    vals["currency"] = vals.get("currency") or currency
                    if vals["currency"] is None:
                        raise v.Invalid(f"`{value}` names no currency", "write the amount with its currency as the source does, or add `currency:`")
                    vals["value_usd"] = v.to_usd(amount, vals["currency"], vals.get("usd_rate"))
            except v.Invalid as error:
                self.problem(row.file, row.at(fld.name), f"{table.name}.{fld.entry_key or fld.name}", error)
                row.flagged = True
                vals[fld.name] = None  # later checks must not read a rejected value
        if "bound" not in row.marks and vals.get("amount_text") is None and vals.get("share_percent") is None:
            vals.pop("bound", None)  # the default applies to amounts and shares only
        if "countries" in table.columns:
            vals["countries"] = sorted(countries)
        if "measure" in table.columns and table.field("measure").derived:
            vals["measure"] = "share" if vals.get("share_percent") is not None else "value"

    def derive_date(self, row: Row, name: str, article: SourceText | None) -> None:
        vals = row.values
        value, phrase = vals.get(name), row.written.get(name)
        if value is None:
            if phrase:
                raise v.Invalid(f"`{name}_as_written` is given but `{name}` is empty",
                                f"write the date it stands for in `{name}`")
            return
        vals[name], vals[f"{name}_precision"] = v.partial_date(str(value))
        if not phrase or article is None:
            return
        own = vals.get(f"{name}_note")
        resolved = v.resolve_relative(phrase, article.published)
        if resolved is None and not own:
            raise v.Invalid(f"cannot resolve `{phrase}` by itself",
                            f"explain in `{name}_note` how the date follows from the source")
        if resolved is not None and resolved != vals[name]:
            raise v.Invalid(f"`{phrase}` resolves to {resolved} against the publication date {article.published}, not {vals[name]}",
                            f"write `{name}: {resolved}`")
        note = f'Written "{phrase}"'
        note += f"; resolved against the publication date {article.published.isoformat()}." if resolved else "."
        vals[f"{name}_note"] = f"{note} {own}" if own else note
