"""Problems found in the input, reported as `file:line:col: where: problem — fix`.

Every stage adds to one `Problems` list instead of raising, so that a run reports
all errors at once, grouped by file, and never shows a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

# What must not reach a terminal or a CI log raw from a value a message quotes: line
# breaks (a value could forge a line of its own), other control characters, and the
# bidirectional controls that reorder what is shown.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# What no file a pull request writes may hold, because a CSV cell, a page or a log would
# show it other than it reads: control characters (a bare CR splits a CSV row), the
# bidirectional overrides and isolates that reorder text (U+202E), non-characters and
# lone surrogates. A value of an entry may hold line breaks (LF) but nothing else of
# these, nor the bidi marks LRM, RLM and ALM (quotes are compared without them); an
# archived text may hold tabs, CRLF line ends and the bidi marks, which right-to-left
# text needs.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(p * 0x10000 + 0xfffe)}{chr(p * 0x10000 + 0xffff)}" for p in range(17))
FORBIDDEN_IN_VALUE = re.compile(
    f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff{_NONCHARACTERS}]")
FORBIDDEN_IN_TEXT = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff{_NONCHARACTERS}]|\r(?!\n)")


def forbidden(char: str) -> str:
    """What a forbidden character is, for a message: `control character U+000D`."""
    code = ord(char)
    kind = "bidirectional control" if 0x200e <= code <= 0x206f or code == 0x61c else \
        "non-character" if code >= 0xfdd0 else "control character"
    return f"{kind} U+{code:04X}"


def one_line(text: str) -> str:
    """`text` with every unsafe character written as an escape (\\n, \\u202e)."""
    return UNSAFE.sub(lambda m: NAMED.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


class Invalid(Exception):
    """A value that cannot be taken, with the fix: the caller reports it at the value's place."""

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    where: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.col}: "
        if self.where:
            text += f"{self.where}: "
        text += self.message
        if self.fix:
            text += f" — {self.fix}"
        return one_line(text)


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)
    _places: set[tuple[str, int, int, str]] = field(default_factory=set, repr=False)

    def add(self, file: str, line: int, col: int, where: str, message: str, fix: str = "") -> None:
        """Record a problem; a second one for the same value (file, place, field) is left out,
        so that a value a stage has already rejected is not reported again by a later stage."""
        if (file, line, col, where) not in self._places:
            self._places.add((file, line, col, where))
            self.items.append(Problem(file, line, col, where, message, fix))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def report(self) -> str:
        """All problems, sorted by file and line, one per line, with a count at the end."""
        lines = [str(p) for p in self.sorted()]
        files = len({p.file for p in self.items})
        lines.append(f"{len(lines)} problem(s) in {files} file(s); nothing was written.")
        return "\n".join(lines)


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The closest of `choices` to `word`, or None when nothing is close."""
    import difflib

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None
