"""Scale: the synthetic corpus, the parallel and cached checks (which must report
exactly what a cold check reports), and the package verifier."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import runner
from scripts.problems import Problems
from scripts.synth import generate
from tests.conftest import run


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "pkg"
    generate(root, 60, seed=7)
    return root


def test_synthetic_corpus_is_deterministic_and_valid(corpus, tmp_path, capsys):
    again = tmp_path / "again"
    generate(again, 60, seed=7)
    files = sorted(p.relative_to(corpus) for p in (corpus / "data").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in (again / "data").rglob("*") if p.is_file())
    assert all((corpus / f).read_bytes() == (again / f).read_bytes() for f in files)
    copy = tmp_path / "built"
    shutil.copytree(corpus, copy)
    code, out, err = run(capsys, "build", "--root", str(copy))
    assert code == 0, err
    assert "60 entry file(s) checked" in out


def test_synth_is_quiet_when_not_on_a_terminal(tmp_path):
    result = subprocess.run([sys.executable, "-m", "scripts", "synth", "--root", str(tmp_path / "c"), "--sources", "3"],
                            capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("wrote 3 synthetic sources with ")


def problems_of(root: Path, **options) -> list[str]:
    problems = Problems()
    runner.run(root, problems, **options)
    return [str(p) for p in problems.sorted()]


def break_entries(root: Path) -> None:
    entries = sorted((root / "data" / "sources").glob("*.yaml"))
    edits = [("    reporter: CHN\n", "    reporter: CN\n"), ("published_date: ", "published_date: 20"),
             ("  - id: trade-0\n", "  - id: trade-0\n    ammount: 1\n"), ("    amount: ", "    amount: about ")]
    for path, (old, new) in zip(entries[::7], edits):
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    text = entries[-1].with_suffix(".txt")
    text.write_text(text.read_text(encoding="utf-8") + "An extra line.\n", encoding="utf-8")


def test_cached_and_parallel_checks_report_what_a_cold_check_reports(corpus, tmp_path, monkeypatch):
    root = tmp_path / "pkg"
    shutil.copytree(corpus, root)
    assert problems_of(root) == []  # fills the cache
    break_entries(root)
    cold = problems_of(root, use_cache=False)
    assert len(cold) >= 5
    assert problems_of(root) == cold  # the cache holds the unchanged entries
    assert problems_of(root) == cold  # and now the broken ones too
    monkeypatch.setattr(runner, "PARALLEL_FROM", 1)
    assert problems_of(root, use_cache=False) == cold  # two processes
    # a change to a registry invalidates every cached entry
    entities = root / "data" / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace("synthetic-company-001", "synthetic-company-x01"),
                        encoding="utf-8")
    monkeypatch.setattr(runner, "PARALLEL_FROM", 10_000)
    assert problems_of(root) == problems_of(root, use_cache=False)
    assert any("synthetic-company-001" in line for line in problems_of(root)) or \
        "synthetic-company-001" not in "".join(p.read_text() for p in (root / "data" / "sources").glob("*.yaml"))


def test_parallel_rows_equal_serial_rows(corpus, monkeypatch):
    serial = runner.run(corpus, Problems(), use_cache=False)
    monkeypatch.setattr(runner, "PARALLEL_FROM", 1)
    parallel = runner.run(corpus, Problems(), use_cache=False)
    assert serial.records == parallel.records
