"""The proof of bounds, kinds and signs: the words around a figure (the `x-cues` of the
bound, kind and change columns in schemas/columns.yaml) must name the record's bound and
kind and the sign of its change, unless `wording_note` says why they differ."""

from __future__ import annotations

import functools
import re

from scripts.core.cells import cell
from scripts.core.problems import Problems
from scripts.read.rows import Row
from scripts.schema.registry import Field, Table


@functools.lru_cache(maxsize=64)
def cue_pattern(phrases: tuple[str, ...], after: bool) -> re.Pattern:
    words = sorted((p.removeprefix("… ") for p in phrases if p.startswith("… ") == after), key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", " ") for w in words) or "(?!)"
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def cues_at(cues: dict[str, list[str]], before: str, after: str) -> set[str]:
    """The values (bounds or kinds) whose cue words stand in `before` or start `after`."""
    found = set()
    for value, phrases in cues.items():
        key = tuple(phrases)
        if cue_pattern(key, False).search(before) or cue_pattern(key, True).match(after):
            found.add(value)
    return found


def sentence_by(quote: str, start: int, end: int, words_after: int) -> str:
    """The sentence of `quote` that states the figure at start:end, up to the figure and
    `words_after` words past it."""
    opening = max(quote.rfind(". ", 0, start), quote.rfind("; ", 0, start))
    return quote[opening + 1:start] + " " + " ".join(quote[end:].split()[:words_after])


def check_cues(row: Row, table: Table, quote: str, spans: list[tuple[int, int]], figure_at: tuple[int, int],
               problems: Problems) -> None:
    """The bound and kind agree with the words by the figure (any of its places in the quote)."""
    for fld in table.fields:
        cues = fld.descriptor.get("x-cues")
        value = row.values.get(fld.name)
        if not cues or value is None:
            continue
        if fld.kind == "change":  # the sign: a fall word in the sentence that states the figure
            check_sign(row, fld, cues, quote, spans, problems)
            continue
        plain = fld.default  # the value no cue word calls for: exact, actual
        agree, said = False, set()
        for start, end in spans:
            if fld.name == "bound":
                before = " ".join(quote[:start].split()[-3:])
                after = quote[end:end + 12].lstrip(" -")
            else:  # the kind: the sentence that states the figure, up to and a little past it
                before, after = sentence_by(quote, start, end, 4), ""
            found = cues_at(cues, before, after)
            said |= found
            if value in found or (value == plain and not found):
                agree = True
        if agree:
            continue
        words = " or ".join(f"`{w}`" for w in sorted(said)) if said else f"`{plain}`"
        problems.add(row.file, *row.marks.get(fld.name, figure_at), f"{row.table}.{fld.entry_key}",
                     f"the quote's words by the figure call for {fld.entry_key} {words}, not `{value}`",
                     f"write `{fld.entry_key}:` as the quote does, or say why it differs in `wording_note`")


def check_sign(row: Row, fld: Field, cues: dict[str, list[str]], quote: str, spans: list[tuple[int, int]],
               problems: Problems) -> None:
    """A fall is recorded as a negative change, a rise as a positive one: the sentence that
    states the change has a word of `x-cues.fall` exactly when the change is negative."""
    falls = tuple(cues.get("fall", []))
    for start, end in spans:
        if bool(cue_pattern(falls, False).search(sentence_by(quote, start, end, 3))) == (row.values[fld.name] < 0):
            return
    negative = row.values[fld.name] < 0
    problems.add(row.file, *row.at(fld.name), f"{row.table}.{fld.entry_key}",
                 "the quote states a rise, not a fall" if negative else "the quote states a fall, not a rise",
                 f"write `{fld.entry_key}: {cell(-row.values[fld.name])}`: a fall is a negative change")
