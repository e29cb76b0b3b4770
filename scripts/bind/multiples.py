"""Multiples written as words ("doubled", "fivefold", "вдвое", "翻了一番"): figures without a
digit, which every text accounts for like "3 times" (scripts/check/accounting.py) and the
draft proposes. Their words are the vocabulary's FOLD_WORDS, in English and the text's language."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from scripts.bind.mentions import Article
from scripts.core.vocabulary import FOLD_WORDS, Figure


@functools.lru_cache(maxsize=8)
def fold_numbers(language: str) -> dict[str, int]:
    """Each word of a multiple, lower case, in English and `language`, with its number."""
    return {word.lower(): number for lang in dict.fromkeys(("en", language))
            for number, forms in FOLD_WORDS.get(lang, {}).items() for word in forms}


@functools.lru_cache(maxsize=8)
def fold_pattern(language: str) -> re.Pattern:
    """The words of a multiple ("doubled", "fivefold", "вдвое", "翻一番") in English and `language`."""
    edge = "" if language == "zh" else r"(?<![\w-])"
    return re.compile(edge + "(" + "|".join(map(re.escape, sorted(fold_numbers(language), key=len, reverse=True))) + ")" +
                      ("" if language == "zh" else r"(?![\w-])"), re.IGNORECASE)


def fold_words(article: Article) -> list[Figure]:
    """Each multiple the article writes as a word, as a figure of `times`."""
    numbers = fold_numbers(article.language)
    return [Figure(Decimal(numbers[m.group(1).lower()]), 0, (), "times", m.start(1), m.end(1), m.group(1))
            for m in fold_pattern(article.language).finditer(article.text)]
