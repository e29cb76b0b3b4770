"""What an article's words state, found once per article in its normal form
(scripts/bind/text.py): its sentences, figures, dates and places, each with its span.
The binder (scripts/bind/binder.py) binds a record's values to these.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass

from scripts.core.vocabulary import BOTH_SIDES, Figure, vocabulary

SENTENCE_END = re.compile(r"(?<=[.!?])[\"')]* +(?=[\"'(]*[A-ZА-Я0-9])|[。！？；]|(?<=[.!?]) *\n|\n")
BOUNDARY = re.compile(r"[,;:()，；：、]| - | and | but | while | whereas | и | а | но ")
YEAR = re.compile(r"(?<![A-Za-z0-9])(?<![A-Za-z]-)((?:19|20)[0-9]{2})(?![0-9A-Za-z])")
# A date's words: the words before a month that make it a date ("in May"), not a name ("Theresa May").
MONTH_LEAD = {"en": ("in", "since", "by", "until", "till", "from", "through", "during", "early", "late", "mid",
                     "mid-", "of", "last", "this", "next", "end of", "beginning of", "start of", "before", "after",
                     "as of", "on", "to", "between", "and", "the end of", "the start of"),
              "ru": ("в", "с", "до", "к", "по", "на", "начале", "конце", "середине", "и", "от"), "zh": ()}
BASE_LEAD = re.compile(r"(?<!\w)(?:from|since|compared (?:with|to)|over|than(?: in)?|against|versus|vs\.?|"
                       r"по сравнению с|против|比|较|同比)[ ]?(?:the (?:same period of |level of )?)?(?:in )?$",
                       re.IGNORECASE)
QUARTERS = {"en": [["first quarter", "Q1", "1Q", "first three months", "January-March"],
                   ["second quarter", "Q2", "2Q", "April-June"], ["third quarter", "Q3", "3Q", "July-September"],
                   ["fourth quarter", "Q4", "4Q", "last quarter", "October-December"],
                   ["first half", "H1", "1H", "first six months", "January-June"],
                   ["second half", "H2", "2H", "July-December"]],
            "ru": [["первом квартале", "первый квартал", "I квартал"], ["втором квартале", "II квартал"],
                   ["третьем квартале", "III квартал"], ["четвертом квартале", "четвёртом квартале", "IV квартал"],
                   ["первом полугодии", "первое полугодие"], ["втором полугодии"]],
            "zh": [["第一季度", "一季度"], ["第二季度", "二季度"], ["第三季度", "三季度"], ["第四季度", "四季度"],
                   ["上半年"], ["下半年"]]}
PART_NAMES = ["Q1", "Q2", "Q3", "Q4", "H1", "H2"]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str  # 2014, 2014-03, 2014-03-05, 2014-Q1
    base: bool  # "from 2012", "compared with 2012": a date a change is measured from


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    code: str  # ISO alpha-3, a group id, or "" for words that refer back ("the two sides")


class Article:
    """An article's normal text, with what its words state, found once."""

    def __init__(self, text: str, language: str, published: dt.date, names: dict[str, list[str]],
                 groups: dict[str, list[str]] | None = None) -> None:
        self.text = text
        self.language = language
        self.published = published
        self.words = vocabulary(language)
        self.names = names  # place names of the registries (group names, aliases), lower case -> ids
        self.groups = groups or {}  # group id -> its member countries
        self.sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)]

    # ---------------------------------------------------------------- structure
    def sentence(self, at: int) -> tuple[int, int]:
        """The sentence around offset `at`: [start, end)."""
        index = bisect.bisect_right(self.sentence_starts, at) - 1
        start = self.sentence_starts[max(index, 0)]
        end = self.sentence_starts[index + 1] if index + 1 < len(self.sentence_starts) else len(self.text)
        return start, end

    def clause_start(self, at: int, floor: int) -> int:
        """Where the clause of offset `at` starts (a comma, a semicolon, `and`...), not before `floor`."""
        start = floor
        for match in BOUNDARY.finditer(self.text, floor, at):
            start = match.end()
        return start

    # ---------------------------------------------------------------- figures
    @functools.cached_property
    def figures(self) -> list[Figure]:
        return [f for f in self.words.figures(self.text) if not (f.what == "plain" and not f.scale and self._is_date(f))]

    def _is_date(self, figure: Figure) -> bool:
        return any(d.start <= figure.start < d.end for d in self.dates)

    def figures_in(self, start: int, end: int) -> list[Figure]:
        return [f for f in self.figures if start <= f.start and f.end <= end]

    # ---------------------------------------------------------------- dates
    @functools.cached_property
    def dates(self) -> list[DateMention]:
        found: list[DateMention] = []
        text = self.text
        months = self.words.months
        month_words = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True) if len(m) > 2)
        day = r"(?:[0-9]{1,2})(?![0-9])(?:st|nd|rd|th)?"
        taken: list[tuple[int, int]] = []
        if self.language == "zh":
            pattern = re.compile(r"(?:([0-9]{4})年)?([0-9]{1,2})月(?:([0-9]{1,2})日)?")
            for m in pattern.finditer(text):
                year = m.group(1) or ""
                value = f"{year}-{int(m.group(2)):02d}" + (f"-{int(m.group(3)):02d}" if m.group(3) else "") if year \
                    else ""
                if value:
                    found.append(self._date(m.start(), m.end(), value))
                    taken.append(m.span())
        else:
            pattern = re.compile(
                rf"(?:(?P<d1>{day})(?: of)? )?(?P<month>{month_words})\.?(?: (?P<d2>{day}))?(?:,? (?P<year>(?:19|20)[0-9]{{2}}))?"
                r"(?![^\W\d_])", re.IGNORECASE)
            for m in pattern.finditer(text):
                name = m.group("month")
                if self.language == "en" and not name[0].isupper():
                    continue
                number = months.get(name.lower().rstrip("."))
                day_text = m.group("d1") or m.group("d2")
                lead = text[max(0, m.start() - 14):m.start()].rstrip().lower()
                led = any(lead.endswith(w) for w in MONTH_LEAD.get(self.language, ()))
                if number is None or not (day_text or m.group("year") or led):
                    continue
                year = m.group("year")
                if not year:
                    after = YEAR.match(text, m.end() + 1) if text[m.end():m.end() + 1] == " " else None
                    year = after.group(1) if after and text[m.end() + 1:m.end() + 6].strip().isdigit() else None
                if not year:
                    continue  # a month without its year: resolved by `_as_written` only
                value = f"{year}-{number:02d}"
                if day_text and 1 <= int(re.sub(r"\D", "", day_text)) <= 31:
                    value += f"-{int(re.sub(r'[^0-9]', '', day_text)):02d}"
                found.append(self._date(m.start(), m.end(), value))
                taken.append(m.span())
        for index, words in enumerate(QUARTERS.get(self.language, []) + (QUARTERS["en"] if self.language != "en" else [])):
            part = PART_NAMES[index % 6]
            for word in words:
                for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w])", text, re.IGNORECASE):
                    window = text[max(0, m.start() - 12):m.end() + 12]
                    year = YEAR.search(window)
                    if year:
                        found.append(self._date(m.start(), m.end(), f"{year.group(1)}-{part}"))
        for m in YEAR.finditer(text):
            if not any(a <= m.start() < b for a, b in taken):
                found.append(self._date(m.start(), m.end(), m.group(1)))
        return sorted(found, key=lambda d: d.start)

    def _date(self, start: int, end: int, value: str) -> DateMention:
        lead = self.text[max(0, start - 40):start]
        return DateMention(start, end, value, bool(BASE_LEAD.search(lead.rstrip(" ,") + (" " if lead.endswith(" ") else ""))))

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        return [d for d in self.dates if start <= d.start and d.end <= end]

    # ---------------------------------------------------------------- places
    @property
    def _place_pattern(self) -> tuple[re.Pattern, dict[str, str]]:
        return place_pattern(self.language, tuple(sorted((name, ids[0]) for name, ids in self.names.items())))

    @functools.cached_property
    def places(self) -> list[PlaceMention]:
        pattern, codes = self._place_pattern
        found = []
        money = [(f.start, f.end) for f in self.figures if f.currencies]
        for m in pattern.finditer(self.text):
            if any(a <= m.start() < b for a, b in money):
                continue  # "Hong Kong dollars" is a currency, not a place
            word = m.group().lower()
            code = codes.get(word)
            if code is None:  # a Russian name in another case: its stem's entry
                code = next((c for name, c in codes.items() if c and re.fullmatch(
                    re.escape(name[:-1] if name[-1] in "аяйьео" else name) + "[а-яё]{0,4}", word)), None)
            if code is not None:
                found.append(PlaceMention(m.start(), m.end(), code))
        return found

    def places_in(self, start: int, end: int) -> list[PlaceMention]:
        return [p for p in self.places if start <= p.start and p.end <= end]

    def referents(self, at: int) -> list[PlaceMention]:
        """The two places that words referring back at `at` ("the two sides") stand for: those
        of the nearest sentence before, or of the same sentence before the words, that names
        two countries."""
        start, _ = self.sentence(at)
        candidates = [p for p in self.places_in(start, at) if p.code]
        if len({p.code for p in candidates}) >= 2:
            return self._two(candidates)
        index = bisect.bisect_right(self.sentence_starts, start) - 1
        while index > 0:
            index -= 1
            a = self.sentence_starts[index]
            b = self.sentence_starts[index + 1]
            named = [p for p in self.places_in(a, b) if p.code]
            if len({p.code for p in named}) >= 2:
                return self._two(named)
        return []

    @staticmethod
    def _two(mentions: list[PlaceMention]) -> list[PlaceMention]:
        first: dict[str, PlaceMention] = {}
        for mention in reversed(mentions):
            first.setdefault(mention.code, mention)
        return list(first.values())[:2]


def find_phrase(text: str, phrase: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """`phrase` as words in text[start:end] (case-insensitive), or None."""
    bounded = rf"(?<![\w]){re.escape(phrase)}(?![\w])" if phrase[:1].isalnum() and phrase[-1:].isalnum() \
        else re.escape(phrase)
    match = re.compile(bounded, re.IGNORECASE).search(text, start, len(text) if end is None else end)
    return match.span() if match else None


@functools.lru_cache(maxsize=16)
def place_pattern(language: str, registered: tuple[tuple[str, str], ...]) -> tuple[re.Pattern, dict[str, str]]:
    """One expression for every place name of `language` (and English) and the registries'
    names, longest first, with the code each stands for; compiled once per language."""
    codes: dict[str, str] = {}
    alternatives = []
    entries = list(vocabulary(language).places) + list(registered)
    for name, code in sorted(entries, key=lambda item: len(item[0]), reverse=True):
        key = name.lower()
        if key in codes:
            continue
        codes[key] = code
        escaped = re.escape(name)
        if re.search("[а-яё]", name, re.IGNORECASE):  # Russian: the name in any of its cases
            stem = re.escape(name[:-1]) if name[-1].lower() in "аяйьео" else escaped
            alternatives.append(rf"(?i:{stem}[а-яё]{{0,4}})(?![а-яё])")
        elif re.search(r"[\u4e00-\u9fff]", name):
            alternatives.append(escaped)
        elif not name.islower():
            alternatives.append(rf"(?<!\w){escaped}(?![a-z])")
        else:
            alternatives.append(rf"(?<!\w)(?i:{escaped})(?![a-z])")
    for phrase in BOTH_SIDES.get(language, ()) + (BOTH_SIDES["en"] if language != "en" else ()):
        alternatives.append(rf"(?i:{re.escape(phrase)})")
        codes[phrase.lower()] = ""
    return re.compile("|".join(alternatives)), codes
