"""What changed between two published packages (`make diff`): a plain dict that
scripts/release/changes.py writes as text, Markdown, JSON and per-table daff CSVs.

- **records** (every record table) and **sources**: added, changed field by field (the
  columns both packages have), withdrawn (an id that left; with its reason, and for an id
  renamed the id that stands for it now, `replaced_by`, when the new package publishes a
  `withdrawals` table that names it);
- **text versions**: each later version of an archived text added (an amended article, with
  the reason), changed or removed;
- **facts**: added, removed, and changed by aspect (value, spread, agreement, reports: the
  facts table's `x-table.changes`);
- **registries** (entities, groups): each row added, changed or removed (a removed one with
  its reason and `replaced_by`, as for records), with every published row of a record table
  that names it, whose meaning changes with it;
- **tables**: for every table, the columns added and removed and how many rows were
  added, changed and removed (link tables, evidence, records.csv, countries included).

Rows are matched by their table's primary key (the new package's, or the old one's for a
table that is gone); a table whose key columns the other package lacks counts as replaced.
"""

from __future__ import annotations

from typing import Any

from scripts.core.cells import LIST_SEPARATOR
from scripts.publish.snapshot import Snapshot
from scripts.schema.model import NAMED_BY
from scripts.schema.registry import (
    facts_table,
    permanence_table,
    record_tables,
    registries,
    source_table,
    tables,
    versions_table,
)

Row = dict[str, str]


def _ident(row: Row, key: list[str]) -> str:
    return " / ".join(row.get(column, "") for column in key)


def keyed(old: Snapshot, new: Snapshot, name: str, detail: bool = True) -> dict[str, Any]:
    """One table compared row by row: its rows added and removed, and for each row in both,
    the columns whose cells differ (of the columns both packages have). Without `detail`
    (tables only counted: evidence has a row per binding), rows are kept as hashes, and a
    changed row's columns are not told."""
    before, after = old.columns(name), new.columns(name)
    key = new.key(name) or old.key(name) or (after or before)[:1]
    old_key = key if all(column in before for column in key) else (old.key(name) or before[:1])
    common = [column for column in after if column in before]
    olds, news = _rows(old, name, old_key, common, detail), _rows(new, name, key, common, detail)
    kept = olds.keys() & news.keys() if old_key == key else set()  # else every row replaced
    changed: dict[str, list] = {}
    for ident in sorted(kept):
        if olds[ident] == news[ident]:
            continue
        fields = [{"column": c, "from": olds[ident][c], "to": news[ident][c]} for c in common
                  if olds[ident][c] != news[ident][c]] if detail else [{}]
        if fields:
            changed[ident] = fields if detail else []
    return {"key": key, "old": olds, "new": news, "added": sorted(news.keys() - kept),
            "removed": sorted(olds.keys() - kept), "changed": changed,
            "columns_added": [c for c in after if c not in before], "columns_removed": [c for c in before if c not in after]}


def _rows(snapshot: Snapshot, name: str, key: list[str], common: list[str], detail: bool) -> dict[str, Any]:
    """A table's rows by their key: whole (`detail`), or the hash of their common columns."""
    if detail:
        return {_ident(row, key): row for row in snapshot.rows(name)}
    header = snapshot.columns(name)
    at, keyed_at = [header.index(c) for c in common], [header.index(c) for c in key if c in header]
    return {" / ".join(cells[i] for i in keyed_at): hash(tuple(cells[i] for i in at))
            for cells in snapshot.cells(name)}


def _withdrawals(new: Snapshot) -> dict[str, dict[str, str]]:
    """What the new package's withdrawals table says of each id it names (none without one):
    its `reason` and, for an id renamed, the id that stands for it now (`replaced_by`)."""
    table = permanence_table("withdrawals")
    name = table.name if table is not None else "withdrawals"
    key = (new.key(name) or new.columns(name)[:1] or [""])[0]
    return {row[key]: {"reason": row.get("reason", ""), "replaced_by": row.get("replaced_by", "")}
            for row in new.rows(name) if row.get(key)}


def _left(ident: str, said: dict[str, dict[str, str]]) -> dict[str, str]:
    """The reason an id left, and what replaced it (empty when the withdrawals say nothing)."""
    return said.get(ident, {"reason": "", "replaced_by": ""})


def _records(compared: dict[str, dict[str, Any]], names: list[str], said: dict[str, dict[str, str]]) -> dict[str, list]:
    out: dict[str, list] = {"added": [], "changed": [], "withdrawn": []}
    for name in names:
        table = compared.get(name)
        if table is None:
            continue
        for ident in table["added"]:
            out["added"].append({"table": name, "id": ident, "source_id": table["new"][ident].get("source_id", "")})
        for ident, fields in table["changed"].items():
            out["changed"].append({"table": name, "id": ident, "fields": fields})
        for ident in table["removed"]:
            out["withdrawn"].append({"table": name, "id": ident, "source_id": table["old"][ident].get("source_id", ""),
                                     **_left(ident, said)})
    return out


def _facts(compared: dict[str, dict[str, Any]]) -> dict[str, list]:
    facts = facts_table()
    out: dict[str, list] = {"added": [], "changed": [], "removed": []}
    if facts is None or facts.name not in compared:
        return out
    table = compared[facts.name]
    aspects: dict[str, list[str]] = facts.meta.get("changes", {})

    def label(row: Row) -> str:
        return row.get("label", "")

    out["added"] = [{"id": ident, "label": label(table["new"][ident])} for ident in table["added"]]
    out["removed"] = [{"id": ident, "label": label(table["old"][ident])} for ident in table["removed"]]
    for ident, fields in table["changed"].items():
        by_column = {field["column"]: field for field in fields}
        grouped = {aspect: [by_column[c] for c in columns if c in by_column] for aspect, columns in aspects.items()}
        named = {c for columns in aspects.values() for c in columns}
        grouped["other"] = [field for field in fields if field["column"] not in named]
        out["changed"].append({"id": ident, "label": label(table["new"][ident]),
                               "aspects": {aspect: fields for aspect, fields in grouped.items() if fields}})
    return out


def _naming(new: Snapshot, old: Snapshot, registry: str, ident: str) -> list[dict[str, str]]:
    """Every row of a record table that names `ident` of the registry, in the new package
    (or, for a row gone since, the old one)."""
    kinds = NAMED_BY.get(tables()[registry].meta.get("names", ""), ())
    out, seen = [], set()
    for snapshot in (new, old):
        for name, table in record_tables().items():
            columns = [f.name for f in table.fields if f.kind in kinds and f.name in snapshot.columns(name)]
            key = snapshot.key(name)
            for row in snapshot.rows(name) if columns and len(key) == 1 else []:
                for column in columns:
                    cell = row[column]
                    if ident in (cell.split(LIST_SEPARATOR) if table.by_name[column].kind in ("places", "entities")
                                 else [cell]) and (name, row[key[0]]) not in seen:
                        seen.add((name, row[key[0]]))
                        out.append({"table": name, "id": row[key[0]], "column": column})
    return out


def _registries(compared: dict[str, dict[str, Any]], old: Snapshot, new: Snapshot,
                said: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    out = []
    for name in registries():
        table = compared.get(name)
        if table is None:
            continue
        edits = [(ident, "added", []) for ident in table["added"]]
        edits += [(ident, "changed", fields) for ident, fields in table["changed"].items()]
        edits += [(ident, "removed", []) for ident in table["removed"]]
        for ident, change, fields in sorted(edits):
            left = _left(ident, said) if change == "removed" else {}  # withdrawn, or renamed: why, and to what
            out.append({"table": name, "id": ident, "change": change, "fields": fields, **left,
                        "affects": _naming(new, old, name, ident)})
    return out


def _versions(compared: dict[str, dict[str, Any]]) -> dict[str, list]:
    """The later versions of archived texts (an amended article) added, changed or removed:
    a text's first version comes and goes with its source."""
    table = versions_table()
    found = compared.get(table.name) if table else None
    out: dict[str, list] = {"added": [], "changed": [], "removed": []}
    for change, side in (("added", "new"), ("changed", "new"), ("removed", "old")):
        for ident in found[change] if found else []:
            row = found[side][ident]
            if row.get("version", "1") != "1":
                out[change].append({"id": ident, "source_id": row.get("source_id", ""), "version": row["version"],
                                    "text_path": row.get("text_path", ""), "amended_date": row.get("amended_date", ""),
                                    "reason": row.get("amendment_reason", ""),
                                    "fields": found["changed"][ident] if change == "changed" else []})
    return out


def compare(old: Snapshot, new: Snapshot) -> dict[str, Any]:
    """Everything that changed from `old` to `new`, as plain data (the JSON `make diff` writes)."""
    names = list(dict.fromkeys(new.names() + old.names()))
    told = {*record_tables(), source_table().name, *registries(),
            *(table.name for table in (facts_table(), versions_table()) if table)}
    compared = {name: keyed(old, new, name, detail=name in told) for name in names}
    said = _withdrawals(new)
    summary = {}
    for name in names:
        table = compared[name]
        status = "added" if name not in old.names() else "removed" if name not in new.names() else "kept"
        summary[name] = {"status": status, "key": table["key"], "rows_added": len(table["added"]),
                         "rows_changed": len(table["changed"]), "rows_removed": len(table["removed"]),
                         "columns_added": table["columns_added"], "columns_removed": table["columns_removed"]}
    source = source_table().name
    changes = {
        "from": {"label": old.label, "version": old.version, "commit": old.commit},
        "to": {"label": new.label, "version": new.version, "commit": new.commit},
        "records": _records(compared, [n for n in record_tables() if n in compared], said),
        "sources": _records(compared, [source], said),
        "text_versions": _versions(compared),
        "facts": _facts(compared),
        "registries": _registries(compared, old, new, said),
        "tables": summary,
    }
    changes["empty"] = not any(t["status"] != "kept" or t["rows_added"] or t["rows_changed"] or t["rows_removed"]
                               or t["columns_added"] or t["columns_removed"] for t in summary.values())
    return changes


def changed_rows(old: Snapshot, new: Snapshot, name: str) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """The key and the rows of `name` that differ (added, removed or changed), old and new,
    each with its header: what daff is given, so that a table of many unchanged rows costs
    nothing."""
    table = keyed(old, new, name)
    touched = set(table["added"]) | set(table["removed"]) | set(table["changed"])
    if table["columns_added"] or table["columns_removed"]:
        touched |= set(table["old"]) | set(table["new"])

    def rows(snapshot: Snapshot, found: dict[str, Row]) -> list[list[str]]:
        header = snapshot.columns(name)
        return [header] + [[found[ident].get(c, "") for c in header] for ident in sorted(touched & found.keys())]

    return table["key"], rows(old, table["old"]), rows(new, table["new"])
