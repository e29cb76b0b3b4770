"""What many tests share: the frozen fixture entries and their ids, the command line run
in-process, snapshots of a package, an entry edited in place, pages opened in Chromium.

The fixtures (tests/fixtures/data) are a frozen copy of the entries as of release 0.1.0:
tests that name a line or a value edit a copy of them, never data/, so that a
contributor's new entry can never fail the suite."""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import yaml

from scripts import cli
from scripts.bind.mentions import Article
from scripts.bind.quote_text import normal
from scripts.check.accounting import accounted_figures
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
                   "amount": "28.9 billion dollars",
                   "quote": "Bilateral trade between China and Kazakhstan reached 28.9 billion dollars in 2013"}]}
    (sources / f"{RESTATED}.yaml").write_text(yaml.safe_dump(entry, sort_keys=False, allow_unicode=True),
                                              encoding="utf-8")


def add_source(root: Path, source_id: str, text: str, **entry) -> None:
    """A source written in the test: its archived `text` and its entry (`entry`: the
    entry's keys after its id, such as publisher, published_date and its record lists),
    with the text's SHA-256 and the keys every entry has (title, author, url, language,
    notes) filled when not given."""
    sources = root / "data" / "sources"
    (sources / f"{source_id}.txt").write_text(text, encoding="utf-8")
    values = {"id": source_id, "title": None, "publisher": None, "author": None, "published_date": None, "url": None,
              "language": "en", "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
              "notes": "Made up for the tests.", **entry}
    (sources / f"{source_id}.yaml").write_text(yaml.safe_dump(values, sort_keys=False, allow_unicode=True),
                                               encoding="utf-8")


def add_entity(root: Path, **entity) -> None:
    """An entity appended to the package's data/entities.yaml."""
    path = root / "data" / "entities.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + yaml.safe_dump([entity], sort_keys=False),
                    encoding="utf-8")


MINISTRY = "example-2016-03-01-kazakhstan-ministry-trade"
WIRE = "example-2016-06-01-kazakhstan-wire-trade"
MINISTRY_ID = "kaz-ministry-of-trade"


def add_official_sources(root: Path) -> None:
    """Fixture entries for official statements: a ministry (a government body) publishing
    its own statement, one figure of it in its own voice and one it gives to analysts; a
    news agency with a figure in its own voice and one its minister states (his office
    names the ministry). All made up for the tests."""
    add_entity(root, id=MINISTRY_ID, name="Ministry of Trade and Integration (Kazakhstan)", type="government_body",
               country="KAZ", offices=["Trade Minister"])
    def turnover(ident: str, year: int, amount: str, quote: str, **more) -> dict:
        return {"id": ident, "reporter": "CHN", "partner": "KAZ", "flow": "turnover", "period": year,
                "amount": amount, **more, "quote": quote}

    add_source(root, MINISTRY, "Trade with China\n\nBilateral trade between China and Kazakhstan reached 28.6 billion "
               "dollars in 2013.\n\nBilateral trade between China and Kazakhstan reached 14.2 billion dollars in 2015, "
               "according to analysts.\n",
               title="Trade with China", publisher="Ministry of Trade and Integration (Kazakhstan)",
               publisher_entity=MINISTRY_ID, published_date="2016-03-01", trade=[
                   turnover("turnover-2013", 2013, "28.6 billion dollars",
                            "Bilateral trade between China and Kazakhstan reached 28.6 billion dollars in 2013"),
                   turnover("turnover-2015", 2015, "14.2 billion dollars",
                            "Bilateral trade between China and Kazakhstan reached 14.2 billion dollars in 2015, "
                            "according to analysts", stated_by="analysts")])
    add_source(root, WIRE, "Kazakhstan trade\n\nBilateral trade between China and Kazakhstan reached 28.6 billion "
               "dollars in 2013.\n\nBilateral trade between China and Kazakhstan reached 22.4 billion dollars in 2014, "
               "Trade Minister Asel Bekova said.\n",
               title="Kazakhstan trade", publisher="Example Wire", published_date="2016-06-01", trade=[
                   turnover("turnover-2013", 2013, "28.6 billion dollars",
                            "Bilateral trade between China and Kazakhstan reached 28.6 billion dollars in 2013"),
                   turnover("turnover-2014", 2014, "22.4 billion dollars",
                            "Bilateral trade between China and Kazakhstan reached 22.4 billion dollars in 2014, "
                            "Trade Minister Asel Bekova said", stated_by="Trade Minister Asel Bekova",
                            stated_by_entity=MINISTRY_ID)])


def build_staters(root: Path) -> None:
    """The frozen fixtures, the official statements' entries (add_official_sources) and
    Huawei in Azerbaijan given as its vice-president's words, as the text gives it: built."""
    shutil.copytree(FIXTURES, root / "data")
    add_official_sources(root)
    edit_entry(root, HUAWEI_AZ, """    activity: participating in the implementation of various projects
    quote: >-
      Huawei has been active operating in more than 170 countries since 2002,""",
               """    activity: participating in the implementation of various projects
    stated_by: Wang Tao, the Vice President of Huawei
    quote: >-
      Wang Tao, in turn, noted that Huawei has been active operating in more than 170 countries since 2002,""")
    assert cli.main(["build", "--root", str(root)]) == 0


WRAPPED = "example-2016-02-01-kazakhstan-trade-wrapped"
WRAPPED_TEXT = ("Kazakhstan trade, wrapped\r\n\r\nBilateral trade between China and Kazakhstan \u2014 the \u201ctwo "
                "sides\u201d \u2014 reached 28.9\u00a0billion\r\ndollars in 2013, the customs office said.\r\n")


def add_wrapped_report(root: Path) -> None:
    """A source whose text has Windows line ends, typographic quotes and dashes and a
    no-break space, and a record whose quote runs over a line end: its bindings' words hold
    characters a CSV cell must quote, and others the quote writes otherwise."""
    sources = root / "data" / "sources"
    (sources / f"{WRAPPED}.txt").write_bytes(WRAPPED_TEXT.encode("utf-8"))
    entry = {
        "id": WRAPPED, "title": "Kazakhstan trade, wrapped", "publisher": "Example Wire", "author": None,
        "published_date": "2016-02-01", "url": None, "language": "en",
        "text_sha256": hashlib.sha256(WRAPPED_TEXT.encode("utf-8")).hexdigest(), "notes": "Made up for the tests.",
        "trade": [{"id": "turnover-2013", "reporter": "CHN", "partner": "KAZ", "flow": "turnover", "period": 2013,
                   "amount": "28.9 billion dollars",
                   "quote": 'Bilateral trade between China and Kazakhstan - the "two sides" - reached 28.9 billion '
                            "dollars in 2013"}]}
    (sources / f"{WRAPPED}.yaml").write_text(yaml.safe_dump(entry, sort_keys=False, allow_unicode=True),
                                             encoding="utf-8")


def csv_table(root: Path, name: str) -> list[dict[str, str]]:
    """The rows of data/<name>.csv of the package at `root`."""
    with (root / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def archived_text(root: Path, source_id: str, version: str = "1") -> str:
    """A source's archived text (a later version of it: `version`) as evidence.csv counts its
    characters: UTF-8, line ends kept."""
    name = source_id if version == "1" else f"{source_id}.v{version}"
    return (root / "data" / "sources" / f"{name}.txt").read_bytes().decode("utf-8")


def state_in_text(root: Path, stem: str, lines: list[str]) -> None:
    """Append `lines` to the archived text of the entry `stem`, and give the entry the text's
    new SHA-256: values the proof binds to the article's words (an agreement's name, an
    occasion: `x-bind` in schemas/) are then stated there, whatever a test writes in them.
    A line with a number is listed under the entry's `left_out:` (its numbers are no figure)."""
    text = root / "data" / "sources" / f"{stem}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "".join(f"\n{line}\n" for line in lines), encoding="utf-8")
    entry = root / "data" / "sources" / f"{stem}.yaml"
    content = re.sub(r"text_sha256: [0-9a-f]{64}", "text_sha256: " + hashlib.sha256(text.read_bytes()).hexdigest(),
                     entry.read_text(encoding="utf-8"))
    figures = figures_of(lines, re.search(r"^language: (\S+)", content, flags=re.M).group(1))
    entry.write_text(leave_out(content, *figures) if figures else content, encoding="utf-8")  # every figure accounted


def figures_of(lines: list[str], language: str) -> list[str]:
    """The figures the check would find in `lines` (scripts/check/accounting.py accounted_figures),
    as written: the words a `left_out` item gives for each."""
    out: list[str] = []
    for line in lines:
        article = Article(normal(line), language, dt.date(2000, 1, 1), {})
        text = article.text
        for figure in accounted_figures(article):  # the figure with the rest of its word ("$1³", "alert(1)>")
            start = max(text.rfind(" ", 0, figure.start) + 1, 0)
            end = text.find(" ", figure.end) if text.find(" ", figure.end) >= 0 else len(text)
            if text[start:end] not in out:
                out.append(text[start:end])
    return out


def add_bindings(root: Path, record_id: str, bindings: list[tuple[str, int, int]]) -> None:
    """Append bindings of a record, (column, start, end) in its archived text, to the built
    package's evidence.csv, as the proof would write them: for the site, which reads them
    there (the descriptor's hashes are then out of date: verify would refuse the package)."""
    rows = csv_table(root, "evidence")
    source = next(row["source_id"] for row in rows if row["record_id"] == record_id)
    text = archived_text(root, source)
    for number, (column, start, end) in enumerate(bindings, start=100):
        rows.append({"evidence_id": f"{record_id}:{column}:{number}", "record_id": record_id, "source_id": source,
                     "text_version": "1", "column": column, "words": text[start:end], "start": str(start),
                     "end": str(end)})
    with (root / "data" / "evidence.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


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


def shared(name: str, make) -> Path:
    """The folder `name`, made once a run by `make(folder)`, whichever worker asks first."""
    folder = Path(os.environ["SRT_TEST_SHARED"]) / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the others wait here while it is made
        if not (folder.parent / f"{name}.done").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            (folder.parent / f"{name}.done").touch()
    return folder


def leave_out(content: str, *words: str) -> str:
    """An entry's YAML with `words` (numbers a test's text states but records no figure of,
    such as a hostile payload's `window.pwned = 3`) listed under its `left_out:`, which the
    frozen fixtures' entries have: every figure of a text is accounted for."""
    first = content.count("  - id: test-words-") + 1  # ids unique however often it is called
    items = "".join(f"  - id: test-words-{n}\n    words: {json.dumps(w)}\n    reason: page_text\n"
                    for n, w in enumerate(words, first))
    assert "\nleft_out:\n" in content
    return content.replace("\nleft_out:\n", "\nleft_out:\n" + items, 1)


AMENDMENT = "The publisher corrected the 2013 turnover from 28.6 to 28.9 billion dollars."


def amend_text(root: Path, stem: str, old: str, new: str, version: int = 2, reason: str | None = AMENDMENT,
               archived: str = "2026-11-20", amended: str | None = None, declare: bool = True) -> Path:
    """An article its publisher amended: the entry `stem`'s text (its version before
    `version`) with `old`, which it must hold once, replaced by `new`, archived as
    data/sources/<stem>.v<version>.txt and declared at the end of the entry's `versions:`
    (made after its `text_sha256:` line if it has none), unless `declare` is false; the file."""
    sources = root / "data" / "sources"
    before = sources / (f"{stem}.txt" if version == 2 else f"{stem}.v{version - 1}.txt")
    text = before.read_bytes().decode("utf-8")
    assert text.count(old) == 1, "the text no longer holds the words this case amends"
    target = sources / f"{stem}.v{version}.txt"
    target.write_bytes(text.replace(old, new).encode("utf-8"))
    if declare:
        item = (f"  - version: {version}\n    text_sha256: {hashlib.sha256(target.read_bytes()).hexdigest()}\n"
                f"    archived_date: {archived}\n" + (f"    amended_date: {amended}\n" if amended else "")
                + (f"    reason: {json.dumps(reason)}\n" if reason else ""))
        entry = sources / f"{stem}.yaml"
        content = entry.read_text(encoding="utf-8")
        if "\nversions:\n" in content:
            content = re.sub(r"\nversions:\n(?:  .*\n)*", lambda m: m.group(0) + item, content, count=1)
        else:
            content = re.sub(r"\ntext_sha256: [0-9a-f]{64}\n", lambda m: m.group(0) + "versions:\n" + item, content,
                             count=1)
        entry.write_text(content, encoding="utf-8")
    return target


def add_record(root: Path, stem: str, table: str, record: str) -> None:
    """Add `record` (YAML list item lines, indented as an entry's records are) at the top of
    the entry's `table:` section, which it must have."""
    edit_entry(root, stem, f"\n{table}:\n", f"\n{table}:\n{record}")


AMENDED_RECORD = ("  - id: turnover-2013-amended\n    text_version: 2\n    reporter: CHN\n    partner: KAZ\n"
                  "    flow: turnover\n    period: 2013\n    amount: 28.9 billion dollars\n"
                  "    quote: Bilateral trade between the two sides reached 28.9 billion dollars in 2013\n")


def amend_xinhua(root: Path) -> Path:
    """The Xinhua article as its publisher corrected it (28.6 billion dollars of 2013 trade
    now 28.9), archived as version 2, with a record of the corrected figure quoting it; the
    version's file."""
    v2 = amend_text(root, X, "reached 28.6 billion dollars in 2013", "reached 28.9 billion dollars in 2013",
                    amended="2026-11-19")
    add_record(root, X, "trade", AMENDED_RECORD)
    return v2
