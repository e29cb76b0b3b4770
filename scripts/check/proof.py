"""Quotes: every record's quote is a span of its archived text (whitespace and typographic
quotes normalised; scripts/bind/quote_text.py), a sentence or a few long, and it proves
what the record says: each value the record carries is bound to the words that state it
(scripts/bind/: the figure with its currency and scale, its bound, kind and sign, its
dates, places and the direction between them, counted units, stater, status, product,
exchange rate). A value the words do not state is refused; the bindings are kept on the
row (`Row.evidence`, offsets in the archived file) and published.

The proof reads the languages it has words for (scripts/core/vocabulary.py LANGUAGES);
an entry's `language` must be the language its text is written in.
"""

from __future__ import annotations

import re
import sys

from scripts.bind.fields import bind_record
from scripts.bind.mentions import Article
from scripts.bind.quote_text import (
    CLOSEST_FOR,
    SENTENCE_END,
    closest_passage,
    in_text,
    normal,
)
from scripts.bind.text import normalized
from scripts.core.problems import Problems
from scripts.core.vocabulary import LANGUAGES
from scripts.read.rows import Dataset, Row, SourceText
from scripts.schema.model import Field
from scripts.schema.registry import record_tables, source_table, tables

SCRIPTS = {"en": re.compile(r"[A-Za-z]"), "ru": re.compile(r"[А-Яа-яЁё]"), "zh": re.compile(r"[\u4e00-\u9fff]")}


def written_in(text: str, language: str) -> bool:
    """The text is written in `language`'s script (most of its letters are)."""
    letters = len(re.findall(r"[^\W\d_]", text)) or 1
    return len(SCRIPTS[language].findall(text)) >= letters / 2


def check_quotes(data: Dataset, problems: Problems) -> None:
    articles: dict[str, Article | None] = {}
    normal_texts: dict[str, str] = {}  # each archived text normalised once, not once a record
    misses = 0
    for name, table in record_tables().items():
        for fld in table.kinds("quote"):
            for row in data.rows.get(name, []):
                source = data.texts.get(row.values.get("source_id"))
                quote = row.values.get(fld.name)
                if source is None or not quote:
                    continue
                if source.source_id not in articles:
                    articles[source.source_id] = article_of(source, data, problems)
                article = articles[source.source_id]
                q = normal(quote)
                if not check_span(row, fld, q, problems):
                    continue
                if source.source_id not in normal_texts:
                    normal_texts[source.source_id] = article.text if article is not None else normal(source.text)
                text = normal_texts[source.source_id]
                if not in_text(q, text):
                    misses += 1  # the closest passage costs a search of the text: for the first few only
                    passage = closest_passage(quote, source.text) if misses <= CLOSEST_FOR else ""
                    problems.add(row.file, *row.at(fld.name), f"{name}.{fld.entry_key}",
                                 "the quote is not in the archived text",
                                 f"copy it verbatim; the closest passage is: \"{passage[:200]}\"" if passage
                                 else "copy it verbatim from the .txt file, from the start of a word to the end of one")
                    continue
                if article is not None and not row.flagged:  # a rejected value: its binding would repeat the report
                    bind(row, fld, q, source, article, problems)


def article_of(source: SourceText, data: Dataset, problems: Problems) -> Article | None:
    """The article the binding reads, or None (reported) when the proof cannot read its language."""
    table = source_table()
    entry = next((r for r in data.rows.get(table.name, []) if r.values.get(table.id_field) == source.source_id), None)
    where = (entry.file, *entry.at("language")) if entry else (source.file, 1, 1)
    if source.language not in LANGUAGES:
        problems.add(*where, f"{table.name}.language",
                     f"the proof has no words for `{source.language}`: it reads {', '.join(LANGUAGES)}",
                     "record sources in these languages (add the language's words to scripts/core/vocabulary.py "
                     "and the columns' x-cues first)")
        return None
    if not written_in(source.text, source.language):
        problems.add(*where, f"{table.name}.language", f"the archived text is not written in `{source.language}`",
                     "write the language the text is written in")
        return None
    return Article(normal(source.text), source.language, source.published, data.lookups.get("place:names", {}),
                   data.lookups.get("place", {}), data.lookups.get("entity:names", {}))


def quote_at(quote: str, text: str) -> int:
    """Where `quote` stands in `text` as whole words (quote_text.in_text's rule)."""
    start = text.find(quote)
    while start >= 0:
        end = start + len(quote)
        before, after = text[start - 1:start] or " ", text[end:end + 1] or " "
        if not (quote[0].isalnum() and before.isalnum()) and not (quote[-1].isalnum() and after.isalnum()):
            return start
        start = text.find(quote, start + 1)
    return text.find(quote)


def bind(row: Row, fld: Field, quote: str, source: SourceText, article: Article, problems: Problems) -> None:
    """Bind the record's values to the words of its quote (and those the quote refers to)."""
    table = tables()[row.table]
    start = quote_at(quote, article.text)

    figure_at = next((row.marks[f.name] for f in table.kinds("amount_text", "share", "change", "factor", "count")
                      if f.name in row.marks), row.at(fld.name))

    def refuse(column: str, message: str, fix: str) -> None:
        field = table.by_name.get(column)
        key = (field.entry_key if field is not None else None) or column
        at = row.marks.get(column) or row.marks.get(key) or figure_at  # an unwritten value: at the figure
        problems.add(row.file, *at, f"{row.table}.{key}", message, fix)

    spans = [(fld.name, start, start + len(quote))]
    try:
        spans += bind_record(row, table, article, (start, start + len(quote)), refuse)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError) as error:
        # a fault of the binding, never of the entry: said at the record, with nothing published
        problems.add(row.file, *row.at(fld.name), f"{row.table}.{fld.entry_key}",
                     f"the check could not bind this record's values ({type(error).__name__}: {error})",
                     "report it as a bug of scripts/bind/ with the entry; nothing was written")
    text = normalized(source.text)
    row.evidence = [(column, *text.raw_span(a, b)) for column, a, b in spans if b > a]  # words, never none


def check_span(row: Row, fld: Field, quote: str, problems: Problems) -> bool:
    """A quote is a sentence or a few (the quote column's `x-quote`); False when it is not."""
    limits = fld.descriptor.get("x-quote", {})
    words = len(re.findall(r"[^\W\u4e00-\u9fff]+", quote)) + len(re.findall(r"[\u4e00-\u9fff]", quote)) // 2  # 2 Han a word
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
