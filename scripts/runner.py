"""Run the checks over a whole corpus: each entry file on its own (in parallel on
all cores, and from a cache keyed by content hash when nothing it depends on has
changed), then the checks over every row at once.

The cache lives in <root>/.check-cache/. An entry's result is reused only when the
bytes of the entry and of its archived text are unchanged, and so are the
registries, the schemas, the build code and the day (the future-date check reads
it); otherwise the entry is checked afresh. Cached and fresh checks therefore
report the same problems (tests/test_scale.py compares them).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts import normalise
from scripts.normalise import Dataset, Reader, Row, SourceText
from scripts.problems import Problem, Problems
from scripts.registry import ROOT, tables

CACHE_DIR = ".check-cache"
PARALLEL_FROM = 200  # below this many entries, one process is quicker than starting workers


@dataclass
class EntryResult:
    rows: dict[str, list[Row]]
    problems: list[Problem]
    source: SourceText | None  # without its text, which only the entry's own checks read


_reader: Reader | None = None  # set in the parent before the workers fork


def check_entry(path: Path) -> EntryResult:
    """Read one entry and run the checks that need only it."""
    from scripts.validate import validate_entry

    assert _reader is not None
    problems = Problems()
    _reader.problems = problems
    _reader.rows = {name: [] for name in _reader.tables}
    _reader.texts = {}
    _reader.read_entry(path)
    validate_entry(Dataset(_reader.rows, _reader.texts, 1), problems)
    source = next(iter(_reader.texts.values()), None)
    if source is not None:
        source = SourceText(source.source_id, source.file, "", source.published, source.language)
    return EntryResult({k: v for k, v in _reader.rows.items() if v}, problems.items, source)


def _context_key(root: Path) -> str:
    """What every entry's result depends on besides its own files."""
    digest = hashlib.sha256(normalise.today().isoformat().encode())
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


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty() and total >= 1000 and (done % 500 == 0 or done == total):
        print(f"\rchecked {done}/{total} entries", end="\n" if done == total else "", file=sys.stderr, flush=True)


def run(root: Path, problems: Problems, only: list[Path] | None = None, use_cache: bool = True) -> Dataset:
    """Check the registries and the entries (all, or `only`); every problem goes to `problems`."""
    global _reader
    _reader = reader = Reader(root, problems)
    for name in ("groups", "entities"):
        reader.read_registry(name)
    registries = {name: rows for name, rows in reader.rows.items()}
    paths = sorted(only) if only else sorted((root / "data" / "sources").glob("*.yaml"))

    use_cache = use_cache and not only  # named files are few: checking them afresh is quicker than the cache
    cache_file = root / CACHE_DIR / "entries.pickle"
    context = _context_key(root)
    cached: dict[str, tuple[str, EntryResult]] = {}
    if use_cache and cache_file.is_file():
        try:
            with cache_file.open("rb") as handle:
                stored_context, cached = pickle.load(handle)
            if stored_context != context:
                cached = {}
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError):
            cached = {}

    keys = {path: _entry_key(path) if path.is_file() else "" for path in paths}
    results: dict[Path, EntryResult] = {}
    todo = []
    for path in paths:
        hit = cached.get(str(path))
        if hit and hit[0] == keys[path]:
            results[path] = hit[1]
        else:
            todo.append(path)
    if len(todo) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
            for done, (path, result) in enumerate(zip(todo, pool.imap(check_entry, todo, chunksize=32)), 1):
                results[path] = result
                _progress(done, len(todo))
    else:
        for done, path in enumerate(todo, 1):
            results[path] = check_entry(path)
            _progress(done, len(todo))

    rows = {name: list(registries.get(name, [])) for name in tables()}
    texts: dict[str, SourceText] = {}
    for path in paths:
        result = results[path]
        for name, table_rows in result.rows.items():
            rows[name].extend(table_rows)
        for problem in result.problems:
            problems.add(problem.file, problem.line, problem.col, problem.where, problem.message, problem.fix)
        if result.source is not None:
            texts[result.source.source_id] = result.source
    if use_cache and todo:
        _store(cache_file, context, {str(p): (keys[p], results[p]) for p in paths})
    return Dataset(rows, texts, len(paths))


def _store(cache_file: Path, context: str, entries: dict) -> None:
    try:
        cache_file.parent.mkdir(exist_ok=True)
        temporary = cache_file.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump((context, entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache_file)
    except OSError:
        pass  # a cache that cannot be written only costs time
