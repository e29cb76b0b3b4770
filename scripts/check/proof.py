"""Quotes: every record's quote is a span of its archived text (whitespace and typographic
quotes normalised), a sentence or a few long, and it proves what the record says:

- an amount by a figure of the quote with the same number, scale word and currency (read
  by values.AMOUNT: whole numbers only, ASCII digits only);
- a share by the same number before `%`, `percent` or `per cent`;
- a date by its year standing as a word (not inside `COVID-2019`), its month by the
  month's capitalised name (not the verb `may`), its day by the day's number, or by the
  phrase given in `<date>_as_written`, standing as words in the quote (proof_dates.py);
- the record's bound and kind by the words around the figure, as the `x-cues` of the bound
  and kind columns list them, unless `wording_note` says why they differ (proof_cues.py).

How a quote is compared with its text is in scripts/bind/quote_text.py.
"""

from __future__ import annotations

import re
import sys

from scripts.bind.text import normalized
from scripts.check.proof_cues import check_cues
from scripts.check.proof_dates import check_date_readable
from scripts.bind.quote_text import CLOSEST_FOR, SENTENCE_END, closest_passage, in_text, normal
from scripts.core.cells import cell
from scripts.core.problems import Problems
from scripts.core.vocabulary import CURRENCY_IN_QUOTE
from scripts.derive import values as v
from scripts.read.rows import Dataset, Row, SourceText
from scripts.schema.model import Field
from scripts.schema.registry import record_tables, tables


def check_quotes(data: Dataset, problems: Problems) -> None:
    cache: dict[str, str] = {}
    misses = 0
    for name, table in record_tables().items():
        for fld in table.kinds("quote"):
            for row in data.rows.get(name, []):
                article = data.texts.get(row.values.get("source_id"))
                quote = row.values.get(fld.name)
                if article is None or not quote:
                    continue
                text = cache.setdefault(article.source_id, normal(article.text))
                q = normal(quote)
                if not check_span(row, fld, q, problems):
                    continue
                if not in_text(q, text):
                    misses += 1  # the closest passage costs a search of the text: for the first few only
                    passage = closest_passage(quote, article.text) if misses <= CLOSEST_FOR else ""
                    problems.add(row.file, *row.at(fld.name), f"{name}.{fld.entry_key}",
                                 "the quote is not in the archived text",
                                 f"copy it verbatim; the closest passage is: \"{passage[:200]}\"" if passage
                                 else "copy it verbatim from the .txt file, from the start of a word to the end of one")
                    continue
                check_readable(row, q, article, problems)
                bind_quote(row, fld, q, article)


def bind_quote(row: Row, fld: Field, quote: str, article: SourceText) -> None:
    """The quote's own place in the archived text: the first binding of every record."""
    text = normalized(article.text)
    start = text.text.find(quote)
    if start >= 0:
        row.evidence.append((fld.name, *text.raw_span(start, start + len(quote))))


def check_span(row: Row, fld: Field, quote: str, problems: Problems) -> bool:
    """A quote is a sentence or a few (the quote column's `x-quote`); False when it is not."""
    limits = fld.descriptor.get("x-quote", {})
    words = len(re.findall(r"\w+", quote))
    sentences = len(SENTENCE_END.findall(quote)) + 1
    where = f"{row.table}.{fld.entry_key}"
    if words < limits.get("min_words", 0):
        problems.add(row.file, *row.at(fld.name), where, f"the quote has {words} word(s), too few to show what it states",
                     f"quote at least {limits['min_words']} words: the words that say what the figure or fact is")
        return False
    if sentences > limits.get("max_sentences", sys.maxsize):
        problems.add(row.file, *row.at(fld.name), where, f"the quote runs to {sentences} sentences",
                     f"quote at most {limits['max_sentences']}: the shortest span that states the record")
        return False
    return True


def check_readable(row: Row, quote: str, article: SourceText, problems: Problems) -> None:
    """The amounts, shares and dates a record gives must be readable from its quote, and
    its bound and kind agree with the words around them."""
    table = tables()[row.table]
    spans: list[tuple[int, int]] = []  # where the record's figures stand in the quote
    figure_at = None  # the first figure's place in the entry, where an unwritten bound or kind is reported
    for fld in table.kinds("amount_text"):
        if row.values.get(fld.name):
            spans += prove_amount(row, fld, quote, problems)
            figure_at = figure_at or row.at(fld.name)
    for fld in table.kinds(*NUMBER_PROOF):
        number = row.values.get(fld.name)
        if number is None:
            continue
        pattern, said, fix = NUMBER_PROOF[fld.kind]
        found = [m.span() for m in pattern(number).finditer(quote)]
        if not found:
            problems.add(row.file, *row.at(fld.name), f"{row.table}.{fld.entry_key}",
                         said.format(cell(number)) + " is not in the quote", fix)
        spans += found
        figure_at = figure_at or row.at(fld.name)
    if spans and not row.values.get("wording_note"):
        check_cues(row, table, quote, spans, figure_at, problems)
    for fld in table.kinds("date"):
        check_date_readable(row, fld.name, quote, article, problems)


def _number(value) -> str:
    """A number as a quote may write it: `40000` also as `40,000`, `20` also as `20.0`."""
    text = cell(value)
    whole, _, decimals = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}" if len(whole) > 3 else whole
    digits = f"(?:{re.escape(whole)}|{re.escape(grouped)})" + (rf"\.{decimals}0*" if decimals else r"(?:\.0+)?")
    return rf"(?<![0-9.,]){digits}(?![0-9]|[.,][0-9])"


def _percent(value) -> re.Pattern:
    return re.compile(_number(abs(value)) + r" ?(?:%|percent|per cent|pct)(?![a-z])", re.IGNORECASE | re.ASCII)


# "n-fold" and its words: a change factor as a quote writes it.
FOLD_WORDS = {2: ["doubled", "doubling", "twofold", "two-fold"], 3: ["tripled", "trebled", "tripling", "threefold",
              "three-fold"], 4: ["quadrupled", "fourfold", "four-fold"], 5: ["fivefold", "five-fold"],
              6: ["sixfold", "six-fold"], 7: ["sevenfold"], 8: ["eightfold"], 9: ["ninefold"], 10: ["tenfold", "ten-fold"],
              100: ["hundredfold", "a hundred times", "one hundred times"]}


def _factor(value) -> re.Pattern:
    words = FOLD_WORDS.get(int(value), []) if value == int(value) else []
    alternatives = [rf"{_number(value)}(?:-| )?(?:fold|times)(?![a-z])"] + \
        [rf"(?<![\w-]){re.escape(w)}(?![\w-])" for w in words]
    return re.compile("|".join(alternatives), re.IGNORECASE | re.ASCII)


def _count(value) -> re.Pattern:
    return re.compile(_number(value), re.ASCII)


# kind -> (the pattern of the figure in a quote, what is missing, the fix)
NUMBER_PROOF = {
    "share": (_percent, "{} percent", "quote the sentence that states the share"),
    "change": (_percent, "a change of {} percent", "quote the sentence that states the change (`up 20 percent`)"),
    "factor": (_factor, "a change of {} times", "quote the words that state it (`tripled`, `fivefold`, `100 times`)"),
    "count": (_count, "the count {}", "quote the sentence that states the count"),
}


def prove_amount(row: Row, fld: Field, quote: str, problems: Problems) -> list[tuple[int, int]]:
    """Where the quote writes the record's amount (same number, scale and currency)."""
    try:
        wanted = v.read_amount(row.values[fld.name])
    except v.Invalid:
        return []  # reported where the amount was read
    currency = row.values.get("currency") or wanted.currency
    in_quote = [(m, v.figure(m, strict=False)) for m in v.AMOUNT.finditer(quote)]
    named = {v.currency_code(w) for w in CURRENCY_IN_QUOTE.findall(quote)}  # every currency the quote names
    spans, near = [], []
    for match, found in in_quote:
        if found.number != wanted.number or found.scale != wanted.scale:
            continue
        if found.currency == currency or (found.currency is None and wanted.currency is None and currency in named):
            spans.append(match.span())
        else:
            near.append(found)
    if spans:
        return spans
    where = f"{row.table}.{fld.entry_key}"
    if near:
        said = near[0].currency or "no currency"
        problems.add(row.file, *row.at(fld.name), where,
                     f"the quote gives `{near[0].written}` in {said}, not in {currency}",
                     "record the currency the quote names (or quote the words that name it)")
    else:
        written = [f.written for _, f in in_quote if f.currency or f.scale]
        problems.add(row.file, *row.at(fld.name), where, f"`{row.values[fld.name]}` is not in the quote",
                     f"the quote's figures are: {', '.join(written)}" if written
                     else "quote the sentence that states the amount")
    return []


