"""Cue words and cited words.

Cue words are data about a column: its `x-cues` in schemas/, per language, value ->
phrases ("… or more": a phrase right after the figure). Cited words are an override's
evidence: the phrases a note quotes in double quotes, found in the article, with words
outside the quotes that say why.
"""

from __future__ import annotations

import functools
import re

from scripts.bind.quote_text import normal
from scripts.schema.model import Field

CITED = re.compile(r'"([^"]+)"')
MIN_REASON_WORDS = 3  # an override says why in at least this many words of its own


def cue_values(fld: Field, language: str) -> dict[str, list[str]]:
    cues = fld.descriptor.get("x-cues") or {}
    return cues.get(language) or cues.get("en") or {}


def cues(fld: Field, language: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((value, tuple(phrases)) for value, phrases in cue_values(fld, language).items())


@functools.lru_cache(maxsize=256)
def _pattern(table_cues: tuple[tuple[str, tuple[str, ...]], ...], after: bool) -> tuple[re.Pattern, dict[str, list[str]]]:
    owners: dict[str, list[str]] = {}
    for value, phrases in table_cues:
        for phrase in phrases:
            if phrase.startswith("… ") == after:
                owners.setdefault(phrase.removeprefix("… ").lower(), []).append(value)
    parts = []
    for phrase in sorted(owners, key=len, reverse=True):
        body = re.escape(phrase).replace(r"\ ", " ")
        if re.match(r"\w", phrase) and not re.match(r"[\u4e00-\u9fff]", phrase):
            body = r"(?<![\w-])" + body
        if re.search(r"\w$", phrase) and not re.search(r"[\u4e00-\u9fff]$", phrase):
            body += r"(?![\w-])"
        if phrase == "up":
            body += r"(?! to )"  # "up to" is a bound, not a rise
        parts.append(body)
    return re.compile("|".join(parts) or "(?!)", re.IGNORECASE), owners


def find_cues(text: str, table_cues, start: int, end: int, before: bool) -> list[tuple[str, int, int]]:
    """(value, start, end) of each cue in text[start:end]; with `before` False, only the
    after-figure phrases ("… or more") at the start of the span."""
    pattern, owners = _pattern(table_cues, not before)
    found = []
    if before:
        for match in pattern.finditer(text, start, end):
            found += [(value, match.start(), match.end()) for value in owners[match.group().lower()]]
    else:
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        match = pattern.match(text, start + lead, end)
        if match:
            found += [(value, match.start(), match.end()) for value in owners[match.group().lower()]]
    return found


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
            if at >= 0:
                self.spans.append((at, at + len(phrase)))
            elif phrase:
                self.missing.append(phrase)
        own = CITED.sub(" ", clean)
        self.reasoned = len(re.findall(r"\w+", own)) >= MIN_REASON_WORDS

    @property
    def valid(self) -> bool:
        return bool(self.spans) and self.reasoned and not self.missing

    def vouches(self, fld: Field, value, article) -> tuple[int, int] | None:
        """A cited phrase with a cue word of `value` (or any of the column's cue words: the
        note then explains that word), when the note is valid."""
        if not self.valid:
            return None
        table_cues = cues(fld, article.language)
        for start, end in self.spans:
            found = find_cues(article.text, table_cues, start, end, before=True)
            if any(cue == value for cue, _, _ in found) or found:
                return start, end
        return None

    def naming(self, article, code: str) -> tuple[int, int] | None:
        """A cited phrase that names the place `code`."""
        if not self.valid:
            return None
        for start, end in self.spans:
            if any(p.code == code for p in article.places_in(start, end)):
                return start, end
        return None
