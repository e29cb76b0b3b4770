"""`python -m scripts docs` (make docs) builds the site only from the package the entries
produce: after a refused entry, from a hand-edited CSV or from a descriptor naming a file out of
the package it stops, names the command to run, and writes nothing."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from scripts.site import build as site_docs
from tests.helpers import X, edit_entry, run, snapshot


@pytest.fixture
def no_pages(monkeypatch, tmp_path) -> Path:
    """Where docs would write its pages; generating any fails the test."""
    monkeypatch.setattr(site_docs, "SITE_SRC", tmp_path / "generated")
    monkeypatch.setattr(site_docs, "generate", lambda root: pytest.fail("docs generated pages from a refused package"))
    return tmp_path / "generated"


def refused(root: Path, capsys, code: int, fix: str) -> str:
    before = snapshot(root)
    got, _, err = run(capsys, "docs", "--root", str(root))
    assert got == code, err
    assert f"docs: the published package is not the one the entries produce, or fails the gate: {fix}" in err
    assert "nothing in site/ or build/docs was touched" in err and "Traceback" not in err
    assert snapshot(root) == before
    return err


def test_a_figure_no_entry_states_never_reaches_a_page(built, capsys, no_pages):
    """The issue's case: 28.6 billion changed to 98.6 billion in trade.csv by hand."""
    path = built / "data" / "trade.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    changed = next(row for row in rows if row["value_usd"] == "28600000000")
    changed["value_usd"] = "98600000000"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    err = refused(built, capsys, 2, "run `make build`")
    assert "out of date: data/trade.csv" in err
    assert not no_pages.exists()


def test_docs_refuses_after_build_refused_an_entry(built, capsys, no_pages):
    edit_entry(built, X, "amount: 23.6 billion dollars", "amount: 93.6 billion dollars")
    code, _, _ = run(capsys, "build", "--root", str(built))
    assert code == 1  # the build refused it; the package on disk is the previous one
    err = refused(built, capsys, 1, "fix the entries as listed, then run `make build`")
    assert f"data/sources/{X}.yaml:" in err  # the check's own report, at its line
    assert not no_pages.exists()


@pytest.mark.parametrize("path", [".git/config", "data/../../outside.csv"])
def test_a_descriptor_naming_a_file_out_of_the_package_is_refused(built, capsys, no_pages, path):
    """A committed datapackage.json whose last resource names another file, with that file's
    size and hash (the attacker knows them): docs refuses it before the release is made."""
    secret = built / ".git" / "config" if path.startswith(".git") else built.parent / "outside.csv"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text("[remote]\ntoken = abc\n", encoding="utf-8")
    descriptor = built / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    package["resources"][-1].update(path=path, bytes=secret.stat().st_size,
                                    hash="sha256:" + hashlib.sha256(secret.read_bytes()).hexdigest())
    descriptor.write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    err = refused(built, capsys, 2, "run `make build`")
    assert "out of date: datapackage.json" in err and "token" not in err


@pytest.mark.parametrize("relative", ["sources/../../evil.md", "companies/.git/x.md", "/tmp/x.md", "countries/a\nb.md"])
def test_a_page_named_from_the_data_stays_in_the_site(built_template, tmp_path, relative):
    """Pages and charts are named by ids from the CSVs (a source's, a company's, a country's): a
    name that is no plain path stops the site, whatever the package held, and writes nothing."""
    site = site_docs.Site(built_template, tmp_path / "docs")
    with pytest.raises(SystemExit, match="is not a plain path") as stopped:
        site.write(relative, "<p>page</p>\n")
    assert "the site was not finished" in str(stopped.value) and "\n" not in str(stopped.value)
    assert not list(tmp_path.rglob("*.md"))
