"""What an article's words state, found once per article in its normal form (text.py): its
sentences, figures, dates and places, each with its span, for the binder."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass

from scripts.bind.periods import UNKNOWN_YEAR, find_parts, quarter_patterns, record_since, year_near
from scripts.bind.places import TOKEN, PlaceMention, find_places
from scripts.bind.relative import year_earlier
from scripts.core.vocabulary import Figure, vocabulary

SENTENCE_END = re.compile(r"(?<=[.!?])[\"')]* +(?=[\"'(]*[A-ZА-Я0-9])|[。！？；]|(?<=[.!?]) *\n|\n")
COMMA = r"(?<![0-9]),|,(?![0-9])"  # a comma between clauses: one inside a number ("1,250", "28,6") is none
BOUNDARY = re.compile(rf"{COMMA}|[;:()，；：、]| - | and | but | while | whereas | и | а | но ")
DIGIT = re.compile("[0-9]")  # in every figure (scripts/core/vocabulary.py): a sentence without one has none
YEAR = re.compile(r"(?<![A-Za-z0-9])(?<![A-Za-z]-)((?:19|20)[0-9]{2})(?![0-9A-Za-z])")
# A fiscal year is no calendar year ("FY2022-23", "fiscal year 2023", "2022/23"): it dates no figure by itself.
FISCAL = re.compile(r"(?:fiscal|financial|budget) year\s*$|FY\s*$|финансов\w* год\w*\s*$|财年\s*$", re.IGNORECASE)
SPLIT_YEAR = re.compile(r"[-–/]([0-9]{2})(?![0-9]|[-/][0-9])")


def fiscal_starts(text: str, start: int, end: int) -> set[int]:
    """The years a fiscal year written in text[start:end] may start in: 2022 for "2022-23"; for
    "fiscal year 2023", 2022 or 2023 (countries count it from either end)."""
    out = set()
    for m in re.finditer(r"(?<![A-Za-z0-9])(?:FY ?)?((?:19|20)[0-9]{2})(?![0-9])", text[start:end]):
        split, year = SPLIT_YEAR.match(text, start + m.end()), int(m.group(1))
        if split and int(split.group(1)) == (year + 1) % 100:
            out.add(year)
        elif FISCAL.search(text, max(start, start + m.start(1) - 20), start + m.start(1)):
            out |= {year - 1, year}
    return out
# A date's words: the words before a month that make it a date ("in May"), not a name ("Theresa May").
MONTH_LEAD = {"en": ("in", "since", "by", "until", "till", "from", "through", "during", "early", "late", "mid",
                     "mid-", "of", "last", "this", "next", "end of", "beginning of", "start of", "before", "after",
                     "as of", "on", "to", "between", "and", "the end of", "the start of"),
              "ru": ("в", "с", "до", "к", "по", "на", "начале", "конце", "середине", "и", "от"), "zh": ()}
BASE_LEAD = re.compile(r"(?<!\w)(?:from|since|compared (?:with|to)|relative to|over|than(?: in)?|against|versus|vs\.?|"
                       r"по сравнению с|в сравнении с|по отношению к|относительно|от уровня|против|чем|比|较|与|同比)[ ]?(?:the (?:(?:same|corresponding) period of |level of )?|(?:за |в )?"
                       r"(?:аналогичн|соответствующ)\w* период\w* )?(?:in |за |в |во )?$", re.IGNORECASE)
# Words after a year that do not make it an attribute ("the 2013 and 2014 figures").
NOT_NOUNS = {"and", "or", "to", "through", "until", "till", "in", "on", "at", "as", "when", "was", "were", "is", "are",
             "compared", "against", "from", "with", "by", "for", "of", "alone", "onwards", "figures", "figure"}
ADJECTIVES = {"bilateral", "annual", "joint", "new", "full", "total", "overall", "intergovernmental", "first",
              "second", "third", "fourth", "year-on-year", "cumulative"}
RU_PREPOSITIONS = {"для", "при", "без", "над", "под", "про", "через", "около", "после", "против", "среди", "кроме"}
QUARTER_HINT = re.compile(r"quarter|half|[QH][1-4]|[1-4][QH]|квартал|полугоди|季度|半年", re.IGNORECASE)
# With a month's name: a run of months may be there; a year's start or end, the year to date.
PART_HINT = re.compile(r"months|месяц|月|quarters|квартал|季度|\b(?:beginning|start|end|so far|to date)\b|начала|конц|конец|"
                       r"以来|初|底|末",
                       re.IGNORECASE)
# A year used as an attribute of the words after it ("the 2004 deal", "Kazakhstan's 2025 plan",
# "соглашения 2004 года"): it dates what those words name (scripts/bind/dates.py).
ATTRIBUTE_LEAD = re.compile(r"(?:\b(?:the|a|an|its|their|this|that|these|those|his|her|our)|['’]s) $", re.IGNORECASE)
ATTRIBUTE_NOUN = re.compile(r" ((?:[a-z][\w-]*)(?: [a-z][\w-]*){0,2})")
RU_LEAD = re.compile(r"(?<![\w-])([а-яё]{3,}) $")
RU_NOT_NOUN = re.compile(r"^(?:году|года|год|г|гг|между|после|перед|около|начиная|спустя|итог|конц|конец|начал|середин|течени|период|рамк|уровн|показател|сравнени|аналогичн|соответствующ)", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str  # 2014, 2014-03, 2014-03-05, 2014-Q1, 2014-01/2014-09 (a run of months), ????-Q1 (no year given)
    base: bool  # "from 2012", "compared with 2012": a date a change is measured from
    modifies: str = ""  # the words a year is an attribute of ("deal" in "the 2004 deal"), else ""
    relative: bool = False  # resolved against the publication date ("since the beginning of the year")


class Article:
    """An article's normal text, with what its words state, found once."""

    def __init__(self, text: str, language: str, published: dt.date, names: dict[str, list[str]],
                 groups: dict[str, list[str]] | None = None, entity_names: dict[str, list[str]] | None = None,
                 breaks: list[int] | None = None) -> None:
        self.text = text
        self.language = language
        self.published = published
        self.words = vocabulary(language)
        self.names = names  # place names of the registries (group names, aliases), lower case -> ids
        self.groups = groups or {}  # group id -> its member countries
        self.entity_names = entity_names or {}  # an entity's name or alias, lower case -> its ids
        self.sentence_starts = sorted({0, *(m.end() for m in SENTENCE_END.finditer(text)), *(breaks or ())})
        self._cache: dict[int, tuple] = {}
        self.memo: dict[str, dict] = {}  # what the binding finds once an article (scripts/bind/structure.py)
        self._starts: dict[int, tuple] = {}

    def sentence(self, at: int) -> tuple[int, int]:
        """The sentence around offset `at`: [start, end)."""
        return self._bounds(self._index(at))

    def clause_start(self, at: int, floor: int) -> int:
        """Where the clause of `at` starts (a comma, `and`...), from `floor`; a dash just before
        `at` joins its subject to it ("imports from China - 4.9 billion")."""
        ends = [m.end() for m in BOUNDARY.finditer(self.text, floor, at)
                if not (m.group() == " - " and not self.text[m.end():at].strip())]
        return ends[-1] if ends else floor

    # ---------------------------------------------------------------- per sentence
    def _index(self, at: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, at) - 1, 0)

    def _bounds(self, index: int) -> tuple[int, int]:
        start = self.sentence_starts[index]
        return start, self.sentence_starts[index + 1] if index + 1 < len(self.sentence_starts) else len(self.text)

    def _found(self, index: int) -> tuple[list[Figure], list[DateMention], list[PlaceMention]]:
        """The figures, dates and places of one sentence (each sorted by start), found when
        first asked for."""
        if index not in self._cache:
            a, b = self._bounds(index)
            dates = self._dates(a, b)
            figures = [Figure(f.number, f.scale, f.currencies, f.what, f.start + a, f.end + a, f.written)
                       for f in (self.words.figures(self.text[a:b]) if DIGIT.search(self.text, a, b) else ())]
            date_starts = [d.start for d in dates]
            figures = [f for f in figures if not (f.what == "plain" and not f.scale and inside(dates, date_starts, f.start))]
            money = [f for f in figures if f.currencies]
            money_starts = [f.start for f in money]
            places = [p for p in find_places(self.text, a, b, self.language, self._registered)
                      if not inside(money, money_starts, p.start)]  # "Hong Kong dollars" is money
            self._cache[index] = (figures, dates, places)
            self._starts[index] = tuple([m.start for m in found] for found in self._cache[index])
        return self._cache[index]

    def _in(self, kind: int, start: int, end: int) -> list:
        out = []
        for index in range(self._index(start), self._index(max(start, end - 1)) + 1):
            found, starts = self._found(index)[kind], self._starts[index][kind]
            out += [m for m in found[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)] if m.end <= end]
        return out

    def figures_in(self, start: int, end: int) -> list[Figure]:
        return self._in(0, start, end)

    def dates_in(self, start: int, end: int) -> list[DateMention]:  # with those a year before another (relative.py)
        return self._in(1, start, end)

    def places_in(self, start: int, end: int) -> list[PlaceMention]:
        return self._in(2, start, end)

    # ---------------------------------------------------------------- dates
    def _dates(self, a: int, b: int) -> list[DateMention]:
        found: list[DateMention] = []
        text = self.text
        months = self.words.months
        taken: list[tuple[int, int]] = []
        named_month = self.language != "zh" and month_word(self.language).search(text, a, b) is not None
        for start, end, value, relative in find_parts(text, a, b, self.language, self.published) \
                if named_month or PART_HINT.search(text, a, b) else []:
            if not any(x < end and start < y for x, y in taken):
                date = self._date(start, end, value, relative=relative)
                if re.search(r"\b(?:to|until|till|through|по|до)\b", text[start:end]):
                    date = DateMention(start, end, value, False, relative=relative)  # "from January to June 2023": a span
                found.append(date)
                taken.append((start, end))
        if self.language == "zh":
            for m in ZH_DATE.finditer(text, a, b):
                if m.group(1) and not any(x < m.end() and m.start() < y for x, y in taken):
                    value = f"{m.group(1)}-{int(m.group(2)):02d}" + (f"-{int(m.group(3)):02d}" if m.group(3) else "")
                    found.append(self._date(m.start(), m.end(), value))
                    taken.append(m.span())
        elif named_month:
            for m in month_pattern(self.language).finditer(text, a, b):
                name = m.group("month")
                if any(x < m.end() and m.start() < y for x, y in taken):
                    continue
                if self.language == "en" and not name[0].isupper():
                    continue
                number = months.get(name.lower().rstrip("."))
                day_text = m.group("d1") or m.group("d2")
                lead = text[max(0, m.start() - 14):m.start()].rstrip().lower()
                led = any(lead.endswith(w) for w in MONTH_LEAD.get(self.language, ()))
                if number is None or not (day_text or m.group("year") or led):
                    continue
                if not (year := m.group("year")):
                    continue  # a month without its year: resolved by `_as_written` only
                day = int(re.sub(r"\D", "", day_text)) if day_text else 0
                value = f"{year}-{number:02d}" + (f"-{day:02d}" if 1 <= day <= 31 else "")
                found.append(self._date(m.start(), m.end(), value))
                taken.append(m.span())
        for pattern, part in quarter_patterns(self.language) if QUARTER_HINT.search(text, a, b) else []:
            for m in pattern.finditer(text, a, b):
                if any(x < m.end() and m.start() < y for x, y in taken):
                    continue
                year, span, relative = year_near(text, *m.span(), a, b, self.published) or (UNKNOWN_YEAR, m.span(), False)
                found.append(self._date(*span, f"{year}-{part}", relative=relative))
                taken.append(span)
        for m in YEAR.finditer(text, a, b):
            if self.language == "zh" and not text.startswith("年", m.end()):
                continue  # Chinese writes a year "2023年": "2000家" is two thousand
            split = SPLIT_YEAR.match(text, m.end())
            if FISCAL.search(text, max(a, m.start() - 20), m.start()) or \
                    (split and int(split.group(1)) == (int(m.group(1)) + 1) % 100):
                continue
            if not any(x <= m.start() < y for x, y in taken):
                found.append(self._date(m.start(), m.end(), m.group(1), self._modifies(m.start(), m.end())))
        found = self._years_for_parts(sorted(found, key=lambda d: d.start))
        return sorted(found + year_earlier(text, a, b, self.language, found, self.published, taken, self._date),
                      key=lambda d: d.start)

    def _modifies(self, start: int, end: int) -> str:
        """The words a year is an attribute of: "deal" in "the 2004 deal" (after an article or
        a possessive), "соглашения" in "соглашения 2004 года" (a noun before it); else ""."""
        text = self.text
        if record_since(text, start, end, self.language):
            return "since"  # "the largest rise since 2015": a record's start, no date of the figure
        if self.language == "ru":
            lead = RU_LEAD.search(text[max(0, start - 30):start])
            if lead and re.match(r" ?(?:года|г\.)", text[end:end + 6]) and not RU_NOT_NOUN.match(lead.group(1)) \
                    and lead.group(1) not in RU_PREPOSITIONS:
                return lead.group(1)
            return ""
        if ATTRIBUTE_LEAD.search(text[max(0, start - 8):start]):
            noun = ATTRIBUTE_NOUN.match(text, end)
            words = [w for w in noun.group(1).split() if w not in ADJECTIVES] if noun else []
            if words and noun.group(1).split()[0] not in NOT_NOUNS:
                return words[0]
        return ""

    @staticmethod
    def _years_for_parts(found: list[DateMention]) -> list[DateMention]:
        """A part of a year written without its year ("in the first three months") takes the
        sentence's own year nearest it (not a base, not an attribute), which then dates
        nothing else: the figure is the part's, not the year's."""
        parts = [d for d in found if d.value.startswith(UNKNOWN_YEAR)]
        if not parts:
            return found
        years = [d for d in found if len(d.value) == 4 and not d.base and not d.modifies]
        for part in parts:
            if not years:
                break
            year = min(years, key=lambda d: abs(d.start - part.start))
            years.remove(year)
            found.remove(year)
            found[found.index(part)] = DateMention(part.start, part.end, part.value.replace(UNKNOWN_YEAR, year.value),
                                                   part.base)
        return found

    def _date(self, start: int, end: int, value: str, modifies: str = "", relative: bool = False) -> DateMention:
        lead = self.text[max(0, start - 40):start]
        return DateMention(start, end, value, bool(BASE_LEAD.search(lead.rstrip(" ,") + (" " if lead.endswith(" ") else ""))),
                           modifies, relative)

    @functools.cached_property
    def _registered(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((name, ids[0]) for name, ids in self.names.items()))

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
        """The sentence's first two places (its subject's: "China and Kazakhstan signed the deal
        in Tashkent, Uzbekistan"), each at its last mention."""
        last = {mention.code: mention for mention in mentions}
        return [last[code] for code in list(dict.fromkeys(m.code for m in mentions))[:2]]


def inside(spans: list, starts: list[int], at: int) -> bool:
    """Offset `at` is within one of `spans` (mentions sorted by start, whose starts are `starts`)."""
    index = bisect.bisect_right(starts, at) - 1
    return index >= 0 and spans[index].start <= at < spans[index].end


@functools.lru_cache(maxsize=4)
def month_pattern(language: str) -> re.Pattern:
    months = vocabulary(language).months
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True) if len(m) > 2)
    day = r"(?:[0-9]{1,2})(?![0-9])(?:st|nd|rd|th)?"
    return re.compile(rf"(?:(?P<d1>{day})(?: of)? )?(?P<month>{names})\.?(?: (?P<d2>{day}))?"
                      rf"(?:,? (?P<year>(?:19|20)[0-9]{{2}}))?(?![^\W\d_])", re.IGNORECASE)


@functools.lru_cache(maxsize=4)
def month_word(language: str) -> re.Pattern:  # a month's name as a whole word (a run of letters), in any case
    names = "|".join(re.escape(m) for m in sorted(vocabulary(language).months, key=len, reverse=True) if TOKEN.fullmatch(m))
    return re.compile(rf"(?<![^\W\d_])(?:{names or '(?!)'})(?![^\W\d_])", re.IGNORECASE)


ZH_DATE = re.compile(r"(?:([0-9]{4})年)?([0-9]{1,2})月(?:([0-9]{1,2})日)?")
