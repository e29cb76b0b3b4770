"""Parts of a year as a text writes them: a run of months ("January-March 2023", "январе-марте
2023 года", "2023年1至3月", "1-6月"), the first months of a year ("the first three months",
"первые три месяца", "前三个月"), with their year when the words beside them give one.

A run that is a quarter or a half is that quarter or half (`2023-Q1`, `2023-H1`), a single
month is the month; any other run ("January-September") is a part of a year that no date
column can hold (`2023-01..09`). None of them is the whole year: scripts/bind/dates.py
never lets one prove a year. A part whose year the words beside it do not give has the
year `????` until the sentence's own year is found for it (scripts/bind/mentions.py).
"""

from __future__ import annotations

import functools
import re

from scripts.core.vocabulary import vocabulary

PART_OF = {(1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4", (1, 6): "H1", (7, 12): "H2"}
UNKNOWN_YEAR = "????"
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
                "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "两": 2, "二": 2, "三": 3, "四": 4,
                "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11}
RUN_JOIN = r" ?(?:-|to|through|till|until|and|по|до|至|到|~) ?"


def part_value(year: str, first: int, last: int) -> str:
    """The date value of months `first` to `last` of `year`."""
    if first == last:
        return f"{year}-{first:02d}"
    if (first, last) in PART_OF:
        return f"{year}-{PART_OF[(first, last)]}"
    return f"{year}-{first:02d}..{last:02d}"


def is_part(value: str) -> bool:
    """A quarter, a half or another run of months: never a whole year."""
    return bool(re.search(r"-[QH][1-4]$|\.\.", value)) or value.startswith(UNKNOWN_YEAR)


@functools.lru_cache(maxsize=4)
def patterns(language: str) -> tuple[re.Pattern, re.Pattern]:
    months = vocabulary(language).months
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True)
                     if len(m) > 2 and not re.match(r"[0-9一二三四五六七八九十]", m))
    numbers = "|".join(re.escape(w) for w in sorted(NUMBER_WORDS, key=len, reverse=True))
    run = re.compile(rf"(?<![^\W\d_])(?P<m1>{names})\.?{RUN_JOIN}(?P<m2>{names})\.?(?![^\W\d_])"
                     rf"|(?:(?P<zy>(?:19|20)[0-9]{{2}}) ?年 ?)?(?P<z1>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,2}}) ?(?:月 ?)?"
                     rf"(?:-|至|到|~|—) ?(?P<z2>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,2}}) ?月", re.IGNORECASE)
    first = re.compile(rf"(?<![^\W\d_])(?:the )?first (?P<e>{numbers}|[0-9]{{1,2}}) months(?![^\W\d_])"
                       rf"|(?<![^\W\d_])перв\w* (?P<r>{numbers}|[0-9]{{1,2}}) месяц\w*"
                       rf"|前 ?(?P<z>{numbers}|[0-9]{{1,2}}) ?个?月", re.IGNORECASE)
    return run, first


def _month(word: str, language: str) -> int | None:
    word = word.lower().rstrip(".")
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    return vocabulary(language).months.get(word)


def find_parts(text: str, a: int, b: int, language: str) -> list[tuple[int, int, str]]:
    """(start, end, value) of each part of a year in text[a:b]; its year from the words right
    before or after it ("January-March 2023", "2023年1至3月", "first three months of 2023"),
    else UNKNOWN_YEAR."""
    run, first = patterns(language)
    found = []
    for match in run.finditer(text, a, b):
        m1 = _month(match.group("m1") or match.group("z1"), language)
        m2 = _month(match.group("m2") or match.group("z2"), language)
        if m1 is None or m2 is None or m2 <= m1:
            continue
        found.append((match.start(), match.end(), m1, m2, match.group("zy")))
    for match in first.finditer(text, a, b):
        count = _month(match.group("e") or match.group("r") or match.group("z"), language)
        if count and 1 < count < 12:
            found.append((match.start(), match.end(), 1, count, None))
    out = []
    for start, end, m1, m2, year in found:
        span = (start, end)
        if year is None:
            near = re.match(r"[ ,]*(?:of |in )?((?:19|20)[0-9]{2})(?![0-9])", text[end:min(b, end + 12)])
            before = re.search(r"((?:19|20)[0-9]{2}) ?(?:年|года?|,)? ?(?:in |в )?(?:the )?$", text[max(a, start - 16):start])
            if near:
                year, span = near.group(1), (start, end + near.end())
            elif before:
                year, span = before.group(1), (max(a, start - 16) + before.start(), end)
        out.append((*span, part_value(year or UNKNOWN_YEAR, m1, m2)))
    return out
