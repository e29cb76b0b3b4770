"""The evidence compared with its archived texts by DuckDB (verify_texts.all_hold) says a
table holds only when the reading row by row (evidence_problem) finds nothing: offsets in
code points, not bytes; a wrong, formula, misplaced or unknown row never proved right; and a
table it cannot prove is read again row by row, which says what is wrong."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.core.cells import FORMULA_START
from scripts.publish import verify_texts
from scripts.publish.verify_texts import evidence_problem
from scripts.publish.verify_words import all_hold

HEADER = ["evidence_id", "record_id", "source_id", "text_version", "column", "words", "start", "end"]
TEXTS = {("a", "1"): "Trade reached 28.9 billion dollars — naïve café 😀 in 2014.\n",
         ("a", "2"): "日本と中国の貿易は 28.6 billion dollars に達した。",
         ("b", "1"): "plain ASCII: 22 billion dollars in 2013.",
         ("c", "1"): None}  # a text that could not be read


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([HEADER] + rows)
    return path


def provable(row: dict) -> bool:
    """What all_hold must prove: the rules of evidence_problem, in their plainest form."""
    text = TEXTS.get((row["source_id"], row["text_version"] or "1"))
    if text is None or not row["start"].isdecimal() or not row["end"].isdecimal() or not row["start"].isascii() \
            or not row["end"].isascii() or row["words"].startswith(FORMULA_START):
        return False
    start, end = int(row["start"]), int(row["end"])
    return 0 <= start < end <= len(text) and text[start:end] == row["words"]


@st.composite
def evidence_rows(draw) -> dict:
    source, version = draw(st.sampled_from([("a", "1"), ("a", "2"), ("b", "1"), ("b", ""), ("c", "1"), ("z", "1"),
                                            ("a", "3")]))
    text = TEXTS.get((source, version or "1")) or "something else"
    start = draw(st.integers(-2, len(text) + 2))
    end = draw(st.integers(start - 1, len(text) + 3))
    words = text[max(start, 0):max(end, 0)]
    change = draw(st.sampled_from(["none", "none", "none", "append", "formula", "bytes", "blank", "plus", "zeros"]))
    cells = {"start": str(start), "end": str(end)}
    if change == "append":
        words += "x"
    elif change == "formula":
        words = "=" + words
    elif change == "bytes":  # offsets counted in UTF-8 bytes, as a careless edit might
        cells = {"start": str(len(text[:max(start, 0)].encode())), "end": str(len(text[:max(end, 0)].encode()))}
    elif change == "blank":
        words = ""
    elif change == "plus":
        cells["start"] = "+" + cells["start"]
    elif change == "zeros":
        cells["end"] = "00" + cells["end"]
    return {"evidence_id": "e", "record_id": "r", "source_id": source, "text_version": version, "column": "amount",
            "words": words, **cells}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(evidence_rows(), min_size=1, max_size=6))
def test_duckdb_proves_what_the_row_by_row_reading_finds_right(tmp_path, rows):
    path = write(tmp_path / "evidence.csv", [[row[column] for column in HEADER] for row in rows])
    proved = all_hold(path, TEXTS)
    assert proved == all(provable(row) for row in rows), rows
    if proved:
        assert all(evidence_problem(row, TEXTS) is None for row in rows)


def test_offsets_count_code_points(tmp_path):
    text = TEXTS[("a", "1")]
    start = text.index("😀")
    right = ["e", "r", "a", "1", "c", "😀 in", str(start), str(start + 4)]
    assert all_hold(write(tmp_path / "right.csv", [right]), TEXTS)
    in_bytes = right[:6] + [str(len(text[:start].encode())), str(len(text[:start].encode()) + 4)]
    assert not all_hold(write(tmp_path / "bytes.csv", [in_bytes]), TEXTS)


def test_what_duckdb_cannot_prove_is_read_row_by_row(tmp_path, monkeypatch):
    """A carriage return anywhere, a header without the columns, or a row DuckDB will not
    read: the reading row by row decides, and says which row is wrong."""
    text = TEXTS[("b", "1")]
    right = ["e", "r", "b", "1", "c", "22 billion", str(text.index("22")), str(text.index("22") + 10)]
    assert all_hold(write(tmp_path / "ok.csv", [right]), TEXTS)
    assert not all_hold(write(tmp_path / "cr.csv", [right[:4] + ["c\r"] + right[5:]]), TEXTS)
    assert not all_hold(write(tmp_path / "short.csv", [right, right[:5]]), TEXTS)
    (tmp_path / "renamed.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert not all_hold(tmp_path / "renamed.csv", TEXTS)
    monkeypatch.setattr(verify_texts, "texts_of", lambda root, tables, errors: TEXTS)
    descriptor = {"resources": [{"name": "evidence", "path": "data/evidence.csv"},
                                {"name": "sources", "path": "data/sources.csv"}]}
    (tmp_path / "data" / "sources").mkdir(parents=True)
    (tmp_path / "data" / "sources.csv").write_text("source_id,text_path\nb,data/sources/b.txt\n", encoding="utf-8")
    write(tmp_path / "data" / "evidence.csv", [right, right[:5] + ["22 billiox"] + right[6:], right[:5]])
    assert verify_texts.verify_texts(tmp_path, descriptor) == [
        f"data/evidence.csv:3: words: `22 billiox` is not what the archived text of b holds from {right[6]} to "
        f"{right[7]} (`22 billion`)"], json.dumps(descriptor)
