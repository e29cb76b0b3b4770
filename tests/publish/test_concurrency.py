"""Builds of one package at the same time take turns (the build lock): each succeeds,
none deletes a published file, the result is what one build alone writes, and recovery
never touches the staging folder of a build still running."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from scripts.publish import install as release
from scripts.publish import lock as locking
from scripts.schema.registry import ROOT
from tests.helpers import run, snapshot

BUILDS = 3  # at once, in each round
ROUNDS = 6
WAIT_S = 120  # far beyond what a round takes


@contextmanager
def holding_lock(root: Path) -> Iterator[None]:
    """Hold the package's build lock from this process, as a running build would."""
    descriptor = os.open(root / locking.LOCK, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def lock_is_free(root: Path) -> bool:
    descriptor = os.open(root / locking.LOCK, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def start(root: Path, err: Path, *command: str) -> subprocess.Popen:
    with err.open("wb") as handle:
        return subprocess.Popen([sys.executable, "-m", "scripts", *command, "--root", str(root)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=handle)


def wait_for_waiting(processes: list[subprocess.Popen], errs: list[Path]) -> None:
    """Until every process has said it waits for the lock (none may finish first)."""
    deadline = time.monotonic() + WAIT_S
    while not all(locking.WAITING in err.read_text(encoding="utf-8") for err in errs):
        for process, err in zip(processes, errs):
            assert process.poll() is None, f"ran without waiting for the lock: {err.read_text(encoding='utf-8')}"
        assert time.monotonic() < deadline, "the processes never reached the lock"
        time.sleep(0.05)


def unsettle(root: Path, turn: int) -> None:
    """Make the published files differ from what a build writes, a different way each
    round: one CSV altered, another removed (then new in the next release)."""
    csvs = sorted((root / "data").glob("*.csv"))
    altered, removed = csvs[turn % len(csvs)], csvs[(turn + 1) % len(csvs)]
    altered.write_bytes(altered.read_bytes() + b"not,a,row\n")
    if removed != altered:
        removed.unlink()


def test_concurrent_builds_take_turns_and_publish_what_one_build_does(package, capsys, tmp_path):
    assert run(capsys, "build", "--root", str(package))[0] == 0  # serially: the expected release
    expected = snapshot(package)
    waited = 0
    for turn in range(ROUNDS):
        unsettle(package, turn)
        errs = [tmp_path / f"build-{turn}-{n}.err" for n in range(BUILDS)]
        with holding_lock(package):  # every build starts while the lock is taken: they must overlap
            processes = [start(package, err, "build") for err in errs]
            wait_for_waiting(processes, errs)
        for process, err in zip(processes, errs):
            assert process.wait(timeout=WAIT_S) == 0, err.read_text(encoding="utf-8")
            waited += locking.WAITING in err.read_text(encoding="utf-8")
        assert snapshot(package) == expected, f"round {turn}: the published files differ from a serial build's"
        assert not (package / release.STAGING).exists()
        assert lock_is_free(package) and (package / locking.LOCK).is_file()
    assert waited == BUILDS * ROUNDS


def test_a_symlinked_lock_is_refused_and_not_followed(package, capsys, tmp_path, monkeypatch):
    before = snapshot(package)
    elsewhere = tmp_path / "elsewhere"
    (package / locking.LOCK).symlink_to(elsewhere)
    import scripts.site.build

    monkeypatch.setattr(scripts.site.build, "generate", lambda root: pytest.fail("docs went on past a refused lock"))
    for command in ("build", "docs"):
        code, _, err = run(capsys, command, "--root", str(package))
        assert code == 2
        assert f"{package / locking.LOCK} is a symbolic link: refusing to follow it" in err
        assert "Traceback" not in err
    assert not os.path.lexists(elsewhere)
    assert (package / locking.LOCK).is_symlink()
    assert snapshot(package) == before
    assert not (package / release.STAGING).exists()


def test_recovery_waits_for_a_running_build_and_leaves_its_staging_alone(package, capsys, tmp_path):
    assert run(capsys, "build", "--root", str(package))[0] == 0
    before = snapshot(package)
    staged = {relative: content + b"\n" for relative, content in before.items() if relative.endswith(".csv")}
    err = tmp_path / "check.err"
    with holding_lock(package):  # a build is running: it has staged its release and not yet installed it
        staging = release.stage(package, staged)
        check = start(package, err, "check")
        wait_for_waiting([check], [err])
        time.sleep(0.3)
        assert check.poll() is None
        assert {p.relative_to(staging / "new").as_posix(): p.read_bytes()
                for p in (staging / "new").rglob("*") if p.is_file()} == staged
    # the build dies without finishing, which releases the lock: its staging folder is now
    # an interrupted build's, for the waiting check to discard
    assert check.wait(timeout=WAIT_S) == 0, err.read_text(encoding="utf-8")
    assert "note: an interrupted build had not finished writing: it was discarded" in err.read_text(encoding="utf-8")
    assert not (package / release.STAGING).exists()
    assert snapshot(package) == before


def test_docs_reads_the_package_holding_the_lock(package, capsys, monkeypatch):
    import scripts.site.build

    seen = []
    monkeypatch.setattr(scripts.site.build, "generate", lambda root: seen.append(lock_is_free(root)))
    assert run(capsys, "docs", "--root", str(package))[0] == 0
    assert seen == [False]
    assert lock_is_free(package)


def test_a_staging_folder_emptied_during_install_deletes_no_published_file(package, capsys, monkeypatch):
    """What a second build did to the first before the lock: it emptied the staging folder
    while the first was renaming its files into place. The rollback then must delete
    nothing it did not place, and must not claim the previous release is back."""
    assert run(capsys, "build", "--root", str(package))[0] == 0
    before = snapshot(package)
    original = os.replace
    staged = package / release.STAGING / "new"
    renamed = []

    def replace(source, target):
        if Path(source).is_relative_to(staged):
            renamed.append(source)
            if len(renamed) == 2:  # the first file is in place; the second's staged copy is gone
                shutil.rmtree(package / release.STAGING)
        return original(source, target)

    monkeypatch.setattr(release.os, "replace", replace)
    code, _, err = run(capsys, "build", "--root", str(package))
    monkeypatch.undo()
    assert code == 2
    assert "the previous release is left as it was" not in err
    assert "no longer kept" in err
    assert snapshot(package) == before  # every file still there (the one replaced has the same bytes)
    assert not (package / release.STAGING).exists()
