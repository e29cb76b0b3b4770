"""The values of a diff as JSON types (changes.json): every cell a diff carries is read as
its table's schema declares its field (the `schema.fields` of the package's descriptor,
the new package's, else the old one's), so that a program reading changes.json gets the
numbers, integers and booleans the CSVs hold, not their text:

- `integer` an integer, `number` an integer when written without a point or exponent and
  a float otherwise (a value JSON cannot hold, NaN or INF, stays its text);
- `boolean` true or false by the field's `trueValues` and `falseValues` (the Table Schema
  defaults when it gives none);
- an empty cell null, whatever the type (a missing value, as Table Schema reads it);
- any other type (string, date, list) and a value that is not of its type (a diff shows
  what was published, even a cell the old package got wrong): the text as written.

Ids, labels and counts are what they are (strings and integers); only cells are typed.
"""

from __future__ import annotations

import math
import re
from typing import Any

from scripts.publish.snapshot import Snapshot
from scripts.schema.registry import facts_table, permanence_table, versions_table

TRUE, FALSE = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]  # Table Schema's defaults
INTEGER = re.compile(r"[+-]?[0-9]+")
Types = dict[str, dict[str, dict[str, Any]]]  # table -> column -> its field descriptor


def field_types(old: Snapshot, new: Snapshot) -> Types:
    """Each table's fields by name, as the new package describes them (else the old one)."""
    out: Types = {}
    for snapshot in (old, new):  # the new package's last: it wins
        for resource in snapshot.descriptor.get("resources", []):
            fields = (resource.get("schema") or {}).get("fields", []) if isinstance(resource, dict) else []
            out.setdefault(resource.get("name", ""), {}).update(
                {f["name"]: f for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)})
    return out


def value(raw: Any, field: dict[str, Any] | None) -> Any:
    """One cell as its field's JSON type (see the module's notes)."""
    if not isinstance(raw, str):
        return raw
    if raw == "":
        return None
    kind = (field or {}).get("type")
    if kind in ("integer", "year") and INTEGER.fullmatch(raw):
        return int(raw)
    if kind == "number":
        if INTEGER.fullmatch(raw):
            return int(raw)
        try:
            number = float(raw)
        except ValueError:
            return raw
        return number if math.isfinite(number) else raw
    if kind == "boolean":
        if raw in field.get("trueValues", TRUE):
            return True
        if raw in field.get("falseValues", FALSE):
            return False
    return raw


def _fields(items: list[dict[str, Any]], columns: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**item, "from": value(item.get("from"), columns.get(item.get("column", ""))),
             "to": value(item.get("to"), columns.get(item.get("column", "")))} for item in items]


def _cells(item: dict[str, Any], columns: dict[str, dict[str, Any]], names: dict[str, str]) -> dict[str, Any]:
    """An item with the cells it carries (`names`: its key -> the column it comes from) typed."""
    return {**item, **{key: value(item[key], columns.get(column)) for key, column in names.items() if key in item}}


def typed(changes: dict[str, Any], types: Types) -> dict[str, Any]:
    """The changes with every cell typed by `types` (field_types); the rest as it is."""
    withdrawals = types.get(getattr(permanence_table("withdrawals"), "name", "withdrawals"), {})
    left = {"reason": "reason", "replaced_by": "replaced_by"}
    out = dict(changes)
    for section in ("records", "sources"):
        part = changes[section]
        out[section] = {
            "added": part["added"],
            "changed": [{**item, "fields": _fields(item["fields"], types.get(item["table"], {}))}
                        for item in part["changed"]],
            "withdrawn": [_cells(item, withdrawals, left) for item in part["withdrawn"]]}
    versions = types.get(getattr(versions_table(), "name", ""), {})
    out["text_versions"] = {change: [_cells({**item, "fields": _fields(item["fields"], versions)}, versions,
                                            {"version": "version", "amended_date": "amended_date",
                                             "reason": "amendment_reason"}) for item in items]
                            for change, items in changes["text_versions"].items()}
    facts = types.get(getattr(facts_table(), "name", ""), {})
    out["facts"] = {**changes["facts"], "changed": [
        {**item, "aspects": {aspect: _fields(fields, facts) for aspect, fields in item["aspects"].items()}}
        for item in changes["facts"]["changed"]]}
    out["registries"] = [_cells({**item, "fields": _fields(item["fields"], types.get(item["table"], {}))},
                                withdrawals, left) for item in changes["registries"]]
    return out
