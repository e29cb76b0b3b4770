"""The built site for every reader, in a real headless Chromium (Debian's, driven by
Playwright): axe-core finds no serious or critical violation on any page, on a desktop
in the light scheme and on a phone in the dark, and on every kind of page (each page at the
top of the site, the first of each folder) in the other two; the scheme follows the system and
the toggle; the site works opened from disk (file://), search included; the readers'
pages come first in the navigation, the contributors' apart; data tables sort, filter
and download the rows in view as CSV; on a phone they stack and nothing runs off the
screen; a record's permalink shows its row below the sticky header, highlighted.

The site is built once, from the frozen fixture entries. The tests loop over whatever
pages, tables and rows exist, so they hold whichever entries the fixture has.
axe-core is vendored in tests/vendor/axe-core/ (see its README). Screenshots go to
test-artifacts/a11y_<page>_<phone|desktop>_<light|dark>.png."""

from __future__ import annotations

import csv
import functools
import hashlib
import http.server
import io
import json
import re
import threading
from pathlib import Path

import pytest

from tests.helpers import ARTIFACTS

AXE = Path(__file__).parents[1] / "vendor" / "axe-core" / "axe.min.js"

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
MODES = {f"{size}_{scheme}": {**sizes, "color_scheme": scheme}
         for size, sizes in (("desktop", DESKTOP), ("phone", PHONE)) for scheme in ("light", "dark")}
EVERY_PAGE = ("desktop_light",)  # axe-core on every page; the other three modes on every kind of page
SCHEME = {"light": "default", "dark": "slate"}  # mkdocs-material's name of each scheme
SHOTS = ("index", "countries_KAZ", "facts", "dictionary", "companies_huawei")  # screenshot these if they exist

READERS = ["Home", "Countries", "Companies", "Facts", "Coverage", "Sources", "Data dictionary", "Using the data", "Changelog",
           "What changed"]
CONTRIBUTORS = ("For contributors", ["Contributing", "Performance"])

NUMBER = re.compile(r"^[-+\u2212]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s*%?$")  # as assets/tables.js sorts numbers
FORMULA = "=HYPERLINK(\"http://example.com\"), \"quoted\" text"  # put into a cell before a download

# Each cell's visible text without the permalink sign, white space collapsed: what a
# reader sees, and so what a download must hold.
CELL_TEXT = """cell => {
    let text = cell.innerText;
    for (const link of cell.querySelectorAll('.srt-permalink')) {
        const sign = link.innerText;
        const at = text.indexOf(sign);
        if (at >= 0) text = text.slice(0, at) + text.slice(at + sign.length);
    }
    return text.replace(/\\s+/g, ' ').trim();
}"""
VISIBLE_ROWS = f"""table => Array.from(table.tBodies).flatMap(body => Array.from(body.rows))
    .filter(row => !row.hidden && row.offsetParent !== null)
    .map(row => Array.from(row.cells, {CELL_TEXT}))"""


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def site(fixture_site) -> Path:
    return fixture_site


@pytest.fixture(scope="module")
def pages(site) -> list[str]:
    """Every page of the site, as a path relative to it (404.html aside)."""
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
    assert "index.html" in found
    return found


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def base(site):
    """The site served over http on the loopback, as its root URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def contexts(browser):
    """Open browser contexts by mode name; every one is closed after the test."""
    opened = []

    def open_context(mode: str, **extra):
        context = browser.new_context(**MODES[mode], **extra)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


def settle(page) -> None:
    """Wait for the theme's and the site's scripts: the scheme chosen, tables enhanced,
    two frames drawn (assets/a11y.js mends on the next frame)."""
    page.wait_for_function("() => document.body.dataset.mdColorScheme && document.documentElement.classList.contains('js')")
    page.wait_for_function("() => Array.from(document.querySelectorAll('.srt-table table thead'))"
                           ".every(head => head.closest('table').hasAttribute('data-srt-enhanced'))")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def kinds_of_page(pages: list[str]) -> list[str]:
    """Every page at the top of the site and the first of each folder (one country, one
    company, ...): each kind of page, as one template draws every page of a folder."""
    seen: set[str] = set()
    return [rel for rel in pages if "/" not in rel or not (rel.split("/")[0] in seen or seen.add(rel.split("/")[0]))]


def shot_name(rel: str) -> str:
    return rel.removesuffix(".html").replace("/", "_")


@pytest.fixture(scope="module")
def table_page(browser, base, pages) -> tuple[str, int]:
    """The first page with an enhanced table of at least 3 rows and 3 columns: (page,
    the table's index among the page's enhanced tables)."""
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    try:
        for rel in pages:
            page.goto(base + rel)
            settle(page)
            index = page.evaluate("""() => Array.from(document.querySelectorAll('table[data-srt-enhanced]'))
                .findIndex(t => t.tBodies[0].rows.length >= 3 && t.tHead.rows[0].cells.length >= 3)""")
            if index >= 0:
                return rel, index
    finally:
        context.close()
    pytest.fail("no page has a data table of 3 rows and 3 columns: nothing to sort, filter or download")


def sort_key(values: list[str]):
    """How assets/tables.js orders a column's visible texts, ascending: by value when
    every non-empty one is a number, else as case-folded text; empty cells first."""
    filled = [v for v in values if v]
    if filled and all(NUMBER.match(v) for v in filled):
        return lambda v: float(re.sub(r"[,\s%]", "", v).replace("\u2212", "-")) if v else float("-inf")
    return lambda v: v.strip().lower()


def csv_field(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


# ------------------------------------------------------------------ vendored tool
def test_vendored_axe_core_is_the_one_its_readme_names():
    readme = (AXE.parent / "README.md").read_text(encoding="utf-8")
    assert "4.14.1" in readme and "MPL-2.0" in readme and (AXE.parent / "LICENSE").is_file()
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() in readme


# ------------------------------------------------------------------ axe-core on every page
SHARDS = 3  # the sweep of every page in three parts, so that xdist spreads it over the cores
SWEEPS = [(mode, shard) for mode in MODES for shard in (range(SHARDS) if mode in EVERY_PAGE else [0])]


@pytest.mark.parametrize("mode, shard", SWEEPS, ids=[f"{mode}-{shard}" for mode, shard in SWEEPS])
def test_no_serious_or_critical_accessibility_violation(mode, shard, contexts, base, pages):
    size, scheme = mode.split("_")
    context = contexts(mode)
    context.add_init_script(path=str(AXE))  # sent once; every page of the context gets it as it loads
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    outside: list[str] = []  # the site needs nothing from elsewhere: no CDN, no web font
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((base, "data:", "blob:")) else None)
    found, no_caption = {}, []
    ARTIFACTS.mkdir(exist_ok=True)
    for rel in pages[shard::SHARDS] if mode in EVERY_PAGE else kinds_of_page(pages):  # tests/README.md: budgets
        page.goto(base + rel)
        settle(page)
        page.wait_for_function(f"() => document.body.dataset.mdColorScheme === '{SCHEME[scheme]}'", timeout=5000)
        no_caption += [f"{rel}: table {i}" for i in page.evaluate(
            "() => Array.from(document.querySelectorAll('.srt-table table'), (t, i) => "
            "t.caption && t.caption.innerText.trim() ? -1 : i).filter(i => i >= 0)")]
        violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ') + ': '
                + (n.failureSummary || '').split('\\n').slice(1, 2).join('').trim())}))""")
        if violations:
            found[rel] = violations
        if shot_name(rel) in SHOTS:
            page.screenshot(path=str(ARTIFACTS / f"a11y_{shot_name(rel)}_{size}_{scheme}.png"), full_page=True)
    assert errors == [], errors
    assert outside == [], outside
    assert no_caption == [], f"data tables without a caption: {no_caption}"
    report = [f"{rel}: {v['id']} ({v['impact']}) {node}" for rel, vs in found.items() for v in vs for node in v["nodes"]]
    assert not report, f"{len(report)} serious or critical axe-core findings in {mode}:\n" + "\n".join(report[:40])


# ------------------------------------------------------------------ light and dark
def test_the_scheme_follows_the_system_and_the_toggle(contexts, base, pages, site):
    for scheme in ("light", "dark"):
        page = contexts(f"desktop_{scheme}").new_page()
        page.goto(base + "index.html")
        settle(page)
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEME[scheme]
        other = "dark" if scheme == "light" else "light"
        page.locator("form[data-md-component='palette'] label:visible").click()
        page.wait_for_function(f"() => document.body.dataset.mdColorScheme === '{SCHEME[other]}'")
        page.reload()  # the reader's choice is kept
        settle(page)
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEME[other]
    # in the dark, charts keep their white ground and the map fills its column: on every page
    # that draws one (the others have nothing to look at)
    page = contexts("desktop_dark").new_page()
    drawn = [rel for rel in pages if re.search(r"srt-chart|srt-map", (site / rel).read_text(encoding="utf-8"))]
    assert drawn, "no page draws a chart or a map"
    for rel in drawn:
        page.goto(base + rel)
        settle(page)
        for ground in page.eval_on_selector_all(".srt-chart img", "imgs => imgs.map(i => getComputedStyle(i).backgroundColor)"):
            assert ground == "rgb(255, 255, 255)", rel
        for width, column in page.eval_on_selector_all("svg.srt-map", "maps => maps.map(m => "
                                                       "[m.getBoundingClientRect().width, m.closest('article').clientWidth])"):
            assert 0.8 * column <= width <= column, (rel, width, column)


# ------------------------------------------------------------------ navigation
def test_readers_pages_come_first_and_contributors_pages_apart(contexts, base):
    page = contexts("desktop_light").new_page()
    page.goto(base + "index.html")
    items = page.evaluate("""() => Array.from(document.querySelectorAll(
        'nav.md-nav--primary > ul.md-nav__list > li.md-nav__item'), item => ({
            label: item.querySelector('.md-nav__link').textContent.trim(),
            children: Array.from(item.querySelectorAll(':scope > nav > ul > li > .md-nav__link'), a => a.textContent.trim())}))""")
    assert [item["label"] for item in items] == READERS + [CONTRIBUTORS[0]]
    assert items[-1]["children"] == CONTRIBUTORS[1]


# ------------------------------------------------------------------ from disk
def test_search_works_from_disk(site, contexts):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["title"] for doc in index["docs"] if "#" not in doc["location"] and doc["title"]}
    word = next(w for t in sorted(titles) for w in re.findall(r"[A-Za-z]{5,}", t))
    page = contexts("desktop_light").new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(("file://", "data:", "blob:", "about:")) else None)
    page.goto((site / "index.html").as_uri())
    settle(page)
    # the theme builds the index in a web worker, slower on a busy machine: the query is typed
    # once it says it is ready ("Type to start searching"), so that no keystroke meets a worker
    # still loading
    page.locator(".md-search__input").click()
    page.wait_for_function("() => { const meta = document.querySelector('.md-search-result__meta');"
                           " return meta && meta.textContent.trim() && !/Initializing/i.test(meta.textContent) }",
                           timeout=60000)
    page.locator(".md-search__input").press_sequentially(word)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=30000)
    found = [h.strip() for h in page.locator(".md-search-result__item .md-search-result__article h1").all_inner_texts()]
    assert found and set(found) <= titles, (word, found)
    assert any(word.lower() in title.lower() for title in found), (word, found)
    assert "Initializing" not in page.locator(".md-search-result__meta").inner_text()
    assert errors == [] and outside == [], (errors, outside)


def test_tables_sort_and_download_from_disk(site, table_page, contexts, tmp_path):
    rel, number = table_page
    page = contexts("desktop_light", accept_downloads=True).new_page()
    page.goto((site / rel).as_uri())
    settle(page)
    table = page.locator("table[data-srt-enhanced]").nth(number)
    header = table.locator("thead th").first
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    with page.expect_download() as info:
        table.locator("xpath=ancestor::div[contains(@class,'srt-table')][1]").get_by_role(
            "button", name="Download these rows (CSV)").click()
    download = info.value
    stem = table.evaluate("t => t.closest('.srt-table').dataset.download || 'table'")
    assert download.suggested_filename == f"{stem}.csv"
    path = tmp_path / "rows.csv"
    download.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    assert rows[1:] == [[csv_field(c) for c in row] for row in table.evaluate(VISIBLE_ROWS)]


# ------------------------------------------------------------------ tables
def test_a_table_sorts_by_a_click_or_a_key_on_its_header(table_page, base, contexts):
    rel, number = table_page
    page = contexts("desktop_light").new_page()
    page.goto(base + rel)
    settle(page)
    table = page.locator("table[data-srt-enhanced]").nth(number)
    columns = table.evaluate(f"t => Array.from(t.tHead.rows[0].cells, (th, j) => "
                             f"Array.from(t.tBodies[0].rows, r => ({CELL_TEXT})(r.cells[j])))")
    # the column with the most distinct values, that is all numbers or no numbers
    candidates = [j for j, values in enumerate(columns)
                  if len({bool(NUMBER.match(v)) for v in values if v}) <= 1 and len(set(values)) > 1]
    assert candidates, f"{rel}: no column to sort by"
    j = max(candidates, key=lambda j: len(set(columns[j])))
    key = sort_key(columns[j])
    header = table.locator("thead th").nth(j)
    assert header.get_attribute("tabindex") == "0"

    def column() -> list[str]:
        return table.evaluate(f"(t, j) => Array.from(t.tBodies[0].rows, r => ({CELL_TEXT})(r.cells[j]))", j)

    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert [key(v) for v in column()] == sorted(key(v) for v in column())
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert [key(v) for v in column()] == sorted((key(v) for v in column()), reverse=True)
    header.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    page.keyboard.press(" ")
    assert header.get_attribute("aria-sort") == "descending"
    assert [key(v) for v in column()] == sorted((key(v) for v in column()), reverse=True)


def test_a_table_filters_its_rows_and_says_how_many_it_shows(table_page, base, contexts):
    rel, number = table_page
    page = contexts("desktop_light").new_page()
    page.goto(base + rel)
    settle(page)
    table = page.locator("table[data-srt-enhanced]").nth(number)
    box = table.locator("xpath=ancestor::div[contains(@class,'srt-table')][1]")
    box_filter = box.get_by_label("Filter rows")
    status = box.get_by_role("status")
    rows = table.evaluate(VISIBLE_ROWS)
    total = len(rows)
    assert status.inner_text() == f"{total} of {total} rows"
    # a word of one row that not every row has, typed in another case
    words = [w for row in rows for cell in row for w in cell.split() if len(w) > 2]
    word = next((w for w in words if 0 < sum(w.lower() in " ".join(r).lower() for r in rows) < total), words[0])
    expected = [r for r in rows if word.lower() in " ".join(r).lower()]
    box_filter.fill(word.swapcase())
    assert table.evaluate(VISIBLE_ROWS) == expected
    assert status.inner_text() == f"{len(expected)} of {total} rows"
    box_filter.fill("no row holds this text \u2603")
    assert table.evaluate(VISIBLE_ROWS) == []
    assert status.inner_text() == f"0 of {total} rows"
    box_filter.fill("")
    assert len(table.evaluate(VISIBLE_ROWS)) == total


def test_a_download_holds_the_rows_in_view_in_their_order(table_page, base, contexts, tmp_path):
    rel, number = table_page
    page = contexts("desktop_light", accept_downloads=True).new_page()
    page.goto(base + rel)
    settle(page)
    table = page.locator("table[data-srt-enhanced]").nth(number)
    box = table.locator("xpath=ancestor::div[contains(@class,'srt-table')][1]")
    # a cell with a comma, quotes and a leading "=", and one with a leading "-"
    table.evaluate("""(t, text) => { const row = t.tBodies[0].rows[0];
        row.cells[row.cells.length - 1].textContent = text;
        if (row.cells.length > 1) row.cells[row.cells.length - 2].textContent = '-1 and @2'; }""", FORMULA)
    rows = table.evaluate(VISIBLE_ROWS)
    # filter to the changed row and some others (a word of its first cell), sort descending
    first = next((w for w in rows[0][0].split() if len(w) > 1), rows[0][0])
    box.get_by_label("Filter rows").fill(first)
    header = table.locator("thead th").last
    header.click()
    header.click()
    shown = table.evaluate(VISIBLE_ROWS)
    assert [FORMULA] in [row[-1:] for row in shown]
    with page.expect_download() as info:
        box.get_by_role("button", name="Download these rows (CSV)").click()
    download = info.value
    stem = table.evaluate("t => t.closest('.srt-table').dataset.download || 'table'")
    assert download.suggested_filename == f"{stem}.csv"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    raw = path.read_bytes().decode("utf-8")
    lines = raw.split("\r\n")
    assert lines[-1] == "" and all(re.fullmatch(r'"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*', line) for line in lines[:-1])
    assert '"\'=HYPERLINK(""http://example.com""), ""quoted"" text"' in raw
    parsed = list(csv.reader(io.StringIO(raw, newline="")))
    headers = [re.sub(r"\s+", " ", h).strip() for h in table.locator("thead th").all_inner_texts()]
    assert parsed[0] == headers
    assert parsed[1:] == [[csv_field(c) for c in row] for row in shown]
    assert ["'-1 and @2", "'" + FORMULA] in [row[-2:] for row in parsed[1:]] or len(headers) == 1


# ------------------------------------------------------------------ phone
@pytest.mark.parametrize("shard", range(2))  # every page, in two parts spread over the cores
def test_on_a_phone_nothing_runs_off_the_screen(shard, contexts, base, pages):
    page = contexts("phone_light").new_page()
    width = PHONE["viewport"]["width"]
    stacked = cells_seen = 0
    for rel in pages[shard::2]:
        page.goto(base + rel)
        settle(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, rel
        cells = page.evaluate("""() => Array.from(document.querySelectorAll('.srt-table td'), td => ({
            right: td.getBoundingClientRect().right, display: getComputedStyle(td).display,
            label: td.dataset.label || '', before: getComputedStyle(td, '::before').content}))""")
        cells_seen += len(cells)
        for cell in cells:
            assert cell["right"] <= width + 0.5, (rel, cell)
            assert cell["display"] == "block", (rel, cell)
            if cell["label"]:
                assert cell["before"] == json.dumps(cell["label"]), (rel, cell)
                stacked += 1
    assert stacked or not cells_seen, "no labelled table cell on any page: the phone layout was not exercised"


# ------------------------------------------------------------------ permalinks
@pytest.mark.parametrize("mode", ["desktop_light", "desktop_dark", "phone_light", "phone_dark"])
def test_a_permalinked_row_is_below_the_header_and_highlighted(mode, base, pages, contexts):
    page = contexts(mode).new_page()
    target = None
    for rel in sorted(pages, key=lambda rel: not rel.startswith("sources/")):  # records live on source pages
        page.goto(base + rel)
        settle(page)
        ids = page.eval_on_selector_all(".srt-table tr[id]", "rows => rows.map(r => r.id)")
        if ids:
            target = (rel, ids[-1], ids[0])
            break
    assert target, "no record row with an id on any page"
    rel, ident, other = target
    page.goto(f"{base}{rel}#{ident}")
    settle(page)
    row = page.locator(f"tr[id='{ident}']")
    header_bottom = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    top = row.evaluate("r => r.getBoundingClientRect().top")
    assert header_bottom <= top < page.viewport_size["height"], (rel, ident, header_bottom, top)
    look = row.evaluate("""r => ({ground: getComputedStyle(r.cells[0]).backgroundColor,
        edge: getComputedStyle(r.cells[0]).boxShadow,
        page: getComputedStyle(document.body).backgroundColor})""")
    assert look["ground"] not in ("rgba(0, 0, 0, 0)", look["page"]) and "inset" in look["edge"], look
    if other != ident:
        plain = page.locator(f"tr[id='{other}']").evaluate("r => getComputedStyle(r.cells[0]).backgroundColor")
        assert plain != look["ground"]
    link = row.locator("a.srt-permalink")
    if link.count():
        assert link.is_visible()
        link.focus()
        assert link.evaluate("a => document.activeElement === a")
    size, scheme = mode.split("_")
    page.screenshot(path=str(ARTIFACTS / f"a11y_permalink_{size}_{scheme}.png"))
