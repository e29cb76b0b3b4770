"""The words around a drafted figure (scripts/contrib/draft.py): the cue words of
schemas/ nearest it, its places (China's side first), its counted units, and why a figure no
record holds is left out (a change by an amount, a quantity in another unit); its dates are
draft_dates.py's."""

from __future__ import annotations

import re

from scripts.bind.binder import changed_by
from scripts.bind.mentions import Article
from scripts.core.vocabulary import Figure
from scripts.schema.registry import record_tables, tables

CHINA = "CHN"
CJK = re.compile(r"[\u4e00-\u9fff]")


def cues(table: str, column: str, language: str) -> dict[str, list[str]]:
    """The cue words of a column of schemas/ in `language`: value -> words."""
    fld = tables()[table].by_name.get(column)
    return ((fld.descriptor.get("x-cues") or {}).get(language) or {}) if fld is not None else {}


def nearest_cue(article: Article, table: str, column: str, figure: Figure, span: tuple[int, int],
                before_only: bool = False) -> str | None:
    """The value whose cue words stand nearest the figure in its sentence."""
    found = cue_distance(article, table, column, figure, span, before_only)
    return found[1] if found else None


def cue_distance(article: Article, table: str, column: str, figure: Figure, span: tuple[int, int],
                 before_only: bool = False) -> tuple[int, str] | None:
    """(distance, value) of the cue words nearest the figure in `span`, or None."""
    text = article.text
    best: tuple[int, str] | None = None
    for value, words in cues(table, column, article.language).items():
        for word in words:
            after = word.startswith("… ")
            phrase = word[2:] if after else word
            bounded = phrase[:1].isalnum() and not CJK.search(phrase)  # Chinese is written without spaces
            pattern = re.compile(rf"(?<![\w]){re.escape(phrase)}(?![\w])" if bounded else re.escape(phrase),
                                 re.IGNORECASE)
            for match in pattern.finditer(text, *span):
                if after and match.start() < figure.end:
                    continue
                if before_only and not after and match.end() > figure.start:
                    continue
                # the gap between the words and the figure; of two as near, the longer words ("making up", not "up")
                gap = figure.start - match.end() if match.start() < figure.start else match.start() - figure.end
                distance = max(gap, 0) * 1000 - len(phrase)
                if before_only and gap > 30:
                    continue
                if best is None or distance < best[0]:
                    best = (distance, value)
    return best


def places(article: Article, span: tuple[int, int], figure: Figure) -> list[str]:
    named = [p.code for p in article.places_in(*span) if p.code]
    codes = list(dict.fromkeys(named))
    if len(codes) < 2:
        codes = list(dict.fromkeys(codes + [p.code for p in article.referents(figure.start)]))
    return codes


def units_of(article: Article, figure: Figure, span: tuple[int, int]) -> str | None:
    """The counted units in the text's words: from the figure to the counted word ("Chinese
    companies"); in Chinese, and for a change ("the number of Chinese companies rose 30
    percent"), the noun before the figure with the place it names ("中国企业")."""
    words = [word for value in cues("counts", "counted", article.language).values() for word in value]
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    text = article.text
    if article.language == "zh" or figure.what != "plain":
        before = [m for m in pattern.finditer(text, span[0], figure.start)]
        if not before:
            return None
        last = before[-1]
        place = next((p for p in article.places_in(span[0], last.start()) if not text[p.end:last.start()].strip()), None)
        return text[place.start if place else last.start():last.end()].lower()
    stop = re.compile(r"[,;:()]").search(text, figure.end, span[1])  # the units stand in the figure's clause
    limit = min(figure.end + 60, stop.start() if stop else span[1])
    after = pattern.search(text, figure.end, limit)
    if not after:  # no word of a kind counted: the word after the number, which the check binds
        word = re.match(r"\s*([^\W\d_][\w'’-]*)", text[figure.end:limit])
        return word.group(1).lower() if word else None
    return " ".join(text[figure.end:after.end()].split()).lower()


def china_first(codes: list[str]) -> list[str]:
    """China first: the dataset's ties are China's, and a record names China's side first
    unless its words say otherwise (the check then swaps them: see `settle`)."""
    return sorted(codes, key=lambda code: code != CHINA)


def left_reason(article: Article, figure: Figure) -> str | None:
    """Why a figure no table holds is left out, when its words say: `change_by_amount` for what a
    figure rose or fell by ("rose by $2 billion"), `other_unit` for a quantity in a unit of
    left_out's cue words ("5 million tonnes", "2,000 MW")."""
    change = next((f for t in record_tables().values() for f in t.kinds("change")), None)
    bound = next((t.by_name["bound"] for t in record_tables().values() if "bound" in t.by_name), None)
    start = article.clause_start(figure.start, article.sentence(figure.start)[0])
    if figure.what in ("money", "plain") and change and changed_by(change, bound, article.language).search(
            article.text, start, figure.start):
        return "change_by_amount"
    left = next((t for t in record_tables() if tables()[t].meta.get("left_out")), None)
    units = cues(left, "left_out_reason", article.language).get("other_unit", []) if left else []
    after = re.match(r" ?(\w+(?: \w+)?)", article.text[figure.end:figure.end + 24])
    if figure.what == "plain" and after and any(re.match(rf"{re.escape(u)}(?!\w)", after.group(1), re.IGNORECASE)
                                                for u in units):
        return "other_unit"
    return None
