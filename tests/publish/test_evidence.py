"""The proof's binding, published: evidence.csv holds one row per binding, whose words are
the archived text's characters from start to end; records.csv lists every record of every
record table, so that each binding's record is a foreign key; and the bindings follow the
entries through the check cache. Every expectation is computed from the package read."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from scripts.bind.quote_text import normal
from scripts.core.cells import FORMULA_START
from scripts.publish.tables import index_csv
from scripts.publish.verify import verify
from scripts.schema.registry import ROOT, evidence_table, index_table, next_release, record_tables, tables
from tests.helpers import X, archived_text, csv_table, run


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
    assert (("source_id", "text_version"), "text_versions", ("source_id", "version")) in keys  # offsets of which text
    assert resources[index.name]["schema"]["primaryKey"] == ["record_id"]
    assert [f["type"] for f in resources[evidence.name]["schema"]["fields"] if f["name"] in ("start", "end")] == \
        ["integer", "integer"]


def test_words_are_the_archived_text_from_start_to_end(published):
    rows = csv_table(published, evidence_table().name)
    records = records_of(published)
    assert rows and records
    texts: dict[tuple[str, str], str] = {}
    places = defaultdict(list)
    quoted = set()
    for row in rows:  # each in the version of its text it names
        key = (row["source_id"], row["text_version"])
        text = texts.setdefault(key, archived_text(published, *key))
        start, end = int(row["start"]), int(row["end"])
        assert 0 <= start < end <= len(text) and text[start:end] == row["words"], row["evidence_id"]
        table, record = records[row["record_id"]]
        assert (record["source_id"], record["text_version"]) == key
        assert row["column"] in tables()[table].columns, row["evidence_id"]
        places[(row["record_id"], row["column"])].append((start, end, row["evidence_id"]))
        if row["column"] in [f.name for f in tables()[table].kinds("quote")]:
            assert normal(row["words"]) == normal(record[row["column"]]), row["evidence_id"]  # the quote's own place
            quoted.add(row["record_id"])
    assert quoted == set(records)  # every record proven has its quote's place
    assert published == ROOT or any(version != "1" for _, version in texts)  # an amended text's too
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
        f"- id: {gone}\n  table: {table}\n  release: {next_release()}\n  reason: Removed by the test.\n",
        encoding="utf-8")
    code, out, err = run(capsys, "build", "--root", str(built))
    assert code == 0, err
    assert csv_table(built, evidence) == [row for row in before if row["record_id"] != gone]
    assert gone not in {row["record_id"] for row in csv_table(built, index)}
    code, out, err = run(capsys, "check", "--no-cache", "--root", str(built))
    assert code == 0 and "published files are up to date" in out, err


# ------------------------------------------------------------------ the evidence against its texts
def reseal(root: Path) -> None:
    """The descriptor given the files' new sizes and hashes: only the planted edit remains."""
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        data = (root / resource["path"]).read_bytes()
        resource["bytes"], resource["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def edit_evidence(root: Path, change) -> int:
    """`change(row)` applied to the first evidence row that is not a quote's; its line."""
    path = root / "data" / f"{evidence_table().name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    at = next(n for n, row in enumerate(rows[1:], start=1) if row[header.index("column")] != "quote")
    rows[at] = change(dict(zip(header, rows[at])), header)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    reseal(root)
    return at + 1


def test_hand_edited_words_are_refused_by_verify(built):
    line = edit_evidence(built, lambda row, header: [{**row, "words": row["words"] + "x"}[c] for c in header])
    assert [p for p in verify(built) if p.startswith(f"data/{evidence_table().name}.csv:{line}: words: ")], verify(built)


def test_shifted_offsets_are_refused_by_verify(built):
    line = edit_evidence(built, lambda row, header: [{**row, "start": str(int(row["start"]) + 1),
                                                      "end": str(int(row["end"]) + 1)}[c] for c in header])
    assert any(p.startswith(f"data/{evidence_table().name}.csv:{line}: words: ") for p in verify(built))


def test_words_a_spreadsheet_would_run_are_refused_by_verify(built):
    line = edit_evidence(built, lambda row, header: [{**row, "words": "=" + row["words"]}[c] for c in header])
    assert any(p.startswith(f"data/{evidence_table().name}.csv:{line}: words: ") and "formula" in p
               for p in verify(built))


def test_a_changed_text_and_a_path_out_of_the_package_are_refused(built):
    texts = sorted((built / "data" / "sources").glob("*.txt"))
    texts[0].write_text(texts[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    path = built / "data" / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(f"data/sources/{texts[1].name}", "../outside.txt", 1),
                    encoding="utf-8")
    reseal(built)
    problems = verify(built)
    assert any(p.startswith("data/sources.csv:") and "text_sha256" in p and texts[0].name in p for p in problems)
    assert any(p.startswith("data/sources.csv:") and "`../outside.txt` is not a file inside the package" in p
               for p in problems)


def test_the_tables_alone_are_verified_as_tables(built):
    """A descriptor and its CSVs without the archived texts (what the gate stages): nothing to
    compare the evidence with, and nothing reported for it."""
    shutil.rmtree(built / "data" / "sources")
    assert verify(built) == []


def test_no_evidence_starts_with_a_formula_sign(built, capsys):
    """A binding whose words start with @, =, + or - (an attribution to "@KazStat") is published
    from its first other character: the words stay the archived text's own, and no cell is a
    formula."""
    source_id = "example-2015-05-07-kazakh-statistics"
    text = "Kazakhstan trade\n\nTrade between China and Kazakhstan reached 22 billion dollars in 2014, according to " \
           "@KazStat.\n"
    (built / "data" / "sources" / f"{source_id}.txt").write_text(text, encoding="utf-8")
    entry = {"id": source_id, "title": "Kazakhstan trade", "publisher": "Example Wire", "author": None,
             "published_date": "2015-05-07", "url": None, "language": "en",
             "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "notes": "Made up for a test.",
             "trade": [{"id": "turnover-2014", "reporter": "CHN", "partner": "KAZ", "flow": "turnover", "period": 2014,
                        "amount": "22 billion dollars", "stated_by": "KazStat",
                        "quote": "Trade between China and Kazakhstan reached 22 billion dollars in 2014, according to "
                                 "@KazStat."}]}
    (built / "data" / "sources" / f"{source_id}.yaml").write_text(yaml.safe_dump(entry, sort_keys=False),
                                                                  encoding="utf-8")
    code, out, err = run(capsys, "build", "--root", str(built))
    assert code == 0, err
    rows = [row for row in csv_table(built, evidence_table().name) if row["source_id"] == source_id]
    stater = [row for row in rows if row["column"] == "stated_by"]
    assert [row["words"] for row in stater] == ["KazStat"]
    assert all(not row["words"].startswith(FORMULA_START) and text[int(row["start"]):int(row["end"])] == row["words"]
               for row in rows)
    assert verify(built) == []


@pytest.fixture
def amended(rich_package, tmp_path) -> Path:
    """A copy of the package with an article its publisher amended (tests/conftest.py), to break."""
    root = tmp_path / "pkg"
    shutil.copytree(rich_package, root, ignore=shutil.ignore_patterns(".build.lock"))
    return root


def test_a_hand_edited_binding_of_an_amended_text_is_refused_by_verify(amended):
    """A binding of a record quoting version 2 is held to version 2's words: its words put back
    to the first text's, or its version changed, and verify refuses it; a version's text
    changed after the build is refused by its own hash."""
    assert verify(amended) == []
    name = evidence_table().name
    with (amended / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        index, line = next((n, reader.line_num) for n, r in enumerate(reader, start=1)  # the row's number, its line
                           if r["text_version"] == "2" and r["column"] == "amount_text" and r["words"] == "28.9 billion dollars")
    edit_evidence_row(amended, index, {"words": "28.6 billion dollars"})
    assert [p for p in verify(amended) if p.startswith(f"data/{name}.csv:{line}: words: `28.6 billion dollars` is "
                                                         "not what the archived text of ")
            and "(version 2)" in p], verify(amended)
    edit_evidence_row(amended, index, {"words": "28.9 billion dollars", "text_version": "1"})  # the first text's place
    assert any(p.startswith(f"data/{name}.csv:{line}: words: `28.9 billion dollars` is not what the archived text")
               for p in verify(amended))
    edit_evidence_row(amended, index, {"text_version": "2"})
    assert verify(amended) == []
    v2 = amended / "data" / "sources" / f"{X}.v2.txt"
    v2.write_bytes(v2.read_bytes().replace(b"28.9 billion", b"29.9 billion"))
    problems = verify(amended)
    assert any(p.startswith("data/text_versions.csv:") and f"text_sha256: data/sources/{X}.v2.txt has another "
               "SHA-256" in p for p in problems), problems
    assert any(p.startswith(f"data/{name}.csv:{line}: words: ") for p in problems)


def edit_evidence_row(root: Path, index: int, values: dict[str, str]) -> None:
    """Set `values` in the `index`-th evidence row (from 1), and reseal the descriptor."""
    path = root / "data" / f"{evidence_table().name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    rows[index] = [values.get(column, cell) for column, cell in zip(header, rows[index])]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    reseal(root)
