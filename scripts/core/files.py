"""Reading what a pull request can write: one way, for every file the build reads.

A file a pull request adds or changes is read only if it is a regular file (not a
symlink, device, FIFO or socket), inside the package's data/ folder (no component of its
path a link out of it), and no bigger than its limit — which is checked on the open file
before a byte is read, and the read itself is bounded, so that a file growing meanwhile
cannot get past it. A FIFO is opened without blocking, so it cannot hang a run.

A name read from a file (a resource's name and path in datapackage.json, a source id in
sources.csv) becomes a path only through `package_path`, which admits nothing but plain
names inside the package in the form the build writes: no `..`, no `.git`, nothing
absolute. `resource_problems` applies it to every resource of a descriptor.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import stat
from pathlib import Path

MAX_ENTRY_BYTES = 1_000_000  # an entry or registry is a few kilobytes; this stops runaway input
# An archived text is one article or statement: the longest news articles run to about
# 100 kB. Two megabytes leaves room for a long official report and keeps the quote search
# (whose cost grows with the text) well under a second.
MAX_TEXT_BYTES = 2_000_000


class Unsafe(Exception):
    """A file that is not read, and why, with the fix."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def _inside(path: Path, folder: Path) -> bool:
    real, base = os.path.realpath(path), os.path.realpath(folder)
    return real == base or real.startswith(base + os.sep)


def read_regular(path: Path, limit: int, within: Path | None = None) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes inside `within`; else Unsafe."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise Unsafe("the file is missing", "add it, or remove what names it") from None
    except OSError as error:
        raise Unsafe(f"cannot read the file ({error.strerror})", "check that it is a readable file") from None
    if stat.S_ISLNK(info.st_mode):
        raise Unsafe("the file is a symbolic link", "commit the file itself, not a link to it")
    if not stat.S_ISREG(info.st_mode):
        raise Unsafe("the file is not a regular file (a folder, device, FIFO or socket)", "commit a plain file")
    if within is not None and not _inside(path, within):
        raise Unsafe(f"the file is not inside {within.name}/ (a folder on its path is a link)",
                     "keep every file of the package in the folder itself")
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise Unsafe(f"cannot read the file ({error.strerror})", "check that it is a readable plain file") from None
    with os.fdopen(descriptor, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode) or opened.st_ino != info.st_ino:
            raise Unsafe("the file changed while it was opened", "run again")
        if opened.st_size > limit:
            raise Unsafe(f"the file is {opened.st_size} bytes, over the limit of {limit}", "split it or shorten it")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Unsafe(f"the file grew past the limit of {limit} bytes while it was read", "run again")
    return data


def is_regular(path: Path) -> bool:
    """A regular file that is no link (what read_regular reads)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def linked_folder(root: Path) -> str | None:
    """`data` or `data/sources` if that folder of the package at `root` is a symbolic link
    (entries are read from, and written to, the folders themselves); else None."""
    for relative in ("data", "data/sources"):
        if (root / relative).is_symlink():
            return relative
    return None


@functools.lru_cache(maxsize=64)
def sha256_hex(content: bytes) -> str:
    """The SHA-256 of `content`, worked out once a run for the same bytes: a rendered package
    is hashed for its descriptor, its verdicts and its derived tables' inputs, 200 MB at
    10,000 sources (bytes keep their own hash, so a second look-up costs nothing)."""
    return hashlib.sha256(content).hexdigest()


# The forms of the names that become paths. A table's name names its files (data/<name>.csv,
# schemas/<name>.yaml); a source's id its entry and text (data/sources/<id>.yaml, .txt).
TABLE_NAME = re.compile(r"[a-z][a-z0-9_]*")
SOURCE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,254}")  # a plain name: never empty, `.`, `..` or hidden (.git)
_REBUILD = "run `make build` (it writes every name and path of the descriptor) and commit the result"


def package_path(value: object, form: re.Pattern[str], shape: str) -> str:
    """`value` (a name or path read from a file) when it is a path inside the package of the
    form `form`, which `shape` describes (`data/<table>.csv`); else Unsafe. Every part must be a
    plain name: no empty part, no `.` or `..`, nothing hidden (`.git`), no `\\`, not absolute."""
    if not isinstance(value, str):
        raise Unsafe(f"{json.dumps(value)[:80]} is not a name (it is a {type(value).__name__})", _REBUILD)
    shown = json.dumps(value)[1:-1][:120]  # control and bidirectional characters written as escapes
    if not all(_PART.fullmatch(part) for part in value.split("/")):
        raise Unsafe(f"`{shown}` is not a plain path inside the package (an empty, `..` or hidden part such as "
                     "`.git`, or a character other than a letter, digit, `.`, `_` or `-`)", _REBUILD)
    if not form.fullmatch(value):
        raise Unsafe(f"`{shown}` is not {shape}", _REBUILD)
    return value


def resource_problems(resources: object) -> list[str]:
    """What in a descriptor's `resources` names a file other than the package's own: each
    resource must be `{"name": <table>, "path": "data/<table>.csv", ...}`, as the build writes
    it; one line per resource that is not, `datapackage.json: resource N: ...`. A file named
    otherwise (`.git/config`, `data/../../x`) is never read."""
    if not isinstance(resources, list) or not resources:
        return [f"datapackage.json: `resources` is not a list of tables — {_REBUILD}"]
    out = []
    for number, resource in enumerate(resources, 1):
        try:
            if not isinstance(resource, dict):
                raise Unsafe("not an object with a name and a path", _REBUILD)
            name = package_path(resource.get("name"), TABLE_NAME, "a table name (lower-case letters, digits, `_`)")
            package_path(resource.get("path"), re.compile(re.escape(f"data/{name}.csv")), f"data/{name}.csv, "
                         "the file of its table")
        except Unsafe as error:
            out.append(f"datapackage.json: resource {number}: {error.message} — {error.fix}")
    return out


def write_replacing(path: Path, content: bytes) -> None:
    """Write `content` to `path` through a new temporary file beside it (created afresh,
    never through a link left there), then renamed into place: a reader sees the old file
    or the new, never half of one. An OSError is the caller's to report."""
    temporary = path.with_name(path.name + ".partial")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    os.replace(temporary, path)
