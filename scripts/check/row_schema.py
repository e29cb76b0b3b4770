"""The schema check of a few entries, row by row: the same rules as the pandera schemas
(scripts/check/pandera_schemas.py) — required, enum, pattern, length, range, dates, web
addresses, list items, formula cells — read from the same Table Schemas, with the same
messages, without importing pandas and pandera (half a second, and more to validate a
frame than a handful of rows takes). The runner uses it below PARALLEL_FROM entries and
pandera above; tests/check/test_row_schema.py shows both report the same problems.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from decimal import Decimal
from typing import Any, Callable

from scripts.core.cells import FORMULA_START
from scripts.core.problems import Problems, nearest
from scripts.read.rows import Row
from scripts.schema.model import Field, Table
from scripts.schema.registry import URI_PATTERN

LIST_ITEM = re.compile(r"[^,\s][^,]*(?<=\S)|[^,\s]")  # a list cell is comma-separated in the CSV
URI = re.compile(URI_PATTERN)

MESSAGES = {
    "not_nullable": ("missing", "add `{key}:` with a value"),
    "str_matches": ("`{value}` is not of the required form", "see the data dictionary for {table}.{column}"),
    "isin": ("`{value}` is not one of: {choices}", "{nearest}"),
    "str_length": ("the text is shorter or longer than its limits allow", "see the data dictionary for {table}.{column}"),
    "in_range": ("`{value}` is out of range", "see the data dictionary for {table}.{column}"),
    "greater_than_or_equal_to": ("`{value}` is below the minimum", "see the data dictionary for {table}.{column}"),
    "less_than_or_equal_to": ("`{value}` is above the maximum", "see the data dictionary for {table}.{column}"),
    "iso_date": ("`{value}` is not a date", "write it as YYYY-MM-DD"),
    "uri": ("`{value}` is not a web address", "write the whole address, starting with https:// or http://"),
    "list_items": ("the list is empty or an item is blank or holds a comma", "write one item per entry, without commas"),
    "no_formula": ("the text starts with =, +, - or @, which a spreadsheet would run as a formula",
                   "reword it so that it starts with a letter, a digit or a quotation mark"),
}

Check = tuple[str, Callable[[Any], bool]]  # (pandera's name of the check, whether a value passes)


def _iso_date(text: Any) -> bool:
    try:
        return dt.date.fromisoformat(text).isoformat() == text
    except (TypeError, ValueError):
        return False


def _range(low, high) -> Callable[[Any], bool]:
    return lambda value: (low is None or value >= low) and (high is None or value <= high)


def _length(low, high) -> Callable[[Any], bool]:
    return lambda value: (low is None or len(str(value)) >= low) and (high is None or len(str(value)) <= high)


@functools.lru_cache(maxsize=None)
def checks(fld: Field, primary: bool) -> tuple[bool, tuple[Check, ...]]:
    """(required, the checks of a present value) of a field, in the order pandera runs them."""
    constraints = dict(fld.constraints)
    out: list[Check] = []
    if fld.type == "list":
        return bool(constraints.get("required")), (
            ("list_items", lambda items: isinstance(items, list) and bool(items)
             and all(isinstance(i, str) and LIST_ITEM.fullmatch(i) for i in items)),
            ("no_formula", lambda items: not isinstance(items, list) or not any(
                isinstance(i, str) and i.startswith(FORMULA_START) for i in items)))
    if fld.type == "string" and fld.descriptor.get("format") == "uri":
        out.append(("uri", lambda text: not isinstance(text, str) or bool(URI.fullmatch(text))))
    if fld.type == "date":
        return bool(constraints.get("required")) or primary, (("iso_date", _iso_date),)
    if "minimum" in constraints and "maximum" in constraints:
        out.append(("in_range", _range(constraints.pop("minimum"), constraints.pop("maximum"))))
    if "minLength" in constraints and "maxLength" in constraints:
        out.append(("str_length", _length(constraints.pop("minLength"), constraints.pop("maxLength"))))
    for key, value in constraints.items():
        if key == "maximum":
            out.append(("less_than_or_equal_to", _range(None, value)))
        elif key == "minimum":
            out.append(("greater_than_or_equal_to", _range(value, None)))
        elif key == "maxLength":
            out.append(("str_length", _length(None, value)))
        elif key == "minLength":
            out.append(("str_length", _length(value, None)))
        elif key == "pattern":
            pattern = re.compile(rf"^{value}$")
            out.append(("str_matches", lambda text, p=pattern: isinstance(text, str) and bool(p.match(text))))
        elif key == "enum":
            out.append(("isin", lambda item, choices=tuple(value): item in choices))
    if fld.type == "string":
        out.append(("no_formula", lambda text: not isinstance(text, str) or not text.startswith(FORMULA_START)))
    return bool(constraints.get("required")) or primary, tuple(out)


def shown(value: Any) -> Any:
    """A value as the frame pandera checks holds it (numbers as floats)."""
    return float(value) if isinstance(value, Decimal) else value


def check_rows(table: Table, rows: list[Row], problems: Problems) -> None:
    """Report, at each value's place in its entry, every schema rule a row breaks."""
    keys = set(table.descriptor.get("primaryKey", []))
    for fld in table.fields:
        required, field_checks = checks(fld, fld.name in keys)
        for row in rows:
            value = shown(row.values.get(fld.name))
            if value is None or (isinstance(value, float) and math.isnan(value)):
                failed = ["not_nullable"] if required else []
            else:
                failed = [name for name, passes in field_checks if not passes(value)]
            if not failed or (fld.derived and row.flagged):
                continue  # a derived value of a row already reported follows from what was rejected
            enum = fld.constraints.get("enum", [])
            for name in failed:
                message, fix = MESSAGES[name]
                close = nearest(str(value), enum)
                fill = {"value": value, "key": fld.entry_key or fld.name, "table": table.name, "column": fld.name,
                        "choices": ", ".join(map(str, enum)),
                        "nearest": f"did you mean {close}?" if close else "use one of the listed values"}
                problems.add(row.file, *row.at(fld.name), f"{table.name}.{fld.entry_key or fld.name}",
                             message.format(**fill), fix.format(**fill))
