"""Run the checks over a whole corpus and give back the rows in published form.

Entries are checked in chunks, in parallel on all cores: each worker reads its
entries, runs the checks that need one entry and its text (keys included: every
record id starts with its entry's id, which is the entry's file name, so ids cannot
collide across files), then the pandera schemas over all the chunk's rows at once,
and hands back each entry's rows as blocks of published CSV lines, the evidence of its
records (the proof's bindings: scripts/check/evidence.py) among them. A worker is
handed what it needs (the package root and the registries' ids) as arguments.

An entry's result is reused from the check cache (scripts/check/cache.py) only when the
entry, its archived text and the context are unchanged; cached and fresh checks
therefore report the same problems (tests/check/test_scale.py compares them).

A few changed entries are checked in the parent, with the schema checked row by row
(scripts/check/row_schema.py): pandas and pandera, half a second of imports, are for
the workers of a large check.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from scripts.check import cache
from scripts.check.evidence import evidence_records
from scripts.check.keys_and_rules import check_keys, validate_rows
from scripts.check.row_schema import check_rows
from scripts.core.cells import Block, Record, block, cell, csv_line
from scripts.core.files import linked_folder
from scripts.core.problems import Problem, Problems
from scripts.derive.fields import derive
from scripts.read.entries import Reader
from scripts.read.rows import Dataset, Lookups, Row, today
from scripts.schema.model import Table
from scripts.schema.registry import evidence_table, registries, tables

VERSION_FILE = re.compile(r"\.v[0-9]+$")  # `<id>.v<N>`: the name of a later version of an archived text, `.txt` aside
PARALLEL_FROM = 200  # below this many entries, one process is quicker than starting workers
PANDERA_FROM = 2000  # rows of a table checked at once, from which pandera's frame pays for its imports

# What a check of named entries (`make check FILES=...`) does not check: they need the whole
# package rendered. scripts/cli.py says it with every such check, so that nobody takes it for
# a full one. It does check each named entry with its texts against the registries, and which
# files data/ holds (a listing: stray_files).
NAMED_ONLY = ("not a full check: only the named entries were checked (each against its archived texts and the "
              "registries), and which files data/ holds. Not checked: permanence against the published package "
              "(published ids, values and archived texts kept, withdrawals and corrections), the declared versions of "
              "the texts, one article one source across all entries, the whole package's gate (keys and foreign keys "
              "across entries, the derived tables: facts, series, records) and whether the published files are up to "
              "date. Run `make check` without FILES for those (CI runs it).")


@dataclass
class EntryResult:
    blocks: dict[str, Block]
    problems: list[Problem]


@dataclass
class Checked:
    blocks: dict[str, list[Block]]  # table -> its blocks, in no particular order
    entry_files: int
    context: str  # cache.context_key of the run: what every result depended on besides the entries

    def rows(self, name: str) -> int:
        return sum(item.rows for item in self.blocks[name])


@dataclass(frozen=True)
class Context:
    """What checking an entry needs besides the entry: handed to each worker."""

    root: Path
    lookups: Lookups


def record(row: Row, table: Table) -> Record:
    values = row.values
    return Record(values.get(table.id_field), values.get("source_id"), row.file, row.line, row.col,
                  row.at(table.id_field), csv_line([cell(values.get(c)) for c in table.columns]))


def schema_check(table: Table, rows: list[Row], problems: Problems) -> None:
    """The schema check of `rows`: pandera's for many rows, the same rules row by row for a few
    (scripts/check/row_schema.py: without half a second of imports and a frame's overhead)."""
    if len(rows) < PANDERA_FROM:
        check_rows(table, rows, problems)
        return
    from scripts.check.pandera_schemas import check_schema  # pandas and pandera: for large batches only

    check_schema(table, rows, problems)


def check_chunk(context: Context, paths: list[Path]) -> list[EntryResult]:
    """Check entries on their own, then the chunk's rows against the schemas at once."""
    all_tables, evidence = tables(), evidence_table()
    problems = Problems()
    reader = Reader(context.root, problems, derive, context.lookups)
    entries = []
    own: dict[str, list[Problem]] = {}  # entry -> the problems found while reading it (in its text too)
    for path in paths:
        reader.start_entry(problems)
        before = len(problems.items)
        reader.read_entry(path)
        validate_rows(Dataset(reader.rows, reader.texts, reader.lookups), problems)
        records = {name: [record(row, all_tables[name]) for row in rows] for name, rows in reader.rows.items()}
        check_keys(records, problems)
        if evidence is not None:  # the proof's bindings, filled by validate_rows: rows of the entry like the others
            records[evidence.name] = evidence_records(reader.rows, reader.texts)
        shown = reader.shown(path)
        own[shown] = problems.items[before:]
        entries.append((shown, reader.rows, records))
    before = len(problems.items)
    for name, table in all_tables.items():
        schema_check(table, [row for _, rows, _ in entries for row in rows[name]], problems)
    for problem in problems.items[before:]:  # reported at the rows' entry files
        own.setdefault(problem.file, []).append(problem)
    return [EntryResult({name: block(table_records) for name, table_records in records.items() if table_records},
                        own[shown])
            for shown, _, records in entries]


def check_all(context: Context, todo: list[Path]) -> list[EntryResult]:
    """Results for `todo`, in order: in worker processes when there are many."""
    workers = os.cpu_count() or 1
    if len(todo) < PARALLEL_FROM or workers == 1:
        return check_chunk(context, todo)
    size = -(-len(todo) // (2 * workers))  # two chunks a core: the schemas run once a chunk
    chunks = [todo[start:start + size] for start in range(0, len(todo), size)]
    results: list[EntryResult] = []
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for chunk_results in pool.imap(functools.partial(check_chunk, context), chunks):
            results.extend(chunk_results)
            if sys.stderr.isatty():
                print(f"\rchecked {len(results)}/{len(todo)} entries", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    return results


def check_registries(root: Path, reader: Reader, problems: Problems, context_key: str,
                     use_cache: bool = True) -> dict[str, list[Record]]:
    """Check the registries (data/<name>.yaml) the reader has read; their records in published form.
    Registries change rarely, so a clean result is remembered (by their bytes and the
    code): the quick check of one entry then need not run the schemas over them again."""
    rows = {name: list(reader.rows[name]) for name in registries()}
    records = {name: [record(row, tables()[name]) for row in table_rows] for name, table_rows in rows.items()}
    check_keys(records, problems)
    if use_cache and cache.registries_clean(root, context_key) and not problems:
        return records
    before = len(problems)
    validate_rows(Dataset(rows, {}), problems)
    for name, table_rows in rows.items():
        schema_check(tables()[name], table_rows, problems)
    if use_cache and len(problems) == before == 0:
        cache.mark_registries_clean(root, context_key)
    return records


def entry_paths(root: Path, only: list[Path] | None, problems: Problems | None = None) -> list[Path]:
    """The entry files to check; with `problems`, a file of data/sources/ that is neither
    an entry (`<id>.yaml`) nor an archived text (`<id>.txt`, or a later version of it,
    `<id>.v<N>.txt`: whether its entry declares it is checked with the whole package,
    scripts/check/versions.py) is reported, as it would otherwise be silently left out
    (`x.yml`, `x.YAML`)."""
    if only:
        return sorted(only)
    folder = root / "data" / "sources"
    if not folder.is_dir():
        return []
    linked = linked_folder(root)
    if linked:
        if problems is not None:
            problems.add(linked, 1, 1, "", "the folder is a symbolic link",
                         "commit the folder itself: every file of the package is read from inside data/")
        return []
    names = sorted(os.listdir(folder))
    if problems is not None:
        stems = {name[:-5] for name in names if name.endswith(".yaml")}
        for name in names:
            if name.startswith(".") or name.endswith(".yaml"):
                continue
            if not name.endswith(".txt"):
                problems.add(f"data/sources/{name}", 1, 1, "", "not an entry: entry files are named `<id>.yaml`",
                             f"rename it to `{name.rsplit('.', 1)[0]}.yaml` if it is one, or remove it")
            elif (stem := VERSION_FILE.sub("", name[:-4])) not in stems:
                problems.add(f"data/sources/{name}", 1, 1, "", "an archived text with no entry beside it",
                             f"write its entry as `{stem}.yaml`, or remove it")
    return [folder / name for name in names if name.endswith(".yaml") and not name.startswith(".")]


def stray_files(root: Path, problems: Problems) -> None:
    """Each file or folder of data/ that belongs to no table: the package is a CSV per table
    of schemas/package.yaml `resources` (the build writes every one, derived tables too), a
    YAML file per hand-kept registry and data/sources/ (the entries). Anything else would be
    silently left out of the package (`data/loans.csv`, `data/notes.yaml`); hidden files (an
    editor's, the system's) are not read."""
    folder = root / "data"
    if not folder.is_dir() or folder.is_symlink():
        return  # no data/ (entry_paths), or a linked one (refused there)
    kept = {f"{name}.yaml" for name in registries()}
    known = {f"{name}.csv" for name in tables()} | kept | {"sources"}
    for name in sorted(os.listdir(folder)):
        if name.startswith(".") or name in known:
            continue
        stem, _, suffix = name.rpartition(".")
        what = ("a folder" if (folder / name).is_dir() else f"a .{suffix} file" if stem else "a file")
        problems.add(f"data/{name}", 1, 1, "", f"{what} that is no part of the package: data/ holds a CSV per table "
                     "of schemas/package.yaml `resources` (written by `make build`), the registries "
                     f"({', '.join(sorted(kept))}) and data/sources/; it would be left out without a word",
                     "an entry goes in data/sources/<id>.yaml; a new table is declared in schemas/ first "
                     "(schemas/README.md), then `make build` writes its CSV; otherwise move it out of data/ or "
                     "remove it")


def gather(registry_records: dict[str, list[Record]], results: list[EntryResult]) -> dict[str, list[Block]]:
    blocks: dict[str, list[Block]] = {name: [] for name in tables()}
    for name, table_records in registry_records.items():
        if table_records:
            blocks[name].append(block(table_records))
    for result in results:
        for name, entry_block in result.blocks.items():
            blocks[name].append(entry_block)
    return blocks


def run(root: Path, problems: Problems, only: list[Path] | None = None, use_cache: bool = True) -> Checked:
    """Check the registries and the entries (all, or `only`); every problem goes to `problems`."""
    started = time.time_ns()
    paths = entry_paths(root, only, problems)
    stray_files(root, problems)  # a listing of data/: cheap enough for a check of named entries too
    trust_registries = use_cache  # a marker that the registries, as they are, were found clean
    use_cache = use_cache and not only  # named files are few: checking them afresh is quicker than the cache
    reader = Reader(root, problems, derive)
    reader.read_registries()
    context_key = cache.context_key(root)  # read once: for the registries' marker and, with the day, the cache
    registry_records = check_registries(root, reader, problems, context_key, trust_registries)
    context = Context(root, reader.lookups)
    store = cache.Cache(root, hashlib.sha256(f"{context_key} {today().isoformat()}".encode()).hexdigest())
    cached = store.load() if use_cache else {}
    results, keep, changed = cache.look_up(paths, cached, started) if use_cache else ({}, {}, dict.fromkeys(paths))
    todo = list(changed)
    results.update(zip(todo, check_all(context, todo) if todo else []))
    if use_cache:
        keep.update((str(path), (*changed[path], results[path])) for path in todo)
        fresh = [path for path, entry in keep.items() if cached.get(path) is not entry]
        if fresh:
            store.store(keep, fresh)
    for path in paths:
        for problem in results[path].problems:
            problems.add(problem.file, problem.line, problem.col, problem.where, problem.message, problem.fix)
    return Checked(gather(registry_records, [results[path] for path in paths]), len(paths), context_key)


def load(root: Path, only: list[Path] | None, use_cache: bool = True) -> tuple[Checked | None, Problems]:
    """The checked corpus (all entries, or `only`), or None with what stops it: a named file
    that is not there, or no entry file at all."""
    problems = Problems()
    if only:
        missing = [p for p in only if not p.is_file()]
        for path in missing:
            problems.add(path.as_posix(), 1, 1, "", "no such file", "name an entry file under data/sources/")
        if missing:
            return None, problems
    data = run(root, problems, only, use_cache)
    if data.entry_files == 0:
        problems.add("data/sources", 1, 1, "", "no entry files (*.yaml) found: nothing was checked",
                     "run from the project root, or pass --root")
        return None, problems
    return data, problems
