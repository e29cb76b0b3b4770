"""An archived text as the proof reads it: normalised (scripts/bind/quote_text.normal's
rules: NFKC but for numbers, straight quotes and dashes, single spaces), with the place in
the archived text of every normal character, so that words found in the normal form are
published at their place in the archived file (character offsets, end exclusive).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata

from scripts.bind.quote_text import normal

WORD = re.compile(r"\S+")
STRETCH = re.compile(r"\S+(?: \S+)*")  # words with single spaces between them


class Normalized:
    """`text`: `raw` normalised; `raw_span`: where a normal span is in `raw`."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = normal(raw)
        self._map: tuple[list[int], list[tuple[int, list[int] | None, list[int] | None]]] | None = None

    def _build(self):
        """Per word of `raw`: its normal start, and (for a word that normalising changes)
        each normal character's raw start and end."""
        starts: list[int] = []
        pieces: list[tuple[int, list[int] | None, list[int] | None]] = []
        at = 0
        if self.raw.isascii():  # normalising only joins white space: stretches between other white space map one to one
            for match in STRETCH.finditer(self.raw):
                starts.append(at)
                pieces.append((match.start(), None, None))
                at += len(match.group()) + 1
            return starts, pieces
        for match in WORD.finditer(self.raw):
            word = match.group()
            if word.isascii():
                starts.append(at)
                pieces.append((match.start(), None, None))
                at += len(word) + 1
                continue
            chars_from, chars_to, i = [], [], 0
            while i < len(word):
                j = i + 1
                while j < len(word) and unicodedata.combining(word[j]):
                    j += 1  # a character and its combining marks normalise together
                piece = normal(word[i:j])
                chars_from += [match.start() + i] * len(piece)
                chars_to += [match.start() + j] * len(piece)
                i = j
            if chars_from:
                starts.append(at)
                pieces.append((match.start(), chars_from, chars_to))
                at += len(chars_from) + 1
        return starts, pieces

    def _raw(self, offset: int, end: bool) -> int:
        if self._map is None:
            self._map = self._build()
        starts, pieces = self._map
        index = bisect.bisect_right(starts, offset) - 1
        if index < 0:
            return 0
        raw_start, chars_from, chars_to = pieces[index]
        inside = offset - starts[index]
        if chars_from is None:
            return raw_start + inside + (1 if end else 0)
        inside = min(inside, len(chars_from) - 1)
        return (chars_to if end else chars_from)[inside]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw [start, end) of the normal [start, end) (a span of whole characters)."""
        if end <= start:
            return self._raw(start, False), self._raw(start, False)
        return self._raw(start, False), self._raw(end - 1, True)

    def raw_words(self, start: int, end: int) -> str:
        a, b = self.raw_span(start, end)
        return self.raw[a:b]


@functools.lru_cache(maxsize=64)
def normalized(raw: str) -> Normalized:
    return Normalized(raw)
