"""The one command line: `python -m scripts COMMAND`, one function per command.

    build [--root DIR]            check everything, then write data/*.csv and the descriptors
    check [--root DIR] [FILE...]  check without writing; with FILEs, only those entries (and
                                  the registries), saying which whole-package checks it skips;
                                  without, also that the published files are up to date
    docs [--root DIR]             generate the site's pages into build/docs/ from the
                                  published package, once a full check finds it is the one
                                  the entries produce (then `mkdocs build` makes site/)
    verify [--root DIR]           verify the published CSVs alone (types, constraints, keys)
    release [--root DIR] [--out DIR]
                                  write the release: the archive, Parquet per table, SQLite
    diff [--root DIR] [--ref REF | --archive ZIP] [--out DIR] [--write-changelog]
                                  what changed in the published package since the last release
    synth --root DIR --sources N  write a synthetic corpus (tests, benchmarks) under DIR/data/
    schema                        write schemas/entry.schema.json (for editors) from schemas/
    draft FILE [--write] | --score [FILE...]
                                  draft an entry's records from its text; measure the draft
    new ARTICLE.txt --publisher P --date YYYY-MM-DD --topic WORDS [--id ID] [--title T] [--author A] [--url U] [--language L]
                                  archive an article and write a skeleton entry for it

Exit codes: 0 fine, 1 problems in the input (listed as file:line:col), 2 the
published files are out of date, could not be written or were refused by the gate, or a
mistake in schemas/ (said plainly, with the file).
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack
from pathlib import Path

from scripts.check import cache, reprints, runner
from scripts.contrib import entry_schema
from scripts.contrib.draft_score import command as draft_command
from scripts.contrib.new import command as new_command
from scripts.core.problems import one_line
from scripts.publish import tables as publish
from scripts.publish import verdicts
from scripts.publish.gate import gate_files
from scripts.publish.history import HistoryError
from scripts.publish.install import Unfinished, release
from scripts.publish.install import recover as finish
from scripts.publish.lock import LockError, lock
from scripts.publish.verify import verify
from scripts.release import changes
from scripts.release.archive import ReleaseError
from scripts.release.archive import build as build_release
from scripts.schema.model import DERIVED_ROLES, SchemaError
from scripts.schema.registry import ROOT, tables
from scripts.tools.synth import generate as synthesise_corpus


def summary(data: runner.Checked) -> str:
    counts = ", ".join(f"{name} {data.rows(name)}" for name in data.blocks if tables()[name].role not in DERIVED_ROLES)
    return f"{data.entry_files} entry file(s) checked; rows: {counts}"


NEW_OPTIONS = ("text", "date", "topic", "publisher", "title", "author", "url", "language", "id")


def new_entry(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.from_environment:  # `make new`: the values as typed, in SRT_NEW_<NAME>; empty is not given
        given = {name: os.environ.get(f"SRT_NEW_{name.upper()}") or None for name in NEW_OPTIONS}
        article = given.pop("text")
    else:
        given = {name: getattr(args, name) for name in NEW_OPTIONS if name != "text"}
        article = str(args.files[0]) if len(args.files) == 1 else None
    if not article or not given["date"] or not (given["topic"] or given["id"]):
        parser.error("new needs the article's text file, a date (YYYY-MM-DD) and a topic (or the whole id): "
                     "make new TEXT=article.txt DATE=2015-05-07 TOPIC='china kazakhstan trade' [PUBLISHER=... ID=...]")
    return new_command(args.root, Path(article), given)


def write_schema(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    (ROOT / entry_schema.PATH).write_text(entry_schema.render(), encoding="utf-8")
    print(f"wrote {entry_schema.PATH}")
    return 0


def verify_package(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    errors = verify(args.root)
    for error in errors:
        print(error, file=sys.stderr)
    print(f"{len(errors)} error(s) in the published package" if errors else "the published package is valid")
    return 1 if errors else 0


def release_files(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    errors = verify(args.root)
    if errors:
        for error in errors:
            print(error, file=sys.stderr)
        print(f"{len(errors)} error(s) in the published package: nothing released (run `make build`)", file=sys.stderr)
        return 1
    try:
        written = build_release(args.root, args.out)
    except ReleaseError as error:
        print(f"{error}: nothing released", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


def diff(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.ref and args.archive:
        parser.error("diff compares with one package: give --ref or --archive, not both")
    return changes.command(args.root, args.out, args.ref, args.archive, args.write_changelog)


def synthesise(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.root.resolve() == ROOT.resolve():
        parser.error("synth writes a whole data/ folder: give it another --root")
    records = synthesise_corpus(args.root, args.sources, args.seed, progress=sys.stderr.isatty())
    print(f"wrote {args.sources} synthetic sources with {records} records under {args.root / 'data'}")
    return 0


def recover(root: Path) -> None:
    """Finish or undo a build that was interrupted, before reading the published package
    (waiting, if there is one, for a build still running). Exits with 2 if it cannot."""
    try:
        recovered = finish(root)
    except (LockError, ValueError) as error:
        print(f"{error}; nothing was changed", file=sys.stderr)
        raise SystemExit(2) from error
    except OSError as error:
        print(f"could not finish an interrupted build ({error.strerror}: {error.filename}); the published files "
              "may be part-replaced: run again once the package can be written", file=sys.stderr)
        raise SystemExit(2) from error
    if recovered:
        print(f"note: {recovered}", file=sys.stderr)


def docs(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from scripts.site import build as site  # matplotlib and the site (half a second): for this command only

    with ExitStack() as held:
        try:
            held.enter_context(lock(args.root))  # no build installs while the pages are read from the package
        except LockError as error:
            print(f"{error}; no pages were generated", file=sys.stderr)
            return 2
        # The site is made only from the package the entries produce: the full check first (under
        # the lock, so no build installs meanwhile; from its cache in a fraction of a second when
        # nothing changed). A refused entry, a hand-edited CSV or descriptor never reaches a page.
        verdict = check(parser, args)
        if verdict:
            fix = "fix the entries as listed, then run `make build`" if verdict == 1 else "run `make build`"
            print(f"docs: the published package is not the one the entries produce, or fails the gate: {fix}, "
                  "then `make docs` again; nothing in site/ or build/docs was touched", file=sys.stderr)
            return verdict
        site.generate(args.root)
    print("generated the site's pages in build/docs/")
    return 0


def checked(args: argparse.Namespace, only: list[Path] | None) -> runner.Checked | None:
    """After recovering an interrupted build: the checked package, or None with its
    problems reported."""
    recover(args.root)
    data, problems = runner.load(args.root, only, use_cache=not args.no_cache)
    if problems or data is None:
        print(problems.report(), file=sys.stderr)
        return None
    return data


def check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    use_cache = not args.no_cache
    key = None  # what a full check reads, as one hash
    if not args.files and use_cache and not args.against:  # a whole check remembered (against the work tree's package)
        recover(args.root)
        key = verdicts.corpus_key(args.root)
        known = verdicts.known_check(args.root, key)  # nothing changed since a full check found nothing wrong
        if known is not None:
            line, out_of_date = known
            print(line)
            return report_published(out_of_date)
    data = checked(args, args.files or None)
    if data is None:
        return 1
    print(summary(data))
    if args.files:
        print(runner.NAMED_ONLY)  # not a full check: it says which checks it does not make
        return 0
    files = publish.render(data.blocks, memo(args, data))
    if not reprints.keeps(args.root, files, args.against):
        return 1
    sums = verdicts.hashes(files) if use_cache else None
    failures = gate_files(files, sums=sums, keys=publish.key_sets(data.blocks))  # the gate `make build` passes it through
    if failures:
        print("validation of the package failed; `make build` would refuse it:", file=sys.stderr)
        print("\n".join(one_line(failure) for failure in failures), file=sys.stderr)
        return 2
    if key is not None:  # a whole check of the work tree, remembered
        verdicts.remember_check(args.root, key, summary(data), sums)
    return report_published(publish.stale(args.root, files))


def memo(args: argparse.Namespace, data: runner.Checked) -> cache.Memo | None:
    """Where the derived tables are remembered by their inputs (none with --no-cache), keyed
    by the context the run already read."""
    return None if args.no_cache else cache.Memo(args.root, data.context)


def report_published(out_of_date: list[str]) -> int:
    if out_of_date:
        print(f"out of date: {', '.join(out_of_date)} — run `make build` and commit the result", file=sys.stderr)
        return 2
    print("published files are up to date")
    return 0


def build(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    with ExitStack() as held:
        try:
            held.enter_context(lock(args.root))  # one build at a time, from recovery to install
        except LockError as error:
            print(f"{error}; nothing was built and the published files are as they were", file=sys.stderr)
            return 2
        data = checked(args, None)
        if data is None:
            return 1
        files = publish.render(data.blocks, memo(args, data))
        if not reprints.keeps(args.root, files):
            return 1
        changed = publish.stale(args.root, files)
        try:
            failures = release(args.root, files, use_cache=not args.no_cache)
        except Unfinished as error:
            print(f"could not write the package ({error.strerror}: {error.filename}); {error.state}", file=sys.stderr)
            return 2
        except OSError as error:
            print(f"could not write the package ({error.strerror}: {error.filename}); "
                  "the previous release is left as it was", file=sys.stderr)
            return 2
    if failures:
        print("validation of the new package failed; nothing was replaced:", file=sys.stderr)
        print("\n".join(one_line(failure) for failure in failures), file=sys.stderr)
        return 2
    print(summary(data))
    print(f"wrote {len(files)} files ({len(changed)} changed) and passed validation (the package's verifier and "
          "frictionless)")
    return 0


def draft_entries(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if not args.score and len(args.files) != 1:
        parser.error("draft takes one entry file: python -m scripts draft data/sources/<id>.yaml")
    return draft_command(args.root, args.files, args.write, args.score)


COMMANDS = {"build": build, "check": check, "docs": docs, "schema": write_schema, "new": new_entry,
            "synth": synthesise, "verify": verify_package, "release": release_files, "diff": diff,
            "draft": draft_entries}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=list(COMMANDS))
    parser.add_argument("files", nargs="*", type=Path, help="entry files to check (check); the article text (new)")
    parser.add_argument("--root", type=Path, default=ROOT, help="package root holding data/ (default: this project)")
    for option in ("publisher", "date", "topic", "title", "author", "url"):
        parser.add_argument(f"--{option}", help=f"the article's {option} (new)")
    parser.add_argument("--language", default="en", help="ISO 639-1 code of the article (new; default en)")
    parser.add_argument("--id", help="the entry's whole id, publisher-YYYY-MM-DD-topic (new; instead of the one made "
                                     "from --publisher, --date and --topic)")
    parser.add_argument("--from-environment", action="store_true",
                        help="new: take the values from SRT_NEW_TEXT, SRT_NEW_DATE, ... (how `make new` passes them)")
    parser.add_argument("--out", type=Path, help="where `release` (default: build/release) or `diff` (build/diff) writes")
    parser.add_argument("--ref", help="diff: compare with the package of this git ref (default: the last release)")
    parser.add_argument("--archive", type=Path, help="diff: compare with the package of this release archive")
    parser.add_argument("--write-changelog", action="store_true", help="diff: rewrite CHANGELOG.md's data section")
    parser.add_argument("--sources", type=int, default=10_000, help="how many sources to generate (synth)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (synth)")
    parser.add_argument("--against", type=Path, help="check: keep what the package in this folder published (CI: the base branch)")
    parser.add_argument("--no-cache", action="store_true", help="check every entry afresh, reading and writing no cache (as CI does)")
    parser.add_argument("--write", action="store_true", help="draft: add the drafted records to the entry")
    parser.add_argument("--score", action="store_true", help="draft: measure the draft against the entries' records")
    args = parser.parse_intermixed_args(argv)
    if args.command not in ("check", "new", "draft") and args.files:
        parser.error(f"{args.command} takes no file names; name files with `check` only")
    try:
        if args.command not in ("verify", "release"):  # they read the published package alone
            tables()  # read schemas/ once, so that a mistake there is told plainly
    except SchemaError as error:
        print(f"{error} — fix the schema (see schemas/README.md)", file=sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](parser, args)
    except HistoryError as error:  # records.csv's releases are read from git (scripts/publish/history.py)
        print(f"{one_line(str(error))}; nothing was written", file=sys.stderr)
        return 2
