"""Validate what a column-by-column schema (scripts/schema_check.py) cannot express:
keys, rules between fields, dates against the source's, and that every quote is in
its archived text with its amount and year readable.
"""

from __future__ import annotations

import calendar
import re
import unicodedata

from scripts import values as v
from scripts.normalise import Dataset, Row, SourceText
from scripts.problems import Problems, nearest
from scripts.publish import Record, cell
from scripts.registry import RECORD_TABLES, tables


# ------------------------------------------------------------------ keys
def check_keys(records: dict[str, list[Record]], problems: Problems) -> None:
    """Ids unique within each table; every record's source present. Run over one entry
    at a time (ids of different entries start with different entry ids) and over the
    registries."""
    for name, table_records in records.items():
        seen: dict[str, Record] = {}
        for record in table_records:
            if record.id is None:
                continue
            first = seen.setdefault(record.id, record)
            if first is not record:
                problems.add(record.file, *record.id_at, f"{name}.id",
                             f"id `{record.id}` is used twice (first at {first.file}:{first.line})",
                             "give each record its own id")
    sources = {record.id for record in records.get("sources", [])}
    for name in RECORD_TABLES:
        for record in records.get(name, []):
            if record.source_id not in sources:
                problems.add(record.file, record.line, record.col, f"{name}.source_id",
                             "the record's source is not in the sources table", "fix the entry's `id`")


# ------------------------------------------------------------------ rules between fields
def _require(row: Row, problems: Problems, condition: bool, column: str, message: str, fix: str) -> None:
    if not condition:
        key = tables()[row.table].field(column).entry_key or column
        problems.add(row.file, *row.at(column), f"{row.table}.{key}", message, fix)


def check_rules(data: Dataset, problems: Problems) -> None:
    for name in ("trade", "investment", "agreements"):
        for row in data.rows[name]:
            if row.flagged:
                continue  # a value it rests on was rejected and reported already
            vals = row.values
            has_amount = vals.get("amount_text") is not None
            _require(row, problems, vals.get("currency") is None or has_amount, "currency",
                     "a currency is given without an amount", "add `amount:` or remove `currency:`")
            rate, rate_source = vals.get("usd_rate"), vals.get("usd_rate_source")
            _require(row, problems, (rate is None) == (rate_source is None), "usd_rate",
                     "usd_rate and usd_rate_source go together", "cite the rate's source in `usd_rate_source`, or remove both")
            _require(row, problems, rate is None or vals.get("currency") not in (None, "USD"), "usd_rate",
                     "an exchange rate is given for an amount in USD", "remove `usd_rate`")
            _require(row, problems, vals.get("amount") is None or vals["amount"] > 0, "amount_text",
                     "the amount is zero", "record only amounts the source states")
            if name == "investment":
                _require(row, problems, has_amount, "amount_text", "an investment record needs its amount",
                         "add `amount:` as the source writes it")
            if name == "trade":
                share = vals.get("share_percent") is not None
                _require(row, problems, share != has_amount, "amount_text",
                         "a trade record holds either an amount or a share",
                         "add `amount:` or `share_percent:` (with `share_base:`), not both")
                _require(row, problems, share == (vals.get("share_base") is not None), "share_base",
                         "share_percent and share_base go together",
                         "name whose trade the share is of in `share_base`, or remove it")


def check_registries(data: Dataset, problems: Problems) -> None:
    for row in data.rows["groups"]:
        members = row.values.get("members") or []
        _require(row, problems, len(members) >= 2, "members", "a group needs at least two members",
                 "use the country code itself for a single country")


TIMED = {  # table -> (date column, is the record an actual event?)
    "trade": ("period", lambda vals: vals.get("kind") == "actual"),
    "investment": ("as_of", lambda vals: vals.get("kind") == "actual"),
    "agreements": ("date", lambda vals: vals.get("status") not in ("proposed", "planned", "under_negotiation")),
    "companies": ("since", lambda vals: True),
}


def check_dates(data: Dataset, problems: Problems) -> None:
    """An actual event cannot be dated after the source that reports it."""
    for name, (column, actual) in TIMED.items():
        for row in data.rows[name]:
            article = data.texts.get(row.values.get("source_id"))
            value = row.values.get(column)
            if article and value and actual(row.values) and v.date_start(value) > article.published:
                problems.add(row.file, *row.at(column), f"{name}.{column}",
                             f"{value} is after the source's publication date {article.published}",
                             "an actual event is dated no later than its source; mark targets with `kind: target`"
                             if name in ("trade", "investment") else "check the date, or the status")


# ------------------------------------------------------------------ quotes
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
    for name in ("trade", "investment", "agreements", "companies"):
        for row in data.rows[name]:
            article = data.texts.get(row.values.get("source_id"))
            quote = row.values.get("quote")
            if article is None or not quote:
                continue
            text = cache.setdefault(article.source_id, normal(article.text))
            q = normal(quote)
            where = f"{name}.quote"
            if q not in text:
                passage = closest_passage(quote, article.text)
                problems.add(row.file, *row.at("quote"), where, "the quote is not in the archived text",
                             f"copy it verbatim; the closest passage is: \"{passage[:200]}\"" if passage
                             else "copy it verbatim from the .txt file")
                continue
            check_readable(row, q, article, problems)


def check_readable(row: Row, quote: str, article: SourceText, problems: Problems) -> None:
    """The amount, share and dates a record gives must be readable from its quote."""
    vals, lower = row.values, quote.lower()
    amount = vals.get("amount_text")
    if amount and normal(amount).lower() not in lower:
        numbers = re.findall(r"\d[\d,.]*", quote)
        problems.add(row.file, *row.at("amount_text"), f"{row.table}.amount",
                     f"`{amount}` is not in the quote", f"the quote holds the numbers {', '.join(numbers)}"
                     if numbers else "quote the sentence that states the amount")
    share = vals.get("share_percent")
    if share is not None and not re.search(rf"(?<![\d.]){re.escape(cell(share))} ?(%|percent|per cent)", lower):
        problems.add(row.file, *row.at("share_percent"), f"{row.table}.share_percent",
                     f"{cell(share)} percent is not in the quote", "quote the sentence that states the share")
    for fld in tables()[row.table].fields:
        value = vals.get(fld.name) if fld.kind == "date" else None
        if not value:
            continue
        phrase = row.written.get(fld.name)
        if phrase:
            if normal(phrase).lower() not in lower:
                problems.add(row.file, *row.at(f"{fld.name}_as_written"), f"{row.table}.{fld.name}_as_written",
                             f"`{phrase}` is not in the quote", "copy the phrase exactly as the quote has it")
            continue
        year = value[:4]
        if not re.search(rf"(?<!\d){re.escape(year)}(?!\d)", quote):
            problems.add(row.file, *row.at(fld.name), f"{row.table}.{fld.name}",
                         f"the year {year} is not in the quote",
                         f"quote the words that date it, or give them in `{fld.name}_as_written`")
        elif len(value) > 4 and article.language == "en":
            month = calendar.month_name[int(value[5:7])].lower()
            if month not in lower:
                problems.add(row.file, *row.at(fld.name), f"{row.table}.{fld.name}",
                             f"the month ({month.title()}) is not in the quote",
                             f"quote the words that date it, or give them in `{fld.name}_as_written`")


def validate_entry(data: Dataset, problems: Problems) -> None:
    """The checks that need only one entry file and its archived text."""
    check_rules(data, problems)
    check_dates(data, problems)
    check_quotes(data, problems)
