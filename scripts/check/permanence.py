"""Permanence: what the entries would publish, compared with the package published in the
work tree (data/*.csv as committed: what a pull request's diff shows a reviewer).

- A published id (a source, a record, a group, an entity) never vanishes: it is in the
  package, or listed in data/withdrawals.yaml with its table, the release it left in and a
  reason, or renamed there (`replaced_by`; a renamed source renames its records:
  `<old source id>:<name>` is `<new source id>:<name>`).
- A published value that says what rows mean (`x-table.meaning` in schemas/: a source's
  publication date, a group's members, an entity's name) changes only with a row of
  data/corrections.yaml giving the old value, the new and a reason; the check names the
  published rows whose meaning a registry edit changes.
- Evidence is append-only: a published source's archived text (its SHA-256) never changes;
  an amended article is a new version of it (scripts/check/versions.py keeps those).
- Withdrawals and corrections, once published, stay as they were; a new one names the
  version of schemas/package.yaml.

Run once over the rendered package (scripts/publish/tables.py's files), by id sets and
hashes: when the reference files are byte for byte what the entries give, nothing is
compared. A package with no published sources.csv (a new one) has nothing to keep, and
a published CSV is a reference only while datapackage.json vouches for it (its hash).
"""

from __future__ import annotations

from pathlib import Path

from scripts.check.published import Rows, locate, published, read_rows
from scripts.core.problems import Problems
from scripts.schema.model import Table
from scripts.schema.registry import index_table, next_release, permanence_table, record_tables, registries, source_table

NAMED_BY = {"place": ("place", "places", "base"), "entity": ("entity", "entities")}  # kinds naming a registry's ids
SHOWN = 8  # the published rows a message names before "and N more"


class Comparison:
    """The entries' package (`files`) against the published one at `root`."""

    def __init__(self, root: Path, files: dict[str, bytes], problems: Problems) -> None:
        self.root, self.files, self.problems = root, files, problems
        self.notes: list[str] = []
        self.version = next_release()  # the release being prepared: what leaves now leaves in it
        self.tables = [source_table(), *(t for t in registries().values() if "names" in t.meta)]
        self.withdrawals, self.corrections = permanence_table("withdrawals"), permanence_table("corrections")

    def both(self, table: Table) -> tuple[Rows, Rows]:
        """(published, now) rows of a table, by id."""
        return (read_rows(published(self.root, table.name), table.id_field),
                read_rows(self.files.get(f"data/{table.name}.csv"), table.id_field))

    def same(self, table: Table | None) -> bool:
        """Whether the entries write `table` byte for byte as published (or neither has it)."""
        return table is None or published(self.root, table.name) == self.files.get(f"data/{table.name}.csv")

    def unchanged(self) -> bool:
        return all(self.same(t) for t in self.tables + [index_table(), self.withdrawals, self.corrections])

    def run(self) -> None:
        if published(self.root, source_table().name) is None or self.unchanged():
            return
        # A table written as published keeps its ids and values: only the others are read,
        # unless the withdrawals changed (a new one is checked against every published id).
        self.every = not self.same(self.withdrawals)
        ids, now_ids = {}, {}  # published id -> (its table, the CSV and line); id now -> its table
        for table in self.tables:
            if not self.every and self.same(table):
                continue
            before, now = self.both(table)
            ids.update({ident: (table.name, table.name, line) for ident, (_, line) in before.items()})
            now_ids.update(dict.fromkeys(now, table.name))
        index = index_table()
        if index is not None and (self.every or not self.same(index)):
            before, now = (read_rows(content, "record_id") for content in
                           (published(self.root, index.name), self.files.get(f"data/{index.name}.csv")))
            ids.update({ident: (row["table"], index.name, line) for ident, (row, line) in before.items()})
            now_ids.update({ident: row["table"] for ident, (row, _) in now.items()})
        gone = self.check_withdrawals(ids, now_ids)
        renamed = {row["withdrawn_id"]: row["replaced_by"] for row, _ in gone.values() if row.get("replaced_by")}
        for ident, (table, csv_name, line) in ids.items():
            if ident in now_ids or ident in gone:
                continue
            source, _, name = ident.partition(":")
            if name and source in renamed and f"{renamed[source]}:{name}" in now_ids:
                continue
            self.problems.add(f"data/{csv_name}.csv", line, 1, f"{table}.id",
                              f"`{ident}` was published and is in no entry now: it would disappear",
                              f"withdraw it in data/withdrawals.yaml (`- id: {ident}`, `table: {table}`, "
                              f"`release: {self.version}`, `reason: ...`; `replaced_by: <new id>` for a rename), "
                              "or restore it")
        self.check_meaning(renamed)
        self.check_corrections()

    def registry_file(self, table: Table) -> str:
        return f"data/{table.name}.yaml"

    def check_withdrawals(self, ids: dict, now_ids: dict[str, str]) -> Rows:
        """The withdrawals now, each checked: out of the package, a rename's new id in it, a
        new one in this release and of a published id, a published one kept as it was."""
        if self.withdrawals is None:
            return {}
        before, now = self.both(self.withdrawals)
        file = self.registry_file(self.withdrawals)
        self.kept(self.withdrawals, before, now, "withdrawal")
        renamed = {ident: row["replaced_by"] for ident, (row, _) in now.items() if row.get("replaced_by")}
        renamed_from = {new: old for old, new in renamed.items()}  # a renamed source's new id -> its published one
        for ident, (row, _) in now.items():
            def say(key: str, message: str, fix: str) -> None:
                self.problems.add(file, *locate(self.root, file, key, ident), f"{self.withdrawals.name}.{key}",
                                  message, fix)
            if ident in now_ids:
                say("id", f"`{ident}` is withdrawn but still in the package", "a withdrawn id is never used again: "
                    + ("give the record another id" if ident in before else "remove the withdrawal, or give the record another id"))
            if ident in before:
                continue  # published: kept as it was (a rename's target may since have left too)
            target = row.get("replaced_by") or ""
            source, _, name = target.partition(":")
            if target and target not in now_ids and f"{renamed.get(source)}:{name}" not in now_ids:
                say("replaced_by", f"`{target}` is not an id of the package", "name the id that stands for it now")
            elif target in now_ids and now_ids[target] != row.get("table"):  # a permalink leads to the same kind of row
                say("replaced_by", f"`{target}` is a row of {now_ids[target]}, not of {row.get('table')}",
                    f"name the {row.get('table')} id that stands for it now")
            elif target in ids or (was := f"{renamed_from.get(source)}:{name}") in ids and was != ident:  # nor through
                # a renamed source to another published claim (its own record, renamed with it, is itself)
                say("replaced_by", f"`{target}` was published already: a rename's id is new in the release that "
                    "renames", "give the renamed row a new id, or withdraw this one without `replaced_by` (a duplicate "
                    "of another record is withdrawn, with the reason naming it)")
            if row.get("release") != self.version:
                say("release", f"a withdrawal made now is made in release {self.version} (schemas/package.yaml)",
                    f"write `release: {self.version}`")
            if ident not in ids:
                say("id", f"`{ident}` was never published: there is nothing to withdraw", "remove the withdrawal")
            elif ids[ident][0] != row.get("table"):
                say("table", f"`{ident}` was published in {ids[ident][0]}, not {row.get('table')}",
                    f"write `table: {ids[ident][0]}`")
        return now

    def kept(self, table: Table, before: Rows, now: Rows, what: str) -> None:
        """A published withdrawal or correction is there still, as it was."""
        for ident, (row, line) in before.items():
            if now.get(ident, ({}, 0))[0] != row:
                self.problems.add(self.registry_file(table), *locate(self.root, self.registry_file(table), "id", ident),
                                  f"{table.name}.id", f"the published {what} `{ident}` is "
                                  + ("changed" if ident in now else "gone"),
                                  f"a {what} is permanent: restore it as data/{table.name}.csv has it (line {line})")

    def check_corrections(self) -> None:
        if self.corrections is None:
            return
        before, now = self.both(self.corrections)
        self.kept(self.corrections, before, now, "correction")
        file = self.registry_file(self.corrections)
        meaning = {t.name: t for t in self.tables}
        for ident, (row, _) in now.items():
            if ident in before:
                continue

            def say(key: str, column: str, message: str, fix: str) -> None:
                self.problems.add(file, *locate(self.root, file, key, ident), f"{self.corrections.name}.{column}", message, fix)
            if row.get("release") != self.version:
                say("release", "release", f"a correction made now is made in release {self.version} (schemas/package.yaml)",
                    f"write `release: {self.version}`")
            table, field, target = meaning.get(row.get("table") or ""), row.get("field") or "", row.get("corrected_id")
            if table is None or field not in table.meta.get("meaning", []):
                say("field", "field", f"`{row.get('table')}.{field}` does not say what rows mean: it takes no correction",
                    "correct one of: " + ", ".join(f"{t.name}.{c}" for t in self.tables for c in t.meta.get("meaning", [])))
                continue
            for key, rows, column in (("old", self.both(table)[0], "old_value"), ("new", self.both(table)[1], "new_value")):
                value = (rows[target][0].get(field) or "") if target in rows else None
                if value is not None and value != (row.get(column) or ""):
                    say(key, column, f"`{target}` {'was published with' if key == 'old' else 'has'} {field} `{value}`, "
                        f"not `{row.get(column) or ''}`", f"write `{key}: \"{value}\"`")

    def correction(self, table: str, ident: str, column: str, old: str, new: str) -> str | None:
        """The id of the correction that records this change, if there is one."""
        if self.corrections is None:
            return None
        for ident_c, (row, _) in read_rows(self.files.get(f"data/{self.corrections.name}.csv"),
                                           self.corrections.id_field).items():
            if (row.get("corrected_id"), row.get("table"), row.get("field"), row.get("old_value") or "",
                    row.get("new_value") or "") == (ident, table, column, old, new):
                return ident_c
        return None

    def check_meaning(self, renamed: dict[str, str]) -> None:
        """Values that say what rows mean, changed: each needs its correction. And a
        published source's text never changes."""
        for table in self.tables:
            if self.same(table):
                continue
            before, now = self.both(table)
            source = table.role == "source"
            for ident, (old, _) in before.items():
                current = renamed.get(ident, ident)
                if current not in now:
                    continue
                new = now[current][0]
                file = f"data/sources/{current}.yaml" if source else self.registry_file(table)
                if source and old.get("text_sha256") != new.get("text_sha256"):
                    self.problems.add(file, *locate(self.root, file, "text_sha256"), f"{table.name}.text_sha256",
                                      f"the archived text of the published source `{ident}` has changed (published "
                                      f"with SHA-256 {old.get('text_sha256')}): evidence is append-only",
                                      "restore the archived text as published, and write its hash back; if "
                                      "the publisher amended the article, archive the new text as a new version "
                                      f"(data/sources/{current}.v<N>.txt, the next number, declared under "
                                      "`versions:` with its `text_sha256`, `archived_date` and `reason`)")
                for column in table.meta.get("meaning", []):
                    was, is_now = old.get(column) or "", new.get(column) or ""
                    if was == is_now:
                        continue
                    found = self.correction(table.name, current, column, was, is_now)
                    rows = self.affected(table, ident) if not source else []
                    named = ", ".join(rows[:SHOWN]) + (f" and {len(rows) - SHOWN} more" if len(rows) > SHOWN else "")
                    effect = f"; it changes the meaning of {len(rows)} published row(s): {named}" if rows else ""
                    if found:
                        self.notes.append(f"correction `{found}`: {table.name} `{current}` {column} `{was}` -> "
                                          f"`{is_now}`{effect}")
                        continue
                    key = table.field(column).entry_key or column
                    where = locate(self.root, file, key, None if source else current)
                    self.problems.add(file, *where, f"{table.name}.{key}",
                                      f"`{current}` was published with {column} `{was}`, now `{is_now}`{effect}",
                                      f"if this is a correction, record it in data/corrections.yaml (`- id: <a new id>`, `corrects: "
                                      f"{current}`, `table: {table.name}`, `field: {column}`, `old: \"{was}\"`, "
                                      f"`new: \"{is_now}\"`, `release: {self.version}`, `reason: ...`); "
                                      "otherwise restore the published value")

    def affected(self, registry: Table, ident: str) -> list[str]:
        """The published records that name a registry's id (a group, an entity)."""
        kinds = NAMED_BY.get(registry.meta.get("names", ""), ())
        out = []
        for name, table in record_tables().items():
            columns = [f.name for f in table.kinds(*kinds)]
            if not columns:
                continue
            for row, _ in read_rows(published(self.root, name), table.id_field).values():
                if any(ident in (row.get(c) or "").split(",") for c in columns):
                    out.append(f"{name} {row[table.id_field]}")
        return out


def compare(root: Path, files: dict[str, bytes], problems: Problems) -> list[str]:
    """Add to `problems` what the entries' package would lose or change of the published one
    without a withdrawal or a correction; the notes on corrected changes (what they change)."""
    comparison = Comparison(root, files, problems)
    comparison.run()
    return comparison.notes
