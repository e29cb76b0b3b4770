"""One article, one source: a text already archived cannot be entered again as an
independent source.

Two sources are the same article when their archived texts have the same fingerprint
(sources.text_fingerprint: the text's SHA-256 with case, punctuation and spacing set aside,
so the same bytes, or the same article reprinted with other quotes, dashes or line breaks).
Of such sources, one is the original (a published one first, then the earliest); every other must say which source it reprints
(`syndicates: <source id>`), and a syndicated copy is never counted as an independent
report in the facts (scripts/publish/facts.py). `syndicates` names a source of the
package that is itself an original.

Run once over the rendered sources table: a dictionary by fingerprint, whatever the
corpus's size.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scripts.check.permanence import compare
from scripts.check.published import forget, locate, published, read_rows
from scripts.check.versions import check_versions
from scripts.core.problems import Problems
from scripts.schema.registry import source_table


def check_reprints(root: Path, files: dict[str, bytes], problems: Problems) -> None:
    content = files.get(f"data/{source_table().name}.csv")
    if not content:
        return
    rows = [row for row, _ in read_rows(content, source_table().id_field).values()]
    if not rows or "text_fingerprint" not in rows[0]:
        return
    by_id = {row["source_id"]: row for row in rows}
    before = read_rows(published(root, source_table().name), source_table().id_field)  # a published source stays original
    groups: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        if row["text_fingerprint"]:
            groups.setdefault(row["text_fingerprint"], []).append(row)

    def say(source: str, key: str, message: str, fix: str) -> None:
        file = f"data/sources/{source}.yaml"
        problems.add(file, *locate(root, file, key), f"{source_table().name}.{key}", message, fix)

    for row in rows:
        target = row.get("syndicates") or ""
        if not target:
            continue
        if target == row["source_id"]:
            say(row["source_id"], "syndicates", "a source cannot be a copy of itself", "remove `syndicates:`")
        elif target not in by_id:
            say(row["source_id"], "syndicates", f"`{target}` is not a source of the package",
                "name the source this article reprints, as its entry's `id` writes it")
        elif by_id[target].get("syndicates"):
            original = by_id[target]["syndicates"]
            say(row["source_id"], "syndicates", f"`{target}` is itself a copy of `{original}`",
                f"name the original: `syndicates: {original}`")
    for group in groups.values():
        originals = sorted((row for row in group if not row.get("syndicates")),
                           key=lambda row: (row["source_id"] not in before, row["published_date"], row["source_id"]))
        for row in originals[1:]:
            same = "the same bytes" if row["text_sha256"] == originals[0]["text_sha256"] else \
                "the same text, case, punctuation and spacing aside"
            say(row["source_id"], "id", f"the archived text is the article of `{originals[0]['source_id']}` ({same}): "
                "a reprint is not an independent source",
                f"record it as a syndicated copy (`syndicates: {originals[0]['source_id']}`), or remove the entry")


def keeps(root: Path, files: dict[str, bytes], against: Path | None = None) -> bool:
    """Whether the package the entries give keeps every published id, value and archived
    text (every version of it) of the one in the work tree, or says why not
    (data/withdrawals.yaml, data/corrections.yaml), declares every version of a text it
    holds, and counts no article twice; what it would lose is reported. `against`: the folder
    of the published package to keep (default: the one in the work tree at `root`)."""
    problems = Problems()
    forget(against)
    if against is not None and not (against / "datapackage.json").is_file():
        problems.add(str(against), 1, 1, "", "no published package here (no datapackage.json) to compare with",
                     "name the folder of a checkout of the base branch")
    try:
        notes = compare(root, files, problems)
        check_versions(root, files, problems)
        check_reprints(root, files, problems)
    finally:
        forget()
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if problems:  # each fix says what to write (CONTRIBUTING.md, "Permanence")
        print(problems.report(), file=sys.stderr)
    return not problems
