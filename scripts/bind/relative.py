"""Words that date a figure a year before another date: "$31 billion the previous year", "а
годом ранее — 15 млрд долларов", "上年为75亿美元", "against $7 billion in the same period last
year" (scripts/core/vocabulary.py YEAR_EARLIER). Each is a date of its own, of the figure
nearest it (scripts/bind/dates.py): the year before the date its sentence gives before it
(a part of a year keeps its part: the same period a year before), or, for words relative to
the publication ("last year", "去年"), with no date before them, the year before publication (others, with no date before them, the year before the date after them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import re

from scripts.bind.periods import UNKNOWN_YEAR
from scripts.core.vocabulary import PUBLICATION_RELATIVE, YEAR_EARLIER

CJK = re.compile(r"[\u4e00-\u9fff]")


YEAR_WORDS = ("year", "год", "年")  # one of them in every phrase (else the phrases are looked for everywhere)


@functools.lru_cache(maxsize=4)
def pattern(language: str) -> re.Pattern:
    """The phrases, longest first; those without Chinese as words. Each run of phrases as words
    shares one boundary on each side: the same matches as a boundary around each of them, but
    found sooner."""
    phrases = sorted(set(YEAR_EARLIER.get(language, ())) | set(YEAR_EARLIER["en"]), key=len, reverse=True)
    runs = [(chinese, [re.escape(p) for p in group])
            for chinese, group in itertools.groupby(phrases, key=lambda p: bool(CJK.search(p)))]
    return re.compile("|".join("|".join(words) if chinese else rf"(?<![\w-])(?:{'|'.join(words)})(?![\w-])"
                               for chinese, words in runs), re.IGNORECASE)


@functools.lru_cache(maxsize=4)
def hint(language: str) -> re.Pattern:
    """What every match of pattern(language) holds: a sentence without it has none."""
    phrases = set(YEAR_EARLIER.get(language, ())) | set(YEAR_EARLIER["en"])
    if all(any(word in p for word in YEAR_WORDS) for p in phrases):
        return re.compile("|".join(YEAR_WORDS), re.IGNORECASE)
    return re.compile("")


def year_earlier(text: str, a: int, b: int, language: str, dates: list, published: dt.date,
                 taken: list[tuple[int, int]], make) -> list:
    """The date, `make(start, end, value)`, of each phrase of YEAR_EARLIER in text[a:b] that no
    date of `dates` (the sentence's other dates, sorted) overlaps: a year before the nearest
    date before it that is not a base or an attribute (else, but for words relative to the
    publication, the first such date after it: "$31 billion the year before, and $41 billion in
    2023"); with none, the year before publication, or (not relative to it) left out. Written
    as a possessive ("against the previous year's $31 billion"), it dates the figure after it,
    and is no base."""
    found = []
    if not hint(language).search(text, a, b):
        return []
    for match in pattern(language).finditer(text, a, b):
        if any(x < match.end() and match.start() < y for x, y in taken):
            continue
        anchors = [d for d in dates if not d.base and not d.modifies and not d.value.startswith(UNKNOWN_YEAR)]
        before = [d for d in anchors if d.end <= match.start()]
        after = [d for d in anchors if d.start >= match.end()]
        phrase = re.sub(r"\s+", " ", match.group().lower())
        if phrase in PUBLICATION_RELATIVE and not before:
            found.append((match.start(), match.end(), str(published.year - 1)))
        elif before or after:
            anchor = before[-1] if before else after[0]
            found.append((match.start(), match.end(), a_year_before(anchor.value)))
    return [dataclasses.replace(make(*f), base=False) if re.match(r"['’]s\b", text[f[1]:f[1] + 3]) else make(*f)
            for f in found]


def a_year_before(value: str) -> str:
    """The same span a year before: each year of a date or a run of dates one less
    ("2023-01/2023-10" is "2022-01/2022-10")."""
    return re.sub(r"(^|/)([0-9]{4})", lambda m: f"{m.group(1)}{int(m.group(2)) - 1}", value)


def year_earlier_words(article, date) -> bool:
    """The date is one of YEAR_EARLIER's phrases (a year before another date of its sentence)."""
    return bool(pattern(article.language).fullmatch(article.text, date.start, date.end))
