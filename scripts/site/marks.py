"""Marks: a record's quote shown with the words that state each of its values marked.

The bindings (evidence.csv) place the words in the archived text, by character offsets;
the quote shown is the entry's, which may space or quote them otherwise (the proof compares
the two normalised: scripts/bind/). Each binding is therefore carried from the text to the
quote through the quote's own binding, character by character of their common normal form,
and any that falls outside the quote is left out. Overlapping or nested bindings are cut
where any of them starts or ends: each piece is one `<mark>` that names every value it
states, so that the HTML stays well nested. Every piece of text is escaped by `e`.
"""

from __future__ import annotations

from typing import Callable

from scripts.bind.text import Normalized, normalized
from scripts.site.escape import e

Binding = tuple[str, int, int]  # (column, start, end) in the archived text, end exclusive


def _carry(quote: str, text: str, start: int, end: int) -> Callable[[int, int], tuple[int, int] | None] | None:
    """How a span [a, b) of the text maps into the quote, which stands at [start, end) of
    it; None when the quote cannot be placed there."""
    if text[start:end] == quote:  # the quote as the text writes it: offsets carry over
        def same(a: int, b: int) -> tuple[int, int] | None:
            a, b = max(a, start) - start, min(b, end) - start
            return (a, b) if a < b else None
        return same
    whole, own = normalized(text), Normalized(quote)
    at = whole.text.find(own.text)
    while at >= 0 and whole.raw_span(at, at + len(own.text)) != (start, end):
        at = whole.text.find(own.text, at + 1)
    if at < 0 or not own.text:
        return None
    # per character of the normal form (spaces between words aside): its place in the text and in the quote
    places = [(whole.raw_span(at + i, at + i + 1), own.raw_span(i, i + 1))
              for i, char in enumerate(own.text) if char != " "]

    def normal(a: int, b: int) -> tuple[int, int] | None:
        inside = [in_quote for in_text, in_quote in places if in_text[0] < b and in_text[1] > a]
        return (min(p[0] for p in inside), max(p[1] for p in inside)) if inside else None
    return normal


def marked(quote: str, text: str | None, bindings: list[Binding], quote_column: str,
           label: Callable[[list[str]], str]) -> str:
    """The quote as escaped HTML, each bound span of it in a <mark> labelled by
    `label(columns)` (plain text: escaped here). `bindings` are the record's; the one of
    `quote_column` places the quote in `text` and is not marked (it is the whole quote)."""
    placed = sorted((s, t) for column, s, t in bindings if column == quote_column)
    others = len(placed) < len(bindings)
    carry = _carry(quote, text, *placed[0]) if text is not None and placed and others else None
    if carry is None:
        return e(quote)
    spans = []
    for column, start, end in bindings:
        where = carry(start, end) if column != quote_column else None
        if where:
            spans.append((*where, column))
    cuts = sorted({0, len(quote)} | {at for a, b, _ in spans for at in (a, b)})
    pieces: list[tuple[int, int, list[str]]] = []
    for a, b in zip(cuts, cuts[1:]):
        columns = list(dict.fromkeys(c for s, t, c in sorted(spans) if s <= a and b <= t))
        if pieces and pieces[-1][2] == columns:
            pieces[-1] = (pieces[-1][0], b, columns)  # the same values on: one piece
        else:
            pieces.append((a, b, columns))
    out = []
    for a, b, columns in pieces:
        words = e(quote[a:b])
        if columns:
            name = e(label(columns))
            words = (f'<mark class="srt-evidence" role="group" tabindex="0" aria-label="{name}" title="{name}">'
                     f"{words}</mark>")
        out.append(words)
    return "".join(out)
