"""The "What changed" pages: one per release (what it changed from the release before it),
one for what the published package changed since the last release, and an index of them.
Each is `make diff` of two packages (scripts/release/diff.py), the releases read from git
(schemas/package.yaml lists them); every value reaches the page through escape.e."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scripts.core.problems import one_line
from scripts.publish import history
from scripts.publish.history import HistoryError
from scripts.publish.snapshot import SnapshotError, from_folder
from scripts.release.changes import release_snapshot
from scripts.release.diff import compare
from scripts.site.escape import e, front_matter, html_table
from scripts.site.index import Site

SHOWN = 300  # rows a section lists; the release's changes.json has them all
CUT = 200  # characters of a value a cell shows


def release_changes(root: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(page name, title, changes) of every release, newest first, and of the published
    package since the last release when it differs from it."""
    try:
        listed = history.readable()
        out, previous = [], None
        for release in listed:
            found = compare(release_snapshot(previous), release_snapshot(release))
            out.append((release.version, f"Release {release.version} ({release.date})", found))
            previous = release
        current = compare(release_snapshot(previous), from_folder(root))
    except (SnapshotError, HistoryError) as error:
        raise SystemExit(f"{one_line(str(error))} — the site was not built") from None
    if not current["empty"] or not listed:
        pending = history.pending(str(current["to"]["version"]), listed)
        out.append((pending or "unreleased", f"Version {pending} (being prepared)" if pending else "Unreleased", current))
    return out[::-1]


def _cut(value: str) -> str:
    return e(value if len(value) <= CUT else value[:CUT - 1] + "…")


def _now(item: dict[str, Any]) -> str:
    """The id that stands for an id renamed (the withdrawals' `replaced_by`), as code."""
    return f"<code>{e(item['replaced_by'])}</code>" if item.get("replaced_by") else ""


def _listed(title: str, headers: list[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return []
    more = f"<p>And {len(rows) - SHOWN} more: see changes.json in the release archive.</p>\n" if len(rows) > SHOWN else ""
    return [f"<h2>{e(title)} ({len(rows)})</h2>\n", html_table(headers, rows[:SHOWN], title, searched=False), more]


def page(name: str, title: str, found: dict[str, Any]) -> str:
    parts = [front_matter(f"What changed: {title}"), f"<h1>What changed: {e(title)}</h1>\n",
             f"<p>Compared with {e(found['from']['label'])}"
             + (f" (version {e(found['from']['version'])})" if found["from"]["version"] else "") + ".</p>\n"]
    if found["empty"]:
        return "".join(parts + ["<p>No changes.</p>\n"])
    records = found["records"]
    rows = [[e(item["table"]), e(item["id"]), e(item["source_id"])]
            for section in ("records", "sources") for item in found[section]["added"]]
    parts += _listed("Records and sources added", ["Table", "Id", "Source"], rows)
    rows = [[e(item["table"]), e(item["id"]), _now(item), _cut(item.get("reason", ""))]
            for section in ("records", "sources") for item in found[section]["withdrawn"]]
    parts += _listed("Records and sources withdrawn or renamed", ["Table", "Id", "Now (renamed to)", "Reason"], rows)
    rows = [[e(item["table"]), e(item["id"]), e(field["column"]), _cut(field["from"]), _cut(field["to"])]
            for section in ("records", "sources") for item in found[section]["changed"] for field in item["fields"]]
    parts += _listed("Records and sources changed, field by field", ["Table", "Id", "Column", "Was", "Now"], rows)
    rows = [[e(item["source_id"]), e(item["version"]), e(word), e(item["amended_date"]), _cut(item["reason"])]
            for word in ("added", "changed", "removed") for item in found["text_versions"][word]]
    parts += _listed("Amended articles: versions of archived texts", ["Source", "Version", "Change",
                                                                      "Amended (publisher's date)", "Reason"], rows)
    facts = found["facts"]
    rows = [[e(item["id"]), e(aspect), e(field["column"]), _cut(field["from"]), _cut(field["to"])]
            for item in facts["changed"] for aspect, fields in item["aspects"].items() for field in fields]
    parts += _listed("Facts changed", ["Fact", "Aspect", "Column", "Was", "Now"], rows)
    rows = [[e(item["id"]), e(word), e(item["label"])] for word in ("added", "removed") for item in facts[word]]
    parts += _listed("Facts added and removed", ["Fact", "Change", "Label"], rows)
    rows = [[e(item["table"]), e(item["id"]), e(item["change"]), e(", ".join(f["column"] for f in item["fields"])),
             _now(item), _cut(item.get("reason", "")), e(", ".join(row["id"] for row in item["affects"]))]
            for item in found["registries"]]
    parts += _listed("Registry edits and the rows whose meaning they change",
                     ["Registry", "Id", "Change", "Columns", "Now (renamed to)", "Reason it left", "Rows that name it"],
                     rows)
    rows = [[e(table), e(info["status"]), e(", ".join(info["columns_added"])), e(", ".join(info["columns_removed"])),
             e(info["rows_added"]), e(info["rows_changed"]), e(info["rows_removed"])]
            for table, info in found["tables"].items()
            if info["status"] != "kept" or info["columns_added"] or info["columns_removed"]
            or info["rows_added"] or info["rows_changed"] or info["rows_removed"]]
    parts += _listed("Tables", ["Table", "Table status", "Columns added", "Columns removed", "Rows added",
                                "Rows changed", "Rows removed"], rows)
    return "\n".join(parts)


def changes_pages(site: Site, pages: list[tuple[str, str, dict[str, Any]]]) -> None:
    index = [front_matter("What changed"), "<h1>What changed</h1>\n",
             "<p>What each release changed in the published package: records added, changed field by field and "
             "withdrawn, facts whose figures or agreement changed, and registry edits with the rows they change the "
             "meaning of. <code>make diff</code> shows the same for any two packages; each release archive holds "
             "its own as changes.json.</p>\n<ul>\n"]
    for name, title, found in pages:
        site.write(f"changes/{name}.md", page(name, title, found))
        index.append(f'<li><a href="{e(name)}.html">{e(title)}</a></li>\n')
    site.write("changes/index.md", "".join(index + ["</ul>\n"]))
