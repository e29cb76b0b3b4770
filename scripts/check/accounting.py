"""Every figure accounted for: each figure an archived text states is recorded (a record's
value is bound to its words) or left out (a `left_out` item's words take it).

When the publisher amended the article, this holds for the text as it now reads: the
latest version. Its figures are accounted for by the records and left-out items that quote
it (`text_version`), or, when a figure stands on a line the version before has word for
word, by being accounted for there (and so on back to the first): an amendment leaves most
lines as they were, and only the figures of the lines it changed need a record or a
`left_out:` item of the new version. A figure the amendment replaced needs nothing more in
the version it was replaced in. Lines are compared as the archived files hold them; a
version re-wrapped or re-spaced throughout carries nothing over.

Spans and figures are compared at their places in the archived files (character offsets,
as evidence.csv counts them).
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re

from scripts.bind.mentions import Article
from scripts.bind.multiples import fold_words
from scripts.bind.text import normalized
from scripts.core.problems import Problems
from scripts.core.vocabulary import Figure, vocabulary
from scripts.read.rows import Dataset, SourceText
from scripts.schema.registry import record_tables, source_table, tables

Span = tuple[int, int]  # [start, end) in an archived file
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
    taken = [(f.start, f.end) for f in out]
    return sorted(out + [f for f in fold_words(article) if not any(a < f.end and f.start < b for a, b in taken)],
                  key=lambda f: f.start)


def carried(old: str, new: str, spans: list[Span]) -> list[Span]:
    """The spans of the text `old` that lie on lines `new` keeps word for word, at their
    places in `new`."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_at = list(itertools.accumulate(map(len, old_lines), initial=0))
    new_at = list(itertools.accumulate(map(len, new_lines), initial=0))
    kept = [(old_at[i], old_at[i + n], new_at[j] - old_at[i]) for i, j, n in
            difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_matching_blocks() if n]
    starts = [start for start, _, _ in kept]
    out = []
    for a, b in spans:
        at = bisect.bisect_right(starts, a) - 1
        if at >= 0 and b <= kept[at][1]:
            out.append((a + kept[at][2], b + kept[at][2]))
    return out


def unaccounted(versions: list[tuple[SourceText, Article]], covered: dict[int, list[Span]]) -> list[tuple[Figure, Span]]:
    """The figures of the latest version (with their places in its file) that no span of
    `covered` (by version) takes and that are not accounted for on the same line of the
    version before (`versions`: every version, in order)."""
    missing: list[tuple[Figure, Span]] = []
    before: tuple[str, list[Span]] | None = None  # the version before: its text, its figures accounted for
    for source, article in versions:
        raw = normalized(source.text)
        spans = sorted(covered.get(source.version, []) + (carried(before[0], source.text, before[1]) if before else []))
        starts = [a for a, _ in spans]
        reach = list(itertools.accumulate((b for _, b in spans), max))  # the furthest end of the spans so far
        figures = [(figure, raw.raw_span(figure.start, figure.end)) for figure in accounted_figures(article)]
        # a figure is taken when a span starting before its end reaches past its start
        missing = [(figure, (a, b)) for figure, (a, b) in figures
                   if not (at := bisect.bisect_left(starts, b)) or reach[at - 1] <= a]
        left = {place for _, place in missing}
        before = (source.text, [place for _, place in figures if place not in left])
    return missing


def account(data: Dataset, versions: list[tuple[SourceText, Article]], covered: dict[int, list[Span]],
            problems: Problems) -> None:
    """Report, at their places in the file of the latest version of a source's text, its
    figures that are neither recorded nor left out (`versions`: every version, in order)."""
    table = source_table()
    source, article = versions[-1]
    entry = next((r for r in data.rows.get(table.name, []) if r.values.get(table.id_field) == source.source_id), None)
    left_out = next((name for name, t in record_tables().items() if t.meta.get("left_out")), None)
    if entry is None or left_out is None:
        return
    reasons = ", ".join(tables()[left_out].by_name["left_out_reason"].constraints.get("enum", []))
    missing = unaccounted(versions, covered)
    text_file = source.text_file or source.file.removesuffix(".yaml") + ".txt"
    which = "the text" if source.version == 1 else f"version {source.version} of the text"
    quoting = "" if source.version == 1 else f", text_version: {source.version}"
    for number, (figure, (at, _)) in enumerate(missing):
        if number == REPORT_FIGURES and len(missing) > REPORT_FIGURES + 1:
            problems.add(text_file, 1, 1, left_out, f"{len(missing) - number} more figures of the text are neither "
                         "recorded nor left out", "account for the figures above first, then check again")
            break
        sentence = article.text[slice(*article.sentence(figure.start))].strip()
        around = sentence if len(sentence) <= 160 else article.text[max(figure.start - 60, 0):figure.end + 60]
        line = source.text.count("\n", 0, at) + 1
        col = at - (source.text.rfind("\n", 0, at) + 1) + 1
        problems.add(text_file, line, col, left_out,
                     f"{which} states \"{figure.written}\" (in \"{' '.join(around.split())}\"), but no record "
                     f"of {entry.file} binds it and its `{left_out}:` does not list it",
                     f"record it, or list it under `{left_out}:` with its words and a reason ({reasons}): "
                     f"`- {{id: ..., words: \"{figure.written}\", reason: ...{quoting}}}`")
