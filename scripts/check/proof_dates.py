"""The proof of dates: a record's date is readable from its quote — its year as a word,
its month by name, its day by number, its quarter or half by the words for it, or the
phrase given in `<date>_as_written` — or from a note that cites the article's words; a
base period is a year before when the quote says year on year."""

from __future__ import annotations

import calendar
import re

from scripts.bind.quote_text import in_text, normal
from scripts.core.problems import Problems
from scripts.core.vocabulary import MONTH_WORDS
from scripts.derive import values as v
from scripts.read.rows import Row, SourceText
from scripts.schema.registry import tables


def as_words(phrase: str) -> re.Pattern:
    """`phrase` standing as words: not inside a longer word or number."""
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w])", re.IGNORECASE)


QUARTER_WORDS = {"Q": [["first quarter", "Q1", "1Q", "first three months", "January-March"],
                      ["second quarter", "Q2", "2Q", "April-June"],
                      ["third quarter", "Q3", "3Q", "July-September"],
                      ["fourth quarter", "Q4", "4Q", "last quarter", "October-December"]],
                 "H": [["first half", "H1", "1H", "first six months", "January-June"],
                       ["second half", "H2", "2H", "July-December"]]}


CITED = re.compile(r'"([^"]+)"')
MIN_CITED_WORDS = 3


def date_unread(value: str, quote: str, article: SourceText) -> str | None:
    """What of the date `value` the quote does not show, or None when it shows all of it."""
    year = value[:4]
    if not re.search(rf"(?<![A-Za-z0-9])(?<![A-Za-z]-){year}(?![0-9A-Za-z])", quote):
        return f"the year {year} is not in the quote as a year"
    part = v.PART_OF_YEAR.fullmatch(value)
    if part:
        words = QUARTER_WORDS[part.group(2)][int(part.group(3)) - 1]
        if not any(as_words(w).search(quote) for w in words):
            return f"the {v.PARTS[part.group(2)][0]} ({words[0]}) is not in the quote"
        return None
    if len(value) > 4 and article.language == "en":
        month = int(value[5:7])
        names = "|".join(MONTH_WORDS[month])
        if not re.search(rf"(?<![A-Za-z])(?:{names})(?![a-z])", quote):  # capitalised: `May`, never `may`
            return f"the month ({calendar.month_name[month]}) is not in the quote"
        if len(value) > 7 and not re.search(rf"(?<![0-9]){int(value[8:10])}(?:st|nd|rd|th)?(?![0-9A-Za-z])",
                                            quote.replace(year, " ")):
            return f"the day ({int(value[8:10])}) is not in the quote"
    return None


def cites_the_text(note: str | None, value: str, article: SourceText) -> bool:
    """The note quotes, in double quotes, words of the article (at least MIN_CITED_WORDS)
    that show the date as a quote would: a date the record's quote does not show is then
    dated by words a reader can find."""
    text = normal(article.text)
    return any(len(re.findall(r"\w+", cited)) >= MIN_CITED_WORDS and in_text(cited, text)
               and date_unread(value, cited, article) is None
               for cited in map(normal, CITED.findall(normal(note or ""))))


YEAR_ON_YEAR = re.compile(r"(?<![\w-])(?:year[- ]on[- ]year|y-o-y|yoy|from a year (?:earlier|ago|before)|over the same "
                          r"period (?:of|in) (?:the previous|last) year)(?![\w-])", re.IGNORECASE)


def a_year_before(base: str, period: str | None) -> bool:
    """`base` is the same span as `period`, a year earlier (2021-Q1 for 2022-Q1)."""
    return bool(period) and base[4:] == period[4:] and int(base[:4]) == int(period[:4]) - 1


def check_date_readable(row: Row, name: str, quote: str, article: SourceText, problems: Problems) -> None:
    value = row.values.get(name)
    if not value:
        return
    table = tables()[row.table]
    change = table.meta.get("fact", {}).get("change") or {}
    period = row.values.get(table.dated_by) if table.dated_by else None
    if name == change.get("base") and period and v.date_start(value) >= v.date_start(period):
        problems.add(row.file, *row.at(name), f"{row.table}.{name}",
                     f"the base period {value} is not before the period {period}",
                     "a change is measured from an earlier period: check both")
        return
    phrase = row.written.get(name)
    if phrase:
        if not as_words(normal(phrase)).search(quote):
            problems.add(row.file, *row.at(f"{name}_as_written"), f"{row.table}.{name}_as_written",
                         f"`{phrase}` is not in the quote as words", "copy the phrase exactly as the quote has it")
        return
    unread = date_unread(value, quote, article)
    if unread and name == change.get("base") and YEAR_ON_YEAR.search(quote) and a_year_before(value, period):
        return  # "up 20 percent year-on-year": the base is the period a year before
    if unread and not cites_the_text(row.values.get(f"{name}_note"), value, article):
        problems.add(row.file, *row.at(name), f"{row.table}.{name}", unread,
                     f"quote the words that date it, or give them in `{name}_as_written`; when the article dates "
                     f"it elsewhere, copy those words in double quotes into `{name}_note`")
