"""The Table Schema of a published resource as SQL conditions that DuckDB runs over its
CSV (scripts/publish/verify.py): one condition per field type and constraint, true when a
non-empty cell breaks it. A schema keyword this translation does not know raises
Unsupported: it is never skipped.
"""

from __future__ import annotations

from scripts.schema.registry import URI_PATTERN

KNOWN_FIELD_KEYS = {"name", "type", "format", "title", "description", "example", "unit", "constraints",
                    "itemType", "rdfType", "trueValues", "falseValues"}
KNOWN_SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys"}
NUMBER = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
INTEGER = r"[+-]?[0-9]+"
DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


class Unsupported(Exception):
    """A schema feature this verifier cannot check (so it must not pretend to)."""


def text(value: str) -> str:
    """A SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def ident(name: str) -> str:
    """A SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def describe(values: list) -> str:
    return ", ".join(str(value) for value in values)


def field_rules(field: dict) -> list[tuple[str, str]]:
    """(SQL condition that is true when a non-empty cell breaks the rule, what the problem is),
    in the order frictionless checks them: the type first, then each constraint."""
    name, kind = field["name"], field.get("type", "any")
    cell = ident(name)
    unknown = set(field) - KNOWN_FIELD_KEYS - {key for key in field if key.startswith("x-")}
    if unknown:
        raise Unsupported(f"field {name}: schema keyword(s) {describe(sorted(unknown))}")
    fmt = field.get("format", "default")
    rules: list[tuple[str, str]] = []
    if kind == "string":
        if fmt == "uri":
            rules.append((f"NOT regexp_full_match({cell}, {text(URI_PATTERN)})", "is not a URI with a scheme"))
        elif fmt != "default":
            raise Unsupported(f"field {name}: string format {fmt}")
    elif kind == "integer":
        rules.append((f"NOT regexp_full_match({cell}, {text(INTEGER)})", "is not an integer"))
    elif kind == "number":
        rules.append((f"NOT regexp_full_match({cell}, {text(NUMBER)})", "is not a number"))
    elif kind == "date":
        if fmt != "default":
            raise Unsupported(f"field {name}: date format {fmt}")
        rules.append((f"NOT (regexp_full_match({cell}, {text(DATE)}) AND TRY_CAST({cell} AS DATE) IS NOT NULL)",
                      "is not a date (YYYY-MM-DD)"))
    elif kind == "boolean":
        truths = field.get("trueValues", ["true", "True", "TRUE", "1"]) + field.get("falseValues", ["false", "False", "FALSE", "0"])
        rules.append((f"{cell} NOT IN ({', '.join(text(value) for value in truths)})",
                      f"is not a boolean ({describe(truths)})"))
    elif kind == "list":
        if field.get("itemType", "string") != "string":
            raise Unsupported(f"field {name}: list of {field['itemType']}")
    else:
        raise Unsupported(f"field {name}: type {kind}")
    return rules + constraint_rules(field)


def constraint_rules(field: dict) -> list[tuple[str, str]]:
    """The rules of a field's constraints (required and unique are checked apart)."""
    name, kind = field["name"], field.get("type", "any")
    cell = ident(name)
    rules: list[tuple[str, str]] = []
    constraints = dict(field.get("constraints", {}))
    constraints.pop("required", None)
    constraints.pop("unique", None)
    for key, value in constraints.items():
        if key == "enum" and kind == "string":
            rules.append((f"{cell} NOT IN ({', '.join(text(item) for item in value)})",
                          f"is not one of {describe(value)}"))
        elif key == "pattern" and kind == "string":
            rules.append((f"NOT regexp_full_match({cell}, {text(value)})", f"does not match the pattern {value}"))
        elif key == "maxLength" and kind == "string":
            rules.append((f"length({cell}) > {int(value)}", f"is longer than {int(value)} characters"))
        elif key == "minLength" and kind == "string":
            rules.append((f"length({cell}) < {int(value)}", f"is shorter than {int(value)} characters"))
        elif key in ("minimum", "maximum") and kind in ("integer", "number"):
            bound = float(value)
            operator = "<" if key == "minimum" else ">"
            pattern = INTEGER if kind == "integer" else NUMBER
            rules.append((f"regexp_full_match({cell}, {text(pattern)}) AND TRY_CAST({cell} AS DOUBLE) {operator} {bound!r}",
                          f"is {'below the minimum' if key == 'minimum' else 'above the maximum'} {value}"))
        else:
            raise Unsupported(f"field {name}: constraint {key} on a {kind}")
    return rules


def problem_sql(field: dict, rules: list[tuple[str, str]]) -> str | None:
    """A SQL expression giving what is wrong with the field's cell, or NULL."""
    required = field.get("constraints", {}).get("required", False)
    branches = [f"WHEN {ident(field['name'])} IS NULL THEN {text('is empty, but required') if required else 'NULL'}"]
    branches += [f"WHEN {condition} THEN {text(problem)}" for condition, problem in rules]
    if len(branches) == 1 and not required:
        return None
    return "CASE " + " ".join(branches) + " END"


def key_sql(names: list[str], alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + ident(name) for name in names)
