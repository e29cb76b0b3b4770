"""Many sources, one fact: records of the same measure, economies, period and kind name
one fact; data/facts.csv says how many report it, their range, the latest report and
whether they agree within their bounds; changes are checked against the figures of both
periods. Every case writes its own entries into a copy of the frozen fixtures."""

from __future__ import annotations

import csv
import hashlib
import io
from decimal import Decimal
from pathlib import Path

import pytest

from scripts.publish.facts import INF, Interval
from tests.helpers import run


def add_entry(root: Path, sid: str, text: str, records: str, published: str | None = None) -> Path:
    """Write an entry `sid` (publisher-date-topic) with its archived text and `records` (YAML)."""
    folder = root / "data" / "sources"
    (folder / f"{sid}.txt").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    date = published or sid.split("-", 1)[1][:10]
    entry = folder / f"{sid}.yaml"
    entry.write_text(f"id: {sid}\ntitle: null\npublisher: Test\nauthor: null\npublished_date: {date}\nurl: null\n"
                     f"language: en\ntext_sha256: {digest}\nnotes: A constructed case.\n\n{records}", encoding="utf-8")
    return entry


def trade(ident: str, quote: str, amount: str | None = None, period: str = "2022", bound: str | None = None,
          partner: str = "KGZ", extra: str = "") -> str:
    lines = f"  - id: {ident}\n    reporter: CHN\n    partner: {partner}\n    flow: turnover\n    period: {period}\n"
    lines += f"    amount: {amount}\n" if amount else ""
    lines += f"    bound: {bound}\n" if bound else ""
    return lines + extra + f"    quote: {quote}\n"


def facts(root: Path) -> dict[str, dict[str, str]]:
    content = (root / "data" / "facts.csv").read_text(encoding="utf-8")
    return {row["fact_id"]: row for row in csv.DictReader(io.StringIO(content))}


def rows(root: Path, table: str) -> dict[str, dict[str, str]]:
    content = (root / "data" / f"{table}.csv").read_text(encoding="utf-8")
    return {row[next(iter(row))]: row for row in csv.DictReader(io.StringIO(content))}


def build(root: Path, capsys) -> None:
    code, _, err = run(capsys, "build", "--root", str(root))
    assert code == 0, err


KGZ_2022 = "trade:CHN:KGZ:turnover:value:2022:actual"


def test_reports_of_one_fact_agree_within_their_bounds(built, capsys):
    add_entry(built, "kabar-2023-01-20-kyrgyzstan-china-trade", "Trade between Kyrgyzstan and China exceeded "
              "$1.3 billion in 2022, officials said.\n",
              "trade:\n" + trade("turnover-2022", "Trade between Kyrgyzstan and China exceeded $1.3 billion in 2022",
                                 "$1.3 billion", bound="more_than"))
    add_entry(built, "akipress-2023-03-02-kyrgyzstan-china-trade", "In 2022, trade between China and Kyrgyzstan "
              "reached $1.35 billion, customs data showed.\n",
              "trade:\n" + trade("turnover-2022", "In 2022, trade between China and Kyrgyzstan reached $1.35 billion, "
                                 "customs data showed.", "$1.35 billion",
                                 extra="    stated_by: customs data\n"))
    build(built, capsys)
    fact = facts(built)[KGZ_2022]
    assert (fact["reports"], fact["sources"], fact["unit"]) == ("2", "2", "USD")
    assert (fact["low"], fact["high"], fact["spread"], fact["spread_percent"]) == \
        ("1300000000", "1350000000", "50000000", "3.8")
    assert fact["agree"] == "true" and fact["flags"] == ""
    assert fact["latest_source_id"] == "akipress-2023-03-02-kyrgyzstan-china-trade"
    assert (fact["latest_value"], fact["latest_bound"], fact["latest_published_date"]) == \
        ("1350000000", "exact", "2023-03-02")
    trade_rows = rows(built, "trade")
    mine = [r for r in trade_rows.values() if "kyrgyzstan" in r["source_id"]]
    assert len(mine) == 2 and {r["fact_id"] for r in mine} == {KGZ_2022}
    assert {r["stated_by"] for r in mine} == {"", "customs data"}
    # every record of a fact table names a fact that is in facts.csv
    assert {r["fact_id"] for r in trade_rows.values()} <= set(facts(built))


def test_exact_reports_that_differ_disagree_and_are_flagged(built, capsys):
    add_entry(built, "kabar-2023-01-20-kyrgyzstan-china-trade", "Trade between Kyrgyzstan and China reached "
              "$15.5 billion in 2022.\n",
              "trade:\n" + trade("turnover-2022", "Trade between Kyrgyzstan and China reached $15.5 billion in 2022",
                                 "$15.5 billion"))
    add_entry(built, "akipress-2023-03-02-kyrgyzstan-china-trade", "Trade between Kyrgyzstan and China reached "
              "$15.2 billion in 2022.\n",
              "trade:\n" + trade("turnover-2022", "Trade between Kyrgyzstan and China reached $15.2 billion in 2022",
                                 "$15.2 billion"))
    add_entry(built, "akipress-2023-03-03-kyrgyzstan-china-target", "China and Kyrgyzstan aim to raise trade to "
              "$20 billion in 2022.\n",
              "trade:\n" + trade("target-2022", "China and Kyrgyzstan aim to raise trade to $20 billion in 2022",
                                 "$20 billion", extra="    kind: target\n"))
    build(built, capsys)
    found = facts(built)
    fact = found[KGZ_2022]
    assert fact["agree"] == "false" and fact["reports"] == "2"
    assert fact["flags"] == "The reports disagree: 15200000000 to 15500000000 USD."
    # a target for the same year is another fact
    assert found["trade:CHN:KGZ:turnover:value:2022:target"]["reports"] == "1"


def test_rounding_and_about_decide_agreement(built, capsys):
    """28.6 billion as written stands for 28.55 to 28.65 billion; `about` widens to 5 percent."""
    add_entry(built, "kabar-2023-01-20-kyrgyzstan-china-trade", "Trade between Kyrgyzstan and China reached "
              "$28.6 billion in 2022, and about $30 billion in 2021.\n",
              "trade:\n" + trade("turnover-2022", "Trade between Kyrgyzstan and China reached $28.6 billion in 2022",
                                 "$28.6 billion")
              + trade("turnover-2021", "Trade between Kyrgyzstan and China reached $28.6 billion in 2022, and about $30 billion in 2021.", "$30 billion", period="2021", bound="about"))
    add_entry(built, "akipress-2023-03-02-kyrgyzstan-china-trade", "Trade between Kyrgyzstan and China reached "
              "$28.63 billion in 2022, and $31.4 billion in 2021.\n",
              "trade:\n" + trade("turnover-2022", "Trade between Kyrgyzstan and China reached $28.63 billion in 2022",
                                 "$28.63 billion")
              + trade("turnover-2021", "Trade between Kyrgyzstan and China reached $28.63 billion in 2022, and $31.4 billion "
                                 "in 2021.", "$31.4 billion", period="2021"))
    build(built, capsys)
    found = facts(built)
    assert found[KGZ_2022]["agree"] == "true"
    assert found["trade:CHN:KGZ:turnover:value:2021:actual"]["agree"] == "true"  # 31.4 is within 5% of 30


@pytest.mark.parametrize("a, b, agree", [
    (Interval(Decimal(13), INF, lo_open=True), Interval(Decimal("13.45"), Decimal("13.55")), True),
    (Interval(Decimal(13), INF, lo_open=True), Interval(Decimal("12.95"), Decimal("13.05")), True),
    (Interval(Decimal(13), INF, lo_open=True), Interval(-INF, Decimal(13), hi_open=True), False),
    (Interval(Decimal(13), INF, lo_open=True), Interval(-INF, Decimal(14), hi_open=True), True),
    (Interval(Decimal("15.45"), Decimal("15.55")), Interval(Decimal("15.15"), Decimal("15.25")), False),
    (Interval(Decimal(1), Decimal(2)), Interval(Decimal(2), Decimal(3)), True),
    (Interval(Decimal(1), Decimal(2), hi_open=True), Interval(Decimal(2), Decimal(3)), False),
    # $15.4 billion and $15.5 billion as written: rounding ranges that touch do not meet
    (Interval(Decimal("15.35"), Decimal("15.45"), hi_open=True), Interval(Decimal("15.45"), Decimal("15.55"), hi_open=True),
     False),
])
def test_intervals_meet(a, b, agree):
    assert a.meets(b) is agree and b.meets(a) is agree


GROWTH_TEXT = ("Trade between Kyrgyzstan and China reached $10 billion in 2021. In 2022 it reached $12 billion, "
               "up 20 percent year-on-year.\n")


@pytest.mark.parametrize("change, agrees", [("20", True), ("50", False)])
def test_a_change_is_checked_against_both_periods(built, capsys, change, agrees):
    text = GROWTH_TEXT.replace("up 20 percent", f"up {change} percent")
    growth = (f"  - id: growth-2022\n    reporter: CHN\n    partner: KGZ\n    flow: turnover\n    period: 2022\n"
              f"    change_percent: {change}\n    base_period: 2021\n"
              f"    base_period_note: The text says \"up {change} percent year-on-year\".\n"
              f"    quote: {text.strip()}\n")
    add_entry(built, "kabar-2023-01-20-kyrgyzstan-china-trade", text, "trade:\n"
              + trade("turnover-2021", "Trade between Kyrgyzstan and China reached $10 billion in 2021",
                      "$10 billion", period="2021")
              + trade("turnover-2022", text.strip(), "$12 billion")
              + growth)
    build(built, capsys)
    found = facts(built)
    change_fact = found["trade:CHN:KGZ:turnover:change:2022:actual:base_period=2021"]
    assert change_fact["unit"] == "ratio" and change_fact["low"] == str(Decimal(1) + Decimal(change) / 100)
    value_fact = found[KGZ_2022]
    assert value_fact["implied_agree"] == change_fact["implied_agree"] == str(agrees).lower()
    assert value_fact["agree"] == "true"  # a disagreeing change is a flag, never an error
    if agrees:
        assert value_fact["flags"] == ""
    else:
        # $10 billion as written is 9.5 to 10.5 billion, 50 percent is 49.5 to 50.5 percent
        assert value_fact["flags"] == ("The change in kabar-2023-01-20-kyrgyzstan-china-trade:growth-2022 from 2021 "
                                       "implies 14202500000 to 15802500000 USD; the reports for 2022 span "
                                       "11500000000 to 12500000000 USD.")
        assert value_fact["flags"] == change_fact["flags"]


@pytest.mark.parametrize("quote, record, message", [
    ("China's trade with Kyrgyzstan fell 3.5 percent in 2022 to $9 billion.", "    change_percent: 3.5\n",
     "the quote states a fall, not a rise — write `change_percent: -3.5`"),
    ("China's trade with Kyrgyzstan rose 3.5 percent in 2022 to $9 billion.", "    change_percent: -3.5\n",
     "the quote states a rise, not a fall — write `change_percent: 3.5`"),
    ("China's trade with Kyrgyzstan rose 3.5 percent in 2022 to $9 billion.", "    change_percent: 3.6\n",
     "a change of 3.6 percent is not in the quote"),
    ("China's trade with Kyrgyzstan tripled in 2022 to $9 billion.", "    change_factor: 4\n",
     "a change of 4 times is not in the quote"),
    ("China's trade with Kyrgyzstan grew more than fivefold in 2022.", "    change_factor: 5\n",
     "the quote's words by the figure call for bound `more_than`, not `exact`"),
    ("China's trade with Kyrgyzstan reached $9 billion in 2022.", "    amount: $9 billion\n    change_percent: 3\n",
     "a trade record holds one figure, an amount, a share or a change"),
    ("China's trade with Kyrgyzstan reached $9 billion in 2022.", "    amount: $9 billion\n    base_period: 2021\n",
     "a base period is given for a figure that is not a change"),
    ("China's trade with Kyrgyzstan rose 3.5 percent in 2022 to $9 billion.", "    change_percent: 3.5\n",
     "a change needs the period it is measured from"),
    ("China's trade with Kyrgyzstan rose 3.5 percent in 2022 from 2023.", "    change_percent: 3.5\n    base_period: 2023\n",
     "the base period 2023 is not before the period 2022"),
    ("China's trade with Kyrgyzstan rose 3.5 percent in 2022 from the first quarter of 2022.",
     "    change_percent: 3.5\n    base_period: 2022-Q1\n", "the base period 2022-Q1 is not before the period 2022"),
    ("China's trade with Kyrgyzstan rose 3.5 percent in 2022 year-on-year.", "    change_percent: 3.5\n    base_period: 2020\n",
     "\"year-on-year\" measures the change from 2021, not from 2020"),
])
def test_changes_are_proved_by_their_quote(built, capsys, quote, record, message):
    add_entry(built, "kabar-2023-01-20-kyrgyzstan-china-trade", f"Intro. {quote}\n",
              f"trade:\n  - id: change-2022\n    reporter: CHN\n    partner: KGZ\n    flow: turnover\n"
              f"    period: 2022\n{record}    quote: {quote}\n")
    code, _, err = run(capsys, "check", "--root", str(built))
    assert code == 1 and message in err, err


def test_factor_words_prove_a_change(built, capsys):
    quote = "Trade between the two countries tripled in 2022 from 2019."
    add_entry(built, "kabar-2023-01-20-kyrgyzstan-china-trade", f"Kyrgyzstan and China met in Bishkek. {quote}\n",
              "trade:\n  - id: change-2022\n    reporter: CHN\n    partner: KGZ\n    flow: turnover\n    period: 2022\n"
              f"    change_factor: 3\n    base_period: 2019\n    quote: {quote}\n")
    build(built, capsys)
    assert facts(built)["trade:CHN:KGZ:turnover:change:2022:actual:base_period=2019"]["low"] == "3"


COUNT_TEXT = "Now there are more than 1,500 Chinese companies operating in Uzbekistan, the ministry said.\n"


@pytest.mark.parametrize("record, message", [
    ("    count: 1500\n    bound: more_than\n", None),
    ("    count: 1500\n", "the quote's words by the figure call for bound `more_than`, not `exact`"),
    ("    count: 1600\n    bound: more_than\n", "the count 1600 is not in the quote"),
    ("    count: 500\n    bound: more_than\n", "the count 500 is not in the quote"),
])
def test_counts_are_recorded_and_proved(built, capsys, record, message):
    add_entry(built, "kun-2023-05-19-uzbekistan-china-companies", COUNT_TEXT,
              "counts:\n  - id: chinese-companies\n    country: UZB\n    origin: CHN\n    counted: companies\n"
              f"    units: chinese companies\n{record}    as_of: 2023-05-19\n    as_of_as_written: Now\n"
              "    stated_by: the ministry\n"
              "    quote: Now there are more than 1,500 Chinese companies operating in Uzbekistan, the ministry said.\n")
    code, _, err = run(capsys, "build", "--root", str(built))
    if message:
        assert code == 1 and message in err, err
        return
    assert code == 0, err
    fact = facts(built)["counts:UZB:companies:2023-05-19:actual:origin=CHN"]
    assert (fact["unit"], fact["low"], fact["latest_bound"]) == ("count", "1500", "more_than")


@pytest.mark.parametrize("period, quote, message", [
    ("2023-Q1", "China's trade with Kyrgyzstan reached $3 billion in the first quarter of 2023.", None),
    ("2023-Q1", "China's trade with Kyrgyzstan reached $3 billion in Q1 2023.", None),
    ("2022-H2", "China's trade with Kyrgyzstan reached $3 billion in the second half of 2022.", None),
    ("2023-Q2", "China's trade with Kyrgyzstan reached $3 billion in the first quarter of 2023.", "the quote dates this figure 2023-Q1, not 2023-Q2"),
    ("2023-Q5", "China's trade with Kyrgyzstan reached $3 billion in the first quarter of 2023.", "`2023-Q5` has no quarter 5"),
])
def test_quarters_and_half_years(built, capsys, period, quote, message):
    add_entry(built, "kabar-2023-06-20-kyrgyzstan-china-trade", f"{quote}\n",
              "trade:\n" + trade("turnover", quote, "$3 billion", period=period))
    code, _, err = run(capsys, "build", "--root", str(built))
    if message:
        assert code == 1 and message in err, err
        return
    assert code == 0, err
    row = next(r for r in rows(built, "trade").values() if r["source_id"].startswith("kabar"))
    assert (row["period"], row["period_precision"]) == (period, {"Q": "quarter", "H": "half"}[period[5]])
    assert row["fact_id"] == f"trade:CHN:KGZ:turnover:value:{period}:actual"


def test_a_quarter_after_publication_is_refused(built, capsys):
    quote = "China's trade with Kyrgyzstan reached $3 billion in the third quarter of 2023."
    add_entry(built, "kabar-2023-06-20-kyrgyzstan-china-trade", f"{quote}\n",
              "trade:\n" + trade("turnover", quote, "$3 billion", period="2023-Q3"))
    code, _, err = run(capsys, "check", "--root", str(built))
    assert code == 1 and "2023-Q3 is after the source's publication date 2023-06-20" in err, err


TEXT_DATED_ELSEWHERE = ("Figures for 2022 were published on Monday.\n\nTrade between Kyrgyzstan and China reached "
                        "$3 billion, the customs office said.\n")


@pytest.mark.parametrize("note, ok", [
    ('The article dates the figures elsewhere: "Figures for 2022 were published".', True),
    ("The article dates the figures in another paragraph.", False),
    ('The text says "Figures for 2021 were published".', False),
    ('The article says "were published on Monday".', False),  # words of the text, but no year
    ('The article says "Kyrgyzstan and China reached $3 billion".', False),
])
def test_a_date_the_quote_does_not_show_is_dated_by_cited_words(built, capsys, note, ok):
    quote = "Trade between Kyrgyzstan and China reached $3 billion, the customs office said."
    add_entry(built, "kabar-2023-01-20-kyrgyzstan-china-trade", TEXT_DATED_ELSEWHERE,
              "trade:\n" + trade("turnover-2022", quote, "$3 billion", extra=f"    period_note: '{note}'\n"))
    code, _, err = run(capsys, "build", "--root", str(built))
    assert (code == 0) is ok, err
    if not ok:
        assert "in double quotes, into `period_note`" in err


def test_an_undated_latest_figure_is_a_fact_of_its_own(built, capsys):
    quote = "Trade between Kyrgyzstan and China has reached $3 billion, the customs office said."
    records = "trade:\n" + trade("turnover-latest", quote, "$3 billion", period="") .replace("    period: \n", "")
    records = records.replace("    quote:", "    period_note: The text gives no year; the latest figure at publication.\n"
                                         "    quote:")
    for sid in ("kabar-2023-01-20-kyrgyzstan-china-trade", "akipress-2023-03-02-kyrgyzstan-china-trade"):
        add_entry(built, sid, f"{quote}\nFiled by {sid.split('-')[0]}.\n", records)  # two articles, not one reprinted
    build(built, capsys)
    undated = {k: v for k, v in facts(built).items() if k.startswith("trade:CHN:KGZ:turnover:value:undated:")}
    assert len(undated) == 2 and all(v["reports"] == "1" and v["fact_period"] == "" for v in undated.values())


def test_stater_entity_must_be_registered(built, capsys):
    quote = "Trade between Kyrgyzstan and China reached $3 billion in 2022, the customs office said."
    add_entry(built, "kabar-2023-01-20-kyrgyzstan-china-trade", quote + "\n",
              "trade:\n" + trade("turnover-2022", quote, "$3 billion", extra="    stated_by_entity: kgz-customs\n"))
    code, _, err = run(capsys, "check", "--root", str(built))
    assert code == 1 and "trade.stated_by_entity: `kgz-customs` is not in data/entities.yaml" in err, err


def test_planned_dates_and_construction(built, capsys):
    quote = "The China-Kyrgyzstan plant, under construction since 2021, is expected to open in 2026, officials said."
    add_entry(built, "kabar-2023-01-20-kyrgyzstan-china-plant", quote + "\n",
              "agreements:\n  - id: cement-plant\n    name: China-Kyrgyzstan plant\n    type: project\n"
              "    status: under_construction\n    parties: [CHN, KGZ]\n    date: 2021\n    planned_date: 2026\n"
              f"    quote: {quote}\n")
    build(built, capsys)
    row = next(r for r in rows(built, "agreements").values() if r["source_id"].startswith("kabar"))
    assert (row["status"], row["date"], row["planned_date"], row["planned_date_precision"]) == \
        ("under_construction", "2021", "2026", "year")


def test_an_unbounded_interval_is_said_in_words():
    """An implied interval open at both ends, or below (a `less_than` figure times a change), is
    said in words, never a crash (Decimal cannot round an infinity)."""
    from decimal import Decimal

    from scripts.publish.facts import INF, Interval

    assert Interval(-INF, INF, lo_open=True, hi_open=True).words("USD") == "any value in USD"
    assert Interval(-INF, Decimal(5000), hi_open=True).words("USD") == "less than 5000 USD"
    assert Interval(Decimal(2500), INF, lo_open=True).words("USD") == "more than 2500 USD"
    assert Interval(-INF, Decimal(7)).words("USD") == "less than 7 USD"
