"""`python -m scripts verify` against `frictionless validate`: on a valid package both pass;
on a package with one planted error both fail, and ours names the file, line and field."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import Package
from frictionless import validate as frictionless_validate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.publish.verify import verify
from scripts.schema.registry import ROOT, tables


@pytest.fixture(scope="module")
def published(rich_package, tmp_path_factory) -> Path:
    """The published files of a package whose every table has rows (tests/conftest.py)."""
    root = tmp_path_factory.mktemp("published")
    for name in tables():
        (root / "data").mkdir(exist_ok=True)
        shutil.copy2(rich_package / "data" / f"{name}.csv", root / "data" / f"{name}.csv")
    shutil.copy2(rich_package / "datapackage.json", root / "datapackage.json")
    return root


@pytest.fixture
def pkg(published, tmp_path) -> Path:
    root = tmp_path / "pkg"
    shutil.copytree(published, root)
    return root


def read_rows(root: Path, table: str) -> list[list[str]]:
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def first_line(root: Path, table: str, row: int) -> int:
    """The line of the CSV file that row `row` (0: the header) starts on: a cell may hold line ends."""
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        reader, line = csv.reader(handle), 1
        for index, _ in enumerate(reader):
            if index == row:
                return line
            line = reader.line_num + 1
    return line


def write_rows(root: Path, table: str, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (root / "data" / f"{table}.csv").write_text(out.getvalue(), encoding="utf-8", newline="")


def reseal(root: Path) -> None:
    """Give the descriptor the files' new sizes and hashes, so that only the planted error remains."""
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        data = (root / resource["path"]).read_bytes()
        resource["bytes"] = len(data)
        resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def theirs(root: Path, changed: str | None = None) -> set[str]:
    """The error types frictionless finds in the package. When only the rows of table
    `changed` differ from the valid package (test_a_valid_package_passes_both), only that
    table and the tables whose foreign keys point at it can hold an error: frictionless
    validates each resource on its own, with its foreign keys, so validating those is
    validating the package, in a fraction of the time (most of it goes to reading each
    resource's descriptor)."""
    if changed is None:
        report = frictionless_validate(str(root / "datapackage.json"))
        return {error_type for (error_type,) in report.flatten(["type"])}
    package = Package(str(root / "datapackage.json"))
    names = [changed] + [resource.name for resource in package.resources if resource.name != changed and any(
        key["reference"]["resource"] == changed for key in resource.schema.to_descriptor().get("foreignKeys", []))]
    return {error_type for name in names for (error_type,) in package.get_resource(name).validate().flatten(["type"])}


def set_cell(root: Path, table: str, column: str, value: str, where=None) -> int:
    """Set the cell in the first row (or the first row for which `where(row)` holds); its line."""
    rows = read_rows(root, table)
    index = rows[0].index(column)
    for number, row in enumerate(rows[1:], start=1):
        if where is None or where(dict(zip(rows[0], row))):
            row[index] = value
            write_rows(root, table, rows)
            return number + 1
    raise AssertionError(f"no row of {table} to change")


def test_a_valid_package_passes_both(published):
    assert verify(published) == []
    assert theirs(published) == set()


def test_the_command_line_reports_and_exits_1(pkg):
    line = set_cell(pkg, "trade", "flow", "turnovr")
    reseal(pkg)
    result = subprocess.run([sys.executable, "-m", "scripts", "verify", "--root", str(pkg)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert f"data/trade.csv:{line}: flow: `turnovr` is not one of turnover, exports, imports" in result.stderr
    assert "Traceback" not in result.stderr
    assert "1 error(s)" in result.stdout


CELLS = [  # table, column, value, a row it fits, what frictionless calls it, what we say
    ("trade", "flow", "turnovr", None, "constraint-error", "is not one of turnover, exports, imports"),
    ("trade", "currency", "USDX", lambda r: r["currency"], "constraint-error", "does not match the pattern [A-Z]{3}"),
    ("trade", "amount", "-5", lambda r: r["amount"], "constraint-error", "is below the minimum 0"),
    ("trade", "amount", "1,5", lambda r: r["amount"], "type-error", "is not a number"),
    ("trade", "share_percent", "100.5", None, "constraint-error", "is above the maximum 100"),
    ("trade", "value_usd", "12.5", None, "type-error", "is not an integer"),
    ("trade", "quote", "", None, "constraint-error", "is empty, but required"),
    ("trade", "countries", "", None, "constraint-error", "is empty, but required"),
    ("agreements", "deal_count", "many", None, "type-error", "is not an integer"),
    ("agreements", "deal_count", "0", None, "constraint-error", "is below the minimum 1"),
    ("agreements", "name", "x" * 5000, None, "constraint-error", "is longer than"),
    ("sources", "published_date", "2024-02-30", None, "type-error", "is not a date (YYYY-MM-DD)"),
    ("sources", "published_date", "6 July 2024", None, "type-error", "is not a date (YYYY-MM-DD)"),
    ("sources", "url", "not a link", None, "type-error", "is not a URI with a scheme"),
    ("companies", "entity_id", "nobody", None, "foreign-key", "is not in entities.entity_id (foreign key)"),
    ("trade", "source_id", "no-such-source", None, "foreign-key", "is not in sources.source_id (foreign key)"),
    ("investment", "investor_entity", "nobody", None, "foreign-key",
     "is not in entities.entity_id (foreign key)"),
    ("groups", "group_id", "Central Asia", None, "constraint-error", "does not match the pattern"),
    ("facts", "agree", "maybe", None, "type-error", "is not a boolean"),
    ("trade", "fact_id", "no-such-fact", None, "foreign-key", "is not in facts.fact_id (foreign key)"),
]


@pytest.mark.parametrize("table, column, value, where, kind, message", CELLS,
                         ids=[f"{c[0]}.{c[1]}={c[2][:12]}" for c in CELLS])
def test_a_bad_cell_is_found_by_both(pkg, table, column, value, where, kind, message):
    line = set_cell(pkg, table, column, value, where)
    reseal(pkg)
    assert kind in theirs(pkg, table)
    errors = verify(pkg)
    assert any(error.startswith(f"data/{table}.csv:{line}: {column}: ") and message in error for error in errors), errors


def structural(pkg: Path, table: str, change) -> list[list[str]]:
    rows = read_rows(pkg, table)
    change(rows)
    write_rows(pkg, table, rows)
    reseal(pkg)
    return rows


def test_a_repeated_primary_key(pkg):
    structural(pkg, "agreements", lambda rows: rows.append(list(rows[3])))
    assert "primary-key" in theirs(pkg)
    count = len(read_rows(pkg, "agreements"))
    assert any(error.startswith(f"data/agreements.csv:{count}: agreement_id: ") and
               f"breaks the uniqueness of the primary key: it is on lines 4, {count}" in error
               for error in verify(pkg)), verify(pkg)


def test_an_extra_and_a_missing_cell_each_named(pkg):
    def change(rows):
        rows[2].append("surplus")
        rows[4].pop()
    structural(pkg, "trade", change)
    assert {"extra-cell", "missing-cell"} <= theirs(pkg)
    errors = verify(pkg)
    width = len(read_rows(pkg, "trade")[0])
    assert f"data/trade.csv:3: {width + 1} cells, the header has {width}" in errors
    assert f"data/trade.csv:5: {width - 1} cells, the header has {width}" in errors


def test_a_blank_row(pkg):
    path = pkg / "data" / "companies.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:3] + ["\n"] + lines[3:]), encoding="utf-8")
    reseal(pkg)
    assert "blank-row" in theirs(pkg)
    assert "data/companies.csv:4: a blank row" in verify(pkg)


def test_lines_after_a_blank_row_are_still_right(pkg):
    line = set_cell(pkg, "companies", "entity_id", "nobody", lambda row: row["presence_id"].startswith("xinhua"))
    path = pkg / "data" / "companies.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:2] + ["\n"] + lines[2:]), encoding="utf-8")
    reseal(pkg)
    assert line > 2
    errors = verify(pkg)
    assert "data/companies.csv:3: a blank row" in errors
    assert any(error.startswith(f"data/companies.csv:{line + 1}: entity_id: `nobody`") for error in errors), errors


def test_a_renamed_column(pkg):
    structural(pkg, "investment", lambda rows: rows[0].__setitem__(3, "investor_company"))
    assert "incorrect-label" in theirs(pkg)
    assert any(error.startswith("data/investment.csv:1: the header is ") for error in verify(pkg))


def test_a_changed_file_breaks_its_hash_and_size(pkg):
    set_cell(pkg, "trade", "notes", "an edit after publishing")  # not resealed
    assert {"hash-count", "byte-count"} <= theirs(pkg)
    errors = verify(pkg)
    assert any(error.startswith("data/trade.csv: its sha256 is ") for error in errors), errors
    assert any(error.startswith("data/trade.csv: ") and "bytes, the descriptor says" in error for error in errors)


def test_a_missing_file(pkg):
    (pkg / "data" / "groups.csv").unlink()
    assert theirs(pkg)
    assert "data/groups.csv: the file is missing" in verify(pkg)


def test_a_file_that_is_not_utf8(pkg):
    path = pkg / "data" / "entities.csv"
    path.write_bytes(path.read_bytes().replace(b"Huawei", b"Hua\xffwei", 1))
    reseal(pkg)
    assert theirs(pkg)
    errors = verify(pkg)
    assert any(error.startswith("data/entities.csv: cannot be read as") for error in errors), errors


def test_a_schema_feature_it_cannot_check_is_an_error_not_a_pass(pkg):
    path = pkg / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][1]["schema"]["fields"][5]["type"] = "geopoint"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    errors = verify(pkg)
    assert len(errors) == 1 and "type geopoint" in errors[0] and "extend it" in errors[0]


def test_many_bad_rows_are_counted_not_all_listed(pkg):
    rows = read_rows(pkg, "agreements")
    index = rows[0].index("agreement_id")
    for n in range(1200):
        extra = list(rows[1])
        extra[index] = f"Bad Id {n}"
        rows.append(extra)
    write_rows(pkg, "agreements", rows)
    reseal(pkg)
    errors = [error for error in verify(pkg) if ": agreement_id: " in error or "more rows like these" in error]
    assert len(errors) == 201 and errors[-1] == "data/agreements.csv: agreement_id: 1000 more rows like these"


@pytest.mark.parametrize("column, value", [
    ("value_usd", " 12"), ("value_usd", "1_000"), ("amount", "1_0.5"), ("amount", "Infinity"), ("amount", " 5 "),
    ("currency", "USD\n"),
])
def test_stricter_than_frictionless_where_the_published_format_is(pkg, column, value):
    """Frictionless reads these as Python would (int(" 12") is 12; `$` matches before a final
    newline); a published file never holds them, so ours calls them errors."""
    line = set_cell(pkg, "trade", column, value)
    reseal(pkg)
    assert any(error.startswith(f"data/trade.csv:{line}: {column}: ") for error in verify(pkg))


# Hypothesis: any one cell set to a value from a mix of plausible and hostile text. Whatever
# frictionless rejects, we reject too, naming that line; ours may be stricter only where the
# published format is (numbers in plain decimal notation, no spaces around values).
VALUES = st.one_of(
    st.sampled_from(["", "-1", "0", "1e3", "12.50", "NaN", "abc", "CHN", "central-asia", "2024-01-01", "2024",
                     "turnover", "huawei", "x" * 2100, "a,b", "day", "value", "exact", "1" * 25]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # tests/README.md: budgets
@given(data=st.data())
def test_whatever_frictionless_rejects_we_reject(published, tmp_path_factory, data):
    root = tmp_path_factory.mktemp("mutated")
    shutil.copytree(published, root, dirs_exist_ok=True)
    table = data.draw(st.sampled_from([t for t in tables() if len(read_rows(root, t)) > 1]), label="table")
    rows = read_rows(root, table)
    row = data.draw(st.integers(1, len(rows) - 1), label="row")
    column = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
    value = data.draw(VALUES, label="value")
    rows[row][column] = value
    write_rows(root, table, rows)
    reseal(root)
    ours = verify(root)
    if theirs(root, table):
        line = first_line(root, table, row)
        assert any(error.startswith((f"data/{table}.csv:{row + 1}: ", f"data/{table}.csv:{line}: "))
                   or "foreign key" in error or "uniqueness" in error for error in ours), ours
    for error in ours:
        assert error.startswith("data/") and "Traceback" not in error


def test_a_table_that_is_a_link_is_not_read(published, tmp_path):
    """A published file that is a symbolic link (to a file out of the package) is reported,
    never read: nothing of the file it points at reaches a message."""
    pkg = tmp_path / "pkg"
    shutil.copytree(published, pkg)
    outside = tmp_path / "outside.csv"
    outside.write_text("secret-header\nsecret-value\n", encoding="utf-8")
    linked = pkg / "data" / "corrections.csv"
    linked.unlink()
    linked.symlink_to(outside)
    errors = verify(pkg)
    assert "data/corrections.csv: a symbolic link, not a file of the package: not read" in errors
    assert not any("secret" in error for error in errors), errors
