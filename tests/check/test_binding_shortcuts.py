"""The binding's shortcuts change nothing it finds: a phrase skipped by may_find is one
find_phrase cannot find; the year-earlier phrases, their boundaries shared, match where each
bounded on its own matches, and a sentence without a year word holds none; a sentence
without a digit holds no figure."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.bind.mentions import DIGIT
from scripts.bind.phrases import ASCII_FOLD, find_phrase, may_find
from scripts.bind.relative import CJK, YEAR_WORDS, hint, pattern
from scripts.core.vocabulary import YEAR_EARLIER, vocabulary


def test_the_only_letters_an_ascii_letter_matches_without_case_are_folded():
    """Every character that re.IGNORECASE lets an ASCII character match is ASCII, or folded by
    ASCII_FOLD to the one it matches: so an ASCII phrase found is in the text folded."""
    ascii_class = re.compile("[\x00-\x7f]", re.IGNORECASE)
    matching = [chr(c) for c in range(128, sys.maxunicode + 1) if ascii_class.fullmatch(chr(c))]
    assert sorted(matching) == sorted(chr(c) for c in ASCII_FOLD)
    for char in matching:
        folded = char.translate(ASCII_FOLD)
        assert folded.isascii() and re.fullmatch(re.escape(folded), char, re.IGNORECASE), char


LETTERS = "abcikst KSİıſKé-. 中"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=LETTERS, max_size=30), st.text(alphabet=LETTERS, min_size=1, max_size=5))
def test_a_phrase_may_find_skips_is_not_there(text, phrase):
    if not may_find([phrase], text):
        assert find_phrase(text, phrase) is None


def bounded_one_by_one(language: str) -> re.Pattern:
    """The year-earlier phrases as they were written: each with its own boundaries."""
    phrases = set(YEAR_EARLIER.get(language, ())) | set(YEAR_EARLIER["en"])
    return re.compile("|".join(re.escape(p) if CJK.search(p) else rf"(?<![\w-]){re.escape(p)}(?![\w-])"
                               for p in sorted(phrases, key=len, reverse=True)), re.IGNORECASE)


def pieces(language: str) -> list[str]:
    words = {w for p in set(YEAR_EARLIER.get(language, ())) | set(YEAR_EARLIER["en"]) for w in p.split(" ")}
    return sorted(words) + ["-", " ", ", ", "2023", "YEAR", "Last", "x"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["en", "ru", "zh"]).flatmap(
    lambda language: st.tuples(st.just(language), st.lists(st.sampled_from(pieces(language)), max_size=12))))
def test_the_year_earlier_phrases_match_as_before(case):
    language, words = case
    text = " ".join(words)
    for a, b in ((0, len(text)), (len(text) // 3, len(text))):
        found = [m.span() for m in pattern(language).finditer(text, a, b)]
        assert found == [m.span() for m in bounded_one_by_one(language).finditer(text, a, b)]
        assert not found or hint(language).search(text, a, b)
        for start, end in found:
            assert pattern(language).fullmatch(text, start, end)


def test_every_year_earlier_phrase_holds_a_year_word():
    """Else the hint would let every sentence through: right, but slow."""
    for phrases in YEAR_EARLIER.values():
        assert all(any(word in p for word in YEAR_WORDS) for p in phrases)


FIGURE_PIECES = ["$", "US$", "USD", "5", "1,250", "28,6", "0.5", "billion", "million", "млрд", "долларов", "亿",
                 "美元", "k", "m", "per cent", "%", "times", " ", ", ", "."]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["en", "ru", "zh"]), st.lists(st.sampled_from(FIGURE_PIECES), max_size=10))
def test_every_figure_holds_a_digit(language, pieces):
    """The figures of a sentence without a digit are not looked for (mentions.py): there are none."""
    text = "".join(pieces)
    assert all(DIGIT.search(match.group()) for match in vocabulary(language).figure.finditer(text))


def test_a_change_on_another_span_takes_no_year_before():
    """"month-on-month", "环比", "к предыдущему месяцу": a change measured from another span than
    the same one a year before is never given the year before as its base."""
    from scripts.bind.dates import OTHER_SPAN
    for words in ("rose 20 percent month-on-month in March 2024", "3月环比增长20%", "выросли на 20% к предыдущему месяцу",
                  "up 5% quarter-on-quarter", "from the whole of 2023"):
        assert OTHER_SPAN.search(words), words
    assert not OTHER_SPAN.search("rose 20 percent in 2023 from the previous year")
