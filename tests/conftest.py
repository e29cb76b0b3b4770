"""Fixtures every test may use. What is built is built once a run and shared read-only,
by every worker of pytest-xdist too (`shared`: the first worker to need it builds it
under a lock, the others wait and read it); a test that writes gets its own copy
(`built`, `package`)."""

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
from scripts.schema.registry import ROOT, registries
from tests.helpers import (
    FIXTURES,
    HUAWEI_AZ,
    add_second_report,
    add_wrapped_report,
    amend_xinhua,
    edit_entry,
    shared,
)

TODAY = "2026-11-23"  # checks against today's date run against this day


def pytest_configure(config):
    """One folder a run (made by the first process, inherited by xdist's workers): the check
    cache of the tests' packages (never the user's: scripts/check/cache.py keeps it outside
    the work tree) and what the run builds once."""
    if not hasattr(config, "workerinput"):
        run_folder = Path(tempfile.mkdtemp(prefix="srt-tests-"))
        os.environ["SRT_CACHE_DIR"] = str(run_folder / "cache")
        os.environ["SRT_TEST_SHARED"] = str(run_folder / "shared")
    os.environ["SRT_TODAY"] = TODAY


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
def built_template() -> Path:
    """The frozen fixture entries, built once a run: read it, never write it."""
    def make(root: Path) -> None:
        shutil.copytree(FIXTURES, root / "data")
        quiet("build", "--root", str(root))

    return shared("built", make)


@pytest.fixture
def built(built_template: Path, tmp_path: Path) -> Path:
    """A copy of the built fixture package, for a test to change."""
    root = tmp_path / "pkg"
    shutil.copytree(built_template, root, ignore=shutil.ignore_patterns(".build.lock"))
    return root


@pytest.fixture(scope="session")
def rich_package(tmp_path_factory) -> Path:
    """The frozen fixtures, 12 entries of the synthetic corpus (scripts/tools/synth.py, made
    from the schemas), one whose quote runs over a Windows line end (add_wrapped_report) and
    an article its publisher amended, archived again as version 2 with a record quoting it
    (amend_xinhua), built once a run: every table has rows, whatever data/ holds."""
    from scripts.tools.synth import generate

    def make(root: Path) -> None:
        shutil.copytree(FIXTURES, root / "data")
        extra = tmp_path_factory.mktemp("synthetic")
        generate(extra, 12, seed=5)
        for path in (extra / "data" / "sources").iterdir():
            shutil.copy2(path, root / "data" / "sources" / path.name)
        entities = root / "data" / "entities.yaml"
        entities.write_text(entities.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
                            + (extra / "data" / "entities.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        for name in registries():  # the registries the fixtures lack (withdrawals, corrections)
            if not (root / "data" / f"{name}.yaml").exists():
                shutil.copy2(extra / "data" / f"{name}.yaml", root / "data" / f"{name}.yaml")
        add_wrapped_report(root)
        amend_xinhua(root)
        quiet("build", "--root", str(root))

    return shared("rich", make)


@pytest.fixture(scope="session")
def fixture_package() -> Path:
    """The package the site tests read: the frozen fixtures plus a second report of one
    figure (a fact two sources disagree on) and a named stater, built once a run."""
    def make(root: Path) -> None:
        shutil.copytree(FIXTURES, root / "data")
        add_second_report(root)
        edit_entry(root, HUAWEI_AZ, "    share_base: south-caucasus\n",
                   "    share_base: south-caucasus\n    stated_by: Shahin Mustafayev, Economy Minister of Azerbaijan\n")
        quiet("build", "--root", str(root))

    return shared("fixture-package", make)


@pytest.fixture(scope="session")
def fixture_site(fixture_package) -> Path:
    """The one site build the site tests share (mkdocs --strict), read-only."""
    from scripts.site.build import build_site

    return shared("fixture-site", lambda out: build_site(fixture_package, out)) / "site"


@pytest.fixture(scope="session")
def live_site() -> Path:
    """The site of the project's own data, as `make docs` builds it, once a run: the tests
    of it compute what they expect from the data."""
    from scripts.site.build import build_site

    return shared("live-site", lambda out: build_site(ROOT, out)) / "site"


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
