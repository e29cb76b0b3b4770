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

import bisect
import itertools
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
    normal,
)
from scripts.bind.text import normalized
from scripts.core.problems import Problems
from scripts.core.vocabulary import LANGUAGES, vocabulary
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
    covered: dict[str, list[tuple[int, int]]] = {}  # source -> the spans its records' values and left-out words take
    unsettled: set[str] = set()  # sources with a record not proved: their figures are not accounted for
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
                before = len(problems)
                q = normal(quote)
                if not check_span(row, fld, q, problems):
                    unsettled.add(source.source_id)
                    continue
                if source.source_id not in normal_texts:
                    normal_texts[source.source_id] = article.text if article is not None else normal(source.text)
                text = normal_texts[source.source_id]
                if not in_text(q, text):
                    unsettled.add(source.source_id)
                    misses += 1  # the closest passage costs a search of the text: for the first few only
                    passage = closest_passage(quote, source.text) if misses <= CLOSEST_FOR else ""
                    problems.add(row.file, *row.at(fld.name), f"{name}.{fld.entry_key}",
                                 "the quote is not in the archived text",
                                 f"copy it verbatim; the closest passage is: \"{passage[:200]}\"" if passage
                                 else "copy it verbatim from the .txt file, from the start of a word to the end of one")
                    continue
                check_translation(row, table, fld, source, problems)
                if article is None:
                    continue
                if table.meta.get("left_out"):
                    spans = [(fld.name, a, b) for a, b in occurrences(q, article.text)]
                    row.evidence = [(column, *normalized(source.text).raw_span(a, b)) for column, a, b in spans]
                elif not row.flagged:  # a rejected value: its binding would repeat the report
                    spans = bind(row, fld, q, source, article, problems)
                else:
                    spans = []
                if row.flagged or len(problems) > before:
                    unsettled.add(source.source_id)
                covered.setdefault(source.source_id, []).extend(
                    (a, b) for column, a, b in spans if column != fld.name or table.meta.get("left_out"))
    for source_id, source in data.texts.items():  # an entry that records nothing accounts for its figures too
        if source_id not in articles:
            articles[source_id] = article_of(source, data, problems)
    for source_id, article in articles.items():
        if article is not None and source_id not in unsettled:
            account(data, source_id, article, covered.get(source_id, []), problems)


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
        if not (words[0].isalnum() and before.isalnum()) and not (words[-1].isalnum() and after.isalnum()):
            yield start
        start = text.find(words, start + 1)


def occurrences(words: str, text: str) -> list[tuple[int, int]]:
    """Every place `text` writes `words` as whole words."""
    return [(start, start + len(words)) for start in whole_word_starts(words, text)]


def account(data: Dataset, source_id: str, article: Article, covered: list[tuple[int, int]], problems: Problems) -> None:
    """Every figure of the text is recorded (a record's value is bound to it) or left out
    (a `left_out` item's words take it); the others are reported at the entry's id."""
    table = source_table()
    entry = next((r for r in data.rows.get(table.name, []) if r.values.get(table.id_field) == source_id), None)
    if entry is None:
        return
    left_out = next((name for name, t in record_tables().items() if t.meta.get("left_out")), None)
    if left_out is None:
        return
    covered = sorted(covered)
    starts = [a for a, _ in covered]
    reach = list(itertools.accumulate((b for _, b in covered), max))  # the furthest end of the spans so far
    source = data.texts[source_id]
    raw = normalized(source.text)
    text_file = source.file[:-len(".yaml")] + ".txt" if source.file.endswith(".yaml") else source.file
    reasons = ", ".join(tables()[left_out].by_name["left_out_reason"].constraints.get("enum", []))
    # a figure is taken when a span starting before its end reaches past its start
    missing = [figure for figure in accounted_figures(article)
               if not (at := bisect.bisect_left(starts, figure.end)) or reach[at - 1] <= figure.start]
    for number, figure in enumerate(missing):
        if number == REPORT_FIGURES and len(missing) > REPORT_FIGURES + 1:
            problems.add(text_file, 1, 1, left_out, f"{len(missing) - number} more figures of the text are neither "
                         "recorded nor left out", "account for the figures above first, then check again")
            break
        sentence = article.text[slice(*article.sentence(figure.start))].strip()
        around = sentence if len(sentence) <= 160 else article.text[max(figure.start - 60, 0):figure.end + 60]
        at, _ = raw.raw_span(figure.start, figure.end)
        line = source.text.count("\n", 0, at) + 1
        col = at - (source.text.rfind("\n", 0, at) + 1) + 1
        problems.add(text_file, line, col, left_out,
                     f"the text states \"{figure.written}\" (in \"{' '.join(around.split())}\"), but no record "
                     f"of {entry.file} binds it and its `{left_out}:` does not list it",
                     f"record it, or list it under `{left_out}:` with its words and a reason ({reasons}): "
                     f"`- {{id: ..., words: \"{figure.written}\", reason: ...}}`")


REPORT_FIGURES = 20  # unaccounted figures reported a text; then how many more
# Numbers that are no figures: a date written in digits, a time of day, an ordinal, a name.
NOT_A_FIGURE = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}", r"(?<![0-9])[0-9]{1,2}:[0-9]{2}(?![0-9])",
    r"[0-9]+(?:st|nd|rd|th|-?й|-?го|-?е)(?![^\W\d_])", r"[^\W\d_]+-[0-9]+", r"第[0-9]+",
    r"[0-9]{1,2}月(?:[0-9]{1,2}日)?", r"[0-9]{1,2}日")]


def day_of_month(article: Article, figure) -> bool:
    """A number written beside a month's name is the day of a date ("15 февраля", "May 5")."""
    months = vocabulary(article.language).months | vocabulary("en").months
    before = re.search(r"([^\W\d_]+)\.? $", article.text[max(figure.start - 20, 0):figure.start])
    after = re.match(r" ([^\W\d_]+)", article.text[figure.end:figure.end + 20])
    return any(match and match.group(1).lower() in months for match in (before, after))


def accounted_figures(article: Article) -> list:
    """The figures of the text every entry accounts for: amounts, percentages, multiples
    and numbers; not a date or a time of day written in digits ("2022-01-20", "13:15"), an
    ordinal ("30th") or a name ("COVID-19")."""
    out = []
    for figure in article.figures_in(0, len(article.text)):
        if figure.what == "plain" and not figure.scale:
            a = max(figure.start - 12, 0)
            window = article.text[a:figure.end + 12]
            if day_of_month(article, figure):
                continue
            if any(m.start() + a <= figure.start and figure.end <= m.end() + a
                   for pattern in NOT_A_FIGURE for m in pattern.finditer(window)):
                continue
        out.append(figure)
    return out


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
