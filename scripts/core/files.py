"""Reading what a pull request can write: one way, for every file the build reads.

A file a pull request adds or changes is read only if it is a regular file (not a
symlink, device, FIFO or socket), inside the package's data/ folder (no component of its
path a link out of it), and no bigger than its limit — which is checked on the open file
before a byte is read, and the read itself is bounded, so that a file growing meanwhile
cannot get past it. A FIFO is opened without blocking, so it cannot hang a run.
"""

from __future__ import annotations

import functools
import hashlib
import os
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
