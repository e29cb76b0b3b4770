from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import cli
from scripts.schema.registry import ROOT

from scripts.publish.tables import PUBLISHED  # noqa: E402  (the files the build writes beside data/)
FIXTURES = Path(__file__).parent / "fixtures" / "data"  # frozen entries: tests that name lines edit these


def pytest_configure(config):
    """The check cache of the tests' packages goes to a folder of the run's own, never the
    user's cache (scripts/check/cache.py keeps it outside the work tree)."""
    import os
    import tempfile

    os.environ["SRT_CACHE_DIR"] = tempfile.mkdtemp(prefix="srt-cache-")


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """Checks against today's date run against a fixed day, so tests do not depend on the clock."""
    monkeypatch.setenv("SRT_TODAY", "2026-11-23")


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the project's data and published files to build and break."""
    root = tmp_path / "pkg"
    shutil.copytree(ROOT / "data", root / "data")
    for name in PUBLISHED:
        shutil.copy2(ROOT / name, root / name)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under data/ and the descriptors, by relative path."""
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()}
    for name in PUBLISHED:
        path = root / name
        if path.exists():
            files[name] = path.read_bytes()
    return files


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Run the command line in-process; (exit code, stdout, stderr)."""
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def built(tmp_path: Path, capsys) -> Path:
    """A package built from the frozen fixture entries."""
    root = tmp_path / "pkg"
    shutil.copytree(FIXTURES, root / "data")
    code, _, err = run(capsys, "build", "--root", str(root))
    assert code == 0, err
    return root


def edit_entry(root: Path, stem: str, old: str, new: str) -> Path:
    """Replace `old`, which the entry `stem` must hold once, by `new`; the entry's path."""
    entry = root / "data" / "sources" / f"{stem}.yaml"
    content = entry.read_text(encoding="utf-8")
    assert content.count(old) == 1, "the fixture no longer holds the text this case edits"
    entry.write_text(content.replace(old, new), encoding="utf-8")
    return entry


# ------------------------------------------------------------------ the one headless Chromium
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per test module; the browser tests skip,
    saying how to install it, where it is missing."""
    if not CHROMIUM.exists():
        pytest.skip("no Chromium at /usr/bin/chromium: install Debian's `chromium` package to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield chromium
        chromium.close()
