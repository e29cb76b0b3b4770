"""Verify a published package from its own files: `datapackage.json` and the CSVs it lists.

    python -m scripts verify [--root DIR]

It finds the kinds of error `frictionless validate` finds — a file whose size or SHA-256
differs from the descriptor, a header that is not the schema's, a row with too few or too
many cells, a cell that is not of its field's type or breaks a constraint (required,
enum, pattern, length, minimum, maximum, unique), a repeated primary key and a foreign key
with nothing to point at — and reports each as `path:line: field: problem`.

The Table Schemas in the descriptor are translated into SQL and run by DuckDB, which reads
the CSVs in parallel: one pass per table finds whether any row breaks a rule and keeps the
key columns; only when a table has a bad row is it read again to say which cell and why.
A schema keyword this translation does not know is reported as an error, never skipped.

It is stricter than frictionless where the published format is: numbers and integers in
plain notation (frictionless, reading as Python does, takes " 12" and "1_000"), patterns
matched in full (frictionless's `$` lets a final newline through), URIs without spaces.
"""

from __future__ import annotations

import csv
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.core.files import resource_problems
from scripts.publish.verify_sql import (
    KNOWN_SCHEMA_KEYS,
    Unsupported,
    describe,
    field_rules,
    ident,
    key_sql,
    problem_sql,
    text,
)
from scripts.publish.verify_texts import verify_texts

REPORT_AT_MOST = 200  # problems reported per rule and table; the count says how many more


class Table:
    """One resource of the package: its file, schema and the SQL that checks its rows."""

    def __init__(self, root: Path, resource: dict):
        self.name = resource["name"]
        self.path = resource["path"]
        self.file = root / self.path
        self.resource = resource
        schema = resource.get("schema", {})
        unknown = set(schema) - KNOWN_SCHEMA_KEYS
        if unknown:
            raise Unsupported(f"resource {self.name}: schema keyword(s) {describe(sorted(unknown))}")
        for key in ("dialect", "layout", "compression"):
            if key in resource:
                raise Unsupported(f"resource {self.name}: {key}")
        if resource.get("encoding", "utf-8").lower() not in ("utf-8", "utf8"):
            raise Unsupported(f"resource {self.name}: encoding {resource['encoding']}")
        self.fields = schema.get("fields", [])
        self.columns = [field["name"] for field in self.fields]
        rules = {field["name"]: field_rules(field) for field in self.fields}
        self.problems = {field["name"]: sql for field in self.fields if (sql := problem_sql(field, rules[field["name"]]))}
        # the same rules as one condition, true when any cell of the row breaks one (NULL counts as false)
        self.bad = " OR ".join(
            [f"{ident(field['name'])} IS NULL" for field in self.fields if field.get("constraints", {}).get("required")]
            + [f"({condition})" for field in self.fields for condition, _ in rules[field["name"]]]) or "false"
        primary = schema.get("primaryKey", [])
        self.primary_key = [primary] if isinstance(primary, str) else list(primary)
        self.unique = [[field["name"]] for field in self.fields if field.get("constraints", {}).get("unique")]
        self.foreign_keys = schema.get("foreignKeys", [])
        self.lines: list[int] | None = None

    def scan(self) -> str:
        """read_csv over the file with every column as text, as the schema names them."""
        columns = "{" + ", ".join(f"{text(name)}: 'VARCHAR'" for name in self.columns) + "}"
        return (f"read_csv({text(str(self.file))}, columns = {columns}, header = true, auto_detect = false, "
                f"delim = ',', quote = '\"', escape = '\"', strict_mode = true, null_padding = false)")

    def rows(self):
        """(line, cells) of every row after the header, as Python's csv module reads them."""
        with self.file.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            start = 1
            for number, cells in enumerate(reader):
                if number:
                    yield start, cells
                start = reader.line_num + 1

    def line(self, row: int) -> int:
        """The line on which data row `row` (0 = the first after the header, as DuckDB
        numbers them: blank lines skipped) starts."""
        if self.lines is None:
            self.lines = [line for line, cells in self.rows() if cells]
        return self.lines[row] if row < len(self.lines) else row + 2


def check_header(table: Table) -> list[str]:
    """The file is there and its first row names the schema's fields, in order."""
    if not table.file.is_file():
        return [f"{table.path}: the file is missing"]
    with table.file.open("rb") as handle:
        first = handle.readline()
    try:
        header = next(csv.reader([first.decode("utf-8").rstrip("\r\n")]), [])
    except UnicodeDecodeError as failure:
        return [f"{table.path}:1: the header is not UTF-8 ({failure.reason})"]
    if header != table.columns:
        return [f"{table.path}:1: the header is {describe(header)}; the schema's fields are {describe(table.columns)}"]
    return []


def shape_problems(table: Table) -> list[str]:
    """Blank rows and rows with too few or too many cells, every one of them."""
    errors = []
    try:
        for line, cells in table.rows():
            if not cells or not any(cells):
                errors.append(f"{table.path}:{line}: a blank row")
            elif len(cells) != len(table.columns):
                errors.append(f"{table.path}:{line}: {len(cells)} cells, the header has {len(table.columns)}")
    except (UnicodeDecodeError, csv.Error) as failure:
        errors.append(f"{table.path}: cannot be read as UTF-8 CSV ({failure})")
    return errors


def check_file(table: Table) -> list[str]:
    """Size and hash against the descriptor; blank rows, which DuckDB skips without a word."""
    if not table.file.is_file():
        return []
    data = table.file.read_bytes()
    errors = []
    if "bytes" in table.resource and len(data) != table.resource["bytes"]:
        errors.append(f"{table.path}: {len(data)} bytes, the descriptor says {table.resource['bytes']}")
    if "hash" in table.resource:
        algorithm, _, expected = table.resource["hash"].rpartition(":")
        actual = hashlib.new(algorithm or "md5", data).hexdigest()
        if actual != expected:
            errors.append(f"{table.path}: its {algorithm or 'md5'} is {actual}, the descriptor says {expected}")
    if b"\n\n" in data or b"\n\r\n" in data or data.startswith((b"\n", b"\r\n")):
        # a blank line, or an empty line inside a quoted cell: only a real reading tells them apart
        errors += [error for error in shape_problems(table) if error.endswith(": a blank row")]
    return errors


def verify(root: Path, only: set[str] | None = None, references: set[tuple[str, int]] | None = None) -> list[str]:
    """Every problem of the package at `root`. With `only`, the tables named are the ones
    read and checked (their files, rows and keys), and with `references`, the foreign keys
    checked are those listed, as (table, index among its foreignKeys), of tables read: what
    scripts/publish/gate.py has not seen pass before. A foreign key naming a table the
    package does not have is reported whatever is asked. Where the package holds its archived
    texts (and without `only`), the evidence is compared with them too
    (scripts/publish/verify_texts.py)."""
    import duckdb

    root = Path(root)
    descriptor_path = root / "datapackage.json"
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        unsafe = resource_problems(descriptor["resources"])  # a file out of the package is never read
        if unsafe:
            return unsafe
        tables = {resource["name"]: Table(root, resource) for resource in descriptor["resources"]}
    except (OSError, ValueError, KeyError, TypeError) as failure:
        return [f"datapackage.json: cannot be read as a package descriptor ({failure})"]
    except Unsupported as failure:
        return [f"datapackage.json: {failure} — scripts/publish/verify.py cannot check this; extend it first"]

    selected = [table for name, table in tables.items() if only is None or name in only]
    database = duckdb.connect()
    errors: list[str] = [f"{table.path}: a symbolic link, not a file of the package: not read" for table in selected
                         if any(part.is_symlink() for part in (table.file, *table.file.parents) if root in part.parents)]
    selected = [table for table in selected if not any(error.startswith(f"{table.path}: a symbolic link") for error in errors)]
    readable: dict[str, Table] = {}
    # DuckDB and hashing let go of the GIL while they work: two tables at a time, the hashes and the texts meanwhile
    with ThreadPoolExecutor(max_workers=2) as pool, ThreadPoolExecutor(max_workers=1) as hashing, \
            ThreadPoolExecutor(max_workers=1) as reading:
        texts = reading.submit(verify_texts, root, descriptor) if only is None else None
        sums = hashing.map(check_file, selected)
        checked = pool.map(lambda table: check_table(database, tables, table), selected)
        for table, (ok, found) in zip(selected, checked):
            errors += found
            if ok:
                readable[table.name] = table
        errors += [error for found in sums for error in found]
    errors += check_references(database, tables, readable, references)
    return errors + (texts.result() if texts else [])


def check_table(database, tables: dict[str, Table], table: Table) -> tuple[bool, list[str]]:
    """Whether the table could be read, and what is wrong in it (keys to other tables aside)."""
    import duckdb

    header = check_header(table)
    if header:
        return False, header  # a table without the schema's columns cannot be read by them
    cursor = database.cursor()  # one a thread
    keep = {column for key in table.unique + [table.primary_key] for column in key}
    keep |= {column for key in table.foreign_keys for column in key["fields"]}
    keep |= {column for other in tables.values() for key in other.foreign_keys
             if key["reference"].get("resource") == table.name for column in key["reference"]["fields"]}
    selected = ", ".join([ident(column) for column in table.columns if column in keep]
                         + [f"coalesce({table.bad}, false) AS __bad"])
    try:
        cursor.execute(f"CREATE TABLE {ident(table.name)} AS SELECT {selected} FROM {table.scan()}")
    except duckdb.Error as failure:
        shape = [error for error in shape_problems(table) if not error.endswith(": a blank row")]
        return False, shape or [f"{table.path}: cannot be read as CSV: {' '.join(str(failure).split())[:300]}"]
    errors = []
    if cursor.execute(f"SELECT count(*) FROM {ident(table.name)} WHERE __bad").fetchone()[0]:
        errors += cell_problems(cursor, table)
    keys = ([table.primary_key] if table.primary_key else []) + \
        [key for key in table.unique if key != table.primary_key]
    for key in keys:
        errors += duplicates(cursor, table, key, primary=key == table.primary_key)
    return True, errors


def check_references(database, tables: dict[str, Table], readable: dict[str, Table],
                     references: set[tuple[str, int]] | None = None) -> list[str]:
    """Every foreign key of the readable tables (or those in `references`) points at a row
    that is there; every foreign key points at a table the package has."""
    errors = []
    for name, table in tables.items():
        for index, key in enumerate(table.foreign_keys):
            target = key["reference"].get("resource") or name
            if target not in tables:
                errors.append(f"{table.path}: foreign key {describe(key['fields'])} points at {target}, "
                              "which the package does not have")
            elif name in readable and target in readable and (references is None or (name, index) in references):
                errors += missing_references(database, table, key["fields"], target, key["reference"]["fields"])
    return errors


def cell_problems(database, table: Table) -> list[str]:
    """Read the table again, whole, and say which cells break which rule."""
    full = ident(f"{table.name}__full")
    database.execute(f"CREATE TABLE {full} AS SELECT * FROM {table.scan()}")
    errors = []
    for column, sql in table.problems.items():
        rows = database.execute(f"SELECT rowid, {ident(column)}, {sql} AS problem FROM {full} "
                                f"WHERE problem IS NOT NULL ORDER BY rowid LIMIT {REPORT_AT_MOST + 1}").fetchall()
        for row, value, problem in rows[:REPORT_AT_MOST]:
            shown = "" if value is None else f"`{value}` "
            errors.append(f"{table.path}:{table.line(row)}: {column}: {shown}{problem}")
        if len(rows) > REPORT_AT_MOST:
            count = database.execute(f"SELECT count(*) FROM {full} WHERE ({sql}) IS NOT NULL").fetchone()[0]
            errors.append(f"{table.path}: {column}: {count - REPORT_AT_MOST} more rows like these")
    database.execute(f"DROP TABLE {full}")
    return errors


def duplicates(database, table: Table, key: list[str], primary: bool) -> list[str]:
    columns = key_sql(key)
    rows = database.execute(
        f"SELECT {columns}, list(rowid ORDER BY rowid) FROM {ident(table.name)} "
        f"WHERE {' AND '.join(ident(column) + ' IS NOT NULL' for column in key)} "
        f"GROUP BY ALL HAVING count(*) > 1 ORDER BY min(rowid) LIMIT {REPORT_AT_MOST}").fetchall()
    what = "primary key" if primary else "unique field"
    errors = []
    for *values, positions in rows:
        lines = ", ".join(str(table.line(row)) for row in positions)
        errors.append(f"{table.path}:{table.line(positions[1])}: {describe(key)}: `{describe(values)}` breaks the "
                      f"uniqueness of the {what}: it is on lines {lines}")
    return errors


def missing_references(database, table: Table, fields: list[str], target: str, reference: list[str]) -> list[str]:
    join = " AND ".join(f"a.{ident(mine)} = r.{ident(theirs)}" for mine, theirs in zip(fields, reference))
    rows = database.execute(
        f"SELECT a.rowid, {key_sql(fields, 'a')} FROM {ident(table.name)} a "
        f"WHERE {' AND '.join('a.' + ident(column) + ' IS NOT NULL' for column in fields)} "
        f"AND NOT EXISTS (SELECT 1 FROM {ident(target)} r WHERE {join}) "
        f"ORDER BY a.rowid LIMIT {REPORT_AT_MOST}").fetchall()
    return [f"{table.path}:{table.line(row)}: {describe(fields)}: `{describe(values)}` is not in "
            f"{target}.{describe(reference)} (foreign key)" for row, *values in rows]
