"""Verdicts remembered: the gate's on a package's bytes, and a whole check's on a corpus.

The gate (scripts/publish/gate.py) validates the rendered package; its verdict depends on
the files' bytes and the validator's version alone, so a package whose bytes passed once
passes again: it is remembered by the SHA-256 of its files.

A full `make check` that found nothing wrong is remembered by everything it read — each
file of data/sources and the registries (known by their size, times and inode, as the
entry cache knows them: scripts/check/cache.py), the schemas and the code (the context
key) and the day — with the SHA-256 of every file it would publish. When none of that has
changed, the next full check need not read an entry: it compares the published files with
the remembered hashes and says what a full check would.

Both live in the user's cache folder, outside the work tree, like the entry cache: nothing
a pull request writes is read as a verdict, and `--no-cache` reads and writes none.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from scripts.check import cache
from scripts.core.files import Unsafe, read_regular, sha256_hex
from scripts.read.rows import today
from scripts.schema.registry import registries

KEEP_GATES = 32  # remembered gate verdicts per validator; the oldest go first


def hashes(files: dict[str, bytes]) -> dict[str, str]:
    """The SHA-256 of each file of a package, worked out once for every verdict that needs it."""
    return {relative: sha256_hex(content) for relative, content in files.items()}


def digest(sums: dict[str, str]) -> str:
    """The SHA-256 of a package, from its files' (`hashes`): of each path and hash, in path order."""
    return hashlib.sha256("".join(f"{relative}\0{sums[relative]}\n" for relative in sorted(sums)).encode()).hexdigest()


def _gates(validator: str) -> Path:
    return cache.home() / "gates" / validator


def passed_before(validator: str, package: str) -> bool:
    """Whether the package of this digest passed the validator before."""
    return (_gates(validator) / package).is_file()


def remember_pass(validator: str, package: str) -> None:
    folder = _gates(validator)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / package).touch()
        kept = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns)
        for old in kept[:-KEEP_GATES]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a verdict that cannot be kept only costs time


KEEP_PARTS = 4096  # remembered verdicts on parts of packages (a table, a foreign key) per validator


def _parts(validator: str) -> Path:
    return cache.home() / "gates" / f"{validator}.parts.json"


def parts_passed(validator: str) -> set[str]:
    """The parts (a table's bytes and schema, a foreign key between two tables' contents),
    by their hashes, that passed the validator before: see scripts/publish/gate.py."""
    try:
        kept = json.loads(_parts(validator).read_text(encoding="utf-8"))
        return set(kept) if isinstance(kept, list) else set()
    except (OSError, ValueError):
        return set()


def remember_parts(validator: str, passed: list[str]) -> None:
    """Add `passed` to the parts that passed, the newest last; the oldest go first."""
    try:
        kept = json.loads(_parts(validator).read_text(encoding="utf-8"))
        kept = kept if isinstance(kept, list) else []
    except (OSError, ValueError):
        kept = []
    fresh = set(passed)
    kept = [key for key in kept if key not in fresh] + list(dict.fromkeys(passed))
    try:
        _parts(validator).parent.mkdir(parents=True, exist_ok=True)
        temporary = _parts(validator).with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(kept[-KEEP_PARTS:]), encoding="utf-8")
        os.replace(temporary, _parts(validator))
    except OSError:
        pass  # a verdict that cannot be kept only costs time


# ------------------------------------------------------------------ a whole check
def _signatures(folder: Path, settled_before: int) -> list[str] | None:
    """Each file of `folder` with its size, times and inode (as the entry cache knows a file:
    scripts/check/cache.py); None when one changed too recently to be known so."""
    out = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                stat = entry.stat(follow_symlinks=False)  # a link is known by itself
                if max(stat.st_ctime_ns, stat.st_mtime_ns) >= settled_before:
                    return None
                out.append(f"{entry.name} {stat.st_mode} {stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}")
    except OSError:
        return None
    return sorted(out)


def corpus_key(root: Path) -> str | None:
    """What a full check of `root` reads — every file of data/sources and the registries, the
    names in data/ (a stray file is reported), the schemas and the code (the context key) and
    the day — as one hash; None when a file changed
    too recently to be known by its signature (the check is then run in full)."""
    if (root / "data").is_symlink() or (root / "data" / "sources").is_symlink():
        return None  # the full check refuses a linked folder: let it
    settled_before = time.time_ns() - cache.SETTLE_NS
    sources = _signatures(root / "data" / "sources", settled_before)
    registry_files = [cache.signature(root / "data" / f"{name}.yaml", settled_before) for name in registries()]
    if sources is None or None in registry_files:
        return None
    names = sorted(os.listdir(root / "data")) if (root / "data").is_dir() else []  # a file added to data/ is checked
    parts = [cache.context_key(root), today().isoformat(), *map(str, registry_files), *sources, *names]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _summary_path(root: Path) -> Path:
    return cache.folder(root) / "check-verdict.json"


def _published(root: Path, relative: str) -> str | None:
    """A published file's signature when it is settled (else None)."""
    try:
        stat = os.lstat(root / relative)
    except OSError:
        return None
    if max(stat.st_ctime_ns, stat.st_mtime_ns) >= time.time_ns() - cache.SETTLE_NS:
        return None
    return f"{stat.st_mode} {stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}"


def _write_record(root: Path, record: dict) -> None:
    try:
        _summary_path(root).parent.mkdir(parents=True, exist_ok=True)
        temporary = _summary_path(root).with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(record), encoding="utf-8")
        os.replace(temporary, _summary_path(root))
    except OSError:
        pass  # a verdict that cannot be kept only costs time


def remember_check(root: Path, key: str | None, summary: str, sums: dict[str, str]) -> None:
    """Remember that a full check of the corpus `key` found nothing wrong, and the files it
    would publish (`sums`: their hashes)."""
    if key is None:
        return
    _write_record(root, {"key": key, "summary": summary, "files": sums, "seen": {}})


def known_check(root: Path, key: str | None) -> tuple[str, list[str]] | None:
    """When nothing a full check reads has changed since one found nothing wrong (`key` is
    `corpus_key(root)`): its summary line and the published files that are out of date;
    otherwise None. A published file is compared by its signature when it is the one last
    seen up to date, else by its bytes' hash."""
    try:
        record = json.loads(_summary_path(root).read_text(encoding="utf-8"))
        files, seen = dict(record["files"]), dict(record["seen"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if key is None or record.get("key") != key:
        return None
    stale, now_seen = [], {}
    for relative, expected in files.items():
        sign = _published(root, relative)
        if sign is not None and seen.get(relative) == sign:
            now_seen[relative] = sign
            continue
        try:
            same = hashlib.sha256(read_regular(root / relative, 1 << 31)).hexdigest() == expected
        except Unsafe:
            same = False
        if not same:
            stale.append(relative)
        elif sign is not None:
            now_seen[relative] = sign
    if now_seen != seen:
        _write_record(root, {**record, "seen": now_seen})
    return record["summary"], stale
