"""What a diff says, written out: text for people, Markdown (the changelog's data section, a
pull request's job summary), JSON for programs and one daff highlighter CSV per table
(https://paulfitz.github.io/daff: `+++` a row added, `---` removed, `->` a cell changed).

    python -m scripts diff [--ref REF | --archive ZIP] [--out DIR] [--write-changelog]

writes `changes.txt`, `changes.md`, `changes.json` and `tables/<table>.csv` into build/diff
(or --out). changes.json carries every cell as its JSON type (scripts/release/typed.py:
integers, numbers and booleans as the table schemas declare them, an empty cell null). Every value from the data is written on one line (escapes for line ends and
controls, scripts/core/problems.py), and in Markdown only inside code spans, so that no
cell of a pull request becomes a link, an image or markup where the summary is shown.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import daff

from scripts.core.files import write_replacing
from scripts.core.problems import one_line
from scripts.publish import history
from scripts.publish.snapshot import Snapshot, SnapshotError, empty, from_folder, from_git, from_zip
from scripts.release.diff import changed_rows, compare
from scripts.release.typed import field_types, typed
from scripts.schema.registry import ROOT

SHOWN = 100  # characters of a value the text and Markdown show (the JSON has it whole)
BEGIN = "<!-- data-changes: written by `make diff WRITE_CHANGELOG=1` from the published package; do not edit -->"
END = "<!-- /data-changes -->"


class ChangesError(Exception):
    """The changes cannot be written where asked: the message says why."""


def _short(value: str) -> str:
    value = one_line(value)
    return value if len(value) <= SHOWN else value[:SHOWN - 1] + "…"


def _code(value: str, short: bool = True) -> str:
    """A value as a Markdown code span, whatever it holds (no backtick, one line)."""
    return "`" + (_short(value) if short else one_line(value)).replace("`", "'") + "`" if value else "(empty)"


def _from_where(old: str, new: str) -> tuple[str, str]:
    """Two values cut to where they start to differ (with a little before it), so that a
    change past the first hundred characters shows."""
    same = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    if same <= SHOWN // 2:
        return old, new
    return "…" + old[same - 30:], "…" + new[same - 30:]


def _side(side: dict[str, Any]) -> str:
    version = f", version {side['version']}" if side.get("version") else ""
    return f"{side['label']}{version}"


def _count(items: list, noun: str) -> str:
    return f"{len(items)} {noun}"


def lines(changes: dict[str, Any], markdown: bool = False, values: bool = True) -> list[str]:
    """The changes in words, a line each: plain text, or Markdown with every value from the
    data in a code span (`values=False`: ids and column names only, as the changelog has them)."""
    code = _code if markdown else (lambda value: json.dumps(_short(value), ensure_ascii=False))
    ident = (lambda value: _code(value, short=False)) if markdown else one_line
    bullet, sub = ("- ", "    - ") if markdown else ("  ", "      ")
    out = [f"Changes from {_side(changes['from'])} to {_side(changes['to'])}"]
    if changes["empty"]:
        return out + ["", "no changes"]

    def fields(items: list[dict[str, str]]) -> list[str]:
        if not values:
            return [sub + "columns " + ", ".join(ident(f["column"]) for f in items)]
        cut = [(f["column"], *_from_where(f["from"], f["to"])) for f in items]
        return [f"{sub}{ident(column)}: {code(before)} → {code(after)}" for column, before, after in cut]

    def left(item: dict[str, Any]) -> str:
        """What replaced an id that left (a rename), and why it left, from the withdrawals."""
        renamed = f" (renamed: now {ident(item['replaced_by'])})" if item.get("replaced_by") else ""
        return renamed + (f": {code(item['reason'])}" if item.get("reason") and values else "")

    for section, noun in (("records", "Records"), ("sources", "Sources")):
        part = changes[section]
        out += ["", f"{noun}: {_count(part['added'], 'added')}, {_count(part['changed'], 'changed')}, "
                    f"{_count(part['withdrawn'], 'withdrawn')}"]
        for item in part["added"]:
            out.append(f"{bullet}added {ident(item['table'])} {ident(item['id'])}")
        for item in part["changed"]:
            out += [f"{bullet}changed {ident(item['table'])} {ident(item['id'])}"] + fields(item["fields"])
        for item in part["withdrawn"]:
            out.append(f"{bullet}withdrawn {ident(item['table'])} {ident(item['id'])}{left(item)}")
    versions = changes.get("text_versions", {"added": [], "changed": [], "removed": []})
    out += ["", f"Text versions: {_count(versions['added'], 'added')}, {_count(versions['changed'], 'changed')}, "
                f"{_count(versions['removed'], 'removed')}"]
    for change in ("added", "changed", "removed"):
        for item in versions[change]:
            said = f": {code(item['reason'])}" if item["reason"] and values and change == "added" else ""
            amended = f" (amended {item['amended_date']})" if item["amended_date"] and values else ""
            out.append(f"{bullet}{change} version {item['version']} of {ident(item['source_id'])}, "
                       f"{ident(item['text_path'])}{amended}{said}")
            out += fields(item["fields"]) if item["fields"] else []
    facts = changes["facts"]
    out += ["", f"Facts: {_count(facts['added'], 'added')}, {_count(facts['changed'], 'changed')}, "
                f"{_count(facts['removed'], 'removed')}"]
    for item in facts["added"]:
        out.append(f"{bullet}added {ident(item['id'])} ({_short(item['label']) if not markdown else code(item['label'])})")
    for item in facts["changed"]:
        out.append(f"{bullet}changed {ident(item['id'])}: {', '.join(item['aspects'])}")
        for aspect, items in item["aspects"].items():
            out += [line.replace(sub, f"{sub}{aspect}: ", 1) for line in fields(items)]
    for item in facts["removed"]:
        out.append(f"{bullet}removed {ident(item['id'])}")
    out += ["", f"Registries: {len(changes['registries'])} edit(s)"]
    for item in changes["registries"]:
        affects = item["affects"]
        out.append(f"{bullet}{item['change']} {ident(item['table'])} {ident(item['id'])}: changes the meaning of "
                   f"{len(affects)} published row(s)")
        out += [f"{sub}withdrawn{left(item)}"] if item.get("reason") or item.get("replaced_by") else []
        out += fields(item["fields"]) if item["fields"] else []
        out += [f"{sub}{ident(row['table'])} {ident(row['id'])} ({ident(row['column'])})" for row in affects]
    out += ["", "Tables:"]
    for name, table in changes["tables"].items():
        said = [f"table {table['status']}"] if table["status"] != "kept" else [
            f"column(s) {word}: " + ", ".join(ident(c) for c in table[f"columns_{word}"])
            for word in ("added", "removed") if table[f"columns_{word}"]]
        said += [f"{table[f'rows_{word}']} row(s) {word}" for word in ("added", "changed", "removed")
                 if table[f"rows_{word}"]]
        if said:
            out.append(f"{bullet}{ident(name)}: {'; '.join(said)}")
    return out


def text(changes: dict[str, Any]) -> str:
    return "\n".join(lines(changes)) + "\n"


def markdown(changes: dict[str, Any], values: bool = True) -> str:
    body = lines(changes, markdown=True, values=values)
    heading = body[0] if values else f"Data: what changed since {changes['from']['label']}"
    return "\n".join([f"### {heading}"] + [re.sub(r"^([A-Z][a-z]+(?: [a-z]+)*):", r"**\1**:", line) for line in body[1:]]) + "\n"


def as_json(changes: dict[str, Any], old: Snapshot, new: Snapshot) -> str:
    """changes.json: every cell as its field's JSON type in the packages' schemas (scripts/release/typed.py)."""
    return json.dumps(typed(changes, field_types(old, new)), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def release_snapshot(release: history.Release | None, repo: Path = ROOT) -> Snapshot:
    """A release's package, read from git at its commit (no release: an empty package)."""
    if release is None:
        return empty("no earlier release")
    return from_git(repo, release.commit, label=f"release {release.version}")


def for_release(root: Path) -> dict[str, bytes]:
    """The changes files a release archive ships beside its package: the package at `root`
    against the release before its version (for the first release, everything is added)."""
    new = from_folder(root)
    old = release_snapshot(history.before(new.version, history.readable()))
    changes = compare(old, new)
    return {"changes.json": as_json(changes, old, new).encode("utf-8"), "changes.md": markdown(changes).encode("utf-8")}


def run(root: Path, out: Path | None = None, ref: str | None = None, archive: Path | None = None,
        write_changelog: bool = False) -> tuple[dict[str, Any], str]:
    """`make diff`: the package published at `root` against the package of a git ref (of
    the repository holding `root`), of a release archive, or by default of the last release
    listed in schemas/package.yaml. Writes the files into `out` (default build/diff); the
    changes, and a line saying what was written."""
    out = out or root / "build" / "diff"
    try:
        if archive is not None:
            old = from_zip(archive)
        elif ref:
            old = from_git(root, ref)
        else:
            last = history.last(history.releases())
            if last is None:
                raise ChangesError("schemas/package.yaml lists no release to compare with: give REF= or ARCHIVE=")
            old = release_snapshot(last, root)
        new = from_folder(root)
    except (SnapshotError, history.HistoryError) as error:
        raise ChangesError(str(error)) from None
    changes = compare(old, new)
    written = write(out, files(changes, old, new))
    if write_changelog:
        log = root / "CHANGELOG.md"
        try:
            log.write_text(changelog(log.read_text(encoding="utf-8"), changes), encoding="utf-8")
        except OSError as error:
            raise ChangesError(f"CHANGELOG.md: cannot be rewritten ({error.strerror})") from None
    tables = sum(1 for path in written if path.parent.name == "tables")
    return changes, (f"\nwrote changes.txt, changes.md, changes.json and {tables} table diff(s) (daff) into {out}"
                     + ("; rewrote the data section of CHANGELOG.md" if write_changelog else ""))


def daff_csv(old: Snapshot, new: Snapshot, name: str) -> str:
    """daff's highlighter diff of one table, from the rows that changed (and their header)."""
    key, before, after = changed_rows(old, new, name)
    flags = daff.CompareFlags()
    for column in key:
        flags.addPrimaryKey(column)
    flags.unchanged_context = 0
    local, remote = daff.PythonTableView(before), daff.PythonTableView(after)
    alignment = daff.Coopy.compareTables(local, remote, flags).align()
    out = daff.PythonTableView([])
    daff.TableDiff(alignment, flags).hilite(out)
    return daff.Csv(",", "\n").renderTable(out)


def files(changes: dict[str, Any], old: Snapshot, new: Snapshot) -> dict[str, bytes]:
    """Every file `make diff` writes, by its path under the output folder."""
    out = {"changes.txt": text(changes), "changes.md": markdown(changes), "changes.json": as_json(changes, old, new)}
    for name, table in changes["tables"].items():
        if any(table[f"rows_{word}"] for word in ("added", "changed", "removed")) or table["status"] != "kept" \
                or table["columns_added"] or table["columns_removed"]:
            out[f"tables/{name}.csv"] = daff_csv(old, new, name)
    return {path: content.encode("utf-8") for path, content in out.items()}


def _plain(path: Path) -> None:
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise ChangesError(f"{path}: not a plain folder (a link or a file); remove it, then run again")


def write(out: Path, written: dict[str, bytes]) -> list[Path]:
    """Write the files into `out` (no folder on the way a link, no file written through
    one), after removing the table diffs of an earlier run."""
    for folder in [out, *out.parents][::-1]:
        _plain(folder)
    _plain(out / "tables")
    (out / "tables").mkdir(parents=True, exist_ok=True)
    for old in (out / "tables").glob("*.csv"):
        old.unlink()
    paths = []
    for relative, content in sorted(written.items()):
        target = out / relative
        try:
            write_replacing(target, content)
        except OSError as error:
            raise ChangesError(f"{target}: cannot be written ({error.strerror})") from None
        paths.append(target)
    return paths


def changelog(current: str, changes: dict[str, Any]) -> str:
    """CHANGELOG.md with the data section of its "## Unreleased" section (between BEGIN and
    END) written from the changes; the hand-written text, and the data sections of released
    versions, are kept as they are."""
    heading = re.search(r"^## Unreleased[^\n]*\n", current, re.MULTILINE)
    if heading is None:
        raise ChangesError("CHANGELOG.md: no `## Unreleased` heading to write the data section under; add one")
    following = re.search(r"^## ", current[heading.end():], re.MULTILINE)
    stop = heading.end() + following.start() if following else len(current)
    section = current[heading.end():stop]
    block = f"{BEGIN}\n{markdown(changes, values=False)}{END}"
    if BEGIN in section and END in section:
        section = section[:section.index(BEGIN)] + block + section[section.index(END) + len(END):]
    else:
        section = "\n" + block + "\n" + section
    return current[:heading.end()] + section + current[stop:]


def command(root: Path, out: Path | None, ref: str | None, archive: Path | None, write_changelog: bool) -> int:
    """`python -m scripts diff`: print what changed and write the files; 2 when it cannot compare."""
    try:
        found, written = run(root, out, ref, archive, write_changelog)
    except ChangesError as error:
        print(f"{one_line(str(error))}; nothing compared", file=sys.stderr)
        return 2
    print(text(found) + written)
    return 0
