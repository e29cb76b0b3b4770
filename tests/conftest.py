"""Fixtures every test may use. What is built is built once a run (a session fixture) and
shared read-only; a test that writes gets its own copy (`built`, `package`). Tests that
share the one site build, or a browser, run on one worker (`xdist_group`), so that the
site is built once a run, not once a worker."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from scripts import cli
from scripts.publish.tables import PUBLISHED
from scripts.schema.registry import ROOT
from tests.helpers import FIXTURES, HUAWEI_AZ, add_second_report, edit_entry

TODAY = "2026-11-23"  # checks against today's date run against this day


def pytest_configure(config):
    """The check cache of the tests' packages goes to a folder of the run's own, never the
    user's cache (scripts/check/cache.py keeps it outside the work tree)."""
    os.environ["SRT_CACHE_DIR"] = tempfile.mkdtemp(prefix="srt-cache-")
    os.environ["SRT_TODAY"] = TODAY


def pytest_collection_modifyitems(config, items):
    """The site's tests (tests/site/) and every test of the browser run on one worker."""
    for item in items:
        if "site" in item.path.parent.name or {"fixture_site", "browser"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.xdist_group("site"))


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """Checks against today's date run against a fixed day, so tests do not depend on the clock."""
    monkeypatch.setenv("SRT_TODAY", TODAY)


def quiet(*args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = cli.main(list(args))
    assert code == 0, err.getvalue()
    return code


# ------------------------------------------------------------------ packages
@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the project's data and published files to build and break (a test of it
    computes what it expects from the data it holds)."""
    root = tmp_path / "pkg"
    shutil.copytree(ROOT / "data", root / "data")
    for name in PUBLISHED:
        shutil.copy2(ROOT / name, root / name)
    return root


@pytest.fixture(scope="session")
def built_template(tmp_path_factory) -> Path:
    """The frozen fixture entries, built once a run: read it, never write it."""
    root = tmp_path_factory.mktemp("built") / "pkg"
    shutil.copytree(FIXTURES, root / "data")
    quiet("build", "--root", str(root))
    return root


@pytest.fixture
def built(built_template: Path, tmp_path: Path) -> Path:
    """A copy of the built fixture package, for a test to change."""
    root = tmp_path / "pkg"
    shutil.copytree(built_template, root, ignore=shutil.ignore_patterns(".build.lock"))
    return root


@pytest.fixture(scope="session")
def rich_package(tmp_path_factory) -> Path:
    """The frozen fixtures and 12 entries of the synthetic corpus (scripts/tools/synth.py,
    made from the schemas), built once a run: every table has rows, whatever data/ holds."""
    from scripts.tools.synth import generate

    root = tmp_path_factory.mktemp("rich") / "pkg"
    shutil.copytree(FIXTURES, root / "data")
    extra = tmp_path_factory.mktemp("synthetic")
    generate(extra, 12, seed=5)
    for path in (extra / "data" / "sources").iterdir():
        shutil.copy2(path, root / "data" / "sources" / path.name)
    entities = root / "data" / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
                        + (extra / "data" / "entities.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    quiet("build", "--root", str(root))
    return root


@pytest.fixture(scope="session")
def fixture_package(tmp_path_factory) -> Path:
    """The package the site tests read: the frozen fixtures plus a second report of one
    figure (a fact two sources disagree on) and a named stater, built once a run."""
    root = tmp_path_factory.mktemp("fixture-site") / "pkg"
    shutil.copytree(FIXTURES, root / "data")
    add_second_report(root)
    edit_entry(root, HUAWEI_AZ, "    share_base: south-caucasus\n",
               "    share_base: south-caucasus\n    stated_by: Shahin Mustafayev, Economy Minister of Azerbaijan\n")
    quiet("build", "--root", str(root))
    return root


@pytest.fixture(scope="session")
def fixture_site(fixture_package, tmp_path_factory) -> Path:
    """The one site build the site tests share (mkdocs --strict), read-only."""
    from scripts.site.build import build_site

    return build_site(fixture_package, tmp_path_factory.mktemp("fixture-site-out"))


# ------------------------------------------------------------------ the one headless Chromium
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, one a run; the browser tests skip, saying
    how to install it, where it is missing."""
    if not CHROMIUM.exists():
        pytest.skip("no Chromium at /usr/bin/chromium: install Debian's `chromium` package to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield chromium
        chromium.close()
