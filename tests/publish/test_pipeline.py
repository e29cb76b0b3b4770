"""The whole flow: build, check, round trip, determinism, staleness, the frictionless gate."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import yaml
from frictionless import Package

from scripts.check.proof import normal
from scripts.check.runner import run as run_checks
from scripts.core.problems import Problems
from scripts.publish.tables import cell
from scripts.schema.model import DERIVED_ROLES
from scripts.schema.registry import ROOT, record_tables, tables
from tests.helpers import run, snapshot


def entry_paths(root: Path) -> list[Path]:
    return sorted((root / "data" / "sources").glob("*.yaml"))


def test_committed_package_is_up_to_date(capsys):
    code, out, err = run(capsys, "check")
    assert code == 0, err
    assert f"{len(entry_paths(ROOT))} entry file(s) checked" in out
    assert "published files are up to date" in out


def test_build_is_byte_identical_to_the_committed_release_and_repeatable(package, capsys):
    before = snapshot(package)
    assert run(capsys, "build", "--root", str(package))[0] == 0
    first = snapshot(package)
    assert first == before  # the committed files are exactly what the inputs give
    assert run(capsys, "build", "--root", str(package))[0] == 0
    assert snapshot(package) == first
    assert not (package / ".build-staging").exists()


def test_order_of_records_in_entries_does_not_change_the_output(package, capsys):
    before = snapshot(package)
    for path in entry_paths(package):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        for table in record_tables():
            if table in entry:
                entry[table].reverse()
        path.write_text(yaml.safe_dump(dict(reversed(list(entry.items()))), allow_unicode=True), encoding="utf-8")
    assert run(capsys, "build", "--root", str(package))[0] == 0
    after = snapshot(package)
    assert {k: v for k, v in after.items() if not k.endswith(".yaml") or k == "datapackage.yaml"} == \
           {k: v for k, v in before.items() if not k.endswith(".yaml") or k == "datapackage.yaml"}


def test_numbers_are_written_exactly():
    text = (ROOT / "data" / "trade.csv").read_text(encoding="utf-8")
    assert "28600000000" in text and "1300000000" in text
    assert "e+" not in text and ".0," not in text
    raw = (ROOT / "data" / "trade.csv").read_bytes()
    assert b"\r\n" not in raw and raw.endswith(b"\n")


def yaml_records(root: Path) -> dict[str, dict[str, dict]]:
    """The records as the entry files hold them, read independently of the build (table -> id -> record)."""
    out: dict[str, dict[str, dict]] = {t: {} for t in record_tables()}
    for path in entry_paths(root):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        for table in record_tables():
            for record in entry.get(table, []):
                key = f"{entry['id']}:{record['id']}"
                assert key not in out[table]
                out[table][key] = record
    return out


def test_round_trip_every_record_once_with_equal_values():
    records = yaml_records(ROOT)
    assert sum(map(len, records.values())) > 0
    package = Package(str(ROOT / "datapackage.yaml"))
    for table_name in record_tables():
        table = tables()[table_name]
        with (ROOT / "data" / f"{table_name}.csv").open(encoding="utf-8", newline="") as handle:
            csv_rows = list(csv.DictReader(handle))
        frictionless_rows = package.get_resource(table_name).read_rows()
        ids = [row[table.id_field] for row in csv_rows]
        assert sorted(ids) == sorted(records[table_name]), table_name  # each record exactly once
        assert [row[table.id_field] for row in frictionless_rows] == ids
        for row, typed in zip(csv_rows, frictionless_rows):
            record = records[table_name][row[table.id_field]]
            for fld in table.fields:
                key = fld.entry_key
                if key is None or key == "id" or key not in record:
                    continue
                written = record[key]
                if isinstance(written, dt.date):
                    written = written.isoformat()
                if isinstance(written, str):
                    published = " ".join(row[fld.name].split())
                    written = " ".join(written.split())
                    if fld.name.endswith("_note") and fld.name.replace("_note", "_as_written") in record:
                        # the build puts how it resolved the phrase before the curator's note
                        assert published.startswith("Written ") and published.endswith(" " + written)
                    else:
                        assert published == written, (table_name, fld.name)
                elif isinstance(written, list):
                    assert row[fld.name].split(",") == [str(w) for w in written]
                else:
                    assert row[fld.name] == str(written), (table_name, fld.name)
                value = typed[fld.name]
                if fld.type == "integer":
                    assert value == int(row[fld.name])
                elif fld.type == "number":
                    assert Decimal(str(value)) == Decimal(row[fld.name])
                elif fld.type == "list":  # published as a string of items joined by commas
                    assert value == row[fld.name]
                else:
                    assert cell(value) == row[fld.name]
            if "amount_text" in row and row["amount_text"]:
                assert typed["value_usd"] is None or typed["value_usd"] == int(Decimal(row["amount"]))


def test_checked_rows_are_the_published_rows():
    problems = Problems()
    data = run_checks(ROOT, problems, use_cache=False)
    assert not problems
    for name, table in tables().items():
        if table.role in DERIVED_ROLES:
            continue  # derived from the published tables, not checked rows (below)
        published = (ROOT / "data" / f"{name}.csv").read_text(encoding="utf-8").splitlines(keepends=True)[1:]
        checked = [line for block in data.blocks[name] for line in block.csv.decode("utf-8").splitlines(keepends=True)]
        assert len(published) == len(checked) == data.rows(name)
        assert sorted(published) == sorted(checked)
    from scripts.publish.facts import facts_csv
    from scripts.publish.grades import grader
    from scripts.publish.series import series_csv

    csvs = {name: (ROOT / "data" / f"{name}.csv").read_bytes() for name in tables()}
    assert facts_csv(csvs, grader(csvs)) == csvs["facts"]
    assert series_csv(csvs) == csvs["series"]
    from scripts.publish.tables import link_csv, reference_csv

    for name, table in tables().items():  # the link tables and countries, from the published tables alone
        if table.role == "link":
            assert link_csv(table, csvs) == csvs[name]
            parent = tables()[table.meta["link"]["table"]]
            items = [(row[parent.id_field], item) for row in csv.DictReader(io.StringIO(csvs[parent.name].decode("utf-8")))
                     for item in row[table.meta["link"]["column"]].split(",") if item]
            linked = [(row[table.columns[0]], row[table.columns[1]]) for row in csv.DictReader(io.StringIO(csvs[name].decode("utf-8")))]
            assert sorted(linked) == sorted(set(items))
        elif table.role == "reference":
            assert reference_csv(table) == csvs[name]


def test_blocks_that_interleave_are_published_row_by_row():
    from scripts.publish.tables import Block, csv_line, table_csv

    def rows(*ids):
        return [csv_line([id_, "x,y", "a \"quoted\"\nline"]) for id_ in ids]

    def make(*ids):
        return Block(min(ids), max(ids), len(ids), "".join(sorted(rows(*ids))).encode("utf-8"))

    apart = table_csv("groups", [make("c", "d"), make("a", "b")])
    interleaved = table_csv("groups", [make("a", "c"), make("b", "d")])
    header = csv_line(tables()["groups"].columns)
    assert apart == interleaved == (header + "".join(rows("a", "b", "c", "d"))).encode("utf-8")


def test_every_quote_is_in_its_archived_text():
    texts = {}
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        for source in csv.DictReader(handle):
            texts[source["source_id"]] = normal((ROOT / source["text_path"]).read_text(encoding="utf-8"))
    checked = 0
    for table in record_tables():
        with (ROOT / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                quote = tables()[table].kinds("quote")[0].name  # left_out's figure words are quoted too
                assert normal(row[quote]) in texts[row["source_id"]], row[tables()[table].id_field]
                checked += 1
    assert checked >= 30


def test_frictionless_validate_cli_passes_on_both_descriptors():
    executable = Path(sys.executable).parent / "frictionless"
    for descriptor in ("datapackage.yaml", "datapackage.json"):
        result = subprocess.run([str(executable), "validate", descriptor], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_datapackage_json_is_self_contained_and_carries_a_version():
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"].count(".") == 2
    for resource in package["resources"]:
        assert isinstance(resource["schema"], dict) and resource["schema"]["fields"]
        assert resource["hash"].startswith("sha256:")
    assert package == yaml.safe_load((ROOT / "datapackage.yaml").read_text(encoding="utf-8"))


def test_stale_outputs_fail_check_and_name_the_fix(package, capsys):
    entry = package / "data" / "sources" / "xinhua-2015-05-07-china-kazakhstan-capacity-cooperation.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("activity: telecom\n", "activity: Telecom\n"), encoding="utf-8")
    code, _, err = run(capsys, "check", "--root", str(package))
    assert code == 2
    # records.csv too: the record has changed since the last release (last_changed_release)
    assert err.strip() == ("out of date: data/companies.csv, data/records.csv, datapackage.yaml, datapackage.json — "
                           "run `make build` and commit the result")


def test_check_of_named_files_only(package, capsys):
    entry = entry_paths(package)[0]
    code, out, _ = run(capsys, "check", "--root", str(package), str(entry))
    assert code == 0
    assert out.startswith("1 entry file(s) checked")


def test_a_run_over_zero_entry_files_fails(package, capsys):
    for path in entry_paths(package):
        path.unlink()
    before = snapshot(package)
    for command in ("check", "build"):
        code, _, err = run(capsys, command, "--root", str(package))
        assert code == 1
        assert "no entry files (*.yaml) found: nothing was checked" in err
    assert snapshot(package) == before


def test_command_line_runs_without_traceback_on_bad_input(package):
    entry = entry_paths(package)[0]
    entry.write_text("id: [unclosed\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "scripts", "build", "--root", str(package)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"data/sources/{entry.name}:2:1: YAML syntax:")
