"""The structure of a figure's sentence, as far as the binding needs it:

- **respectively**: "exports and imports reached 12 and 8 billion dollars in 2013 and 2014
  respectively" pairs the figures with the dates, the flow words and the places of their lists
  by order (`Respective`); a figure's own date, flow and place are then those of its rank.
- **appositions**: "Kazakhstan, the largest Central Asian economy, ..." — words between commas
  (or brackets) after a place that describe it. A place named only there is not a place of the
  figure, and does not widen its clause.
- **the places of a figure**: the words of its sentence from the end of the figure before it
  (or the sentence's start, or a clause boundary such as "; " or ", while") to the figure, and
  after it to the next boundary, appositions left out: every place named there is a place the
  record must carry, unless the words say the figure is for one of them; and where they name a
  member of a group, the figure is the member's, not the group's (`members_named`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.bind.mentions import COMMA, Article
from scripts.core.vocabulary import Figure

RESPECTIVELY = re.compile(r"(?<![\w-])(?:respectively|соответственно)(?![\w-])|分别", re.IGNORECASE)
LIST_JOIN = re.compile(r"^ ?(?:,|and|, and|и|、|和|与|及|as well as|or) ?$")
# Words after a place and ", " (or " (") up to the next comma (or ")"): an apposition when they
# open with one of OPENER's words or a place's possessive ("Central Asia's largest economy").
SEGMENT = re.compile(r"(?:, | \(|(?=是))([^,;()，。；]{1,100}?)(?:,|\)|，|$)")
OPENER = re.compile(r"(?:the|a|an|its|their|one of|of which|which|whose|where|home to|a member of|among|including|"
                    r"together with|along with|mainly|mostly|chiefly|notably|especially|led by|крупнейш\w*|котор\w*|"
                    r"где|являющ\w*|один из|одна из|входящ\w*|в том числе|прежде всего)(?![\w-])|是",
                    re.IGNORECASE)
# Words that make the members after them part of a group named before them ("Central Asian
# countries, including Kazakhstan"): the group is still the figure's place.
INCLUDING = re.compile(r"(?<![\w-])(?:including|such as|like|notably|especially|in particular|включая|в том числе|"
                       r"таких как|такими как|в частности)(?![\w-])|包括|例如", re.IGNORECASE)
# Words that make what follows them an item of the thing before them ("12 agreements, including a
# $300 million loan deal", "among them", "из них", "其中"): a figure there is the item's.
ITEM_OF = re.compile(INCLUDING.pattern + r"|(?<![\w-])(?:among them|among which|of which|of them|one of them|one of which|из них|один из них|одно из них|"
                     r"среди них|из которых)(?![\w-])|其中", re.IGNORECASE)
# Where a figure's places stop: a new clause with a subject of its own.
STRONG_BOUNDARY = re.compile(r"[;:]|, (?:while|whereas|but|with|as|after|when|although|though|which)(?![\w-])| "
                             r"(?:while|whereas|but)(?![\w-])|, а |, но |, тогда как |; |，而|；")
# Where the clause of a thing a record names (an agreement: its name) stops: a clause with a
# subject of its own ("signed a memorandum ..., while China and Armenia adopted ...", "; a free
# trade agreement ... took effect"), not one that describes it (", which was signed in 2022,").
SUBJECT_BOUNDARY = re.compile(r"[;:]|,? (?:while|whereas)(?![\w-])|, and (?=(?:the )?[A-ZА-Я])|, (?:а|тогда как|в то время как) |"
                              r"；|[，,] ?而|[，,] ?(?=[^，,。；;]{0,6}(?:与|和)[^，,。；;]{0,12}(?:签署|签订|通过|发表))")  # NFKC: "，" is ","
# A place that names who states the figure, not what it is about: "according to Russian customs",
# "Russian analysts said", "по данным российской таможни", "据俄罗斯海关".
STATER_BEFORE = re.compile(r"(?:according to|citing|cited by|по данным|по словам|по информации|据|根据)[^,;:.]{0,40}$",
                           re.IGNORECASE)
STATER_LEAD = re.compile(r"accord|cit|по |据|根据", re.IGNORECASE)  # a quick look before the full one
STATER_AFTER = re.compile(r"^[^,;:.]{0,30}?(?<![\w-])(?:said|says|told|reported|reports|announced|stated|noted|estimated|"
                          r"estimates|customs|statistics|data show|figures show|сообщил\w*|заявил\w*|отметил\w*|"
                          r"таможн\w*|статистик\w*)(?![\w-])|^[^，。]{0,12}(?:海关|统计|表示|称)", re.IGNORECASE)
AFTER_BOUNDARY = re.compile(rf"{COMMA}|[;:]| and | but | while | whereas | и | а | но |，|；|、")


@dataclass(frozen=True)
class Respective:
    """The rank of a figure in a list of figures its sentence pairs "respectively"."""

    rank: int
    count: int
    start: int  # where the list of figures starts

    def pick(self, items: list) -> object | None:
        """The item of the figure's rank, when `items` has one per figure; else None."""
        return items[self.rank] if len(items) == self.count else None


def respective(article: Article, figure: Figure) -> Respective | None:
    """The figure's rank when its sentence says "respectively" of the list it stands in (found
    once a figure)."""
    memo = article.memo.setdefault("respective", {})
    if figure.start not in memo:
        memo[figure.start] = _respective(article, figure)
    return memo[figure.start]


def _respective(article: Article, figure: Figure) -> Respective | None:
    start, end = article.sentence(figure.start)
    if not RESPECTIVELY.search(article.text, start, end):
        return None
    figures = [f for f in article.figures_in(start, end) if f.what == figure.what or not f.scale or not figure.scale]
    at = next((i for i, f in enumerate(figures) if f.start == figure.start), None)
    if at is None:
        return None
    first = last = at
    while first > 0 and LIST_JOIN.match(article.text[figures[first - 1].end:figures[first].start]):
        first -= 1
    while last + 1 < len(figures) and LIST_JOIN.match(article.text[figures[last].end:figures[last + 1].start]):
        last += 1
    if last == first:
        return None
    return Respective(at - first, last - first + 1, figures[first].start)


def appositions(article: Article, start: int, end: int) -> list[tuple[int, int]]:
    """The appositions in text[start:end]: words between commas or brackets right after a place
    name that describe that place ("Kazakhstan, the largest Central Asian economy,", "Kazakhstan,
    Central Asia's largest economy,"), not the next place of a list ("Kazakhstan, the Kyrgyz
    Republic and Uzbekistan")."""
    memo, out = article.memo.setdefault("appositions", {}), []
    at = start
    while at < end:  # found once a sentence, kept by the sentence's start
        sentence = article.sentence(at)
        if sentence[0] not in memo:
            memo[sentence[0]] = _appositions(article, *sentence)
        out += [(a, b) for a, b in memo[sentence[0]] if start <= a and b <= end]
        at = max(sentence[1], at + 1)
    return out


def _appositions(article: Article, start: int, end: int) -> list[tuple[int, int]]:
    text = article.text
    places = article.places_in(start, end)
    out = []
    for place in places:
        match = SEGMENT.match(text, place.end, end)
        if not match:
            continue
        words = match.group(1)
        lead = match.start(1) + len(re.match(r"(?:the |a |an )?", words).group())
        named = next((p for p in places if p.start == lead), None)  # the segment opens with a place's name
        listed = named is not None and not text[named.end:match.end(1)].strip(" .")  # and is only that name
        possessive = named is not None and re.match(r"['’]s\b", text[named.end:named.end + 2])
        if (not listed and OPENER.match(words)) or possessive:
            out.append((match.start(), match.end()))
    return out


def stater(article: Article, place, start: int) -> bool:
    """The place names who states the figure ("according to Russian customs")."""
    text = article.text
    before = text[max(start, place.start - 60):place.start]
    return bool(STATER_LEAD.search(before) and STATER_BEFORE.search(before) or
                STATER_AFTER.match(text[place.end:place.end + 40]))


def outside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(a <= start and end <= b for a, b in spans)


def figure_scope(article: Article, figure: Figure, floor: int, ceiling: int) -> tuple[int, int]:
    """The words whose places are the figure's: back to the figure before it in its sentence (and
    the first boundary after that one), or a clause boundary, and on to the next boundary."""
    text = article.text
    sentence_start, sentence_end = article.sentence(figure.start)
    start = max(sentence_start, floor)
    before = [f for f in article.figures_in(start, figure.start) if f.end <= figure.start]
    if before:
        start = before[-1].end
        boundary = AFTER_BOUNDARY.search(text, start, figure.start)
        start = boundary.end() if boundary else start
    skip = appositions(article, start, figure.start)
    for match in STRONG_BOUNDARY.finditer(text, start, figure.start):
        if outside(skip, match.start(), match.end()):
            start = match.end()
    tail = AFTER_BOUNDARY.search(text, figure.end, min(sentence_end, ceiling))
    return start, tail.start() if tail else min(sentence_end, ceiling)


def members_named(article: Article, figure: Figure, group: str, members: set[str]) -> list:
    """The members of `group` the figure's own words name (figure_scope, appositions and staters
    left out; where they do not name the group, the members its sentence names), but those a
    list after the group's own name includes ("Central Asian countries, including Kazakhstan"):
    the figure is then theirs, not the group's ("trade with Turkmenistan reached $11 billion,
    more than with any other Central Asian country"; "with Georgia taking $1.2 billion")."""
    if respective(article, figure) is not None:
        return []  # a list's places are paired by rank (scripts/bind/fields.py)

    def named_in(start: int, end: int) -> list:
        skip = appositions(article, start, end)
        return [p for p in article.places_in(start, end) if p.code and outside(skip, p.start, p.end)
                and not stater(article, p, start)]
    named = named_in(*figure_scope(article, figure, 0, len(article.text)))
    if not any(p.code == group for p in named):  # the group is not the figure's: no member of its sentence is in it
        named = named_in(*article.sentence(figure.start))  # ("Kazakhstan was China's largest partner in Central
        #                                                     Asia, with trade of $41 billion")
    out = []
    for place in (p for p in named if p.code in members):
        before = [g for g in named if g.code == group and g.end <= place.start]
        if not (before and INCLUDING.search(article.text, before[-1].end, place.start)):
            out.append(place)
    return out


def named_clause(article: Article, at: tuple[int, int]) -> tuple[int, int]:
    """The clause of the words at `at` (a record's name): its sentence, cut at the boundaries of
    clauses with subjects of their own."""
    start, end = article.sentence(at[0])
    for match in SUBJECT_BOUNDARY.finditer(article.text, start, end):
        if match.end() <= at[0]:
            start = match.end()
        elif match.start() >= at[1]:
            return start, match.start()
    return start, end


def only_included(article: Article, figure: Figure, code: str) -> str | None:
    """The group whose list ("Central Asian countries, including Kazakhstan") is the only place
    the figure's sentence names the member `code`: the figure is the group's; else None."""
    start, end = article.sentence(figure.start)
    places = article.places_in(start, end)
    mine = [p for p in places if p.code == code]
    groups = {p.code: members for p in places if (members := article.groups.get(p.code)) and code in members}
    holders = []
    for place in mine:
        before = [g for g in places if g.code in groups and g.end <= place.start]
        if not (before and INCLUDING.search(article.text, before[-1].end, place.start)):
            return None
        holders.append(before[-1].code)
    return holders[0] if holders else None
