"""The package as its users read it, with tools nobody here wrote: the official Data
Package profiles, frictionless-py, pandas, polars, DuckDB, SQLite, Parquet and R's
frictionless, each through the snippet docs/using.md prints; and the release archive,
unzipped elsewhere. The package read is built from the frozen fixture entries plus
synthetic ones, so every table has rows whatever data/ holds."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import zipfile
from contextlib import contextmanager
from pathlib import Path

import jsonschema
import pytest

from scripts.bind.quote_text import normal
from scripts.publish.verify import verify
from scripts.release.archive import build as build_release
from scripts.schema.registry import ROOT, tables
from tests.helpers import run

SHARED = ROOT.parent / "shared"
PROFILES = SHARED / "profiles"
R_CLIENT = SHARED / "clients" / "frictionless-r"
USING = (ROOT / "docs" / "using.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIG = 2**31  # R's integers stop below it


def snippets(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def rows(root: Path, path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((root / path).read_bytes().decode("utf-8"), newline="")))  # line ends kept


@contextmanager
def inside(folder: Path):
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.fixture(scope="module")
def package(rich_package, tmp_path_factory) -> Path:
    """The package of the frozen fixtures and 12 synthetic entries (tests/conftest.py), with
    its release."""
    root = tmp_path_factory.mktemp("clients") / "pkg"
    shutil.copytree(rich_package, root)
    build_release(root, root / "release")
    return root


@pytest.fixture(scope="module")
def descriptor(package) -> dict:
    return json.loads((package / "datapackage.json").read_text(encoding="utf-8"))


def resources(descriptor: dict) -> dict[str, dict]:
    return {r["name"]: r for r in descriptor["resources"]}


def test_every_table_has_rows_to_read(package, descriptor):
    """Else the type checks below would check nothing."""
    for name, resource in resources(descriptor).items():
        assert rows(package, resource["path"]), f"{name} is empty in the test package"
    assert any(int(r["value_usd"]) >= BIG for r in rows(package, "data/trade.csv") if r["value_usd"])


# ------------------------------------------------------------------ the official profiles
@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_descriptor_is_valid_against_the_official_profile(package, version):
    if not PROFILES.is_dir():
        pytest.skip(f"the official profiles are not at {PROFILES}")
    profile = json.loads((PROFILES / version / "datapackage.json").read_text(encoding="utf-8"))
    for path in (package / "datapackage.json", ROOT / "datapackage.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        validator = jsonschema.Draft7Validator(profile, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
        errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(data)]
        assert errors == []


def test_descriptor_names_its_profiles_and_release(descriptor):
    assert descriptor["$schema"].endswith("/2.0/datapackage.json") and descriptor["profile"] == "tabular-data-package"
    assert {r["profile"] for r in descriptor["resources"]} == {"tabular-data-resource"}
    assert {r["type"] for r in descriptor["resources"]} == {"table"}
    for key in ("id", "created", "version", "contributors", "sources", "licenses"):
        assert descriptor[key], key
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", descriptor["created"])
    fields = [f for r in descriptor["resources"] for f in r["schema"]["fields"]]
    assert {f["type"] for f in fields} <= {"string", "integer", "number", "boolean", "date"}
    assert all(isinstance(f["example"], str) for f in fields if "example" in f)


# ------------------------------------------------------------------ references a validator checks
def unhash(root: Path) -> None:
    """Drop the sizes and hashes from the descriptor, so that a test's edit of a CSV reaches
    the checks after them."""
    data = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for resource in data["resources"]:
        resource.pop("hash"), resource.pop("bytes")
    (root / "datapackage.json").write_text(json.dumps(data), encoding="utf-8")


def test_every_reference_is_a_foreign_key(descriptor):
    """Codes and group ids are told apart, each with its key; lists have link tables."""
    keys = {(r["name"], tuple(k["fields"])): k["reference"]["resource"]
            for r in descriptor["resources"] for k in r["schema"].get("foreignKeys", [])}
    for name, table in tables().items():
        for fld in table.fields:
            if fld.kind in ("place", "base"):
                assert keys[(name, (f"{fld.name}_country",))] == "countries"
                assert keys[(name, (f"{fld.name}_group",))] == "groups"
            elif fld.kind == "country":
                assert keys[(name, (fld.name,))] == "countries"
            elif fld.kind == "entity":
                assert keys[(name, (fld.name,))] == "entities"
    links = {(t.meta["link"]["table"], t.meta["link"]["column"]) for t in tables().values() if t.role == "link"}
    for name, table in tables().items():
        for fld in table.fields:
            if fld.kind in ("places", "entities") or (fld.kind == "countries" and table.role == "registry"):
                assert (name, fld.name) in links, f"{name}.{fld.name} has no link table"


def test_a_broken_reference_fails_frictionless_and_verify(package, tmp_path):
    from frictionless import Package

    copy = tmp_path / "pkg"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("release"))
    path = copy / "data" / "agreement_entities.csv"
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[1].split(",")[1]
    path.write_text(text.replace(f",{first}\n", ",no-such-entity\n", 1), encoding="utf-8")
    unhash(copy)
    with inside(copy):
        report = Package("datapackage.json").validate()
    assert not report.valid and "foreign-key" in {e.type for task in report.tasks for e in task.errors}
    assert any("agreement_entities" in problem and "entity_id" in problem for problem in verify(copy))


# ------------------------------------------------------------------ Python clients, as printed
EXPECTED = {  # Table Schema type -> what each client gives
    "pandas": {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean", "date": "datetime64"},
    "polars": {"string": "String", "integer": "Int64", "number": "Float64", "boolean": "Boolean", "date": "Date"},
    "duckdb": {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"},
}


def snippet_namespace(package: Path, marker: str, capsys) -> dict:
    """Run the docs/using.md Python snippet that contains `marker` in the package's folder."""
    found = [s for s in snippets(USING, "python") if marker in s]
    assert len(found) == 1, marker
    namespace: dict = {}
    with inside(package):
        exec(compile(found[0], f"docs/using.md ({marker})", "exec"), namespace)
    assert capsys.readouterr().out.strip()  # it printed its table
    return namespace


def integers(package: Path, resource: dict) -> dict[str, list[int | None]]:
    out = {}
    table = rows(package, resource["path"])
    for f in resource["schema"]["fields"]:
        if f["type"] == "integer":
            out[f["name"]] = [int(r[f["name"]]) if r[f["name"]] else None for r in table]
    return out


def texts(package: Path, resource: dict) -> dict[str, list[str | None]]:
    """The string columns as the CSV holds them (None for an empty cell), line ends within
    a cell kept (evidence.words holds some)."""
    table = rows(package, resource["path"])
    return {f["name"]: [r[f["name"]] or None for r in table] for f in resource["schema"]["fields"] if f["type"] == "string"}


def test_pandas_loader_gives_the_schema_types(package, descriptor, capsys):
    namespace = snippet_namespace(package, "PANDAS_TYPES", capsys)
    for name, resource in resources(descriptor).items():
        with inside(package):
            frame = namespace["read_table"](name)
        for f in resource["schema"]["fields"]:
            assert str(frame[f["name"]].dtype).startswith(EXPECTED["pandas"][f["type"]]), (name, f["name"])
        for column, values in integers(package, resource).items():
            assert [None if v is None or v is getattr(__import__("pandas"), "NA") else int(v)
                    for v in frame[column].tolist()] == values
        for column, values in texts(package, resource).items():
            assert [None if v is getattr(__import__("pandas"), "NA") else v for v in frame[column].tolist()] == values
    with inside(package):
        countries = namespace["read_table"]("countries")
    assert countries.loc[countries["country_code"] == "NAM", "alpha_2"].tolist() == ["NA"]


def test_polars_loader_gives_the_schema_types(package, descriptor, capsys):
    namespace = snippet_namespace(package, "POLARS_TYPES", capsys)
    for name, resource in resources(descriptor).items():
        with inside(package):
            frame = namespace["read_table"](name)
        assert [str(t) for t in frame.dtypes] == [EXPECTED["polars"][f["type"]] for f in resource["schema"]["fields"]]
        for column, values in {**integers(package, resource), **texts(package, resource)}.items():
            assert frame[column].to_list() == values


def test_duckdb_views_give_the_schema_types(package, descriptor, capsys):
    import duckdb

    snippet_namespace(package, "DUCKDB_TYPES", capsys)
    with inside(package):
        for name, resource in resources(descriptor).items():
            described = duckdb.sql(f"DESCRIBE {name}").fetchall()
            assert [row[1] for row in described] == [EXPECTED["duckdb"][f["type"]] for f in resource["schema"]["fields"]]
            for column, values in {**integers(package, resource), **texts(package, resource)}.items():
                assert [row[0] for row in duckdb.sql(f'SELECT "{column}" FROM {name}').fetchall()] == values


def test_frictionless_reads_every_resource(package, descriptor, capsys):
    from frictionless import Package

    with inside(package):
        for snippet in snippets(USING, "python")[:1] + snippets(README, "python"):
            exec(compile(snippet, "snippet", "exec"), {})
            assert capsys.readouterr().out.strip()
        loaded = Package("datapackage.json")
        assert loaded.validate().valid
        for name, resource in resources(descriptor).items():
            read = loaded.get_resource(name).read_rows()
            assert len(read) == len(rows(package, resource["path"]))
            for column, values in integers(package, resource).items():
                assert [row[column] for row in read] == values


def test_every_snippet_is_tested():
    """Each snippet of docs/using.md and the README is run by one of the tests here."""
    python = snippets(USING, "python")
    assert len(python) == 6 and len(snippets(USING, "sql")) >= 3 and len(snippets(USING, "r")) == 1
    assert len(snippets(README, "python")) == 1
    assert set(re.findall(r"```(\w+)\n", USING)) <= {"python", "sql", "r"}


def test_the_count_per_country_snippet_counts_as_the_country_pages(package, capsys, tmp_path):
    """The documented count of agreements per country is the one the site's country pages
    show (its index of records by place, scripts/site/index.py): an independent computation."""
    from scripts.site.index import Site

    namespace = snippet_namespace(package, "def places", capsys)
    counted = namespace["agreements"].explode("place").dropna(subset=["place"]).groupby("place").size().to_dict()
    pages = {place: len(rows["agreements"]) for place, rows in Site(package, tmp_path / "docs").by_place.items()
             if rows.get("agreements")}
    assert counted and counted == pages


def test_the_other_python_snippets_run(package, capsys):
    known = ("PANDAS_TYPES", "POLARS_TYPES", "DUCKDB_TYPES", "from frictionless import Package", "def places")
    others = [s for s in snippets(USING, "python") if not any(marker in s for marker in known)]
    assert others  # the list-column snippet
    for snippet in others:
        with inside(package):
            exec(compile(snippet, "docs/using.md", "exec"), {})
        assert capsys.readouterr().out.strip()


# ------------------------------------------------------------------ R
@pytest.fixture(scope="module")
def r_library(tmp_path_factory) -> Path:
    if shutil.which("Rscript") is None:
        pytest.skip("R is not installed (Debian: r-base-core and the r-cran-* packages named in "
                    "../shared/clients/README.md; .ci/run installs them)")
    if not R_CLIENT.is_dir():
        pytest.skip(f"R's frictionless source is not at {R_CLIENT}")
    library = tmp_path_factory.mktemp("rlib")
    result = subprocess.run(["R", "CMD", "INSTALL", "--no-docs", "--no-html", "-l", str(library), str(R_CLIENT)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    return library


def rscript(library: Path, folder: Path, code: str) -> subprocess.CompletedProcess:
    program = f'.libPaths(c("{library}", .libPaths()))\nsuppressMessages(library(frictionless))\n{code}'
    return subprocess.run(["Rscript", "-e", program], cwd=folder, capture_output=True, text=True, timeout=600)


def test_r_frictionless_reads_every_resource_with_its_types(package, descriptor, r_library):
    code = """
p <- read_package("datapackage.json")
for (name in resource_names(p)) {
  d <- read_resource(p, name)
  for (column in names(d)) {
    values <- d[[column]]
    shown <- if (is.numeric(values)) sprintf("%.0f", values) else as.character(values)
    shown[is.na(values)] <- "<NA>"
    size <- if (is.character(values)) sum(nchar(values), na.rm = TRUE) else -1
    cat(name, column, class(values)[1], gsub("[\\r\\n]", " ", paste(shown, collapse = "|")), size, sep = "\\t")
    cat("\\n")
  }
}
"""
    result = rscript(r_library, package, code)
    assert result.returncode == 0, result.stderr[-2000:]
    read = {(line.split("\t")[0], line.split("\t")[1]): line.split("\t")[2:] for line in result.stdout.splitlines()}
    r_types = {"string": {"character", "factor"}, "integer": {"numeric"}, "number": {"numeric"},
               "boolean": {"logical"}, "date": {"Date"}}
    for name, resource in resources(descriptor).items():
        table = rows(package, resource["path"])
        for f in resource["schema"]["fields"]:
            kind, shown, size = read[(name, f["name"])]
            assert kind in r_types[f["type"]], (name, f["name"], kind)
            if kind == "character":  # every character as the CSV holds it, line ends within a cell too
                assert int(size) == sum(len(row[f["name"]]) for row in table), (name, f["name"])
        for column, values in integers(package, resource).items():  # exact, no NA from overflow
            shown = read[(name, column)][1].split("|")
            assert shown == ["<NA>" if v is None else str(v) for v in values], (name, column)


def test_r_snippet_runs_as_printed(package, r_library):
    (snippet,) = snippets(USING, "r")
    result = rscript(r_library, package, snippet)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "reporter" in result.stdout


# ------------------------------------------------------------------ the release
def test_release_is_deterministic(package, tmp_path):
    again = build_release(package, tmp_path / "again")
    first = sorted(p for p in (package / "release").rglob("*") if p.is_file())
    assert [p.relative_to(package / "release") for p in first] == sorted(p.relative_to(tmp_path / "again") for p in again)
    for path in first:
        assert path.read_bytes() == (tmp_path / "again" / path.relative_to(package / "release")).read_bytes(), path.name


def test_release_archive_validates_after_unzipping_elsewhere(package, descriptor, tmp_path):
    from frictionless import Package

    (archive,) = (package / "release").glob("*.zip")
    assert archive.name == f"{descriptor['name']}-{descriptor['version']}.zip"
    assert Package(str(archive)).validate().valid  # frictionless reads the zip as it is
    unzipped = tmp_path / "anywhere" / "else"
    with zipfile.ZipFile(archive) as opened:
        assert all(not name.startswith(("/", "..")) and "/../" not in name for name in opened.namelist())
        opened.extractall(unzipped)
    for name in ("README.md", "LICENSE", "CHANGELOG.md", "CITATION.cff", "CITATION.bib", ".zenodo.json", "docs/using.md",
                 "datapackage.json", "datapackage.yaml"):
        assert (unzipped / name).is_file(), name
    assert verify(unzipped) == []
    from scripts.publish import citation  # the archive cites the version it holds, a release or not

    readme = (unzipped / "README.md").read_text(encoding="utf-8")
    assert citation.recommended() in readme and str(descriptor["version"]) in readme
    if not citation.is_release():
        assert "not a release" in readme and citation.recommended(citation.latest_release()) not in readme
    with inside(unzipped):
        assert Package("datapackage.json").validate().valid
    versions = rows(unzipped, "data/text_versions.csv")  # every version of every text, shipped
    texts = {(v["source_id"], v["version"]): (unzipped / v["text_path"]).read_text(encoding="utf-8") for v in versions}
    assert {s["source_id"] for s in rows(unzipped, "data/sources.csv")} == {sid for sid, _ in texts}
    assert any(version != "1" for _, version in texts)
    for name, table in tables().items():
        for row in rows(unzipped, f"data/{name}.csv") if "quote" in table.columns else []:
            text = texts[(row["source_id"], row["text_version"])]  # the version it quotes
            assert normal(row["quote"]) in normal(text)  # as the proof compares them


def test_release_database_holds_every_table_with_keys_and_views(package, descriptor):
    (database,) = (package / "release").glob("*.sqlite")
    connection = sqlite3.connect(database)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    for name, resource in resources(descriptor).items():
        fields = resource["schema"]["fields"]
        columns = connection.execute(f'PRAGMA table_info("{name}")').fetchall()
        assert [c[1] for c in columns] == [f["name"] for f in fields]
        assert [c[5] > 0 for c in columns] == [f["name"] in resource["schema"]["primaryKey"] for f in fields]
        assert len(connection.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()) == \
            sum(len(k["fields"]) for k in resource["schema"].get("foreignKeys", []))
        stored = connection.execute(f'SELECT * FROM "{name}"').fetchall()
        expected = rows(package, resource["path"])
        assert len(stored) == len(expected)
        for column, values in integers(package, resource).items():
            index = [f["name"] for f in fields].index(column)
            assert sorted((r[index] for r in stored), key=str) == sorted(values, key=str)
    # the views, against the CSVs
    facts = rows(package, "data/facts.csv")
    latest = dict(connection.execute("SELECT fact_id, latest_source_id FROM latest_per_fact").fetchall())
    assert latest == {f["fact_id"]: f["latest_source_id"] for f in facts}
    for snippet in snippets(USING, "sql"):
        cursor = connection.execute(snippet)
        assert cursor.description and cursor.fetchall() is not None


def test_bilateral_views_keep_trade_flows_and_investment_stocks_apart(package):
    """Each view holds exactly the records of its table between two countries, dated by its
    own column (a flow's period, a stock's as_of), with its kind: worked out from the CSVs."""
    (database,) = (package / "release").glob("*.sqlite")
    connection = sqlite3.connect(database)
    for view, table, ends, dated in (("bilateral_trade", "trade", ("reporter", "partner"), "period"),
                                     ("bilateral_investment", "investment", ("investor", "host"), "as_of")):
        found = connection.execute(f"SELECT record_id, country_a, country_b, {ends[0]}, {ends[1]}, kind, {dated}, "
                                   f"value_usd FROM {view}").fetchall()
        key = tables()[table].id_field
        expected = sorted((r[key], *sorted((r[f"{ends[0]}_country"], r[f"{ends[1]}_country"])),
                           r[f"{ends[0]}_country"], r[f"{ends[1]}_country"], r["kind"], r[dated] or None,
                           int(r["value_usd"]) if r["value_usd"] else None)
                          for r in rows(package, f"data/{table}.csv") if r[f"{ends[0]}_country"] and r[f"{ends[1]}_country"])
        assert expected and sorted(found) == expected
        columns = [c[1] for c in connection.execute(f'PRAGMA table_info("{view}")').fetchall()]
        assert "kind" in columns and dated in columns and not {"period", "as_of"} - {dated} & set(columns)


def test_series_view_is_the_series_with_its_sources(package):
    (database,) = (package / "release").glob("*.sqlite")
    connection = sqlite3.connect(database)
    found = connection.execute("SELECT series_id, value, additive, publisher FROM series_sources").fetchall()
    publishers = {r["source_id"]: r["publisher"] for r in rows(package, "data/sources.csv")}
    expected = [(r["series_id"], float(r["value"]) if r["value"] else None, int(r["additive"] == "true"),
                 publishers.get(r["source_id"]) or None) for r in rows(package, "data/series.csv")]
    assert expected and sorted(found) == sorted(expected)


def test_the_five_questions_answer_as_the_csvs_do(package):
    """The documented one-query answers, each against the same answer worked out from the CSVs."""
    (database,) = (package / "release").glob("*.sqlite")
    connection = sqlite3.connect(database)
    found = {q: s for s in snippets(USING, "sql") for q in ("FROM companies", "cumulative_stock", "IN ('target'",
                                                              "FROM series_sources\nWHERE \"table\" = 'trade'") if q in s}
    assert len(found) == 4
    series = rows(package, "data/series.csv")
    latest = {}
    for r in series:
        if r["table"] == "investment" and r["from_place"] == "CHN" and r["measure"] == "cumulative_stock" \
                and r["series_status"] == "figure" and r["period"] >= latest.get(r["to_place"], ("",))[0]:
            latest[r["to_place"]] = (r["period"], float(r["value"]))
    answered = connection.execute(found["cumulative_stock"]).fetchall()
    assert latest and {host: (as_of, value) for host, as_of, value, *_ in answered} == latest
    targets = sorted(f["fact_id"] for f in rows(package, "data/facts.csv") if f["fact_kind"] in ("target", "forecast"))
    assert len(connection.execute(found["IN ('target'"]).fetchall()) == len(targets) > 0
    chinese = {e["entity_id"] for e in rows(package, "data/entities.csv") if e["country"] == "CHN"}
    assert len(connection.execute(found["FROM companies"]).fetchall()) == \
        sum(c["entity_id"] in chinese for c in rows(package, "data/companies.csv"))
    kaz = [r for r in series if (r["table"], r["from_place"], r["to_place"], r["measure"]) == ("trade", "CHN", "KAZ", "turnover")]
    assert [r[0] for r in connection.execute(found["FROM series_sources\nWHERE \"table\" = 'trade'"]).fetchall()] == \
        sorted(r["period"] for r in kaz)


def test_documented_queries_select_the_kind(package):
    """A target read as a figure is the first way to mislead: every documented query over
    figures selects the kind, or keeps only actual figures."""
    for snippet in snippets(USING, "sql") + snippets(USING, "r") + [s for s in snippets(USING, "python")
                                                                     if "duckdb.sql(\"\"\"" in s]:
        if "value" in snippet and "series" not in snippet:  # a series holds actual figures alone
            assert re.search(r"\b(fact_)?kind\b", snippet), snippet


def test_counting_agreements_per_country_keeps_group_records_apart(package, capsys):
    """The list-column snippet counts each agreement under the places its source names:
    under the group for a group's agreement, never once per member (as the link table says)."""
    (snippet,) = [s for s in snippets(USING, "python") if "explode" in s]
    with inside(package):
        exec(compile(snippet, "docs/using.md", "exec"), {})
    out = capsys.readouterr().out
    assert not re.search(r"^[ \t]+\d+$", out, flags=re.M), out  # no count under an empty place
    printed = dict(re.findall(r"^(\S+)[ \t]+(\d+)$", out, flags=re.M))
    expected: dict[str, int] = {}
    for row in rows(package, "data/agreement_parties.csv"):  # the places named, from the link table
        expected[row["party"]] = expected.get(row["party"], 0) + 1
    members: dict[str, set[str]] = {}
    for row in rows(package, "data/group_members.csv"):
        members.setdefault(row["group_id"], set()).add(row["country_code"])
    for agreement in rows(package, "data/agreements.csv"):  # and the countries concerned besides, not a group's
        named = set(filter(None, agreement["parties"].split(",")))
        for code in set(filter(None, agreement["countries"].split(","))) - named - \
                set().union(*(members.get(p, set()) for p in named)):
            expected[code] = expected.get(code, 0) + 1
    assert {k: int(v) for k, v in printed.items()} == expected
    groups = {r["group_id"] for r in rows(package, "data/groups.csv")}
    assert groups & set(expected)  # a group's agreement is in the package, counted under the group


def test_release_database_leads_from_each_binding_to_its_record_and_words(package):
    """evidence.record_id -> records -> the record in its own table; the words at their
    offsets in the archived text (the version of it the binding names) that the archive carries."""
    from scripts.schema.registry import evidence_table, index_table, versions_table

    (database,) = (package / "release").glob("*.sqlite")
    (archive,) = (package / "release").glob("*.zip")
    connection = sqlite3.connect(database)
    found = connection.execute(
        f'SELECT e.record_id, r."table", e.source_id, e.words, e.start, e."end", v.text_path '
        f'FROM "{evidence_table().name}" AS e JOIN "{index_table().name}" AS r USING (record_id) '
        f'JOIN "{versions_table().name}" AS v ON v.source_id = e.source_id AND v.version = e.text_version').fetchall()
    assert found and len(found) == len(rows(package, f"data/{evidence_table().name}.csv"))
    with zipfile.ZipFile(archive) as opened:
        texts = {path: opened.read(path).decode("utf-8") for *_, path in found}
    assert any(".v2.txt" in path for *_, path in found)  # a binding in an amended text too
    for record, table, source, words, start, end, path in found:
        key = tables()[table].id_field
        assert connection.execute(f'SELECT source_id FROM "{table}" WHERE "{key}" = ?', (record,)).fetchall() == \
            [(source,)]
        assert texts[path][start:end] == words


def test_release_parquet_has_the_schema_types(package, descriptor):
    import pyarrow.parquet as pq

    arrow = {"string": "string", "integer": "int64", "number": "double", "boolean": "bool", "date": "date32[day]"}
    for name, resource in resources(descriptor).items():
        table = pq.read_table(package / "release" / "parquet" / f"{name}.parquet")
        assert [str(t) for t in table.schema.types] == [arrow[f["type"]] for f in resource["schema"]["fields"]]
        assert table.num_rows == len(rows(package, resource["path"]))
        for column, values in integers(package, resource).items():
            assert table.column(column).to_pylist() == values


def test_release_refuses_a_text_path_outside_the_texts(package, tmp_path, capsys):
    copy = tmp_path / "pkg"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("release"))
    (copy / "data" / "sources").joinpath("evil.txt").symlink_to("/etc/passwd")
    path = copy / "data" / "sources.csv"
    text = path.read_text(encoding="utf-8")
    first = rows(copy, "data/sources.csv")[0]["text_path"]
    path.write_text(text.replace(first, "data/sources/evil.txt", 1), encoding="utf-8")
    unhash(copy)
    assert [p for p in verify(copy) if "data/sources/evil.txt" in p and "symbolic link" in p]  # the verifier, and:
    code, out, err = run(capsys, "release", "--root", str(copy), "--out", str(tmp_path / "out"))
    assert code == 1 and "data/sources/evil.txt" in err and "symbolic link" in err and "nothing released" in err
    assert not (tmp_path / "out").exists()


def test_release_writes_through_no_link(package, tmp_path, capsys):
    """build/ is ignored by git, yet a pull request can commit it: a link there is refused."""
    copy = tmp_path / "pkg"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("release"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (copy / "build").symlink_to(outside)
    code, _, err = run(capsys, "release", "--root", str(copy))
    assert code == 1 and "not a plain folder" in err and list(outside.iterdir()) == []
    (copy / "build").unlink()
    (copy / "build" / "release").mkdir(parents=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    archive = f"{json.loads((copy / 'datapackage.json').read_text(encoding='utf-8'))['name']}-"
    (copy / "build" / "release" / "parquet").symlink_to(outside)
    (copy / "build" / "release" / (archive + "0.2.0.zip.partial")).symlink_to(victim)
    code, _, err = run(capsys, "release", "--root", str(copy))
    assert code == 1 and "parquet: not a plain folder" in err and "Traceback" not in err
    assert victim.read_text(encoding="utf-8") == "keep me" and list(outside.iterdir()) == []


@pytest.mark.parametrize("key, value", [("name", "../../escape"), ("version", "0.2.0/../../x"),
                                        ("created", "1975-01-01T00:00:00Z")])
def test_release_refuses_a_name_version_or_date_it_cannot_use(package, tmp_path, capsys, key, value):
    copy = tmp_path / "pkg"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("release"))
    data = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    data[key] = value
    (copy / "datapackage.json").write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "release", "--root", str(copy), "--out", str(tmp_path / "out"))
    assert code == 1 and f"`{key}`" in err and not (tmp_path / "out").exists()
    assert not list(tmp_path.glob("*.zip")) and not list(tmp_path.parent.glob("*.zip"))


# ------------------------------------------------------------------ citation
def test_citation_is_the_same_everywhere():
    from scripts.publish import citation

    latest = citation.latest_release()
    assert citation.recommended(latest if not citation.is_release() else None) in README  # a release is cited
    assert (ROOT / "CITATION.cff").read_text(encoding="utf-8") == citation.cff()
    assert (ROOT / "CITATION.bib").read_text(encoding="utf-8") == citation.bibtex()
    assert (ROOT / ".zenodo.json").read_text(encoding="utf-8") == citation.zenodo()
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    if citation.is_release():
        assert f"## {citation.package_meta()['version']} — {citation.released()}" in changelog
    else:
        assert f"## {latest['version']} — {latest['date']}" in changelog and "## Unreleased" in changelog


def test_a_build_between_releases_is_never_cited_as_a_release(monkeypatch):
    """A `-dev` version: every citation says it is no release and names the latest release to
    cite; the same package under a release's version cites that release, and says no such thing."""
    from scripts.publish import citation, history

    meta = dict(citation.package_meta())
    listed = [{"version": "1.4.0", "date": "2026-01-02", "commit": "0" * 40}]
    for version, is_release in (("1.5.0-dev", False), ("1.5.0", True)):
        monkeypatch.setattr(citation, "package_meta", lambda v=version: {**meta, "version": v, "releases": listed})
        forms = [citation.recommended(), citation.cff(), citation.bibtex(), citation.zenodo(), citation.status()]
        for form in forms:
            assert ("not a release" in form and "1.4.0" in form) is not is_release, (version, form)
            assert ("not a release" in form) is not is_release, (version, form)
    assert history.before("1.5.0-dev", history.releases(listed)) == history.releases(listed)[0]  # compared with it


def test_a_doi_is_shown_once_known_and_never_before(monkeypatch):
    """The archive service's metadata is complete without a DOI (minting one is one upload);
    once schemas/package.yaml has one, every citation shows it."""
    from scripts.publish import citation

    meta = dict(citation.package_meta())
    assert meta.get("doi") is None  # never guessed
    deposit = json.loads(citation.zenodo())
    assert deposit["upload_type"] == "dataset" and deposit["version"] == meta["version"]
    assert deposit["publication_date"] == citation.released() and deposit["creators"] and deposit["license"]
    assert "doi" not in deposit and "doi" not in citation.cff() and "doi" not in citation.recommended().lower()
    released = {**meta, "version": str(meta["version"]).removesuffix("-dev"), "doi": "10.5281/zenodo.0000000"}
    monkeypatch.setattr(citation, "package_meta", lambda: released)  # a DOI is minted for a release
    assert citation.recommended().endswith("https://doi.org/10.5281/zenodo.0000000")
    assert "doi: 10.5281/zenodo.0000000" in citation.cff() and "doi = {10.5281/zenodo.0000000}" in citation.bibtex()
    assert json.loads(citation.zenodo())["doi"] == "10.5281/zenodo.0000000"


# ------------------------------------------------------------------ a clone on Windows settings
def test_a_clone_with_autocrlf_still_validates(tmp_path):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git clone")
    clone = tmp_path / "clone"
    result = subprocess.run(["git", "clone", "--quiet", "-c", "core.autocrlf=true", str(ROOT), str(clone)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert verify(clone) == []
    committed = [p for p in (clone / "data" / "sources").glob("*.txt")]
    assert committed and all(b"\r\n" not in p.read_bytes() for p in committed)
