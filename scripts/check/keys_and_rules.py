"""Checks between fields and rows that a column-by-column schema (scripts/check/pandera_schemas.py)
cannot express: unique ids and sources present, each table's rules (`x-table.rules` and
its column sets' rules in schemas/), actual events dated no later than their source, and
each later version of an archived text an amendment of the one before it.
The quotes are checked in scripts/check/proof.py.
"""

from __future__ import annotations

from scripts.bind.quote_text import normal
from scripts.check.proof import check_quotes
from scripts.core.cells import Record
from scripts.core.problems import Problems
from scripts.derive import values as v
from scripts.read.rows import Dataset, Row
from scripts.read.texts import skeleton
from scripts.schema.model import Table
from scripts.schema.registry import record_tables, source_table, tables, versions_table
from scripts.schema.rules import holds, is_actual


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
    sources = {record.id for record in records.get(source_table().name, [])}
    for name in record_tables():
        for record in records.get(name, []):
            if record.source_id not in sources:
                problems.add(record.file, record.line, record.col, f"{name}.source_id",
                             "the record's source is not in the sources table", "fix the entry's `id`")


def check_repeats(table: Table, rows: list[Row], problems: Problems) -> None:
    """One claim is one record: two records of one entry that name the same fact with the
    same figure and bound are the same record twice (facts.csv would count it twice)."""
    facts = table.kinds("fact")
    if not facts:
        return
    figures = [choice["column"] for choice in table.meta.get("fact", {}).get("values", [])]
    seen: dict[tuple, Row] = {}
    for row in rows:
        if row.flagged or row.values.get(facts[0].name) is None:
            continue
        claim = (row.values[facts[0].name], row.values.get("bound"), *(str(row.values.get(c)) for c in figures))
        first = seen.setdefault(claim, row)
        if first is not row:
            problems.add(row.file, row.line, row.col, f"{table.name}.id",
                         f"the same claim as `{first.values.get(table.id_field)}` (line {first.line}): the same fact "
                         "and figure, recorded twice", "record a claim once: remove this record, or correct what "
                         "makes it another claim")


# ------------------------------------------------------------------ rules between fields
def check_rules(table: Table, rows: list[Row], problems: Problems) -> None:
    """The table's rules, in order: its column sets' first, then its own."""
    if not table.rules:
        return
    for row in rows:
        if row.flagged:
            continue  # a value it rests on was rejected and reported already
        for rule in table.rules:
            if holds(rule.get("when"), row.values) and not holds(rule["require"], row.values):
                column = rule["at"]
                key = table.field(column).entry_key or column
                problems.add(row.file, *row.at(column), f"{table.name}.{key}", rule["message"], rule["fix"])


def check_dates(table: Table, rows: list[Row], data: Dataset, problems: Problems) -> None:
    """An actual event cannot be dated after the source that reports it."""
    column = table.dated_by
    if column is None:
        return
    fix = table.meta.get("actual", {}).get("fix", "check the date")
    for row in rows:
        article = data.texts.get(row.values.get("source_id"))
        value = row.values.get(column)
        if article and value and is_actual(table.meta, row.values) and v.date_start(value) > article.published:
            problems.add(row.file, *row.at(column), f"{table.name}.{column}",
                         f"{value} is after the source's publication date {article.published}", fix)


# ------------------------------------------------------------------ amended texts
def check_amendments(data: Dataset, problems: Problems) -> None:
    """A later version of an archived text differs from the one before it in more than white
    space (at its ends or between words), quote marks, dashes and Unicode forms: read as the
    quotes are (scripts/bind/quote_text.py, normal), the same text is no amendment."""
    table = versions_table()
    if table is None:
        return
    rows = {(row.values.get("source_id"), row.values.get("version")): row for row in data.rows.get(table.name, [])}
    for first in data.texts.values():
        for number in sorted(first.later):
            before = first if number == 2 else first.later.get(number - 1)
            row = rows.get((first.source_id, number))
            if before is None or row is None or \
                    normal(skeleton(first.later[number].text)) != normal(skeleton(before.text)):
                continue
            problems.add(row.file, *row.at("text_sha256"), f"{table.name}.text_sha256",
                         f"version {number} of the archived text reads as version {before.version} once normalised "
                         "as quotes are compared (white space at the ends and between words, quote marks, dashes, "
                         "Unicode forms, invisible characters and look-alike letters aside): nothing a reader could "
                         "tell apart was amended",
                         "remove it: a later version must differ from the one before in more than white space at its "
                         "ends; archive a new version only when the publisher changed the words")
            del first.later[number]  # as a version that repeats the bytes of one before: nothing to quote or account for


def validate_rows(data: Dataset, problems: Problems) -> None:
    """The checks that need only the rows of one entry file (or of the registries) and
    the archived text: every table's rules, then dates, then quotes."""
    for name, table in tables().items():
        check_rules(table, data.rows.get(name, []), problems)
    for name, table in tables().items():
        check_dates(table, data.rows.get(name, []), data, problems)
        check_repeats(table, data.rows.get(name, []), problems)
    check_amendments(data, problems)
    check_quotes(data, problems)
