"""The synthetic corpus of the tests and the benchmark: made from the schemas alone,
deterministic, valid, with records in every record table."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.schema.registry import record_tables, registries
from scripts.tools.synth import generate
from tests.helpers import run


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
                            capture_output=True, text=True, cwd=Path(__file__).parents[2])
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("wrote 3 synthetic sources with ")


def test_every_record_table_and_registry_gets_rows(corpus, tmp_path, capsys):
    copy = tmp_path / "built"
    shutil.copytree(corpus, copy)
    assert run(capsys, "build", "--root", str(copy))[0] == 0
    for name in [*record_tables(), *registries()]:
        with (copy / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            assert list(csv.DictReader(handle)), f"the synthetic corpus gives {name} no rows"
