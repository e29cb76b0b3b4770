"""Place names in a text: every country's name in the text's language and English (CLDR,
ISO, and the demonyms of scripts/core/vocabulary.py), the registries' group names and
aliases, and words that refer back to two places ("the two sides"), found word by word."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from scripts.core.vocabulary import BOTH_SIDES, vocabulary


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    code: str  # ISO alpha-3, a group id, or "" for words that refer back ("the two sides")


TOKEN = re.compile(r"[^\W\d_]+")
CJK = re.compile(r"[\u4e00-\u9fff]")
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


class PlaceIndex:
    """Every place name of a language (and English) and of the registries, by its words:
    a name is matched word by word (a capitalised name only where the text capitalises it),
    a Russian one in any of its cases (its stem and up to four letters), a Chinese one as
    characters; words that refer back ("the two sides") stand for "" ."""

    def __init__(self, language: str, registered: tuple[tuple[str, str], ...]) -> None:
        self.phrases: dict[tuple[str, ...], tuple[str, bool]] = {}
        self.stems: dict[str, str] = {}
        cjk: dict[str, str] = {}
        entries = list(vocabulary(language).places) + list(registered)
        entries += [(phrase, "") for phrase in BOTH_SIDES.get(language, ()) + (BOTH_SIDES["en"] if language != "en" else ())]
        for name, code in entries:
            if CJK.search(name):
                cjk.setdefault(name, code)
                continue
            words = tuple(w.lower() for w in TOKEN.findall(name))
            if not words:
                continue
            cyrillic = CYRILLIC.search(name)
            if cyrillic and len(words) == 1:
                stem = words[0][:-1] if words[0][-1] in "аяйьео" else words[0]
                if len(stem) >= 4:  # a short name in its other cases would match common words ("того": Togo)
                    self.stems.setdefault(stem, code)
            self.phrases.setdefault(words, (code, name[:1].isupper() and not cyrillic))
        self.longest = max((len(w) for w in self.phrases), default=1)
        self.first = {words[0] for words in self.phrases}  # a name's first word: where a name may start
        self.cjk = re.compile("|".join(re.escape(n) for n in sorted(cjk, key=len, reverse=True)) or "(?!)")
        self.cjk_codes = cjk

    def find(self, text: str, a: int, b: int) -> list[PlaceMention]:
        tokens = list(TOKEN.finditer(text, a, b))
        lower = [t.group().lower() for t in tokens]
        found: list[PlaceMention] = []
        i = 0
        first = self.first
        while i < len(tokens):
            hit = None
            for n in range(min(self.longest, len(tokens) - i), 0, -1) if lower[i] in first else ():
                entry = self.phrases.get(tuple(lower[i:i + n]))
                if entry and (not entry[1] or tokens[i].group()[0].isupper()):
                    hit = (n, entry[0])
                    break
            if hit is None and self.stems and CYRILLIC.match(lower[i]):
                word = lower[i]
                for k in range(len(word), max(len(word) - 5, 1), -1):
                    if word[:k] in self.stems:
                        hit = (1, self.stems[word[:k]])
                        break
            if hit:
                n, code = hit
                found.append(PlaceMention(tokens[i].start(), tokens[i + n - 1].end(), code))
                i += n
            else:
                i += 1
        if CJK.search(text, a, b):
            found += [PlaceMention(m.start(), m.end(), code) for m in self.cjk.finditer(text, a, b)
                      for code in self.cjk_codes[m.group()].split("+")]  # "中哈": China and Kazakhstan
        return sorted(found, key=lambda p: p.start)


@functools.lru_cache(maxsize=16)
def place_index(language: str, registered: tuple[tuple[str, str], ...]) -> PlaceIndex:
    return PlaceIndex(language, registered)


def find_places(text: str, a: int, b: int, language: str, registered: tuple[tuple[str, str], ...]) -> list[PlaceMention]:
    return place_index(language, registered).find(text, a, b)
