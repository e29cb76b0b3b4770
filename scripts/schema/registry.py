"""The field registry: `schemas/<table>.yaml` (Frictionless Table Schemas), `schemas/columns.yaml`
(column sets shared by several tables) and `schemas/package.yaml` (the package and its tables).

Every column and every rule of a table is defined once there; the code loops over
what this module reads. Besides the standard Table Schema properties, a field may carry
`x-entry` (how it reaches the entry file: absent, under its own name; `derived`, computed
by the build; `{key: other}`, written under another key, such as `amount` for
`amount_text`), `x-kind` (what the normaliser checks or derives with it: KINDS),
`x-default` (its value when the entry leaves it out), `x-derive` (a derived field's value by
condition: scripts/schema/rules.py), `x-words`, `x-markers`, `x-show` (what a page shows, the
marker a chart draws) and `unit` (shown in the data dictionary); and a table carries
`x-table` (see TABLE_KEYS and schemas/README.md).
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path
from typing import Any

from scripts.core.files import TABLE_NAME  # a table's name names its files: data/<name>.csv, schemas/<name>.yaml
from scripts.schema.model import FACT_KEYS, FIELD_KEYS, KINDS, ROLE_COLUMNS, ROLES, TABLE_KEYS, Field, SchemaError, Table
from scripts.schema.rules import TESTS, columns_named

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schemas"
# What `format: uri` asks of a string: a scheme, then no space. The entry check
# (scripts/check/pandera_schemas.py) and the package verifier (scripts/publish/verify.py) both use it.
URI_PATTERN = r"[A-Za-z][A-Za-z0-9+.-]*:\S+"


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        import yaml  # here, so that commands which never read a schema (verify) start faster

        return yaml.load(handle, Loader=yaml.CSafeLoader)


def _fill(value: Any, words: dict[str, str]) -> Any:
    """`value` with `{name}` and `{title}` replaced in every string it holds."""
    if isinstance(value, str):
        for word, replacement in words.items():
            value = value.replace("{" + word + "}", replacement)
        return value
    if isinstance(value, list):
        return [_fill(item, words) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, words) for key, item in value.items()}
    return value


def _override(column: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = {**column, **{k: v for k, v in changes.items() if k != "constraints"}}
    if "constraints" in changes:
        out["constraints"] = {**column.get("constraints", {}), **changes["constraints"]}
    return out


def expand(fields: list[dict[str, Any]], sets: dict[str, Any], where: str) -> tuple[list[dict], list[tuple[str, dict]]]:
    """A table's fields with every `use: <set>` replaced by the set's columns; and each
    use, as the set's name and the words (`name`, `title`) written beside it. Raises
    SchemaError naming the table for an unknown set."""
    out, used = [], []
    for item in fields:
        if "use" not in item:
            out.append(item)
            continue
        name = item["use"]
        if name not in sets:
            raise SchemaError(f"{where}: column set `{name}` is not defined in schemas/columns.yaml")
        words = {key: item[key] for key in ("name", "title") if key in item}
        used.append((name, words))
        columns = _fill(copy.deepcopy(sets[name]["columns"]), words)
        own = {k: v for k, v in item.items() if k not in ("use", "columns")}
        columns[0] = _override(columns[0], own)
        others = item.get("columns", {})
        unknown = set(others) - {c["name"] for c in columns[1:]}
        if unknown:
            raise SchemaError(f"{where}: set `{name}` has no column {', '.join(sorted(unknown))}")
        out.extend([columns[0]] + [_override(c, others.get(c["name"], {})) for c in columns[1:]])
    return out, used


@functools.lru_cache(maxsize=None)
def package_meta() -> dict[str, Any]:
    return _load(SCHEMA_DIR / "package.yaml")


DEV = "-dev"  # a version so marked is not released: the package between two releases


def next_release(version: str | None = None) -> str:  # the release being prepared: 0.3.0-dev is built for 0.3.0
    return str(package_meta()["version"] if version is None else version).removesuffix(DEV)


@functools.lru_cache(maxsize=None)
def column_sets() -> dict[str, Any]:
    return _load(SCHEMA_DIR / "columns.yaml")


def load_table(name: str) -> Table:
    import yaml

    try:
        return _load_table(name)
    except (OSError, yaml.YAMLError) as error:
        raise SchemaError(f"schemas/{name}.yaml: cannot be read ({' '.join(str(error).split())[:300]})") from None
    except (KeyError, TypeError, AttributeError, IndexError) as error:
        raise SchemaError(f"schemas/{name}.yaml: not a table schema as schemas/README.md describes "
                          f"({type(error).__name__}: {error})") from None


def _load_table(name: str) -> Table:
    raw = _load(SCHEMA_DIR / f"{name}.yaml")
    sets = column_sets()
    fields, used = expand(raw["fields"], sets, f"schemas/{name}.yaml")
    rules = [rule for set_name, _ in used for rule in sets[set_name].get("rules", [])]
    rules += raw.get("x-table", {}).get("rules", [])
    keys = [_fill(key, words) for set_name, words in used for key in sets[set_name].get("foreignKeys", [])]
    keys += [key for key in raw.get("foreignKeys", []) if key not in keys]
    descriptor = {**raw, "fields": fields, **({"foreignKeys": keys} if keys else {})}
    table = Table(name, descriptor, tuple(dict.fromkeys(set_name for set_name, _ in used)), tuple(rules))
    problems = table_problems(table)
    if problems:
        raise SchemaError(f"schemas/{name}.yaml: " + "; ".join(problems))
    return table


def table_problems(table: Table) -> list[str]:
    """What in a table's x-table names a column it does not have, or a test, role or kind
    the code does not know."""
    meta, columns, out = table.meta, set(table.columns), []
    if meta.get("role") not in ROLES:
        out.append(f"x-table.role must be one of {', '.join(ROLES)}")
    out += [f"x-table.{key} is not a known key" for key in sorted(set(meta) - TABLE_KEYS)]
    out += [f"{f.name}: x-kind `{f.kind}` is not known" for f in table.fields if f.kind not in KINDS]
    conditions = [c for rule in table.rules for c in (rule.get("when"), rule.get("require"))]
    conditions += [meta.get("actual", {}).get("when")]
    conditions += [choice.get("when") for f in table.fields for choice in f.descriptor.get("x-derive", [])]
    conditions += [(meta.get("fact") or {}).get("change", {}).get("when")]
    for condition in conditions:
        out += [f"a condition names `{c}`, which is not a column" for c in sorted(columns_named(condition) - columns)]
        out += [f"`{test}` is not a known test" for tests in (condition or {}).values() for test in tests
                if test not in TESTS]
    out += [f"a rule is at `{rule.get('at')}`, which is not a column" for rule in table.rules if rule.get("at") not in columns]
    out += [f"a rule lacks `{key}`" for rule in table.rules for key in ("require", "message", "fix") if key not in rule]
    if meta.get("dated_by") and table.by_name.get(meta["dated_by"], Field("", "", {})).kind != "date":
        out.append(f"x-table.dated_by `{meta['dated_by']}` is not a column of x-kind date")
    if meta.get("role") in ROLE_COLUMNS and set(table.columns) != set(ROLE_COLUMNS[meta["role"]]):
        out.append(f"a table of role {meta['role']} has the columns {', '.join(ROLE_COLUMNS[meta['role']])}")
    changes = meta.get("changes", {})
    if not isinstance(changes, dict) or not all(isinstance(c, list) for c in changes.values()):
        out.append("x-table.changes maps each aspect to a list of columns")
    else:
        out += [f"x-table.changes names `{c}`, which is not a column" for c in sum(changes.values(), []) if c not in columns]
    if meta.get("role") == "registry" and ("names" in meta or "stands_for" in meta) and \
            (meta.get("names") not in KINDS or meta.get("stands_for") not in columns):
        out.append("a registry whose ids name values needs `names` (a kind) and `stands_for` (a column)")
    if ("optional" in meta or "permanence" in meta) and meta.get("role") != "registry":
        out.append("x-table.optional and x-table.permanence are for a table of role registry")
    if meta.get("permanence") not in (None, "withdrawals", "corrections"):
        out.append("x-table.permanence is `withdrawals` or `corrections`")
    if (meta.get("role") == "version") != isinstance(meta.get("entry_key"), str):
        out.append("a table of role version names the entry's list of its rows in x-table.entry_key, and only it")
    out += [f"x-table.meaning names `{c}`, which is not a column" for c in meta.get("meaning", []) if c not in columns]
    out += [f"{f.name}: `{key}` is not a known field key" for f in table.fields for key in f.descriptor
            if key not in FIELD_KEYS]
    out += [f"{f.name}: x-bind `{f.descriptor['x-bind']}` is not one of: quote, sentence" for f in table.fields
            if f.descriptor.get("x-bind", "quote") not in ("quote", "sentence")]
    out += [f"{f.name}: x-cues-with names `{f.descriptor['x-cues-with']}`, which is not a column" for f in table.fields
            if f.descriptor.get("x-cues-with", table.columns[0]) not in columns]
    fact = meta.get("fact")
    if fact is not None:
        out += [f"x-table.fact.{key} is not a known key" for key in sorted(set(fact) - FACT_KEYS)]
        named = list(fact.get("key", [])) + list(fact.get("qualifiers", []))
        named += [item.get("column") for item in fact.get("values", [])]
        named += [fact.get("change", {}).get("base")] if fact.get("change") else []
        named += re.findall(r"\{(\w+)\}", fact.get("label", ""))
        out += [f"x-table.fact names `{c}`, which is not a column" for c in named if c not in columns]
        if fact.get("change"):
            out += [f"x-table.fact.change.compare names `{c}`, which is not a key column"
                    for c in fact["change"].get("compare", {}) if c not in fact.get("key", [])]
        if not table.kinds("fact"):
            out.append("x-table.fact needs a column of x-kind fact (use: fact)")
    if meta.get("role") == "link":
        link = meta.get("link") or {}
        named = link.get("table")  # a table's name, never a path out of schemas/
        known = isinstance(named, str) and TABLE_NAME.fullmatch(named) and (SCHEMA_DIR / f"{named}.yaml").is_file()
        parent = _load(SCHEMA_DIR / f"{named}.yaml") if known else None
        parent_fields = {f.get("name"): f for f in (parent or {}).get("fields", []) if "name" in f}
        if parent is None or parent_fields.get(link.get("column"), {}).get("type") != "list":
            out.append("x-table.link needs `table` (a table) and `column` (one of its list columns)")
        elif table.columns[0] != parent["primaryKey"][0] or len(table.descriptor["primaryKey"]) != 2:
            out.append("a link table's first column is its table's id, and its key that id and the item")
    elif "link" in meta:
        out.append("x-table.link is for a table of role link")
    out += _series_problems(meta)
    site = meta.get("site", {})
    if site.get("chart") and (site["chart"].get("type") not in ("figures", "timeline") or not meta.get("dated_by")):
        out.append("x-table.site.chart needs a type (figures or timeline) and a dated_by column")
    shown = [c for spec in site.get("columns", []) for c in spec.get("show", [])]
    templates = [t for spec in site.get("columns", []) for t in spec.get("details", [])]
    templates += [site.get("chart", {}).get(key) or "" for key in ("series", "label")]
    templates += [f.descriptor.get("x-show", "") for f in table.fields]
    shown += [c for template in templates for c in re.findall(r"\{(\w+)\}", template)]
    out += [f"x-table.site shows `{c}`, which is not a column" for c in shown if c not in columns]
    return out


def _series_problems(meta: dict) -> list[str]:
    """What in a series table's `x-table.series` names a table or column there is not."""
    if (meta.get("role") == "series") != ("series" in meta):
        return ["a table of role series has x-table.series, and only it"]
    out = []
    for item in (meta.get("series") or {}).get("tables", []) if "series" in meta else []:
        named = item.get("table")
        known = isinstance(named, str) and TABLE_NAME.fullmatch(named) and (SCHEMA_DIR / f"{named}.yaml").is_file()
        names = set(load_table(named).columns) if known else set()
        wanted = [item.get(k) for k in ("from", "to", "measure")] + sorted(columns_named(item.get("when")))
        wanted += sorted(columns_named(item.get("stock")))
        if not known:
            out.append(f"x-table.series names `{named}`, which is not a table")
        else:
            out += [f"x-table.series: {named} has no column `{c}`" for c in wanted if c not in names]
    return out


@functools.lru_cache(maxsize=None)
def tables() -> dict[str, Table]:
    """All tables in publishing order. A name listed twice, or one that is not a plain
    lower-case word (it names files), is refused."""
    names = package_meta().get("resources")
    if not isinstance(names, list) or not names:
        raise SchemaError("schemas/package.yaml: `resources` must list the tables, in publishing order")
    for name in names:
        if not isinstance(name, str) or not TABLE_NAME.fullmatch(name):
            raise SchemaError(f"schemas/package.yaml: `{str(name)[:80]}` is not a table name (lower-case letters, "
                              "digits and underscores, starting with a letter)")
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise SchemaError(f"schemas/package.yaml: {', '.join(twice)} listed twice in `resources`")
    return {name: load_table(name) for name in names}


@functools.lru_cache(maxsize=None)  # asked for every record read: worked out once
def with_role(role: str) -> dict[str, Table]:
    """The tables of a role, in publishing order (shared: do not change it)."""
    return {name: table for name, table in tables().items() if table.role == role}


def record_tables() -> dict[str, Table]:
    """The tables filled from the records of entry files (data/sources/<id>.yaml), each
    written in the entry as a list under the table's name."""
    return with_role("record")


def registries() -> dict[str, Table]:  # the hand-kept tables read from data/<name>.yaml (groups, entities)
    return with_role("registry")


def fact_tables() -> dict[str, Table]:  # the tables whose records name a fact (`x-table.fact`), in publishing order
    return {name: table for name, table in record_tables().items() if "fact" in table.meta}


def link_tables() -> dict[str, Table]:  # the tables derived from a list column of another (`role: link`), one row per item
    return with_role("link")


def facts_table() -> Table | None:  # the table of facts the build derives from the records (`role: fact`)
    return next(iter(with_role("fact").values()), None)


def evidence_table() -> Table | None:  # the table of the proof's bindings, written by the check (`role: evidence`)
    return next(iter(with_role("evidence").values()), None)


def index_table() -> Table | None:  # the table of every record of every record table, derived by the build (`role: index`)
    return next(iter(with_role("index").values()), None)


def versions_table() -> Table | None:  # every version of the archived texts (`role: version`; later ones listed in entries)
    return next(iter(with_role("version").values()), None)


def source_table() -> Table:
    return next(iter(with_role("source").values()))


def permanence_table(kind: str) -> Table | None:
    """The registry of ids that left the package (`withdrawals`) or of corrected values
    (`corrections`): `x-table.permanence`."""
    return next((t for t in registries().values() if t.meta.get("permanence") == kind), None)


@functools.lru_cache(maxsize=None)  # asked for every place and entity checked
def registry_for(kind: str) -> Table | None:
    """The registry whose ids values of this kind name (`names: place` or `entity`)."""
    return next((t for t in registries().values() if t.meta.get("names") == kind), None)
