"""Verify the evidence of a published package against its archived texts: every row of the
evidence table must hold, in `words`, exactly the characters its source's archived text (the
version of it the row names, `text_version`) has from `start` to `end` (Unicode code points,
end exclusive), and no words a spreadsheet would run as a formula; every archived text must
have the SHA-256 its source row gives, and every version the SHA-256 its row of the versions
table gives. So an
evidence.csv edited by hand (words, offsets or source), or a text changed after the build, is
refused by `python -m scripts verify` and by the gate of `make check` and `make build`.

The evidence, source and versions tables are found by their roles (schemas/, `x-table.role`);
their columns are the roles' own (`source_id`, `text_version`, `words`, `start`, `end`;
`text_path`, `text_sha256`; `version`).
A text path that leaves the package, or names no regular file, is reported, never followed.
A package is checked against its texts when it holds them: when the folder of its texts
(`data/sources/`, as `text_path` names it) is there, as in a clone or a release archive. The
published tables alone (a descriptor and its CSVs, as the gate of `make check` and `make
build` stages them, whose evidence the check has just read from the texts) have none to
compare with, and are verified as tables.

DuckDB compares every row at once first (scripts/publish/verify_words.py); only when it
cannot prove them all right is every row read here, one by one, to say which and why.
"""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

from scripts.core.cells import FORMULA_START
from scripts.publish.verify_words import all_hold
from scripts.schema.registry import evidence_table, source_table, versions_table

REPORT_AT_MOST = 200  # problems reported; the count says how many more


def rows(path: Path):
    """(line, row by column) of a CSV file, as Python's csv module reads it."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        line = reader.line_num + 1
        for cells in reader:
            yield line, dict(zip(header, cells))
            line = reader.line_num + 1


def shown(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def texts_of(root: Path, tables: list[dict], errors: list[str]) -> dict[tuple[str, str], str | None]:
    """Each archived text by (source id, version), from the rows of `tables` (the sources
    table: version 1; the versions table: every version), None when it cannot be read
    (reported); each file read, hashed and decoded once, and held to the SHA-256 of every row
    naming it."""
    out: dict[tuple[str, str], str | None] = {}
    read: dict[str, tuple[str, str | None] | None] = {}  # by text_path: its SHA-256 and text, None when unread
    inside = os.path.join(os.path.realpath(root), "")  # what every file's real path starts with
    folders: dict[Path, str] = {}  # each folder's real path, found once
    for table in tables:
        for line, row in rows(root / table["path"]):
            where, path = f"{table['path']}:{line}", row.get("text_path") or ""
            key = (row.get("source_id") or "", row.get("version") or "1")
            out[key] = None
            if path not in read:
                read[path] = None
                full = root / path
                if path and full.is_symlink():
                    errors.append(f"{where}: text_path: `{shown(path)}` is a symbolic link, not a file of the package")
                    continue
                if full.name in ("", ".."):  # what the path names is only known once it is resolved
                    real = os.path.realpath(full)
                else:  # not a link (above), so its real path is its folder's, and its name
                    if full.parent not in folders:
                        folders[full.parent] = os.path.realpath(full.parent)
                    real = os.path.join(folders[full.parent], full.name)
                if not path or not real.startswith(inside) or not os.path.isfile(real):
                    errors.append(f"{where}: text_path: `{shown(path)}` is not a file inside the package")
                    continue
                with open(real, "rb") as handle:
                    data = handle.read()
                try:
                    read[path] = (hashlib.sha256(data).hexdigest(), data.decode("utf-8"))
                except UnicodeDecodeError:
                    read[path] = (hashlib.sha256(data).hexdigest(), None)
            if read[path] is None:
                continue
            digest, text = read[path]
            if row.get("text_sha256") and digest != row["text_sha256"]:
                errors.append(f"{where}: text_sha256: {path} has another SHA-256: the archived text changed after the "
                              "build")
            if text is None:
                errors.append(f"{where}: text_path: {path} is not UTF-8")
            out[key] = text
    return out


def verify_texts(root: Path, descriptor: dict) -> list[str]:
    """What is wrong between the evidence table, the sources table and the archived texts."""
    root = Path(root)
    table, versions = evidence_table(), versions_table()
    by_name = {resource.get("name"): resource for resource in descriptor.get("resources", [])}
    evidence, sources = by_name.get(table.name if table else None), by_name.get(source_table().name)
    versioned = by_name.get(versions.name if versions else None)  # an older package has none: its texts are the first
    if evidence is None or sources is None:
        return []
    if not (root / evidence["path"]).is_file() or not (root / sources["path"]).is_file():
        return []  # a missing file is reported with the tables
    folders = {str(Path(row.get("text_path") or "").parent) for _, row in rows(root / sources["path"])}
    if not any((root / folder).is_dir() for folder in folders - {"."}):
        return []  # the tables alone: no texts to compare with
    errors: list[str] = []
    try:
        texts = texts_of(root, [sources] + ([versioned] if versioned and (root / versioned["path"]).is_file() else []),
                         errors)
        if all_hold(root / evidence["path"], texts):
            return errors
        wrong = 0
        for line, row in rows(root / evidence["path"]):
            problem = evidence_problem(row, texts)
            if problem:
                wrong += 1
                if wrong <= REPORT_AT_MOST:
                    errors.append(f"{evidence['path']}:{line}: {problem}")
    except (OSError, UnicodeDecodeError, csv.Error) as failure:
        return errors + [f"{evidence['path']}: cannot be read against the archived texts ({failure})"]
    if wrong > REPORT_AT_MOST:
        errors.append(f"{evidence['path']}: {wrong - REPORT_AT_MOST} more rows whose words are not their text's")
    return errors


def evidence_problem(row: dict, texts: dict[tuple[str, str], str | None]) -> str | None:
    """What is wrong with one evidence row, or None."""
    words, source = row.get("words") or "", row.get("source_id") or ""
    version = row.get("text_version") or "1"
    if words.startswith(FORMULA_START):
        return f"words: `{shown(words)}` starts with =, +, - or @, which a spreadsheet would run as a formula"
    try:
        start, end = int(row.get("start") or ""), int(row.get("end") or "")
    except ValueError:
        return None  # not integers: the table's own check reports it
    if (source, version) not in texts:
        return None  # a foreign key with nothing to point at: reported with the keys
    text = texts[(source, version)]
    if text is None:
        return None  # the text is reported with its source
    which = f"the archived text of {source}" + (f" (version {version})" if version != "1" else "")
    if not 0 <= start < end <= len(text):
        return f"start, end: {start} to {end} is not inside {which} ({len(text)} characters)"
    if text[start:end] != words:
        return f"words: `{shown(words)}` is not what {which} holds from {start} to {end} (`{shown(text[start:end])}`)"
    return None
