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
from collections.abc import Iterator

from scripts.bind.fields import bind_record
from scripts.bind.mentions import Article
from scripts.bind.quote_text import (
    CLOSEST_FOR,
    SENTENCE_END,
    closest_passage,
    in_text,
    joins,
    line_breaks,
    normal,
)
from scripts.bind.text import normalized
from scripts.check.accounting import account
from scripts.core.problems import Problems
from scripts.core.vocabulary import LANGUAGES
from scripts.read.rows import Dataset, Row, SourceText, text_of
from scripts.schema.model import Field
from scripts.schema.registry import record_tables, source_table, tables, versions_table

SCRIPTS = {"en": re.compile(r"[A-Za-z]"), "ru": re.compile(r"[А-Яа-яЁё]"), "zh": re.compile(r"[\u4e00-\u9fff]")}


def written_in(text: str, language: str) -> bool:
    """The text is written in `language`'s script (most of its letters are)."""
    letters = len(re.findall(r"[^\W\d_]", text)) or 1
    return len(SCRIPTS[language].findall(text)) >= letters / 2


def check_quotes(data: Dataset, problems: Problems) -> None:
    Key = tuple[str, int]  # a source id and the version of its text
    articles: dict[Key, Article | None] = {}
    covered: dict[Key, list[tuple[int, int]]] = {}  # the spans (in the file) its records' values and left-out words take
    unsettled: set[Key] = set()  # texts with a record not proved: their figures are not accounted for
    normal_texts: dict[Key, str] = {}  # each archived text normalised once, not once a record
    misses = 0
    for name, table in record_tables().items():
        for fld in table.kinds("quote"):
            for row in data.rows.get(name, []):
                source = text_of(data.texts, row)
                quote = row.values.get(fld.name)
                if source is None and row.values.get("source_id") in data.texts:
                    no_version(row, data.texts[row.values["source_id"]], data, problems)
                if source is None or not quote:
                    continue
                key = (source.source_id, source.version)
                if key not in articles:
                    articles[key] = article_of(source, data, problems)
                article = articles[key]
                before = len(problems)
                q = normal(quote)
                if not check_span(row, fld, q, problems):
                    unsettled.add(key)
                    continue
                if key not in normal_texts:
                    normal_texts[key] = article.text if article is not None else normal(source.text)
                text = normal_texts[key]
                if not in_text(q, text):
                    unsettled.add(key)
                    misses += 1  # the closest passage costs a search of the text: for the first few only
                    passage = closest_passage(quote, source.text) if misses <= CLOSEST_FOR else ""
                    which = "the archived text" if source.version == 1 else \
                        f"version {source.version} of the archived text ({source.text_file}), which the record quotes"
                    problems.add(row.file, *row.at(fld.name), f"{name}.{fld.entry_key}", f"the quote is not in {which}",
                                 f"copy it verbatim; the closest passage is: \"{passage[:200]}\"" if passage
                                 else "copy it verbatim from the .txt file, from the start of a word to the end of one")
                    continue
                check_translation(row, table, fld, source, problems)
                if article is None:
                    continue
                if table.meta.get("left_out"):
                    row.evidence = [(fld.name, *normalized(source.text).raw_span(a, b))
                                    for a, b in occurrences(q, article.text)]
                elif not row.flagged:  # a rejected value: its binding would repeat the report
                    bind(row, fld, q, source, article, problems)
                if row.flagged or len(problems) > before:
                    unsettled.add(key)
                covered.setdefault(key, []).extend(
                    (a, b) for column, a, b in row.evidence if column != fld.name or table.meta.get("left_out"))
    for source_id, first in data.texts.items():  # an entry that records nothing accounts for its figures too
        versions = []
        for source in [first, *(first.later[n] for n in sorted(first.later))]:
            key = (source_id, source.version)
            if key not in articles:
                articles[key] = article_of(source, data, problems)
            if articles[key] is None or key in unsettled:
                break  # the latest version's figures cannot be accounted for
            versions.append((source, articles[key]))
        if versions and len(versions) == 1 + len(first.later):
            account(data, versions, {s.version: covered.get((source_id, s.version), []) for s, _ in versions}, problems)


def no_version(row: Row, first: SourceText, data: Dataset, problems: Problems) -> None:
    """A record quotes a version of the text its entry does not declare (one declared whose
    text could not be read is reported at the version)."""
    table, wanted = versions_table(), row.values.get("text_version")
    if table is not None and any(r.values.get("version") == wanted and r.values.get("source_id") == first.source_id
                                 for r in data.rows.get(table.name, [])):
        return
    versions = ", ".join(str(n) for n in [1, *sorted(first.later)])
    problems.add(row.file, *row.at("text_version"), f"{row.table}.text_version",
                 f"the entry has no version {row.values.get('text_version')} of its archived text to quote "
                 f"(it has {versions})", "write the version the quote is from, or declare the amended text under "
                 "`versions:` (CONTRIBUTING.md, \"When the publisher amends an article\")")


TRANSLATION = "quote_translation"  # the contributor's English of a quote of a source in another language


def check_translation(row: Row, table, fld: Field, source: SourceText, problems: Problems) -> None:
    """A record of a source not in English carries the contributor's English translation of
    its quote; a record of an English source carries none."""
    if TRANSLATION not in table.by_name:
        return
    given = row.values.get(TRANSLATION)
    if source.language != "en" and not given:
        problems.add(row.file, *row.at(fld.name), f"{row.table}.{TRANSLATION}",
                     f"the source is in `{source.language}`: readers need the quote in English",
                     "write your own English translation of the quote in `quote_translation:` (shown beside the "
                     "original, marked as a translation); never a machine translation passed off as the source's words")
    elif source.language == "en" and given:
        problems.add(row.file, *row.at(TRANSLATION), f"{row.table}.{TRANSLATION}",
                     "the source is in English: its quote needs no translation", "leave `quote_translation` out")


def whole_word_starts(words: str, text: str) -> Iterator[int]:
    """Each place `text` writes `words` as whole words (quote_text.in_text's rule), in order."""
    start = text.find(words)
    while start >= 0:
        end = start + len(words)
        before, after = text[start - 1:start] or " ", text[end:end + 1] or " "
        if not joins(before, words[0]) and not joins(words[-1], after):
            yield start
        start = text.find(words, start + 1)


def occurrences(words: str, text: str) -> list[tuple[int, int]]:
    """Every place `text` writes `words` as whole words."""
    return [(start, start + len(words)) for start in whole_word_starts(words, text)]


def article_of(source: SourceText, data: Dataset, problems: Problems) -> Article | None:
    """The article the binding reads, or None (reported) when the proof cannot read its language."""
    table = source_table()
    entry = next((r for r in data.rows.get(table.name, []) if r.values.get(table.id_field) == source.source_id), None)
    where = (entry.file, *entry.at("language")) if entry else (source.file, 1, 1)
    if source.language not in LANGUAGES:
        if source.version == 1:  # said once, for every version
            problems.add(*where, f"{table.name}.language",
                         f"the proof has no words for `{source.language}`: it reads {', '.join(LANGUAGES)}",
                         "record sources in these languages (add the language's words to scripts/core/vocabulary.py "
                         "and the columns' x-cues first)")
        return None
    if not written_in(source.text, source.language):
        which = "the archived text" if source.version == 1 else f"version {source.version} of the archived text"
        problems.add(*where, f"{table.name}.language", f"{which} is not written in `{source.language}`",
                     "write the language the text is written in")
        return None
    return Article(normal(source.text), source.language, source.published, data.lookups.get("place:names", {}),
                   data.lookups.get("place", {}), data.lookups.get("entity:names", {}), line_breaks(source.text))


def quote_at(quote: str, text: str) -> int:
    """Where `quote` stands in `text` as whole words, else where it stands at all."""
    return next(whole_word_starts(quote, text), text.find(quote))


def bind(row: Row, fld: Field, quote: str, source: SourceText, article: Article, problems: Problems) \
        -> list[tuple[str, int, int]]:
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
    return spans


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
