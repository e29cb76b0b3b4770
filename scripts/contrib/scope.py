"""What a pull request touches: only data, or code, schemas and build files too.

    python -m scripts.contrib.scope --base origin/main [--head HEAD] [--repo .]   # make scope BASE=origin/main

lists the files changed from the merge base of `--base` and `--head` to `--head` (renames
are not followed: a file renamed is one removed and one added) and sorts them:

- **data**: an entry or its archived text (`data/sources/<id>.yaml`, `.txt`, a later version
  `.v<N>.txt`), a registry
  (`data/<name>.yaml`: entities, groups) and what the build writes from them (`data/<table>.csv`,
  `datapackage.yaml`, `datapackage.json`), each a plain file;
- **more than data**: everything else — code, schemas, `Makefile`, `pyproject.toml`,
  `mkdocs.yml`, `overrides/`, `docs/`, `tests/`, `.github/`, `.ci/`, `CHANGELOG.md` (a page of
  the site) — and any link, executable or submodule, wherever it is.

It prints a plain verdict, "touches only data" or "touches code, schemas or build files: needs
a maintainer's review" with the list, and writes the same as Markdown to `$GITHUB_STEP_SUMMARY`
when that is set. A data-only pull request cannot change how it is checked: `make check` reads
its rules from schemas/ and scripts/ of the work tree, which such a pull request leaves as they
were, and its cache from outside the tree. Then the limits a reviewer can live with: at most
MAX_NEW_ENTRIES new entries and MAX_NEW_BYTES bytes of new entries and archived text (CONTRIBUTING.md
says why); over either, it says to split the pull request.

Exit codes: 0 within the limits, whatever the verdict (the review it needs is `.github/CODEOWNERS`'
to assign); 1 over a limit; 2 git could not answer (a ref that is not there).

It imports nothing but the standard library and runs as a plain file, so that CI runs the
base branch's copy of it (`python3 -I scope.py`), which the pull request cannot change.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
from dataclasses import dataclass

# The data, each a plain file (mode 100644); any other path or mode is more than data. The
# forms are those of a source id and a table's name (scripts/core/files.py); tests check that
# every table, registry and descriptor the build knows is data here, and nothing else.
DATA = (re.compile(r"data/sources/[a-z0-9]+(?:-[a-z0-9]+)*\.(?:yaml|txt|v[1-9][0-9]*\.txt)"),
        re.compile(r"data/[a-z][a-z0-9_]*\.(?:yaml|csv)"),
        re.compile(r"datapackage\.(?:yaml|json)"))
ENTRY = re.compile(r"data/sources/[^/]+\.yaml")
SOURCES = "data/sources/"
PLAIN = "100644"
MAX_NEW_ENTRIES = 50
MAX_NEW_BYTES = 5_000_000
LISTED = 200  # files listed per group; the count says how many more
ONLY_DATA = "touches only data"
MORE = "touches code, schemas or build files: needs a maintainer's review"


class GitError(Exception):
    """git could not answer (a ref that is not there, not a repository)."""


@dataclass(frozen=True)
class Change:
    status: str  # A added, M modified, D deleted, T type changed
    path: str
    old_mode: str
    new_mode: str
    old_blob: str
    new_blob: str

    @property
    def is_data(self) -> bool:
        plain = self.new_mode in (PLAIN, "000000") and self.old_mode in (PLAIN, "000000")
        return plain and any(form.fullmatch(self.path) for form in DATA)

    @property
    def why(self) -> str:
        """Why a path of the data's form is more than data."""
        if any(form.fullmatch(self.path) for form in DATA) and not self.is_data:
            return f" (mode {self.new_mode}: a link, an executable or a submodule, not a plain file)"
        return ""


def git(repo: str, *args: str, stdin: bytes | None = None) -> bytes:
    result = subprocess.run(["git", "-C", repo, *args], input=stdin, capture_output=True, timeout=300)
    if result.returncode != 0:
        raise GitError(f"git {' '.join(args[:2])}: {result.stderr.decode('utf-8', 'replace').strip()[:300]}")
    return result.stdout


def changes(repo: str, base: str, head: str) -> list[Change]:
    """The files changed from the merge base of `base` and `head` to `head`."""
    start = git(repo, "merge-base", base, head).decode().strip()
    raw = git(repo, "diff", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-ext-diff", "--no-textconv",
              start, head, "--")
    fields = raw.split(b"\0")
    out = []
    for header, path in zip(fields[0::2], fields[1::2]):
        old_mode, new_mode, old_blob, new_blob, status = header.decode().lstrip(":").split(" ")
        out.append(Change(status, path.decode("utf-8", "surrogateescape"), old_mode, new_mode, old_blob, new_blob))
    return out


def sizes(repo: str, blobs: set[str]) -> dict[str, int]:
    """The size in bytes of each blob (none for the empty id of a side that is not there)."""
    wanted = sorted(blob for blob in blobs if set(blob) != {"0"})
    if not wanted:
        return {}
    lines = git(repo, "cat-file", "--batch-check=%(objectname) %(objectsize)", stdin="\n".join(wanted).encode() + b"\n")
    return {name: int(size) for name, size in (line.split(" ") for line in lines.decode().splitlines())}


def added(repo: str, found: list[Change]) -> tuple[int, int]:
    """New entries, and the bytes the entries and archived texts grow by (a new file counts whole)."""
    ours = [c for c in found if c.path.startswith(SOURCES) and c.is_data and c.status != "D"]
    size = sizes(repo, {c.new_blob for c in ours} | {c.old_blob for c in ours})
    entries = sum(1 for c in ours if c.status == "A" and ENTRY.fullmatch(c.path))
    grown = sum(max(0, size.get(c.new_blob, 0) - size.get(c.old_blob, 0)) for c in ours)
    return entries, grown


def shown(path: str) -> str:
    """A path as one line of plain text: what would not print (a control, a bidirectional mark,
    bytes that are not UTF-8) written as an escape."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in path)


def listing(found: list[Change]) -> list[str]:
    lines = [f"{c.status} {shown(c.path)}{c.why}" for c in found[:LISTED]]
    return lines + ([f"… and {len(found) - LISTED} more"] if len(found) > LISTED else [])


def limits(entries: int, grown: int) -> list[str]:
    over = []
    if entries > MAX_NEW_ENTRIES:
        over.append(f"{entries} new entries, over the limit of {MAX_NEW_ENTRIES}")
    if grown > MAX_NEW_BYTES:
        over.append(f"{grown:,} bytes of new entries and archived text, over the limit of {MAX_NEW_BYTES:,}")
    return [f"{line}: split the pull request (see CONTRIBUTING.md, 'What a pull request may change')"
            for line in over]


def report(found: list[Change], entries: int, grown: int, base: str) -> tuple[str, list[str]]:
    """The verdict, and the lines that say it with the files and the limits."""
    data = [c for c in found if c.is_data]
    more = [c for c in found if not c.is_data]
    verdict = MORE if more else ONLY_DATA if data else "changes no file"
    lines = [f"{len(found)} file(s) changed against {shown(base)}"]
    if more:
        lines += [f"more than data ({len(more)}):", *(f"  {line}" for line in listing(more))]
    if data:
        lines += [f"data ({len(data)}):", *(f"  {line}" for line in listing(data))]
    lines += [f"verdict: {verdict}",
              f"new entries: {entries} (at most {MAX_NEW_ENTRIES}); new entries and archived text: {grown:,} bytes "
              f"(at most {MAX_NEW_BYTES:,})", *limits(entries, grown)]
    return verdict, lines


def markdown(found: list[Change], verdict: str, entries: int, grown: int) -> str:
    """The job summary. Each listed line starts with a status letter, so that no file name can
    close the code block it is in."""
    more = [c for c in found if not c.is_data]
    data = [c for c in found if c.is_data]
    parts = ["## What this pull request touches", "", f"**Verdict: {verdict}.**", ""]
    for title, group in (("More than data", more), ("Data", data)):
        if group:
            parts += [f"{title} ({len(group)}):", "", "```text", *listing(group), "```", ""]
    parts += [f"New entries: {entries} (at most {MAX_NEW_ENTRIES}); new entries and archived text: {grown:,} bytes "
              f"(at most {MAX_NEW_BYTES:,}).", ""]
    parts += [f"- **Over a limit:** {line}" for line in limits(entries, grown)]
    return "\n".join(parts).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scope", description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the branch or commit the pull request is to be merged into")
    parser.add_argument("--head", default="HEAD", help="the pull request's last commit (default HEAD)")
    parser.add_argument("--repo", default=".", help="the git repository (default: here)")
    args = parser.parse_args(argv)
    if args.base.startswith("-") or args.head.startswith("-"):
        parser.error("--base and --head name commits or branches, which never start with `-`")
    try:
        found = changes(args.repo, args.base, args.head)
        entries, grown = added(args.repo, found)
    except (GitError, OSError, subprocess.TimeoutExpired) as error:
        print(f"scope: {shown(str(error))} — fetch the base with its history (`git fetch origin`, or "
              "`fetch-depth: 0` in CI) and name it with --base", file=sys.stderr)
        return 2
    verdict, lines = report(found, entries, grown, args.base)
    actions = os.environ.get("GITHUB_ACTIONS") == "true"
    token = secrets.token_hex(16)
    if actions:  # no file name is read as a workflow command
        print(f"::stop-commands::{token}")
    print("\n".join(lines))
    if actions:
        print(f"::{token}::")
        if verdict == MORE:
            print(f"::warning title=Pull request scope::This pull request {MORE}")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(markdown(found, verdict, entries, grown))
    return 1 if limits(entries, grown) else 0


if __name__ == "__main__":
    sys.exit(main())
