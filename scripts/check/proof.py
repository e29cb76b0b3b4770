"""Quotes: every record's quote is a span of its archived text (whitespace and typographic
quotes normalised), a sentence or a few long, and it proves what the record says:

- an amount by a figure of the quote with the same number, scale word and currency (read
  by values.AMOUNT: whole numbers only, ASCII digits only);
- a share by the same number before `%`, `percent` or `per cent`;
- a date by its year standing as a word (not inside `COVID-2019`), its month by the
  month's capitalised name (not the verb `may`), its day by the day's number, or by the
  phrase given in `<date>_as_written`, standing as words in the quote;
- the record's bound and kind by the words around the figure, as the `x-cues` of the bound
  and kind columns list them, unless `wording_note` says why they differ.
"""

from __future__ import annotations

import calendar
import functools
import re
import sys
import unicodedata
from typing import TYPE_CHECKING

from scripts.derive import values as v
from scripts.core.problems import Problems, nearest
from scripts.publish.tables import cell
from scripts.schema.registry import Field, Table, record_tables, tables

if TYPE_CHECKING:
    from scripts.read.entries import Dataset, Row, SourceText

QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
                             "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
                             "–": "-", "—": "-", "‑": "-", "\u00a0": " ",
                             "\u200e": None, "\u200f": None, "\u061c": None})  # bidi marks: not part of the words
KEEP = 0xF0000  # a numeric character is parked here (private use) while NFKC runs


@functools.lru_cache(maxsize=4096)
def _park(char: str) -> str:
    """A non-ASCII character that is a digit or number (`³`, `٣`, `３`) parked where NFKC
    leaves it, so that no normalising turns it into an ASCII digit; others as they are."""
    return chr(KEEP + ord(char)) if unicodedata.numeric(char, None) is not None and ord(char) < 0x10000 \
        else char


def normal(text: str) -> str:
    """Text compared for quotes: Unicode NFKC but for numbers, straight quotes, single spaces."""
    if not text.isascii():
        parked = "".join(_park(c) if ord(c) > 127 else c for c in text)
        folded = unicodedata.normalize("NFKC", parked).translate(QUOTE_MARKS)
        text = "".join(chr(ord(c) - KEEP) if KEEP <= ord(c) < KEEP + 0x10000 else c for c in folded)
    return " ".join(text.split())


SENTENCE_END = re.compile(r"(?<=[.!?])[\"')]* +(?=[\"'(]*[A-Z])")


def closest_passage(quote: str, text: str) -> str:
    """The sentence of `text` closest to `quote`, to show where a quote went wrong. Only
    sentences of about the quote's length are compared, so a long text costs little."""
    q = normal(quote)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", normal(text)) if len(s) <= 3 * len(q) + 40]
    best = nearest(q, sentences[:1000])
    return best if best else ""


CLOSEST_FOR = 20  # quotes not found a run shows the closest passage for


def in_text(quote: str, text: str) -> bool:
    """`quote` is a span of `text` that starts and ends where words do: not inside a word or
    a number (`3.6 billion` cut from `23.6 billion`, `May` from `Mayor`)."""
    start = text.find(quote)
    while start >= 0:
        end = start + len(quote)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (quote[0].isalnum() and (before.isalnum() or (quote[0].isdigit() and before in ".,"))) and \
                not (quote[-1].isalnum() and (after.isalnum() or (quote[-1].isdigit() and after in ".,"
                                                                  and text[end + 1:end + 2].isdigit()))):
            return True
        start = text.find(quote, start + 1)
    return False


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
    named = {v.currency_code(w) for w in CURRENCY_WORD.findall(quote)}  # every currency the quote names
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


# A currency named anywhere in a quote ("in US dollars, trade reached 14 billion"): a word
# or symbol this build knows, or an ISO 4217 code in capitals.
CURRENCY_WORD = re.compile(r"(?<![A-Za-z])(?:US\$|\$|€|£|(?:U\.?S\.? )?dollars?|euros?|yuan|RMB|renminbi|tenge)"
                           r"(?![A-Za-z])|(?<![A-Za-z])(?-i:USD|EUR|GBP|CNY|KZT|UZS|KGS|TJS|TMT|AZN|GEL|AMD|PKR|RUB)(?![A-Za-z])",
                           re.IGNORECASE)


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


MONTH_WORDS = {number: [name, name[:3]] + (["Sept"] if number == 9 else [])
               for number, name in enumerate(calendar.month_name) if name}


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
