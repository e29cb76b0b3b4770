"""A table is defined in one place: in a copy of the project, a new record table made
only of a schema file and its name in schemas/package.yaml is checked like every other
(quote, dates, rules, keys), published with its foreign keys, offered to editors and
`make new`, described in the data dictionary, shown on the site and given synthetic
records by the corpus of the tests and the benchmark."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.schema.registry import ROOT
from tests.helpers import FIXTURES, X

QUOTE = "The two countries also signed 33 deals in industrial capacity cooperation worth 23.6 billion dollars"

LOANS = """\
title: Loans
description: Loans one source reports, a synthetic table made by the test suite.
fields:
  - use: record_id
    name: loan_id
    example: synthetic:loan-1
  - use: source_id
  - use: place
    name: lender
    title: Lender
    description: The lending economy, ISO 3166-1 alpha-3 or a group id.
    example: CHN
    constraints: {required: true}
  - use: place
    name: borrower
    title: Borrower
    description: The borrowing economy, ISO 3166-1 alpha-3 or a group id.
    example: KAZ
    constraints: {required: true}
  - use: countries
  - use: date
    name: signed
    title: Signed
    description: When the loan was signed, ISO 8601 at the precision given in signed_precision.
    example: "2015-03"
  - use: amount
  - use: bound
  - use: quote
    example: The bank lent 2 billion dollars
  - use: notes
primaryKey: [loan_id]
foreignKeys:
  - fields: [source_id]
    reference: {resource: sources, fields: [source_id]}
x-table:
  role: record
  dated_by: signed
  actual:
    fix: a loan is signed no later than its source reports it
  rules:
    - at: amount_text
      require: {amount_text: {given: true}}
      message: a loan record needs its amount
      fix: add `amount:` as the source writes it
  site:
    noun: loan
    columns:
      - {title: Signed, show: [signed]}
      - {title: Lender, show: [lender]}
      - {title: Borrower, show: [borrower]}
      - {title: Figure, show: [amount_text]}
    chart: {type: figures, series: "{lender} to {borrower}"}
"""

RECORD = f"""
loans:
  - id: capacity-loan
    lender: CHN
    borrower: KAZ
    signed: 2015-03
    signed_as_written: in March this year
    amount: 23.6 billion dollars
    quote: >-
      {QUOTE} during Kazakh Prime Minister Karim Masimov's China visit in March this year.
"""


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts", *args], cwd=project, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "SRT_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project with one more record table, `loans`, and a package whose
    Xinhua entry has a loan record."""
    copy = tmp_path_factory.mktemp("project")
    for name in ("schemas", "scripts", "docs", "overrides", "vendor"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "CHANGELOG.md", "bench-results.json", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, copy / name)
    (copy / "schemas" / "loans.yaml").write_text(LOANS, encoding="utf-8")
    package = copy / "schemas" / "package.yaml"
    package.write_text(package.read_text(encoding="utf-8").replace(
        " companies, counts,", " companies, loans, counts,"), encoding="utf-8")
    shutil.copytree(FIXTURES, copy / "pkg" / "data")
    entry = copy / "pkg" / "data" / "sources" / f"{X}.yaml"
    entry.write_text(entry.read_text(encoding="utf-8") + RECORD, encoding="utf-8")
    return copy


def edited(project: Path, old: str, new: str) -> subprocess.CompletedProcess:
    """`check` of the package with the loan record edited; the edit is undone after."""
    entry = project / "pkg" / "data" / "sources" / f"{X}.yaml"
    original = entry.read_text(encoding="utf-8")
    assert original.count(old) == 1
    try:
        entry.write_text(original.replace(old, new), encoding="utf-8")
        return cli(project, "check", "--no-cache", "--root", str(project / "pkg"))
    finally:
        entry.write_text(original, encoding="utf-8")


def test_the_new_table_is_published_with_its_keys(project):
    result = cli(project, "build", "--root", str(project / "pkg"))
    assert result.returncode == 0, result.stderr
    assert "loans 1" in result.stdout
    rows = (project / "pkg" / "data" / "loans.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("loan_id,source_id,lender,lender_country,lender_group,borrower,borrower_country,"
                              "borrower_group,countries,signed,signed_precision,signed_note,"
                              "amount_text,amount,currency,value_usd")
    assert rows[1].startswith(f'{X}:capacity-loan,{X},CHN,CHN,,KAZ,KAZ,,"CHN,KAZ",2015-03,month,')
    assert ",23.6 billion dollars,23600000000,USD,23600000000," in rows[1]
    package = json.loads((project / "pkg" / "datapackage.json").read_text(encoding="utf-8"))
    loans = next(r for r in package["resources"] if r["name"] == "loans")
    keys = loans["schema"]["foreignKeys"]
    assert {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}} in keys
    for place in ("lender", "borrower"):  # the place set's keys, from schemas/columns.yaml
        assert {"fields": [f"{place}_country"], "reference": {"resource": "countries", "fields": ["country_code"]}} in keys
        assert {"fields": [f"{place}_group"], "reference": {"resource": "groups", "fields": ["group_id"]}} in keys
    assert [f["name"] for f in loans["schema"]["fields"]][-4:] == ["quote", "quote_translation", "wording_note", "notes"]
    assert not any(key.startswith("x-") for f in loans["schema"]["fields"] for key in f)
    records = (project / "pkg" / "data" / "records.csv").read_text(encoding="utf-8")
    assert f"\n{X}:capacity-loan,loans,{X}," in records  # every record, whatever its table, with its evidence
    assert f"{X}:capacity-loan:quote:1,{X}:capacity-loan,{X},1,quote," in \
        (project / "pkg" / "data" / "evidence.csv").read_text(encoding="utf-8")
    verified = cli(project, "verify", "--root", str(project / "pkg"))
    assert verified.returncode == 0, verified.stderr


@pytest.mark.parametrize("old, new, expected", [
    (f"      {QUOTE}", f"      {QUOTE.replace('33 deals', '34 deals')}",
     "loans.quote: the quote is not in the archived text"),
    ("in March this year\n    amount: 23.6 billion dollars\n", "in March this year\n    amount: 23.5 billion dollars\n",
     "loans.amount: `23.5 billion dollars` is not in the quote"),
    ("    signed: 2015-03\n    signed_as_written: in March this year\n", "    signed: 2016\n",
     "loans.signed: 2016 is after the source's publication date 2015-05-07 — a loan is signed no later than "
     "its source reports it"),
    ("in March this year\n    amount: 23.6 billion dollars\n", "in March this year\n    amount: 23.6 billion dollars\n    usd_rate: 1.1\n",
     "loans.usd_rate: usd_rate and usd_rate_source go together"),
    ("in March this year\n    amount: 23.6 billion dollars\n", "in March this year\n", "loans.amount: a loan record needs its amount"),
    ("    borrower: KAZ\n", "    borrower: central-asian\n",
     "loans.borrower: `central-asian` is not a country group defined in data/groups.yaml"),
    ("    lender: CHN\n", "    lender: CHN\n    lendr: CHN\n", "loans.lendr: unknown key — did you mean `lender`?"),
], ids=["quote", "amount", "future date", "rate without source", "missing amount", "unknown group", "unknown key"])
def test_the_new_table_is_checked_like_the_others(project, old, new, expected):
    result = edited(project, old, new)
    assert result.returncode == 1
    assert any(expected in line and line.startswith(f"data/sources/{X}.yaml:") for line in result.stderr.splitlines()), \
        result.stderr


def test_editors_and_the_scaffold_know_the_new_table(project, tmp_path):
    assert cli(project, "schema").returncode == 0
    schema = json.loads((project / "schemas" / "entry.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["loans"]["items"] == {"$ref": "#/$defs/loans"}
    assert {"id", "lender", "borrower", "signed", "signed_as_written", "amount", "quote"} <= \
        set(schema["$defs"]["loans"]["properties"])
    article = tmp_path / "article.txt"
    article.write_text("China lent Kazakhstan $2 billion in 2020.\n", encoding="utf-8")
    package = tmp_path / "pkg"  # a copy: the skeleton's figure is not accounted for, and other tests build the package
    shutil.copytree(project / "pkg", package)
    result = cli(project, "new", str(article), "--root", str(package), "--date", "2021-01-02", "--topic", "loan")
    assert result.returncode == 0, result.stderr
    skeleton = (package / "data" / "sources" / "unattributed-2021-01-02-loan.yaml").read_text(encoding="utf-8")
    assert "# loans:\n#   - id: loan-1" in skeleton and "#     lender: CHN" in skeleton


def test_the_site_shows_the_new_table(project, tmp_path):
    assert cli(project, "build", "--root", str(project / "pkg")).returncode == 0
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                             "from scripts.site.build import build_site; build_site(Path(sys.argv[1]), Path(sys.argv[2]))",
                             str(project / "pkg"), str(out)], cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    kaz = (out / "site" / "countries" / "KAZ.html").read_text(encoding="utf-8")
    section = kaz.split('id="loans"', 1)[1].split("<h2", 1)[0]
    assert f'href="../sources/{X}.html#capacity-loan"' in section and "23.6 billion dollars (USD 23,600,000,000)" in section
    chart = out / "site" / "countries" / "charts" / "KAZ-loans.svg"
    assert chart.is_file() == ('src="charts/KAZ-loans.svg"' in section)  # a chart when there are two points or more
    assert 'id="loans"' in (out / "site" / "sources" / f"{X}.html").read_text(encoding="utf-8")
    assert 'id="loans"' in (out / "site" / "dictionary.html").read_text(encoding="utf-8")
    assert "No loan records." in (out / "site" / "countries" / "PAK.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("old, new, expected", [
    ("  - use: amount\n", "  - use: amounts\n",
     "schemas/loans.yaml: column set `amounts` is not defined in schemas/columns.yaml"),
    ("      require: {amount_text: {given: true}}", "      require: {amount_txt: {given: true}}",
     "schemas/loans.yaml: a condition names `amount_txt`, which is not a column"),
    ("  dated_by: signed\n", "  dated_by: signed_on\n", "schemas/loans.yaml: x-table.dated_by `signed_on` is not a column"),
    ("  role: record\n", "  role: records\n", "schemas/loans.yaml: x-table.role must be one of source, record, registry"),
    ("fields:\n", "fields: [\n", "schemas/loans.yaml: cannot be read"),
], ids=["unknown set", "unknown column in a rule", "unknown date column", "unknown role", "bad YAML"])
def test_a_mistake_in_a_schema_is_told_plainly(project, old, new, expected):
    schema = project / "schemas" / "loans.yaml"
    original = schema.read_text(encoding="utf-8")
    assert original.count(old) == 1
    try:
        schema.write_text(original.replace(old, new), encoding="utf-8")
        result = cli(project, "check", "--root", str(project / "pkg"))
    finally:
        schema.write_text(original, encoding="utf-8")
    assert result.returncode == 2
    assert result.stderr.startswith(expected) and "Traceback" not in result.stderr, result.stderr


def test_the_synthetic_corpus_fills_the_new_table_from_its_schema(project, tmp_path):
    """Nothing but the schema file is written for `loans`: the synthetic corpus of the tests
    and the benchmark (scripts/tools/synth.py) gives it records, which build."""
    corpus = tmp_path / "corpus"
    made = cli(project, "synth", "--root", str(corpus), "--sources", "6")
    assert made.returncode == 0, made.stderr
    assert cli(project, "build", "--no-cache", "--root", str(corpus)).returncode == 0
    with (corpus / "data" / "loans.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 6 and all(row["amount_text"] and row["lender"] and row["signed"] for row in rows)


@pytest.mark.parametrize("old, new, expected", [
    (" companies, loans, counts,", " companies, loans, loans, counts,", "schemas/package.yaml: loans listed twice in `resources`"),
    (" companies, loans, counts,", " companies, ../docs/evil, counts,", "schemas/package.yaml: `../docs/evil` is not a table name"),
], ids=["listed twice", "a path"])
def test_a_table_listed_twice_or_named_as_a_path_is_refused(project, old, new, expected):
    package = project / "schemas" / "package.yaml"
    original = package.read_text(encoding="utf-8")
    try:
        package.write_text(original.replace(old, new), encoding="utf-8")
        result = cli(project, "check", "--root", str(project / "pkg"))
    finally:
        package.write_text(original, encoding="utf-8")
    assert result.returncode == 2 and result.stderr.startswith(expected) and "Traceback" not in result.stderr, result.stderr
