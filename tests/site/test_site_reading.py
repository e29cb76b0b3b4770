"""The site as a researcher reads it, in a real headless Chromium: a country's own figures
apart from its groups', every figure with its quote, caveats, stater and source; facts
that several reports give as one item; a page per company; permalinks; truthful charts;
the map; the dictionary and changelog as written; hostile text in every field inert.

The site is built from the frozen fixture entries plus one made-up second report of a
fixture figure (so that a fact has two disagreeing reports), never from data/."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from scripts.schema.registry import tables
from scripts.site.build import build_site
from tests.helpers import ARTIFACTS, X, open_page


@pytest.fixture(scope="module")
def site(fixture_site) -> Path:
    return fixture_site


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"reading_{name}.png"), full_page=True)


def section(page, heading_id: str) -> str:
    """The text from the h2 with this id up to the next h2."""
    return page.evaluate("""id => { let node = document.getElementById(id), text = [];
        for (node = node.nextElementSibling; node && node.tagName !== 'H2'; node = node.nextElementSibling)
            text.push(node.innerText);
        return text.join('\\n'); }""", heading_id)


# ------------------------------------------------------------------ a country's own figures
def test_group_figures_stand_apart_from_a_members_own(site, browser):
    page, errors = open_page(browser, (site / "countries" / "KGZ.html").as_uri())
    shot(page, "KGZ")
    assert errors == []
    own = page.evaluate("() => { let text = []; for (let n = document.querySelector('h1').nextElementSibling; "
                        "n && n.id !== 'group-figures'; n = n.nextElementSibling) text.push(n.innerText); "
                        "return text.join('\\n'); }")
    assert "No trade records" in own and "500 million" not in own
    assert page.locator(".srt-chart").count() == 0 or "Central Asia" not in own
    groups = section(page, "group-figures")
    assert "Central Asia" in groups and "less than USD500 million" in groups
    page.close()
    index, _ = open_page(browser, (site / "countries" / "index.html").as_uri())
    counts = {}
    for table in index.locator("table").all():
        rows = table.evaluate("t => Array.from(t.rows, r => Array.from(r.cells, c => c.innerText.trim()))")
        column = rows[0].index(tables()["trade"].title)
        counts.update({row[0]: row[column] for row in rows[1:]})
    assert counts["KGZ"] == "0" and int(counts["central-asia"]) >= 2
    index.close()


def test_every_figure_shows_its_quote_caveat_stater_and_source(site, browser):
    page, errors = open_page(browser, (site / "countries" / "AZE.html").as_uri())
    shot(page, "AZE")
    assert errors == []
    text = page.inner_text("article")
    # Huawei since 2002, with the caveat that the year may be meant for its 170 countries
    assert "more than 170 countries since 2002" in text and "may be meant for the 170 countries" in text
    # the 43 percent share is given by the Azerbaijani minister, not by "CHN"
    row = page.locator("tr", has_text="43% of trade").first
    stated = row.locator("td[data-label='Stated by']").inner_text()
    assert stated.startswith("Shahin Mustafayev, Economy Minister of Azerbaijan"), stated
    assert all("Reporter" not in head.inner_text() for head in page.locator("thead").all())
    # every record row links to its source page's row, which exists
    for link in page.eval_on_selector_all("td a[href*='sources/']", "links => links.map(a => a.href)"):
        assert re.search(r"sources/[a-z0-9-]+\.html#[a-z0-9-]+$", link), link
    page.close()
    page, _ = open_page(browser, (site / "countries" / "central-asia.html").as_uri())
    text = page.inner_text("article")
    assert "Written \"at the beginning of the establishment of diplomatic ties\"" in text  # the 1992 date's note
    assert "it is the latest it reports as of its publication on 2022-01-20" in text  # the undated $50.1bn
    assert "Ministry of Commerce (China), in its own words" in text
    page.close()


# ------------------------------------------------------------------ facts
def test_a_fact_reported_twice_is_one_item_with_both_reports_and_a_flag(site, browser):
    fact = "trade:CHN:KAZ:turnover:value:2013:actual"
    page, errors = open_page(browser, (site / "facts.html").as_uri() + "#" + fact)
    shot(page, "facts")
    assert errors == []
    item = page.locator(f"section[id='{fact}']")
    assert item.count() == 1
    text = item.inner_text()
    assert "28.6 billion dollars" in text and "28.9 billion dollars" in text  # every report beside the other
    assert "2 from 2 sources" in text
    assert "28,600,000,000 to 28,900,000,000 USD" in text  # the spread
    assert "2016-01-10" in text and "Example Wire" in text  # the latest report
    flag = item.locator("p.srt-flag")
    assert flag.is_visible() and "disagree" in flag.inner_text()
    page.close()
    page, _ = open_page(browser, (site / "countries" / "KAZ.html").as_uri())
    assert page.locator(f"a[href$='facts.html#{fact}']").count() >= 1  # from each report and the fact list
    assert "the reports disagree" in page.inner_text("article")
    page.close()


# ------------------------------------------------------------------ companies, permalinks, titles
def test_a_page_per_company_with_all_its_countries(site, fixture_package, browser):
    page, errors = open_page(browser, (site / "companies" / "huawei.html").as_uri())
    shot(page, "huawei")
    assert errors == []
    assert page.locator("h1").inner_text() == "Huawei"
    text = page.inner_text("article")
    for country in ("Azerbaijan", "Kazakhstan", "Pakistan"):
        assert country in text
    page.close()
    index, _ = open_page(browser, (site / "companies" / "index.html").as_uri())
    names = index.eval_on_selector_all("table a[href$='.html']", "links => links.map(a => a.innerText)")
    entities = yaml.safe_load((fixture_package / "data" / "entities.yaml").read_text(encoding="utf-8"))
    listed = entities if isinstance(entities, list) else next(iter(entities.values()))
    assert {e["name"] for e in listed} <= set(names)
    index.close()


def test_a_records_permalink_opens_its_row_highlighted(site, browser):
    page, _ = open_page(browser, (site / "countries" / "KAZ.html").as_uri())
    link = page.locator("a.srt-permalink").first
    target = link.get_attribute("href")
    assert re.fullmatch(r"\.\./sources/[a-z0-9-]+\.html#[a-z0-9-]+", target)
    link.click()
    page.wait_for_load_state("load")
    row = page.locator("tr:target")
    assert row.count() == 1 and row.get_attribute("id") == target.split("#")[1]
    header = page.locator("header.md-header").bounding_box()
    box = row.bounding_box()
    assert box["y"] >= header["y"] + header["height"] - 1  # not under the sticky header
    colour = row.evaluate("r => getComputedStyle(r.cells[0]).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    page.close()


def test_source_pages_and_search_results_are_titled_by_title(site, browser):
    page, _ = open_page(browser, (site / "sources" / f"{X}.html").as_uri())
    assert page.locator("h1").inner_text().startswith("Spotlight: China, Kazakhstan")
    assert page.title().startswith("Spotlight: China, Kazakhstan")
    page.close()
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        if "#" not in doc["location"]:
            assert not re.fullmatch(r"(Source )?[a-z0-9]+(-[a-z0-9]+){3,}", doc["title"]), doc["title"]


# ------------------------------------------------------------------ charts and map
def test_charts_tell_the_truth(site, browser):
    central = (site / "countries" / "central-asia.html").read_text(encoding="utf-8")
    alts = re.findall(r'<img src="charts/[^"]+" alt="([^"]*)"', central)
    assert alts and any("undated" in alt and "2022-01-20" in alt for alt in alts)  # the latest, at its publication
    for code in ("KGZ", "TJK", "TKM", "UZB"):  # no chart of a group figure on a member's page
        assert not list((site / "countries" / "charts").glob(f"{code}-trade.svg")), code
    for svg in (site / "countries" / "charts").glob("*.svg"):
        root = ET.parse(svg).getroot()
        assert root.tag.endswith("svg")
    page, _ = open_page(browser, (site / "countries" / "KAZ.html").as_uri(), phone=True)
    shot(page, "KAZ_phone")
    for image in page.locator(".srt-chart img").all():
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        box = image.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.close()


def test_the_map_shades_and_links_the_countries(site, browser):
    page, errors = open_page(browser, (site / "index.html").as_uri())
    shot(page, "home")
    assert errors == []
    svg = page.locator("svg.srt-map")
    assert svg.count() == 1 and svg.is_visible()
    links = page.eval_on_selector_all("svg.srt-map a", "links => links.map(a => a.getAttribute('href'))")
    assert "countries/KAZ.html" in links and "countries/AZE.html" in links
    assert "countries/ARM.html" not in links  # named only through its group
    text = page.inner_text("article")
    from scripts.publish.citation import status

    assert re.search(re.escape(status()) + r" Data last updated \d{4}-\d{2}-\d{2}", text)  # a release, or not one
    assert "Cite" in text or "cite" in text
    page.close()


# ------------------------------------------------------------------ smaller pages
def test_dictionary_and_changelog_read_as_written(site, browser):
    page, _ = open_page(browser, (site / "dictionary.html").as_uri())
    text = page.inner_text("article")
    assert "`" not in text
    lines = page.eval_on_selector_all("code.srt-example", "codes => codes.map(c => [c.textContent.length, "
                                      "c.getClientRects().length])")
    assert lines and all(boxes <= max(1, -(-length // 10)) for length, boxes in lines), lines  # not a character a line
    page.close()
    page, _ = open_page(browser, (site / "changelog.html").as_uri())
    assert page.locator("article li").count() >= 20
    headings = page.eval_on_selector_all("article h2", "hs => hs.map(h => h.innerText)")
    releases = [h for h in headings if re.match(r"\d+\.\d+\.\d+", h)]
    assert releases and all(re.search(r"— \d{4}-\d{2}-\d{2}", h) for h in releases), releases
    page.close()


def test_a_sitemap_only_when_the_address_is_known(site, fixture_package, tmp_path, monkeypatch):
    assert not (site / "sitemap.xml").exists()  # no address known: no sitemap of empty addresses
    root = fixture_package
    monkeypatch.setenv("SRT_SITE_URL", "https://example.org/silk-road-ties/")
    addressed = build_site(root, tmp_path / "addressed")
    locs = re.findall(r"<loc>([^<]+)</loc>", (addressed / "sitemap.xml").read_text(encoding="utf-8"))
    pages = {p.relative_to(addressed).as_posix() for p in addressed.rglob("*.html") if p.name != "404.html"}
    assert {loc.removeprefix("https://example.org/silk-road-ties/") for loc in locs} == pages


def test_no_record_is_listed_twice_on_a_page(site):
    """A record that names a country in two ways (a country column and `countries`) is one row."""
    for path in site.rglob("*.html"):
        ids = re.findall(r'<tr id="([^"]+)"', path.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), path.relative_to(site)
