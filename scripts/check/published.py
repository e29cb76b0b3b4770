"""The published package a check compares the entries' package with (scripts/check/
permanence.py, reprints.py, versions.py): its files, each read and hashed once a comparison,
and the rows of each CSV by id, read once; from the work tree, or from another folder (a
pull request's base branch: forget's `reference`)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

from scripts.core.files import MAX_ENTRY_BYTES, Unsafe, read_regular
from scripts.core.problems import Problems
from scripts.read.parse import Mapping, Sequence, parse_yaml

Rows = dict[str, tuple[dict[str, str], int]]  # id -> (row, its line in the CSV)


_RUN: dict = {}  # what one comparison reads, each once: the published files and the rows of each CSV (see forget)


def forget(reference: Path | None = None) -> None:
    """Forget what was read (reprints.keeps starts and ends with it): a later comparison, in
    the same process, reads the files as they are then. With `reference`, the published
    package compared with is the one in that folder (a pull request's base branch, checked
    out apart: CI's `make check AGAINST=...`), not the one in the work tree, which the pull
    request itself may have rewritten or deleted."""
    _RUN.clear()
    if reference is not None:
        _RUN["reference"] = reference


def read_rows(content: bytes | None, key: str) -> Rows:
    """The rows of a CSV by their `key` column, each with its line; read once per content
    object until forget() (several checks compare the same table). Not to be changed."""
    if not content:
        return {}
    known = _RUN.get(("rows", id(content), key))
    if known is not None and known[0] is content:
        return known[1]
    reader = csv.reader(io.StringIO(content.decode("utf-8", "replace"), newline=""))
    header = next(reader, [])
    at = header.index(key) if key in header else None
    out: Rows = {}
    for values in reader:
        out[values[at] if at is not None and at < len(values) else ""] = (dict(zip(header, values)), reader.line_num)
    _RUN[("rows", id(content), key)] = (content, out)  # the content kept: its id stays its own
    return out


def published(root: Path, name: str) -> bytes | None:
    """The published data/<name>.csv, when it is the one the published datapackage.json
    describes (its SHA-256): a file altered or broken since a build is no reference (the
    check says it is out of date, and a build replaces it). Read and hashed once until forget();
    from the reference package when forget() was given one."""
    root = _RUN.get("reference", root)
    if ("published", root, name) not in _RUN:
        _RUN[("published", root, name)] = _published(root, name)
    return _RUN[("published", root, name)]


def _published(root: Path, name: str) -> bytes | None:
    try:
        content = read_regular(root / "data" / f"{name}.csv", 1 << 31)
        descriptor = json.loads(read_regular(root / "datapackage.json", 1 << 26))
        expected = {r.get("path"): r.get("hash") for r in descriptor.get("resources", []) if isinstance(r, dict)}
    except (Unsafe, ValueError, AttributeError):
        return None
    return content if expected.get(f"data/{name}.csv") == "sha256:" + hashlib.sha256(content).hexdigest() else None


def locate(root: Path, relative: str, key: str, ident: str | None = None) -> tuple[int, int]:
    """The line and column of `key` in an entry file (or, with `ident`, in the registry row
    of that id); the file's first line when it cannot be found."""
    try:
        text = read_regular(root / relative, MAX_ENTRY_BYTES).decode("utf-8")
    except (Unsafe, UnicodeDecodeError):
        return 1, 1
    node = parse_yaml(text, relative, Problems())
    items = node.items if isinstance(node, Sequence) else [node]
    for item in items:
        if isinstance(item, Mapping) and (ident is None or getattr(item.items.get("id"), "text", None) == ident):
            return item.key_marks.get(key, (item.line, item.col))
    return 1, 1
