"""Run the checks over a whole corpus and give back the rows in published form.

Entries are checked in chunks, in parallel on all cores: each worker reads its
entries, runs the checks that need one entry and its text (keys included: every
record id starts with its entry's id, which is the entry's file name, so ids cannot
collide across files), then the pandera schemas over all the chunk's rows at once,
and hands back each entry's rows as blocks of published CSV lines.

An entry's result is kept in <root>/.check-cache/ (see Cache) and reused only when
the entry and its archived text are unchanged — the same SHA-256 of their bytes, or,
for files settled well before the run that recorded them, the same size, times and
inode (see _signature) — and so are the registries, the schemas, the build code and
the day (the future-date check reads it); otherwise the entry is checked afresh.
Cached and fresh checks therefore report the same problems (tests/test_scale.py
compares them).

When the cache holds a large corpus, the parent starts one worker at once, which
imports pandas and pandera (about half a second) while the parent reads the cache
and finds what changed; the changed entries then go to that worker.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from scripts import normalise, publish
from scripts.normalise import Dataset, Reader, Row
from scripts.problems import Problem, Problems
from scripts.publish import Block, Record, block
from scripts.registry import ROOT, Table, tables

CACHE_DIR = ".check-cache"
PARALLEL_FROM = 200  # below this many entries, one process is quicker than starting workers
WORKER_WAIT_S = 120  # far beyond what checking fewer than PARALLEL_FROM entries takes
SETTLE_NS = 2_000_000_000  # files changed this close to a run are hashed in the next, whatever their times


@dataclass
class EntryResult:
    blocks: dict[str, Block]
    problems: list[Problem]


@dataclass
class Checked:
    blocks: dict[str, list[Block]]  # table -> its blocks, in no particular order
    entry_files: int

    def rows(self, name: str) -> int:
        return sum(item.rows for item in self.blocks[name])


_reader: Reader | None = None  # set in the parent before the workers fork


def record(row: Row, table: Table) -> Record:
    values = row.values
    return Record(values.get(table.id_field), values.get("source_id"), row.file, row.line, row.col,
                  row.at(table.id_field), publish.csv_line([publish.cell(values.get(c)) for c in table.columns]))


def warm() -> None:
    """A worker's start: import what checking an entry needs, before there is one to check."""
    from scripts.schema_check import warm_up

    warm_up()


def check_chunk(paths: list[Path]) -> list[EntryResult]:
    """Check entries on their own, then the chunk's rows against the schemas at once."""
    from scripts.schema_check import check_schema
    from scripts.validate import check_keys, validate_entry

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
        records = {name: [record(row, all_tables[name]) for row in rows] for name, rows in _reader.rows.items()}
        check_keys(records, problems)
        entries.append((_reader.shown(path), _reader.rows, records))
    for name, table in all_tables.items():
        check_schema(table, [row for _, rows, _ in entries for row in rows[name]], problems)
    by_file: dict[str, list[Problem]] = {}
    for problem in problems.items:
        by_file.setdefault(problem.file, []).append(problem)
    return [EntryResult({name: block(table_records) for name, table_records in records.items() if table_records},
                        by_file.get(shown, []))
            for shown, _, records in entries]


def _context_key(root: Path) -> str:
    """What every result depends on besides the entry's own files, the day aside: the
    registries, the schemas and the code."""
    digest = hashlib.sha256()
    for path in [root / "data" / "groups.yaml", root / "data" / "entities.yaml",
                 *sorted((ROOT / "schemas").glob("*.yaml")), *sorted((ROOT / "scripts").glob("*.py"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _entry_key(path: Path) -> str:
    """The hash of the entry's bytes and of its archived text's ("-" when there is none);
    empty when the entry cannot be read (the check then says why)."""
    try:
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read())
    except OSError:
        return ""
    try:
        with open(path.with_suffix(".txt"), "rb") as handle:
            digest.update(handle.read())
    except (FileNotFoundError, IsADirectoryError):
        digest.update(b"-")
    return digest.hexdigest()


def _signature(path: Path, settled_before: int) -> tuple | None:
    """Size, times and inode of the entry and its text, if both were last changed before
    `settled_before` (ns); otherwise None, and the files' bytes are hashed instead.

    Writing a file sets its ctime to the current time, and no program can set it back, so
    a file whose signature is unchanged since a run that saw it settled is unchanged. A
    file changed just before a run could be changed again within the same clock tick and
    keep its times: recent files are therefore not trusted (git's rule for its index)."""
    signature = []
    for file in (path, path.with_suffix(".txt")):
        try:
            stat = os.stat(file)
        except FileNotFoundError:
            signature.append(None)
            continue
        except OSError:
            return None
        if max(stat.st_ctime_ns, stat.st_mtime_ns) >= settled_before:
            return None
        signature.append((stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
    return tuple(signature)


class Cache:
    """Entry results by entry path, each with the hash of the files it came from and their
    signature (see _signature), in two files: `entries.pickle` holds every entry as of
    some run, `entries-delta.pickle` those that changed since. A run that checks a few
    entries then writes a few, not all ten thousand. The delta names the base it
    extends, and is folded into a new base once it holds a tenth of the corpus. Both are
    written whole to a temporary file and renamed."""

    def __init__(self, root: Path, context: str):
        self.base = root / CACHE_DIR / "entries.pickle"
        self.delta = root / CACHE_DIR / "entries-delta.pickle"
        self.context = context
        self.token = ""
        self.changed: dict[str, tuple[str, tuple | None, EntryResult]] = {}

    def _read(self, path: Path) -> tuple[str, str, dict]:
        try:
            with path.open("rb") as handle:
                context, token, entries = pickle.load(handle)
            if context == self.context and isinstance(entries, dict):
                return context, token, entries
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError, ImportError):
            pass
        return "", "", {}

    def load(self) -> dict[str, tuple[str, tuple | None, EntryResult]]:
        _, self.token, entries = self._read(self.base)
        if self.token:
            _, base_token, self.changed = self._read(self.delta)
            if base_token != self.token:
                self.changed = {}
            entries.update(self.changed)
        return entries

    def store(self, entries: dict[str, tuple[str, tuple | None, EntryResult]], fresh: list[str]) -> None:
        """Remember `entries`, of which `fresh` are new since the cache was read."""
        try:
            self.base.parent.mkdir(exist_ok=True)
            self.changed.update((path, entries[path]) for path in fresh)
            if self.token and len(self.changed) * 10 < len(entries):
                self._write(self.delta, (self.context, self.token, self.changed))
            else:
                self._write(self.base, (self.context, os.urandom(8).hex(), entries))
                self.delta.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs time

    @staticmethod
    def _write(path: Path, content: tuple) -> None:
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(content, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)


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


def _check_registries(root: Path, rows: dict[str, list[Row]], problems: Problems, context: str) -> None:
    """The schema checks of data/groups.yaml and data/entities.yaml. Registries change
    rarely, so a clean result is remembered (by their bytes and the code): the quick
    check of one entry then need not run the schemas over them again."""
    from scripts.validate import check_registries

    marker = root / CACHE_DIR / f"registries-clean-{context[:16]}"
    if marker.is_file() and not problems:
        return
    from scripts.schema_check import check_schema

    before = len(problems)
    check_registries(Dataset(rows, {}), problems)
    for name, table_rows in rows.items():
        check_schema(tables()[name], table_rows, problems)
    if len(problems) == before == 0:
        try:
            marker.parent.mkdir(exist_ok=True)
            for stale in marker.parent.glob("registries-clean-*"):
                stale.unlink()  # markers of registries or code as they were
            marker.touch()
        except OSError:
            pass


def _entry_paths(root: Path, only: list[Path] | None) -> list[Path]:
    if only:
        return sorted(only)
    folder = root / "data" / "sources"
    if not folder.is_dir():
        return []
    return [folder / name for name in sorted(os.listdir(folder)) if name.endswith(".yaml") and not name.startswith(".")]


Cached = tuple[str, "tuple | None", EntryResult]  # (hash, signature, result): the cache's record of an entry


def _look_up(paths: list[Path], cached: dict[str, Cached], started: int) \
        -> tuple[dict[Path, EntryResult], dict[str, Cached], dict[Path, tuple[str, tuple | None]]]:
    """The results of unchanged entries; what the cache is to keep of them; and the hash
    and signature of each changed entry, which is to be checked. An entry is known by its
    signature when that is unchanged, otherwise by the hash of its bytes."""
    results: dict[Path, EntryResult] = {}
    keep: dict[str, Cached] = {}
    changed: dict[Path, tuple[str, tuple | None]] = {}
    for path in paths:
        hit = cached.get(str(path))
        signature = _signature(path, started - SETTLE_NS)
        if hit and signature is not None and hit[1] == signature:
            results[path], keep[str(path)] = hit[2], hit
            continue
        key = _entry_key(path)
        if hit and key and hit[0] == key:
            results[path] = hit[2]
            keep[str(path)] = hit if hit[1] == signature else (key, signature, hit[2])
        else:
            changed[path] = (key, signature)
    return results, keep, changed


def run(root: Path, problems: Problems, only: list[Path] | None = None, use_cache: bool = True) -> Checked:
    """Check the registries and the entries (all, or `only`); every problem goes to `problems`."""
    from scripts.validate import check_keys

    started = time.time_ns()
    global _reader
    _reader = reader = Reader(root, problems)
    for name in ("groups", "entities"):
        reader.read_registry(name)
    paths = _entry_paths(root, only)
    use_cache = use_cache and not only  # named files are few: checking them afresh is quicker than the cache
    warm_pool = None
    if use_cache and len(paths) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and \
            (root / CACHE_DIR / "entries.pickle").is_file():
        # most entries will come from the cache: a worker gets ready for the others meanwhile
        warm_pool = multiprocessing.get_context("fork").Pool(1, initializer=warm)
    try:
        registry_rows = {name: list(rows) for name, rows in reader.rows.items()}
        registry_records = {name: [record(row, tables()[name]) for row in rows]
                            for name, rows in registry_rows.items()}
        check_keys(registry_records, problems)
        context = _context_key(root)  # read once: for the registries' marker and, with the day, the cache
        _check_registries(root, registry_rows, problems, context)

        day = normalise.today().isoformat()  # the future-date check reads it
        cache = Cache(root, hashlib.sha256(f"{context} {day}".encode()).hexdigest() if use_cache else "")
        cached = cache.load() if use_cache else {}
        results, keep, changed = _look_up(paths, cached, started) if use_cache else ({}, {}, dict.fromkeys(paths))
        todo = list(changed)
        pending = None
        if warm_pool is not None and todo and len(todo) < PARALLEL_FROM:
            pending = warm_pool.apply_async(check_chunk, (todo,))
        elif warm_pool is not None:
            warm_pool.terminate()

        blocks: dict[str, list[Block]] = {name: [] for name in tables()}
        for name, table_records in registry_records.items():
            if table_records:
                blocks[name].append(block(table_records))
        for result in results.values():
            for name, entry_block in result.blocks.items():
                blocks[name].append(entry_block)
        for table_blocks in blocks.values():
            table_blocks.sort()  # done while the worker checks; publishing then sorts nearly sorted lists
        if todo:
            try:
                checked = pending.get(timeout=WORKER_WAIT_S) if pending is not None else _check(todo)
            except multiprocessing.TimeoutError:  # the worker died (a task it was given is then lost) or hangs
                checked = check_chunk(todo)
            for path, result in zip(todo, checked):
                results[path] = result
                for name, entry_block in result.blocks.items():
                    blocks[name].append(entry_block)
    finally:
        if warm_pool is not None:
            warm_pool.terminate()
    if use_cache:
        keep.update((str(path), (*changed[path], results[path])) for path in todo)
        fresh = [path for path, entry in keep.items() if cached.get(path) is not entry]
        if fresh:
            cache.store(keep, fresh)
    for path in paths:
        for problem in results[path].problems:
            problems.add(problem.file, problem.line, problem.col, problem.where, problem.message, problem.fix)
    return Checked(blocks, len(paths))
