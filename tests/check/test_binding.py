"""Every value bound to the words that state it: for each value a record carries, the check
finds the words of the quote that state it and refuses the record when they say otherwise.

Each case is an ATTACK (a record whose value the quote does not state: refused, with a
problem at `data/sources/<id>.yaml:<line>:<col>` inside the offending record) paired with
its TRUTHFUL TWIN (the same quote recorded as it reads: no problem at all). A twin refused
shows that the case, or the checker, reads the words wrong; an attack accepted shows a
value the check let through unbound.

Every case is entries of its own (own id, own archived text; cases that record the same
article the same way share their twin's), all written into one temporary package and
checked once a run (`check --no-cache` with the entries named, in process; the first xdist
worker to need it runs it, as tests/conftest.py `shared` does): each test reads its
entries' problems from that one report. The property test at the end generates quotes with
one true figure and a distractor figure (another amount, currency, year and country; a
negation before the true one) and checks one package per example (budget: 25 examples,
one check of six entries, about 0.3 s, each; tests/README.md)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pytest
import yaml
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from scripts import cli
from tests.helpers import FIXTURES, shared

PROBLEM = re.compile(r"^(\S+?):(\d+):(\d+): (.*)$")  # file:line:col: where: message — fix
TITLES = {"en": "Economic cooperation update", "ru": "Экономическое сотрудничество", "zh": "经济合作动态"}


# ------------------------------------------------------------------ cases
def make_entry(source_id: str, body: str, table: str, record: dict, language: str, published: str,
               title_language: str | None = None) -> tuple[dict, str]:
    """An entry of one record (key order as contributors write it, the quote last) and its
    archived text: a title line, then the body."""
    title = TITLES[title_language or language]
    text = f"{title}\n\n{body}\n"
    record = {key: value for key, value in record.items() if value is not None and key != "quote"} | \
        {"quote": record.get("quote") or body}
    if language != "en":  # the contributor's English of a quote in another language (required; not the test's point)
        record["quote_translation"] = "A translation written for the test."
    entry = {"id": source_id, "title": title, "publisher": "Example Wire", "author": None,
             "published_date": published, "url": None, "language": language,
             "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
             "notes": "Made up for tests/check/test_binding.py.", table: [{"id": "figure", **record}]}
    return entry, text


@dataclass(frozen=True)
class Case:
    """An article (`body`: a sentence or a few) recorded twice: truthfully (`twin`, quoting
    `quote`, or the whole body) and with the changes of `attack` (a key set to None is left
    out; `language` changes the language the entry declares; with `attack_table`, `attack`
    is a whole record of that table). `where`: the attack is refused inside its record, or
    (`language`) there or at the entry's `language:` line."""

    id: str
    body: str
    table: str
    twin: dict
    attack: dict
    quote: str | None = None
    language: str = "en"
    published: str = "2015-05-07"
    attack_table: str | None = None
    where: str = "record"

    def entry(self, role: str) -> tuple[dict, str, str]:
        """The entry of the `twin` or the `attack`, its archived text and its record's table."""
        changes = dict(self.attack) if role == "attack" else {}
        language = changes.pop("language", self.language)
        table = self.attack_table if role == "attack" and self.attack_table else self.table
        record = changes if role == "attack" and self.attack_table else {**self.twin, **changes}
        entry, text = make_entry(f"binding-{self.published}-{self.id}-{role}", self.body, table,
                                 {**record, "quote": self.quote}, language, self.published, self.language)
        return entry, text, table


def trade(reporter: str = "CHN", partner: str = "KAZ", flow: str = "turnover", **more) -> dict:
    return {"reporter": reporter, "partner": partner, "flow": flow, **more}


def investment(investor: str = "CHN", host: str = "KAZ", measure: str = "annual_flow", **more) -> dict:
    return {"investor": investor, "host": host, "measure": measure, **more}


def deal(name: str, parties: list[str], type: str = "agreement", status: str = "signed", **more) -> dict:
    return {"name": name, "type": type, "status": status, "parties": parties, **more}


# ------------------------------------------------------------------ languages
RU_TRADE = "Товарооборот между Китаем и Казахстаном в 2013 году составил 28,6 млрд долларов."
# Four words at least: to the current check, a run of Chinese characters is one word.
ZH_TRADE = "2013年，中国与哈萨克斯坦的双边贸易额达到286亿美元，创下历史新高，两国合作不断深化。"
EN_MONTH = "Trade between China and Kazakhstan reached 2.3 billion dollars in March 2014."

LANGUAGES = [
    Case("ru-declared-de", RU_TRADE, "trade", trade(period=2013, amount="28,6 млрд долларов"),
         {"language": "de"}, language="ru", where="language"),
    Case("ru-declared-en", RU_TRADE, "trade", trade(period=2013, amount="28,6 млрд долларов"),
         {"language": "en"}, language="ru", where="language"),
    Case("zh-declared-ja", ZH_TRADE, "trade", trade(period=2013, amount="286亿美元"),
         {"language": "ja"}, language="zh", where="language"),
    Case("en-declared-de", EN_MONTH, "trade", trade(period="2014-03", amount="2.3 billion dollars"),
         {"language": "de"}, where="language"),
]

# ------------------------------------------------------------------ amounts
HKD = "Chinese companies invested 28.6 billion Hong Kong dollars in Kazakhstan in 2013."
HK_SIGN = "Chinese companies invested HK$14.5 billion in the copper mines of Kazakhstan in 2014."
BLN = "Kazakhstan's exports to China reached 5 bln dollars in 2014."
RU_TENGE = "Товарооборот между Китаем и Казахстаном в 2014 году составил 1,2 трлн тенге."
RU_SOM = "Товарооборот между Китаем и Кыргызстаном в 2014 году составил 500 млн сомов."
OTHER_FIGURE = ("In 2014 China's exports to Kazakhstan reached 12 billion yuan, while its imports from "
                "Kazakhstan came to 9 billion.")
DECLARED = "Counted in US dollars, China's trade with Kazakhstan reached 14 billion in 2014."
BRIDGE = ("Chinese engineers completed a 300 m bridge over the Ili river in Kazakhstan in 2014, at a cost of "
          "45 million dollars.")
BRIDGE_TWIN = deal("bridge over the Ili river", ["CHN", "KAZ"], "project", "completed", date=2014,
                   amount="45 million dollars")
LOAN = "China and Tajikistan signed a $300m loan agreement for a power line in 2014."
RATE = ("Chinese investment in Kazakhstan came to 14 billion yuan in 2014 alone. The ministry converts its "
        "figures at 6.25 yuan per US dollar.")
RATE_QUOTE = "Chinese investment in Kazakhstan came to 14 billion yuan in 2014 alone."
RATE_TWIN = investment(as_of=2014, amount="14 billion yuan", usd_rate=0.16,
                       usd_rate_source='The article says "at 6.25 yuan per US dollar".')
YEN_SIGN = "Chinese companies invested ¥5 billion in the railways of Kazakhstan in 2014."
YEN_TWIN = investment(as_of=2014, amount="¥5 billion", currency="CNY")
UZB_EXPORTS = "China's exports to Uzbekistan reached 5 billion dollars in 2014."
# A currency word two countries share names the currency of the country its sentence names.
MANAT = "Chinese companies invested 5 billion manat in Azerbaijan in 2014."
SOM = "Chinese investment in Uzbekistan reached 9 trillion som in 2014."
RUPEES = "China's exports to Pakistan reached Rs 4.2 trillion in 2014, according to the State Bank of Pakistan."

AMOUNTS = [
    Case("hong-kong-dollars-as-dollars", HKD, "investment",
         investment(as_of=2013, amount="28.6 billion Hong Kong dollars"), {"amount": "28.6 billion dollars"}),
    Case("hk-sign-as-dollar-sign", HK_SIGN, "investment", investment(as_of=2014, amount="HK$14.5 billion"),
         {"amount": "$14.5 billion"}),
    Case("bln-as-mln", BLN, "trade", trade("KAZ", "CHN", "exports", period=2014, amount="5 bln dollars"),
         {"amount": "5 mln dollars"}),
    Case("ru-tenge-as-dollars", RU_TENGE, "trade", trade(period=2014, amount="1,2 трлн тенге"),
         {"amount": "1,2 трлн долларов"}, language="ru"),
    Case("ru-som-currency-overridden", RU_SOM, "trade",
         trade(partner="KGZ", period=2014, amount="500 млн сомов"), {"currency": "KZT"}, language="ru"),
    Case("zh-yuan-inside-dollars", ZH_TRADE, "trade", trade(period=2013, amount="286亿美元"),
         {"amount": "286亿元"}, language="zh"),
    # The yuan is the exports' currency: the imports' bare figure has none of its own.
    Case("currency-of-another-figure", OTHER_FIGURE, "trade",
         trade(flow="exports", period=2014, amount="12 billion yuan"),
         {"flow": "imports", "amount": "9 billion", "currency": "CNY"}),
    Case("declared-unit-overridden", DECLARED, "trade", trade(period=2014, amount="14 billion", currency="USD"),
         {"currency": "CNY"}),
    Case("metres-as-dollar-millions", BRIDGE, "agreements", BRIDGE_TWIN, {"amount": "$300m"}),
    Case("metres-with-a-currency-key", BRIDGE, "agreements", BRIDGE_TWIN, {"amount": "300m", "currency": "USD"}),
    Case("attached-scale-changed", LOAN, "agreements",
         deal("loan agreement for a power line", ["CHN", "TJK"], date=2014, amount="$300m"), {"amount": "$300bn"}),
    Case("rate-source-not-in-article", RATE, "investment", RATE_TWIN,
         {"usd_rate_source": "People's Bank of China central parity, 2014-12-31"}, quote=RATE_QUOTE),
    Case("rate-not-the-cited-one", RATE, "investment", RATE_TWIN, {"usd_rate": 0.2}, quote=RATE_QUOTE),
    Case("rate-source-cites-no-rate", RATE, "investment", RATE_TWIN,
         {"usd_rate_source": 'The article says "Chinese investment in Kazakhstan came to".'}, quote=RATE_QUOTE),
    Case("shared-symbol-unresolved", YEN_SIGN, "investment", YEN_TWIN, {"currency": None}),
    Case("shared-symbol-other-currency", YEN_SIGN, "investment", YEN_TWIN, {"currency": "KZT"}),
    Case("shared-symbol-other-country", YEN_SIGN, "investment", YEN_TWIN, {"currency": "JPY"}),
    Case("manat-of-the-other-country", MANAT, "investment",
         investment(host="AZE", as_of=2014, amount="5 billion manat", currency="AZN"), {"currency": "TMT"}),
    Case("som-of-the-other-country", SOM, "investment",
         investment(host="UZB", as_of=2014, amount="9 trillion som", currency="UZS"), {"currency": "KGS"}),
    Case("rupees-of-the-other-country", RUPEES, "trade",
         trade(partner="PAK", flow="exports", period=2014, amount="Rs 4.2 trillion", currency="PKR",
               stated_by="the State Bank of Pakistan"), {"currency": "INR"}),
    Case("currency-overridden", UZB_EXPORTS, "trade",
         trade(partner="UZB", flow="exports", period=2014, amount="5 billion dollars"), {"currency": "KZT"}),
]

# ------------------------------------------------------------------ bounds
NO_MORE = "Trade between China and Kyrgyzstan came to no more than 11 billion dollars in 2014."
NO_MORE_TWIN = trade(partner="KGZ", period=2014, amount="11 billion dollars", bound="at_most")
NO_LESS = "Chinese investment in Uzbekistan totalled no less than 5 billion dollars in 2014 alone."
UP_TO = "The fund set up by China and Kazakhstan provides up to 2 billion dollars for joint projects."
AS_MUCH = "Kazakhstan exported as much as 3 billion dollars of crude oil to China in 2014."
TOTAL_OF = "The fund set up by China and Tajikistan can finance joint projects up to a total of 4 billion dollars."
ALMOST = "Trade between China and Uzbekistan almost reached the level of 5 billion dollars in 2014."
MORE_THAN = "Chinese investment in Tajikistan came to more than 1 billion dollars in 2014 alone."
EXCEEDED = "China's exports to Tajikistan exceeded 2 billion dollars in 2014."
RANGE = ("Trade between China and Georgia in 2014 was between 5 and 18 billion dollars, depending on how "
         "re-exports are counted.")
RANGE_TWIN = trade(partner="GEO", period=2014, amount="18 billion dollars", bound="at_most")
OVER_PERIOD = ("Trade between China and Uzbekistan grew over the same period to 5 billion dollars in 2014, and "
               "over the past decade it has more than doubled.")
ASIDE = "Trade between China and Kazakhstan reached more than, officials said, 5 billion dollars in 2014."
RU_ASIDE = "Товарооборот между Китаем и Казахстаном в 2014 году превысил, по данным таможни, 22 млрд долларов."
OVER_BOTH = "Over the past decade, trade between China and Uzbekistan reached over 5 billion dollars in 2014."
RU_MORE = "Товарооборот между Китаем и Казахстаном в 2014 году превысил 22 млрд долларов."
ZH_MORE = "2014年，中国与哈萨克斯坦的双边贸易额超过220亿美元，创下历史新高，两国合作不断深化。"

BOUNDS = [
    Case("no-more-than-as-more-than", NO_MORE, "trade", NO_MORE_TWIN, {"bound": "more_than"}),
    Case("no-more-than-as-exact", NO_MORE, "trade", NO_MORE_TWIN, {"bound": None}),
    Case("no-less-than-as-less-than", NO_LESS, "investment",
         investment(host="UZB", as_of=2014, amount="5 billion dollars", bound="at_least"), {"bound": "less_than"}),
    Case("up-to-as-less-than", UP_TO, "agreements",
         deal("fund set up by China and Kazakhstan", ["CHN", "KAZ"], "programme", "active",
              amount="2 billion dollars", bound="at_most"), {"bound": "less_than"}),
    Case("as-much-as-as-exact", AS_MUCH, "trade",
         trade("KAZ", "CHN", "exports", period=2014, product="crude oil", amount="3 billion dollars",
               bound="at_most"), {"bound": None}),
    Case("up-to-a-total-of-as-exact", TOTAL_OF, "agreements",
         deal("fund set up by China and Tajikistan", ["CHN", "TJK"], "programme", "active",
              amount="4 billion dollars", bound="at_most"), {"bound": None}),
    Case("almost-reached-as-exact", ALMOST, "trade",
         trade(partner="UZB", period=2014, amount="5 billion dollars", bound="less_than"), {"bound": None}),
    Case("almost-reached-as-more-than", ALMOST, "trade",
         trade(partner="UZB", period=2014, amount="5 billion dollars", bound="about"), {"bound": "more_than"}),
    Case("more-than-as-at-least", MORE_THAN, "investment",
         investment(host="TJK", as_of=2014, amount="1 billion dollars", bound="more_than"), {"bound": "at_least"}),
    Case("exceeded-as-less-than", EXCEEDED, "trade",
         trade(partner="TJK", flow="exports", period=2014, amount="2 billion dollars", bound="more_than"),
         {"bound": "less_than"}),
    Case("range-high-end-as-exact", RANGE, "trade", RANGE_TWIN, {"bound": None}),
    Case("range-low-end-unbounded", RANGE, "trade", RANGE_TWIN, {"amount": "5 billion dollars", "bound": None}),
    Case("range-low-end-exact", RANGE, "trade", RANGE_TWIN, {"amount": "5 billion dollars", "bound": "exact"}),
    # "over the same period" is a span of time, not a bound: the truthful exact figure stands
    Case("over-a-period-as-more-than", OVER_PERIOD, "trade",
         trade(partner="UZB", period=2014, amount="5 billion dollars"), {"bound": "more_than"}),
    Case("over-a-figure-after-a-period-as-exact", OVER_BOTH, "trade",
         trade(partner="UZB", period=2014, amount="5 billion dollars", bound="more_than"), {"bound": None}),
    # an attribution set between commas is no clause of its own: the bound before it bounds the figure after it
    Case("bound-before-an-aside-as-exact", ASIDE, "trade",
         trade(period=2014, amount="5 billion dollars", bound="more_than"), {"bound": None}),
    Case("ru-bound-before-an-aside-as-exact", RU_ASIDE, "trade",
         trade(period=2014, amount="22 млрд долларов", bound="more_than", stated_by="таможни"), {"bound": None},
         language="ru"),
    Case("ru-more-than-as-exact", RU_MORE, "trade",
         trade(period=2014, amount="22 млрд долларов", bound="more_than"), {"bound": None}, language="ru"),
    Case("zh-more-than-as-exact", ZH_MORE, "trade",
         trade(period=2014, amount="220亿美元", bound="more_than"), {"bound": None}, language="zh"),
]

# ------------------------------------------------------------------ kinds
WANT = ("Chinese and Kazakh leaders met in Astana on Monday. The two sides want bilateral trade to reach "
        "40 billion dollars in 2015.")
BESIDE_FORECAST = ("Trade between China and Kazakhstan reached 22 billion dollars in 2014 and is expected to reach "
                   "25 billion dollars in 2015.")
RU_TARGET = "Товарооборот между Китаем и Казахстаном должен достичь 40 млрд долларов в 2015 году."
ZH_TARGET = "两国元首同意，力争2015年中国与哈萨克斯坦双边贸易额达到400亿美元，实现互利共赢，造福两国人民。"

KINDS = [
    Case("want-to-reach-as-actual", WANT, "trade", trade(period=2015, amount="40 billion dollars", kind="target"),
         {"kind": None}, quote="The two sides want bilateral trade to reach 40 billion dollars in 2015."),
    Case("is-to-reach-as-actual", "Trade between China and Tajikistan is to reach 3 billion dollars in 2015.",
         "trade", trade(partner="TJK", period=2015, amount="3 billion dollars", kind="target"), {"kind": None}),
    Case("should-hit-as-actual", "Trade between China and Uzbekistan should hit 5 billion dollars in 2015.",
         "trade", trade(partner="UZB", period=2015, amount="5 billion dollars", kind="target"), {"kind": None}),
    Case("envisage-as-actual",
         "The agreements envisage raising trade between China and Turkmenistan to 15 billion dollars in 2015.",
         "trade", trade(partner="TKM", period=2015, amount="15 billion dollars", kind="target"), {"kind": None}),
    Case("agreed-to-bring-as-actual", "China and Kyrgyzstan agreed to bring bilateral trade to $5 billion in 2015.",
         "trade", trade(partner="KGZ", period=2015, amount="$5 billion", kind="target"), {"kind": None}),
    Case("aim-as-forecast", "China and Georgia aim to raise bilateral trade to 2 billion dollars in 2015.",
         "trade", trade(partner="GEO", period=2015, amount="2 billion dollars", kind="target"), {"kind": "forecast"}),
    Case("goal-as-actual", "The goal is for trade between China and Armenia to reach 1 billion dollars in 2015.",
         "trade", trade(partner="ARM", period=2015, amount="1 billion dollars", kind="target"), {"kind": None}),
    Case("expected-as-target", "Trade between China and Azerbaijan is expected to reach 2 billion dollars in 2015.",
         "trade", trade(partner="AZE", period=2015, amount="2 billion dollars", kind="forecast"), {"kind": "target"}),
    Case("will-as-actual", "Trade between China and Pakistan will exceed 20 billion dollars in 2015.", "trade",
         trade(partner="PAK", period=2015, amount="20 billion dollars", kind="forecast", bound="more_than"),
         {"kind": None}),
    Case("actual-beside-a-forecast", BESIDE_FORECAST, "trade", trade(period=2014, amount="22 billion dollars"),
         {"kind": "forecast"}),
    Case("ru-target-as-actual", RU_TARGET, "trade", trade(period=2015, amount="40 млрд долларов", kind="target"),
         {"kind": None}, language="ru"),
    Case("zh-target-as-actual", ZH_TARGET, "trade", trade(period=2015, amount="400亿美元", kind="target"),
         {"kind": None}, language="zh"),
    Case("agreement-to-increase-as-actual", 'China and Kazakhstan signed an agreement to increase trade to $3 billion in 2016.', "trade",
         trade(period=2016, amount='$3 billion', kind='target'), {"kind": None}, language='en',
         published="2015-12-01"),
    Case("agreed-to-double-as-actual", 'The leaders of China and Kazakhstan agreed to double trade to $10 billion in 2016.', "trade",
         trade(period=2016, amount='$10 billion', kind='target'), {"kind": None}, language='en',
         published="2015-12-01"),
    Case("called-for-as-actual", 'Officials called for trade between China and Kazakhstan to reach $5 billion in 2016.', "trade",
         trade(period=2016, amount='$5 billion', kind='target'), {"kind": None}, language='en',
         published="2015-12-01"),
    Case("hoping-to-lift-as-actual", 'China and Kazakhstan are hoping to lift their trade to $2 billion in 2016.', "trade",
         trade(period=2016, amount='$2 billion', kind='target'), {"kind": None}, language='en',
         published="2015-12-01"),
    Case("committed-to-raising-as-actual", 'China and Kazakhstan are committed to raising their trade to $3 billion in 2016.', "trade",
         trade(period=2016, amount='$3 billion', kind='target'), {"kind": None}, language='en',
         published="2015-12-01"),
    Case("slated-to-reach-as-actual", 'Trade between China and Kazakhstan is slated to reach $4 billion in 2016.', "trade",
         trade(period=2016, amount='$4 billion', kind='target'), {"kind": None}, language='en',
         published="2015-12-01"),
    Case("is-to-climb-as-actual", 'Trade between China and Kazakhstan is to climb to $6 billion in 2016.', "trade",
         trade(period=2016, amount='$6 billion', kind='target'), {"kind": None}, language='en',
         published="2015-12-01"),
    Case("ru-agreed-to-increase-as-actual", 'Стороны договорились увеличить товарооборот Казахстана и Китая до 15 млрд долларов в 2016 году.', "trade",
         trade(period=2016, amount='15 млрд долларов', kind='target'), {"kind": None}, language='ru',
         published="2015-12-01"),
    Case("ru-set-the-task-as-actual", 'Президенты поставили задачу довести товарооборот Казахстана и Китая до 5 млрд долларов в 2016 году.', "trade",
         trade(period=2016, amount='5 млрд долларов', kind='target'), {"kind": None}, language='ru',
         published="2015-12-01"),
    Case("zh-agreed-to-push-as-actual", '双方同意推动中哈贸易额在2016年提升至400亿美元。', "trade",
         trade(period=2016, amount='400亿美元', kind='target'), {"kind": None}, language='zh',
         published="2015-12-01"),
    Case("zh-will-exceed-as-actual", '2016年中哈贸易额将超过50亿美元。', "trade",
         trade(period=2016, amount='50亿美元', kind='forecast', bound='more_than'), {"kind": None}, language='zh',
         published="2015-12-01"),
    # Actual figures that say "to" before a verb: not a goal
    Case("zh-breaks-through-as-exact", "中哈贸易额2016年有望突破150亿美元。", "trade",
         trade(period=2016, amount="150亿美元", kind="forecast", bound="more_than"), {"bound": None}, language="zh",
         published="2015-12-01"),
    Case("more-than-doubled-bounds-the-multiple",
         "Trade between China and Kazakhstan more than doubled to $3 billion in 2015.", "trade",
         trade(period=2015, amount="$3 billion"), {"bound": "more_than"}, published="2016-02-01"),
    Case("grew-to-reach-is-actual", "Trade between China and Kazakhstan grew 30 percent to reach $5 billion in 2015.",
         "trade", trade(period=2015, amount="$5 billion"), {"kind": "target"}, published="2016-02-01"),
]

# ------------------------------------------------------------------ signs
SIGNS = [
    Case("slid-as-rise", "China's trade with Kazakhstan slid 15 percent year-on-year in 2015.", "trade",
         trade(period=2015, change_percent=-15, base_period=2014), {"change_percent": 15}, published="2016-02-01"),
    Case("declined-as-rise", "Trade between China and Uzbekistan declined 8 percent year-on-year in 2015.", "trade",
         trade(partner="UZB", period=2015, change_percent=-8, base_period=2014), {"change_percent": 8},
         published="2016-02-01"),
    Case("fell-as-rise", "China's exports to Kyrgyzstan fell 12.5 percent year-on-year in 2015.", "trade",
         trade(partner="KGZ", flow="exports", period=2015, change_percent=-12.5, base_period=2014),
         {"change_percent": 12.5}, published="2016-02-01"),
    Case("grew-as-fall", "Trade between China and Tajikistan grew 25 percent year-on-year in 2015.", "trade",
         trade(partner="TJK", period=2015, change_percent=25, base_period=2014), {"change_percent": -25},
         published="2016-02-01"),
    Case("despite-a-drop-as-fall",
         "Despite a drop in oil prices, trade between China and Kazakhstan grew 25 percent year-on-year in 2015.",
         "trade", trade(period=2015, change_percent=25, base_period=2014), {"change_percent": -25},
         published="2016-02-01"),
    Case("negative-growth-as-rise", "China's trade with Kazakhstan recorded negative growth of 5 percent year-on-year "
         "in 2015.", "trade", trade(period=2015, change_percent=-5, base_period=2014), {"change_percent": 5},
         published="2016-02-01"),
    Case("zh-negative-growth-as-rise", "2015年中哈贸易额同比负增长15%。", "trade",
         trade(period=2015, change_percent=-15, base_period=2014), {"change_percent": 15}, language="zh",
         published="2016-02-01"),
    Case("ru-negative-growth-as-rise", "В 2015 году товарооборот Китая и Казахстана показал отрицательный рост "
         "на 12% по сравнению с 2014 годом.", "trade", trade(period=2015, change_percent=-12, base_period=2014),
         {"change_percent": 12}, language="ru", published="2016-02-01"),
]

# ------------------------------------------------------------------ measures
GROWTH = "China's trade with Kazakhstan, its largest partner in Central Asia, grew 20 percent year-on-year in 2014."
SHARE = "Kazakhstan accounted for 60 percent of China's trade with Central Asia in 2014."
INVESTED = "Chinese companies invested 700 million dollars in Kazakhstan in 2014."
COMPANIES = ("Now there are more than 700 Chinese companies in Kazakhstan, and 12 hospitals have been built with "
             "Chinese aid.")
COMPANIES_TWIN = {"country": "KAZ", "origin": "CHN", "counted": "companies", "units": "chinese companies",
                  "count": 700, "bound": "more_than", "as_of": "2015-05-07", "as_of_as_written": "Now"}
ALONE = "Chinese investment in Kazakhstan reached 3 billion dollars in 2015 alone."
STOCK = "Currently, China's total investment in Kazakhstan has exceeded 26 billion dollars."

MEASURES = [
    Case("people-employed-as-trained", "The plant in Azerbaijan will employ about 500 people, officials said.", "counts",
         {"country": "AZE", "counted": "jobs", "units": "people", "count": 500, "bound": "about",
          "as_of": "2024-06-18", "as_of_note": 'The article says "will employ about 500 people" on the day it was '
                                               'published.', "kind": "forecast"},
         {"counted": "people_trained"}, published="2024-06-18"),
    Case("total-of-another-clause", "Chinese companies invested 500 million dollars in Kazakhstan in 2023, bringing "
         "their total investment in the country to 26 billion dollars.", "investment",
         investment(as_of=2023, amount="500 million dollars"), {"amount": "26 billion dollars"},
         published="2024-02-01"),
    Case("growth-as-share", GROWTH, "trade", trade(period=2014, change_percent=20, base_period=2013),
         {"change_percent": None, "base_period": None, "share_percent": 20, "share_base": "central-asia"}),
    Case("share-as-change", SHARE, "trade", trade(period=2014, share_percent=60, share_base="central-asia"),
         {"share_percent": None, "share_base": None, "change_percent": 60, "base_period": 2013}),
    Case("money-as-count", INVESTED, "investment", investment(as_of=2014, amount="700 million dollars"),
         {"country": "KAZ", "origin": "CHN", "counted": "companies", "units": "million dollars", "count": 700,
          "as_of": 2014}, attack_table="counts"),
    Case("count-units-of-another-count", COMPANIES, "counts", COMPANIES_TWIN, {"units": "hospitals"}),
    Case("count-of-another-unit", COMPANIES, "counts", COMPANIES_TWIN, {"count": 12, "bound": None}),
    Case("in-one-year-alone-as-stock", ALONE, "investment", investment(as_of=2015, amount="3 billion dollars"),
         {"measure": "cumulative_stock"}, published="2016-02-01"),
    Case("total-as-flow", STOCK, "investment",
         investment(measure="cumulative_stock", as_of="2015-05-07", as_of_as_written="Currently",
                    amount="26 billion dollars", bound="more_than"), {"measure": "annual_flow"}),
]

# ------------------------------------------------------------------ dates
ROSE = "Trade between China and Kazakhstan rose from 20 billion dollars in 2012 to 28.6 billion dollars in 2013."
SIGNED = "China and Kazakhstan signed loan agreements worth 5 billion dollars in March 2014."
MAY = ("Trade between China and Kazakhstan reached 18 billion dollars in 2017, the year Theresa May called an "
       "early election in Britain.")
LAST_YEAR = "Last year trade between China and Kyrgyzstan reached 5.6 billion dollars."
LAST_YEAR_TWIN = trade(partner="KGZ", period=2018, period_as_written="Last year", amount="5.6 billion dollars")
ANNIVERSARY = ("The tenth anniversary of the Belt and Road Initiative fell in 2023. In the anniversary year, trade "
               "between China and Kyrgyzstan reached 19.8 billion dollars.")
ANNIVERSARY_QUOTE = "In the anniversary year, trade between China and Kyrgyzstan reached 19.8 billion dollars."
FIGURES_FOR = ("Figures for 2018 were published on Monday. Trade between China and Kyrgyzstan reached "
               "5.6 billion dollars.")
FIGURES_QUOTE = "Trade between China and Kyrgyzstan reached 5.6 billion dollars."
FIGURES_TWIN = trade(partner="KGZ", period=2018, amount="5.6 billion dollars",
                     period_note='The article dates the figure in its first sentence: "Figures for 2018 were '
                                 'published".')
RU_MARCH = "В марте 2014 года Китай и Казахстан подписали кредитные соглашения на 5 млрд долларов."

DATES = [
    Case("later-figure-earlier-year", ROSE, "trade", trade(period=2013, amount="28.6 billion dollars"),
         {"period": 2012}),
    Case("earlier-figure-later-year", ROSE, "trade", trade(period=2012, amount="20 billion dollars"),
         {"period": 2013}),
    Case("day-not-stated", SIGNED, "agreements",
         deal("loan agreements", ["CHN", "KAZ"], "deal_package", date="2014-03", amount="5 billion dollars"),
         {"date": "2014-03-05"}),
    Case("month-from-a-name", MAY, "trade", trade(period=2017, amount="18 billion dollars"),
         {"period": "2017-05"}, published="2018-03-01"),
    Case("relative-phrase-resolved-wrongly", LAST_YEAR, "trade", LAST_YEAR_TWIN, {"period": 2017},
         published="2019-02-10"),
    Case("phrase-not-in-quote", LAST_YEAR, "trade", LAST_YEAR_TWIN,
         {"period": 2019, "period_as_written": "this year"}, published="2019-02-10"),
    Case("phrase-with-an-arbitrary-note", ANNIVERSARY, "trade",
         trade(partner="KGZ", period=2023, period_as_written="In the anniversary year", amount="19.8 billion dollars",
               period_note='The article dates the anniversary year: "the Belt and Road Initiative fell in 2023".'),
         {"period_note": "x"}, quote=ANNIVERSARY_QUOTE, published="2024-02-01"),
    Case("note-cites-another-year", FIGURES_FOR, "trade", FIGURES_TWIN, {"period": 2017}, quote=FIGURES_QUOTE,
         published="2019-02-10"),
    Case("note-cites-nothing", FIGURES_FOR, "trade", FIGURES_TWIN, {"period_note": "The figures are for 2018."},
         quote=FIGURES_QUOTE, published="2019-02-10"),
    # a year a figure is a record since dates neither it nor its base; a change dated by its
    # period alone is measured from the same span a year before
    Case("record-since-as-base", "Trade between China and Kazakhstan rose 20 percent in 2023, the largest rise since "
         "2015.", "trade", trade(period=2023, change_percent=20, base_period=2022), {"base_period": 2015},
         published="2024-02-01"),
    Case("ru-record-since-as-base", "В 2023 году товарооборот Казахстана и Китая вырос на 32%, это самый быстрый рост "
         "с 2015 года.", "trade", trade(reporter="KAZ", partner="CHN", period=2023, change_percent=32,
                                         base_period=2022), {"base_period": 2015}, language="ru", published="2024-02-01"),
    Case("zh-record-since-as-base", "2023年中哈贸易额增长32%，增速为2015年以来最高。", "trade",
         trade(period=2023, change_percent=32, base_period=2022), {"base_period": 2015}, language="zh",
         published="2024-02-01"),
    Case("ru-part-year-change-from-a-whole-year", "За январь–сентябрь 2024 года товарооборот Узбекистана с Китаем вырос "
         "на 15,4%.", "trade", trade(reporter="UZB", partner="CHN", period="2024-01/2024-09", change_percent=15.4,
                                     base_period="2023-01/2023-09"), {"base_period": 2023}, language="ru",
         published="2024-10-20"),
    # what a newcomer's articles wrote: a headline without a full stop ends at its line, not in
    # the lead's sentence; a Chinese quote may start after a full-width comma; "чем за
    # аналогичный период 2023 года" is a base; "on Thursday" is the last one up to publication
    Case("headline-words-are-not-the-leads", "China and Tajikistan aim higher as investment grows\n\nTrade between "
         "China and Tajikistan reached 3.9 billion US dollars in 2023.", "trade",
         trade(partner="TJK", period=2023, amount="3.9 billion US dollars"), {"kind": "target"},
         quote="Trade between China and Tajikistan reached 3.9 billion US dollars in 2023.", published="2024-03-14"),
    Case("zh-quote-after-a-full-width-comma", "据海关统计，2023年中哈贸易额达410亿美元。", "trade",
         trade(period=2023, amount="410亿美元"), {"period": 2022}, quote="2023年中哈贸易额达410亿美元。",
         language="zh", published="2024-02-01"),
    Case("ru-same-period-of-a-year-as-base", "За январь–сентябрь 2024 года внешнеторговый оборот Узбекистана с "
         "Китаем вырос на 12,4%, чем за аналогичный период 2023 года.", "trade",
         trade(reporter="UZB", partner="CHN", period="2024-01/2024-09", change_percent=12.4,
               base_period="2023-01/2023-09"), {"period": 2023, "base_period": None}, language="ru",
         published="2024-10-18"),
    Case("zh-of-which-refers-back", "2023年中国与阿塞拜疆贸易额达32.6亿美元。其中，中方出口额为22.1亿美元。", "trade",
         trade(partner="AZE", flow="exports", period=2023, amount="22.1亿美元",
               period_note='The sentence before dates the whole: "2023年中国与阿塞拜疆贸易额".'),
         {"reporter": "AZE", "partner": "CHN"}, quote="其中，中方出口额为22.1亿美元。", language="zh",
         published="2024-02-06"),
    Case("ru-corresponding-period-as-the-figures", "За январь–июнь 2024 года внешнеторговый оборот Казахстана с "
         "Китаем вырос на 7,6% по сравнению с соответствующим периодом 2023 года.", "trade",
         trade(reporter="KAZ", partner="CHN", period="2024-H1", change_percent=7.6, base_period="2023-H1"),
         {"period": 2023, "base_period": 2022}, language="ru", published="2024-08-15"),
    Case("ru-than-in-the-corresponding-period", "За январь–июнь 2024 года товарооборот Казахстана с Китаем "
         "увеличился на 7,6%, чем в соответствующем периоде 2023 года.", "trade",
         trade(reporter="KAZ", partner="CHN", period="2024-H1", change_percent=7.6, base_period="2023-H1"),
         {"period": 2023, "base_period": 2022}, language="ru", published="2024-08-15"),
    Case("change-dated-by-a-note-from-a-whole-year", "Trade between China and Kyrgyzstan reached a record 19.8 "
         "billion US dollars in 2023. Kyrgyz exports to China nearly doubled over the year.", "trade",
         trade(reporter="KGZ", partner="CHN", flow="exports", period=2023, change_factor=2, bound="less_than",
               base_period=2022, period_note='The sentence before gives the year: "in 2023"; "over the year" is it.'),
         {"base_period": 2021}, quote="Kyrgyz exports to China nearly doubled over the year.", published="2024-03-14"),
    # an outside review of the rules above: a base the words give in other words, or another
    # span than a year before, is never the year before; a superlative past a comma is no record
    Case("base-relative-to-a-year-not-the-year-before", "China's trade with Kazakhstan rose 20 percent in 2023 "
         "relative to 2019.", "trade", trade(period=2023, change_percent=20, base_period=2019), {"base_period": 2022},
         published="2024-03-15"),
    Case("ru-base-in-other-words", "В 2023 году товарооборот Китая и Казахстана вырос на 20% по отношению к 2019 году.",
         "trade", trade(period=2023, change_percent=20, base_period=2019), {"base_period": 2022}, language="ru",
         published="2024-03-15"),
    Case("superlative-past-a-comma-is-no-record", "In 2023 China's trade with Kazakhstan grew at the fastest pace in "
         "the region, doubling since 2019.", "trade", trade(period=2023, change_factor=2, base_period=2019),
         {"base_period": 2022}, published="2024-03-15"),
    Case("both-sides-are-the-subjects-not-the-venue", "China and Kazakhstan signed the deal in Tashkent, Uzbekistan. "
         "Bilateral trade reached 5 billion dollars in 2023.", "trade",
         trade(period=2023, amount="5 billion dollars"), {"reporter": "KAZ", "partner": "UZB"},
         quote="Bilateral trade reached 5 billion dollars in 2023.", published="2024-03-15"),
    Case("weekday-of-a-future-signing", "China and Kazakhstan signed a loan deal and will sign a trade agreement on "
         "Thursday.", "agreements", deal("loan deal", ["CHN", "KAZ"], date=None), {"name": "trade agreement",
                                                                                  "status": "planned",
                                                                                  "date": "2024-03-14",
                                                                                  "date_as_written": "on Thursday"},
         published="2024-03-15"),
    Case("weekday-resolved-wrongly", "China and Tajikistan signed an agreement on an industrial park worth 150 "
         "million US dollars on Thursday.", "agreements",
         deal("agreement on an industrial park", ["CHN", "TJK"], date="2024-03-14", date_as_written="on Thursday",
              amount="150 million US dollars"), {"date": "2024-03-13"}, published="2024-03-14"),
    Case("ru-month-changed", RU_MARCH, "agreements",
         deal("кредитные соглашения", ["CHN", "KAZ"], "deal_package", date="2014-03", amount="5 млрд долларов"),
         {"date": "2014-04"}, language="ru"),
]

# ------------------------------------------------------------------ places and direction
BILATERAL = "Bilateral trade between China and Kazakhstan reached 28.6 billion dollars in 2013."
BILATERAL_TWIN = trade(period=2013, amount="28.6 billion dollars")
TWO_SIDES = ("Chinese and Uzbek officials met in Tashkent on Monday. Trade between the two sides reached 6.4 billion "
             "dollars in 2016.")
MET = "Chinese and Kazakh officials met in Astana on Monday. Bilateral trade reached 22.4 billion dollars in 2014."
EXPORTS = "China's exports to Kazakhstan reached 12 billion dollars in 2014."
EXPORTS_TWIN = trade(flow="exports", period=2014, amount="12 billion dollars")
IMPORTS = "China's imports from Turkmenistan reached 8.5 billion dollars in 2014."
BOTH_FLOWS = ("In 2014 China's exports to Kazakhstan reached $12 billion, while its imports from Kazakhstan came to "
              "$9 billion.")
INVESTED_IN = "China's investment in Kazakhstan reached 3 billion dollars in 2014 alone."
KAZAKH_INVESTED = "Kazakh companies invested 200 million dollars in China in 2014."
MAKING_UP = ("China's trade with Kazakhstan reached 22 billion dollars in 2014, making up 50 percent of its trade with "
             "Central Asia.")
DEALS = ("China and Kazakhstan signed 33 deals in industrial capacity cooperation worth 23.6 billion dollars in "
         "March 2015.")
CENTRAL_ASIA = "China's trade with Central Asia reached 50 billion dollars in 2013."

PLACES = [
    Case("direction-of-the-subject-before-a-participle", "Azerbaijan's exports to China grew 14 percent in 2023, "
         "reaching 480 million dollars.", "trade",
         trade(reporter="AZE", partner="CHN", flow="exports", period=2023, amount="480 million dollars"),
         {"reporter": "CHN", "partner": "AZE"}, published="2024-06-18"),
    Case("ru-mutual-trade-refers-back", "Кыргызстан и Китай наращивают сотрудничество. За январь–сентябрь 2024 года "
         "объем взаимной торговли составил 1 250 млн долларов США.", "trade",
         trade(reporter="KGZ", partner="CHN", period="2024-01/2024-09", amount="1 250 млн долларов США"),
         {"partner": "TJK"}, quote="За январь–сентябрь 2024 года объем взаимной торговли составил 1 250 млн долларов "
         "США.", language="ru", published="2024-10-25"),
    Case("counted-units-name-china-only-as-goods", "Currently, more than 600 Kazakh firms selling Chinese goods "
         "operate in Kazakhstan.", "counts",
         {"country": "KAZ", "origin": "KAZ", "counted": "companies", "units": "kazakh firms selling chinese goods",
          "count": 600, "bound": "more_than", "as_of": "2024-03-15", "as_of_as_written": "Currently",
          "wording_note": 'The count is of "Kazakh firms selling Chinese goods": Chinese names what they sell.'},
         {"origin": "CHN"}, published="2024-03-15"),
    Case("counted-origin-swapped", "More than 600 Kazakh companies operate in China.", "counts",
         {"country": "CHN", "origin": "KAZ", "counted": "companies", "units": "kazakh companies", "count": 600,
          "bound": "more_than", "as_of": "2024-11-10",
          "as_of_note": 'The article says "operate in China", in the present: as of its publication.'},
         {"country": "KAZ", "origin": "CHN"}, published="2024-11-10"),
    Case("partner-not-named", BILATERAL, "trade", BILATERAL_TWIN, {"partner": "KGZ"}),
    Case("partner-a-group-not-named", BILATERAL, "trade", BILATERAL_TWIN, {"partner": "central-asia"}),
    Case("two-sides-of-an-earlier-sentence", TWO_SIDES, "trade",
         trade(partner="UZB", period=2016, amount="6.4 billion dollars"), {"partner": "KAZ"},
         quote="Trade between the two sides reached 6.4 billion dollars in 2016.", published="2017-03-01"),
    Case("bilateral-of-an-earlier-sentence", MET, "trade", trade(period=2014, amount="22.4 billion dollars"),
         {"partner": "TJK"}, quote="Bilateral trade reached 22.4 billion dollars in 2014."),
    Case("exports-as-imports", EXPORTS, "trade", EXPORTS_TWIN, {"flow": "imports"}),
    Case("exports-of-the-partner", EXPORTS, "trade", EXPORTS_TWIN, {"reporter": "KAZ", "partner": "CHN"}),
    Case("imports-as-exports", IMPORTS, "trade",
         trade(partner="TKM", flow="imports", period=2014, amount="8.5 billion dollars"), {"flow": "exports"}),
    Case("exports-beside-imports", BOTH_FLOWS, "trade", trade(flow="exports", period=2014, amount="$12 billion"),
         {"flow": "imports"}),
    Case("imports-beside-exports", BOTH_FLOWS, "trade", trade(flow="imports", period=2014, amount="$9 billion"),
         {"flow": "exports"}),
    Case("investor-and-host-swapped", INVESTED_IN, "investment", investment(as_of=2014, amount="3 billion dollars"),
         {"investor": "KAZ", "host": "CHN"}),
    Case("demonym-investor-swapped", KAZAKH_INVESTED, "investment",
         investment("KAZ", "CHN", as_of=2014, amount="200 million dollars"), {"investor": "CHN", "host": "KAZ"}),
    # 对哈 ("toward Kazakhstan"): the host named by its one-character short form
    Case("zh-short-form-host-as-another", "2014年中国对哈直接投资达到30亿美元。", "investment",
         investment(as_of=2014, amount="30亿美元"), {"host": "UZB"}, language="zh"),
    Case("share-base-not-named", MAKING_UP, "trade", trade(period=2014, share_percent=50, share_base="central-asia"),
         {"share_base": "south-caucasus"}),
    Case("party-not-named", DEALS, "agreements",
         deal("deals in industrial capacity cooperation", ["CHN", "KAZ"], "deal_package", date="2015-03",
              deal_count=33, amount="23.6 billion dollars"), {"parties": ["CHN", "UZB"]}),
    Case("count-origin-not-named", COMPANIES, "counts", COMPANIES_TWIN, {"origin": "RUS"}),
    Case("count-country-not-named", COMPANIES, "counts", COMPANIES_TWIN, {"country": "UZB"}),
    Case("group-not-named", CENTRAL_ASIA, "trade",
         trade(partner="central-asia", period=2013, amount="50 billion dollars"), {"partner": "south-caucasus"}),
    Case("ru-partner-not-named", RU_TRADE, "trade", trade(period=2013, amount="28,6 млрд долларов"),
         {"partner": "KGZ"}, language="ru"),
    Case("zh-partner-not-named", ZH_TRADE, "trade", trade(period=2013, amount="286亿美元"), {"partner": "KGZ"},
         language="zh"),
]

# ------------------------------------------------------------------ fields compared with the quote
CUSTOMS = ("Trade between China and Kazakhstan reached 28.6 billion dollars in 2013, according to China's General "
           "Administration of Customs.")
CUSTOMS_TWIN = trade(period=2013, amount="28.6 billion dollars", stated_by="China's General Administration of Customs")
PLAN = "China and Kyrgyzstan plan to sign an agreement on building a new railway."
PLAN_TWIN = deal("agreement on building a new railway", ["CHN", "KGZ"], status="planned")
HORGOS = ("The Horgos International Border Cooperation Center, jointly built by China and Kazakhstan, officially went "
          "into operation in 2012.")
CRUDE = "China's imports of crude oil from Kazakhstan reached 5 billion dollars in 2014."
BY_TITLE = ("Trade between China and Kazakhstan reached 28.6 billion dollars in 2013, according to the ministry. "
            "Officials at the customs office gave no figure.")
BY_TITLE_QUOTE = "Trade between China and Kazakhstan reached 28.6 billion dollars in 2013, according to the ministry."
OFFICIALS = ("Officials said trade between China and Kazakhstan reached 28.6 billion dollars in 2013. The ministry "
             "gave no figure.")
OFFICIALS_QUOTE = "Officials said trade between China and Kazakhstan reached 28.6 billion dollars in 2013."
ZH_CUSTOMS = "据中国海关总署统计，2013年中哈贸易额达到286亿美元。"

FIELDS = [
    Case("stated-by-another-body", CUSTOMS, "trade", CUSTOMS_TWIN,
         {"stated_by": "Kazakhstan's Ministry of National Economy"}),
    Case("stated-by-left-out", CUSTOMS, "trade", CUSTOMS_TWIN, {"stated_by": None}),
    Case("stated-by-a-title-another", BY_TITLE, "trade",
         trade(period=2013, amount="28.6 billion dollars", stated_by="the ministry"), {"stated_by": "officials"},
         quote=BY_TITLE_QUOTE),
    Case("stated-by-officials-another", OFFICIALS, "trade",
         trade(period=2013, amount="28.6 billion dollars", stated_by="Officials"), {"stated_by": "the ministry"},
         quote=OFFICIALS_QUOTE),
    Case("zh-stated-by-another-body", ZH_CUSTOMS, "trade",
         trade(period=2013, amount="286亿美元", stated_by="中国海关总署"), {"stated_by": "哈萨克斯坦海关"}, language="zh"),
    Case("stated-by-not-in-article", BILATERAL, "trade", BILATERAL_TWIN, {"stated_by": "Reuters"}),
    Case("planned-as-in-operation", PLAN, "agreements", PLAN_TWIN, {"status": "in_operation"}),
    Case("planned-as-signed", PLAN, "agreements", PLAN_TWIN, {"status": "signed"}),
    Case("in-operation-as-under-construction", HORGOS, "agreements",
         deal("Horgos International Border Cooperation Center", ["CHN", "KAZ"], "project", "in_operation", date=2012),
         {"status": "under_construction"}),
    Case("product-on-total-trade", BILATERAL, "trade", BILATERAL_TWIN, {"product": "crude oil"}),
    Case("product-changed", CRUDE, "trade",
         trade(flow="imports", period=2014, product="crude oil", amount="5 billion dollars"),
         {"product": "natural gas"}),
]

# ------------------------------------------------------------------ overrides
EXPECTED = "Trade between China and Kazakhstan reached the expected 20 billion dollars in 2014."
EXPECTED_TWIN = trade(period=2014, amount="20 billion dollars",
                      wording_note='In "reached the expected 20 billion dollars" the figure was reached: "expected" '
                                   'says it had been forecast, not that it is a forecast.')

OVERRIDES = [
    Case("no-note", EXPECTED, "trade", EXPECTED_TWIN, {"wording_note": None}),
    Case("note-x", EXPECTED, "trade", EXPECTED_TWIN, {"wording_note": "x"}),
    Case("note-quotes-nothing", EXPECTED, "trade", EXPECTED_TWIN,
         {"wording_note": "The expectation was met, so the figure is the actual one."}),
    Case("note-quotes-words-not-in-article", EXPECTED, "trade", EXPECTED_TWIN,
         {"wording_note": 'In "officials had forecast this figure" the forecast was met: it is the actual figure.'}),
    Case("note-only-quotes", EXPECTED, "trade", EXPECTED_TWIN,
         {"wording_note": '"reached the expected 20 billion dollars"'}),
    # a quotation may capitalise the article's first word; never change another
    Case("note-capitalised-quotation", ANNIVERSARY, "trade",
         trade(partner="KGZ", period=2023, period_as_written="In the anniversary year", amount="19.8 billion dollars",
               period_note='The article dates the anniversary year: "The Belt and Road Initiative fell in 2023".'),
         {"period_note": 'The article dates the anniversary year: "The Belt And Road Initiative fell in 2023".'},
         quote=ANNIVERSARY_QUOTE, published="2024-02-01"),
]

# ------------------------------------------------------------------ found by an outside review
IMPORTS = trade("KAZ", "CHN", "imports")
IMPORTS_2013 = "Kazakhstan's imports from China were $1.3 billion in 2013."
REVIEW = [
    # a newcomer's trial: a dash stands for the verb, and the subject before it is the figure's clause
    Case("imports-after-a-dash-reversed",
         "Экспорт Узбекистана в Китай в 2014 году составил 1,2 млрд долларов, импорт из Китая – 4,9 млрд долларов.",
         "trade", trade(reporter="UZB", partner="CHN", flow="imports", period=2014, amount="4,9 млрд долларов"),
         {"reporter": "CHN", "partner": "UZB"}, language="ru"),
    Case("imports-after-a-dash-reversed-en", "Uzbekistan's exports to China reached $1.2 billion in 2014, imports "
         "from China - $4.9 billion.", "trade", trade(reporter="UZB", partner="CHN", flow="imports", period=2014,
                                          amount="$4.9 billion"), {"reporter": "CHN", "partner": "UZB"}),
    Case("irrelevant-note-overrides-a-bound", "More than 700 Chinese companies work in Kazakhstan. " + IMPORTS_2013,
         "trade", {**IMPORTS, "period": 2013, "amount": "$1.3 billion"},
         {"bound": "at_most", "wording_note": 'The article says "More than 700 Chinese companies" so the bound differs.'},
         quote=IMPORTS_2013),
    Case("note-dates-against-the-quote", "China and Kazakhstan signed 33 deals in 2011. " + IMPORTS_2013, "trade",
         {**IMPORTS, "period": 2013, "amount": "$1.3 billion"},
         {"period": 2011, "period_note": 'The article says "signed 33 deals in 2011" elsewhere.'}, quote=IMPORTS_2013),
    Case("rate-from-a-percentage", "Kazakhstan's imports from China grew 7.1 percent in 2013. They were 1.2 trillion "
         "tenge in 2013.", "trade", {**IMPORTS, "period": 2013, "amount": "1.2 trillion tenge"},
         {"usd_rate": 0.1408, "usd_rate_source": 'The article says "grew 7.1 percent", its inverse.'}),
    Case("did-not-exceed-as-more-than", "Kazakhstan's imports from China did not exceed $41 billion in 2013.", "trade",
         {**IMPORTS, "period": 2013, "amount": "$41 billion", "bound": "at_most"}, {"bound": "more_than"}),
    Case("trimmed-quote-hides-the-bound", "Officials said more than $41 billion of Kazakhstan's imports from China "
         "arrived in 2012.", "trade", {**IMPORTS, "period": 2012, "amount": "$41 billion", "bound": "more_than"},
         {"bound": None}, quote="$41 billion of Kazakhstan's imports from China arrived in 2012"),
    Case("trimmed-quote-hides-the-aim", "Officials aim for Kazakhstan's imports from China of $41 billion in 2013.",
         "trade", {**IMPORTS, "period": 2013, "amount": "$41 billion", "kind": "target"}, {"kind": None},
         quote="Kazakhstan's imports from China of $41 billion in 2013"),
    Case("exporter-located-in", "Companies in China exported goods worth $5 billion to Kazakhstan in 2013.", "trade",
         {**trade("CHN", "KAZ", "exports"), "period": 2013, "amount": "$5 billion"},
         {"reporter": "KAZ", "partner": "CHN"}),
    Case("buyer-is-the-importer", "Kazakhstan bought $6 billion of Chinese goods in 2012.", "trade",
         {**IMPORTS, "period": 2012, "amount": "$6 billion"}, {"reporter": "CHN", "partner": "KAZ"}),
    Case("bound-for-is-the-importer", "Kazakhstan's China-bound exports reached $8 billion in 2011.", "trade",
         {**trade("KAZ", "CHN", "exports"), "period": 2011, "amount": "$8 billion"},
         {"reporter": "CHN", "partner": "KAZ"}),
    Case("investors-in-pour-into", "Investors in China poured $5 billion into Kazakhstan in 2013.", "investment",
         investment(as_of=2013, amount="$5 billion"), {"investor": "KAZ", "host": "CHN"}),
    Case("inbound-investment-from", "Kazakhstan's inbound investment from China reached $6 billion in 2012.",
         "investment", investment(as_of=2012, amount="$6 billion"), {"investor": "KAZ", "host": "CHN"}),
    Case("hk-dollars-before-the-figure", "Chinese firms invested HK dollars 3 billion in Kazakhstan in 2012.",
         "investment", investment(as_of=2012, amount="HK dollars 3 billion"), {"amount": "dollars 3 billion"}),
    Case("unit-declared-after-the-figure", "Kazakhstan's exports to China were $41 million in 2013, and grain "
         "shipments 30 million, with contracts settled in dollars.", "trade",
         {**trade("KAZ", "CHN", "exports"), "period": 2013, "amount": "$41 million"},
         {"amount": "30 million", "currency": "USD"}),
    Case("trade-surplus-as-turnover", "China's exports to Kazakhstan reached $20 billion in 2014, and its trade "
         "surplus with Kazakhstan $12 billion.", "trade",
         {**trade(flow="exports"), "period": 2014, "amount": "$20 billion"}, {"flow": "turnover", "amount": "$12 billion"}),
    Case("a-minister-is-not-every-minister", "Chinese Commerce Minister Wang Wentao visited Astana on Monday. "
         "Kazakhstan's imports from China reached $41 billion in 2014, Kazakh Trade Minister Arman Shakkaliyev said.",
         "trade", {**IMPORTS, "period": 2014, "amount": "$41 billion",
                   "stated_by": "Kazakh Trade Minister Arman Shakkaliyev"},
         {"stated_by": "Chinese Commerce Minister Wang Wentao"},
         quote="Kazakhstan's imports from China reached $41 billion in 2014, Kazakh Trade Minister Arman Shakkaliyev said."),
    Case("did-not-sign-as-signed", "China and Kazakhstan did not sign the pipeline agreement in 2014.", "agreements",
         deal("pipeline agreement", ["CHN", "KAZ"], status="under_negotiation", date=2014), {"status": "signed"}),
    Case("zh-both-in-one-word", "2013年中哈贸易额达到286亿美元。", "trade", trade(period=2013, amount="286亿美元"),
         {"partner": "KGZ"}, language="zh"),
    Case("ru-last-year", "В прошлом году товарооборот между Китаем и Казахстаном составил 28,6 млрд долларов.", "trade",
         trade(period=2014, period_as_written="В прошлом году", amount="28,6 млрд долларов"), {"period": 2013},
         language="ru"),
    Case("times-lower-as-times", "Kazakhstan's imports from China were $2 billion in 2014, 3 times lower than in "
         "2012.", "trade", {**IMPORTS, "period": 2014, "amount": "$2 billion"},
         {"amount": None, "change_factor": 3, "base_period": 2012}),
    Case("dwindled-as-a-rise", "Kazakhstan's imports from China, a market known for growth, dwindled 12 percent in "
         "2014 from 2013.", "trade", {**IMPORTS, "period": 2014, "change_percent": -12, "base_period": 2013},
         {"change_percent": 12}),
    Case("budgeted-as-actual", "Kazakhstan's imports from China were budgeted at $41 billion in 2016.", "trade",
         {**IMPORTS, "period": 2016, "amount": "$41 billion", "kind": "target"}, {"kind": None}),
    Case("deal-count-changed", "China and Kazakhstan signed 33 deals worth 23.6 billion dollars in 2014.",
         "agreements", deal("deals", ["CHN", "KAZ"], type="deal_package", date=2014, deal_count=33,
                            amount="23.6 billion dollars"), {"deal_count": 99}),
]

FISCAL_YEAR = "In fiscal year 2022-23, Pakistan's imports from China reached 12 billion dollars."
FISCAL = [  # a fiscal year is no calendar year: it dates the figure only with a note that says how
    Case("fiscal-year-as-its-first-calendar-year", FISCAL_YEAR, "trade",
         trade("PAK", "CHN", "imports", period="2022-07/2023-06", amount="12 billion dollars",
               period_note="\"fiscal year 2022-23\": Pakistan's fiscal year runs from July to June."),
         {"period": 2022, "period_note": None}, published="2024-01-15"),
    Case("fiscal-year-as-its-second-calendar-year", FISCAL_YEAR.replace("fiscal year 2022-23", "FY2022/23"), "trade",
         trade("PAK", "CHN", "imports", period="2022-07/2023-06", amount="12 billion dollars",
               period_note="\"FY2022/23\": Pakistan's fiscal year runs from July to June."),
         {"period": 2023, "period_note": None}, published="2024-01-15"),
]


CASES = FISCAL + LANGUAGES + AMOUNTS + BOUNDS + KINDS + SIGNS + MEASURES + DATES + PLACES + FIELDS + OVERRIDES + REVIEW
assert len({case.id for case in CASES}) == len(CASES), "every case has its own id"


# ------------------------------------------------------------------ writing entries and reading the report
@dataclass
class Written:
    """An entry written into a package: its path, the lines of its record and of its
    `language:`, and the problems the check reported in it (or in its archived text)."""

    path: str
    record: range
    language: int
    problems: list[tuple[str, int, int, str]] = field(default_factory=list)


LEFT_OUT = ": left_out: the text states "  # the accounting of a text's figures (scripts/check/proof.py)


def write_entry(root: Path, entry: dict, text: str, table: str) -> Written:
    sources = root / "data" / "sources"
    (sources / f"{entry['id']}.txt").write_text(text, encoding="utf-8")
    content = yaml.safe_dump(entry, sort_keys=False, allow_unicode=True, width=10_000)
    (sources / f"{entry['id']}.yaml").write_text(content, encoding="utf-8")
    lines = content.splitlines()
    first = lines.index(f"{table}:") + 2  # the record is last in the file: from `- id:` to the end
    return Written(f"data/sources/{entry['id']}.yaml", range(first, len(lines) + 1),
                   next(n for n, line in enumerate(lines, 1) if line.startswith("language:")))


def new_package(root: Path) -> None:
    """A package with the fixtures' registries (groups, entities) and no entry yet."""
    (root / "data" / "sources").mkdir(parents=True)
    for name in ("groups.yaml", "entities.yaml"):
        shutil.copy2(FIXTURES / name, root / "data" / name)


def check(root: Path, entries: list[Written]) -> tuple[int, str]:
    """`check --no-cache` of the named entries, in process: (exit code, stderr)."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = cli.main(["check", "--no-cache", "--root", str(root), *(str(root / e.path) for e in entries)])
    return code, err.getvalue()


def assign(report: str, entries: list[Written]) -> list[str]:
    """Each problem of the report to the entry it is in (the entry's .yaml or .txt); the
    problems that are in none of them. A figure of the text that no record binds and no
    `left_out` lists is left aside: these cases test the binding, and their texts state
    figures the cases do not record (tests/check/test_left_out.py tests that check)."""
    by_stem = {entry.path.removesuffix(".yaml"): entry for entry in entries}
    stray = []
    for line in report.splitlines():
        match = PROBLEM.match(line)
        if not match or LEFT_OUT in line:
            continue
        file = match.group(1)
        entry = by_stem.get(file.rsplit(".", 1)[0]) if file.endswith((".yaml", ".txt")) else None
        if entry is None:
            stray.append(line)
        else:
            entry.problems.append((file, int(match.group(2)), int(match.group(3)), match.group(4)))
    return stray


def once(name: str, make) -> Path:
    """The folder `name`, made once a run by `make(folder)` whichever xdist worker asks first
    (tests/helpers.py `shared`), else once a module."""
    if not os.environ.get("SRT_TEST_SHARED"):
        folder = Path(tempfile.mkdtemp(prefix="srt-binding-")) / name
        make(folder)
        return folder
    return shared(name, make)


def make_package(folder: Path, cases: list[Case] | None = None) -> None:
    """Every case's twin and attack in one package, checked once; the report kept beside it.
    Cases that share their twin (the same article recorded the same way) share its entry."""
    new_package(folder)
    entries: dict[str, Written] = {}
    twins: dict[str, Written] = {}
    for case in CASES if cases is None else cases:
        for role in ("twin", "attack"):
            entry, text, table = case.entry(role)
            same = json.dumps([{**entry, "id": None}, text], sort_keys=True, default=str)
            if role == "twin" and same in twins:
                entries[f"{case.id}/{role}"] = twins[same]
                continue
            entries[f"{case.id}/{role}"] = write_entry(folder, entry, text, table)
            if role == "twin":
                twins[same] = entries[f"{case.id}/{role}"]
    code, err = check(folder, list({e.path: e for e in entries.values()}.values()))
    written = {key: [e.path, e.record.start, e.record.stop, e.language] for key, e in entries.items()}
    (folder / "report.json").write_text(json.dumps({"code": code, "err": err, "entries": written}), encoding="utf-8")


@dataclass
class Report:
    folder: Path
    code: int
    entries: dict[str, Written]

    def shown(self, written: Written) -> str:
        return (self.folder / written.path).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report() -> Report:
    """Every case's entries, with the problems the one check found in each."""
    return read_report(once("binding", make_package))


def read_report(folder: Path) -> Report:
    """The report kept beside a package of cases, each problem with the entry it is in."""
    kept = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    if kept["code"] not in (0, 1) or "Traceback" in kept["err"]:
        pytest.fail(f"the check gave no verdict (exit {kept['code']}):\n{kept['err'][-3000:]}")
    by_path = {path: Written(path, range(start, stop), language)
               for path, start, stop, language in kept["entries"].values()}
    entries = {key: by_path[path] for key, (path, *_) in kept["entries"].items()}  # a shared twin is one entry
    stray = assign(kept["err"], list(by_path.values()))
    assert not stray, f"problems in no case's entry (the registries?): {stray}"
    return Report(folder, kept["code"], entries)


def pytest_generate_tests(metafunc):
    if "case" in metafunc.fixturenames and metafunc.cls is not None:
        cases = metafunc.cls.CASES
        metafunc.parametrize("case", cases, ids=[case.id for case in cases])


class Binding:
    """The two tests of each case of a class's CASES."""

    CASES: ClassVar[list[Case]] = []

    def test_attack_is_refused(self, report, case):
        attack = report.entries[f"{case.id}/attack"]
        assert attack.problems, f"accepted, though the quote does not state it:\n{report.shown(attack)}"
        assert report.code == 1
        allowed = set(attack.record) | ({attack.language} if case.where == "language" else set())
        outside = [p for p in attack.problems if p[0] != attack.path or p[1] not in allowed]
        assert not outside, (f"refused outside the record (lines {attack.record.start}-{attack.record.stop - 1}"
                             f"{' or the language line' if case.where == 'language' else ''}): {outside}\n"
                             f"{report.shown(attack)}")

    def test_twin_passes(self, report, case):
        twin = report.entries[f"{case.id}/twin"]
        assert not twin.problems, f"the truthful record is refused: {twin.problems}\n{report.shown(twin)}"


class TestReview(Binding):
    """Cases an outside review found passing; each now refused, its truthful twin accepted."""

    CASES = REVIEW


class TestLanguages(Binding):
    """Russian and Chinese write their figures their way; another language reads no figure."""

    CASES = LANGUAGES


class TestAmounts(Binding):
    """The number, its scale and its currency are the figure's own words."""

    CASES = AMOUNTS


class TestFiscalYears(Binding):
    CASES = FISCAL


class TestBounds(Binding):
    """The bound is what the words before the figure say, negations and ranges included."""

    CASES = BOUNDS


class TestKinds(Binding):
    """A target or a forecast is what the figure's sentence marks."""

    CASES = KINDS


class TestSigns(Binding):
    """A fall is negative, a rise positive, whatever else the sentence says falls."""

    CASES = SIGNS


class TestMeasures(Binding):
    """A share needs share words, a count counts the units it names, a year alone is a flow."""

    CASES = MEASURES


class TestDates(Binding):
    """Each figure binds its own date, as precise as the words that give it."""

    CASES = DATES


class TestPlaces(Binding):
    """Every place is named, or referred to once named; the direction is as written."""

    CASES = PLACES


class TestStatedFields(Binding):
    """Who states the figure, the status and the product are the quote's words."""

    CASES = FIELDS


class TestOverrides(Binding):
    """A wording note overrides only when it cites the article's words and says why."""

    CASES = OVERRIDES


# ------------------------------------------------------------------ generated quotes with a distractor
COUNTRIES = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "UZB": "Uzbekistan", "TJK": "Tajikistan",
             "TKM": "Turkmenistan", "AZE": "Azerbaijan", "GEO": "Georgia", "ARM": "Armenia", "PAK": "Pakistan"}
CURRENCIES = [("dollars", "USD"), ("U.S. dollars", "USD"), ("$", "USD"), ("yuan", "CNY"), ("tenge", "KZT"),
              ("euros", "EUR")]
# (the words before the true figure, the bound they state, the bound they state with the negation dropped)
BOUND_WORDS = [("", "exact", None), ("more than ", "more_than", None), ("about ", "about", None),
               ("no more than ", "at_most", "more_than"), ("not more than ", "at_most", "more_than"),
               ("no less than ", "at_least", "less_than")]
VERBS = ["reached", "came to", "stood at", "totalled"]


def money(number: Decimal, scale: str, currency: str) -> str:
    return f"${number} {scale}" if currency == "$" else f"{number} {scale} {currency}"


@st.composite
def distracted_quotes(draw) -> tuple[str, dict, dict[str, dict]]:
    """An English sentence with the true figure (China's trade with a country in a year,
    perhaps bounded) and a distractor figure (another number, currency, country and year)
    before or after it; the truthful record, and by name the changes that put a
    distractor's value in place of the true one."""
    partner, other = draw(st.lists(st.sampled_from(sorted(COUNTRIES)), min_size=2, max_size=2, unique=True))
    year, other_year = draw(st.lists(st.integers(2008, 2014), min_size=2, max_size=2, unique=True))
    number, other_number = (Decimal(n) / 10 for n in
                            draw(st.lists(st.integers(11, 999), min_size=2, max_size=2, unique=True)))
    currency = draw(st.sampled_from(CURRENCIES))
    other_currency = draw(st.sampled_from([c for c in CURRENCIES if c[1] != currency[1]]))
    scale, other_scale = draw(st.sampled_from(["billion", "million"])), draw(st.sampled_from(["billion", "million"]))
    words, bound, negation_dropped = draw(st.sampled_from(BOUND_WORDS))
    verb, other_verb = draw(st.sampled_from(VERBS)), draw(st.sampled_from(VERBS))
    true_amount = money(number, scale, currency[0])
    other_amount = money(other_number, other_scale, other_currency[0])
    true_clause = f"trade with {COUNTRIES[partner]} {verb} {words}{true_amount} in {year}"
    other_clause = f"trade with {COUNTRIES[other]} {other_verb} {other_amount} in {other_year}"
    first, second = (true_clause, other_clause) if draw(st.booleans()) else (other_clause, true_clause)
    quote = f"China's {first}, while its {second}."
    truth = trade(partner=partner, period=year, amount=true_amount, **({} if bound == "exact" else {"bound": bound}))
    attacks = {"the other figure": {"amount": other_amount, "bound": None},
               "the other currency": {"amount": money(number, scale, other_currency[0])},
               "the other year": {"period": other_year},
               "the other country": {"partner": other}}
    if negation_dropped:
        attacks["the negation dropped"] = {"bound": negation_dropped}
    return quote, truth, attacks


@settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(distracted_quotes())
def test_a_distractor_is_never_the_figure(example):
    """The true figure recorded as written passes; a distractor's value in its place (the
    other figure, its currency, its year, its country, or the bound read without its
    negation) is refused inside the record. Budget: 25 examples, each one check of one
    package of up to six entries (about 0.3 s); not shrunk, as an example is one sentence
    already and each step of shrinking would be one more check."""
    quote, truth, attacks = example
    truth_passes_attacks_refused(quote, truth, attacks, "generated")


def truth_passes_attacks_refused(quote: str, truth: dict, attacks: dict[str, dict], name: str) -> None:
    """One package with the true record and each attack (the truth with some fields changed,
    a field set to None left out) in entries of their own, checked at once: the truth passes,
    each attack is refused inside its record."""
    records = {"truth": truth} | {name: {key: value for key, value in {**truth, **changes}.items() if value is not None}
                                  for name, changes in attacks.items()}
    with tempfile.TemporaryDirectory(prefix="srt-binding-") as folder:
        root = Path(folder)
        new_package(root)
        written = {}
        for number, (attack_name, record) in enumerate(records.items()):
            entry, text = make_entry(f"binding-2015-06-01-{name}-{number}", quote, "trade", record, "en",
                                     "2015-06-01")
            written[attack_name] = write_entry(root, entry, text, "trade")
        code, err = check(root, list(written.values()))
    assert "Traceback" not in err and code in (0, 1), err
    assert not assign(err, list(written.values())), err
    assert not written["truth"].problems, f"the truth refused: {quote!r} as {truth}: {written['truth'].problems}"
    for attack_name in attacks:
        attack = written[attack_name]
        assert attack.problems, f"{attack_name} accepted in place of the true figure: {quote!r} recorded as {records[attack_name]}"
        assert all(file == attack.path and line in attack.record for file, line, _, _ in attack.problems), \
            (attack_name, attack.problems)
