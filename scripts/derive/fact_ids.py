"""Fact ids: the fact a record reports, named by the columns `x-table.fact` lists
(schemas/): `key` (positional in the id) and `qualifiers` (written `name=value` when
given). Derived per record, so that no record depends on another entry; the publish
stage groups records by it (scripts/publish/facts.py).
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from scripts.core.cells import cell
from scripts.schema.model import Table

CODE_KINDS = ("place", "country", "base", "date", "entity", "record_id")  # kept as written in the id


def _part(value: str, fld) -> str:
    """One value as it stands in a fact id: codes and enum values as written, words as a
    lower-case slug."""
    if fld.kind in CODE_KINDS or "enum" in fld.constraints:
        return value
    return re.sub(r"[^a-z0-9.]+", "-", value.lower()).strip("-")


def fact_id(table: Table, values: Mapping[str, Any]) -> str:
    """The fact a record of `table` reports, from its (derived) values or its CSV cells."""
    spec = table.meta["fact"]
    dated = table.dated_by
    parts = [table.name]
    undated = False
    for column in spec["key"]:
        value = cell(values.get(column))
        if column == dated and not value:
            value, undated = "undated", True
        parts.append(_part(value, table.field(column)))
    for column in spec.get("qualifiers", []):
        value = cell(values.get(column))
        if value:
            parts.append(f"{column}={_part(value, table.field(column))}")
    if undated:  # an undated figure cannot be matched with any other: a fact of its own
        parts.append(f"record={cell(values.get(table.id_field))}")
    return ":".join(parts)
