"""Parts of a year as a text writes them, and the days that end one: a run of months
("January-March 2023", "январе-марте 2023 года", "2023年1至3月", "1-6月"), the first months or quarters
of a year ("the first ten months of 2023", "за 10 месяцев 2023 года", "前10个月", "前三季度"),
the year to date ("since the beginning of 2023", "с начала года по октябрь", "今年以来") and
the end of a year or month ("as of the end of 2023", "на конец 2023 года", "截至2023年底"), each
with its year when the words beside it give one ("of this year", "今年": the publication's).

A run that is a quarter or a half is that quarter or half (`2023-Q1`, `2023-H1`), a single
month the month; any other run is an ISO 8601 interval of months (`2023-01/2023-10`); the
year to date runs to the month named after it, or else to the publication date
(`2024-01-01/2024-02-10`). None of them is the whole year: scripts/bind/dates.py never lets
one prove a year. The end of a year is its last day (`2023-12-31`), the as-of date of a
stock. A value the words give relative to the publication date ("this year", "the year to
date") is `relative`: a record writes its words in `<date>_as_written`. A part whose year
the words do not give has the year `????` until the sentence's own year is found for it
(scripts/bind/mentions.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from scripts.core.vocabulary import vocabulary
from scripts.derive.values import date_end, span_name

UNKNOWN_YEAR = "????"
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
                "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "两": 2, "二": 2, "三": 3, "四": 4,
                "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11}
RUN_JOIN = r" ?(?:-|to|through|till|until|and|по|до|至|到|~) ?"
YEAR = r"(?:19|20)[0-9]{2}"
# Words that give a part the publication's year, or the one before: (pattern, years back).
RELATIVE_YEARS = {"this": 0, "the current": 0, "last": 1, "the previous": 1, "этого": 0, "текущего": 0,
                  "прошлого": 1, "今": 0, "去": 1}
RELATIVE_AFTER = re.compile(r"[ ,]*(?:of |in )?(this|the current|last|the previous) year(?:'s)?|[ ,]*(этого|текущего|"
                            r"прошлого) года", re.IGNORECASE)
RELATIVE_BEFORE = re.compile(r"(?:(this|last) year's|(今|去)年) ?$", re.IGNORECASE)
QUARTERS = {"en": [["first quarter", "Q1", "1Q"], ["second quarter", "Q2", "2Q"], ["third quarter", "Q3", "3Q"],
                   ["fourth quarter", "Q4", "4Q", "last quarter"], ["first half", "H1", "1H"], ["second half", "H2", "2H"]],
            "ru": [["первом квартале", "первый квартал", "I квартал"], ["втором квартале", "II квартал"],
                   ["третьем квартале", "III квартал"], ["четвертом квартале", "четвёртом квартале", "IV квартал"],
                   ["первом полугодии", "первое полугодие"], ["втором полугодии"]],
            "zh": [["第一季度", "一季度"], ["第二季度", "二季度"], ["第三季度", "三季度"], ["第四季度", "四季度"],
                   ["上半年"], ["下半年"]]}
PART_NAMES = ["Q1", "Q2", "Q3", "Q4", "H1", "H2"]


def part_value(year: str, first: int, last: int) -> str:
    """The date value of months `first` to `last` of `year` (a quarter, a half, one month, the
    year itself, or an interval of months)."""
    known = "2000" if year == UNKNOWN_YEAR else year  # a year's months have the same names in any year
    return span_name(dt.date(int(known), first, 1), date_end(f"{known}-{last:02d}")).replace(known, year)


def is_part(value: str) -> bool:
    """A quarter, a half or another run of months or days: never a whole year."""
    return bool(re.search(r"-[QH][1-4]$|/", value)) or value.startswith(UNKNOWN_YEAR)


@functools.lru_cache(maxsize=4)
def quarter_patterns(language: str) -> list[tuple[re.Pattern, str]]:
    """The words of each quarter and half: (pattern, `Q1`...`H2`)."""
    parts = QUARTERS.get(language, []) + (QUARTERS["en"] if language != "en" else [])
    return [(re.compile("|".join(re.escape(w) if re.search(r"[\u4e00-\u9fff]", w) else rf"(?<![\w-]){re.escape(w)}(?![\w])"
                                 for w in words), re.IGNORECASE),  # Chinese: no spaces ("2023年一季度")
             PART_NAMES[index % 6]) for index, words in enumerate(parts)]


@functools.lru_cache(maxsize=4)
def patterns(language: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    months = vocabulary(language).months
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True)
                     if len(m) > 2 and not re.match(r"[0-9一二三四五六七八九十]", m))
    numbers = "|".join(re.escape(w) for w in sorted(NUMBER_WORDS, key=len, reverse=True))
    run = re.compile(rf"(?<![^\W\d_])(?P<m1>{names})\.?{RUN_JOIN}(?P<m2>{names})\.?(?![^\W\d_])"
                     rf"|(?:(?P<zy>{YEAR}) ?年 ?)?(?P<z1>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,2}}) ?(?:月 ?)?"
                     rf"(?:-|至|到|~|—) ?(?P<z2>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,2}}) ?月", re.IGNORECASE)
    first = re.compile(rf"(?<![^\W\d_])(?:the )?first (?P<e>{numbers}|[0-9]{{1,2}}) months(?![^\W\d_])"
                       rf"|(?<![^\W\d_])(?:in |for |during )(?P<f>{numbers}|[0-9]{{1,2}}) months(?= of (?:{YEAR}|this|last))"
                       rf"|(?<![^\W\d_])перв\w* (?P<r>{numbers}|[0-9]{{1,2}}) месяц\w*"
                       rf"|(?<![^\W\d_])за (?P<q>{numbers}|[0-9]{{1,2}}) месяц\w*(?= {YEAR}| (?:этого|текущего|прошлого) года)"
                       rf"|前 ?(?P<z>{numbers}|[0-9]{{1,2}}) ?个?月"  # and the first quarters, in months
                       rf"|(?<![^\W\d_])(?:the )?first (?P<eq>two|three|2|3) quarters(?![^\W\d_])"
                       rf"|(?<![^\W\d_])(?:перв\w* |за )(?P<rq>два|три|2|3) квартал\w*|前 ?(?P<zq>两|二|三|2|3) ?个?季度",
                       re.IGNORECASE)
    def relative(n: int) -> str:
        return rf"(?P<rel{n}>this|the current|last|the previous|этого|текущего|прошлого|今|去)"
    until = rf"(?: (?:to|through|until|till|по|до) (?:the end of |конца )?(?P<um>{names}))?"
    since = re.compile(  # the year to date: ytd, with its year (or relative words), to a month named after
        rf"(?<![^\W\d_])(?P<ytd>(?:since|from) the (?:beginning|start) of (?:(?P<y>{YEAR})|(?:the|{relative(1)}) year)"
        rf"|с начала (?:(?P<ry>{YEAR}) года|(?:{relative(2)} )?года)){until}(?![^\W\d_])"
        rf"|(?P<ytd2>(?:the )?year[- ]to[- ]date|so far this year|this year so far|(?:今年|年初|今年年初)以来|年初至今"
        rf"|(?P<zy>{YEAR})年年?初以来)"
        rf"|(?P<end>(?:(?:the )?end of |end-|year-end )(?:(?P<em>{names}) )?(?:(?P<ey>{YEAR})|{relative(3)} year)"
        rf"|кон(?:ец|ца|це|цу) (?:(?P<rm>{names}) )?(?:(?P<rey>{YEAR})|{relative(4)}) года"
        rf"|(?:(?P<zey>{YEAR})|{relative(5)})年(?:(?P<zm>[0-9]{{1,2}})月)?年?(?:底|末))(?![^\W\d_])", re.IGNORECASE)
    return run, first, since


def _month(word: str, language: str) -> int | None:
    word = word.lower().rstrip(".")
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    return vocabulary(language).months.get(word)


def year_near(text: str, start: int, end: int, a: int, b: int,
              published: dt.date | None) -> tuple[str, tuple[int, int], bool] | None:
    """The year the words right after or before text[start:end] give it ("of 2023", "2023年",
    "of this year", "今年"): (year, the span with those words, whether it is relative)."""
    near = re.match(rf"[ ,]*(?:of |in )?({YEAR})(?![0-9])", text[end:min(b, end + 12)])
    if near:
        return near.group(1), (start, end + near.end()), False
    before = re.search(rf"({YEAR}) ?(?:年|года?|,)? ?(?:in |в )?(?:the )?$", text[max(a, start - 16):start])
    if before:
        return before.group(1), (max(a, start - 16) + before.start(), end), False
    after = RELATIVE_AFTER.match(text[end:min(b, end + 24)])
    before = RELATIVE_BEFORE.search(text[max(a, start - 14):start])
    if published and (after or before):
        word = (after or before).group(1) or (after or before).group(2)
        span = (start, end + after.end()) if after else (max(a, start - 14) + before.start(), end)
        return str(published.year - RELATIVE_YEARS[word.lower()]), span, True
    return None


def find_parts(text: str, a: int, b: int, language: str,
               published: dt.date | None = None) -> list[tuple[int, int, str, bool]]:
    """(start, end, value, relative) of each part of a year and each year's or month's end in
    text[a:b]; a part's year from the words right before or after it, else UNKNOWN_YEAR."""
    run, first, since = patterns(language)
    found = []
    for match in run.finditer(text, a, b):
        m1 = _month(match.group("m1") or match.group("z1"), language)
        m2 = _month(match.group("m2") or match.group("z2"), language)
        if m1 is None or m2 is None or m2 <= m1:
            continue
        found.append((match.start(), match.end(), m1, m2, match.group("zy")))
    for match in first.finditer(text, a, b):
        quarters = next((g for g in match.group("eq", "rq", "zq") if g), None)
        count = 3 * _month(quarters, language) if quarters else \
            _month(next(g for g in match.group("e", "f", "r", "q", "z") if g), language)
        if count and 1 < count < 12:
            found.append((match.start(), match.end(), 1, count, None))
    out = [part for part in map(lambda m: _since(m, language, published), since.finditer(text, a, b)) if part]
    for start, end, m1, m2, year in found:
        span, relative = (start, end), False
        if year is None and not any(x < end and start < y for x, y, _, _ in out):
            year, span, relative = year_near(text, start, end, a, b, published) or (None, span, False)
        out.append((*span, part_value(year or UNKNOWN_YEAR, m1, m2), relative))
    return out


def _since(match: re.Match, language: str, published: dt.date | None) -> tuple[int, int, str, bool] | None:
    """The year to date or the end of a year (or month) a match of `patterns`' third stands for."""
    rel = next((match.group(f"rel{n}") for n in range(1, 6) if match.group(f"rel{n}")), None)
    if rel is not None and published is None:
        return None
    year = match.group("y") or match.group("ry") or match.group("zy") or match.group("ey") or match.group("rey") \
        or match.group("zey") or (str(published.year - RELATIVE_YEARS[rel.lower()]) if rel else None)
    if match.group("end"):
        month = _month(match.group("em") or match.group("rm") or match.group("zm") or "12", language)
        if year is None or month is None:
            return None
        return (*match.span(), date_end(f"{year}-{month:02d}").isoformat(), rel is not None)
    if published is None:
        return None
    year = year or str(published.year)
    until = _month(match.group("um"), language) if match.group("um") else None
    if until:
        return (*match.span(), part_value(year, 1, until), rel is not None)
    start = dt.date(int(year), 1, 1)
    return (*match.span(), span_name(start, published) or f"{start}/{published}", True) if start < published else None


# A year a figure is measured against as a record ("the largest rise since 2015", "впервые с
# 2015 года", "2015年以来最高"): it dates neither the figure nor the base of its change.
RECORD_SINCE = {
    # the superlative heads the words before "since", at most three words before it, no comma between
    "en": re.compile(r"\b(?:largest|biggest|highest|lowest|fastest|slowest|strongest|weakest|steepest|sharpest|"
                     r"smallest|best|worst|most|least|first time|not seen|unseen|unmatched)(?: [\w-]+){0,3} "
                     r"since (?:the (?:start|beginning|end) of )?$", re.IGNORECASE),
    "ru": re.compile(r"(?:максимальн|минимальн|рекордн|наибольш|наименьш|самы[йхме]|впервые|лучш|худш)"
                     r"[\w-]*(?: [\w-]+){0,3} с (?:начала |конца )?$", re.IGNORECASE),
}
RECORD_AFTER = {"zh": re.compile(r"年?(?:以来|来)的?(?:最(?![终后初])|首次|新高|新低)")}


def record_since(text: str, start: int, end: int, language: str) -> bool:
    """Whether the year at text[start:end] is one a figure is a record since."""
    lead, after = RECORD_SINCE.get(language), RECORD_AFTER.get(language)
    return bool(lead and lead.search(text, max(0, start - 60), start)) or bool(after and after.match(text, end))
