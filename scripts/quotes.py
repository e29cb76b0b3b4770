"""Quotes: every record's quote is in its archived text (whitespace and typographic
quotes normalised), and the amount, share and dates it records are readable from it."""

from __future__ import annotations

import calendar
import re
import unicodedata
from typing import TYPE_CHECKING

from scripts.problems import Problems, nearest
from scripts.publish import cell
from scripts.registry import record_tables, tables

if TYPE_CHECKING:
    from scripts.entries import Dataset, Row, SourceText

QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
                             "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
                             "–": "-", "—": "-", "‑": "-", "\u00a0": " "})


def normal(text: str) -> str:
    """Text compared for quotes: Unicode NFKC, straight quotes, single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(QUOTE_MARKS)
    return " ".join(text.split())


def closest_passage(quote: str, text: str) -> str:
    """The sentence of `text` closest to `quote`, to show where a quote went wrong."""
    sentences = re.split(r"(?<=[.!?])\s+|\n+", normal(text))
    best = nearest(normal(quote), sentences)
    return best if best else ""


def check_quotes(data: Dataset, problems: Problems) -> None:
    cache: dict[str, str] = {}
    for name, table in record_tables().items():
        for fld in table.kinds("quote"):
            for row in data.rows.get(name, []):
                article = data.texts.get(row.values.get("source_id"))
                quote = row.values.get(fld.name)
                if article is None or not quote:
                    continue
                text = cache.setdefault(article.source_id, normal(article.text))
                q = normal(quote)
                if q not in text:
                    passage = closest_passage(quote, article.text)
                    problems.add(row.file, *row.at(fld.name), f"{name}.{fld.entry_key}",
                                 "the quote is not in the archived text",
                                 f"copy it verbatim; the closest passage is: \"{passage[:200]}\"" if passage
                                 else "copy it verbatim from the .txt file")
                    continue
                check_readable(row, q, article, problems)


def check_readable(row: Row, quote: str, article: SourceText, problems: Problems) -> None:
    """The amounts, shares and dates a record gives must be readable from its quote."""
    vals, lower = row.values, quote.lower()
    table = tables()[row.table]
    for fld in table.kinds("amount_text"):
        amount = vals.get(fld.name)
        if amount and normal(amount).lower() not in lower:
            numbers = [n.rstrip(",.") for n in re.findall(r"\d[\d,.]*", quote)]
            problems.add(row.file, *row.at(fld.name), f"{row.table}.{fld.entry_key}",
                         f"`{amount}` is not in the quote", f"the quote holds the numbers {', '.join(numbers)}"
                         if numbers else "quote the sentence that states the amount")
    for fld in table.kinds("share"):
        share = vals.get(fld.name)
        if share is not None and not re.search(rf"(?<![\d.]){re.escape(cell(share))} ?(%|percent|per cent)", lower):
            problems.add(row.file, *row.at(fld.name), f"{row.table}.{fld.entry_key}",
                         f"{cell(share)} percent is not in the quote", "quote the sentence that states the share")
    for fld in table.kinds("date"):
        check_date_readable(row, fld.name, quote, article, problems)


def check_date_readable(row: Row, name: str, quote: str, article: SourceText, problems: Problems) -> None:
    value, lower = row.values.get(name), quote.lower()
    if not value:
        return
    phrase = row.written.get(name)
    if phrase:
        if normal(phrase).lower() not in lower:
            problems.add(row.file, *row.at(f"{name}_as_written"), f"{row.table}.{name}_as_written",
                         f"`{phrase}` is not in the quote", "copy the phrase exactly as the quote has it")
        return
    year = value[:4]
    if not re.search(rf"(?<!\d){re.escape(year)}(?!\d)", quote):
        problems.add(row.file, *row.at(name), f"{row.table}.{name}",
                     f"the year {year} is not in the quote",
                     f"quote the words that date it, or give them in `{name}_as_written`")
    elif len(value) > 4 and article.language == "en":
        month = calendar.month_name[int(value[5:7])].lower()
        if month not in lower:
            problems.add(row.file, *row.at(name), f"{row.table}.{name}",
                         f"the month ({month.title()}) is not in the quote",
                         f"quote the words that date it, or give them in `{name}_as_written`")
