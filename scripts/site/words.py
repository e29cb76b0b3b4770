"""Values as the site reads them out: enum codes as words, a figure's bound, what is not
actual, a number with its thousands, a run of months or days in words, a date as a decimal
year, a chart's series name."""

from __future__ import annotations

import calendar
import re

from scripts.schema.registry import Field, Table, with_role
from scripts.schema.rules import holds


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


def period_words(when: str) -> str:
    """A run of months or days in words ("2023-01/2023-10": "January–October 2023"); any other
    date as it is."""
    if "/" not in when:
        return when
    ends = [(part[:4], calendar.month_name[int(part[5:7])], str(int(part[8:10])) if len(part) > 7 else "")
            for part in when.split("/")]
    (y1, m1, d1), (y2, m2, d2) = ends
    first = " ".join(filter(None, (d1, m1, "" if y1 == y2 else y1)))
    return f"{first}–{' '.join(filter(None, (d2, m2, y2)))}"


def part_of_year(table: Table, row: dict) -> bool:
    """A figure for part of a year (its date's precision is not `year`), unless it is a stock
    held at a date (the series' `stock`, schemas/series.yaml): a chart never joins it to the
    figures of whole years."""
    spec = next((t for series in with_role("series").values() for t in series.meta["series"]["tables"]
                 if t["table"] == table.name), {})
    precision = row.get(f"{table.dated_by}_precision") or "year"
    return precision != "year" and not (spec.get("stock") and holds(spec["stock"], row))


def decimal_year(when: str) -> float:
    """The middle of a date or period as a year with a fraction: 2013 -> 2013.5."""
    if "/" in when:  # a run of months or days: between the middles of its ends
        return sum(map(decimal_year, when.split("/"))) / 2
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
