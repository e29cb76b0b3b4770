"""The check cache: kept outside the work tree, in the user's cache folder
(`$SRT_CACHE_DIR`, else `$XDG_CACHE_HOME/silk-road-ties`, else `~/.cache/silk-road-ties`),
one folder per package root. Deleting it is always safe.

Outside the work tree, because a pull request can write anything inside it: a cache
there could run code when read (pickle) or vouch for an entry that was never checked.
Nothing a pull request writes is ever read as a cache; CI checks with no cache at all
(`make check NO_CACHE=1`).

What depends on a package's data is kept in that package's folder (`folder(root)`): each
entry's checked result (see Cache), keyed by what the result depends on — the entry and
its archived texts, later versions included (the SHA-256 of their bytes, or, for files
settled well before the run that recorded them, their size, times and inode: see
signature) and the context: the
registries, the schemas, the build code and the day (the future-date check reads it) —
and a marker of registries found clean. What depends only on the project's schemas and
code — the pandera schemas derived from schemas/ (scripts/check/pandera_schemas.py) — is kept once
in the project's own folder (`folder(PROJECT)`), shared by every package it checks.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any, Callable

from scripts.core.files import MAX_ENTRY_BYTES, MAX_TEXT_BYTES, Unsafe, read_regular, sha256_hex
from scripts.read.texts import version_file
from scripts.schema.registry import ROOT, registries

PROJECT = ROOT
SETTLE_NS = 2_000_000_000  # files changed this close to a run are hashed in the next, whatever their times

Cached = tuple  # (hash, signature or None, result): the cache's record of an entry


def home() -> Path:
    """The user's cache folder for this project's tool."""
    if os.environ.get("SRT_CACHE_DIR"):
        return Path(os.environ["SRT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "silk-road-ties"


def folder(root: Path) -> Path:
    """The cache folder of the package at `root`: named by its real path, outside it."""
    real = os.path.realpath(root)
    return home() / f"{Path(real).name[:40]}-{hashlib.sha256(real.encode()).hexdigest()[:16]}"


def _bytes(path: Path, limit: int) -> bytes | None:
    try:
        return read_regular(path, limit)
    except Unsafe:
        return None


def context_key(root: Path) -> str:
    """What every result depends on besides the entry's own files, the day aside: the
    registries, the schemas and the code."""
    digest = hashlib.sha256()
    for path in [*(root / "data" / f"{name}.yaml" for name in registries()),
                 *sorted((ROOT / "schemas").glob("*.yaml")), *sorted((ROOT / "scripts").rglob("*.py"))]:
        digest.update(path.name.encode())
        digest.update(_bytes(path, MAX_ENTRY_BYTES) or b"-")
    return digest.hexdigest()


def text_files(path: Path) -> list[Path]:
    """The entry's archived text and the files of its later versions beside it, as the reader
    may read them: from version 2 up to the first that is missing (scripts/read/texts.py)."""
    out = [version_file(path, 1)]
    while os.path.lexists(version_file(path, len(out) + 1)):
        out.append(version_file(path, len(out) + 1))
    return out


def entry_key(path: Path) -> str:
    """The hash of the entry's bytes and of its archived texts' ("-" for the first when there
    is none); empty when the entry cannot be read (the check then says why)."""
    entry = _bytes(path, MAX_ENTRY_BYTES)
    if entry is None:
        return ""
    digest = hashlib.sha256(entry)
    for number, text in enumerate(text_files(path), 1):
        digest.update(b"" if number == 1 else f"\0version {number}\0".encode())
        digest.update(_bytes(text, MAX_TEXT_BYTES) or b"-")
    return digest.hexdigest()


def signature(path: Path, settled_before: int) -> tuple | None:
    """Size, times and inode of the entry and its texts, if all were last changed before
    `settled_before` (ns); otherwise None, and the files' bytes are hashed instead.

    Writing a file sets its ctime to the current time, and no program can set it back, so
    a file whose signature is unchanged since a run that saw it settled is unchanged. A
    file changed just before a run could be changed again within the same clock tick and
    keep its times: recent files are therefore not trusted (git's rule for its index)."""
    parts = []
    for file in (path, *text_files(path)):
        try:
            stat = os.lstat(file)  # a link is known by itself, not by what it points to
        except FileNotFoundError:
            parts.append(None)
            continue
        except OSError:
            return None
        if max(stat.st_ctime_ns, stat.st_mtime_ns) >= settled_before:
            return None
        parts.append((stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
    return tuple(parts)


def look_up(paths: list[Path], cached: dict[str, Cached], started: int) \
        -> tuple[dict[Path, Any], dict[str, Cached], dict[Path, tuple[str, tuple | None]]]:
    """The results of unchanged entries; what the cache is to keep of them; and the hash
    and signature of each changed entry, which is to be checked. An entry is known by its
    signature when that is unchanged, otherwise by the hash of its bytes."""
    results: dict[Path, Any] = {}
    keep: dict[str, Cached] = {}
    changed: dict[Path, tuple[str, tuple | None]] = {}
    for path in paths:
        hit = cached.get(str(path))
        sign = signature(path, started - SETTLE_NS)
        if hit and sign is not None and hit[1] == sign:
            results[path], keep[str(path)] = hit[2], hit
            continue
        key = entry_key(path)
        if hit and key and hit[0] == key:
            results[path] = hit[2]
            keep[str(path)] = hit if hit[1] == sign else (key, sign, hit[2])
        else:
            changed[path] = (key, sign)
    return results, keep, changed


class Cache:
    """Entry results by entry path, each with the hash of the files it came from and their
    signature, in two files: `entries.pickle` holds every entry as of some run,
    `entries-delta.pickle` those that changed since. A run that checks a few entries then
    writes a few, not all ten thousand. The delta names the base it extends, and is folded
    into a new base once it holds a tenth of the corpus. Both are written whole to a
    temporary file and renamed."""

    def __init__(self, root: Path, context: str):
        self.base = folder(root) / "entries.pickle"
        self.delta = folder(root) / "entries-delta.pickle"
        self.context = context
        self.token = ""
        self.changed: dict[str, Cached] = {}

    def _read(self, path: Path) -> tuple[str, str, dict]:
        try:
            with path.open("rb") as handle:
                context, token, entries = pickle.load(handle)
            if context == self.context and isinstance(entries, dict):
                return context, token, entries
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError, ImportError):
            pass
        return "", "", {}

    def load(self) -> dict[str, Cached]:
        _, self.token, entries = self._read(self.base)
        if self.token:
            _, base_token, self.changed = self._read(self.delta)
            if base_token != self.token:
                self.changed = {}
            entries.update(self.changed)
        return entries

    def store(self, entries: dict[str, Cached], fresh: list[str]) -> None:
        """Remember `entries`, of which `fresh` are new since the cache was read."""
        try:
            self.base.parent.mkdir(parents=True, exist_ok=True)
            self.changed.update((path, entries[path]) for path in fresh)
            if self.token and len(self.changed) * 10 < len(entries):
                write_pickle(self.delta, (self.context, self.token, self.changed))
            else:
                write_pickle(self.base, (self.context, os.urandom(8).hex(), entries))
                self.delta.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs time


def write_pickle(path: Path, content: Any) -> None:
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        pickle.dump(content, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def kept(root: Path, name: str, make: Callable[[], Any]) -> Any:
    """What `make()` gives, kept in the cache folder under `name` (which must say what it
    depends on): read back when there, made and written when not."""
    path = folder(root) / name
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_pickle(path, value)
    except OSError:
        pass  # a cache that cannot be written only costs time
    return value


def registries_clean(root: Path, context: str) -> bool:
    return (folder(root) / f"registries-clean-{context[:16]}").is_file()


def mark_registries_clean(root: Path, context: str) -> None:
    marker = folder(root) / f"registries-clean-{context[:16]}"
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        for stale in marker.parent.glob("registries-clean-*"):
            stale.unlink()  # markers of registries or code as they were
        marker.touch()
    except OSError:
        pass


class Memo:
    """Tables derived from other tables (facts, link tables), remembered by the SHA-256 of
    what they are made of and of the context (schemas and code): one kept a table, the
    newest. A derived table whose inputs did not change is read back, not worked out again."""

    def __init__(self, root: Path, context: str) -> None:
        self.folder = folder(root) / "derived"
        self.context = context

    def __call__(self, name: str, inputs: list[bytes], make: Callable[[], bytes]) -> bytes:
        digest = hashlib.sha256(self.context.encode())
        for part in inputs:
            digest.update(bytes.fromhex(sha256_hex(part)))
        path = self.folder / f"{name}-{digest.hexdigest()[:32]}"
        try:
            return path.read_bytes()
        except OSError:
            pass
        content = make()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob(f"{name}-*"):
                old.unlink(missing_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(content)
            os.replace(temporary, path)
        except OSError:
            pass  # a table that cannot be kept only costs time
        return content
