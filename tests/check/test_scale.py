"""Scale: the parallel and cached checks of a synthetic corpus, which must report exactly
what a cold check reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.check import cache, runner
from scripts.core.problems import Problems
from scripts.tools.synth import generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "pkg"
    generate(root, 60, seed=7)
    return root


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
    assert serial.blocks == parallel.blocks


CHECKED_HERE: list[list[Path]] = []
_check_chunk = runner.check_chunk


def spying_check_chunk(context, paths: list[Path]):
    CHECKED_HERE.append(paths)
    return _check_chunk(context, paths)


def test_the_changed_few_and_the_delta_cache_report_what_a_cold_check_reports(corpus, tmp_path, monkeypatch):
    root = tmp_path / "pkg"
    shutil.copytree(corpus, root)
    monkeypatch.setattr(runner, "PARALLEL_FROM", 10)  # 60 cached entries: the changed few are checked here
    monkeypatch.setattr(cache, "SETTLE_NS", 0)
    assert problems_of(root) == []
    base = cache.folder(root) / "entries.pickle"
    delta = cache.folder(root) / "entries-delta.pickle"
    before = base.read_bytes()
    break_entries(root)
    cold = problems_of(root, use_cache=False)
    assert len(cold) >= 5
    CHECKED_HERE.clear()
    monkeypatch.setattr(runner, "check_chunk", spying_check_chunk)
    assert problems_of(root) == cold
    assert len(CHECKED_HERE) == 1 and len(CHECKED_HERE[0]) < 10  # the changed few, checked here, row by row
    assert base.read_bytes() == before and delta.is_file()  # five of sixty changed: only they were written
    assert problems_of(root) == cold  # now read back from the delta


@pytest.mark.parametrize("settle_ns", [0, cache.SETTLE_NS])
def test_an_edit_that_keeps_the_size_and_the_times_is_still_seen(corpus, tmp_path, monkeypatch, settle_ns):
    import os

    root = tmp_path / "pkg"
    shutil.copytree(corpus, root)
    monkeypatch.setattr(cache, "SETTLE_NS", settle_ns)  # 0: every file's times are trusted; else only old ones
    assert problems_of(root) == []
    entry = sorted((root / "data" / "sources").glob("*.yaml"))[3]
    times = entry.stat()
    text = entry.read_text(encoding="utf-8")
    assert "    reporter: CHN\n" in text
    entry.write_text(text.replace("    reporter: CHN\n", "    reporter: CHX\n", 1), encoding="utf-8")
    os.utime(entry, ns=(times.st_atime_ns, times.st_mtime_ns))  # same size, same mtime: only ctime moved
    assert entry.stat().st_size == times.st_size and entry.stat().st_mtime_ns == times.st_mtime_ns
    cold = problems_of(root, use_cache=False)
    assert any("CHX" in line for line in cold)
    assert problems_of(root) == cold
