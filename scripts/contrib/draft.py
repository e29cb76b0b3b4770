"""Draft an entry's records from its archived text: every figure the text states that the
entry does not yet account for, with its sentence as the quote and the values the words
around it give, each record marked `draft: true` for the contributor to confirm, correct
or move to `left_out:`.

    python -m scripts draft data/sources/<id>.yaml            # prints the draft
    python -m scripts draft data/sources/<id>.yaml --write    # appends it to the entry

What a value is drafted from: the figure and its currency and scale (scripts/core/
vocabulary.py, as the proof reads them); the table from the figure's kind and the words
of its sentence (money with investment words is investment, a percentage or multiple a
change or share of trade, a number before counted units a count); every column with
`x-cues` in schemas/ (flow, bound, kind, measure, counted, ...) from the cue nearest the
figure; places from the sentence's names (or the two sides an earlier sentence names);
the period from the date nearest the figure (a part of a year, the year to date or a year's
end as its words give it, with `<date>_as_written` when the publication date resolves it); a
percentage or multiple of investment or of a count a change from its base. The draft is then
checked like any entry, and each value the check refuses carries the check's message as a
comment. A figure the draft cannot place is proposed as a `left_out` item: `change_by_amount`
for what a figure rose or fell by, `other_unit` for a quantity in tonnes, megawatts or
vehicles, else `unclear`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scripts.bind.fields import INVEST_WORDS, TRADE_WORDS
from scripts.bind.mentions import Article
from scripts.bind.quote_text import normal
from scripts.bind.sayers import ATTRIBUTION
from scripts.bind.text import normalized
from scripts.check.accounting import unaccounted
from scripts.check.keys_and_rules import validate_rows
from scripts.check.proof import article_of
from scripts.contrib.draft_dates import earlier_date, period, year_before
from scripts.contrib.draft_words import (
    CHINA,
    china_first,
    cue_distance,
    left_reason,
    nearest_cue,
    places,
    units_of,
)
from scripts.core.problems import Problems
from scripts.core.vocabulary import Figure
from scripts.derive.fields import derive
from scripts.read.entries import DRAFT_KEY, Reader
from scripts.read.rows import Dataset
from scripts.schema.registry import tables

AGREEMENT_WORDS = re.compile(r"agreement|contract|deal|memorand|accord|signed|соглашени|договор|контракт|协议|合同",
                             re.IGNORECASE)


@dataclass
class Draft:
    table: str
    figure: Figure
    values: dict[str, Any] = field(default_factory=dict)
    version: int = 1  # of the archived text: the figure's place counts in its file

    def yaml(self, ident: str) -> str:
        lines = [f"  - id: {ident}", f"    {DRAFT_KEY}: true"]
        for key, value in self.values.items():
            lines.append(f"    {key}: {scalar(value)}")
        return "\n".join(lines) + "\n"


def scalar(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(scalar(item) for item in value) + "]"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def classify(article: Article, figure: Figure, span: tuple[int, int]) -> str | None:
    sentence = article.text[span[0]:span[1]]
    if figure.what == "money":
        if any(re.search(words, sentence, re.IGNORECASE) for words in INVEST_WORDS.values()):
            return "investment"
        if any(re.search(words, sentence, re.IGNORECASE) for words in TRADE_WORDS.values()) or \
                nearest_cue(article, "trade", "flow", figure, span):
            return "trade"
        return "agreements" if AGREEMENT_WORDS.search(sentence) else None
    if figure.what in ("percent", "times"):  # a change (or a share) of trade, of investment or of a count
        if nearest_cue(article, "trade", "flow", figure, span):
            return "trade"
        if any(re.search(words, sentence, re.IGNORECASE) for words in INVEST_WORDS.values()):
            return "investment"
        return "counts" if nearest_cue(article, "counts", "counted", figure, span) else None
    following = re.findall(r"[^\W\d_]+", article.text[figure.end:min(figure.end + 40, span[1])])[:3]
    if figure.what == "plain" and not figure.scale and any(AGREEMENT_WORDS.match(word) for word in following):
        return "agreements"  # "33 deals", "12 new agreements"
    units = (span[0], span[1]) if article.language == "zh" else (figure.end, min(figure.end + 60, span[1]))
    if figure.what == "plain" and not figure.scale and nearest_cue(article, "counts", "counted", figure, units):
        return "counts"
    return None


def draft_figure(article: Article, figure: Figure) -> Draft | None:
    span = article.sentence(figure.start)
    table = classify(article, figure, span)
    if table is None:
        return None
    quote = " ".join(article.text[span[0]:span[1]].split()).rstrip()
    d = Draft(table, figure)
    codes = places(article, span, figure)
    when, base, written = period(article, span, figure)
    carried = earlier_date(article, span) if when is None else None
    when = carried[0] if carried else when
    if when and when.endswith("-12-31") and tables()[table].field(tables()[table].dated_by).descriptor.get("x-span"):
        when = when[:4]  # a flow "by the end of 2025" is the year's
    values = d.values
    codes = china_first(codes)
    if table == "trade":
        values["reporter"], values["partner"] = (codes + [None, None])[:2]
        values["flow"] = nearest_cue(article, "trade", "flow", figure, span) or "turnover"
        values["period"] = when
        if figure.what == "money":
            values["amount"] = figure.written
        elif figure.what == "times":
            values["change_factor"] = float(figure.number) if figure.number % 1 else int(figure.number)
            values["base_period"] = base or year_before(article, span, when)
        else:
            share = cue_distance(article, "trade", "share_percent", figure, span)
            change = cue_distance(article, "trade", "change_percent", figure, span)
            measure = "share" if share and (not change or share[0] < change[0]) else "change"
            key = "share_percent" if measure == "share" else "change_percent"
            values[key] = float(figure.number) if figure.number % 1 else int(figure.number)
            if measure == "share":  # of whose trade: a third place of the sentence ("of China's trade with the region")
                values["share_base"] = next((code for code in codes[2:]), None)
            if key == "change_percent":
                values["base_period"] = base or year_before(article, span, when)
    elif table == "investment":
        values["investor"], values["host"] = (codes + [None, None])[:2]
        values["measure"] = nearest_cue(article, "investment", "measure", figure, span) or \
            ("annual_flow" if when and (len(when) == 4 or "/" in when) else None)  # over a year or a run: a flow
        values["as_of"] = when
        if figure.what == "money":
            values["amount"] = figure.written
        else:
            draft_change(values, article, figure, span, when, base)
    elif table == "counts":
        units = units_of(article, figure, span)
        own = normal(units or "")  # the units' words say whose they are ("Chinese companies", "中国企业")
        origin = next((p.code for p in article.places_in(*span) if p.code and own and
                       normal(article.text[p.start:p.end]).lower() in own), None)
        values["country"] = next((code for code in codes if code not in (origin, CHINA)),
                                 next((code for code in codes if code != origin), codes[0] if codes else None))
        values["origin"] = origin
        values["counted"] = nearest_cue(article, "counts", "counted", figure,
                                        span if article.language == "zh" or figure.what != "plain" else (figure.end, span[1]))
        values["units"] = units
        values["as_of"] = when
        if figure.what == "plain":
            values["count"] = int(figure.value)
        else:
            draft_change(values, article, figure, span, when, base)
    else:
        values["name"] = None
        values["type"] = "agreement"
        values["status"] = nearest_cue(article, "agreements", "status", figure, span)
        values["parties"] = codes
        values["date"] = when
        if figure.what == "plain":
            values["type"] = "deal_package"
            values["deal_count"] = int(figure.value)
        else:
            values["amount"] = figure.written
    bound = nearest_cue(article, table, "bound", figure, span, before_only=True)
    if bound:
        values["bound"] = bound
    kind = nearest_cue(article, table, "kind", figure, span)
    if kind:
        values["kind"] = kind
    said = ATTRIBUTION.search(article.text, *span)
    if said:
        values["stated_by"] = next(group for group in said.groups() if group).strip()
    dated = tables()[table].dated_by
    if carried:  # the contributor confirms the note, as every drafted value
        values[f"{dated}_note"] = f'The sentence before dates the whole this is part of: "{carried[1]}".'
    values["quote"] = quote
    values = {k: v for key, value in values.items() for k, v in ((key, value), (f"{key}_as_written", written))
              if k == key or key == dated}  # after its date, the words the publication date resolves
    d.values = {key: value for key, value in values.items() if value is not None and key in tables()[table].entry_fields}
    return d


def draft_change(values: dict[str, Any], article: Article, figure: Figure, span: tuple[int, int], when: str | None,
                 base: str | None) -> None:
    """A change of investment or of a count: in percent or times, from its base ("since 2017", or
    the same span a year before for "year-on-year")."""
    number = float(figure.number) if figure.number % 1 else int(figure.number)
    values["change_factor" if figure.what == "times" else "change_percent"] = number
    values["base_period"] = base or year_before(article, span, when)


def draft_id(table: str, number: int) -> str:
    """A drafted record's id: unique across the entry's tables (record ids share records.csv)."""
    return f"draft-{table.replace('_', '-')}-{number}"


@dataclass
class Drafted:
    records: dict[str, list[Draft]]
    left_out: list[tuple[Figure, str, int]]  # a figure no record is drafted for: the reason proposed, the text's version
    texts: dict[int, str]  # the archived text of each version drafted from
    problems: Problems


def read(root: Path, entry: Path) -> tuple[Reader, Problems]:
    problems = Problems()
    reader = Reader(root, problems, derive)
    reader.read_registries()
    reader.start_entry(problems)
    reader.read_entry(entry)
    return reader, problems


def text_files(entry: Path) -> list[Path]:
    """The entry's archived texts: the first, and each later version's file beside it."""
    return [entry.with_suffix(".txt"), *sorted(entry.parent.glob(f"{entry.stem}.v*.txt"))]


def covered_spans(reader: Reader) -> dict[int, list[tuple[int, int]]]:
    """The spans (in each version's archived text) the entry's records' values and left-out
    items already take, as the check binds them."""
    validate_rows(Dataset(reader.rows, reader.texts, reader.lookups), Problems())
    out: dict[int, list[tuple[int, int]]] = {}
    for name, rows in reader.rows.items():
        quote = next(iter(tables()[name].kinds("quote")), None)
        for row in rows:
            for column, a, b in row.evidence or []:
                if quote is None or column != quote.name or tables()[name].meta.get("left_out"):
                    out.setdefault(row.values.get("text_version") or 1, []).append((a, b))
    return out


def draft(root: Path, entry: Path) -> Drafted:
    """The drafts of every figure of the entry's text that the entry does not account for:
    of its latest version, when the publisher amended the article (a figure on a line the
    amendment kept is accounted for as it was: scripts/check/accounting.py), each drafted
    record then quoting that version."""
    reader, problems = read(root, entry)
    first = next(iter(reader.texts.values()), None)
    if first is None:
        return Drafted({}, [], {}, problems)
    versions = []
    for source in [first, *(first.later[n] for n in sorted(first.later))]:
        article = article_of(source, Dataset(reader.rows, reader.texts, reader.lookups), problems)
        if article is None:
            return Drafted({}, [], {}, problems)
        versions.append((source, article))
    source, article = versions[-1]  # the text as it now reads
    raw = normalized(source.text)
    records: dict[str, list[Draft]] = {}
    left: list[tuple[Figure, str, int]] = []
    for figure, _ in unaccounted(versions, covered_spans(reader)):
        reason = left_reason(article, figure)
        proposed = None if reason else draft_figure(article, figure)
        if proposed is None:
            left.append((figure, reason or "unclear", source.version))
            continue
        proposed.values["quote"] = paragraph_quote(article, raw, source.text, figure)
        if source.version > 1:
            proposed.version = proposed.values["text_version"] = source.version
        records.setdefault(proposed.table, []).append(proposed)
    return Drafted(records, left, {source.version: source.text}, problems)


DATELINE = re.compile(r"^.{0,80}?(?: --? | — |电 )")  # "BISHKEK, Feb. 10 -- ", "新华社塔什干2月20日电 "


def paragraph_quote(article: Article, raw, text: str, figure: Figure) -> str:
    """The figure's sentence as the quote, within its paragraph of the archived text (a
    headline or dateline before it is not the sentence's)."""
    a, b = article.sentence(figure.start)
    start, end = raw.raw_span(a, b)
    at, _ = raw.raw_span(figure.start, figure.end)
    start = max(start, text.rfind("\n", start, at) + 1)
    stop = text.find("\n", at, end)
    quote = " ".join(text[start:end if stop < 0 else stop].split())
    cut = DATELINE.match(quote)
    if cut and quote.find(figure.written) > cut.end():
        quote = quote[cut.end():]
    return quote

