"""What many tests share: the frozen fixture entries and their ids, the command line run
in-process, snapshots of a package, an entry edited in place, pages opened in Chromium.

The fixtures (tests/fixtures/data) are a frozen copy of the entries as of release 0.1.0:
tests that name a line or a value edit a copy of them, never data/, so that a
contributor's new entry can never fail the suite."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from scripts import cli
from scripts.publish.tables import PUBLISHED
from scripts.schema.registry import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "data"  # frozen entries: tests that name lines edit these
ARTIFACTS = ROOT / "test-artifacts"  # screenshots, for a person to look at
X = "xinhua-2015-05-07-china-kazakhstan-capacity-cooperation"
HUAWEI_AZ = "unattributed-2019-06-24-azerbaijan-china-huawei"
MOFCOM = "mofcom-2022-01-20-china-central-asia-trade"
CALIBER = "caliber-az-2024-07-06-azerbaijan-china-strategic-partnership"
RESTATED = "example-2016-01-10-kazakhstan-trade-restated"
RESTATED_TEXT = ("Kazakhstan trade restated\n\nBilateral trade between China and Kazakhstan reached 28.9 billion "
                 "dollars in 2013, the customs office said on Sunday.\n")


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


def edit_entry(root: Path, stem: str, old: str, new: str) -> Path:
    """Replace `old`, which the entry `stem` must hold once, by `new`; the entry's path."""
    entry = root / "data" / "sources" / f"{stem}.yaml"
    content = entry.read_text(encoding="utf-8")
    assert content.count(old) == 1, "the fixture no longer holds the text this case edits"
    entry.write_text(content.replace(old, new), encoding="utf-8")
    return entry


def add_second_report(root: Path) -> None:
    """A second source that reports the fixtures' 2013 China–Kazakhstan turnover differently
    (28.9 billion, where Xinhua says 28.6): a fact with two disagreeing reports."""
    sources = root / "data" / "sources"
    (sources / f"{RESTATED}.txt").write_text(RESTATED_TEXT, encoding="utf-8")
    entry = {
        "id": RESTATED, "title": "Kazakhstan trade restated", "publisher": "Example Wire", "author": None,
        "published_date": "2016-01-10", "url": None, "language": "en",
        "text_sha256": hashlib.sha256(RESTATED_TEXT.encode()).hexdigest(), "notes": "Made up for the tests.",
        "trade": [{"id": "turnover-2013", "reporter": "CHN", "partner": "KAZ", "flow": "turnover", "period": 2013,
                   "amount": "28.9 billion dollars", "stated_by": "the customs office",
                   "quote": "Bilateral trade between China and Kazakhstan reached 28.9 billion dollars in 2013"}]}
    (sources / f"{RESTATED}.yaml").write_text(yaml.safe_dump(entry, sort_keys=False, allow_unicode=True),
                                              encoding="utf-8")


def open_page(browser, url: str, phone: bool = False, strict: bool = False):
    """A page of `url` at desktop (or phone) size, and the errors it logs; `strict`: served
    over http, it must load, and a failed request counts as an error."""
    size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    page = browser.new_page(viewport=size)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    if strict:
        page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    response = page.goto(url)
    if strict:
        assert response and response.ok, url
    page.wait_for_load_state("networkidle" if strict else "load")
    return page, errors
