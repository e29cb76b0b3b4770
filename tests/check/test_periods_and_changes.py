"""What articles say beyond a year's level, proved by the binder in English, Russian and
Chinese: a change of investment or of a count (a percentage or a multiple, from a base
period), a part of a year (the first ten months, January–June, the year to date) and the
end of a year (a stock's as-of date).

Each case is an article written for the test and one record of it: a TRUTHFUL record is
accepted with no problem at all; a FALSE one (a wrong factor, a part of a year recorded as
the whole year, a change recorded as a level, a relative phrase left unsaid) is refused
inside the record, with the message given. Every case is an entry of its own, all checked
in one run of the check (one package a module)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
from dataclasses import dataclass

import pytest
import yaml

from scripts import cli

PROBLEM = re.compile(r"^data/sources/([a-z0-9-]+)\.yaml:(\d+):\d+: (\S+): (.*)$")


@dataclass(frozen=True)
class Case:
    id: str
    language: str
    text: str
    table: str
    record: dict
    refused: str | None = None  # None: accepted; else the column and words of the refusal ("as_of: ...")
    published: str = "2024-03-01"


def inv(**values) -> dict:
    return {"investor": "CHN", "host": "KAZ", **values}


def trade(**values) -> dict:
    return {"reporter": "CHN", "partner": "KAZ", "flow": "turnover", **values}


def companies(**values) -> dict:
    return {"country": "UZB", "origin": "CHN", "counted": "companies", **values}


FIVEFOLD = "By 2023, China's total investment in Kazakhstan had grown fivefold from 2017."
ROSE = "Chinese investment in Kazakhstan rose 30 percent in 2023 from 2022."
ROSE_BY = "Chinese investment in Kazakhstan rose by 2 billion dollars in 2023."
RU_TIMES = "В 2023 году китайские инвестиции в Казахстан выросли в 5 раз по сравнению с 2017 годом."
ZH_YOY = "2023年，中国对哈萨克斯坦投资同比增长30%。"
REL_BASE = "Chinese investment in Kazakhstan rose 30 percent from the previous year in 2023."
RU_SAME_PERIOD = "по сравнению с аналогичным периодом прошлого года"
RU_PART_BASE = f"За январь-октябрь 2023 года товарооборот Казахстана и Китая вырос на 20 процентов {RU_SAME_PERIOD}."
RU_NAMED_BASE = ("За январь-октябрь 2024 года товарооборот Казахстана и Китая вырос на 20 процентов по сравнению с "
                 "январем-октябрем 2023 года.")  # the base's months in the instrumental case
SAME_PERIOD_OF = ("In January-September 2024, trade between China and Uzbekistan reached 10 billion dollars, up 4.1% "
                  "from the same period of 2023.")
RU_SAME_PERIOD_OF = ("За январь-сентябрь 2024 года товарооборот Казахстана и Китая увеличился на 5% по сравнению с "
                     "аналогичным периодом 2023 года.")
RU_PARTICIPLE = ("В 2023 году товарооборот Казахстана и Китая составил 41 млрд долларов, увеличившись на 30% по "
                 "сравнению с 2022 годом.")
NUMBER_OF = "The number of Chinese companies in Uzbekistan reached 2,567 as of October 1, 2024."
RU_NUMBER_OF = "Число китайских компаний в Узбекистане на 1 октября 2024 года достигло 2567."
TRIPLED = "The number of Chinese companies in Uzbekistan tripled from 2017 to 2023."
INCREASED_BY = "In 2023 the number of Chinese companies in Uzbekistan increased by 300."
RU_COUNT = "В 2023 году число китайских компаний в Узбекистане выросло на 30 процентов по сравнению с 2022 годом."
RU_COUNT_BY = "В 2023 году число китайских компаний в Узбекистане увеличилось на 300."
ZH_COUNT = "2023年，在乌兹别克斯坦的中国企业数量同比增长了30%。"
ZH_COUNT_BY = "2023年，在乌兹别克斯坦的中国企业增加了300家。"
TEN_MONTHS = "In the first ten months of 2023, trade between China and Kazakhstan reached 33 billion dollars."
RU_TEN = "За январь-октябрь 2023 года товарооборот Казахстана и Китая составил 33 млрд долларов."
ZH_TEN = "2023年1至10月，中哈贸易额达330亿美元。"
HALF = "In January-June 2024, trade between China and Kazakhstan reached 20 billion dollars."
YTD = "Since the beginning of this year, trade between China and Kazakhstan reached 13 billion dollars."
RU_YTD = "С начала 2024 года товарооборот Казахстана и Китая составил 13 млрд долларов."
ZH_YTD = "今年以来，中哈贸易额达130亿美元。"
YTD_MONTH = "Since the beginning of 2023 to the end of October, trade between China and Kazakhstan reached 33 billion dollars."
YOY_PART = "In January-October 2023, trade between China and Kazakhstan grew 20 percent over the same period of the previous year."
END = "As of the end of 2023, China's total investment in Kazakhstan exceeded 20 billion dollars."
RU_END = "На конец 2023 года объем накопленных китайских инвестиций в Казахстан превысил 20 млрд долларов."
ZH_END = "截至2023年底，中国对哈萨克斯坦投资存量超过200亿美元。"
LAST_END = "At the end of last year, China's total investment in Kazakhstan exceeded 20 billion dollars."
FIRST_HALF = "In the first half of 2023, Chinese investment in Kazakhstan reached 2 billion dollars."
STOCK = dict(measure="cumulative_stock", bound="more_than")

CASES = [
    # ---- a change of investment: the multiple or percentage, its sign and its base, bound
    Case("inv-fivefold", "en", FIVEFOLD, "investment", inv(measure="cumulative_stock", as_of=2023, change_factor=5,
                                                           base_period=2017)),
    Case("inv-wrong-factor", "en", FIVEFOLD, "investment", inv(measure="cumulative_stock", as_of=2023, change_factor=4,
                                                               base_period=2017),
         "change_factor: a change of 4 times is not in the quote"),
    Case("inv-wrong-base", "en", FIVEFOLD, "investment", inv(measure="cumulative_stock", as_of=2023, change_factor=5,
                                                             base_period=2016),
         "base_period: the quote dates this base of the change 2017, not 2016"),
    Case("inv-percent", "en", ROSE, "investment", inv(measure="annual_flow", as_of=2023, change_percent=30,
                                                      base_period=2022)),
    Case("inv-rise-as-fall", "en", ROSE, "investment", inv(measure="annual_flow", as_of=2023, change_percent=-30,
                                                           base_period=2022),
         "change_percent: the quote states a rise, not a fall"),
    Case("inv-change-as-level", "en", ROSE_BY, "investment", inv(measure="annual_flow", as_of=2023,
                                                                 amount="2 billion dollars"),
         "amount: \"rose by 2 billion dollars\" is what the figure changed by, not its level"),
    Case("inv-percent-as-level", "en", ROSE, "investment", inv(measure="annual_flow", as_of=2023, change_percent=30),
         "base_period: a change needs the period it is measured from"),
    Case("ru-inv-times", "ru", RU_TIMES, "investment", inv(measure="annual_flow", as_of=2023, change_factor=5,
                                                           base_period=2017)),
    Case("ru-inv-wrong-factor", "ru", RU_TIMES, "investment", inv(measure="annual_flow", as_of=2023, change_factor=3,
                                                                  base_period=2017),
         "change_factor: a change of 3 times is not in the quote"),
    Case("zh-inv-yoy", "zh", ZH_YOY, "investment", inv(measure="annual_flow", as_of=2023, change_percent=30,
                                                       base_period=2022)),
    Case("zh-inv-yoy-wrong-base", "zh", ZH_YOY, "investment", inv(measure="annual_flow", as_of=2023, change_percent=30,
                                                                  base_period=2021),
         "base_period: \"同比\" measures the change from 2022, not from 2021"),
    # ---- a base said against the period it is measured to ("from the previous year")
    Case("inv-base-relative", "en", REL_BASE, "investment", inv(measure="annual_flow", as_of=2023, change_percent=30,
                                                                base_period=2022,
                                                                base_period_as_written="from the previous year")),
    Case("inv-base-relative-wrong", "en", REL_BASE, "investment", inv(measure="annual_flow", as_of=2023,
                                                                      change_percent=30, base_period=2023,
                                                                      base_period_as_written="from the previous year"),
         "base_period: `from the previous year` resolves to 2022 against the period it is measured to, 2023"),
    Case("ru-part-base-relative", "ru", RU_PART_BASE, "trade", trade(period="2023-01/2023-10", change_percent=20,
                                                                     base_period="2022-01/2022-10",
                                                                     base_period_as_written=RU_SAME_PERIOD)),
    Case("ru-part-base-as-year", "ru", RU_PART_BASE, "trade", trade(period="2023-01/2023-10", change_percent=20,
                                                                    base_period=2022, base_period_as_written=RU_SAME_PERIOD),
         "base_period: `по сравнению с аналогичным периодом прошлого года` resolves to 2022-01/2022-10 against the "
         "period it is measured to, 2023-01/2023-10"),
    Case("ru-named-part-base", "ru", RU_NAMED_BASE, "trade", trade(period="2024-01/2024-10", change_percent=20,
                                                                   base_period="2023-01/2023-10")),
    Case("ru-named-part-base-as-year", "ru", RU_NAMED_BASE, "trade", trade(period="2024-01/2024-10", change_percent=20,
                                                                          base_period=2022),
         "base_period"),
    # ---- a change of a count
    Case("count-tripled", "en", TRIPLED, "counts", companies(units="chinese companies", as_of=2023, change_factor=3,
                                                             base_period=2017)),
    Case("count-tripled-as-doubled", "en", TRIPLED, "counts", companies(units="chinese companies", as_of=2023,
                                                                        change_factor=2, base_period=2017),
         "change_factor: a change of 2 times is not in the quote"),
    Case("count-units-not-quoted", "en", TRIPLED, "counts", companies(units="chinese firms", as_of=2023,
                                                                      change_factor=3, base_period=2017),
         "units: the quote does not name `chinese firms`"),
    Case("count-change-as-level", "en", INCREASED_BY, "counts", companies(units="chinese companies", as_of=2023,
                                                                          count=300),
         "count: \"increased by 300\" is what the figure changed by, not its level"),
    Case("ru-count-percent", "ru", RU_COUNT, "counts", companies(units="китайских компаний", as_of=2023,
                                                                 change_percent=30, base_period=2022)),
    Case("ru-count-change-as-level", "ru", RU_COUNT_BY, "counts", companies(units="китайских компаний", as_of=2023,
                                                                            count=300),
         "count: \"увеличилось на 300\" is what the figure changed by, not its level"),
    Case("zh-count-yoy", "zh", ZH_COUNT, "counts", companies(units="中国企业", as_of=2023, change_percent=30,
                                                             base_period=2022)),
    Case("zh-count-change-as-level", "zh", ZH_COUNT_BY, "counts", companies(units="中国企业", as_of=2023, count=300),
         "count: \"增加了300\" is what the figure changed by, not its level"),
    # ---- a part of a year: its own span, never the whole year
    Case("ten-months", "en", TEN_MONTHS, "trade", trade(period="2023-01/2023-10", amount="33 billion dollars")),
    Case("ten-months-as-year", "en", TEN_MONTHS, "trade", trade(period=2023, amount="33 billion dollars"),
         "period: the quote dates this figure 2023-01/2023-10, not 2023"),
    Case("ru-jan-oct", "ru", RU_TEN, "trade", trade(period="2023-01/2023-10", amount="33 млрд долларов")),
    Case("ru-jan-oct-as-year", "ru", RU_TEN, "trade", trade(period=2023, amount="33 млрд долларов"),
         "period: the quote dates this figure 2023-01/2023-10, not 2023"),
    Case("zh-1-10", "zh", ZH_TEN, "trade", trade(period="2023-01/2023-10", amount="330亿美元")),
    Case("zh-1-10-as-year", "zh", ZH_TEN, "trade", trade(period=2023, amount="330亿美元"),
         "period: the quote dates this figure 2023-01/2023-10, not 2023"),
    Case("zh-1-10-as-nine-months", "zh", ZH_TEN, "trade", trade(period="2023-01/2023-09", amount="330亿美元"),
         "period: the quote dates this figure 2023-01/2023-10, not 2023-01/2023-09"),
    Case("jan-june", "en", HALF, "trade", trade(period="2024-H1", amount="20 billion dollars")),
    Case("jan-june-as-a-run", "en", HALF, "trade", trade(period="2024-01/2024-06", amount="20 billion dollars"),
         "period: `2024-01/2024-06` is `2024-H1`"),
    Case("part-after-publication", "en", TEN_MONTHS, "trade", trade(period="2023-01/2023-10",
                                                                    amount="33 billion dollars"),
         "period: 2023-01/2023-10 is after the source's publication date 2022-12-01", published="2022-12-01"),
    Case("ytd", "en", YTD, "trade", trade(period="2024-01-01/2024-03-01", period_as_written="Since the beginning of this year",
                                          amount="13 billion dollars")),
    Case("ytd-as-year", "en", YTD, "trade", trade(period=2024, period_as_written="this year", amount="13 billion dollars"),
         "period: the quote dates this figure 2024-01-01/2024-03-01, not 2024 (`this year` is not its date)"),
    Case("ytd-unsaid", "en", YTD, "trade", trade(period="2024-01-01/2024-03-01", amount="13 billion dollars"),
         "period: the quote gives 2024-01-01/2024-03-01 as \"Since the beginning of this year\", against the "
         "publication date"),
    Case("ru-ytd", "ru", RU_YTD, "trade", trade(period="2024-01-01/2024-03-01", period_as_written="С начала 2024 года",
                                                amount="13 млрд долларов")),
    Case("ru-ytd-as-year", "ru", RU_YTD, "trade", trade(period=2024, amount="13 млрд долларов"),
         "period: the quote dates this figure 2024-01-01/2024-03-01, not 2024"),
    Case("zh-ytd", "zh", ZH_YTD, "trade", trade(period="2024-01-01/2024-03-01", period_as_written="今年以来",
                                                amount="130亿美元")),
    Case("zh-ytd-as-year", "zh", ZH_YTD, "trade", trade(period=2024, period_as_written="今年", amount="130亿美元"),
         "period: the quote dates this figure 2024-01-01/2024-03-01, not 2024"),
    # ---- "from the same period of 2023": the period's part of the year, in 2023
    Case("same-period-of-a-year", "en", SAME_PERIOD_OF, "trade",
         trade(partner="UZB", period="2024-01/2024-09", change_percent=4.1, base_period="2023-01/2023-09"),
         published="2024-11-01"),
    Case("same-period-of-a-year-as-the-year", "en", SAME_PERIOD_OF, "trade",
         trade(partner="UZB", period="2024-01/2024-09", change_percent=4.1, base_period=2023), "base_period",
         published="2024-11-01"),
    Case("ru-same-period-of-a-year", "ru", RU_SAME_PERIOD_OF, "trade",
         trade(period="2024-01/2024-09", change_percent=5, base_period="2023-01/2023-09"), published="2024-11-01"),
    Case("ru-participle-rise", "ru", RU_PARTICIPLE, "trade", trade(period=2023, change_percent=30, base_period=2022)),
    Case("ru-participle-fall-as-rise", "ru", RU_PARTICIPLE.replace("увеличившись", "снизившись"), "trade",
         trade(period=2023, change_percent=30, base_period=2022), "change_percent"),
    # ---- a count whose units stand before it: "the number of X reached N"
    Case("count-number-of", "en", NUMBER_OF, "counts", companies(units="chinese companies", as_of="2024-10-01", count=2567),
         published="2024-11-01"),
    Case("count-number-of-other-units", "en", NUMBER_OF, "counts",
         companies(units="chinese banks", as_of="2024-10-01", count=2567), "units", published="2024-11-01"),
    Case("ru-count-number-of", "ru", RU_NUMBER_OF, "counts",
         companies(units="китайских компаний", as_of="2024-10-01", count=2567), published="2024-11-01"),
    # ---- a month named without its year: the year is the publication's (a month after it, the year before)
    Case("bare-month", "en", "In January, trade between China and Kazakhstan reached 2 billion dollars.", "trade",
         trade(period="2024-01", period_as_written="In January", amount="2 billion dollars")),
    Case("bare-month-unsaid", "en", "In January, trade between China and Kazakhstan reached 2 billion dollars.", "trade",
         trade(period="2024-01", amount="2 billion dollars"), "period"),
    Case("bare-month-as-another-year", "en", "In January, trade between China and Kazakhstan reached 2 billion dollars.",
         "trade", trade(period="2023-01", period_as_written="In January", amount="2 billion dollars"), "period"),
    Case("bare-month-after-publication", "en", "In November, trade between China and Kazakhstan reached 2 billion "
         "dollars.", "trade", trade(period="2023-11", period_as_written="In November", amount="2 billion dollars")),
    Case("zh-bare-month", "zh", "1月，中哈贸易额达20亿美元。", "trade",
         trade(period="2024-01", period_as_written="1月", amount="20亿美元")),
    Case("ru-bare-month", "ru", "В январе товарооборот Казахстана и Китая составил 2 млрд долларов.", "trade",
         trade(period="2024-01", period_as_written="В январе", amount="2 млрд долларов")),
    Case("ytd-to-a-month", "en", YTD_MONTH, "trade", trade(period="2023-01/2023-10", amount="33 billion dollars")),
    Case("yoy-of-a-part", "en", YOY_PART, "trade", trade(period="2023-01/2023-10", change_percent=20,
                                                         base_period="2022-01/2022-10")),
    Case("yoy-of-a-part-from-the-year", "en", YOY_PART, "trade", trade(period="2023-01/2023-10", change_percent=20,
                                                                       base_period=2022),
         "base_period: the quote dates this base of the change 2022-01/2022-10, not 2022"),
    Case("flow-of-a-half", "en", FIRST_HALF, "investment", inv(measure="annual_flow", as_of="2023-H1",
                                                               amount="2 billion dollars")),
    Case("flow-of-a-half-as-year", "en", FIRST_HALF, "investment", inv(measure="annual_flow", as_of=2023,
                                                                       amount="2 billion dollars"),
         "as_of: the quote dates this figure 2023-H1, not 2023"),
    Case("stock-over-a-run", "en", TEN_MONTHS.replace("trade between", "investment between"), "investment",
         inv(measure="cumulative_stock", as_of="2023-01/2023-10", amount="33 billion dollars"),
         "as_of: a stock is held at a date, not over a run of months or days"),
    # ---- the end of a year: a stock's as-of date; a flow's year
    Case("flow-by-the-end-of-a-year", "en", "By the end of 2025, trade between China and Kazakhstan is expected to "
         "reach 50 billion dollars.", "trade", trade(period=2025, kind="forecast", amount="50 billion dollars")),
    Case("end-2023", "en", END, "investment", inv(**STOCK, as_of="2023-12-31", amount="20 billion dollars")),
    Case("end-2023-as-mid-year", "en", END, "investment", inv(**STOCK, as_of="2023-06-30", amount="20 billion dollars"),
         "as_of: the quote dates this figure 2023-12-31, not 2023-06-30"),
    Case("ru-end-2023", "ru", RU_END, "investment", inv(**STOCK, as_of="2023-12-31", amount="20 млрд долларов")),
    Case("ru-end-2023-as-2024", "ru", RU_END, "investment", inv(**STOCK, as_of="2024-01-31", amount="20 млрд долларов"),
         "as_of: the quote dates this figure 2023-12-31, not 2024-01-31"),
    Case("zh-end-2023", "zh", ZH_END, "investment", inv(**STOCK, as_of="2023-12-31", amount="200亿美元")),
    Case("zh-end-2023-as-2022", "zh", ZH_END, "investment", inv(**STOCK, as_of="2022-12-31", amount="200亿美元"),
         "as_of: the quote dates this figure 2023-12-31, not 2022-12-31"),
    Case("end-of-last-year", "en", LAST_END, "investment", inv(**STOCK, as_of="2023-12-31",
                                                               as_of_as_written="the end of last year",
                                                               amount="20 billion dollars")),
    Case("end-of-last-year-wrong", "en", LAST_END, "investment", inv(**STOCK, as_of="2022-12-31",
                                                                     as_of_as_written="the end of last year",
                                                                     amount="20 billion dollars"),
         "as_of: `the end of last year` resolves to 2023-12-31 against the publication date 2024-03-01, not "
         "2022-12-31"),
]


def entry_of(case: Case) -> tuple[str, str, str]:
    """The case's source id, archived text and entry."""
    sid = f"test-{case.published}-{case.id}"
    text = f"A test\n\n{case.text}\n"
    record = {"id": "figure", **case.record, "quote": case.text.rstrip(".。")}
    if case.language != "en":
        record["quote_translation"] = "A translation written for the test."
    entry = {"id": sid, "title": "A test", "publisher": "Test", "author": None, "published_date": case.published,
             "url": None, "language": case.language, "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
             case.table: [record]}
    return sid, text, yaml.safe_dump(entry, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def problems(built_template, tmp_path_factory) -> dict[str, list[str]]:
    """Every case's problems (`column: message`), by case id, from one check of all of them."""
    root = tmp_path_factory.mktemp("periods") / "pkg"
    shutil.copytree(built_template, root, ignore=shutil.ignore_patterns(".build.lock"))
    files = []
    for case in CASES:
        sid, text, entry = entry_of(case)
        (root / "data" / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
        (root / "data" / "sources" / f"{sid}.yaml").write_text(entry, encoding="utf-8")
        files.append(str(root / "data" / "sources" / f"{sid}.yaml"))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        cli.main(["check", "--no-cache", "--root", str(root), *files])
    found: dict[str, list[str]] = {case.id: [] for case in CASES}
    ids = {entry_of(case)[0]: case.id for case in CASES}
    for line in err.getvalue().splitlines():
        match = PROBLEM.match(line)
        if match and match.group(1) in ids:
            found[ids[match.group(1)]].append(f"{match.group(3).split('.', 1)[-1]}: {match.group(4)}")
    assert any(found.values())  # the check ran and refused what it should: never a silent no-op
    return found


@pytest.mark.parametrize("case", [c for c in CASES if c.refused is None], ids=lambda c: c.id)
def test_a_truthful_record_is_accepted(problems, case):
    assert problems[case.id] == []


@pytest.mark.parametrize("case", [c for c in CASES if c.refused is not None], ids=lambda c: c.id)
def test_a_false_record_is_refused_with_what_its_words_say(problems, case):
    assert any(p.startswith(case.refused) for p in problems[case.id]), problems[case.id]
