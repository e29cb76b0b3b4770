"""A part of a year and a change, as published: a January–October figure is a fact apart from
the year's, with its precision, and never the year's figure in series.csv; a change of
investment or of a count is a fact apart from the levels, checked against them, never a
series row and never added. Each case writes its own entries (articles written for the test)
into a copy of the frozen fixtures and builds the package."""

from __future__ import annotations

import pytest

from tests.publish.test_facts import add_entry, build, facts, rows, trade

PART_TEXT = ("Trade between China and Kyrgyzstan reached 22 billion dollars in 2023, the customs office said. "
             "Trade between China and Kyrgyzstan reached 18 billion dollars in the first ten months of 2023.\n")


def test_a_part_of_a_year_is_a_fact_apart_and_never_the_years_series_figure(built, capsys):
    add_entry(built, "kabar-2024-02-01-kyrgyzstan-china-trade", PART_TEXT, "trade:\n"
              + trade("turnover-2023", "Trade between China and Kyrgyzstan reached 22 billion dollars in 2023",
                      "22 billion dollars", period="2023", extra="    stated_by: the customs office\n")
              + trade("turnover-jan-oct", "Trade between China and Kyrgyzstan reached 18 billion dollars in the first "
                      "ten months of 2023", "18 billion dollars", period="2023-01/2023-10"))
    build(built, capsys)
    found = facts(built)
    year, part = found["trade:CHN:KGZ:turnover:value:2023:actual"], \
        found["trade:CHN:KGZ:turnover:value:2023-01/2023-10:actual"]
    assert (year["fact_period_precision"], year["latest_value"]) == ("year", "22000000000")
    assert (part["fact_period"], part["fact_period_precision"], part["latest_value"]) == \
        ("2023-01/2023-10", "months", "18000000000")
    assert part["agree"] == "true" and year["agree"] == "true"  # two facts: 18 and 22 billion never disagree
    assert part["additive"] == "false" and part["additive_note"] == "part of a year: it overlaps the year's figure"
    series = rows(built, "series")
    assert series["trade:CHN:KGZ:turnover:2023"]["value"] == "22000000000"
    assert not [s for s in series.values() if "/" in s["period"]]  # the run is no series row
    assert rows(built, "trade")["kabar-2024-02-01-kyrgyzstan-china-trade:turnover-jan-oct"]["period_precision"] == \
        "months"


INVEST_TEXT = ("China's total investment in Kazakhstan stood at 5 billion dollars at the end of 2017. China's total "
               "investment in Kazakhstan stood at 20 billion dollars at the end of 2023. China's total investment in "
               "Kazakhstan grew {factor} from the end of 2017 to the end of 2023.\n")


def record(ident: str, places: str, quote: str, extra: str) -> str:
    return f"  - id: {ident}\n{places}{extra}    quote: \"{quote}\"\n"


@pytest.mark.parametrize("factor, agrees", [("fourfold", True), ("tenfold", False)])
def test_a_change_of_investment_is_a_fact_apart_checked_against_the_levels(built, capsys, factor, agrees):
    text = INVEST_TEXT.format(factor=factor)
    number = {"fourfold": 4, "tenfold": 10}[factor]
    places = "    investor: CHN\n    host: KAZ\n    measure: cumulative_stock\n"
    sentences = [s.strip() for s in text.split(".") if s.strip()]
    add_entry(built, "trend-2024-03-01-china-kazakhstan-investment", text, "investment:\n"
              + record("stock-2017", places, sentences[0], "    as_of: 2017-12-31\n    amount: 5 billion dollars\n")
              + record("stock-2023", places, sentences[1], "    as_of: 2023-12-31\n    amount: 20 billion dollars\n")
              + record("growth", places, sentences[2],
                       f"    as_of: 2023-12-31\n    change_factor: {number}\n    base_period: 2017-12-31\n"))
    build(built, capsys)
    found = facts(built)
    change = found["investment:CHN:KAZ:cumulative_stock:2023-12-31:actual:base_period=2017-12-31"]
    level = found["investment:CHN:KAZ:cumulative_stock:2023-12-31:actual"]
    assert change["unit"] == "ratio" and change["latest_value"] == str(number) and level["unit"] == "USD"
    assert "change" in change["label"] and change["additive"] == "false" and change["additive_note"] == \
        "a change, not an amount"
    assert change["implied_agree"] == level["implied_agree"] == str(agrees).lower()
    assert bool(level["flags"]) == (not agrees)  # 5 billion tenfold is 50 billion, not 20: flagged
    growth = rows(built, "investment")["trend-2024-03-01-china-kazakhstan-investment:growth"]
    assert (growth["figure_type"], growth["amount"], growth["value_usd"]) == ("change", "", "")
    series = {s["fact_id"] for s in rows(built, "series").values()}
    assert level["fact_id"] in series and change["fact_id"] not in series


COUNT_TEXT = ("There were 500 Chinese companies in Uzbekistan in 2017. There were 2,000 Chinese companies in "
              "Uzbekistan in 2023. The number of Chinese companies in Uzbekistan grew fourfold from 2017 to 2023.\n")


def test_a_change_of_a_count_is_a_fact_apart_and_never_a_count(built, capsys):
    places = "    country: UZB\n    origin: CHN\n    counted: companies\n    units: chinese companies\n"
    sentences = [s.strip() for s in COUNT_TEXT.split(".") if s.strip()]
    add_entry(built, "trend-2024-03-01-china-uzbekistan-companies", COUNT_TEXT, "counts:\n"
              + record("companies-2017", places, sentences[0], "    count: 500\n    as_of: 2017\n")
              + record("companies-2023", places, sentences[1], "    count: 2000\n    as_of: 2023\n")
              + record("growth", places, sentences[2], "    change_factor: 4\n    as_of: 2023\n    base_period: 2017\n"))
    build(built, capsys)
    found = facts(built)
    change = found["counts:UZB:companies:2023:actual:origin=CHN:base_period=2017"]
    level = found["counts:UZB:companies:2023:actual:origin=CHN"]
    assert (change["unit"], change["latest_value"], level["unit"], level["latest_value"]) == \
        ("ratio", "4", "count", "2000")
    assert change["implied_agree"] == level["implied_agree"] == "true"  # 500 fourfold is 2,000
    growth = rows(built, "counts")["trend-2024-03-01-china-uzbekistan-companies:growth"]
    assert (growth["figure_type"], growth["count"]) == ("change", "")
