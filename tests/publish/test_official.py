"""Official statements follow from what the data states (scripts/publish/series.py,
Officials): a stater that is a government body (named, or named by an office that speaks for
it), or, when no stater is named, a publisher that is a government body speaking in its own
voice. A news agency's figure, or a stater the registry does not name, is not official.
Built from the frozen fixtures plus entries written here (tests/helpers.py,
add_official_sources); the series' span runs to the newest source's year."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.core.cells import csv_rows
from scripts.publish.series import Officials, series_csv
from tests.helpers import MINISTRY, MINISTRY_ID, WIRE, build_staters, csv_table, shared
from tests.publish.test_series import additive_total, independent_total, published

FACT = "trade:CHN:KAZ:turnover:value:{year}:actual"


@pytest.fixture(scope="module")
def officials_package() -> Path:
    return shared("staters", build_staters)


def by(rows: list[dict[str, str]], key: str) -> dict[str, dict[str, str]]:
    return {row[key]: row for row in rows}


def test_a_government_publisher_in_its_own_voice_is_official(officials_package):
    series = by(csv_table(officials_package, "series"), "series_id")
    facts = by(csv_table(officials_package, "facts"), "fact_id")
    row = series["trade:CHN:KAZ:turnover:2013"]
    # three reports: Xinhua's and the wire's (news agencies, in their own voice) and the ministry's own
    assert (row["reports"], row["sources"], row["official_reports"]) == ("3", "3", "1")
    assert row["record_id"] == f"{MINISTRY}:turnover-2013"  # chosen before the wire's later report
    assert row["chosen_because"].startswith(f"an official statement ({MINISTRY_ID}, its publisher, in its own voice), "
                                            "before 2 other report(s)")
    fact = facts[FACT.format(year=2013)]
    assert fact["grade"] == "A"
    assert f"an official statement ({MINISTRY_ID}, its publisher, in its own voice)" in fact["grade_reasons"]


def test_a_minister_quoted_as_the_stater_is_official(officials_package):
    (record,) = [r for r in csv_table(officials_package, "trade") if r["trade_id"] == f"{WIRE}:turnover-2014"]
    assert record["stated_by_entity"] == MINISTRY_ID  # bound to the office's words: "Trade Minister"
    evidence = [r for r in csv_table(officials_package, "evidence")
                if r["record_id"] == record["trade_id"] and r["column"] == "stated_by_entity"]
    assert [r["words"] for r in evidence] == ["Trade Minister"]
    row = by(csv_table(officials_package, "series"), "series_id")["trade:CHN:KAZ:turnover:2014"]
    assert row["official_reports"] == "1"
    assert row["chosen_because"] == f"the only report, an official statement ({MINISTRY_ID}, its stater)"
    fact = by(csv_table(officials_package, "facts"), "fact_id")[FACT.format(year=2014)]
    assert fact["grade"] == "A" and f"({MINISTRY_ID}, its stater)" in fact["grade_reasons"]


def test_a_news_agency_or_an_unregistered_stater_is_not_official(officials_package):
    series = by(csv_table(officials_package, "series"), "series_id")
    facts = by(csv_table(officials_package, "facts"), "fact_id")
    # the ministry's own page gives the 2015 figure to analysts: their figure, not the ministry's
    row = series["trade:CHN:KAZ:turnover:2015"]
    assert (row["official_reports"], row["chosen_because"]) == ("0", "the only report")
    assert facts[FACT.format(year=2015)]["grade"] == "B"
    assert facts[FACT.format(year=2015)]["grade_reasons"].startswith("1 source; no official statement")
    # the news agency's 2013 report counts as a source, never as an official one
    trade = by(csv_table(officials_package, "trade"), "trade_id")
    official = Officials(frozenset({MINISTRY_ID}), {MINISTRY: MINISTRY_ID})
    assert official.body(trade[f"{WIRE}:turnover-2013"]) == ""
    assert official.body(trade[f"{MINISTRY}:turnover-2013"]) == MINISTRY_ID
    assert official.body(trade[f"{MINISTRY}:turnover-2015"]) == ""


def test_the_rule_reads_what_the_rows_state_never_a_name():
    official = Officials(frozenset({"ministry"}), {"own-page": "ministry", "company-page": "company"})
    assert official.body({"source_id": "own-page"}) == "ministry"  # its own voice on its own page
    assert official.body({"source_id": "company-page"}) == ""  # a company's own page: not a government body
    assert official.body({"source_id": "wire", "stated_by_entity": "ministry"}) == "ministry"
    assert official.body({"source_id": "own-page", "stated_by_entity": "company"}) == ""  # a company says it
    assert official.body({"source_id": "own-page", "stated_by": "the Ministry of Trade"}) == ""  # a name alone
    assert official.body({"source_id": "wire", "stated_by": "Trade Minister"}) == ""
    assert official.statement({"source_id": "own-page"}) == "ministry, its publisher, in its own voice"


def test_every_series_covers_its_first_figure_to_the_last_whole_year_before_the_newest_source(officials_package):
    csvs = published(officials_package)
    newest = max(int(row["published_date"][:4]) for row in csv_rows(csvs["sources"])) - 1  # a July source: its year is not whole
    spans: dict[tuple, list[dict[str, str]]] = {}
    for row in csv_rows(series_csv(csvs)):
        spans.setdefault((row["table"], row["from_place"], row["to_place"], row["measure"]), []).append(row)
    assert spans
    for key, rows in spans.items():
        figures = {int(r["period"][:4]) for r in rows if r["series_status"] == "figure"}
        gaps = [int(r["period"]) for r in rows if r["series_status"] == "no_figure"]
        assert sorted(figures | set(gaps)) == list(range(min(figures), max(newest, *figures) + 1)), key
        assert not figures & set(gaps) and len(gaps) == len(set(gaps)), key


def test_a_total_with_official_reports_still_counts_each_fact_once(officials_package):
    csvs = published(officials_package)
    rows = list(csv_rows(series_csv(csvs)))
    total, counted = additive_total(rows)
    assert len(counted) == len(set(counted)) and all(r["group"] == "false" for r in rows if r["additive"] == "true")
    assert (total, set(counted)) == independent_total(csvs)
