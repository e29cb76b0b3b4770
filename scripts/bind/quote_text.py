"""Quote text: how a quote is compared with its archived text (Unicode NFKC but for
numbers, straight quotes and dashes, single spaces), and the closest passage shown when a
quote is not found."""

from __future__ import annotations

import functools
import re
import unicodedata

from scripts.core.problems import nearest

QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
                             "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
                             "–": "-", "—": "-", "‑": "-", "\u00a0": " ",
                             "\u200e": None, "\u200f": None, "\u061c": None})  # bidi marks: not part of the words


KEEP = 0xF0000  # a numeric character is parked here (private use) while NFKC runs


@functools.lru_cache(maxsize=4096)
def _park(char: str) -> str:
    """A non-ASCII character that is a digit or number (`³`, `٣`, `３`) parked where NFKC
    leaves it, so that no normalising turns it into an ASCII digit; others as they are."""
    if ord(char) >= KEEP:
        return "\ufffd"  # a private-use character where numbers are parked: never read as one
    if unicodedata.numeric(char, None) is not None:
        return chr(KEEP + ord(char)) if ord(char) < 0x10000 else "\ufffd"  # a digit of another plane: no digit
    return char


def normal(text: str) -> str:
    """Text compared for quotes: Unicode NFKC but for numbers, straight quotes, single spaces."""
    if not text.isascii():
        parked = "".join(_park(c) if ord(c) > 127 else c for c in text)
        folded = unicodedata.normalize("NFKC", parked).translate(QUOTE_MARKS)
        text = "".join(chr(ord(c) - KEEP) if KEEP <= ord(c) < KEEP + 0x10000 else c for c in folded)
    elif "`" in text:
        text = text.replace("`", "'")  # the one ASCII quote mark QUOTE_MARKS straightens, in any text
    return " ".join(text.split())


SENTENCE_END = re.compile(r"(?<=[.!?])[\"')]* +(?=[\"'(]*[A-Z])")


def closest_passage(quote: str, text: str) -> str:
    """The sentence of `text` closest to `quote`, to show where a quote went wrong. Only
    sentences of about the quote's length are compared, so a long text costs little."""
    q = normal(quote)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", normal(text)) if len(s) <= 3 * len(q) + 40]
    best = nearest(q, sentences[:1000])
    return best if best else ""


CLOSEST_FOR = 20  # quotes not found a run shows the closest passage for


def joins(left: str, right: str) -> bool:
    """Two characters of one word or number: both letters or digits, neither Chinese (whose
    words are written without spaces, so that a quote may start at any character)."""
    return left.isalnum() and right.isalnum() and not (_cjk(left) or _cjk(right))


def _cjk(char: str) -> bool:
    return "\u3000" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\U00020000" <= char <= "\U0003ffff"


def in_text(quote: str, text: str) -> bool:
    """`quote` is a span of `text` that starts and ends where words do: not inside a word or
    a number (`3.6 billion` cut from `23.6 billion`, `May` from `Mayor`)."""
    start = text.find(quote)
    while start >= 0:
        end = start + len(quote)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (joins(before, quote[0]) or (quote[0].isdigit() and before in ".,"
                                             and text[start - 2:start - 1].isdigit())) and \
                not (joins(quote[-1], after) or (quote[-1].isdigit() and after in ".,"
                                                  and text[end + 1:end + 2].isdigit())):
            return True
        start = text.find(quote, start + 1)
    return False


def line_breaks(raw: str) -> list[int]:
    """Where, in `normal(raw)`, a paragraph of the archived text starts: a blank line ends a
    sentence, so that a headline or a dateline without a full stop is not read into the lead
    (a single line end may wrap a sentence, and does not)."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts = [normal(line) for line in lines]
    if " ".join(p for p in parts if p) != normal(raw):
        return []  # normalising joined something across a line: no line is trusted to end one
    out, at, blank = [], 0, False
    for part in parts:
        if not part:
            blank = True
            continue
        if at and blank:
            out.append(at)
        at += len(part) + 1
        blank = False
    return out
