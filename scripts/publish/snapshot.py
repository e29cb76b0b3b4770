"""A published package as it stands somewhere: in a folder, at a commit of a git repository,
or in a release archive. `make diff` compares two of them, and the release history
(scripts/publish/history.py) reads each release's package from git.

A snapshot holds datapackage.json and the CSV of every table it names, nothing else. Each
is read with a size limit; a table is read only at `data/<name>.csv` (a descriptor naming
any other path is refused, never followed), and a git revision is resolved to a commit
before anything is read, so that a ref cannot be taken for an option.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from scripts.core.files import Unsafe, read_regular

MAX_FILE = 1 << 30  # a published file larger than this is refused, never read whole
TABLE_PATH = re.compile(r"data/[a-z][a-z0-9_]*\.csv")
COMMIT = re.compile(r"[0-9a-f]{40}")
# What a git revision may look like here (branch, tag, commit, `HEAD~2`, `origin/main`): no
# space, no leading dash, nothing a shell or git would read as more than one revision.
REVISION = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./@^~{}-]{0,199}")


class SnapshotError(Exception):
    """A package that cannot be read where it was looked for: the message says why, and how to fix it."""


@dataclass
class Snapshot:
    """A package: its label (how the diff names it), its descriptor and its tables' bytes."""

    label: str
    descriptor: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    commit: str | None = None

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version") or "")

    def names(self) -> list[str]:
        return [resource["name"] for resource in self.descriptor["resources"]]

    def resource(self, name: str) -> dict[str, Any] | None:
        return next((r for r in self.descriptor["resources"] if r["name"] == name), None)

    def key(self, name: str) -> list[str]:
        """The table's primary key as its own descriptor declares it (none: [])."""
        resource = self.resource(name) or {}
        key = resource.get("schema", {}).get("primaryKey", [])
        return [key] if isinstance(key, str) else list(key)

    def rows(self, name: str) -> list[dict[str, str]]:
        """The rows of a table, each a dict of its cells as written ([] for a table it lacks)."""
        resource = self.resource(name)
        if resource is None:
            return []
        text = self.files[resource["path"]].decode("utf-8")
        return list(csv.DictReader(io.StringIO(text, newline="")))

    def cells(self, name: str) -> Iterator[list[str]]:
        """The rows of a table as lists of cells, one at a time, without the header."""
        resource = self.resource(name)
        if resource is not None:
            rows = csv.reader(io.TextIOWrapper(io.BytesIO(self.files[resource["path"]]), encoding="utf-8", newline=""))
            next(rows, None)
            yield from rows

    def columns(self, name: str) -> list[str]:
        resource = self.resource(name)
        if resource is None:
            return []
        return next(csv.reader(io.StringIO(self.files[resource["path"]].decode("utf-8"), newline="")), [])


def _parse(label: str, raw: bytes, read: Callable[[list[str]], dict[str, bytes]]) -> Snapshot:
    """The snapshot of a descriptor's bytes, its tables read by `read(paths)`."""
    try:
        descriptor = json.loads(raw.decode("utf-8"))
        resources = descriptor["resources"]
        assert isinstance(resources, list) and all(isinstance(r, dict) for r in resources)
    except (ValueError, KeyError, TypeError, AssertionError):
        raise SnapshotError(f"{label}: datapackage.json is not a data package descriptor") from None
    for resource in resources:
        path, name = resource.get("path"), resource.get("name")
        if not isinstance(path, str) or not TABLE_PATH.fullmatch(path) or path != f"data/{name}.csv":
            raise SnapshotError(f"{label}: datapackage.json: resource `{str(name)[:60]}` has the path "
                                f"`{str(path)[:80]}`, not data/<name>.csv; nothing of it is read")
    snapshot = Snapshot(label, descriptor, read([resource["path"] for resource in resources]))
    for path, content in snapshot.files.items():
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise SnapshotError(f"{label}: {path} is not UTF-8") from None
    return snapshot


def from_folder(root: Path, label: str | None = None) -> Snapshot:
    """The package published at `root` (datapackage.json and data/*.csv, as `make build` wrote them)."""
    label = label or "the published package"

    def read(relative: str) -> bytes:
        try:
            return read_regular(root / relative, MAX_FILE, within=root)
        except Unsafe as error:
            raise SnapshotError(f"{label}: {relative}: {error.message} — {error.fix}") from None

    return _parse(label, read("datapackage.json"), lambda paths: {path: read(path) for path in paths})


def from_zip(path: Path) -> Snapshot:
    """The package of a release archive (`make release`): datapackage.json at its top."""
    label = path.name
    try:
        archive = zipfile.ZipFile(read_regular_stream(path))
    except (zipfile.BadZipFile, OSError) as error:
        raise SnapshotError(f"{path}: not a release archive ({error})") from None
    with archive:
        def read(relative: str) -> bytes:
            try:
                info = archive.getinfo(relative)
            except KeyError:
                raise SnapshotError(f"{label}: has no {relative}, which its datapackage.json names") from None
            if info.file_size > MAX_FILE:
                raise SnapshotError(f"{label}: {relative} is {info.file_size} bytes, over the limit of {MAX_FILE}")
            with archive.open(info) as handle:
                data = handle.read(MAX_FILE + 1)
            if len(data) > MAX_FILE:
                raise SnapshotError(f"{label}: {relative} unpacks to more than {MAX_FILE} bytes")
            return data

        return _parse(label, read("datapackage.json"), lambda paths: {path: read(path) for path in paths})


def read_regular_stream(path: Path) -> io.BytesIO:
    """A release archive's bytes (a regular file, not a link), to open as a zip."""
    try:
        return io.BytesIO(read_regular(path, MAX_FILE))
    except Unsafe as error:
        raise SnapshotError(f"{path}: {error.message} — {error.fix}") from None


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], input=data, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SnapshotError(f"git could not be run in {repo} ({error})") from None
    if result.returncode != 0:
        message = " ".join(result.stderr.decode("utf-8", "replace").split())[:300]
        raise SnapshotError(f"git {args[0]} failed in {repo}: {message}")
    return result.stdout


def in_git(repo: Path) -> bool:
    """Whether `repo` is inside a git work tree (not a copy or a source archive of the project)."""
    try:
        return _git(repo, "rev-parse", "--is-inside-work-tree").strip() == b"true"
    except SnapshotError:
        return False


def commit_of(repo: Path, revision: str) -> str:
    """The commit a revision names (a branch, tag or commit of the repository at `repo`)."""
    if not REVISION.fullmatch(revision) or ".." in revision:
        raise SnapshotError(f"`{revision[:80]}` is not a git revision this command reads (a branch, tag or commit)")
    try:
        out = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    except SnapshotError:
        raise SnapshotError(f"`{revision}` is not a commit of the git repository at {repo} (a shallow clone lacks "
                            "older commits: `git fetch --unshallow`)") from None
    return out.decode().strip()


def from_git(repo: Path, revision: str, label: str | None = None) -> Snapshot:
    """The package as committed at `revision` in the git repository holding `repo` (the
    package root: its data/ and datapackage.json, wherever it sits in the repository)."""
    commit = commit_of(repo, revision)
    prefix = _git(repo, "rev-parse", "--show-prefix").decode().strip()
    label = label or (revision if commit.startswith(revision) else f"{revision} ({commit[:7]})")
    raw = _blobs(repo, commit, prefix, ["datapackage.json"], label)["datapackage.json"]
    snapshot = _parse(label, raw, lambda paths: _blobs(repo, commit, prefix, paths, label))
    snapshot.commit = commit
    return snapshot


def _blobs(repo: Path, commit: str, prefix: str, paths: list[str], label: str) -> dict[str, bytes]:
    """The files at `paths` (relative to the package root) as committed, through one `git cat-file`."""
    asked = "".join(f"{commit}:{prefix}{path}\n" for path in paths).encode()
    out, at, found = _git(repo, "cat-file", "--batch", data=asked), 0, {}
    for path in paths:
        end = out.index(b"\n", at)
        header = out[at:end].decode("utf-8", "replace").split()
        if len(header) != 3 or header[1] != "blob":
            raise SnapshotError(f"{label}: has no {path}")
        size = int(header[2])
        if size > MAX_FILE:
            raise SnapshotError(f"{label}: {path} is {size} bytes, over the limit of {MAX_FILE}")
        found[path] = out[end + 1:end + 1 + size]
        at = end + 1 + size + 1
    return found


def empty(label: str) -> Snapshot:
    """No package at all: what the first release is compared with."""
    return Snapshot(label, {"resources": []})
