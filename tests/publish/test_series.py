"""Series: one figure per pair of economies, flow or measure and year (or a stock's date),
chosen by the documented rule, gaps explicit, and totals that never count a fact twice or
add a group to its members. Built from the fixture package's CSVs with reports added row by
row (scripts/publish/series.py reads the published CSVs alone), and on the live data."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from scripts.core.cells import csv_rows
from scripts.derive.fact_ids import fact_id
from scripts.publish.series import series_csv
from scripts.schema.registry import ROOT, tables

TRADE = tables()["trade"]


def published(root: Path) -> dict[str, bytes]:
    return {name: (root / "data" / f"{name}.csv").read_bytes() for name in tables()}


def with_rows(csvs: dict[str, bytes], name: str, added: list[dict[str, str]]) -> dict[str, bytes]:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=tables()[name].columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(csvs[name]) + added)
    return {**csvs, name: out.getvalue().encode("utf-8")}


def report(base: dict[str, str], ident: str, source: str, **values: str) -> dict[str, str]:
    row = {**base, "trade_id": f"{source}:{ident}", "source_id": source, **values}
    if "value_usd" in values:
        row["amount"], row["amount_text"] = values["value_usd"], f"USD{values['value_usd']}"
    row["fact_id"] = fact_id(TRADE, row)
    return row


def series(csvs: dict[str, bytes]) -> dict[str, dict[str, str]]:
    return {row["series_id"]: row for row in csv_rows(series_csv(csvs))}


def test_the_rule_chooses_official_then_figure_then_latest(built_template):
    csvs = published(built_template)
    sources = {row["source_id"]: row["published_date"] for row in csv_rows(csvs["sources"])}
    oldest, latest = sorted(sources, key=sources.get)[0], sorted(sources, key=sources.get)[-1]
    (base,) = [r for r in csv_rows(csvs["trade"]) if r["fact_id"] == "trade:CHN:KAZ:turnover:value:2013:actual"]
    kaz = [report(base, "official-2013", oldest, value_usd="28500000000", stated_by="the ministry",
                  stated_by_entity="pak-moitt"),  # a government body in the fixtures' registry
           report(base, "later-2013", latest, value_usd="29000000000")]
    rows = series(with_rows(csvs, "trade", kaz))
    chosen = rows["trade:CHN:KAZ:turnover:2013"]
    assert chosen["record_id"] == f"{oldest}:official-2013" and chosen["value"] == "28500000000"
    assert chosen["reports"] == "3" and chosen["official_reports"] == "1" and "official statement" in chosen["chosen_because"]
    assert (chosen["low"], chosen["high"]) == ("28500000000", "29000000000")
    # without the official statement: a figure before a bound, then the latest
    bounded = report(base, "floor-2013", latest, value_usd="30000000000", bound="more_than")
    rows = series(with_rows(csvs, "trade", [kaz[1], bounded]))
    chosen = rows["trade:CHN:KAZ:turnover:2013"]
    assert chosen["record_id"] == f"{latest}:later-2013" and "before 1 bound" in chosen["chosen_because"]
    assert "the latest of 2" in chosen["chosen_because"] and chosen["bound"] == "exact"


def test_years_without_a_figure_are_rows_not_zeros(built_template):
    csvs = published(built_template)
    (base,) = [r for r in csv_rows(csvs["trade"]) if r["fact_id"] == "trade:CHN:KAZ:turnover:value:2013:actual"]
    later = report(base, "turnover-2016", base["source_id"], period="2016", value_usd="13000000000")
    quarter = report(base, "turnover-2014q1", base["source_id"], period="2014-Q1", period_precision="quarter",
                     value_usd="5000000000")
    target = report(base, "target-2015", base["source_id"], period="2015", kind="target", value_usd="40000000000")
    rows = series(with_rows(csvs, "trade", [later, quarter, target]))
    gaps = {k: r for k, r in rows.items() if k.startswith("trade:CHN:KAZ:turnover:") and r["series_status"] == "no_figure"}
    newest = max(int(row["published_date"][:4]) for row in csv_rows(csvs["sources"])) - 1  # the last whole year
    assert newest > 2016  # before the fixtures' newest source: the series' span runs on after its last figure
    # a quarter, a target: no figure; and every year after the last figure up to the last whole year
    assert sorted(gaps) == [f"trade:CHN:KAZ:turnover:{y}" for y in [2014, 2015, *range(2017, newest + 1)]]
    assert all(r["value"] == "" and r["additive"] == "false" and r["reports"] == "0" for r in gaps.values())
    assert rows["trade:CHN:KAZ:turnover:2016"]["additive"] == "true"


def additive_total(rows: list[dict[str, str]]) -> tuple[Decimal, list[str]]:
    taken = [r for r in rows if r["additive"] == "true"]
    return sum((Decimal(r["value"]) for r in taken), Decimal(0)), [r["fact_id"] for r in taken]


def independent_total(csvs: dict[str, bytes]) -> tuple[Decimal, set[str]]:
    """The same total from the record CSVs: one figure per fact (each fact's reports agree
    here), actual whole-year exact or about trade values between two countries, no group,
    no product."""
    by_fact = {}
    for row in csv_rows(csvs["trade"]):
        if (row["measure"] == "value" and row["kind"] == "actual" and row["period_precision"] == "year"
                and row["reporter_country"] and row["partner_country"] and not row["product"]
                and not row["share_base"] and not row["base_period"] and row["bound"] in ("exact", "about")):
            by_fact[row["fact_id"]] = Decimal(row["value_usd"])
    return sum(by_fact.values(), Decimal(0)), set(by_fact)


def test_a_total_never_counts_a_fact_twice_nor_a_group_with_its_members(built_template):
    csvs = published(built_template)
    (base,) = [r for r in csv_rows(csvs["trade"]) if r["fact_id"] == "trade:CHN:KAZ:turnover:value:2013:actual"]
    again = report(base, "again-2013", base["source_id"], trade_id=f"{base['source_id']}:again-2013")
    group = report(base, "central-asia-2013", base["source_id"], partner="central-asia", partner_country="",
                   partner_group="central-asia", value_usd="40000000000")
    kgz = report(base, "kgz-2013", base["source_id"], partner="KGZ", partner_country="KGZ", value_usd="5000000000")
    csvs = with_rows(csvs, "trade", [again, group, kgz])
    rows = list(series(csvs).values())
    total, counted = additive_total(rows)
    assert len(counted) == len(set(counted))  # one fact, one figure: its second report is not added
    assert all(r["group"] == "false" for r in rows if r["additive"] == "true")
    assert any(r["group"] == "true" and r["series_status"] == "figure" for r in rows)  # the group's row is there, apart
    assert all(r["period_type"] == "year" for r in rows if r["additive"] == "true")  # no stock is added
    expected, facts = independent_total(csvs)
    assert (total, set(counted)) == (expected, facts) and total == Decimal(28600000000 + 5000000000)


def test_the_live_series_adds_up_as_the_records_do():
    csvs = published(ROOT)
    rows = list(series(csvs).values())
    assert [r["series_id"] for r in csv_rows((ROOT / "data" / "series.csv").read_bytes())] == \
        [r["series_id"] for r in sorted(rows, key=lambda r: r["series_id"])]
    total, counted = additive_total(rows)
    assert len(counted) == len(set(counted)) and (total, set(counted)) == independent_total(csvs)
    facts = {r["fact_id"] for r in csv_rows(csvs["facts"])}
    assert {r["fact_id"] for r in rows if r["fact_id"]} <= facts


def test_a_figure_written_as_its_sources_language_writes_it_reaches_facts_and_series(built_template):
    """"28,6 млрд долларов" in a Russian source is 28.6 billion: read in its source's language,
    its fact has its figure, and its series row its value (never "no figure to compare")."""
    from scripts.publish.facts import collect

    csvs = published(built_template)
    (base,) = [r for r in csv_rows(csvs["trade"]) if r["fact_id"] == "trade:CHN:KAZ:turnover:value:2013:actual"]
    source = base["source_id"]
    sources = [dict(row, language="ru") if row["source_id"] == source else row for row in csv_rows(csvs["sources"])]
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=tables()["sources"].columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sources)
    trade = [dict(row, amount_text="28,6 млрд долларов") if row["trade_id"] == base["trade_id"] else row
             for row in csv_rows(csvs["trade"])]
    csvs = with_rows({**csvs, "sources": out.getvalue().encode("utf-8")}, "trade", [])
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=TRADE.columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(trade)
    csvs["trade"] = out.getvalue().encode("utf-8")
    fact = collect(csvs)["trade:CHN:KAZ:turnover:value:2013:actual"]
    assert [r.value for r in fact.figures] == [Decimal("28600000000")]
    assert series(csvs)["trade:CHN:KAZ:turnover:2013"]["value"] == "28600000000"
