"""The gate: a rendered package is validated as its readers will read it before it is
installed (`make build`) or called up to date (`make check`).

Two validators: the package's own verifier (scripts/publish/verify.py: sizes, hashes,
headers, row shapes, types, constraints, primary and foreign keys, as SQL in DuckDB) and
frictionless-py's `validate`, the reference. `check` passes the package through the
verifier; `build` through the verifier and then frictionless, so that what it installs
has passed both. The verifier reports every kind of error frictionless reports (the
tests plant each kind and compare), so a package `check` accepts is one `build` installs.
A verdict is remembered by the package's bytes (scripts/publish/verdicts.py): the same
bytes are not validated twice.
"""

from __future__ import annotations

import functools
import hashlib
import tempfile
from importlib.metadata import version
from pathlib import Path

from scripts.publish import verdicts
from scripts.publish.verify import verify


def frictionless(folder: Path) -> list[str]:
    """frictionless's own validation of the package in `folder`; its errors, if any."""
    from frictionless import validate  # a second of imports: only when a build needs it

    report = validate(str(folder / "datapackage.yaml"))
    if report.valid:
        return []
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + \
           [error.message for error in report.errors]


@functools.lru_cache(maxsize=1)
def own_version() -> str:
    """The verifier's code, as a hash: a verdict holds for the code that gave it."""
    here = Path(__file__).parent
    return hashlib.sha256(b"".join((here / name).read_bytes() for name in ("verify.py", "verify_sql.py"))).hexdigest()[:16]


def validators(thorough: bool) -> list[tuple[str, object]]:
    """(name with version, validate) of each validator the gate runs, in order."""
    out = [(f"own-{own_version()}", verify)]
    if thorough:
        out.append((f"frictionless-{version('frictionless')}", frictionless))
    return out


def gate_folder(folder: Path, package: str | None, thorough: bool) -> list[str]:
    """The failures of the package written in `folder`; with its digest (`package`, from
    verdicts.digest), a verdict remembered for the same bytes stands, and a pass is remembered."""
    for name, validate in validators(thorough):
        if package and verdicts.passed_before(name, package):
            continue
        failures = validate(folder)
        if failures:
            return failures
        if package:
            verdicts.remember_pass(name, package)
    return []


def gate_files(files: dict[str, bytes], thorough: bool = False, sums: dict[str, str] | None = None) -> list[str]:
    """The gate's failures for a package not staged in any tree (what `check` runs): the
    files are written to a temporary folder outside the package and validated there. With
    the files' hashes (`sums`, from verdicts.hashes), verdicts are remembered; without, none."""
    package = verdicts.digest(sums) if sums is not None else None
    if package and all(verdicts.passed_before(name, package) for name, _ in validators(thorough)):
        return []
    with tempfile.TemporaryDirectory(prefix="srt-gate-") as folder:
        for relative, content in files.items():
            path = Path(folder) / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        return gate_folder(Path(folder), package, thorough)

