"""Facts say how they may be combined and how well they are sourced: additive or not with
its reason, bound and kind in words, a grade with its reasons, and AidData's "recommended for
aggregates". Built from the fixture package's CSVs with reports added row by row."""

from __future__ import annotations

from scripts.core.cells import csv_rows
from scripts.publish.facts import facts_csv
from scripts.publish.grades import grader
from scripts.publish.series import series_csv
from scripts.schema.registry import ROOT
from tests.publish.test_series import published, report, with_rows

KAZ_2013 = "trade:CHN:KAZ:turnover:value:2013:actual"


def facts(csvs: dict[str, bytes]) -> dict[str, dict[str, str]]:
    return {row["fact_id"]: row for row in csv_rows(facts_csv(csvs, grader(csvs)))}


def base_and_sources(csvs):
    (base,) = [r for r in csv_rows(csvs["trade"]) if r["fact_id"] == KAZ_2013]
    others = sorted(r["source_id"] for r in csv_rows(csvs["sources"]) if r["source_id"] != base["source_id"])
    return base, others


def test_grades_follow_sources_officials_and_agreement(built_template):
    csvs = published(built_template)
    base, others = base_and_sources(csvs)
    single = facts(csvs)[KAZ_2013]
    assert (single["grade"], single["additive"], single["recommended"]) == ("B", "true", "true")
    assert single["grade_reasons"].startswith("1 source; no official statement")
    assert single["kind_words"] == "what happened, as reported" and single["bound_words"] == "the figure as stated"
    agreeing = facts(with_rows(csvs, "trade", [report(base, "again", others[0])]))[KAZ_2013]
    assert agreeing["grade"] == "A" and "2 sources" in agreeing["grade_reasons"] and "agree" in agreeing["grade_reasons"]
    official = facts(with_rows(csvs, "trade", [report(base, "said", base["source_id"], stated_by_entity="pak-moitt",
                                                      stated_by="the ministry")]))[KAZ_2013]
    assert official["grade"] == "A" and "an official statement (pak-moitt, its stater)" in official["grade_reasons"]
    apart = facts(with_rows(csvs, "trade", [report(base, "other", others[0], value_usd="35000000000")]))[KAZ_2013]
    assert apart["grade"] == "C" and "disagree" in apart["grade_reasons"] and apart["recommended"] == "false"


def test_additive_facts_are_the_additive_series_rows_and_say_why_not():
    """On the live data: what the facts call additive is what the series adds, and every fact
    that is not says why; targets, stocks, groups and bounds are never additive."""
    csvs = published(ROOT)
    rows = {r["fact_id"]: r for r in csv_rows(csvs["facts"])}
    series = [r for r in csv_rows(series_csv(csvs)) if r["fact_id"]]
    assert {f for f, r in rows.items() if r["additive"] == "true"} == {r["fact_id"] for r in series if r["additive"] == "true"}
    for fact, row in rows.items():
        assert row["additive_note"] and row["grade"] in "ABC" and row["grade_reasons"].endswith(".")
        if row["fact_kind"] in ("target", "forecast") or row["latest_bound"] not in ("exact", "about", ""):
            assert row["additive"] == "false" and row["recommended"] == "false", fact
        assert row["recommended"] == str(row["additive"] == "true" and row["grade"] in "AB").lower()
        assert row["grade_reasons"].startswith(f"{row['sources']} source")
