"""The dataset grows by pull request: entries added to a copy of the real data pass the
data checks and the site build, whatever the data held before. Nothing here depends on how
many entries data/ holds or which."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from scripts.publish.verify import verify
from scripts.schema.registry import ROOT, tables
from scripts.site.build import build_site
from scripts.tools.synth import generate
from tests.helpers import PUBLISHED, run


def read(root: Path, table: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((root / "data" / f"{table}.csv").read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def grown(tmp_path_factory) -> tuple[Path, list[str]]:
    """A copy of the project's data with synthetic entries added, as a pull request would."""
    root = tmp_path_factory.mktemp("grown") / "pkg"
    shutil.copytree(ROOT / "data", root / "data")
    for name in PUBLISHED:
        shutil.copy2(ROOT / name, root / name)
    extra = tmp_path_factory.mktemp("synthetic")
    generate(extra, 12, seed=11)
    added = sorted(path.stem for path in (extra / "data" / "sources").glob("*.yaml"))
    for path in (extra / "data" / "sources").iterdir():
        shutil.copy2(path, root / "data" / "sources" / path.name)
    entities = root / "data" / "entities.yaml"  # the synthetic companies join the registry
    entities.write_text(entities.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
                        + (extra / "data" / "entities.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return root, added


def test_added_entries_pass_the_data_checks(grown, capsys):
    root, added = grown
    before = {path.stem for path in (ROOT / "data" / "sources").glob("*.yaml")}
    code, out, err = run(capsys, "build", "--root", str(root))
    assert code == 0, err
    assert out.startswith(f"{len(before) + len(added)} entry file(s) checked")
    assert verify(root) == []
    sources = {row["source_id"] for row in read(root, "sources")}
    assert sources == before | set(added)
    code, out, err = run(capsys, "check", "--root", str(root))
    assert code == 0 and "published files are up to date" in out, err
    # every record of a fact table names a fact, and the facts count every record once
    facts = {row["fact_id"]: row for row in read(root, "facts")}
    reports = 0
    for name, table in tables().items():
        if "fact" in table.meta:
            named = [row["fact_id"] for row in read(root, name)]
            assert set(named) <= set(facts)
            reports += len(named)
    assert sum(int(row["reports"]) for row in facts.values()) == reports


def test_added_entries_reach_the_site(grown, tmp_path, capsys):
    root, added = grown
    code, _, err = run(capsys, "build", "--root", str(root))
    assert code == 0, err
    site = build_site(root, tmp_path / "out")
    for sid in added:
        page = (site / "sources" / f"{sid}.html").read_text(encoding="utf-8")
        assert sid in page
        assert (site / "sources" / "texts" / f"{sid}.txt").is_file()
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert all(sid in index for sid in added)
