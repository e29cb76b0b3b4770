"""Publish: render the tables and descriptors deterministically (scripts/publish/install.py
writes them).

Rows are sorted by id, columns follow the schema, numbers are written exactly
(`1300000000`, never `1.3e+09`), files are UTF-8 with `\\n` line ends, and the same
input always gives the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any, Callable

import pycountry
import yaml

from scripts.core.cells import LIST_SEPARATOR, Block, cell, csv_line, csv_rows
from scripts.core.files import Unsafe, read_regular, sha256_hex
from scripts.derive.fields import place_columns
from scripts.publish import citation, history
from scripts.publish.facts import facts_csv
from scripts.publish.grades import grader
from scripts.publish.series import series_csv
from scripts.schema.model import DERIVED_ROLES, Table
from scripts.schema.registry import fact_tables, package_meta, record_tables, registry_for, source_table, tables


def table_csv(name: str, blocks: list[Block]) -> bytes:
    """Header, then the rows sorted by id. One entry's rows are one block, and blocks of
    different entries do not interleave (every id starts with its entry's id), so sorting
    the blocks sorts the rows; should some interleave, the rows are sorted one by one."""
    table = tables()[name]
    ordered = sorted(blocks)  # by first id, then last
    if all(map(str.__lt__, [item.last for item in ordered[:-1]], [item.first for item in ordered[1:]])):
        body = b"".join([item.csv for item in ordered])
    else:
        key = table.columns.index(table.id_field)
        rows = sorted((row for item in blocks for row in csv.reader(io.StringIO(item.csv.decode("utf-8"), newline=""))),
                      key=lambda row: row[key])
        body = "".join(csv_line(row) for row in rows).encode("utf-8")
    return csv_line(table.columns).encode("utf-8") + body


def key_sets(blocks: dict[str, list[Block]]) -> dict[tuple[str, tuple[str, ...]], str]:
    """For each table made of blocks, what a foreign key to its id column sees of it (the
    ids it holds), as one hash: (table, (id column,)) -> hash. Two renderings with the same
    hash hold the same ids, so a foreign key checked against one holds against the other
    (scripts/publish/gate.py need not check it again when only other columns changed)."""
    out = {}
    for name, table in tables().items():
        if table.role in DERIVED_ROLES or not table.id_field or any(not item.keys for item in blocks.get(name, [])):
            continue
        parts = sorted((item.first, item.last, item.rows, item.keys) for item in blocks.get(name, []))
        out[(name, (table.id_field,))] = hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()
    return out


PROFILE_2 = "https://datapackage.org/profiles/2.0/datapackage.json"
# The files the build writes beside data/*.csv, at the package root.
DESCRIPTORS = ("datapackage.yaml", "datapackage.json")
CITATIONS = ("CITATION.cff", "CITATION.bib")
ARCHIVE_SERVICE = (".zenodo.json",)  # the metadata a DOI is minted from (Zenodo); in the release, not on the site
PUBLISHED = DESCRIPTORS + CITATIONS + ARCHIVE_SERVICE


def descriptor(csvs: dict[str, bytes]) -> dict[str, Any]:
    """datapackage.json: valid against the official 1.0 and 2.0 profiles, and carrying
    the profile names that readers of either look for (R's frictionless refuses a
    resource without `profile: tabular-data-resource`)."""
    meta = {k: v for k, v in package_meta().items() if k not in ("resources", "releases") and v is not None}
    meta = {"$schema": PROFILE_2, "profile": "tabular-data-package", **meta}
    resources = []
    for name, table in tables().items():
        content = csvs[name]
        schema = table.published_descriptor()
        resources.append({
            "name": name,
            "type": "table",
            "profile": "tabular-data-resource",
            "title": schema.pop("title"),
            "description": schema.pop("description"),
            "path": f"data/{name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(content),
            "hash": "sha256:" + sha256_hex(content),
            "schema": schema,
        })
    return {**meta, "resources": resources}


def _csv(table: Table, rows: list[dict[str, Any]]) -> bytes:
    """A derived table's CSV: header, then the rows sorted by their primary key."""
    key = table.descriptor["primaryKey"]
    ordered = sorted(rows, key=lambda row: [cell(row.get(column)) for column in key])
    return "".join(csv_line(cells) for cells in [table.columns] + [[cell(row.get(c)) for c in table.columns]
                                                                   for row in ordered]).encode("utf-8")


def link_csv(table: Table, csvs: dict[str, bytes]) -> bytes:
    """One row per item of the linked list column (`x-table.link`): the parent's id and the
    item, with a place's keyed columns filled (scripts/derive/fields.py)."""
    link = table.meta["link"]
    parent = tables()[link["table"]]
    item = table.fields[1]
    groups = {row[registry_for("place").id_field] for row in csv_rows(csvs[registry_for("place").name])} \
        if item.kind == "place" and registry_for("place") else set()
    rows = []
    for row in csv_rows(csvs[parent.name]):
        for value in dict.fromkeys(v for v in row[link["column"]].split(LIST_SEPARATOR) if v):
            out = {parent.id_field: row[parent.id_field], item.name: value}
            if item.kind == "place":
                out.update(place_columns(item.name, value, groups))
            rows.append(out)
    return _csv(table, rows)


def index_csv(table: Table, csvs: dict[str, bytes]) -> bytes:
    """records.csv: every record of every record table, with its table, its source and the
    releases that first published and last changed it (scripts/publish/history.py)."""
    current = {row[record.id_field]: {**row, "\0table": name}
               for name, record in record_tables().items() for row in csv_rows(csvs[name])}
    releases = history.release_columns(current)
    rows = [{"record_id": record, "table": row["\0table"], "source_id": row["source_id"],
             "first_release": releases[record][0], "last_changed_release": releases[record][1]}
            for record, row in current.items()]
    return _csv(table, rows)


def reference_csv(table: Table) -> bytes:
    """countries.csv: every country of ISO 3166-1, from the pinned pycountry."""
    rows = [{"country_code": c.alpha_3, "name": c.name, "alpha_2": c.alpha_2, "numeric_code": c.numeric}
            for c in pycountry.countries]
    return _csv(table, rows)


Memo = Callable[[str, list[bytes], Callable[[], bytes]], bytes]  # (table, its inputs, make it) -> its CSV


def render(blocks: dict[str, list[Block]], memo: Memo | None = None) -> dict[str, bytes]:
    """Every published file, by its path relative to the package root. A derived table is
    made by `memo`, when given, from the bytes it is made of (scripts/check/cache.py's Memo
    reads back one whose inputs did not change)."""
    def derived(name: str, inputs: list[bytes], make: Callable[[], bytes]) -> bytes:
        return memo(name, inputs, make) if memo else make()

    csvs = {name: table_csv(name, blocks[name]) for name, table in tables().items() if table.role not in DERIVED_ROLES}
    dates = "".join(f"{row['source_id']},{row['published_date']},{row.get('syndicates', '')},"  # what facts and
                    f"{row.get('publisher_entity', '')},{row.get('language', '')}\n"  # series read of the sources
                    for row in csv_rows(csvs[source_table().name]))
    entities = [csvs[t.name] for t in [registry_for("entity")] if t]  # who is official (grades, series)
    for name, table in tables().items():  # derived from the published tables above
        if table.role == "fact":
            csvs[name] = derived(name, [csvs[n] for n in fact_tables()] + [dates.encode()] + entities,
                                 lambda: facts_csv(csvs, grader(csvs)))
        elif table.role == "link":
            place = registry_for("place")
            inputs = [csvs[table.meta["link"]["table"]]] + ([csvs[place.name]] if place else [])
            csvs[name] = derived(name, inputs, lambda: link_csv(table, csvs))
        elif table.role == "series":
            csvs[name] = derived(name, [csvs[n] for n in fact_tables()] + [dates.encode()] + entities,
                                 lambda: series_csv(csvs))
        elif table.role == "index":
            csvs[name] = derived(name, [csvs[n] for n in record_tables()], lambda: index_csv(table, csvs))
        elif table.role == "reference":
            csvs[name] = reference_csv(table)
    csvs = {name: csvs[name] for name in tables()}  # in publishing order
    package = descriptor(csvs)
    files = {f"data/{name}.csv": content for name, content in csvs.items()}
    header = "# Generated by `make build` from schemas/ and data/: do not edit by hand.\n"
    files["datapackage.yaml"] = (header + yaml.dump(package, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True,
                                                    width=100)).encode("utf-8")
    files["datapackage.json"] = (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    files["CITATION.cff"] = citation.cff().encode("utf-8")
    files["CITATION.bib"] = citation.bibtex().encode("utf-8")
    files[".zenodo.json"] = citation.zenodo().encode("utf-8")
    return files


def stale(root: Path, files: dict[str, bytes]) -> list[str]:
    """The published files on disk that differ from what the inputs give."""
    out = []
    for relative, content in files.items():
        try:
            same = read_regular(root / relative, len(content)) == content  # a link or a FIFO is never up to date
        except Unsafe:
            same = False
        if not same:
            out.append(relative)
    return out