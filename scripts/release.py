"""Release: replace the published package with a new one, all or nothing.

Everything is first written to a staging folder and checked with frictionless there
(the gate); only then are the files moved into place (install). A build that dies at
any point leaves the package fully old or fully new: `recover` at the start of the
next run completes or discards what it left.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

STAGING = ".build-staging"
COMMITTED = "COMMITTED"


def release(root: Path, files: dict[str, bytes]) -> list[str]:
    """Stage `files`, gate them and install them; the gate's failures (then nothing was
    replaced), or an empty list. An OSError leaves the previous release as it was."""
    try:
        staging = stage(root, files)
        failures = gate(staging)
        if failures:
            discard(root)
            return failures
        install(root, staging, files)
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
    """Write the new release under .build-staging/new/, nothing yet in place."""
    staging = root / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    for relative, content in files.items():
        _write(staging / "new" / relative, content)
    return staging


def gate(staging: Path) -> list[str]:
    """frictionless's own validation of the staged package; its errors, if any."""
    from frictionless import validate as frictionless_validate

    report = frictionless_validate(str(staging / "new" / "datapackage.yaml"))
    if report.valid:
        return []
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + \
           [error.message for error in report.errors]


def install(root: Path, staging: Path, files: dict[str, bytes]) -> None:
    """Replace the release with the staged one, as one step as far as any reader of
    this tool can tell.

    The current files are first kept in .build-staging/old/ (hard links), then a
    COMMITTED marker is written, then each file is renamed into place. A failure
    while renaming puts the old files back; a crash after the marker is completed by
    `recover` at the start of the next run, and a crash before it is discarded there.
    """
    old = staging / "old"
    for relative in files:
        target = root / relative
        if target.exists():
            (old / relative).parent.mkdir(parents=True, exist_ok=True)
            os.link(target, old / relative)
    marker = staging / COMMITTED
    _write(marker.with_suffix(".tmp"), "\n".join(files).encode("utf-8"))
    os.replace(marker.with_suffix(".tmp"), marker)
    try:
        for relative in files:
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / "new" / relative, target)
    except OSError:
        _roll_back(root, staging, files)
        raise
    shutil.rmtree(staging, ignore_errors=True)


def _roll_back(root: Path, staging: Path, files: dict[str, bytes] | list[str]) -> None:
    (staging / COMMITTED).unlink(missing_ok=True)
    for relative in files:
        kept = staging / "old" / relative
        if kept.exists():
            os.replace(kept, root / relative)
        elif not (staging / "new" / relative).exists():
            (root / relative).unlink(missing_ok=True)  # it was new in this release
    shutil.rmtree(staging, ignore_errors=True)


def discard(root: Path) -> None:
    """Remove a staged release that will not be installed."""
    shutil.rmtree(root / STAGING, ignore_errors=True)


def recover(root: Path) -> str | None:
    """Finish or undo a build that was interrupted; say which, or None if there was none."""
    staging = root / STAGING
    if not staging.exists():
        return None
    marker = staging / COMMITTED
    if marker.exists():
        for relative in marker.read_text(encoding="utf-8").splitlines():
            staged = staging / "new" / relative
            if staged.exists():
                (root / relative).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, root / relative)
        shutil.rmtree(staging, ignore_errors=True)
        return "an interrupted build had already passed every check: its release was completed"
    shutil.rmtree(staging, ignore_errors=True)
    return "an interrupted build had not finished writing: it was discarded and the release left as it was"
