"""Evidence: the proof's binding published. Each record the proof reads carries, in
`Row.evidence` (scripts/read/rows.py), the places in its archived text of the words that
state each value: `(column, start, end)`, character offsets, end exclusive. Here they
become rows of the table of role `evidence` (schemas/evidence.yaml), in the published form
the runner hands back for each entry, so that they pass through the check cache with the
entry's other rows.

A record gets one row per binding: `<record_id>:<column>:<n>`, numbered 1, 2, ... per
column in the order of the text (the same place bound twice is one row), with the words
the offsets give. A binding outside its text, or of no words, is an error of the proof,
never of the entry: it stops the check with the record named, rather than publish words
that are not there.
"""

from __future__ import annotations

from scripts.core.cells import FORMULA_START, Record, cell, csv_line
from scripts.read.rows import Row, SourceText, text_of
from scripts.schema.registry import evidence_table, record_tables


def safe(bindings: list[tuple[str, int, int]], text: str) -> list[tuple[str, int, int]]:
    """The bindings with their words starting at neither a space nor a sign a spreadsheet reads
    as a formula (`-15%` is bound as `15%`; the sign's own words are bound apart): evidence.csv
    holds each binding's words exactly as the archived text has them, so they are never
    escaped, and no cell of them is a formula. A binding of only such signs is dropped."""
    out = []
    for column, start, end in bindings:
        if start < len(text) and (text[start] in FORMULA_START or text[start].isspace()):
            start += len(text[start:end]) - len(text[start:end].lstrip("=+-@ \t\r\n\u00a0"))
        if start < end:
            out.append((column, start, end))
    return out


def evidence_records(rows: dict[str, list[Row]], texts: dict[str, SourceText]) -> list[Record]:
    """The evidence rows of the records in `rows` (one entry's, or a chunk's), whose
    archived texts are in `texts`; none when the package has no evidence table."""
    table = evidence_table()
    if table is None:
        return []
    out = []
    for name, record_table in record_tables().items():
        for row in rows.get(name, []):
            record_id, source_id = row.values.get(record_table.id_field), row.values.get("source_id")
            article = text_of(texts, row)
            if not row.evidence or record_id is None or article is None:
                continue
            numbers: dict[str, int] = {}
            for column, start, end in sorted(set(safe(row.evidence, article.text)), key=lambda b: (b[0], b[1], b[2])):
                if not 0 <= start < end <= len(article.text):
                    raise ValueError(f"{row.file}:{row.line}: the proof bound {record_id}'s {column} to characters "
                                     f"{start} to {end} of a text of {len(article.text)}: a fault of the check "
                                     "(scripts/check/proof.py), not of the entry")
                numbers[column] = numbers.get(column, 0) + 1
                ident = f"{record_id}:{column}:{numbers[column]}"
                values = {"evidence_id": ident, "record_id": record_id, "source_id": source_id,
                          "text_version": article.version, "column": column, "words": article.text[start:end],
                          "start": start, "end": end}
                out.append(Record(ident, source_id, row.file, row.line, row.col, row.at(record_table.id_field),
                                  csv_line([cell(values.get(c)) for c in table.columns])))
    return out
