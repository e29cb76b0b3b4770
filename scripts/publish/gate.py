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

`check` goes further, part by part: what the verifier finds in a table depends only on
the table's bytes and its resource in the descriptor (which carries its size, hash and
schema), and what it finds for a foreign key only on the table's bytes and the ids of the
table it points at. Each part that passed is remembered by the hash of what it depends
on (for the ids, scripts/publish/tables.py's key_sets), and only the parts not seen pass
before are verified: after one entry's notes are edited, sources.csv alone, not the
112 MB of evidence whose foreign key to it still holds.
"""

from __future__ import annotations

import functools
import hashlib
import json
import tempfile
from importlib.metadata import version
from pathlib import Path

from scripts.core.files import sha256_hex
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


def gate_files(files: dict[str, bytes], thorough: bool = False, sums: dict[str, str] | None = None,
               keys: dict[tuple[str, tuple[str, ...]], str] | None = None) -> list[str]:
    """The gate's failures for a package not staged in any tree (what `check` runs): the
    files are written to a temporary folder outside the package and validated there. With
    the files' hashes (`sums`, from verdicts.hashes), verdicts are remembered, of the whole
    package and, for the package's own verifier, of each part (with `keys`, the tables'
    key_sets); without, none."""
    package = verdicts.digest(sums) if sums is not None else None
    if package and all(verdicts.passed_before(name, package) for name, _ in validators(thorough)):
        return []
    if package and not thorough:
        parts = _parts(files, keys or {})
        if parts is not None:
            return _gate_parts(files, package, *parts)
    with tempfile.TemporaryDirectory(prefix="srt-gate-") as folder:
        _write(Path(folder), files, files)
        return gate_folder(Path(folder), package, thorough)


def _write(folder: Path, files: dict[str, bytes], wanted) -> None:
    for relative in wanted:
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[relative])


def _hash(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _parts(files: dict[str, bytes], keys: dict[tuple[str, tuple[str, ...]], str]) \
        -> tuple[dict[str, tuple[str, str]], dict[tuple[str, int], tuple[str, str, str]]] | None:
    """Each table (name -> (its part's hash, its path)) and foreign key ((table, index) ->
    (its part's hash, the table, the table it points at)) of the package; None when the
    descriptor cannot be read so (the whole package is then verified, which says why)."""
    version = f"own-{own_version()}"
    try:
        resources = {resource["name"]: resource for resource in json.loads(files["datapackage.json"])["resources"]}
        paths = {name: resource["path"] for name, resource in resources.items()}
        if any(not isinstance(path, str) or path not in files for path in paths.values()):
            return None
        # the file's own bytes, not only the size and hash its resource claims
        tables = {name: (_hash(version, json.dumps(resource, sort_keys=True), sha256_hex(files[paths[name]])), paths[name])
                  for name, resource in resources.items()}
        references = {}
        for name, resource in resources.items():
            for index, key in enumerate(resource.get("schema", {}).get("foreignKeys", [])):
                target = key["reference"].get("resource") or name
                fields = key["reference"]["fields"]
                fields = (fields,) if isinstance(fields, str) else tuple(fields)
                if target in tables:
                    ids = keys.get((target, fields)) or "table " + tables[target][0]
                    references[(name, index)] = (_hash(version, tables[name][0], json.dumps(key, sort_keys=True),
                                                       target, ids), name, target)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return tables, references


def _gate_parts(files: dict[str, bytes], package: str, tables: dict[str, tuple[str, str]],
                references: dict[tuple[str, int], tuple[str, str, str]]) -> list[str]:
    """The own verifier over the parts of the package it has not seen pass before."""
    name = f"own-{own_version()}"
    passed = verdicts.parts_passed(name)
    todo_tables = {table for table, (key, _) in tables.items() if key not in passed}
    todo_references = {reference for reference, (key, _, _) in references.items() if key not in passed}
    read = todo_tables | {table for reference in todo_references for table in references[reference][1:]}
    failures = []
    if read:
        with tempfile.TemporaryDirectory(prefix="srt-gate-") as folder:
            _write(Path(folder), files, ["datapackage.json"] + [tables[table][1] for table in sorted(read)])
            failures = verify(Path(folder), only=read, references=todo_references)
    if failures:
        return failures
    verdicts.remember_parts(name, [tables[table][0] for table in sorted(read)]
                            + [references[reference][0] for reference in sorted(todo_references)])
    verdicts.remember_pass(name, package)
    return []
