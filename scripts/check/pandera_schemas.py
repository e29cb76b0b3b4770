"""The schema check: pandera schemas derived from schemas/<table>.yaml, run over an
entry's rows at once. Kept apart from the other checks (scripts/check/keys_and_rules.py)
because importing pandas and pandera takes about half a second, which only the processes
that check entries pay: the runner imports this module in its workers.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from scripts.check import cache
from scripts.check.row_schema import FORMULA_START, LIST_ITEM, MESSAGES  # one list of rules' words for both
from scripts.core.problems import Problems, nearest
from scripts.read.entries import Row
from scripts.schema.model import Table
from scripts.schema.registry import SCHEMA_DIR, URI_PATTERN, tables



def _no_formula(series: pd.Series) -> pd.Series:
    return ~series.str.startswith(FORMULA_START).fillna(False).astype(bool)


def _valid_iso_date(series: pd.Series) -> pd.Series:
    def ok(text: Any) -> bool:
        try:
            return dt.date.fromisoformat(text).isoformat() == text
        except (TypeError, ValueError):
            return False
    return series.map(ok)


URI = re.compile(URI_PATTERN)


def _uri(series: pd.Series) -> pd.Series:
    return series.map(lambda text: not isinstance(text, str) or bool(URI.fullmatch(text)))


def _list_items_ok(series: pd.Series) -> pd.Series:
    return series.map(lambda items: isinstance(items, list) and bool(items)
                      and all(isinstance(i, str) and LIST_ITEM.fullmatch(i) for i in items))


def _list_no_formula(series: pd.Series) -> pd.Series:
    return series.map(lambda items: not isinstance(items, list) or not any(
        isinstance(i, str) and i.startswith(FORMULA_START) for i in items))


def schema_key() -> str:
    """What the derived pandera schemas depend on: the schema files, this module and pandera."""
    from importlib.metadata import version

    digest = hashlib.sha256(version("pandera").encode() + Path(__file__).read_bytes())
    for path in sorted(SCHEMA_DIR.glob("*.yaml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=None)
def pandera_schemas() -> dict[str, pa.DataFrameSchema]:
    """Every table's pandera schema. Deriving them needs frictionless (the converter
    reads Table Schemas with it), which takes longer to import than a quick check of
    one entry should; so they are derived once and kept in the project's check cache
    (scripts/check/cache.py), keyed by schema_key()."""
    return cache.kept(cache.PROJECT, f"pandera-{schema_key()}.pickle",
                      lambda: {name: derive_pandera_schema(name) for name in tables()})


def pandera_schema(name: str) -> pa.DataFrameSchema:
    return pandera_schemas()[name]


def derive_pandera_schema(name: str) -> pa.DataFrameSchema:
    """The table's pandera schema, converted from its Table Schema, plus what the
    converter misses: list fields, real dates, nullable integers, URIs and formula cells."""
    from pandera.io.pandas_io import from_frictionless_schema

    table = tables()[name]
    descriptor = table.published_descriptor()
    descriptor.pop("foreignKeys", None)
    lists = {f.name for f in table.fields if f.type == "list"}  # published as strings; checked as lists below
    descriptor["fields"] = [f for f in descriptor["fields"] if f["name"] not in lists]
    schema = from_frictionless_schema(descriptor)
    updates: dict[str, dict[str, Any]] = {}
    extra: dict[str, pa.Column] = {}
    for fld in table.fields:
        if fld.type == "string":
            column = schema.columns[fld.name]
            formats = {"default": [], "uri": [pa.Check(_uri, element_wise=False, name="uri", ignore_na=True)]}
            if fld.descriptor.get("format", "default") not in formats:
                raise ValueError(f"{name}.{fld.name}: format {fld.descriptor['format']} is not checked yet")
            updates[fld.name] = {"checks": formats[fld.descriptor.get("format", "default")] + list(column.checks or [])
                                 + [pa.Check(_no_formula, element_wise=False, name="no_formula", ignore_na=True)]}
        if fld.type == "integer":  # nullable, so that a required one left empty is reported missing, as row by row
            updates[fld.name] = {"dtype": "Int64"}
        elif fld.type == "date":
            updates[fld.name] = {"checks": [pa.Check(_valid_iso_date, element_wise=False, name="iso_date")]}
        elif fld.type == "list":
            extra[fld.name] = pa.Column(object, nullable=not fld.required, name=fld.name,
                                        checks=[pa.Check(_list_items_ok, element_wise=False, name="list_items",
                                                         ignore_na=True),
                                                pa.Check(_list_no_formula, element_wise=False, name="no_formula",
                                                         ignore_na=True)])
    return schema.update_columns(updates).add_columns(extra)


def frame(table: Table, rows: list[Row]) -> pd.DataFrame:
    """The rows as a DataFrame in schema column order (numbers as floats for pandera)."""
    records = []
    for row in rows:
        record = {}
        for fld in table.fields:
            value = row.values.get(fld.name)
            record[fld.name] = float(value) if isinstance(value, Decimal) else value
        records.append(record)
    return pd.DataFrame.from_records(records, columns=table.columns)




def check_schema(table: Table, rows: list[Row], problems: Problems) -> None:
    if not rows:
        return
    try:
        pandera_schema(table.name).validate(frame(table, rows), lazy=True)
    except SchemaErrors as errors:
        for case in errors.failure_cases.to_dict("records"):
            check, column, index = str(case["check"]), case["column"], case["index"]
            name = check.split("(")[0]
            if name == "field_uniqueness" or index is None or pd.isna(index) or column not in table.columns:
                continue  # keys are checked below with both places named
            row = rows[int(index)]
            fld = table.field(column)
            if fld.derived and row.flagged:
                continue  # follows from a value already reported
            enum = fld.constraints.get("enum", [])
            message, fix = MESSAGES.get(name, (f"fails {check}", "see the data dictionary"))
            fill = {"value": case["failure_case"], "key": fld.entry_key or column, "table": table.name,
                    "column": column, "choices": ", ".join(map(str, enum)),
                    "nearest": f"did you mean {nearest(str(case['failure_case']), enum)}?"
                    if nearest(str(case["failure_case"]), enum) else "use one of the listed values"}
            problems.add(row.file, *row.at(column), f"{table.name}.{fld.entry_key or column}",
                         message.format(**fill), fix.format(**fill))
