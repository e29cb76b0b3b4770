"""The site: generate its pages from the published package and the schemas, then build it.

`python -m scripts docs` copies the hand-written pages of docs/ to build/docs/ and
adds the generated ones: the home page's coverage and downloads, the data
dictionary, one page per country and group, one per source, with charts. mkdocs
then builds build/docs/ into site/. Nothing generated is committed.

Every text that comes from the data (entry files and registries: titles, quotes,
notes, names, any cell of a CSV) is contributor input: it reaches a page only through
escape.e (HTML-escaped, one line, written only inside HTML blocks, never as Markdown)
and a page title only through escape.front_matter; see scripts/site/escape.py.

The pages: home.py (home, performance, dictionary), places.py (a page per country and
group), facts_page.py, coverage_page.py, catalog.py (companies and sources), changes_page.py (what each
release changed); index.py holds what they
read (the records indexed once), records.py how a record is shown, marks.py the words of
its quote that state its values.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from scripts.core.files import Unsafe, is_regular, read_regular
from scripts.publish.tables import CITATIONS, DESCRIPTORS
from scripts.release import archive
from scripts.schema.registry import ROOT, package_meta, tables
from scripts.site import catalog, changes_page, coverage_page, facts_page, home, places, withdrawn
from scripts.site.index import Site

SITE_SRC = ROOT / "build" / "docs"


def generate(root: Path = ROOT, out: Path | None = None) -> None:
    """Generate the pages of the package at `root` into `out` (default: build/docs): the
    downloads and the release first, then the pages, so that the package is not held in
    memory twice (as the release's and as the pages')."""
    out = SITE_SRC if out is None else out
    release = prepare(root, out)
    changes = changes_page.release_changes(root)  # the packages compared before the pages read this one
    write_pages(Site(root, out), release, changes)


def build_site(root: Path, out: Path) -> Path:
    """Generate the pages of the package at `root` into out/docs and build them with
    mkdocs --strict into out/site, with the project's mkdocs.yml; return out/site."""
    import os
    import subprocess
    import sys

    generate(root, out / "docs")
    config = out / "mkdocs.yml"
    config.write_text(json.dumps({"INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": "docs", "site_dir": "site",
                                  "theme": {"name": "material", "custom_dir": str(ROOT / "overrides")},
                                  "hooks": [str(ROOT / "scripts" / "site" / "hooks.py")]}), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    address = env.pop("SRT_SITE_URL", "") or package_meta().get("homepage") or ""
    if address:  # the public address makes the sitemap (overrides/sitemap.xml); none is guessed
        env["SRT_SITE_URL"] = address
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config)],
                            capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{result.stderr}")
    return out / "site"


def prepare(root: Path, out: Path) -> list[Path]:
    """Copy the hand-written pages and the downloads into the site's folder `out`, and build
    the release there; the release's files."""
    shutil.rmtree(out, ignore_errors=True)
    unsafe = [path for path in [*(ROOT / "docs").rglob("*"), ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md"]
              if path.is_symlink() or not (path.is_dir() or is_regular(path))]
    if unsafe:  # a link would copy any file of the machine onto the site
        raise SystemExit(f"{unsafe[0].relative_to(ROOT).as_posix()}: not a plain file or folder (a link, device "
                         "or FIFO) — commit the file itself; the site was not built")
    shutil.copytree(ROOT / "docs", out)
    shutil.copy2(ROOT / "CONTRIBUTING.md", out / "contributing.md")
    shutil.copy2(ROOT / "CHANGELOG.md", out / "changelog.md")
    downloads = out / "downloads"
    (downloads / "data").mkdir(parents=True)
    for relative in [f"data/{name}.csv" for name in tables()] + list(DESCRIPTORS + CITATIONS):
        try:  # each a plain file of the package, never what a link leads to
            (downloads / relative).write_bytes(read_regular(root / relative, archive.MAX_FILE, within=root))
        except Unsafe as error:
            raise SystemExit(f"{relative}: {error.message} — {error.fix}; the site was not built") from None
    try:
        return archive.build(root, downloads / "release")
    except archive.ReleaseError as error:
        raise SystemExit(f"{error} — the site was not built") from None


def write_pages(site: Site, release: list[Path] | None = None, changes: list | None = None) -> None:
    """Write every generated page into the site's folder, prepared first (prepare) unless
    `release` says it was, with the "What changed" pages of `changes` (release_changes)."""
    if release is None:
        release = prepare(site.root, site.out)
    changes_page.changes_pages(site, changes_page.release_changes(site.root) if changes is None else changes)
    home.home(site, release)
    home.performance(site)
    home.dictionary(site)
    places.place_pages(site)
    catalog.entity_pages(site)
    facts_page.facts_page(site)
    coverage_page.coverage_page(site)
    catalog.source_pages(site)
    withdrawn.withdrawal_pages(site)
