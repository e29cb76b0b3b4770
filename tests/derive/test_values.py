"""Normalise stage: amounts, dates, relative dates and codes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scripts.derive import values as v


@pytest.mark.parametrize("text, amount, currency", [
    ("28.6 billion dollars", 28_600_000_000, "USD"),
    ("USD500 million", 500_000_000, "USD"),
    ("USD50.1 billion", 50_100_000_000, "USD"),
    ("US$1.5 billion", 1_500_000_000, "USD"),
    ("$1.3 billion", 1_300_000_000, "USD"),
    ("$821 million", 821_000_000, "USD"),
    ("40 billion U.S. dollars", 40_000_000_000, "USD"),
    ("1,000 million yuan", 1_000_000_000, "CNY"),
    ("KZT 2.5 trillion", 2_500_000_000_000, "KZT"),
    ("EUR 12,500", 12_500, "EUR"),
    ("300 million", 300_000_000, None),
])
def test_parse_amount_is_exact(text, amount, currency):
    value, code = v.parse_amount(text)
    assert value == Decimal(amount) and code == currency
    assert value == value.to_integral()


@pytest.mark.parametrize("text, message", [
    ("more than 14 billion dollars", "the amount starts with `more than`"),
    ("fourteen billion dollars", "cannot read `fourteen billion dollars` as an amount"),
    ("$5 billion dollars", "`$5 billion dollars` names its currency twice"),
    ("5 billion zorkmids", "cannot read `5 billion zorkmids` as an amount"),
])
def test_parse_amount_rejects(text, message):
    with pytest.raises(v.Invalid) as error:
        v.parse_amount(text)
    assert error.value.message == message


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=99),
       st.sampled_from(["million", "billion"]))
def test_parse_amount_never_rounds(whole, cents, scale):
    value, _ = v.parse_amount(f"${whole}.{cents:02d} {scale}")
    exponent = {"million": 6, "billion": 9}[scale]
    assert value == (Decimal(whole) + Decimal(cents) / 100).scaleb(exponent)


def test_to_usd_only_through_a_rate():
    assert v.to_usd(Decimal("28600000000"), "USD", None) == 28_600_000_000
    assert v.to_usd(Decimal("1000000000"), "CNY", None) is None
    assert v.to_usd(Decimal("1000000000"), "CNY", Decimal("0.138")) == 138_000_000


@pytest.mark.parametrize("phrase, expected", [
    ("Last year", "2018"),
    ("this year", "2019"),
    ("in April this year", "2019-04"),
    ("in March last year", "2018-03"),
    ("July 3", "2019-07-03"),
    ("on 3 July", "2019-07-03"),
    ("Currently", "2019-06-24"),
    ("Over the past period", "2019-06-24"),
    ("30 years ago", "1989"),
    ("at the beginning of the establishment of diplomatic ties", None),
    ("since the beginning of the year", "2019-01-01/2019-06-24"),  # the year to date: to the publication
    ("So far this year", "2019-01-01/2019-06-24"),
    ("since the beginning of the year to the end of May", "2019-01/2019-05"),  # ... or to the month it names
    ("с начала года", "2019-01-01/2019-06-24"),
    ("С начала текущего года по май", "2019-01/2019-05"),
    ("今年以来", "2019-01-01/2019-06-24"),
    ("since the beginning of 2018", "2018-01-01/2019-06-24"),
    ("at the end of last year", "2018-12-31"),  # the end of a year: its last day, a stock's as-of date
    ("на конец прошлого года", "2018-12-31"),
    ("截至去年底", "2018-12-31"),
])
def test_resolve_relative(phrase, expected):
    assert v.resolve_relative(phrase, dt.date(2019, 6, 24)) == expected


@pytest.mark.parametrize("text, expected", [("2013", ("2013", "year")), ("2019-04", ("2019-04", "month")),
                                            ("2024-07-03", ("2024-07-03", "day")),
                                            ("2023-01/2023-10", ("2023-01/2023-10", "months")),
                                            ("2022-07/2023-06", ("2022-07/2023-06", "months")),
                                            ("2024-01-01/2024-02-10", ("2024-01-01/2024-02-10", "days"))])
def test_partial_date_precision(text, expected):
    assert v.partial_date(text) == expected


@pytest.mark.parametrize("text", ["2019-13", "2019-02-30", "19", "2019/04", "2023-10/2023-01", "2023-01/2023-05-17",
                                  "2023-02/2023-13"])
def test_partial_date_rejects(text):
    with pytest.raises(v.Invalid):
        v.partial_date(text)


@pytest.mark.parametrize("text, shorter", [("2023-01/2023-03", "2023-Q1"), ("2023-07/2023-12", "2023-H2"),
                                           ("2023-01/2023-12", "2023"), ("2023-01-01/2023-10-31", "2023-01/2023-10"),
                                           ("2023-05-01/2023-05-31", "2023-05")])
def test_a_run_a_shorter_form_writes_is_refused_with_that_form(text, shorter):
    """One span, one form: a run that is a quarter, a half, a year or a month is written so, so
    that two reports of it name the same fact."""
    with pytest.raises(v.Invalid) as error:
        v.partial_date(text)
    assert error.value.fix.startswith(f"write `{shorter}`")


def test_a_span_a_year_before_and_its_ends():
    assert v.shift_years("2023-01/2023-10", -1) == "2022-01/2022-10"
    assert v.shift_years("2024-01-01/2024-02-29", -1) == "2023-01-01/2023-02-28"
    assert v.shift_years("2023-Q1", -1) == "2022-Q1"
    assert v.resolve_before("the same period last year", "2023-01/2023-10") == "2022-01/2022-10"
    assert (v.date_start("2023-04/2023-10"), v.date_end("2023-04/2023-10")) == (dt.date(2023, 4, 1), dt.date(2023, 10, 31))
    assert v.date_end("2023-Q1") == dt.date(2023, 3, 31) and v.date_end("2024-02") == dt.date(2024, 2, 29)


def test_country_codes_checked_with_pycountry():
    assert v.check_country("KAZ") == "KAZ"
    with pytest.raises(v.Invalid) as error:
        v.check_country("KZ")
    assert error.value.fix == "did you mean KAZ?"
    with pytest.raises(v.Invalid) as error:
        v.check_country("SUN")
    assert "retired ISO 3166 code" in error.value.message
    with pytest.raises(v.Invalid) as error:
        v.check_country("XYZ")
    assert error.value.message == "`XYZ` is not an ISO 3166-1 alpha-3 country code"


def test_groups_expand_to_members():
    groups = {"central-asia": ["KAZ", "KGZ", "TJK", "TKM", "UZB"]}
    assert v.check_place("central-asia", groups) == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    assert v.check_place("PAK", groups) == ["PAK"]
    with pytest.raises(v.Invalid) as error:
        v.check_place("central-asian", groups)
    assert error.value.fix == "did you mean central-asia?"


def test_russian_words_of_the_present_keep_their_preposition():
    """"В настоящее время", "На сегодняшний день": the publication date, though their first
    word is a preposition the other phrases drop ("в 2023 году")."""
    import datetime as dt

    from scripts.derive.values import resolve_relative
    day = dt.date(2024, 3, 15)
    assert resolve_relative("В настоящее время", day) == resolve_relative("На сегодняшний день", day) == "2024-03-15"
