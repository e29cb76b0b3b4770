"""The evidence of a published package proved right by DuckDB, all rows at once: for each
row, the substring of its archived text at its offsets (code points, as the table's
`start` and `end` count them) is its words, and the rules of the reading row by row
(scripts/publish/verify_texts.py, `evidence_problem`) are kept: no formula sign, offsets in
plain digits inside a text that could be read. A row it cannot prove, or a file DuckDB and
Python's csv module might read apart (a carriage return, a header without the columns, a
cell csv would refuse as too long, a row DuckDB will not read), makes it answer False, and
every row is then read one by one: the answer is always the reading row by row's, found
sooner when there is nothing to say.
"""

from __future__ import annotations

import csv
import mmap
from pathlib import Path

from scripts.core.cells import FORMULA_START
from scripts.publish.verify_sql import ident
from scripts.publish.verify_sql import text as text_literal

COLUMNS = ("source_id", "text_version", "words", "start", "end")  # the evidence columns compared


def all_hold(path: Path, texts: dict[tuple[str, str], str | None]) -> bool:
    """Whether DuckDB proves every evidence row right by the rules of evidence_problem: words
    that start with no formula sign, offsets in plain digits inside a text that could be read,
    and the text's code points from start to end the words; and no cell so long that csv
    refuses it (its field_size_limit). False when it cannot tell."""
    import duckdb

    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), [])
    if len(set(header)) != len(header) or not set(COLUMNS) <= set(header):
        return False  # the row by row reading says what this means
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data.find(b"\r") >= 0:
            return False  # a line end csv and DuckDB might read apart
    known = [(source, version, text) for (source, version), text in texts.items() if text is not None]
    database = duckdb.connect()
    try:
        database.execute("CREATE TABLE texts AS SELECT *, length(text) AS size FROM (SELECT unnest($1::VARCHAR[]) AS "
                         "source, unnest($2::VARCHAR[]) AS version, unnest($3::VARCHAR[]) AS text)",
                         [list(column) for column in zip(*known)] if known else [[]] * 3)
        columns = "{" + ", ".join(f"{text_literal(name)}: 'VARCHAR'" for name in header) + "}"
        digits = text_literal("[0-9]{1,18}")  # what int() and a BIGINT read alike
        unproved = database.execute(f"""
            WITH e AS (SELECT coalesce(source_id, '') AS source, coalesce(nullif(text_version, ''), '1') AS version,
                              words, TRY_CAST(start AS BIGINT) AS s, TRY_CAST("end" AS BIGINT) AS f, start, "end",
                              {" AND ".join(f"coalesce(strlen({ident(name)}), 0) < {csv.field_size_limit()}"
                                            for name in header)} AS fits
                       FROM read_csv({text_literal(str(path))}, columns = {columns}, header = true,
                                     auto_detect = false, delim = ',', quote = '"', escape = '"',
                                     strict_mode = true, null_padding = false))
            SELECT count(*) FROM e LEFT JOIN texts t ON t.source = e.source AND t.version = e.version
            WHERE NOT coalesce(left(words, 1) NOT IN ({", ".join(text_literal(sign) for sign in FORMULA_START)})
                               AND regexp_full_match(start, {digits}) AND regexp_full_match("end", {digits})
                               AND 0 <= s AND s < f AND f <= t.size
                               AND substring(t.text, s + 1, f - s) = words AND fits, false)""").fetchone()[0]
    except duckdb.Error:
        return False
    finally:
        database.close()
    return unproved == 0
