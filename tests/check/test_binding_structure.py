"""Binding by the sentence's structure: what a second outside review still found passing,
each closed as a rule of scripts/bind/ and tested as an ATTACK (refused inside its record)
and its TRUTHFUL TWIN (accepted), in English and, where the rule applies, Russian and
Chinese, with variations of wording (tests/check/test_binding.py explains the cases).

All cases are written into one package and checked once a run, as in test_binding.py.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import ClassVar

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from tests.check.test_binding import (  # noqa: F401 (pytest_generate_tests parametrizes the classes here too)
    Binding,
    Case,
    assign,
    check,
    deal,
    investment,
    make_entry,
    make_package,
    new_package,
    once,
    truth_passes_attacks_refused,
    pytest_generate_tests,
    read_report,
    trade,
    write_entry,
)

from scripts.bind.cues import CueIndex, russian_forms
from scripts.bind.periods import find_parts
from scripts.bind.quote_text import normal


@pytest.fixture(scope="module")
def report():
    return read_report(once("binding-structure", functools.partial(make_package, cases=CASES)))


# ------------------------------------------------------------------ 1. respectively
BOTH_WAYS = ("China's exports to and imports from Kazakhstan reached 12 and 8 billion dollars in 2013 and 2014 "
             "respectively.")
TWO_PARTNERS = "China's trade with Kazakhstan and Uzbekistan reached 20 and 5 billion dollars in 2014, respectively."
YEARS_FIRST = "In 2012 and 2013, China's trade with Tajikistan came to 1.9 and 2.1 billion dollars respectively."
THREE = "China's exports to Kazakhstan, Uzbekistan and Kyrgyzstan were 12, 5 and 3 billion dollars in 2014 respectively."
RU_BOTH = ("Экспорт и импорт Китая в торговле с Казахстаном составили 12 и 8 млрд долларов в 2013 и 2014 годах "
           "соответственно.")
ZH_BOTH = "2013年和2014年，中国对哈萨克斯坦的出口和进口分别为120亿美元和80亿美元，双边合作不断深化。"

RESPECTIVELY = [
    Case("respectively-date-of-the-other", BOTH_WAYS, "trade", trade(flow="exports", period=2013,
         amount="12 billion dollars"), {"period": 2014}),
    Case("respectively-flow-of-the-other", BOTH_WAYS, "trade", trade(flow="exports", period=2013,
         amount="12 billion dollars"), {"flow": "imports", "reporter": "KAZ", "partner": "CHN"}),
    Case("respectively-second-figure-first-date", BOTH_WAYS, "trade",
         trade(flow="imports", period=2014, amount="8 billion dollars"), {"period": 2013}),
    Case("respectively-place-of-the-other", TWO_PARTNERS, "trade", trade(period=2014, amount="20 billion dollars"),
         {"partner": "UZB"}),
    Case("respectively-second-place", TWO_PARTNERS, "trade",
         trade(partner="UZB", period=2014, amount="5 billion dollars"), {"partner": "KAZ"}),
    Case("respectively-years-before-the-figures", YEARS_FIRST, "trade",
         trade(partner="TJK", period=2013, amount="2.1 billion dollars"), {"period": 2012}),
    Case("respectively-three-partners", THREE, "trade", trade(partner="UZB", flow="exports", period=2014,
         amount="5 billion dollars"), {"partner": "KGZ"}),
    Case("ru-respectively", RU_BOTH, "trade", trade(flow="exports", period=2013, amount="12 млрд долларов"),
         {"period": 2014}, language="ru"),
    Case("zh-respectively", ZH_BOTH, "trade", trade(flow="imports", period=2014, amount="80亿美元"),
         {"period": 2013}, language="zh"),
]

# ------------------------------------------------------------------ 2. a group and a member in apposition
MEMBER = "Kazakhstan, the largest Central Asian economy, traded 20 billion dollars with China in 2014."
MEMBER_OF = "Kazakhstan, Central Asia's largest economy, traded 20 billion dollars with China in 2014."
BRACKETS = "Kazakhstan (the largest economy of Central Asia) traded 20 billion dollars with China in 2014."
GROUP = "Central Asia, where Kazakhstan is the largest economy, traded 50 billion dollars with China in 2014."
INCLUDING = "China's trade with Central Asia, including Kazakhstan, reached 50 billion dollars in 2014."
RU_MEMBER = "Казахстан, крупнейшая экономика Центральной Азии, в 2014 году торговал с Китаем на 20 млрд долларов."

APPOSITIONS = [
    Case("group-for-a-member-in-apposition", MEMBER, "trade", trade(period=2014, amount="20 billion dollars"),
         {"partner": "central-asia"}),
    Case("group-possessive-apposition", MEMBER_OF, "trade", trade(period=2014, amount="20 billion dollars"),
         {"partner": "central-asia"}),
    Case("group-in-brackets", BRACKETS, "trade", trade(period=2014, amount="20 billion dollars"),
         {"partner": "central-asia"}),
    Case("member-for-the-group", GROUP, "trade", trade(partner="central-asia", period=2014,
         amount="50 billion dollars"), {"partner": "KAZ"}),
    Case("member-included-in-the-group", INCLUDING, "trade", trade(partner="central-asia", period=2014,
         amount="50 billion dollars"), {"partner": "KAZ"}),
    Case("member-mainly", "China's trade with Central Asia, mainly with Kazakhstan, reached 50 billion dollars in "
         "2014.", "trade", trade(partner="central-asia", period=2014, amount="50 billion dollars"), {"partner": "KAZ"}),
    Case("zh-group-for-a-member", "哈萨克斯坦是中亚最大的经济体，2014年与中国的贸易额达到200亿美元。", "trade",
         trade(period=2014, amount="200亿美元"), {"partner": "central-asia"}, language="zh"),
    Case("ru-group-for-a-member", RU_MEMBER, "trade", trade(period=2014, amount="20 млрд долларов"),
         {"partner": "central-asia"}, language="ru"),
]

# ------------------------------------------------------------------ 3. a third place in the figure's clause
TWO_NAMED = ("China's trade with Uzbekistan and Kazakhstan reached 20 billion dollars in 2014, of which Kazakhstan "
             "accounted for 12 billion dollars.")
VIA = "Trade between China and Kazakhstan via Russia reached 20 billion dollars in 2014."
VIA_TWIN = trade(period=2014, amount="20 billion dollars",
                 wording_note='The figure is trade between China and Kazakhstan; "via Russia" names its route.')
RU_TWO = ("Товарооборот Китая с Узбекистаном и Казахстаном в 2014 году составил 20 млрд долларов, из них на "
          "Казахстан пришлось 12 млрд долларов.")
ZH_TWO = "2014年，中国与乌兹别克斯坦和哈萨克斯坦的贸易额达到200亿美元，其中与哈萨克斯坦的贸易额为120亿美元。"

THIRD_PLACES = [
    Case("two-partners-as-the-second", TWO_NAMED, "trade", trade(period=2014, amount="12 billion dollars"),
         {"amount": "20 billion dollars"}),
    Case("two-partners-as-the-first", TWO_NAMED, "trade", trade(period=2014, amount="12 billion dollars"),
         {"partner": "UZB", "amount": "20 billion dollars"}),
    Case("via-a-third-country", VIA, "trade", VIA_TWIN, {"wording_note": None}),
    Case("a-third-country-states-it", "According to Russian customs, trade between China and Kazakhstan reached "
         "20 billion dollars in 2014.", "trade", trade(period=2014, amount="20 billion dollars"), {"partner": "RUS"}),
    Case("ru-two-partners", RU_TWO, "trade", trade(period=2014, amount="12 млрд долларов"),
         {"amount": "20 млрд долларов"}, language="ru"),
    Case("zh-two-partners", ZH_TWO, "trade", trade(period=2014, amount="120亿美元"),
         {"partner": "UZB", "amount": "200亿美元"}, language="zh"),
]

# ------------------------------------------------------------------ 4. flows that are not trade
TRANSIT = "Trade between China and Kazakhstan reached 20 billion dollars in 2014, and transit cargo 5 billion dollars."
SALES = ("China's exports to Kazakhstan reached 2 billion dollars in 2014, and sales of Chinese cars there 1 billion "
         "dollars.")
RU_TRANSIT = ("В 2014 году товарооборот между Китаем и Казахстаном составил 20 млрд долларов, а транзит грузов "
              "5 млрд долларов.")

FLOWS = [
    Case("transit-cargo-as-trade", TRANSIT, "trade", trade(period=2014, amount="20 billion dollars"),
         {"amount": "5 billion dollars"}),
    Case("sales-as-exports", SALES, "trade", trade(flow="exports", period=2014, amount="2 billion dollars"),
         {"amount": "1 billion dollars"}),
    Case("ru-transit-as-trade", RU_TRANSIT, "trade", trade(period=2014, amount="20 млрд долларов"),
         {"amount": "5 млрд долларов"}, language="ru"),
    Case("zh-transit-as-trade", "2014年，中哈贸易额达到300亿美元，过境贸易额达到200亿美元。", "trade",
         trade(period=2014, amount="300亿美元"), {"amount": "200亿美元"}, language="zh"),
]

# ------------------------------------------------------------------ 5. a status bound to its words
RAILWAY = "China and Kazakhstan have an agreement on a new railway. The agreement was signed in Astana in 2014."
RAILWAY_QUOTE = "China and Kazakhstan have an agreement on a new railway."
RAILWAY_TWIN = deal("agreement on a new railway", ["CHN", "KAZ"], wording_note='The next sentence says "The '
                    'agreement was signed in Astana", so the agreement the quote names is signed.')

STATUSES = [
    Case("status-with-no-words", RAILWAY, "agreements", RAILWAY_TWIN, {"wording_note": None}, quote=RAILWAY_QUOTE),
    Case("status-with-no-words-in-operation", RAILWAY, "agreements", RAILWAY_TWIN,
         {"wording_note": None, "status": "in_operation"}, quote=RAILWAY_QUOTE),
    Case("inked-as-planned", "China and Kazakhstan inked a loan agreement in 2014.", "agreements",
         deal("loan agreement", ["CHN", "KAZ"], date=2014), {"status": "planned"}),
    Case("agreed-in-principle-as-signed", "China and Kyrgyzstan agreed in principle on a railway agreement in 2014.",
         "agreements", deal("railway agreement", ["CHN", "KGZ"], status="agreed_in_principle", date=2014),
         {"status": "signed"}),
    Case("to-be-signed-as-signed", "A railway agreement between China and Uzbekistan is to be signed next year.",
         "agreements", deal("railway agreement", ["CHN", "UZB"], status="planned"), {"status": "signed"}),
    Case("operating-as-planned", "The gas pipeline between China and Turkmenistan has been operating since 2009.",
         "agreements", deal("gas pipeline", ["CHN", "TKM"], "project", "in_operation", date=2009),
         {"status": "planned"}),
    Case("ru-signed-as-planned", "В 2014 году Китай и Казахстан подписали соглашение о железной дороге.",
         "agreements", deal("соглашение о железной дороге", ["CHN", "KAZ"], date=2014), {"status": "planned"},
         language="ru"),
]

# ------------------------------------------------------------------ 6. name, type, occasion, sectors
LOAN = ("China and Kazakhstan signed a loan agreement covering railways and energy in 2014 during President Xi "
        "Jinping's visit to Astana.")
LOAN_TWIN = deal("loan agreement", ["CHN", "KAZ"], date=2014, occasion="President Xi Jinping's visit to Astana",
                 sectors=["railways", "energy"])
OIL = "Chinese companies invested 3 billion dollars in the oil sector of Kazakhstan in 2014."

AGREEMENT_FIELDS = [
    Case("type-not-stated", LOAN, "agreements", LOAN_TWIN, {"type": "project"}),
    Case("type-another-instrument", LOAN, "agreements", LOAN_TWIN, {"type": "mechanism"}),
    Case("name-not-in-the-article", LOAN, "agreements", LOAN_TWIN, {"name": "pipeline agreement"}),
    Case("occasion-not-in-the-article", LOAN, "agreements", LOAN_TWIN, {"occasion": "Premier Li Keqiang's visit"}),
    Case("sector-not-in-the-article", LOAN, "agreements", LOAN_TWIN, {"sectors": ["railways", "mining"]}),
    Case("company-activity-not-in-the-article", "Huawei has been building telecom networks in Kazakhstan since "
         "2010.", "companies", {"entity_id": "huawei", "host_country": "KAZ", "since": 2010,
                                "activity": "building telecom networks"}, {"activity": "mining"}),
    Case("investment-sector-not-in-the-quote", OIL, "investment", investment(as_of=2014, amount="3 billion dollars",
         sector="oil"), {"sector": "mining"}),
]

# ------------------------------------------------------------------ 7. the base year "year on year" implies
YOY = "Trade between China and Kazakhstan rose 20 percent year on year in 2014."
YOY_NOTE = "Officials first met in 2012. " + YOY
QUARTER_YOY = "In the first quarter of 2014 trade between China and Kazakhstan rose 20 percent year on year."

BASE_YEARS = [
    Case("year-on-year-two-years-back", YOY, "trade", trade(period=2014, change_percent=20, base_period=2013),
         {"base_period": 2012}),
    Case("year-on-year-note-against-it", YOY_NOTE, "trade", trade(period=2014, change_percent=20, base_period=2013),
         {"base_period": 2012, "base_period_note": 'The article says "first met in 2012", the base it means.'},
         quote=YOY),
    Case("previous-year-two-years-back", "Trade between China and Kazakhstan was 20 percent higher in 2014 than the "
         "previous year.", "trade", trade(period=2014, change_percent=20, base_period=2013), {"base_period": 2012}),
    Case("year-on-year-quarter-as-year", QUARTER_YOY, "trade", trade(period="2014-Q1", change_percent=20,
         base_period="2013-Q1"), {"base_period": 2013}),
    Case("ru-year-on-year", "В 2014 году товарооборот между Китаем и Казахстаном вырос на 20% по сравнению с "
         "аналогичным периодом прошлого года.", "trade", trade(period=2014, change_percent=20, base_period=2013),
         {"base_period": 2012}, language="ru"),
    Case("zh-year-on-year", "2014年中国与哈萨克斯坦的贸易额同比增长20%，合作不断深化。", "trade",
         trade(period=2014, change_percent=20, base_period=2013), {"base_period": 2012}, language="zh"),
]

# ------------------------------------------------------------------ 8. parts of a year
PART_YEAR = [
    Case("january-march-as-year", "Trade between China and Kazakhstan reached 5 billion dollars in January-March "
         "2023.", "trade", trade(period="2023-Q1", amount="5 billion dollars"), {"period": 2023},
         published="2023-05-01"),
    Case("january-to-june-as-year", "Trade between China and Kazakhstan reached 9 billion dollars from January to June "
         "2023.", "trade", trade(period="2023-H1", amount="9 billion dollars"), {"period": 2023},
         published="2023-08-01"),
    Case("first-three-months-as-year", "In the first three months of 2023, trade between China and Kazakhstan reached "
         "5 billion dollars.", "trade", trade(period="2023-Q1", amount="5 billion dollars"), {"period": 2023},
         published="2023-05-01"),
    Case("first-three-months-year-apart", "In 2023, in the first three months, trade between China and Kazakhstan "
         "reached 5 billion dollars.", "trade", trade(period="2023-Q1", amount="5 billion dollars"),
         {"period": 2023}, published="2023-05-01"),
    Case("nine-months-as-year", "Trade between China and Kazakhstan reached 15 billion dollars in January-September "
         "2023, and 20 billion dollars in 2022.", "trade", trade(period=2022, amount="20 billion dollars"),
         {"period": 2023, "amount": "15 billion dollars"}, published="2023-11-01"),
    Case("a-month-as-the-year", "In March 2023 trade between China and Kazakhstan reached 2 billion dollars.",
         "trade", trade(period="2023-03", amount="2 billion dollars"), {"period": 2023}, published="2023-05-01"),
    Case("ru-january-march-as-year", "В январе-марте 2023 года товарооборот между Китаем и Казахстаном составил "
         "5 млрд долларов.", "trade", trade(period="2023-Q1", amount="5 млрд долларов"), {"period": 2023},
         language="ru", published="2023-05-01"),
    Case("zh-january-march-as-year", "2023年1至3月，中国与哈萨克斯坦的贸易额达到50亿美元，合作不断深化。", "trade",
         trade(period="2023-Q1", amount="50亿美元"), {"period": 2023}, language="zh", published="2023-05-01"),
    Case("zh-quarter-as-year", "2023年一季度，中国与哈萨克斯坦的贸易额达到50亿美元，合作不断深化。", "trade",
         trade(period="2023-Q1", amount="50亿美元"), {"period": 2023}, language="zh", published="2023-05-01"),
    Case("zh-first-half-as-year", "2023年1-6月，中国与哈萨克斯坦的贸易额达到90亿美元，合作不断深化。", "trade",
         trade(period="2023-H1", amount="90亿美元"), {"period": 2023}, language="zh", published="2023-08-01"),
]

# ------------------------------------------------------------------ 9. conditional forecasts
CONDITIONAL = [
    Case("could-hit-as-actual", "Trade between China and Kazakhstan could hit 30 billion dollars in 2015.", "trade",
         trade(period=2015, amount="30 billion dollars", kind="forecast"), {"kind": None}),
    Case("might-top-as-actual", "Trade between China and Uzbekistan might top 5 billion dollars in 2015.", "trade",
         trade(partner="UZB", period=2015, amount="5 billion dollars", kind="forecast"), {"kind": None}),
    Case("may-reach-as-target", "Trade between China and Tajikistan may reach 3 billion dollars in 2015.", "trade",
         trade(partner="TJK", period=2015, amount="3 billion dollars", kind="forecast"), {"kind": "target"}),
    Case("may-the-month-as-forecast", "In May 2015 trade between China and Kazakhstan reached 2 billion dollars.",
         "trade", trade(period="2015-05", amount="2 billion dollars"), {"kind": "forecast"}, published="2015-06-01"),
    Case("ru-may-reach-as-actual", "Товарооборот между Китаем и Казахстаном может достичь 30 млрд долларов в 2015 "
         "году.", "trade", trade(period=2015, amount="30 млрд долларов", kind="forecast"), {"kind": None},
         language="ru"),
    Case("ru-could-exceed-as-actual", "Товарооборот между Китаем и Казахстаном мог бы превысить 30 млрд долларов в "
         "2015 году.", "trade", trade(period=2015, amount="30 млрд долларов", kind="forecast", bound="more_than"),
         {"kind": None}, language="ru"),
    Case("zh-likely-as-actual", "2015年中国与哈萨克斯坦的贸易额有望达到300亿美元，合作不断深化。", "trade",
         trade(period=2015, amount="300亿美元", kind="forecast"), {"kind": None}, language="zh"),
    Case("zh-may-as-actual", "2015年中国与哈萨克斯坦的贸易额可能达到300亿美元，合作不断深化。", "trade",
         trade(period=2015, amount="300亿美元", kind="forecast"), {"kind": None}, language="zh"),
]

# ------------------------------------------------------------------ 10. Russian verbs in every form
RUSSIAN_FORMS = [
    Case("ru-exceeded-plural", "Объемы торговли между Китаем и Казахстаном в 2014 году превысили 22 млрд долларов.",
         "trade", trade(period=2014, amount="22 млрд долларов", bound="more_than"), {"bound": None}, language="ru"),
    Case("ru-fell-plural", "В 2015 году объемы торговли между Китаем и Казахстаном сократились на 15% по сравнению "
         "с аналогичным периодом прошлого года.", "trade", trade(period=2015, change_percent=-15, base_period=2014),
         {"change_percent": 15}, language="ru", published="2016-02-01"),
    Case("ru-diminished-plural", "В 2015 году объемы торговли между Китаем и Казахстаном уменьшились на 12% по "
         "сравнению с аналогичным периодом прошлого года.", "trade",
         trade(period=2015, change_percent=-12, base_period=2014), {"change_percent": 12}, language="ru",
         published="2016-02-01"),
    Case("ru-grew-plural", "В 2015 году объемы торговли между Китаем и Казахстаном увеличились на 8% по сравнению с "
         "аналогичным периодом прошлого года.", "trade", trade(period=2015, change_percent=8, base_period=2014),
         {"change_percent": -8}, language="ru", published="2016-02-01"),
    Case("ru-signed-feminine", "В 2014 году китайская компания подписала с Казахстаном соглашение о строительстве "
         "завода.", "agreements", deal("соглашение о строительстве завода", ["CHN", "KAZ"], date=2014),
         {"status": "planned"}, language="ru"),
]

# ------------------------------------------------------------------ 11. a year that names something else
DEAL_2004 = "Under the 2004 deal, China's trade with Kazakhstan reached 20 billion dollars in 2014."
RU_DEAL = ("В рамках соглашения 2004 года товарооборот между Китаем и Казахстаном в 2014 году составил 20 млрд "
           "долларов.")

NAMING_YEARS = [
    Case("year-of-the-deal-as-the-figures", DEAL_2004, "trade", trade(period=2014, amount="20 billion dollars"),
         {"period": 2004}),
    Case("year-of-a-programme", "Under its 2010 programme, China's trade with Kazakhstan reached 20 billion dollars "
         "in 2014.", "trade", trade(period=2014, amount="20 billion dollars"), {"period": 2010}),
    Case("year-of-a-deal-undated-figure", "Under the 2004 deal, China's trade with Kazakhstan reached 20 billion "
         "dollars.", "trade", trade(amount="20 billion dollars", period_note="The text gives no year for the figure; "
                                    "the latest it reports at its publication on 2015-05-07."), {"period": 2004,
                                                                                                 "period_note": None}),
    Case("ru-year-of-the-deal", RU_DEAL, "trade", trade(period=2014, amount="20 млрд долларов"), {"period": 2004},
         language="ru"),
    Case("the-deals-own-year", "The 2004 oil deal between China and Kazakhstan was signed in Beijing.", "agreements",
         deal("oil deal", ["CHN", "KAZ"], date=2004), {"date": 2005}),
]

CASES = (RESPECTIVELY + APPOSITIONS + THIRD_PLACES + FLOWS + STATUSES + AGREEMENT_FIELDS + BASE_YEARS + PART_YEAR
         + CONDITIONAL + RUSSIAN_FORMS + NAMING_YEARS)
assert len({case.id for case in CASES}) == len(CASES), "every case has its own id"


class TestRespectively(Binding):
    """"respectively" pairs each figure with the date, flow and place of its rank."""

    CASES: ClassVar = RESPECTIVELY


class TestAppositions(Binding):
    """A place named only in words that describe another ("Kazakhstan, the largest Central
    Asian economy,") is not the figure's."""

    CASES: ClassVar = APPOSITIONS


class TestThirdPlaces(Binding):
    """Every place the figure's own words name is the record's, unless they say the figure is
    one place's (or a note cites why)."""

    CASES: ClassVar = THIRD_PLACES


class TestFlows(Binding):
    """Transit, cargo and sales are not trade between the places."""

    CASES: ClassVar = FLOWS


class TestStatuses(Binding):
    """A status needs the words of its stage."""

    CASES: ClassVar = STATUSES


class TestAgreementFields(Binding):
    """An agreement's name, type, occasion and sectors, an investment's sector, a company's
    activity: the source's words."""

    CASES: ClassVar = AGREEMENT_FIELDS


class TestBaseYears(Binding):
    """"Year on year" measures from the same span a year before; no note says otherwise."""

    CASES: ClassVar = BASE_YEARS


class TestPartYears(Binding):
    """A quarter, a half or a run of months is never its whole year; a month is not the year a
    trade figure covers."""

    CASES: ClassVar = PART_YEAR


class TestConditional(Binding):
    """"could", "may", "might" (может, 可能, 有望) make a forecast."""

    CASES: ClassVar = CONDITIONAL


class TestRussianForms(Binding):
    """Russian cue words in every gender, number and case the schema lists one of."""

    CASES: ClassVar = RUSSIAN_FORMS


class TestNamingYears(Binding):
    """A year that names a deal ("the 2004 deal") dates the deal, not the figure."""

    CASES: ClassVar = NAMING_YEARS


# ------------------------------------------------------------------ the rules' parts
@pytest.mark.parametrize("listed, written", [
    ("превысил", "превысили"), ("превысил", "превысило"), ("вырос", "выросла"), ("вырос", "выросли"),
    ("выросла", "вырос"), ("составил", "составила"), ("увеличился", "увеличились"), ("снизилась", "снизился"),
    ("подписан", "подписаны"), ("подписали", "подписала"), ("экспорт", "экспортом"), ("упал", "упало")])
def test_a_russian_cue_matches_its_other_forms(listed, written):
    assert written in russian_forms(listed)
    index = CueIndex((("value", (listed,)),), after=False)
    assert index.find(f"товарооборот {written} 5 млрд", 0, 40, anchored=False)


def test_a_listed_phrase_is_never_taken_by_another_values_form():
    index = CueIndex((("forecast", ("составит",)), ("actual", ("составил", "составила"))), after=False)
    assert [value for value, _, _ in index.find("составит", 0, 8, anchored=False)] == ["forecast"]
    assert [value for value, _, _ in index.find("составила", 0, 9, anchored=False)] == ["actual"]


@pytest.mark.parametrize("text, language, value", [
    ("in January-March 2023", "en", "2023-Q1"), ("from April to June 2023", "en", "2023-Q2"),
    ("in January–September 2023", "en", "2023-01/2023-09"), ("the first six months of 2022", "en", "2022-H1"),
    ("в январе-марте 2023 года", "ru", "2023-Q1"), ("за первые девять месяцев 2022 года", "ru", "2022-01/2022-09"),
    ("2023年1至3月", "zh", "2023-Q1"), ("2022年前三个月", "zh", "2022-Q1"), ("in the first three months", "en", "????-Q1"),
    ("2023年前三季度", "zh", "2023-01/2023-09"), ("the first three quarters of 2023", "en", "2023-01/2023-09"),
    ("за 10 месяцев 2023 года", "ru", "2023-01/2023-10"), ("in January-October this year", "en", "2024-01/2024-10"),
    ("今年1-10月", "zh", "2024-01/2024-10"), ("since the beginning of 2024", "en", "2024-01-01/2024-02-10"),
    ("на конец 2023 года", "ru", "2023-12-31"), ("截至2023年底", "zh", "2023-12-31"), ("the end of March 2024", "en", "2024-03-31")])
def test_a_part_of_a_year_is_read_with_its_year(text, language, value):
    """With its year, or the publication's (10 February 2024) for "this year" and the year to date."""
    text = normal(text)
    assert [found[2] for found in find_parts(text, 0, len(text), language, dt.date(2024, 2, 10))] == [value]


# ------------------------------------------------------------------ generated lists paired "respectively"
PARTNERS = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "UZB": "Uzbekistan", "TJK": "Tajikistan", "TKM": "Turkmenistan"}
DESCRIBED = {"KAZ": "the largest Central Asian economy", "KGZ": "a Central Asian neighbour",
             "UZB": "the most populous Central Asian country", "TJK": "a Central Asian country",
             "TKM": "a Central Asian gas exporter"}


@st.composite
def paired_lists(draw) -> tuple[str, dict, dict[str, dict]]:
    """A sentence whose two figures "respectively" pair with two flows (and two years) or two
    partners (one described in an apposition naming its group); the truthful record of one
    rank, and by name the changes that give it the other rank's value."""
    first, second = draw(st.lists(st.sampled_from(sorted(PARTNERS)), min_size=2, max_size=2, unique=True))
    years = draw(st.lists(st.integers(2008, 2014), min_size=2, max_size=2, unique=True))
    numbers = [Decimal(n) / 10 for n in draw(st.lists(st.integers(11, 999), min_size=2, max_size=2, unique=True))]
    scale, money = draw(st.sampled_from(["billion", "million"])), draw(st.sampled_from(["dollars", "U.S. dollars"]))
    rank, other = draw(st.sampled_from([(0, 1), (1, 0)]))
    ending = draw(st.sampled_from([" respectively", ", respectively"]))
    amounts = [f"{numbers[0]}", f"{numbers[1]} {scale} {money}"]
    written = [f"{numbers[0]} {scale} {money}", amounts[1]]  # the first takes the second's scale and currency
    if draw(st.booleans()):  # two flows, two years
        quote = (f"China's exports to and imports from {PARTNERS[first]} came to {amounts[0]} and {amounts[1]} "
                 f"in {years[0]} and {years[1]}{ending}.")
        flows = ["exports", "imports"]
        truth = trade(partner=first, flow=flows[rank], period=years[rank], amount=written[rank])
        attacks = {"the other year": {"period": years[other]}, "the other flow": {"flow": flows[other]},
                   "the other figure": {"amount": written[other]}}
    else:  # two partners, the first described in an apposition
        quote = (f"China's trade with {PARTNERS[first]}, {DESCRIBED[first]}, and {PARTNERS[second]} reached "
                 f"{amounts[0]} and {amounts[1]} in {years[0]}{ending}.")
        partners = [first, second]
        truth = trade(partner=partners[rank], period=years[0], amount=written[rank])
        attacks = {"the other partner": {"partner": partners[other]}, "the other figure": {"amount": written[other]},
                   "the group described": {"partner": "central-asia"}}
    return quote, truth, attacks


@settings(max_examples=15, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(paired_lists())
def test_respectively_pairs_by_rank(example):
    """The record of one rank of a "respectively" list passes; the other rank's year, flow,
    partner or figure in its place, or the group an apposition names, is refused inside the
    record. Budget: 15 examples, each one check of four entries (about 0.3 s)."""
    quote, truth, attacks = example
    truth_passes_attacks_refused(quote, truth, attacks, "paired")
