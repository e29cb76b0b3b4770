"""The site's index of the published package: every table's rows, read once, and the
records indexed by what they name (source, place, base, entity) and by fact, with the
links and the page writer every page uses. Pages read it; it calls none of them."""

from __future__ import annotations

import csv
import functools
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Callable

from scripts.core.files import MAX_TEXT_BYTES, SOURCE_ID, Unsafe, package_path, read_regular
from scripts.core.problems import one_line
from scripts.publish.series import Officials, officials_of, series_table
from scripts.schema.registry import (
    evidence_table,
    facts_table,
    record_tables,
    registry_for,
    source_table,
    tables,
    versions_table,
)
from scripts.site import charts, worldmap
from scripts.site.atlas import DEFAULT_REGION
from scripts.site.escape import country_name, e
from scripts.site.words import series_name

LATER = re.compile(r"v[1-9][0-9]*")  # a later version of an archived text, in its file's name
PAGE = re.compile(r"[^/]+(/[^/]+)*")  # a page's or chart's place in the site: each part a plain name (package_path)
FRAGMENTS = ".fragments"  # within the docs folder; mkdocs skips dot-folders
EXTERNAL = re.compile(r'<div class="srt-table"[^>]* data-search-exclude>\n.*?</table>\n</div>\n', re.S)


def load(root: Path) -> dict[str, list[dict]]:
    """Every table's rows the pages read: not the evidence (read apart, in brief: bindings)
    nor the list of records (the record tables are read)."""
    data = {}
    for name, table in tables().items():
        if table.role in ("evidence", "index"):
            continue
        with (root / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            data[name] = list(csv.DictReader(handle))
    return data


Bindings = dict[str, list[tuple[str, int, int]]]  # record id -> (column, start, end) in its archived text


def bindings(root: Path, text: Callable[[str, str], str | None]) -> Bindings:
    """The bindings of evidence.csv of the records that have any besides their quote's (the
    ones a page marks), read row by row, each only while its words are still those of the
    archived text (`text(source id, version)`) at its place."""
    evidence = evidence_table()
    if evidence is None:
        return {}
    quotes = {f.name for table in record_tables().values() for f in table.kinds("quote")}
    out: Bindings = {}
    marked = set()
    names: dict[str, str] = {}  # each column's name held once
    with (root / "data" / f"{evidence.name}.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        at = {column: index for index, column in enumerate(next(rows, []))}
        for row in rows:
            record, column = row[at["record_id"]], names.setdefault(row[at["column"]], row[at["column"]])
            version = (row[at["text_version"]] if "text_version" in at else "") or "1"
            start, end, archived = int(row[at["start"]]), int(row[at["end"]]), text(row[at["source_id"]], version)
            if archived is None or archived[start:end] != row[at["words"]]:
                continue
            out.setdefault(record, []).append((column, start, end))
            if column not in quotes:
                marked.add(record)
    return {record: found for record, found in out.items() if record in marked}


class Site:
    def __init__(self, root: Path, out: Path) -> None:
        self.root, self.out = root, out
        self.data = load(root)
        self.groups = self.registry("place")  # group id -> its row; members: self.members(id)
        self.entities = self.registry("entity")
        self.entity_table = registry_for("entity")
        sources = source_table()
        self.sources = {s[sources.id_field]: s for s in self.data[sources.name]}
        facts = facts_table()
        self.facts = {row["fact_id"]: row for row in self.data[facts.name]} if facts else {}
        self.records_by_id: dict[str, tuple] = {}  # record id -> (its table, its row)
        self.texts: dict[tuple[str, str], str | None] = {}  # (source id, version) -> its text, read once (text())
        versions = versions_table()  # source id -> the rows of its text's versions, in order
        self.versions: dict[str, list[dict]] = defaultdict(list)
        for row in sorted(self.data[versions.name] if versions else [], key=lambda r: int(r["version"] or 0)):
            self.versions[row["source_id"]].append(row)
        self.bindings = bindings(root, self.text)  # of the records whose quotes a page marks
        self.fact_reports: dict[str, list[str]] = {}  # fact id -> its records' ids
        # records by what they name, built in one pass: value -> table name -> rows
        self.by_source: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        self.by_place: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))  # named itself
        self.by_base: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))  # a figure's base
        self.by_entity: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        series = set()
        for name, table in record_tables().items():
            chart = table.meta.get("site", {}).get("chart") or {}
            indexes = ((self.by_place, table.kinds("country", "place", "places")), (self.by_base, table.kinds("base")),
                       (self.by_entity, table.kinds("entity", "entities")))
            for row in self.data[name]:
                for index, fields in indexes:
                    values = {v for f in fields for v in (row.get(f.name) or "").split(",") if v}
                    for value in values:
                        index[value][name].append(row)
                    if index is self.by_place and "countries" in table.uses:
                        # a country the record concerns other than as a member of a group it names
                        through = {m for g in values if g in self.groups for m in self.members(g)}
                        for code in set(row["countries"].split(",")) - through - values - {""}:
                            index[code][name].append(row)
                self.by_source[row["source_id"]][name].append(row)
                self.records_by_id[row[table.id_field]] = (table, row)
                if row.get("fact_id"):
                    self.fact_reports.setdefault(row["fact_id"], []).append(row[table.id_field])
                if chart.get("type") == "figures" and row.get("value_usd"):
                    series.add(series_name(table, row))
        self.styles = charts.series_styles(series)  # one colour and marker per series on every page

    @staticmethod
    def naming(index: dict[str, dict[str, list[dict]]], key: str, table: str) -> list[dict]:
        """The rows of `table` an index (by_place, by_base, by_entity, by_source) holds under
        `key`, without adding the key to it."""
        return index[key][table] if key in index else []

    def registry(self, kind: str) -> dict[str, dict]:
        """The rows of the registry whose ids name values of this kind, by id."""
        table = registry_for(kind)
        return {row[table.id_field]: row for row in self.data[table.name]} if table else {}

    @functools.cached_property
    def officials(self) -> Officials:
        """Who speaks officially, by the series' rule (scripts/publish/series.py, Officials)."""
        spec = series_table().meta["series"] if series_table() else {}
        return officials_of(self.entities.values(), self.sources.values(), spec.get("official", []))

    def members(self, group: str) -> list[str]:
        return self.groups[group][registry_for("place").meta["stands_for"]].split(",")

    # ------------------------------------------------------------ helpers
    def place(self, code: str, prefix: str, named: bool = False) -> str:
        """A link to a country's or group's page, showing its code (or, named, its name)."""
        if not code:
            return ""
        name = self.groups[code]["name"] if code in self.groups else country_name(code)
        if named:
            return f'<a href="{prefix}countries/{e(code)}.html">{e(name)}</a>'
        return f'<a href="{prefix}countries/{e(code)}.html"><abbr title="{e(name)}">{e(code)}</abbr></a>'

    def entity(self, ident: str, prefix: str) -> str:
        """A link to a company's or organisation's page, showing its name."""
        if ident not in self.entities:
            return e(ident)
        return f'<a href="{prefix}companies/{e(ident)}.html">{e(self.entities[ident]["name"])}</a>'

    def map(self, counts: dict[str, int], prefix: str) -> str:
        """The map of the countries with records, shaded by how many name them."""
        return ('<figure class="srt-figure-map">' + worldmap.svg(
            counts, lambda code: f"{prefix}countries/{code}.html",
            "Countries by number of records", "Each country the records name is shaded by how many records name "
            "it; a record for a group (such as Central Asia) counts for the group, not its members. The table on "
            "the Countries page gives the same counts. Countries in the dataset's scope that no record names yet "
            "are white, outlined.", scope=sorted(set(DEFAULT_REGION) | set(self.covered()))) + "</figure>\n")

    def write(self, relative: str, text: str) -> None:
        """Write a page. Its tables kept out of search (a country's, a company's, the facts'
        records, whose rows are searched on their source pages) go to fragment files that
        scripts/site/hooks.py puts back into the built page: mkdocs then never holds them
        all at once, which keeps its memory flat as the dataset grows."""
        path = self.page_path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        count = 0

        def fragment(match: re.Match) -> str:
            nonlocal count
            count += 1
            name = f"{relative.removesuffix('.md')}/{count}"
            target = self.out / FRAGMENTS / f"{name}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(match.group(0), encoding="utf-8")
            return f"<!-- srt-fragment {name} -->\n"

        path.write_text(EXTERNAL.sub(fragment, text), encoding="utf-8")

    def page_path(self, relative: str) -> Path:
        """Where a page or a chart goes in the site's folder. Its name holds ids from the data
        (a source's, a company's, a country's), so it must be a plain path inside the folder."""
        try:
            return self.out / package_path(relative, PAGE, "a page of the site")
        except Unsafe as error:
            raise SystemExit(f"site page {json.dumps(relative)[:120]}: {error.message} — {error.fix}; the site was "
                             "not finished") from None

    @functools.cached_property
    def covered_codes(self) -> list[str]:
        codes: set[str] = set()
        for name, table in record_tables().items():
            for row in self.data[name]:
                if "countries" in table.uses:
                    codes.update(c for c in row["countries"].split(",") if c)
                codes.update(row[f.name] for f in table.kinds("country") if row[f.name])
        for group in self.groups:  # a record naming a group concerns each member
            codes.update(self.members(group))
        return sorted(codes)

    def covered(self) -> list[str]:
        """Every country a record concerns, and every member of a group."""
        return self.covered_codes

    def archived(self, sid: str, version: str = "1") -> bytes:
        """A source's archived text, or a later version of it: read from data/sources/<id>.txt
        (<id>.v<version>.txt) only, whatever the CSVs' text_path says, as a regular file
        inside data/ within the size limit."""
        try:
            name = package_path(sid, SOURCE_ID, "a source id") + ("" if version == "1" else
                                                                   f".{package_path(f'v{version}', LATER, 'a version')}")
            return read_regular(self.root / "data" / "sources" / f"{name}.txt", MAX_TEXT_BYTES, self.root / "data")
        except Unsafe as error:
            raise SystemExit(f"data/sources/{one_line(sid)}.txt (version {one_line(version)}): {error.message} — "
                             f"{error.fix}; the site was not finished") from None

    def text(self, sid: str, version: str = "1") -> str | None:
        """A version of a source's archived text as the offsets of evidence.csv count it (None
        if not UTF-8)."""
        if (sid, version) not in self.texts:
            try:
                self.texts[(sid, version)] = self.archived(sid, version).decode("utf-8")
            except UnicodeDecodeError:
                self.texts[(sid, version)] = None
        return self.texts[(sid, version)]

    def copy_text(self, source: dict) -> None:
        """Publish the archived text, and every later version of it (archived)."""
        texts = self.out / "sources" / "texts"
        texts.mkdir(parents=True, exist_ok=True)
        sid = source["source_id"]
        (texts / f"{sid}.txt").write_bytes(self.archived(sid))
        for row in self.versions.get(sid, [])[1:]:
            (texts / f"{sid}.v{row['version']}.txt").write_bytes(self.archived(sid, row["version"]))
