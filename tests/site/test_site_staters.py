"""The site says who states each figure and whether it is an official statement, by the
series' rule (scripts/publish/series.py, Officials); a publisher that is a body links to it;
the coverage page states each series' span as series.csv's rows give it. Pages written from
a package built with entries written in the tests (tests/helpers.py, build_staters), read as
the generated HTML (no browser)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from scripts.schema.registry import tables
from scripts.site.catalog import source_page
from scripts.site.coverage_page import coverage_page
from scripts.site.index import FRAGMENTS, Site
from scripts.site.records import Records
from tests.helpers import HUAWEI_AZ, MINISTRY, WIRE, build_staters, csv_table, shared

OFFICIAL = "an official statement: Ministry of Trade and Integration (Kazakhstan), a government body"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    return Site(shared("staters", build_staters), tmp_path_factory.mktemp("pages"))


def text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def stater(site: Site, table: str, record: str) -> str:
    (row,) = [r for r in site.data[table] if r[tables()[table].id_field] == record]
    return text(Records(site).stater(tables()[table], row, "../"))


def test_each_figure_says_who_states_it_and_whether_officially(site):
    assert stater(site, "trade", f"{MINISTRY}:turnover-2013") == \
        f"Ministry of Trade and Integration (Kazakhstan), in its own words ({OFFICIAL})"
    assert stater(site, "trade", f"{WIRE}:turnover-2014") == \
        f"Trade Minister Asel Bekova, Ministry of Trade and Integration (Kazakhstan), as reported by Example Wire ({OFFICIAL})"
    assert stater(site, "trade", f"{WIRE}:turnover-2013") == "Example Wire, in its own words"  # a news agency
    assert stater(site, "trade", f"{MINISTRY}:turnover-2015") == \
        "analysts, as reported by Ministry of Trade and Integration (Kazakhstan)"  # not the ministry's own figure


def test_huawei_in_azerbaijan_is_given_as_its_vice_presidents_words(site):
    shown = stater(site, "companies", f"{HUAWEI_AZ}:huawei-azerbaijan")
    publisher = site.sources[HUAWEI_AZ]["publisher"] or "an unnamed publisher"  # the frozen fixture names none
    assert shown == f"Wang Tao, the Vice President of Huawei, as reported by {publisher}"
    assert "in its own words" not in shown and "official" not in shown  # a company's vice-president


def test_a_source_page_names_the_body_that_publishes_its_own_statement(site):
    page = text(source_page(site, site.sources[MINISTRY]))
    assert "Ministry of Trade and Integration (Kazakhstan) (Ministry of Trade and Integration (Kazakhstan): the text " \
           "is its own statement; the figures it states in its own voice are official statements)" in page
    assert "its own statement" not in text(source_page(site, site.sources[WIRE]))


def test_the_coverage_page_states_each_series_span_as_the_series_rows(site):
    coverage_page(site)
    page = (site.out / "coverage.md").read_text(encoding="utf-8")
    page += "".join(p.read_text(encoding="utf-8") for p in sorted((site.out / FRAGMENTS / "coverage").glob("*.html")))
    table = page[page.index("Series and their years without a figure"):]
    shown = {tuple(text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[:7])
             for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)} - {()}
    series = csv_table(site.root, "series")
    newest = max(int(s["published_date"][:4]) for s in site.sources.values()) - 1  # the last whole year before it
    kaz = [r for r in series if (r["table"], r["from_place"], r["to_place"]) == ("trade", "CHN", "KAZ")]
    gaps = [int(r["period"]) for r in kaz if r["series_status"] == "no_figure"]
    assert gaps == list(range(2016, newest + 1))  # after the last figure, up to the last whole year
    assert ("CHN", "KAZ", "trade", "turnover", f"2013–{newest}", "2013–2015", f"2016–{newest}") in shown
    assert len(shown) == len({(r["table"], r["from_place"], r["to_place"], r["measure"]) for r in series})
