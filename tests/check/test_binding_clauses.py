"""Binding by the figure's own clause: what a third outside review found passing, each closed
as a property of scripts/bind/ and tested as an ATTACK (refused inside its record) and its
TRUTHFUL TWIN (accepted), with variations of wording and language (tests/check/
test_binding.py explains the cases).

1. a figure's own date: words that date a figure a year before another ("the previous year",
   "годом ранее", "上年") date the figure nearest them in their clause, never another's;
2. a member recorded as its group (and a group as a member named in the figure's clause);
3. a company's presence denied, ended or planned, or another company's;
4. an agreement's parties, status and date, those of its own clause.

All cases are written into one package and checked once a run, as in test_binding.py.
"""

from __future__ import annotations

import functools
from typing import ClassVar

import pytest
from tests.check.test_binding import (  # noqa: F401 (pytest_generate_tests parametrizes the classes here too)
    Binding,
    Case,
    deal,
    make_package,
    once,
    pytest_generate_tests,
    read_report,
    trade,
)


@pytest.fixture(scope="module")
def report():
    return read_report(once("binding-clauses", functools.partial(make_package, cases=CASES)))


# ------------------------------------------------------------------ 1. a figure's own date
PREVIOUS = "Trade between China and Kazakhstan reached $41 billion in 2023, compared with $31 billion the previous year."
SAME_PERIOD = ("In the first half of 2023, trade between China and Uzbekistan reached $10 billion, against $7 billion "
               "in the same period last year.")
YEAR_EARLIER = "China's trade with Tajikistan was $3 billion in 2022; a year earlier it was $2 billion."
RU_EARLIER = "Товарооборот Кыргызстана и Китая в 2023 году составил 19 млрд долларов, а годом ранее — 15 млрд долларов."
RU_LAST = "В 2023 году товарооборот Китая и Казахстана составил 41 млрд долларов, а в прошлом году — 31 млрд долларов."
ZH_PREVIOUS = "2022年中国与乌兹别克斯坦贸易额为90亿美元，上年为75亿美元，两国合作不断深化。"
ZH_SAME_PERIOD = "2023年上半年中国与哈萨克斯坦贸易额为200亿美元，去年同期为150亿美元，两国合作不断深化。"
UP_FROM = "Trade between China and Kazakhstan reached $41 billion in 2023, up from $31 billion a year earlier."
YEAR_BEFORE_FIRST = "Trade between China and Kazakhstan was $31 billion the year before and reached $41 billion in 2023."
POSSESSIVE = "Trade between China and Kazakhstan reached $41 billion in 2023 against the previous year's $31 billion."
QUARTER_EARLIER = ("In the first quarter of 2023, trade between China and Kazakhstan reached $10 billion, compared with "
                   "$8 billion a year earlier.")
NO_DATE_BASE = "Trade between China and Kazakhstan reached $41 billion in 2023, compared with $31 billion."
CHANGE_FROM_PREVIOUS = "Trade between China and Kazakhstan reached $41 billion in 2023, up 20 percent from the previous year."
RU_AGAINST = "Товарооборот Китая и Казахстана в 2023 году составил 41 млрд долларов против 31 млрд долларов годом ранее."
ZH_LAST = "2023年中国与哈萨克斯坦贸易额为410亿美元，去年为310亿美元，合作不断深化。"
INTERVIEW = ("Trade between China and Kyrgyzstan reached $19 billion last year, Kyrgyz Economy Minister Daniyar "
             "Amangeldiev said in a March 2023 interview.")
UP_FROM_PREVIOUS = "Trade between China and Kazakhstan reached $41 billion in 2023, up 32 percent from the previous year."
LAST_YEAR_FIRST = ("Last year, trade between China and Kazakhstan reached $41 billion, and in 2024 it is expected to "
                   "reach $45 billion.")
RU_BASE_LAST_YEAR = ("Товарооборот Китая и Казахстана в 2023 году вырос на 32% по сравнению с прошлым годом и составил "
                     "41 млрд долларов.")
NOW = "2024-02-01"  # published after the years its cases name
LAST_YEAR = "Trade between China and Georgia reached $1.5 billion last year."

OWN_DATES = [
    Case("previous-year-as-the-sentences-year", PREVIOUS, "trade",
         trade(period=2022, amount="$31 billion"), {"period": 2023}, published=NOW),
    Case("the-first-figure-keeps-its-year", PREVIOUS, "trade",
         trade(period=2023, amount="$41 billion"), {"period": 2022}, published=NOW),
    Case("same-period-last-year-as-this-year", SAME_PERIOD, "trade",
         trade(partner="UZB", period="2022-H1", amount="$7 billion"), {"period": "2023-H1"}, published=NOW),
    Case("same-period-last-year-as-the-year", SAME_PERIOD, "trade",
         trade(partner="UZB", period="2022-H1", amount="$7 billion"), {"period": 2023}, published=NOW),
    Case("a-year-earlier-as-the-year", YEAR_EARLIER, "trade",
         trade(partner="TJK", period=2021, amount="$2 billion"), {"period": 2022}, published=NOW),
    Case("ru-a-year-earlier-as-the-year", RU_EARLIER, "trade",
         trade(partner="KGZ", period=2022, amount="15 млрд долларов"), {"period": 2023}, language="ru", published=NOW),
    Case("ru-last-year-as-the-year", RU_LAST, "trade",
         trade(period=2022, amount="31 млрд долларов"), {"period": 2023}, language="ru", published=NOW),
    Case("zh-previous-year-as-the-year", ZH_PREVIOUS, "trade",
         trade(partner="UZB", period=2021, amount="75亿美元"), {"period": 2022}, language="zh", published=NOW),
    Case("zh-same-period-last-year-as-this-year", ZH_SAME_PERIOD, "trade",
         trade(period="2022-H1", amount="150亿美元"), {"period": "2023-H1"}, language="zh", published=NOW),
    Case("a-year-earlier-after-up-from", UP_FROM, "trade",
         trade(period=2022, amount="$31 billion"), {"period": 2023}, published=NOW),
    Case("the-year-before-dated-by-the-year-after-it", YEAR_BEFORE_FIRST, "trade",
         trade(period=2022, amount="$31 billion"), {"period": 2023}, published=NOW),
    Case("the-previous-years-figure", POSSESSIVE, "trade",
         trade(period=2022, amount="$31 billion"), {"period": 2023}, published=NOW),
    Case("a-year-earlier-keeps-the-quarter", QUARTER_EARLIER, "trade",
         trade(period="2022-Q1", amount="$8 billion"), {"period": "2023-Q1"}, published=NOW),
    Case("a-base-figure-without-a-date-of-its-own", NO_DATE_BASE, "trade",
         trade(period=2023, amount="$41 billion"), {"amount": "$31 billion"}, published=NOW),
    Case("a-change-shares-the-sentences-year", CHANGE_FROM_PREVIOUS, "trade",
         trade(period=2023, change_percent=20, base_period=2022), {"base_period": 2021}, published=NOW),
    Case("ru-against-a-year-earlier-as-the-year", RU_AGAINST, "trade",
         trade(period=2022, amount="31 млрд долларов"), {"period": 2023}, language="ru", published=NOW),
    Case("zh-last-year-as-the-year", ZH_LAST, "trade",
         trade(period=2022, amount="310亿美元"), {"period": 2023}, language="zh", published=NOW),
    Case("the-date-of-another-clause", INTERVIEW, "trade",
         trade(partner="KGZ", period=2022, amount="$19 billion", stated_by="Kyrgyz Economy Minister Daniyar Amangeldiev"),
         {"period": "2023-03"}, published="2023-11-14"),
    Case("a-change-from-the-previous-year", UP_FROM_PREVIOUS, "trade",
         trade(period=2023, change_percent=32, base_period=2022), {"period": 2022, "base_period": 2021},
         published=NOW),
    Case("last-year-before-a-later-year", LAST_YEAR_FIRST, "trade",
         trade(period=2023, amount="$41 billion"), {"period": 2024}, published="2024-03-01"),
    Case("ru-compared-with-last-year-is-a-base", RU_BASE_LAST_YEAR, "trade",
         trade(period=2023, amount="41 млрд долларов"), {"period": 2022}, language="ru", published=NOW),
    Case("last-year-is-before-publication", LAST_YEAR, "trade",
         trade(partner="GEO", period=2014, amount="$1.5 billion"), {"period": 2015}),
]


# ------------------------------------------------------------------ 2. a member recorded as its group
def flow_in(host: str, **more) -> dict:
    return {"investor": "CHN", "host": host, "measure": "annual_flow", **more}


ANY_OTHER = "Trade between China and Turkmenistan reached $11 billion in 2023, more than with any other Central Asian country."
ACCOUNTING = "China's trade with Central Asia reached $90 billion in 2023, with Kazakhstan accounting for $41 billion."
LARGEST = "Trade between China and Georgia reached $1.9 billion in 2023, the largest in the South Caucasus."
TAKING = "Chinese investment in the South Caucasus reached $3 billion in 2023, with Georgia taking $1.2 billion."
STOCK = "China's investment in Kazakhstan reached $26 billion by 2023, the largest in Central Asia."
INCLUDING = "Trade between China and Central Asian countries including Kazakhstan and Uzbekistan reached $90 billion in 2023."
PARTNER_IN = "Kazakhstan was China's largest trading partner in Central Asia, with trade of $41 billion in 2023."
TWO_YEARS = ("Trade between China and Central Asian countries including Kazakhstan reached $50 billion in 2022 and "
             "$70 billion in 2023.")
RESPECTIVE_GROUP = "China's trade with Central Asia and Kazakhstan reached 90 and 41 billion dollars in 2023 respectively."
RU_OF_THEM = ("Товарооборот Китая со странами Центральной Азии в 2023 году достиг 90 млрд долларов, из них на Казахстан "
              "пришлось 41 млрд долларов.")
ZH_OF_THEM = "2023年中国与中亚国家贸易额达到900亿美元，其中哈萨克斯坦为410亿美元，合作不断深化。"

MEMBERS = [
    Case("member-more-than-any-other-as-group", ANY_OTHER, "trade",
         trade(partner="TKM", period=2023, amount="$11 billion"), {"partner": "central-asia"}, published=NOW),
    Case("member-accounting-for-as-group", ACCOUNTING, "trade",
         trade(period=2023, amount="$41 billion"), {"partner": "central-asia"}, published=NOW),
    Case("group-total-as-member", ACCOUNTING, "trade",
         trade(partner="central-asia", period=2023, amount="$90 billion"), {"partner": "KAZ"}, published=NOW),
    Case("member-the-largest-in-the-group-as-group", LARGEST, "trade",
         trade(partner="GEO", period=2023, amount="$1.9 billion"), {"partner": "south-caucasus"}, published=NOW),
    Case("member-taking-a-share-as-group", TAKING, "investment",
         flow_in("GEO", as_of=2023, amount="$1.2 billion"), {"host": "south-caucasus"}, published=NOW),
    Case("group-total-as-the-member-taking-a-share", TAKING, "investment",
         flow_in("south-caucasus", as_of=2023, amount="$3 billion"), {"host": "GEO"}, published=NOW),
    Case("member-stock-the-largest-in-the-group-as-group", STOCK, "investment",
         flow_in("KAZ", measure="cumulative_stock", as_of=2023, amount="$26 billion"), {"host": "central-asia"},
         published=NOW),
    Case("group-including-members-as-a-member", INCLUDING, "trade",
         trade(partner="central-asia", period=2023, amount="$90 billion"), {"partner": "KAZ"}, published=NOW),
    Case("member-of-the-sentence-as-group", PARTNER_IN, "trade",
         trade(period=2023, amount="$41 billion"), {"partner": "central-asia"}, published=NOW),
    Case("an-included-member-as-the-figures", TWO_YEARS, "trade",
         trade(partner="central-asia", period=2023, amount="$70 billion"), {"partner": "KAZ"}, published=NOW),
    Case("group-and-member-respectively", RESPECTIVE_GROUP, "trade",
         trade(partner="central-asia", period=2023, amount="90 billion dollars"), {"partner": "KAZ"}, published=NOW),
    Case("ru-member-of-them-as-group", RU_OF_THEM, "trade",
         trade(period=2023, amount="41 млрд долларов"), {"partner": "central-asia"}, language="ru", published=NOW),
    Case("zh-member-of-them-as-group", ZH_OF_THEM, "trade",
         trade(period=2023, amount="410亿美元"), {"partner": "central-asia"}, language="zh", published=NOW),
]


# ------------------------------------------------------------------ 3. a company's presence
def firm(entity: str, host: str, **more) -> dict:
    return {"entity_id": entity, "host_country": host, **more}


WITHDRAWN = "Huawei has withdrawn from Turkmenistan but has operated in Uzbekistan since 2005."
WITHDRAWN_LIST = "Huawei has withdrawn from Turkmenistan and Georgia, but has operated in Uzbekistan since 2005."
NO_BRANCH = "The Bank of China has no branch in Georgia but has operated in Kazakhstan since 2008."
NOT_HOWEVER = "Huawei does not, however, operate in Georgia, and has worked in Armenia since 2011."
CLOSED = "ZTE closed its office in Kyrgyzstan in 2020 and has worked in Uzbekistan since 2005."
CONSIDERING = "ICBC has operated in Kazakhstan since 2010 and is considering entering the Uzbek market."
PLANS = "ZTE plans to open an office in Georgia, while Huawei has operated in Armenia since 2010."
RIVALS = "Huawei's rivals operate in Armenia, while Huawei has worked in Georgia since 2011."
PAIRED = "Huawei has operated in Uzbekistan since 2005, while ZTE works in Kazakhstan."
TRAINED = "Huawei has trained 3,000 students in Azerbaijan, and ZTE has trained 500 engineers in Georgia."
LISTED = ("There are 700 Chinese firms in Kazakhstan, including the telecom giant ZTE, equipment maker Huawei, the Bank "
          "of China and the Industrial and Commercial Bank of China (ICBC), while Lenovo has withdrawn from Uzbekistan.")
PULLED_OUT = "Huawei pulled out of Turkmenistan in 2019, but has operated in Uzbekistan since 2005."
NO_LONGER = "Huawei no longer operates in Turkmenistan but has operated in Uzbekistan since 2005."
WHICH_PLANS = "Huawei, which has operated in Uzbekistan since 2005, is planning to enter Turkmenistan."
EXPECTED = "Huawei is expected to open an office in Georgia, while ZTE has worked in Armenia since 2010."
RIVALS_OF = "Competitors of Huawei operate in Armenia, and Huawei has worked in Georgia since 2010."
BOTH_THEN_ONE = "Huawei and ZTE have operated in Kazakhstan since 2005, while Huawei has withdrawn from Turkmenistan."
OFFICE_CLOSED = "Huawei's office in Georgia was closed in 2020, and Huawei has worked in Armenia since 2011."
LEFT = "Huawei left Turkmenistan in 2019 but has operated in Uzbekistan since 2005."
YET_TO = "In Georgia, Huawei has yet to open an office; it has operated in Armenia since 2011."
AND_PLANS = "Huawei has operated in Uzbekistan since 2005 and plans to enter Turkmenistan."
WHOSE_RIVALS = "Huawei, whose rivals operate in Armenia, has worked in Georgia since 2011."
RU_PAIRED = "Huawei ушла из Туркменистана, а ZTE работает в Казахстане."
RU_LEFT = "Huawei ушла из Туркменистана, но работает в Узбекистане с 2005 года."

PRESENCE = [
    Case("withdrawn-as-present", WITHDRAWN, "companies", firm("huawei", "UZB", since=2005),
         {"host_country": "TKM", "since": None}),
    Case("withdrawn-from-a-list-as-present", WITHDRAWN_LIST, "companies", firm("huawei", "UZB", since=2005),
         {"host_country": "GEO", "since": None}),
    Case("no-branch-as-present", NO_BRANCH, "companies", firm("bank-of-china", "KAZ", since=2008),
         {"host_country": "GEO", "since": None}),
    Case("not-however-as-present", NOT_HOWEVER, "companies", firm("huawei", "ARM", since=2011),
         {"host_country": "GEO", "since": None}),
    Case("closed-as-present", CLOSED, "companies", firm("zte", "UZB", since=2005),
         {"host_country": "KGZ", "since": None}),
    Case("considering-as-present", CONSIDERING, "companies", firm("icbc", "KAZ", since=2010),
         {"host_country": "UZB", "since": None}),
    Case("plans-as-present", PLANS, "companies", firm("huawei", "ARM", since=2010),
         {"entity_id": "zte", "host_country": "GEO", "since": None}),
    Case("rivals-as-the-company", RIVALS, "companies", firm("huawei", "GEO", since=2011),
         {"host_country": "ARM", "since": None}),
    Case("another-companys-place", PAIRED, "companies", firm("zte", "KAZ"), {"host_country": "UZB"}),
    Case("another-companys-place-first", PAIRED, "companies", firm("huawei", "UZB", since=2005),
         {"host_country": "KAZ", "since": None}),
    Case("another-companys-place-and", TRAINED, "companies", firm("zte", "GEO"), {"host_country": "AZE"}),
    Case("listed-companies-share-their-place", LISTED, "companies", firm("icbc", "KAZ"), {"host_country": "UZB"}),
    Case("listed-companies-share-their-place-boc", LISTED, "companies", firm("bank-of-china", "KAZ"),
         {"host_country": "UZB"}),
    Case("pulled-out-as-present", PULLED_OUT, "companies", firm("huawei", "UZB", since=2005),
         {"host_country": "TKM", "since": None}),
    Case("no-longer-as-present", NO_LONGER, "companies", firm("huawei", "UZB", since=2005),
         {"host_country": "TKM", "since": None}),
    Case("planning-to-enter-as-present", WHICH_PLANS, "companies", firm("huawei", "UZB", since=2005),
         {"host_country": "TKM", "since": None}),
    Case("expected-to-open-as-present", EXPECTED, "companies", firm("zte", "ARM", since=2010),
         {"entity_id": "huawei", "host_country": "GEO", "since": None}),
    Case("competitors-of-the-company-as-the-company", RIVALS_OF, "companies", firm("huawei", "GEO", since=2010),
         {"host_country": "ARM", "since": None}),
    Case("listed-companies-then-one-withdrawn", BOTH_THEN_ONE, "companies", firm("zte", "KAZ", since=2005),
         {"entity_id": "huawei", "host_country": "TKM", "since": None}),
    Case("closed-after-the-place-as-present", OFFICE_CLOSED, "companies", firm("huawei", "ARM", since=2011),
         {"host_country": "GEO", "since": None}),
    Case("left-as-present", LEFT, "companies", firm("huawei", "UZB", since=2005), {"host_country": "TKM", "since": None}),
    Case("yet-to-open-as-present", YET_TO, "companies", firm("huawei", "ARM", since=2011),
         {"host_country": "GEO", "since": None}),
    Case("a-second-predicate-plans", AND_PLANS, "companies", firm("huawei", "UZB", since=2005),
         {"host_country": "TKM", "since": None}),
    Case("whose-rivals-as-the-company", WHOSE_RIVALS, "companies", firm("huawei", "GEO", since=2011),
         {"host_country": "ARM", "since": None}),
    Case("ru-another-companys-place", RU_PAIRED, "companies", firm("zte", "KAZ"), {"host_country": "TKM"},
         language="ru"),
    Case("ru-left-as-present", RU_LEFT, "companies", firm("huawei", "UZB", since=2005),
         {"host_country": "TKM", "since": None}, language="ru"),
]

# ------------------------------------------------------------------ 4. an agreement's own clause
MEMO = ("China and Georgia signed a memorandum on e-commerce cooperation in 2023, while China and Armenia adopted a "
        "joint statement on tourism.")
MEMO_TWIN = deal("memorandum on e-commerce cooperation", ["CHN", "GEO"], date=2023)
STATEMENT_TWIN = deal("joint statement on tourism", ["CHN", "ARM"], "declaration", "adopted")
FTA = ("A memorandum of understanding on green energy between China and Georgia was signed in 2023; a free trade "
       "agreement between the two countries took effect in 2018.")
FTA_TWIN = deal("free trade agreement", ["CHN", "GEO"], status="active", date=2018)
TRANSIT = "Kazakhstan and Uzbekistan signed a transit agreement in 2023 that will help Chinese exporters."
PACKAGE = "China and Kyrgyzstan signed 12 agreements in 2023, including a $300 million loan deal."
RAILWAY = ("The agreement on the China-Kyrgyzstan-Uzbekistan railway, which was signed in 2022, is expected to be "
           "ratified in 2024.")
SIGNED_THEN_EFFECT = "The free trade agreement between China and Georgia, signed in 2017, took effect in 2018."
AMONG_THEM = "China and Kyrgyzstan signed 12 agreements worth $3 billion in 2023, among them a $300 million loan deal."
SUPPORT = "Kazakhstan and Uzbekistan signed a transit agreement with China's support in 2023."
BY_THEM = "A transit agreement signed by Kazakhstan and Uzbekistan in 2023 will benefit China."
TWO_DOCUMENTS = "China signed a memorandum with Georgia and a joint statement with Armenia in 2023."
TWO_YEARS_TWO_DOCUMENTS = "China signed a memorandum with Georgia in 2023 and a joint statement with Armenia in 2022."
SIGNED_AND_PLANS = "China and Georgia signed a memorandum in 2023 and plan to sign a joint statement."
WELCOMED = "China welcomed the transit agreement signed by Kazakhstan and Uzbekistan in 2023."
ONE_OF_THEM = "China and Kyrgyzstan signed 12 agreements in 2023; one of them is a $300 million loan deal."
TWO_STAGES = "The agreement between China and Georgia was signed in 2017 and took effect in 2018."
RU_MEMO = ("Китай и Грузия подписали меморандум об электронной торговле, а Китай и Армения приняли совместное заявление "
           "о туризме.")
ZH_MEMO = "中国与格鲁吉亚签署了电子商务合作备忘录，中国与亚美尼亚发表了旅游合作联合声明，双方合作不断深化。"

AGREEMENTS = [
    Case("parties-of-another-clause", MEMO, "agreements", MEMO_TWIN, {"parties": ["CHN", "ARM"]}, published=NOW),
    Case("a-party-of-another-clause-added", MEMO, "agreements", MEMO_TWIN, {"parties": ["CHN", "GEO", "ARM"]},
         published=NOW),
    Case("status-of-another-clause", MEMO, "agreements", STATEMENT_TWIN, {"status": "signed"}, published=NOW),
    Case("date-of-another-clause", MEMO, "agreements", STATEMENT_TWIN, {"date": 2023}, published=NOW),
    Case("type-of-another-clause", MEMO, "agreements", STATEMENT_TWIN, {"type": "agreement"}, published=NOW),
    Case("took-effect-as-signed-then", FTA, "agreements", FTA_TWIN, {"status": "signed", "date": 2023},
         published=NOW),
    Case("took-effect-dated-by-another-clause", FTA, "agreements", FTA_TWIN, {"date": 2023}, published=NOW),
    Case("a-beneficiary-as-a-party", TRANSIT, "agreements", deal("transit agreement", ["KAZ", "UZB"], date=2023),
         {"parties": ["CHN", "KAZ"]}, published=NOW),
    Case("a-beneficiary-as-a-third-party", TRANSIT, "agreements", deal("transit agreement", ["KAZ", "UZB"], date=2023),
         {"parties": ["CHN", "KAZ", "UZB"]}, published=NOW),
    Case("an-included-deals-amount-as-the-packages", PACKAGE, "agreements",
         deal("agreements", ["CHN", "KGZ"], "deal_package", date=2023, deal_count=12),
         {"amount": "$300 million"}, published=NOW),
    Case("the-packages-name-for-an-included-deal", PACKAGE, "agreements",
         deal("loan deal", ["CHN", "KGZ"], date=2023, amount="$300 million"),
         {"name": "agreements", "type": "deal_package", "deal_count": 12}, published=NOW),
    Case("a-described-agreement-keeps-its-words", RAILWAY, "agreements",
         deal("agreement on the China-Kyrgyzstan-Uzbekistan railway", ["CHN", "KGZ", "UZB"], date=2022),
         {"date": 2021}, published=NOW),
    Case("the-date-of-another-stage", SIGNED_THEN_EFFECT, "agreements",
         deal("free trade agreement", ["CHN", "GEO"], date=2017), {"date": 2018}, published=NOW),
    Case("the-date-of-another-stage-active", SIGNED_THEN_EFFECT, "agreements",
         deal("free trade agreement", ["CHN", "GEO"], status="active", date=2018), {"date": 2017}, published=NOW),
    Case("among-them-an-items-amount", AMONG_THEM, "agreements",
         deal("agreements", ["CHN", "KGZ"], "deal_package", date=2023, deal_count=12, amount="$3 billion"),
         {"amount": "$300 million"}, published=NOW),
    Case("a-supporter-as-a-party", SUPPORT, "agreements", deal("transit agreement", ["KAZ", "UZB"], date=2023),
         {"parties": ["CHN", "KAZ", "UZB"]}, published=NOW),
    Case("a-beneficiary-after-the-parties", BY_THEM, "agreements", deal("transit agreement", ["KAZ", "UZB"], date=2023),
         {"parties": ["CHN", "KAZ", "UZB"]}, published=NOW),
    Case("another-documents-party", TWO_DOCUMENTS, "agreements",
         deal("joint statement", ["CHN", "ARM"], "declaration", date=2023), {"parties": ["CHN", "GEO"]}, published=NOW),
    Case("another-documents-party-first", TWO_DOCUMENTS, "agreements", deal("memorandum", ["CHN", "GEO"], date=2023),
         {"parties": ["CHN", "ARM"]}, published=NOW),
    Case("another-documents-date", TWO_YEARS_TWO_DOCUMENTS, "agreements",
         deal("joint statement", ["CHN", "ARM"], "declaration", date=2022), {"date": 2023}, published=NOW),
    Case("another-documents-stage", SIGNED_AND_PLANS, "agreements",
         deal("joint statement", ["CHN", "GEO"], "declaration", "planned"), {"status": "signed"}, published=NOW),
    Case("another-documents-stage-first", SIGNED_AND_PLANS, "agreements",
         deal("memorandum", ["CHN", "GEO"], date=2023), {"status": "planned"}, published=NOW),
    Case("a-welcomer-as-a-party", WELCOMED, "agreements", deal("transit agreement", ["KAZ", "UZB"], date=2023),
         {"parties": ["CHN", "KAZ", "UZB"]}, published=NOW),
    Case("one-of-them-an-items-amount", ONE_OF_THEM, "agreements",
         deal("agreements", ["CHN", "KGZ"], "deal_package", date=2023, deal_count=12), {"amount": "$300 million"},
         published=NOW),
    Case("two-stages-of-one-agreement", TWO_STAGES, "agreements",
         deal("agreement", ["CHN", "GEO"], status="active", date=2018), {"date": 2017}, published=NOW),
    Case("ru-parties-of-another-clause", RU_MEMO, "agreements", deal("меморандум об электронной торговле", ["CHN", "GEO"]),
         {"parties": ["CHN", "ARM"]}, language="ru"),
    Case("zh-parties-of-another-clause", ZH_MEMO, "agreements", deal("电子商务合作备忘录", ["CHN", "GEO"]),
         {"parties": ["CHN", "ARM"]}, language="zh"),
]

CASES = OWN_DATES + MEMBERS + PRESENCE + AGREEMENTS
assert len({case.id for case in CASES}) == len(CASES), "every case has its own id"


class TestOwnDates(Binding):
    """Words that date a figure a year before another date it by that year: the figure nearest
    them in their clause takes it, and no other figure does."""

    CASES: ClassVar = OWN_DATES


class TestMembers(Binding):
    """When the figure's own words name a member of a group, the figure is the member's; the
    group only where the group itself is its place (or names the member in a list it includes)."""

    CASES: ClassVar = MEMBERS


class TestPresence(Binding):
    """A company is present where its own clause places it, in words that neither deny, end
    nor only plan its presence, and not where it places the company's rivals or another company."""

    CASES: ClassVar = PRESENCE


class TestAgreements(Binding):
    """An agreement's parties, stage, type and date are those of its own clause; a figure of an
    item it includes is not its figure."""

    CASES: ClassVar = AGREEMENTS
