"""Fault injection: a build that dies at any point, or cannot write, leaves the
published package either fully old or fully new, never a mix."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.publish import install as release
from scripts.schema.registry import ROOT
from tests.helpers import FIXTURES, X, run


def published(root: Path) -> dict[str, bytes]:
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "data").glob("*.csv")}
    for name in ("datapackage.yaml", "datapackage.json"):
        files[name] = (root / name).read_bytes()
    return files


class Crash(BaseException):
    """Stands for the process dying: nothing after it runs, no handler catches it."""


@pytest.fixture
def releases(tmp_path: Path, capsys):
    """A package with an old release on disk, an edited entry, and the new release it gives."""
    root = tmp_path / "pkg"
    shutil.copytree(FIXTURES, root / "data")
    assert run(capsys, "build", "--root", str(root))[0] == 0
    old = published(root)
    entry = root / "data" / "sources" / f"{X}.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("activity: telecom\n", "activity: Telecom\n"),
                     encoding="utf-8")
    other = tmp_path / "other"
    shutil.copytree(root, other)
    assert run(capsys, "build", "--root", str(other))[0] == 0
    new = published(other)
    assert new != old and new.keys() == old.keys()
    return root, old, new


def crash_on(monkeypatch, target, name: str, at: int) -> None:
    original = getattr(target, name)
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == at:
            raise Crash(f"{name} #{at}")
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, wrapper)


@pytest.mark.parametrize("step, at", [("replace", n) for n in range(1, 12)] + [("link", n) for n in (1, 5, 9)]
                         + [("fsync", n) for n in (1, 5, 9, 10)])
def test_crash_at_each_step_leaves_old_or_new(releases, capsys, monkeypatch, step, at):
    root, old, new = releases
    with monkeypatch.context() as patch:
        crash_on(patch, release.os, step, at)
        try:
            run(capsys, "build", "--no-cache", "--root", str(root))  # no cache writes: count only the release's steps
        except Crash:
            pass
    # the next run of the tool finishes or discards the interrupted build
    code, _, err = run(capsys, "check", "--root", str(root))
    after = published(root)
    assert after in (old, new), f"mixed release after a crash at {step} #{at}"
    assert not (root / release.STAGING).exists()
    if after == old and step == "replace" and at > 1:
        pytest.fail("a crash after the commit marker must complete the new release")


KILLS = 20  # real kills a run (tests/README.md: budgets); each a build killed at a random moment, then recovered


def test_killed_at_random_points(releases, capsys):
    """At least 20 real kills (SIGKILL) of `build` at random moments."""
    root, old, new = releases
    command = [sys.executable, "-m", "scripts", "build", "--root", str(root)]
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)  # installs the new release once, to time it
    duration = time.monotonic() - started
    outcomes = {"old": 0, "new": 0}
    chooser = random.Random(20261123)
    for _ in range(KILLS):
        # put the old release back, then kill a build somewhere in its run
        for relative, content in old.items():
            (root / relative).write_bytes(content)
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chooser.uniform(0.2, duration * 1.05))
        process.send_signal(signal.SIGKILL)
        process.wait()
        run(capsys, "check", "--root", str(root))  # recovery
        after = published(root)
        assert after in (old, new)
        outcomes["old" if after == old else "new"] += 1
        assert not (root / release.STAGING).exists()
    assert sum(outcomes.values()) == KILLS


@pytest.mark.parametrize("step, at, error", [
    ("fsync", 3, errno.ENOSPC),   # the disk fills while the new release is written
    ("replace", 4, errno.EROFS),  # the folder turns read-only half-way through the renames
    ("link", 1, errno.EACCES),
])
def test_write_error_keeps_the_old_release_and_says_so(releases, capsys, monkeypatch, step, at, error):
    root, old, _ = releases
    original = getattr(release.os, step)
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == at:
            raise OSError(error, os.strerror(error), "data/trade.csv")
        return original(*args, **kwargs)

    monkeypatch.setattr(release.os, step, failing)
    code, out, err = run(capsys, "build", "--no-cache", "--root", str(root))
    assert code == 2
    assert err.strip() == f"could not write the package ({os.strerror(error)}: data/trade.csv); " \
                          "the previous release is left as it was"
    assert published(root) == old
    assert not (root / release.STAGING).exists()
