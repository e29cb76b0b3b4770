"""The site answers without a manual, in a real headless Chromium: every fact with its
flags (filterable), a disagreement flag beside the record, coverage country by year, a
target unlike an actual and keyed as drawn, chart text legible on a phone, and the countries
in scope drawn as such on the map. Read from the fixture site; expectations are worked out
from the fixture package's CSVs. Screenshots go to test-artifacts/ for a person to look at."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers import ARTIFACTS, open_page

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site(fixture_site) -> Path:
    return fixture_site


def table(root: Path, name: str) -> list[dict[str, str]]:
    with (root / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def shot(page, name: str, selector: str | None = None) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = str(ARTIFACTS / f"answers_{name}.png")
    page.locator(selector).first.screenshot(path=path) if selector else page.screenshot(path=path)


def test_the_facts_page_lists_every_fact_with_its_flags_and_filters_them(site, fixture_package, browser):
    facts = table(fixture_package, "facts")
    disagreeing = [f for f in facts if f["agree"] == "false" or f["implied_agree"] == "false"]
    assert facts and disagreeing  # the fixture package has a fact two reports disagree on
    for phone in (False, True):
        page, errors = open_page(browser, (site / "facts.html").as_uri(), phone=phone)
        shot(page, f"facts_{'phone' if phone else 'desktop'}")
        assert errors == []
        every = page.locator("div.srt-table:has(caption:text('Every fact, with its flags')) tbody tr")
        assert every.count() == len(facts)
        first = every.nth(0).inner_text()
        assert "disagree" in first  # disagreements first
        grades = [cell.strip()[:1] for cell in every.locator("td[data-label='Grade']").all_inner_texts()]
        assert sorted(grades) == sorted(f["grade"] for f in facts)
        page.close()
    page, _ = open_page(browser, (site / "facts.html").as_uri())
    page.locator("div.srt-table:has(caption:text('Every fact, with its flags')) input").fill("disagree")
    shown = page.locator("div.srt-table:has(caption:text('Every fact, with its flags')) tbody tr:visible")
    assert shown.count() == len(disagreeing)
    targets = [f for f in facts if f["fact_kind"] == "target"]
    page.locator("div.srt-table:has(caption:text('Every fact, with its flags')) input").fill("a goal, not what happened")
    assert shown.count() == len(targets) > 0
    page.close()


def test_a_record_whose_reports_disagree_is_flagged_beside_it(site, fixture_package, browser):
    facts = {f["fact_id"]: f for f in table(fixture_package, "facts")}
    flagged = [r for r in table(fixture_package, "trade") if facts[r["fact_id"]]["agree"] == "false"]
    assert flagged
    for record in flagged:
        for url in ((site / "countries" / f"{record['partner_country']}.html").as_uri(),
                    (site / "sources" / f"{record['source_id']}.html").as_uri()):
            page, errors = open_page(browser, url)
            assert errors == []
            local = record["trade_id"].split(":", 1)[1]
            row = page.locator(f"tr[id='{record['trade_id']}'], tr[id='{local}']").first
            first_cell = row.locator("td").first
            assert first_cell.locator("a.srt-flag").inner_text() == "⚠ disagrees"
            assert first_cell.locator("a.srt-flag").get_attribute("href").endswith(f"facts.html#{record['fact_id']}")
            page.close()


def test_the_coverage_page_states_each_countrys_years(site, fixture_package, browser):
    page, errors = open_page(browser, (site / "coverage.html").as_uri())
    shot(page, "coverage_desktop")
    assert errors == []
    rows = [r.split("\t") for r in page.locator("div.srt-table:has(caption:text('Records per country')) tbody tr")
            .all_inner_texts()]
    kaz = {cells[1]: cells for cells in rows if cells[0] == "Kazakhstan"}
    kaz_trade = [r for r in table(fixture_package, "trade") if "KAZ" in (r["reporter_country"], r["partner_country"])]
    years = sorted({int(r["period"][:4]) for r in kaz_trade if r["period"] and r["kind"] == "actual"})
    hoped = sorted({int(r["period"][:4]) for r in kaz_trade if r["period"] and r["kind"] != "actual"} - set(years))
    assert years and all(str(y) in kaz["Trade"][3] for y in years)
    assert all(str(y) not in kaz["Trade"][3] for y in hoped)  # a target's year is not covered
    assert kaz["Trade"][2] == str(sum("KAZ" in (r["reporter_country"], r["partner_country"])
                                      for r in table(fixture_package, "trade")))
    newest = max(int(s["published_date"][:4]) for s in table(fixture_package, "sources")) - 1  # the last whole year
    assert str(newest) in kaz["Trade"][4]  # a year no record covers is said to be left out
    assert str(newest + 1) not in kaz["Trade"][4]  # the newest source's own year is not whole: never left out
    # China's records name several partners: its years left out are counted partner by partner
    china = {cells[1]: cells for cells in rows if cells[0] == "China"}
    partners = {r["partner"] for r in table(fixture_package, "trade")
                if r["reporter"] == "CHN" and r["period"] and r["kind"] == "actual"}
    assert len(partners) > 1 and china["Trade"][4].count("with ") == len(partners)
    text = page.inner_text("article")
    assert "In scope, no records yet" in text and "How to add what is missing" in text
    for phone in (True,):
        page2, _ = open_page(browser, (site / "coverage.html").as_uri(), phone=phone)
        shot(page2, "coverage_phone")
        page2.close()
    page.close()


def test_a_target_is_unmistakable_and_chart_text_legible_on_a_phone(site, browser):
    """The Kazakhstan chart holds an actual and a target: the target is a large hollow ring,
    its legend key the same ring; its smallest text is 12 CSS px or more at 390 px wide."""
    svg_path = site / "countries" / "charts" / "KAZ-trade.svg"
    root = ET.parse(svg_path).getroot()
    sizes = [float(re.search(r"font-size: ([\d.]+)px", t.get("style")).group(1)) for t in root.iter(f"{SVG}text")]
    page, errors = open_page(browser, (site / "countries" / "KAZ.html").as_uri(), phone=True)
    assert errors == []
    img = page.locator("img[src$='KAZ-trade.svg']")
    shot(page, "chart_phone", "figure.srt-chart:has(img[src$='KAZ-trade.svg'])")
    shown, natural = img.evaluate("i => [i.getBoundingClientRect().width, i.naturalWidth]")
    assert min(sizes) * 4 / 3 * shown / natural >= 12, (min(sizes), shown, natural)
    assert "large hollow ring" in page.locator("figure.srt-chart:has(img[src$='KAZ-trade.svg']) figcaption").inner_text()
    page.close()
    page, _ = open_page(browser, (site / "countries" / "KAZ.html").as_uri())
    shot(page, "chart_desktop", "figure.srt-chart:has(img[src$='KAZ-trade.svg'])")
    page.close()


def test_countries_in_scope_without_records_are_drawn_as_in_scope(site, fixture_package, browser):
    page, errors = open_page(browser, (site / "index.html").as_uri())
    assert errors == []
    empty = set(page.eval_on_selector_all("svg.srt-map path[data-scope='empty']", "p => p.map(x => x.dataset.code)"))
    named = {c for t in ("trade", "investment", "companies", "counts", "agreement_parties")
             for r in table(fixture_package, t) for k, c in r.items()
             if c and (k.endswith("_country") or k in ("host_country", "country"))}
    assert {"TKM", "GEO", "ARM"} - named <= empty and not empty & named
    page.close()
    page, _ = open_page(browser, (site / "index.html").as_uri(), phone=True)  # every text of the map legible
    sizes = page.eval_on_selector_all("svg.srt-map text", "ts => ts.map(t => parseFloat(getComputedStyle(t).fontSize)"
                                                          " * t.getScreenCTM().a)")  # its font's size, as drawn
    assert sizes and min(sizes) >= 11, sizes
    page.close()
