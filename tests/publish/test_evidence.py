"""The proof's binding, published: evidence.csv holds one row per binding, whose words are
the archived text's characters from start to end; records.csv lists every record of every
record table, so that each binding's record is a foreign key; and the bindings follow the
entries through the check cache. Every expectation is computed from the package read."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from scripts.bind.quote_text import normal
from scripts.publish.tables import index_csv
from scripts.publish.verify import verify
from scripts.schema.registry import ROOT, evidence_table, index_table, package_meta, record_tables, tables
from tests.helpers import archived_text, csv_table, run


@pytest.fixture(params=["live", "rich"])
def published(request) -> Path:
    """The project's own package, and the fixtures with synthetic entries (every table has rows)."""
    return ROOT if request.param == "live" else request.getfixturevalue("rich_package")


def records_of(root: Path) -> dict[str, tuple[str, dict]]:
    """Record id -> (its table, its row), read from the record tables."""
    return {row[table.id_field]: (name, row) for name, table in record_tables().items()
            for row in csv_table(root, name)}


def test_the_tables_are_declared_with_their_keys():
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    resources = {resource["name"]: resource for resource in package["resources"]}
    evidence, index = evidence_table(), index_table()
    assert evidence and index and {evidence.name, index.name} <= set(resources)
    keys = {(tuple(k["fields"]), k["reference"]["resource"], tuple(k["reference"]["fields"]))
            for k in resources[evidence.name]["schema"]["foreignKeys"]}
    assert (("record_id",), index.name, ("record_id",)) in keys and (("source_id",), "sources", ("source_id",)) in keys
    assert resources[index.name]["schema"]["primaryKey"] == ["record_id"]
    assert [f["type"] for f in resources[evidence.name]["schema"]["fields"] if f["name"] in ("start", "end")] == \
        ["integer", "integer"]


def test_words_are_the_archived_text_from_start_to_end(published):
    rows = csv_table(published, evidence_table().name)
    records = records_of(published)
    assert rows and records
    texts: dict[str, str] = {}
    places = defaultdict(list)
    quoted = set()
    for row in rows:
        text = texts.setdefault(row["source_id"], archived_text(published, row["source_id"]))
        start, end = int(row["start"]), int(row["end"])
        assert 0 <= start < end <= len(text) and text[start:end] == row["words"], row["evidence_id"]
        table, record = records[row["record_id"]]
        assert record["source_id"] == row["source_id"]
        assert row["column"] in tables()[table].columns, row["evidence_id"]
        places[(row["record_id"], row["column"])].append((start, end, row["evidence_id"]))
        if row["column"] in [f.name for f in tables()[table].kinds("quote")]:
            assert normal(row["words"]) == normal(record[row["column"]]), row["evidence_id"]  # the quote's own place
            quoted.add(row["record_id"])
    assert quoted == set(records)  # every record proven has its quote's place
    for (record_id, column), found in places.items():  # numbered 1, 2, ... in the order of the text
        assert [ident for _, _, ident in sorted(found)] == [f"{record_id}:{column}:{n}" for n in range(1, len(found) + 1)]


def test_records_hold_every_record_once_with_its_table(published):
    name = index_table().name
    rows = csv_table(published, name)
    assert {row["record_id"]: (row["table"], row["source_id"]) for row in rows} == \
        {ident: (table, row["source_id"]) for ident, (table, row) in records_of(published).items()}
    assert len(rows) == len(records_of(published))
    csvs = {table: (published / "data" / f"{table}.csv").read_bytes() for table in tables()}
    assert index_csv(index_table(), csvs) == csvs[name]  # derived from the record tables alone


def test_a_binding_to_no_record_fails_verify_and_frictionless(built, tmp_path):
    from frictionless import Package

    path = built / "data" / f"{evidence_table().name}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    record_id = csv_table(built, evidence_table().name)[0]["record_id"]
    lines[1] = lines[1].replace(f",{record_id},", f",{record_id}-gone,", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    descriptor = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:  # so that the edit reaches the key checks
        resource.pop("hash"), resource.pop("bytes")
    (built / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert any(problem.startswith(f"data/{evidence_table().name}.csv") and "record_id" in problem
               for problem in verify(built))
    report = Package(str(built / "datapackage.json")).validate()
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_a_removed_record_removes_its_evidence_through_the_cache(built, capsys):
    """Built once (the cache filled), then one record is removed from its entry: the next
    build, with every other entry from the cache, publishes the same bindings but that
    record's, and a check without the cache agrees."""
    assert run(capsys, "build", "--root", str(built))[0] == 0
    evidence, index = evidence_table().name, index_table().name
    before = csv_table(built, evidence)
    counts = defaultdict(int)
    for row in before:
        counts[row["record_id"]] += 1
    figures = {name for name, table in record_tables().items()  # a record with no figure: none left unaccounted
               if table.kinds("amount_text", "count", "share", "change", "factor") or table.meta.get("left_out")}
    kept = {ident: n for ident, n in counts.items() if records_of(built)[ident][0] not in figures}
    gone = max(sorted(kept), key=lambda ident: kept[ident])  # the record with the most bindings
    table, _ = records_of(built)[gone]
    source, local = gone.split(":", 1)
    entry = built / "data" / "sources" / f"{source}.yaml"
    content = yaml.safe_load(entry.read_text(encoding="utf-8"))
    content[table] = [record for record in content[table] if record["id"] != local]
    entry.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (built / "data" / "withdrawals.yaml").write_text(  # a published record leaves by a withdrawal
        f"- id: {gone}\n  table: {table}\n  release: {package_meta()['version']}\n  reason: Removed by the test.\n",
        encoding="utf-8")
    code, out, err = run(capsys, "build", "--root", str(built))
    assert code == 0, err
    assert csv_table(built, evidence) == [row for row in before if row["record_id"] != gone]
    assert gone not in {row["record_id"] for row in csv_table(built, index)}
    code, out, err = run(capsys, "check", "--no-cache", "--root", str(built))
    assert code == 0 and "published files are up to date" in out, err
