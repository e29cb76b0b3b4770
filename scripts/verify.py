"""Verify a built package from its published files alone: the CSVs against the
pandera schemas derived from schemas/, plus primary and foreign keys — the same kinds
of error `frictionless validate` finds (types, constraints, keys), much faster.

    python -m scripts verify [--root DIR]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pandera.errors import SchemaErrors

from scripts.registry import tables
from scripts.validate import pandera_schema


def read_table(path: Path, name: str) -> tuple[pd.DataFrame, list[str]]:
    """The CSV with each column in its schema type; cells that do not convert are reported."""
    table = tables()[name]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    errors = []
    if list(frame.columns) != table.columns:
        errors.append(f"{path.name}: header is {list(frame.columns)}, the schema has {table.columns}")
        return frame, errors
    for fld in table.fields:
        column = frame[fld.name]
        if fld.type in ("integer", "number"):
            converted = pd.to_numeric(column, errors="coerce")
            bad = column.notna() & converted.isna()
            if fld.type == "integer":
                bad |= converted.notna() & (converted % 1 != 0)
            for index in column[bad].index:
                errors.append(f"{path.name}:{index + 2}: {fld.name}: `{column[index]}` is not of type {fld.type}")
            frame[fld.name] = converted.astype("Int64") if fld.type == "integer" else converted
        elif fld.type == "list":
            frame[fld.name] = column.map(lambda cell: cell.split(",") if isinstance(cell, str) else None)
    return frame, errors


def verify(root: Path) -> list[str]:
    errors: list[str] = []
    frames: dict[str, pd.DataFrame] = {}
    for name in tables():
        path = root / "data" / f"{name}.csv"
        frame, problems = read_table(path, name)
        errors += problems
        if list(frame.columns) != tables()[name].columns:
            continue  # nothing more can be read from a table whose header is wrong
        frames[name] = frame
        try:
            pandera_schema(name).validate(frame, lazy=True)
        except SchemaErrors as failure:
            for case in failure.failure_cases.to_dict("records"):
                index = case["index"]
                where = f":{int(index) + 2}" if index is not None and not pd.isna(index) else ""
                errors.append(f"{path.name}{where}: {case['column']}: fails {case['check']} "
                              f"with `{case['failure_case']}`")
    for name, table in tables().items():
        for key in table.descriptor.get("foreignKeys", []):
            target = key["reference"]["resource"]
            if name not in frames or target not in frames:
                continue
            column, ref = key["fields"][0], key["reference"]["fields"][0]
            values = frames[name][column]
            missing = values.notna() & ~values.isin(set(frames[target][ref]))
            for index in values[missing].index:
                errors.append(f"{name}.csv:{index + 2}: {column}: `{values[index]}` is not in {target}.{ref}")
    return errors
