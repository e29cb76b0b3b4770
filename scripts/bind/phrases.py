"""A phrase found as words in a text, case-insensitively (`find_phrase`), by an expression
compiled once a phrase; and the phrases that may be found in a text, told at once without
an expression (`may_find`)."""

from __future__ import annotations

import functools
import re

CJK = re.compile(r"[\u4e00-\u9fff]")


def find_phrase(text: str, phrase: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """`phrase` as words in text[start:end] (case-insensitive), or None."""
    match = phrase_pattern(phrase).search(text, start, len(text) if end is None else end)
    return match.span() if match else None


@functools.lru_cache(maxsize=4096)
def phrase_pattern(phrase: str) -> re.Pattern:
    whole = phrase[:1].isalnum() and phrase[-1:].isalnum() and not CJK.search(phrase)
    bounded = rf"(?<![\w]){re.escape(phrase)}(?![\w])" if whole else re.escape(phrase)  # Chinese has no spaces
    return re.compile(bounded, re.IGNORECASE)


# With re.IGNORECASE an ASCII letter matches itself in either case and four other letters (the
# re module's documentation: İ, ı, ſ and the Kelvin sign), each folded here to the ASCII letter.
ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def may_find(phrases, text: str) -> list[str]:
    """The phrases find_phrase may find in `text`: an ASCII one only if it is a substring of the
    text in lower case with those four letters folded; every other one."""
    folded = text.translate(ASCII_FOLD).lower()
    return [phrase for phrase in phrases if not phrase.isascii() or phrase.lower() in folded]
