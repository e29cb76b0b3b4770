"""The versions of the archived texts, over the whole package (the rendered versions table,
schemas/text_versions.yaml, against data/sources/ and the published package):

- A file of data/sources/ named as a later version of a text (`<id>.v<N>.txt`) that the
  entry `<id>.yaml` does not declare under `versions:` is reported: an amended text is
  kept only with its number, its SHA-256, the date it was archived and the reason.
- Evidence is append-only: a published later version (data/text_versions.csv as committed,
  while datapackage.json vouches for it) stays declared, with the SHA-256 it was published
  with, as long as its source is in the package (a renamed source keeps its versions under
  its new id). A further amendment is a new version, under the next number. Version 1, the
  text as first archived, is the source's own `text_sha256`: scripts/check/permanence.py
  keeps it.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from scripts.check.published import published, read_rows
from scripts.core.files import MAX_ENTRY_BYTES, MAX_TEXT_BYTES, Unsafe, read_regular
from scripts.core.problems import Problems
from scripts.read.parse import Mapping, Sequence, parse_yaml
from scripts.schema.model import Table
from scripts.schema.registry import permanence_table, source_table, versions_table

VERSION_FILE = re.compile(r"(?P<stem>[a-z0-9]+(?:-[a-z0-9]+)*)\.v(?P<version>[0-9]+)\.txt")


def check_versions(root: Path, files: dict[str, bytes], problems: Problems) -> None:
    table = versions_table()
    if table is None:
        return
    now = read_rows(files.get(f"data/{table.name}.csv"), table.id_field)
    undeclared(root, table, {row.get("text_path") for row, _ in now.values()}, problems)
    kept(root, table, files, now, problems)


def undeclared(root: Path, table: Table, declared: set[str | None], problems: Problems) -> None:
    """Each file of a later version its entry does not declare (one with no entry at all is
    reported with the entries: scripts/check/runner.py)."""
    folder = root / "data" / "sources"
    names = sorted(os.listdir(folder)) if folder.is_dir() and not folder.is_symlink() else []
    entries = {name[:-5] for name in names if name.endswith(".yaml")}
    key = table.meta["entry_key"]
    for name in names:
        match = VERSION_FILE.fullmatch(name)
        if not match or match["stem"] not in entries or f"data/sources/{name}" in declared:
            continue
        try:
            digest = hashlib.sha256(read_regular(folder / name, MAX_TEXT_BYTES, root / "data")).hexdigest()
        except Unsafe:
            digest = "<its SHA-256>"
        problems.add(f"data/sources/{name}", 1, 1, f"{table.name}.{key}",
                     f"a later version of the archived text of `{match['stem']}` that its entry does not declare",
                     f"declare it in data/sources/{match['stem']}.yaml under `{key}:` (`- version: "
                     f"{int(match['version'])}`, `text_sha256: {digest}`, `archived_date: YYYY-MM-DD`, `reason: "
                     "...`), or remove it")


def kept(root: Path, table: Table, files: dict[str, bytes], now: dict, problems: Problems) -> None:
    """Every published later version of a source still in the package is declared still,
    with the SHA-256 it was published with."""
    before = read_rows(published(root, table.name), table.id_field)
    if not before:
        return
    sources = read_rows(files.get(f"data/{source_table().name}.csv"), source_table().id_field)
    withdrawals = permanence_table("withdrawals")
    renamed = {} if withdrawals is None else {
        ident: row["replaced_by"] for ident, (row, _) in read_rows(files.get(f"data/{withdrawals.name}.csv"),
                                                                   withdrawals.id_field).items() if row.get("replaced_by")}
    key = table.meta["entry_key"]
    for ident, (old, line) in sorted(before.items()):
        version, source = old.get("version") or "", renamed.get(old.get("source_id"), old.get("source_id"))
        if version in ("", "1") or source not in sources:
            continue  # the text as first archived (permanence.py), or a source that left (permanence.py says if it may)
        entry = f"data/sources/{source}.yaml"
        new = now.get(f"{source}:v{version}")
        published_as = f"published as {old.get('text_path')} with SHA-256 {old.get('text_sha256')}"
        if new is None:
            problems.add(entry, *place(root, entry, key, version, "version"), f"{table.name}.{key}",
                         f"version {version} of the archived text of the published source `{source}` ({published_as}) "
                         f"is no longer declared: evidence is append-only",
                         f"restore it under `{key}:` as data/{table.name}.csv has it (line {line}), with its file")
        elif new[0].get("text_sha256") != old.get("text_sha256"):
            problems.add(entry, *place(root, entry, key, version, "text_sha256"), f"{table.name}.text_sha256",
                         f"version {version} of the archived text of the published source `{source}` has changed "
                         f"({published_as}): evidence is append-only",
                         "restore the text as published and write its hash back; a further amendment of the article "
                         f"is a new version: add it under `{key}:` with the next number (`- version: "
                         f"{int(version) + 1}`, `text_sha256: ...`, `archived_date: ...`, `reason: ...`)")


def place(root: Path, relative: str, key: str, version: str, column: str) -> tuple[int, int]:
    """Where an entry writes `column` of its later version `version` (or its list of
    versions; its first line when neither can be found)."""
    try:
        node = parse_yaml(read_regular(root / relative, MAX_ENTRY_BYTES).decode("utf-8"), relative, Problems())
    except (Unsafe, UnicodeDecodeError):
        return 1, 1
    if not isinstance(node, Mapping):
        return 1, 1
    listed = node.items.get(key)
    for item in listed.items if isinstance(listed, Sequence) else []:
        if isinstance(item, Mapping) and getattr(item.items.get("version"), "text", None) == version:
            return item.key_marks.get(column, (item.line, item.col))
    return node.key_marks.get(key, (1, 1))
