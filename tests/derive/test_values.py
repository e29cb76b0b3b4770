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
])
def test_resolve_relative(phrase, expected):
    assert v.resolve_relative(phrase, dt.date(2019, 6, 24)) == expected


@pytest.mark.parametrize("text, expected", [("2013", ("2013", "year")), ("2019-04", ("2019-04", "month")),
                                            ("2024-07-03", ("2024-07-03", "day"))])
def test_partial_date_precision(text, expected):
    assert v.partial_date(text) == expected


@pytest.mark.parametrize("text", ["2019-13", "2019-02-30", "19", "2019/04"])
def test_partial_date_rejects(text):
    with pytest.raises(v.Invalid):
        v.partial_date(text)


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
