"""Cue words and cited words.

Cue words are data about a column: its `x-cues` in schemas/, per language, value ->
phrases ("… or more": a phrase right after the figure). Cited words are an override's
evidence: the phrases a note quotes in double quotes, found in the article, with words
outside the quotes that say why.
"""

from __future__ import annotations

import bisect
import functools
import re

from scripts.bind.quote_text import normal
from scripts.schema.model import Field

CITED = re.compile(r'"([^"]+)"')
# A bound word that begins a span of time is a preposition of time, not a bound: "over the same
# period", "over the past decade", "under the previous five years" bound no figure.
TIME_SPAN = {"en": re.compile(r"\s+(?:the|this|that|these|those|a|an)\s+(?:(?:same|past|last|previous|next|first|"
                              r"following|whole|entire|[0-9]+|two|three|four|five|six|seven|eight|nine|ten|twelve)[\s-]+)*"
                              r"(?:period|years?|decades?|months?|quarters?|weeks?|days?|time|course)\b", re.IGNORECASE)}
MIN_REASON_WORDS = 3  # an override says why in at least this many words of its own


# An attribution set between commas or dashes ("more than, officials said, $5 billion"): no clause
# of its own, so words before it still bound the figure after it.
ASIDE = re.compile(r"[,—–]\s*(?:according to [^,—–]{1,60}|[^,—–]{1,60}?\b(?:said|says|told reporters|reported|noted|added|"
                   r"stated)|по (?:данным|словам|информации) [^,—–]{1,60}|[^,—–]{1,60}? (?:сообщил[аио]?|заявил[аио]?|"
                   r"отметил[аио]?))\s*[,—–]\s*$", re.IGNORECASE)


def begins_a_span_of_time(text: str, end: int, language: str) -> bool:
    """The words after a cue ending at `end` are a span of time ("over| the same period")."""
    pattern = TIME_SPAN.get(language)
    return bool(pattern and pattern.match(text, end))


def cue_values(fld: Field, language: str) -> dict[str, list[str]]:
    cues = fld.descriptor.get("x-cues") or {}
    return cues.get(language) or cues.get("en") or {}


class CueSet(tuple):
    """A column's cue phrases of one language, `((value, (phrase, ...)), ...)`, made once a
    column and language: hashed once, as the key of its indexes."""

    def __hash__(self) -> int:
        if "_hash" not in self.__dict__:
            self.__dict__["_hash"] = tuple.__hash__(self)
        return self.__dict__["_hash"]


_CUE_SETS: dict[tuple[int, str], tuple[Field, CueSet]] = {}


def cues(fld: Field, language: str) -> CueSet:
    kept = _CUE_SETS.get((id(fld), language))
    if kept is None or kept[0] is not fld:
        kept = _CUE_SETS[id(fld), language] = (fld, CueSet((value, tuple(phrases))
                                                           for value, phrases in cue_values(fld, language).items()))
    return kept[1]


WORD = re.compile(r"[^\W_]+")
# Words that deny the cue after them ("did not exceed", "never topped", "не превысил"): the
# cue is then read as `not <value>` (a bound's opposite: scripts/bind/binder.py).
NEGATIONS = {"not", "never", "no", "didn", "doesn", "don", "t", "nor", "neither", "hardly", "barely", "failed",
             "не", "ни", "никогда", "未", "没有", "不"}
CJK = re.compile(r"[\u4e00-\u9fff]")


RU_ENDINGS = {"л": ("а", "о", "и"), "ся": ("ась", "ось", "ись"), "н": ("а", "о", "ы"),
              "": ("а", "у", "ом", "е", "ы")}


def russian_forms(word: str) -> set[str]:
    """A Russian cue word's other forms, generated once from the one listed: a verb's past tense
    in every gender and number ("превысил": превысила, превысило, превысили; "вырос": выросла,
    выросло, выросли; "увеличился": увеличилась, увеличилось, увеличились), a short participle's
    ("подписан": подписана, подписано, подписаны) and a noun's commonest cases ("экспорт":
    экспорта, экспорту, экспортом, экспорте). Words not of these forms stay as they are."""
    forms = {word}
    if not re.fullmatch(r"[а-яё]{4,}", word):
        return forms
    if word.endswith(("лся", "лась", "лось", "лись")):
        stem = word[:-len("ся")] if word.endswith("лся") else word[:-len("ась")]
        return forms | {stem + "ся"} | {stem + ending for ending in RU_ENDINGS["ся"]}
    if word.endswith(("ла", "ло", "ли")):
        stem = word[:-1]
    elif word.endswith(("на", "но", "ны")) and word[-3] in "аеиё":
        return forms | {word[:-1]} | {word[:-1] + e for e in RU_ENDINGS["н"]}
    else:
        stem = word
    if stem.endswith("л"):
        masculine = stem[:-1] if stem[-2] in "сзгкбтрдп" else stem  # "выросла": вырос
        return forms | {masculine, stem} | {stem + e for e in RU_ENDINGS["л"]}
    if stem.endswith(("ан", "ен", "ён")):
        return forms | {stem + e for e in RU_ENDINGS["н"]}
    if stem[-1] in "сзгкбтрдп":  # a past tense without л ("вырос", "достиг") or a noun ending in a consonant
        return forms | {stem + e for e in ("ла", "ло", "ли") + RU_ENDINGS[""]}
    return forms


def phrase_forms(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The forms of a Russian phrase: each word's forms, the others as listed (at most 64)."""
    out = [()]
    for word in words:
        out = [done + (form,) for done in out for form in sorted(russian_forms(word))][:64]
    return out


class CueIndex:
    """A column's cue phrases of one position (before the figure, or right after it), by
    their words: matched word for word, longest first (so "no more than" is read before
    "more than"); a Russian phrase in the forms `russian_forms` generates (a listed phrase
    first: a form never takes another value's phrase); a phrase ending in `*` ("could *") with
    any lower-case word there, its first word written in lower case too ("may *" is never
    "May 2014"); Chinese phrases, written without spaces, by an expression."""

    def __init__(self, table_cues: tuple[tuple[str, tuple[str, ...]], ...], after: bool) -> None:
        self.phrases: dict[tuple[str, ...], list[str]] = {}
        cjk: dict[str, list[str]] = {}
        for value, phrases in table_cues:
            for phrase in phrases:
                if phrase.startswith("… ") != after:
                    continue
                phrase = phrase.removeprefix("… ").lower()
                if CJK.search(phrase):
                    cjk.setdefault(phrase, []).append(value)
                else:
                    words = tuple(WORD.findall(phrase)) + (("*",) if phrase.endswith(" *") else ())
                    self.phrases.setdefault(words, []).append(value)
        listed = set(self.phrases)
        for words, values in list(self.phrases.items()):
            if re.search("[а-яё]", " ".join(words)):
                for form in phrase_forms(words):
                    if form not in listed:
                        self.phrases.setdefault(form, list(values))
        self.wild = {words[0] for words in self.phrases if words[-1] == "*"}  # first words of `could *`
        self.first = {words[0] for words in self.phrases if words}
        self.longest = max((len(words) for words in self.phrases), default=1)
        self.cjk = re.compile("|".join(re.escape(p) for p in sorted(cjk, key=len, reverse=True)) or "(?!)")
        self.cjk_values = cjk

    def find(self, text: str, start: int, end: int, anchored: bool) -> list[tuple[str, int, int]]:
        starts, ends, lower, written = words_of(text)
        a, b = bisect.bisect_left(starts, start), bisect.bisect_right(ends, end)
        if anchored:
            b = min(b, a + self.longest) if a < b and not text[start:starts[a]].strip() else a
        found, i = [], a
        first, wild = self.first, self.wild
        while i < b:
            if lower[i] not in first:  # no phrase starts with this word
                if anchored:
                    break
                i += 1
                continue
            wildcard = lower[i] in wild and written[i].islower()
            for n in range(min(self.longest, b - i), 0, -1):
                values = self.phrases.get(tuple(lower[i:i + n]))
                if values is None and wildcard and n > 1 and lower[i + n - 1].isalpha() and written[i + n - 1].islower():
                    values = self.phrases.get(tuple(lower[i:i + n - 1]) + ("*",))
                if values and not (lower[i:i + n] == ["up"] and lower[i + 1:i + 2] == ["to"]):  # "up to" is a bound
                    denied = any(word in NEGATIONS for word in lower[max(a, i - 3):i])
                    found += [(("not " if denied else "") + value, starts[i], ends[i + n - 1]) for value in values]
                    i += n
                    break
            else:
                if anchored:
                    break
                i += 1
            if anchored:
                break
        if CJK.search(text, start, end):
            matches = [self.cjk.match(text, start + len(text[start:end]) - len(text[start:end].lstrip()), end)] \
                if anchored else list(self.cjk.finditer(text, start, end))
            found += [(value, m.start(), m.end()) for m in matches if m for value in self.cjk_values[m.group()]]
        return found


_WORDS: list = [None, None]  # the last text read word by word, and its words


def words_of(text: str) -> tuple[list[int], list[int], list[str], list[str]]:
    """The words of `text` (their starts, ends, lower-case and written forms), found once a text."""
    if _WORDS[0] is not text:
        matches = list(WORD.finditer(text))
        _WORDS[:] = [text, ([m.start() for m in matches], [m.end() for m in matches],
                            [m.group().lower() for m in matches], [m.group() for m in matches])]
    return _WORDS[1]


@functools.lru_cache(maxsize=256)
def cue_index(table_cues: tuple[tuple[str, tuple[str, ...]], ...], after: bool) -> CueIndex:
    return CueIndex(table_cues, after)


def find_cues(text: str, table_cues, start: int, end: int, before: bool) -> list[tuple[str, int, int]]:
    """(value, start, end) of each cue in text[start:end]; with `before` False, only the
    after-figure phrases ("… or more") at the start of the span."""
    return cue_index(table_cues, not before).find(text, start, end, anchored=not before)


class Cited:
    """The phrases a record's note cites from its article (normal offsets), and whether
    the note says why in words of its own."""

    def __init__(self, note: str | None, text: str) -> None:
        self.note = note or ""
        self.spans: list[tuple[int, int]] = []
        self.missing: list[str] = []
        clean = normal(self.note)
        for phrase in CITED.findall(clean):
            phrase = phrase.strip(" ,.")
            at = text.find(phrase) if phrase else -1
            if at < 0 and phrase[:1].isupper():  # a quotation capitalised where the article's words start lower case
                at = text.find(phrase[0].lower() + phrase[1:])
            if at >= 0:
                self.spans.append((at, at + len(phrase)))
            elif phrase:
                self.missing.append(phrase)
        own = CITED.sub(" ", clean)
        self.reasoned = len(re.findall(r"\w+", own)) >= MIN_REASON_WORDS

    @property
    def valid(self) -> bool:
        return bool(self.spans) and self.reasoned and not self.missing

    def vouches(self, fld: Field, value, article, within: tuple[int, int] | None = None) -> tuple[int, int] | None:
        """A cited phrase with a cue word of `value` itself, when the note is valid (and, with
        `within`, the phrase overlaps those words of the article: the figure's own sentence)."""
        if not self.valid:
            return None
        table_cues = cues(fld, article.language)
        for start, end in self.spans:
            if within and (end <= within[0] or start >= within[1]):
                continue
            if any(cue == value for cue, _, _ in find_cues(article.text, table_cues, start, end, before=True)):
                return start, end
        return None

    def covering(self, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
        """A cited phrase that holds one of `spans`: the words by the figure that call for another
        value, which the note then explains ("over" here means "during")."""
        if not self.valid:
            return None
        return next(((a, b) for a, b in self.spans for start, end in spans if a <= start and end <= b), None)

    def naming(self, article, code: str) -> tuple[int, int] | None:
        """A cited phrase that names the place `code`."""
        if not self.valid:
            return None
        for start, end in self.spans:
            if any(p.code == code for p in article.places_in(start, end)):
                return start, end
        return None
