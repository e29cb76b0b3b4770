"""The build lock: builds of one package take turns.

`lock` holds an exclusive `flock` on `.build.lock` in the package root, from before
`recover` until the install is finished (`python -m scripts docs` holds it too, so that it
never reads a half-installed release). A run that finds the lock taken says so on stderr
and waits. The lock file is opened without following a symbolic link (one committed there
is refused) and is never deleted (a new file would be a new lock, not the one others hold).
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = ".build.lock"
WAITING = f"waiting for another build of this package to finish (lock: {LOCK})"


class LockError(Exception):
    """The build lock cannot be used (a symbolic link, not a plain file, or not openable)."""


_held: dict[str, int] = {}  # package root (resolved) -> the lock file's descriptor, while held


def _forget_held() -> None:
    """In a forked child (the checks' worker processes): close the inherited lock files,
    so that a worker outliving its build cannot keep the lock; the parent still holds it."""
    for descriptor in _held.values():
        try:
            os.close(descriptor)
        except OSError:
            pass
    _held.clear()


def _open_lock(root: Path) -> int:
    path = root / LOCK
    flags = os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NOCTTY | os.O_NONBLOCK
    try:
        descriptor = os.open(path, flags, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP and os.path.islink(path):
            raise LockError(f"{path} is a symbolic link: refusing to follow it (the build lock must be a plain "
                            "file: delete the link and run again)") from error
        if error.errno == errno.ENOENT and not os.path.isdir(root):
            raise LockError(f"{root} does not exist: run from the project root, or pass --root") from error
        if error.errno == errno.EISDIR:
            raise LockError(f"{path} is a directory: the build lock must be a plain file (delete it and run "
                            f"again)") from error
        raise LockError(f"could not open the build lock {path} ({error.strerror})") from error
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise LockError(f"{path} is not a plain file: refusing to use it as the build lock (delete it and run again)")
    return descriptor


@contextmanager
def lock(root: Path) -> Iterator[None]:
    """Hold the package's build lock (exclusive); if another process holds it, say so on
    stderr and wait. Re-entrant within a process. LockError if it cannot be used."""
    key = os.path.realpath(root)
    if key in _held:
        yield
        return
    descriptor = _open_lock(root)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(WAITING, file=sys.stderr, flush=True)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        _held[key] = descriptor
        try:
            yield
        finally:
            del _held[key]
    finally:
        os.close(descriptor)  # releases the lock


os.register_at_fork(after_in_child=_forget_held)
