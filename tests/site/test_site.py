"""The documentation site: built offline with --strict, pages for every country and
source, a dictionary that matches schemas/, and a real headless Chromium that opens the
pages, sees the charts and searches. Hostile contributor text in every field, on every
page and in search, is site/test_site_hostile.py's."""

from __future__ import annotations

import functools
import html.parser
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest

from scripts.schema.registry import ROOT, tables
from scripts.site.escape import code_spans
from tests.helpers import ARTIFACTS, X, open_page


@pytest.fixture(scope="module")
def site(fixture_site) -> Path:
    """The shared site of the fixture package (tests/conftest.py)."""
    return fixture_site


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "link" and attrs.get("rel") in ("canonical",)):
                self.links.append(attrs[key])


@functools.lru_cache(maxsize=None)
def parse_page(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# ------------------------------------------------------------------ the build
def test_site_builds_offline_without_web_fonts_or_cdn(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in index and "fonts.gstatic" not in index
    for page in site.rglob("*.html"):
        for link in parse_page(page).links:
            assert not link.startswith("//"), (page, link)
            if link.startswith("http"):
                assert page.name != "index.html" or "creativecommons" in link or "mkdocs" in link or "squidfunk" in link, link
    assert (site / "search" / "search_index.json").is_file()


def test_a_page_for_each_country_group_and_source(site, fixture_package):
    root = fixture_package
    data = {}
    for name in ("sources", "trade", "investment", "agreements", "companies", "groups"):
        data[name] = (root / "data" / f"{name}.csv").read_text(encoding="utf-8")
    sources = [line.split(",")[0] for line in data["sources"].splitlines()[1:]]
    assert sorted(sources) == sorted(p.stem for p in (root / "data" / "sources").glob("*.yaml"))
    for sid in sources:
        assert (site / "sources" / f"{sid}.html").is_file()
        assert (site / "sources" / "texts" / f"{sid}.txt").read_bytes() == (root / "data" / "sources" / f"{sid}.txt").read_bytes()
    for code in ("AZE", "CHN", "KAZ", "KGZ", "PAK", "TJK", "TKM", "UZB", "central-asia", "south-caucasus"):
        assert (site / "countries" / f"{code}.html").is_file(), code
    for name in tables():
        assert (site / "downloads" / "data" / f"{name}.csv").read_bytes() == (root / "data" / f"{name}.csv").read_bytes()


@pytest.mark.parametrize("which", ["fixture_site", "live_site"])
def test_every_internal_link_and_anchor_resolves(which, request):
    site = request.getfixturevalue(which)
    checked = 0
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue  # served at any address, so its links are absolute by design
        for link in parse_page(page).links:
            if urlparse(link).scheme or link.startswith(("mailto:", "data:", "#")) and len(link) == 1:
                continue
            target, fragment = urldefrag(urljoin(page.as_uri(), link))
            path = Path(unquote(urlparse(target).path))
            if path.is_dir():
                path = path / "index.html"
            assert path.exists(), f"{page.relative_to(site)} links to missing {link}"
            if fragment and path.suffix == ".html":
                assert fragment in parse_page(path).ids, f"{page.relative_to(site)} links to missing anchor {link}"
            checked += 1
    assert checked > 500


def test_dictionary_matches_the_schemas(site):
    page = (site / "dictionary.html").read_text(encoding="utf-8")
    for name, table in tables().items():
        section = page.split(f'id="{name}"', 1)[1].split("<h2", 1)[0]
        columns = re.findall(r'<tr><td data-label="Column"><code>([a-z0-9_]+)</code></td>', section)
        assert columns == table.columns, name
        for fld in table.fields:
            assert code_spans(fld.descriptor["description"]) in section, (name, fld.name)


def test_figures_link_to_their_source_pages(site):
    page = (site / "countries" / "KAZ.html").read_text(encoding="utf-8")
    assert f'href="../sources/{X}.html#turnover-2013"' in page
    assert "more than 26 billion dollars (USD 26,000,000,000)" in page
    source = (site / "sources" / f"{X}.html").read_text(encoding="utf-8")
    words = re.sub(r"</?mark[^>]*>", "", source)  # the words a quote's marks may cut (tests/site/test_marks.py)
    assert 'id="turnover-2013"' in source and "Bilateral trade between the two sides reached 28.6 billion dollars" in words


# ------------------------------------------------------------------ in a real browser
@pytest.fixture
def serve():
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(directory))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def pages_to_open(site: Path) -> list[tuple[str, int]]:
    """The home page, the country page with the most charts and the first source page, each
    with the number of charts its HTML holds (worked out from the site: nothing pinned)."""
    def charts(path: str) -> int:
        return (site / path).read_text(encoding="utf-8").count('<figure class="srt-chart">')

    countries = sorted((p.relative_to(site).as_posix() for p in (site / "countries").glob("*.html")
                        if p.name != "index.html"), key=lambda path: (-charts(path), path))
    source = sorted(p.relative_to(site).as_posix() for p in (site / "sources").glob("*.html") if p.name != "index.html")
    return [(path, charts(path)) for path in ("index.html", countries[0], source[0])]


@pytest.mark.parametrize("which", ["fixture_site", "live_site"])
def test_pages_in_chromium(which, request, browser, serve):
    site = request.getfixturevalue(which)
    base = serve(site)
    for path, charts in pages_to_open(site):
        if path.startswith("countries/") and which == "fixture_site":
            assert charts >= 2, "the fixtures chart a country: else this test sees no chart"
        open_and_look(browser, base, path, charts, which)


def open_and_look(browser, base: str, path: str, charts: int, which: str) -> None:
    page, errors = open_page(browser, base + path, strict=True)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{which}_{path.replace('/', '_').replace('.html', '')}.png"), full_page=True)
    assert errors == []
    images = page.locator(".srt-chart img")
    assert images.count() == charts
    for index in range(charts):
        image = images.nth(index)
        assert image.is_visible()
        box = image.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        assert len(image.get_attribute("alt")) > 40
    internal = [link for link in page.eval_on_selector_all(
                    "a[href]", "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)")
                if link.startswith(base)]
    assert internal
    for link in sorted(set(urldefrag(link)[0] for link in internal)):
        assert page.request.get(link).ok, link
    page.close()


def search(page, words: str) -> None:
    """Type into the theme's search box once its index is loaded, as a reader would."""
    page.wait_for_function("document.querySelector('.md-search-result__meta') && "
                           "!/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)",
                           timeout=30000)
    page.locator("input.md-search__input").click()
    page.keyboard.type(words, delay=30)


def test_search_for_huawei_lists_results(site, browser, serve):
    page, errors = open_page(browser, serve(site) + "index.html")
    search(page, "Huawei")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0", timeout=30000)
    assert page.locator(".md-search-result__item").count() >= 3
    assert "Huawei" in page.locator(".md-search-result").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search_huawei.png"))
    assert errors == []
    page.close()


def test_the_performance_page_shows_every_measured_figure(site, browser, serve):
    import json

    results = json.loads((ROOT / "bench-results.json").read_text(encoding="utf-8"))
    page, errors = open_page(browser, serve(site) + "performance.html")
    assert errors == []
    rows = page.eval_on_selector_all("table tr", "rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))")
    shown = {row[0]: row[1:] for row in rows if row}
    for key, value in results.items():
        if not isinstance(value, dict):
            assert shown[key][0] == str(value), key
    assert results["targets"], "bench-results.json carries each target and its verdict (`make bench` writes them)"
    for key, judged in results["targets"].items():  # every target has its verdict, as measured
        assert shown[key][1] == judged["target"] and shown[key][2] == ("yes" if judged["met"] else "no"), key
    text = page.inner_text("article")
    assert "make bench N=10000" in text and f"{results['machine']['cpus']} cores" in text
    page.close()
