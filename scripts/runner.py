"""Run the checks over a whole corpus and give back the rows in published form.

Entries are checked in chunks, in parallel on all cores: each worker reads its
entries, runs the checks that need one entry and its text, then the pandera
schemas over all the chunk's rows at once, and hands back each row as its CSV line
with the few facts the checks across files need (id, source, place). The parent
then checks keys across all files.

An entry's result is kept in <root>/.check-cache/ and reused only when the bytes of
the entry and of its archived text are unchanged, and so are the registries, the
schemas, the build code and the day (the future-date check reads it); otherwise the
entry is checked afresh. Cached and fresh checks therefore report the same problems
(tests/test_scale.py compares them).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts import normalise, publish
from scripts.normalise import Dataset, Reader, Row
from scripts.problems import Problem, Problems
from scripts.publish import Record
from scripts.registry import ROOT, Table, tables

CACHE_DIR = ".check-cache"
PARALLEL_FROM = 200  # below this many entries, one process is quicker than starting workers


@dataclass
class EntryResult:
    records: dict[str, list[Record]]
    problems: list[Problem]


@dataclass
class Checked:
    records: dict[str, list[Record]]
    entry_files: int


_reader: Reader | None = None  # set in the parent before the workers fork


def record(row: Row, table: Table) -> Record:
    values = row.values
    return Record(values.get(table.id_field), values.get("source_id"), row.file, row.line, row.col,
                  row.at(table.id_field), publish.csv_line([publish.cell(values.get(c)) for c in table.columns]))


def check_chunk(paths: list[Path]) -> list[EntryResult]:
    """Check entries on their own, then the chunk's rows against the schemas at once."""
    from scripts.validate import check_schema, validate_entry

    assert _reader is not None
    all_tables = tables()
    problems = Problems()
    _reader.problems = problems
    entries = []
    for path in paths:
        _reader.rows = {name: [] for name in all_tables}
        _reader.texts = {}
        _reader.read_entry(path)
        validate_entry(Dataset(_reader.rows, _reader.texts), problems)
        entries.append((_reader.shown(path), _reader.rows))
    for name, table in all_tables.items():
        check_schema(table, [row for _, rows in entries for row in rows[name]], problems)
    by_file: dict[str, list[Problem]] = {}
    for problem in problems.items:
        by_file.setdefault(problem.file, []).append(problem)
    return [EntryResult({name: [record(row, all_tables[name]) for row in table_rows]
                         for name, table_rows in rows.items() if table_rows}, by_file.get(shown, []))
            for shown, rows in entries]


def _context_key(root: Path, with_day: bool = True) -> str:
    """What every entry's result depends on besides its own files."""
    digest = hashlib.sha256(normalise.today().isoformat().encode() if with_day else b"")
    for path in [root / "data" / "groups.yaml", root / "data" / "entities.yaml",
                 *sorted((ROOT / "schemas").glob("*.yaml")), *sorted((ROOT / "scripts").glob("*.py"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _entry_key(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    text = path.with_suffix(".txt")
    digest.update(text.read_bytes() if text.is_file() else b"-")
    return digest.hexdigest()


def _load_cache(cache_file: Path, context: str) -> dict[str, tuple[str, EntryResult]]:
    try:
        with cache_file.open("rb") as handle:
            stored_context, cached = pickle.load(handle)
        return cached if stored_context == context else {}
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError):
        return {}


def _store(cache_file: Path, context: str, entries: dict) -> None:
    try:
        cache_file.parent.mkdir(exist_ok=True)
        temporary = cache_file.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump((context, entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache_file)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _check(todo: list[Path]) -> list[EntryResult]:
    """Results for `todo`, in order: in worker processes when there are many."""
    workers = os.cpu_count() or 1
    if len(todo) < PARALLEL_FROM or workers == 1:
        return check_chunk(todo)
    size = -(-len(todo) // (2 * workers))  # two chunks a core: the schemas run once a chunk
    chunks = [todo[start:start + size] for start in range(0, len(todo), size)]
    results: list[EntryResult] = []
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for chunk_results in pool.imap(check_chunk, chunks):
            results.extend(chunk_results)
            if sys.stderr.isatty():
                print(f"\rchecked {len(results)}/{len(todo)} entries", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    return results


def _check_registries(root: Path, rows: dict[str, list[Row]], problems: Problems) -> None:
    """The schema checks of data/groups.yaml and data/entities.yaml. Registries change
    rarely, so a clean result is remembered (by their bytes and the code): the quick
    check of one entry then need not run the schemas over them again."""
    from scripts.validate import check_registries, check_schema

    marker = root / CACHE_DIR / f"registries-clean-{_context_key(root, with_day=False)[:16]}"
    if marker.is_file() and not problems:
        return
    before = len(problems)
    check_registries(Dataset(rows, {}), problems)
    for name, table_rows in rows.items():
        check_schema(tables()[name], table_rows, problems)
    if len(problems) == before == 0:
        try:
            marker.parent.mkdir(exist_ok=True)
            marker.touch()
        except OSError:
            pass


def run(root: Path, problems: Problems, only: list[Path] | None = None, use_cache: bool = True) -> Checked:
    """Check the registries and the entries (all, or `only`); every problem goes to `problems`."""
    from scripts.validate import check_keys

    global _reader
    _reader = reader = Reader(root, problems)
    for name in ("groups", "entities"):
        reader.read_registry(name)
    registry_rows = {name: list(rows) for name, rows in reader.rows.items()}
    _check_registries(root, registry_rows, problems)

    paths = sorted(only) if only else sorted((root / "data" / "sources").glob("*.yaml"))
    use_cache = use_cache and not only  # named files are few: checking them afresh is quicker than the cache
    cache_file = root / CACHE_DIR / "entries.pickle"
    context = _context_key(root) if use_cache else ""
    cached = _load_cache(cache_file, context) if use_cache else {}
    keys = {path: _entry_key(path) if path.is_file() and use_cache else "" for path in paths}
    results: dict[Path, EntryResult] = {}
    for path in paths:
        hit = cached.get(str(path))
        if hit and hit[0] == keys[path]:
            results[path] = hit[1]
    todo = [path for path in paths if path not in results]
    results.update(zip(todo, _check(todo)))

    records = {name: [record(row, tables()[name]) for row in rows] for name, rows in registry_rows.items()}
    for path in paths:
        result = results[path]
        for name, table_records in result.records.items():
            records[name].extend(table_records)
        for problem in result.problems:
            problems.add(problem.file, problem.line, problem.col, problem.where, problem.message, problem.fix)
    if use_cache and todo:
        _store(cache_file, context, {str(p): (keys[p], results[p]) for p in paths})
    if paths:
        check_keys(records, problems)
    return Checked(records, len(paths))
