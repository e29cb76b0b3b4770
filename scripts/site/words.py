"""Values as the site reads them out: enum codes as words, a figure's bound, what is not
actual, a number with its thousands, a date as a decimal year, a chart's series name."""

from __future__ import annotations

import re

from scripts.schema.registry import Field, Table


def plain(fld: Field, value: str) -> str:
    """A value as words: enum codes with spaces (`deal_package` -> `deal package`)."""
    return value.replace("_", " ") if "enum" in fld.constraints else value


def bound_word(table: Table, row: dict) -> str:
    if "bound" not in table.by_name:
        return ""
    words = table.field("bound").descriptor.get("x-words", {})
    word = words.get(row.get("bound") or "exact", "")
    return f"{word} " if word else ""


def not_actual_words(table: Table) -> str:
    """What a record that is not actual is, in words ("target or forecast")."""
    values: list[str] = []
    for column, tests in (table.meta.get("actual", {}).get("when") or {}).items():
        enum = table.field(column).constraints.get("enum", [])
        values += tests.get("not_in", []) + [v for v in enum if "in" in tests and v not in tests["in"]]
    words = [v.replace("_", " ") for v in values]
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)


def number(value: str) -> str:
    """A figure of facts.csv for reading: thousands separated, no trailing zeros."""
    try:
        amount = float(value)
    except ValueError:
        return value
    return f"{amount:,.0f}" if amount == int(amount) else f"{amount:,}"


def decimal_year(when: str) -> float:
    """The middle of a date or period as a year with a fraction: 2013 -> 2013.5."""
    year = int(when[:4])
    rest = when[5:]
    if not rest:
        return year + 0.5
    if rest[0] in "QH":
        parts = 4 if rest[0] == "Q" else 2
        return year + (int(rest[1]) - 0.5) / parts
    month = int(rest[:2])
    day = int(rest[3:5]) if len(rest) > 3 else 15
    return year + (month - 1 + (day - 0.5) / 31) / 12


def series_name(table: Table, row: dict) -> str:
    spec = table.meta["site"]["chart"]
    return re.sub(r"\{(\w+)\}", lambda m: plain(table.field(m.group(1)), row[m.group(1)]), spec["series"])
