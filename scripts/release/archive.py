"""The release: one archive to download and cite, and typed copies for analysts, all
built from the published package (datapackage.json and the files it names) alone.

    python -m scripts release [--root DIR] [--out DIR]      # make release

writes into `--out` (default build/release):

- `silk-road-ties-<version>.zip`: the package (datapackage.json and .yaml, every CSV),
  the archived texts at the paths `sources.text_path` and `text_versions.text_path` name
  (every version of an amended article), the citation files, what
  the release changed since the one before it (`changes.json`, `changes.md`: `make
  diff`), and the project's README, licence, changelog and docs/using.md; datapackage.json is at
  its top, so that frictionless reads the zip as it is (`Package("<archive>.zip")`).
  It validates wherever it is unzipped, and its quotes can be checked against its texts.
- `parquet/<table>.parquet`: every table with the column types of its Table Schema.
- `silk-road-ties-<version>.sqlite`: every table with its types, primary and foreign
  keys, and the views of schemas/views.sql.

The same package always gives the same bytes: entries are written in a fixed order,
dated to the release date, and nothing records when or where the build ran.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import zipfile
from pathlib import Path
from typing import Any, Iterator

from scripts.core.files import SOURCE_ID, Unsafe, package_path, read_regular, resource_problems, write_replacing
from scripts.publish import citation, history
from scripts.publish.history import HistoryError
from scripts.publish.snapshot import SnapshotError
from scripts.publish.tables import ARCHIVE_SERVICE, CITATIONS, csv_rows
from scripts.release import changes
from scripts.schema.registry import ROOT, SCHEMA_DIR, source_table, versions_table

# What each Table Schema type becomes in a typed copy.
SQLITE_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT"}
PROJECT_FILES = ("README.md", "LICENSE", "CHANGELOG.md", "docs/using.md")  # from the project, for any package
MAX_FILE = 1 << 30  # a published file larger than this is refused, never read whole
TEXT_PATH = re.compile(rf"data/sources/{SOURCE_ID.pattern}(?:\.v[1-9][0-9]*)?\.txt")  # a text, or a later version of it


class ReleaseError(Exception):
    """The package cannot be released as it is: the message says which file and why."""


NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")  # the package's name and version become file names
VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?")
CREATED = re.compile(r"(19[89][0-9]|2[0-9]{3})-[0-9]{2}-[0-9]{2}T.*")  # a zip entry cannot be dated before 1980


def _package(root: Path) -> dict[str, Any]:
    try:
        package = json.loads(read_regular(root / "datapackage.json", MAX_FILE, within=root).decode("utf-8"))
    except (OSError, Unsafe, ValueError) as error:
        raise ReleaseError(f"datapackage.json: cannot be read ({error}); run `make build` first") from None
    for key, form in (("name", NAME), ("version", VERSION), ("created", CREATED)):
        if not isinstance(package.get(key), str) or not form.fullmatch(package[key]) or ".." in package[key]:
            raise ReleaseError(f"datapackage.json: `{key}` is {json.dumps(package.get(key))[:80]}, not of the form "
                               f"{form.pattern} (set it in schemas/package.yaml)")
    unsafe = resource_problems(package.get("resources"))  # a name or path out of the package is never read
    if unsafe:
        raise ReleaseError("\n".join(unsafe))
    return package


def _read(root: Path, relative: str) -> bytes:
    try:
        return read_regular(root / relative, MAX_FILE, within=root)
    except (OSError, Unsafe) as error:
        raise ReleaseError(f"{relative}: {error}; nothing of it is copied") from None


def contents(root: Path, package: dict[str, Any]) -> dict[str, bytes]:
    """Every file of the archive, by its path in the package."""
    files = {"datapackage.json": _read(root, "datapackage.json"), "datapackage.yaml": _read(root, "datapackage.yaml")}
    text_tables = {table.name for table in (source_table(), versions_table()) if table}  # their rows name the texts
    for resource in package["resources"]:
        files[resource["path"]] = _read(root, resource["path"])
        for row in csv_rows(files[resource["path"]]) if resource["name"] in text_tables else []:
            try:
                path = package_path(row.get("text_path", ""), TEXT_PATH, "data/sources/<source id>[.v<version>].txt")
            except Unsafe as error:
                raise ReleaseError(f"{resource['path']}: text_path {error.message} — {error.fix}") from None
            files[path] = _read(root, path)
    for relative in CITATIONS + ARCHIVE_SERVICE:
        files[relative] = _read(root, relative)
    for relative in PROJECT_FILES:  # from the project (its checkout), each a plain file inside it
        files[relative] = citation.as_archived(relative, _read(ROOT, relative))  # its citation: of this version
    try:  # what this release changed, beside the package (scripts/release/changes.py)
        files.update(changes.for_release(root))
    except (SnapshotError, HistoryError) as error:
        raise ReleaseError(f"the changes since the last release cannot be worked out: {error}") from None
    return files


def write_archive(package: dict[str, Any], files: dict[str, bytes], out: Path) -> Path:
    stamp = tuple(int(part) for part in str(package["created"])[:10].split("-")) + (0, 0, 0)
    target = out / f"{package['name']}-{package['version']}.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # datapackage.json at the top: frictionless reads the zip itself
        for relative, content in sorted(files.items()):
            info = zipfile.ZipInfo(relative, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content, compresslevel=9)
    _write(target, buffer.getvalue())
    return target


def _plain_folder(path: Path) -> None:
    """A folder the release writes in or through: absent, or a folder that is not a link."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise ReleaseError(f"{path}: not a plain folder (a link or a file); remove it, then release again")


def _folder(path: Path) -> None:
    """Make the output folder; a link or a non-folder on its way is refused, never followed."""
    _plain_folder(path)
    if not path.exists():
        _folder(path.parent)
        path.mkdir()


def _write(path: Path, content: bytes) -> None:
    """Write a file of the release: through a new temporary file beside it (never through a
    link left there), then renamed into place."""
    _folder(path.parent)
    try:
        write_replacing(path, content)
    except OSError as error:
        raise ReleaseError(f"{path}: cannot be written ({error.strerror})") from None


def _typed(field: dict[str, Any], text: str) -> Any:
    """A CSV cell as the Table Schema types it (None for an empty cell)."""
    if text == "":
        return None
    kind = field["type"]
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return {"true": True, "false": False}[text]
    return text


def typed_rows(resource: dict[str, Any], content: bytes) -> Iterator[list[Any]]:
    """A resource's rows, typed, one at a time: a table is never held whole as Python
    values (evidence.csv has a row per binding, several a record)."""
    rows = csv.reader(io.TextIOWrapper(io.BytesIO(content), encoding="utf-8", newline=""))  # decoded as read
    header = next(rows, [])
    at = [(header.index(f["name"]), f) for f in resource["schema"]["fields"]]
    for row in rows:
        yield [_typed(f, row[index]) for index, f in at]


def write_parquet(package: dict[str, Any], files: dict[str, bytes], out: Path) -> list[Path]:
    """One Parquet file per table, read from its CSV by Arrow with the schema's types (a
    table at a time, never as Python values: evidence.csv has a row per binding)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    arrow = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
             "date": pa.date32()}
    written = []
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        schema = pa.schema([pa.field(f["name"], arrow[f["type"]], nullable=not f.get("constraints", {}).get("required"),
                                     metadata={"description": f.get("description", "")}) for f in fields],
                           metadata={"title": resource.get("title", ""), "description": resource.get("description", "")})
        # read in blocks of a fixed size, on one thread: the same bytes always make the same Parquet
        read = pacsv.read_csv(io.BytesIO(files[resource["path"]]), pacsv.ReadOptions(use_threads=False, block_size=1 << 20),
                              pacsv.ParseOptions(newlines_in_values=True),
                              pacsv.ConvertOptions(column_types={f["name"]: arrow[f["type"]] for f in fields},
                                                   include_columns=[f["name"] for f in fields], null_values=[""],
                                                   strings_can_be_null=True, true_values=["true"],
                                                   false_values=["false"]))  # an empty cell is a null, as _typed has it
        table = pa.Table.from_arrays(read.columns, schema=schema)
        buffer = io.BytesIO()
        pq.write_table(table, buffer, compression="zstd", write_statistics=True)
        target = out / "parquet" / f"{resource['name']}.parquet"
        _write(target, buffer.getvalue())
        written.append(target)
    pa.default_memory_pool().release_unused()  # Arrow keeps what it freed for later: the site's pages come next
    return written


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_statements(resource: dict[str, Any], referenced: list[tuple[str, ...]] = ()) -> str:
    """The table, with the column sets foreign keys point at (`referenced`) unique, as SQLite asks."""
    schema = resource["schema"]
    lines = []
    for f in schema["fields"]:
        constraints = f.get("constraints", {})
        lines.append(f"  {_quote(f['name'])} {SQLITE_TYPES[f['type']]}" + (" NOT NULL" if constraints.get("required") else ""))
    key = schema.get("primaryKey", [])
    key = [key] if isinstance(key, str) else key
    if key:
        lines.append(f"  PRIMARY KEY ({', '.join(map(_quote, key))})")
    lines += [f"  UNIQUE ({', '.join(map(_quote, cols))})" for cols in dict.fromkeys(referenced) if list(cols) != key]
    for foreign in schema.get("foreignKeys", []):
        reference = foreign["reference"]
        fields = [foreign["fields"]] if isinstance(foreign["fields"], str) else foreign["fields"]
        others = [reference["fields"]] if isinstance(reference["fields"], str) else reference["fields"]
        lines.append(f"  FOREIGN KEY ({', '.join(map(_quote, fields))}) REFERENCES "
                     f"{_quote(reference['resource'] or resource['name'])} ({', '.join(map(_quote, others))})")
    return f"CREATE TABLE {_quote(resource['name'])} (\n" + ",\n".join(lines) + "\n);"


def views() -> str:
    """The views of the release database (schemas/views.sql)."""
    return read_regular(SCHEMA_DIR / "views.sql", MAX_FILE, within=ROOT).decode("utf-8")


def view_names() -> list[str]:
    return re.findall(r"^CREATE VIEW (\w+)", views(), flags=re.M)


def write_database(package: dict[str, Any], files: dict[str, bytes], out: Path) -> Path:
    """Built a row at a time in a new file beside the target (never one a link leads to),
    compacted, then renamed into place, like every other file of the release; the database
    is never held whole in memory (evidence.csv has a row per binding)."""
    target = out / f"{package['name']}-{package['version']}.sqlite"
    _folder(target.parent)
    temporary = target.with_name(target.name + ".partial")
    try:
        temporary.unlink(missing_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        os.close(descriptor)  # an empty file of ours, which SQLite fills
        connection = sqlite3.connect(temporary, isolation_level=None)
    except (OSError, sqlite3.Error) as error:
        raise ReleaseError(f"{target}: cannot be written ({error})") from None
    try:
        # a file no one reads until it is renamed: no journal; loaded in publishing order, keys checked at the end
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "foreign_keys = OFF"):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute("BEGIN")
        referenced: dict[str, list[tuple[str, ...]]] = {}  # table -> the column sets foreign keys point at
        for resource in package["resources"]:
            for key in resource["schema"].get("foreignKeys", []):
                fields = key["reference"]["fields"]
                referenced.setdefault(key["reference"]["resource"] or resource["name"], []).append(tuple(
                    [fields] if isinstance(fields, str) else fields))
        for resource in package["resources"]:
            connection.execute(create_statements(resource, referenced.get(resource["name"], [])))
            marks = ", ".join("?" * len(resource["schema"]["fields"]))
            connection.executemany(f"INSERT INTO {_quote(resource['name'])} VALUES ({marks})",
                                   typed_rows(resource, files[resource["path"]]))
        connection.execute("COMMIT")
        connection.executescript(views())
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise ReleaseError(f"the database breaks {len(broken)} foreign key(s), first {broken[0]}; run `make build`")
        connection.execute("VACUUM")
        connection.close()
        os.replace(temporary, target)
    except (OSError, sqlite3.Error, ReleaseError) as error:
        connection.close()
        temporary.unlink(missing_ok=True)
        if isinstance(error, ReleaseError):
            raise
        raise ReleaseError(f"{target}: cannot be written ({error})") from None
    return target


def _no_links(root: Path, out: Path) -> None:
    """A folder inside the package (build/ is ignored by git, yet a pull request can commit
    it) is written only when no folder on the way to it is a link."""
    for base in {root, ROOT}:
        try:
            parts = out.absolute().relative_to(base.absolute()).parts
        except ValueError:
            continue
        for depth in range(1, len(parts) + 1):
            _plain_folder(base / Path(*parts[:depth]))


def build(root: Path = ROOT, out: Path | None = None) -> list[Path]:
    out = out or root / "build" / "release"
    _no_links(root, out / "parquet")  # every folder it writes, before it writes anything
    package = _package(root)
    try:  # a released version, built from other data, would be cited as what it is not
        history.same_as_its_release(root, package)
    except (SnapshotError, HistoryError) as error:
        raise ReleaseError(str(error)) from None
    files = contents(root, package)  # every file read once, then written in each form
    return [write_archive(package, files, out), write_database(package, files, out), *write_parquet(package, files, out)]
