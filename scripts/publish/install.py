"""Install: replace the published package with a new one, all or nothing.

Everything is first written to a staging folder and validated there (the gate:
scripts/publish/gate.py); only then are the files moved into place (install). A rename that fails
puts back exactly the files this build had placed (the previous version, or none), and
touches no other. A build that dies at any point leaves the package fully old or fully
new once `recover`, at the start of the next build, check or docs run, has completed
or undone what it left. Should even putting back fail (the disk turned read-only), the
build says the package is part-replaced, never that it was left as it was.

Builds of one package take turns: `lock` holds an exclusive `flock` on `.build.lock` in
the package root, from before `recover` until the install is finished (`python -m
scripts docs` holds it too, so that it never reads a half-installed release). A run that
finds the lock taken says so on stderr and waits. The staging folder therefore belongs
to the one run holding the lock: only it stages, installs, rolls back or recovers, and
`recover` waits for the lock before it touches a staging folder. The lock file is
opened without following a symbolic link (one committed there is refused) and is never
deleted (a new file would be a new lock, not the one others hold).

On disk, under `.build-staging/`: `new/` (the staged release), `old/` (hard links of
the files it replaces), `COMMITTED` (written once `old/` is complete: from then on the
release is completed, not discarded) and `ROLLBACK` (written when a rename fails after
COMMITTED: the files this build put in place, to be put back or removed). Each marker
starts with a random token that the build also keeps in its check-cache folder, outside
the work tree (scripts/check/cache.py): `recover` acts only on markers whose token it finds
there, so a `.build-staging/` committed in a pull request is removed unread, never
installed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

from scripts.check.cache import folder
from scripts.publish import verdicts
from scripts.publish.gate import gate_folder
from scripts.publish.lock import LOCK, lock

STAGING = ".build-staging"
COMMITTED = "COMMITTED"
ROLLBACK = "ROLLBACK"


class Unfinished(OSError):
    """Installing failed part-way and the previous release could not be fully put back;
    `state` says what the published files are now and what the next run does."""

    def __init__(self, error: OSError, state: str) -> None:
        super().__init__(error.errno, error.strerror, error.filename)
        self.state = state


def release(root: Path, files: dict[str, bytes], use_cache: bool = True) -> list[str]:
    """Stage `files`, gate them (both validators: scripts/publish/gate.py) and install them,
    holding the build lock; the gate's failures (then nothing was replaced), or an empty
    list. A plain OSError leaves the previous release as it was; Unfinished says what it
    left instead."""
    with lock(root):
        staging = stage(root, files)
        try:
            package = verdicts.digest(verdicts.hashes(files)) if use_cache else None
            failures = gate_folder(staging / "new", package, thorough=True)
            if failures:
                discard(root)
                return failures
            install(root, staging, files)
        except Unfinished:
            raise  # its staging folder is what the next run completes or undoes: kept
        except OSError:
            discard(root)
            raise
    return []


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def stage(root: Path, files: dict[str, bytes]) -> Path:
    """Write the new release under .build-staging/new/, nothing yet in place. The staging
    folder must not exist (`recover` removes an interrupted build's): FileExistsError, and
    nothing touched, if it does."""
    staging = root / STAGING
    staging.mkdir()
    try:
        for relative, content in files.items():
            _write(staging / "new" / relative, content)
    except OSError:
        discard(root)  # this run's own staging folder
        raise
    return staging


def install(root: Path, staging: Path, files: dict[str, bytes]) -> None:
    """Replace the release with the staged one, as one step as far as any reader of
    this tool can tell.

    The current files are first kept in .build-staging/old/ (hard links), then a
    COMMITTED marker is written, then each file is renamed into place. A failure
    while renaming puts back exactly the files this call renamed (`_roll_back`); a crash
    after the marker is completed by `recover` at the start of the next run, and a crash
    before it is discarded there.
    """
    old = staging / "old"
    replaced = set()  # files that had a previous version, kept in old/
    for relative in files:
        target = root / relative
        if target.exists():
            (old / relative).parent.mkdir(parents=True, exist_ok=True)
            os.link(target, old / relative)
            replaced.add(relative)
    marker = staging / COMMITTED
    token = _mint(root)
    _write(marker.with_suffix(".tmp"), (f"token {token}\n" + "\n".join(files)).encode("utf-8"))
    os.replace(marker.with_suffix(".tmp"), marker)
    placed: list[str] = []
    try:
        for relative in files:
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / "new" / relative, target)
            placed.append(relative)
    except OSError as error:
        _roll_back(root, staging, [(relative, relative in replaced) for relative in placed], error, token)
        raise
    shutil.rmtree(staging, ignore_errors=True)


def _roll_back(root: Path, staging: Path, placed: list[tuple[str, bool]], error: OSError, token: str) -> None:
    """Undo the renames of a failed install: each file it placed (relative path, and
    whether it had a previous version) gets its previous version back, or is removed if
    it had none. Files it did not place are not touched. ROLLBACK, written first, lets
    `recover` finish this should it stop half-way; if it cannot be written, nothing is
    undone and COMMITTED stays, for `recover` to complete the new release instead.
    Returns (the caller re-raises `error`) only when the previous release is back."""
    rollback = staging / ROLLBACK
    try:
        _write(rollback.with_suffix(".tmp"), f"token {token}\n".encode("utf-8") +
               "".join(f"{'restore' if had_old else 'remove'} {relative}\n" for relative, had_old in placed)
               .encode("utf-8"))
        os.replace(rollback.with_suffix(".tmp"), rollback)
        (staging / COMMITTED).unlink(missing_ok=True)
    except OSError:
        action = "puts the previous one back" if rollback.exists() else "completes it"
        raise Unfinished(error, f"the release is part-replaced: the next `make build` (or `make check`) {action} "
                                f"from {STAGING}/") from error
    try:
        lost = _undo(root, staging, placed)
    except OSError:
        raise Unfinished(error, "the release is part-replaced: the next `make build` (or `make check`) puts the "
                                f"previous one back from {STAGING}/") from error
    shutil.rmtree(staging, ignore_errors=True)
    if lost:
        raise Unfinished(error, f"the previous version of {', '.join(lost)} was no longer kept in {STAGING}/old/, "
                                "so that file is the new one; every other file is as it was — run `make build` again")


def _undo(root: Path, staging: Path, placed: list[tuple[str, bool]]) -> list[str]:
    """Put back the previous version of each placed file, or remove the file if it had
    none; the placed files whose previous version is missing from old/ (left alone).
    Can be repeated: old/ is linked from, never moved."""
    lost = []
    for relative, had_old in placed:
        target = root / relative
        if not had_old:
            target.unlink(missing_ok=True)  # placed by this build, absent before it
            continue
        kept = staging / "old" / relative
        if not kept.exists():
            lost.append(relative)
            continue
        temporary = staging / "undo" / relative
        temporary.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        os.link(kept, temporary)
        os.replace(temporary, target)
    return lost


def discard(root: Path) -> None:
    """Remove a staged release that will not be installed (the caller's own, or an
    interrupted build's in `recover`: both under the build lock)."""
    shutil.rmtree(root / STAGING, ignore_errors=True)


def _token_file(root: Path) -> Path:
    return folder(root) / "staging-token"


def _mint(root: Path) -> str:
    """A new token for this build's markers, kept outside the work tree; "-" (which no
    marker is trusted with) when it cannot be kept."""
    token = os.urandom(16).hex()
    try:
        _write(_token_file(root), token.encode("ascii"))
    except OSError:
        return "-"
    return token


def _signed(root: Path, text: str) -> str | None:
    """A marker's text after its token line, if the token is the one this machine's last
    build kept; otherwise None (the staging folder was not written by a build here)."""
    first, _, rest = text.partition("\n")
    try:
        kept = _token_file(root).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return rest if first == f"token {kept}" and len(kept) == 32 else None


def _listed(text: str) -> list[str]:
    """The relative paths a marker lists, refusing any that would lead out of the package
    or into the staging folder (a staging folder is not trusted to be this tool's)."""
    paths = []
    for line in text.splitlines():
        path = PurePosixPath(line)
        if not path.parts or path.is_absolute() or ".." in path.parts or path.parts[0] in (STAGING, ".git", LOCK):
            raise ValueError(f"{STAGING}/ lists {line!r}, which is no published file: it was not written by "
                             f"this tool; look at it, delete it and run again")
        paths.append(line)
    return paths


def recover(root: Path) -> str | None:
    """Finish or undo a build that was interrupted; say which, or None if there was none.
    Waits for the build lock first (LockError if it cannot be used), so a running build's
    staging folder is never touched: the lock is free only once that build has ended."""
    staging = root / STAGING
    if not os.path.lexists(staging):
        return None  # nothing to do, and no lock needed (a check on a read-only tree works)
    with lock(root):
        if not os.path.lexists(staging):
            return None  # the build that held the lock finished
        if staging.is_symlink() or not staging.is_dir():
            raise ValueError(f"{STAGING} is not a folder this tool wrote (a symbolic link or a file): delete it "
                             "and run again")
        rollback, marker = staging / ROLLBACK, staging / COMMITTED
        found = rollback if rollback.exists() else marker if marker.exists() else None
        text = _signed(root, found.read_text(encoding="utf-8", errors="replace")) if found else None
        if found and text is None:
            shutil.rmtree(staging, ignore_errors=True)
            return (f"{STAGING}/ was not written by a build on this machine (was it committed?): it was removed "
                    "unread, and no published file was touched")
        if found is rollback:
            placed = [(line.partition(" ")[2], line.startswith("restore ")) for line in text.splitlines()]
            _listed("\n".join(relative for relative, _ in placed))
            lost = _undo(root, staging, placed)
            shutil.rmtree(staging, ignore_errors=True)
            if lost:
                return (f"an interrupted build had failed while installing; the previous release was put back "
                        f"except {', '.join(lost)}, whose previous version was lost: run `make build`")
            return "an interrupted build had failed while installing: the previous release was put back"
        if found is marker:
            for relative in _listed(text):
                staged = staging / "new" / relative
                if staged.exists():
                    (root / relative).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staged, root / relative)
            shutil.rmtree(staging, ignore_errors=True)
            return "an interrupted build had already passed every check: its release was completed"
        shutil.rmtree(staging, ignore_errors=True)
        return "an interrupted build had not finished writing: it was discarded and the release left as it was"
