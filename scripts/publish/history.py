"""The releases, and the release that first published each record and the one that last changed it.

The releases are listed in schemas/package.yaml (`releases`: version, date and the commit
of this repository that holds the package as released), oldest first. Each release's
package is read from git at its commit (scripts/publish/snapshot.py), so the list is all
that is kept by hand, and a reviewer sees a release added as one line.

For every record of the package being built, records.csv says:

- `first_release`: the first release whose package held the record;
- `last_changed_release`: the last release in which its row (in its own table: trade.csv,
  ...) differed from the release before, in the columns both releases have, or in which it
  came back after leaving.

A record new or changed since the last release gets the release being prepared: the
package's version without its `-dev` mark ("0.3.0-dev", the package between 0.2.0 and
0.3.0, publishes it as 0.3.0); it stays empty while the version in schemas/package.yaml is
one already released.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.publish.snapshot import COMMIT, Snapshot, SnapshotError, from_git, in_git
from scripts.schema.registry import ROOT, next_release, package_meta, record_tables

VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
WHERE = "schemas/package.yaml: releases"


class HistoryError(Exception):
    """The release history cannot be read: the message names the release and the fix."""


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    commit: str


def semver(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def releases(listed: Any = None) -> list[Release]:
    """The releases as listed (by default, schemas/package.yaml's `releases`), checked: each
    with a version (x.y.z), a date (YYYY-MM-DD) and a full commit hash, versions rising."""
    listed = package_meta().get("releases", []) if listed is None else listed
    if not isinstance(listed, list):
        raise HistoryError(f"{WHERE}: must be a list of {{version, date, commit}}, oldest first")
    out: list[Release] = []
    for number, item in enumerate(listed):
        where = f"{WHERE}[{number}]"
        if not isinstance(item, dict) or set(item) != {"version", "date", "commit"}:
            raise HistoryError(f"{where}: must have exactly `version`, `date` and `commit`")
        version, date, commit = (str(item[key]) for key in ("version", "date", "commit"))
        if not VERSION.fullmatch(version):
            raise HistoryError(f"{where}: version `{version[:40]}` is not of the form x.y.z")
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise HistoryError(f"{where}: date `{date[:40]}` is not YYYY-MM-DD (write it in quotes)") from None
        if not COMMIT.fullmatch(commit):
            raise HistoryError(f"{where}: commit `{commit[:60]}` is not a full commit hash (40 hex digits: "
                               "`git rev-parse <commit>`)")
        if out and semver(version) <= semver(out[-1].version):
            raise HistoryError(f"{where}: version {version} does not come after {out[-1].version}: list the "
                               "releases oldest first, each once")
        out.append(Release(version, date, commit))
    return out


def last(listed: list[Release]) -> Release | None:
    return listed[-1] if listed else None


def before(version: str, listed: list[Release]) -> Release | None:
    """The last release older than `version` (of a `-dev` version, than the release it is built
    for): what a release of `version` is compared with."""
    version = next_release(version)
    older = [r for r in listed if VERSION.fullmatch(version) and semver(r.version) < semver(version)]
    return older[-1] if older else None


def pending(version: str, listed: list[Release]) -> str:
    """The version new and changed records are published under: the release the package is
    built for when it is not released yet, else none."""
    upcoming = next_release(version)
    return "" if upcoming in {r.version for r in listed} else upcoming


def record_rows(snapshot: Snapshot) -> dict[str, dict[str, str]]:
    """Every record of a package's record tables (the tables that are record tables now),
    by its id: its row as published, with `table` telling which table holds it."""
    out: dict[str, dict[str, str]] = {}
    for name in record_tables():
        key = snapshot.key(name)
        if len(key) != 1:
            continue
        for row in snapshot.rows(name):
            out[row[key[0]]] = {**row, "\0table": name}
    return out


def changed(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """The columns both rows have whose cells differ."""
    return [column for column in new if column in old and old[column] != new[column]]


@functools.lru_cache(maxsize=64)
def _release_rows(repo: Path, commit: str, version: str) -> dict[str, dict[str, str]]:
    """A release's records, read from git once a run (a commit's content never changes)."""
    try:
        return record_rows(from_git(repo, commit, label=f"release {version}"))
    except SnapshotError as error:
        raise HistoryError(f"{WHERE}: release {version}: {error} — the release history is read from git "
                           "(a clone with its full history: `git fetch --unshallow`)") from None


@functools.lru_cache(maxsize=8)
def _in_git(repo: Path) -> bool:
    return in_git(repo)


def readable(repo: Path = ROOT) -> list[Release]:
    """The releases whose packages can be read: every one listed in a git clone, none in a
    copy of the project outside git."""
    return releases() if _in_git(repo) else []


def differs_from_release(repo: Path, descriptor: dict[str, Any]) -> list[str]:
    """The tables (by name) in which the package `descriptor` differs from the release of its
    version, read from git (by each resource's hash); none when its version is not released,
    or outside git, where no release can be read."""
    release = next((r for r in readable(repo) if r.version == descriptor.get("version")), None)
    if release is None:
        return []

    def digests(resources: Any) -> dict[str, Any]:
        return {r.get("name"): r.get("hash") for r in resources if isinstance(r, dict)} if isinstance(resources, list) else {}
    released, now = digests(from_git(repo, release.commit).descriptor.get("resources")), digests(descriptor.get("resources"))
    return sorted(name for name in released.keys() | now.keys() if released.get(name) != now.get(name))


def same_as_its_release(repo: Path, descriptor: dict[str, Any]) -> None:
    """Refuse a package (its `descriptor`) whose version is released when it differs from that release."""
    changed = differs_from_release(repo, descriptor)
    if changed:
        raise HistoryError(f"schemas/package.yaml: version {descriptor['version']} is released, and this package "
                           f"differs from it ({', '.join(changed[:5])}{' and more' if len(changed) > 5 else ''}): set the version being prepared (`<next>-dev` "
                           "between releases, `<next>` with `created` for the release), then run `make build`")


def release_columns(current: dict[str, dict[str, str]], version: str | None = None,
                    listed: list[Release] | None = None, repo: Path = ROOT) -> dict[str, tuple[str, str]]:
    """(first_release, last_changed_release) of every record of `current` (record_rows of
    the package being built), from the releases' packages in the git repository at `repo`."""
    listed = releases() if listed is None else listed
    version = str(package_meta()["version"]) if version is None else version
    readable = listed if _in_git(repo) else []  # a copy of the project, outside git: no release to read
    first: dict[str, str] = {}
    latest: dict[str, str] = {}
    previous: dict[str, dict[str, str]] = {}
    for release in readable:
        rows = _release_rows(repo, release.commit, release.version)
        for record, row in rows.items():
            if record not in first:
                first[record] = release.version
            if record not in previous or changed(previous[record], row):
                latest[record] = release.version
        previous = rows
    upcoming = pending(version, listed)
    out = {}
    for record, row in current.items():
        if record not in previous or changed(previous[record], row):
            latest[record] = upcoming
        out[record] = (first.get(record, upcoming), latest[record])
    return out
