"""The draft's dates: a figure's own date (a part of a year, the year to date, a year's end),
the base of its change (its words, or the same span a year before), and the date of the
sentence before for a sentence whose figures are its parts ("其中", "за этот период")."""

from __future__ import annotations

import re

from scripts.bind.dates import SAME_PERIOD
from scripts.bind.mentions import Article
from scripts.core.vocabulary import Figure
from scripts.derive.values import shift_years


def year_before(article: Article, span: tuple[int, int], when: str | None) -> str | None:
    """The base of a change with no base of its own words: the same span a year before, as
    "year-on-year" says, and as a change dated by its period alone ("rose 20 percent in 2023")
    is read (scripts/bind/dates.py `change_within`)."""
    return shift_years(when, -1) if when else None


def period(article: Article, span: tuple[int, int], figure: Figure) -> tuple[str | None, str | None, str | None]:
    """The date nearest the figure (a part of a year, the year to date or a year's end as the
    words give it), a base date ("from 2012") when the sentence gives one, and the words of the
    figure's date when they resolve against the publication date (for `<date>_as_written`)."""
    dates = [d for d in article.dates_in(*span) if not d.value.startswith("????") and d.modifies != "since"]
    own = [d for d in dates if not d.base]
    mention = next((d for d in dates if d.base), None)
    base = mention.value if mention else None
    if not own:
        return None, base, None
    near = min(own, key=lambda d: abs(d.start - figure.start))
    if mention and re.fullmatch(r"[0-9]{4}", mention.value) and not re.fullmatch(r"[0-9]{4}", near.value) and \
            SAME_PERIOD.search(article.text, max(0, mention.start - 30), mention.start):  # "the same period of 2023"
        base = shift_years(near.value, int(mention.value) - int(near.value[:4]))
    return near.value, base, article.text[near.start:near.end] if near.relative else None


# Words that make a sentence's figures part of the sentence before's ("其中", "of which", "за этот период").
BACK_LEAD = re.compile(r"\W*(?:其中|of which|of this|in the same period|over the same period|during the same period|"
                       r"in that period|из них|в том числе)", re.IGNORECASE)
BACK = re.compile(r"за (?:этот|тот же|данный) период|同期", re.IGNORECASE)


def earlier_date(article: Article, span: tuple[int, int]) -> tuple[str, str] | None:
    """For a sentence whose figures are parts of the sentence before's ("其中，中方出口额…"),
    that sentence's own date and its words (for `<date>_note`, which the contributor confirms)."""
    if span[0] == 0 or not (BACK_LEAD.match(article.text, span[0], span[1]) or BACK.search(article.text, *span)):
        return None
    before = article.sentence(span[0] - 1)
    own = [d for d in article.dates_in(*before) if not d.base and not d.modifies and not d.value.startswith("????")]
    return (own[0].value, article.text[own[0].start:own[0].end]) if own else None
