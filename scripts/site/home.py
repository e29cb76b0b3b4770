"""The site's own pages: home (what the dataset holds, the map, downloads, citation),
performance (the committed bench results) and the data dictionary."""

from __future__ import annotations

import json
import re
from pathlib import Path

from scripts.publish import citation
from scripts.publish.tables import CITATIONS, DESCRIPTORS
from scripts.release.archive import view_names
from scripts.schema.registry import ROOT, package_meta, record_tables, source_table, tables
from scripts.site.escape import code_spans, e, front_matter, html_table, key_values
from scripts.site.index import Site


def last_updated(root: Path) -> str | None:
    """The date of the latest commit that changed data/ (YYYY-MM-DD), or None outside git."""
    import subprocess

    try:
        result = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cs", "--", "data"],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    day = result.stdout.strip()
    return day if result.returncode == 0 and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day) else None


def constraint_text(constraints: dict) -> str:
    words = []
    if constraints.get("required"):
        words.append("required")
    if constraints.get("unique"):
        words.append("unique")
    if "enum" in constraints:
        words.append("one of " + ", ".join(constraints["enum"]))
    if "pattern" in constraints:
        words.append(f"pattern {constraints['pattern']}")
    for key, word in (("minimum", "≥"), ("maximum", "≤")):
        if key in constraints:
            words.append(f"{word} {constraints[key]}")
    if "maxLength" in constraints:
        words.append(f"at most {constraints['maxLength']} characters")
    return "; ".join(words)


def home(site: Site, release: list[Path]) -> None:
    counts = {name: len(rows) for name, rows in site.data.items()}
    years = sorted(int(r[t.dated_by][:4]) for name, t in record_tables().items() if t.dated_by
                   for r in site.data[name] if r[t.dated_by])
    own = {code: sum(len(site.naming(site.by_place, code, t)) for t in record_tables()) for code in site.covered()}
    own = {code: n for code, n in own.items() if n}
    newest = max((s["published_date"] for s in site.sources.values()), default="")
    coverage = key_values([
        ("Sources", f'<a href="sources/index.html">{counts[source_table().name]}</a>'
                    + (f", the newest published {e(newest)}" if newest else "")),
        *[(t.title, str(counts[name])) for name, t in record_tables().items()],
        ("Facts reported more than once", f'<a href="facts.html">{sum(int(f["reports"]) > 1 for f in site.facts.values())}</a>'),
        ("Companies and organisations", f'<a href="companies/index.html">{len(site.entities)}</a>'),
        ("Countries", ", ".join(site.place(c, "") for c in site.covered())),
        ("Country groups", ", ".join(site.place(g, "") for g in sorted(site.groups))),
        ("Years", f"{years[0]}–{years[-1]}" if years else ""),
    ], "What the dataset holds")
    files = [[f'<a href="downloads/data/{n}.csv">data/{n}.csv</a>', code_spans(tables()[n].descriptor["description"])]
             for n in tables()]
    files += [[f'<a href="downloads/{n}">{n}</a>', "The package descriptor: every table and column, "
               "with types, units and keys" + (" (site-contained)" if n.endswith("json") else "")] for n in DESCRIPTORS]
    archive, database, *parquet = [path.relative_to(site.out).as_posix() for path in release]
    release = [[f'<a href="{archive}">{e(citation.archive_name())}</a>', "This version in one archive: the "
                "package, every table, the archived texts its quotes are checked against, README, licence, "
                "changelog and citation. It validates wherever it is unzipped."],
               [f'<a href="{database}">{e(Path(database).name)}</a>', "A SQLite database of every table, with "
                "column types, primary and foreign keys, and the views " + ", ".join(view_names())],
               ["Parquet, one file per table", ", ".join(f'<a href="{p}">{e(Path(p).stem)}</a>' for p in parquet)]]
    files = release + files + [[f'<a href="downloads/{n}">{n}</a>', "How to cite it"] for n in CITATIONS]
    updated = last_updated(site.root)
    text = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for mark, value in (("coverage", coverage), ("map", site.map(own, "")),
                        ("downloads", html_table(["File", "Contents"], files, "Downloads of this version")),
                        ("status", e(citation.status())),
                        ("updated", e(updated or citation.released())),
                        ("updated-how", "the date of the latest commit to data/" if updated else "the release date"),
                        ("citation", e(citation.recommended())), ("bibtex", citation.bibtex())):
        text = text.replace(f"<!-- {mark} -->", value)
    site.write("index.md", text)


def performance(site: Site) -> None:
    results_file = ROOT / "bench-results.json"
    parts = ["# Performance\n", "How fast the checks and the build run as the dataset grows, measured on a "
             "synthetic corpus (`scripts/tools/synth.py`: generated articles whose entries quote them, about ten "
             "records a source) against the physical floor — only reading the same YAML files with libyaml's "
             "`CSafeLoader` — and against `frictionless validate`.\n",
             "Reproduce with:\n\n```sh\nmake bench N=10000\n```\n",
             "Each figure is the wall time in seconds of a fresh process (unless named otherwise). "
             "`check_s` is `make check` without the cache; `check_filling_cache_s` the same, writing the "
             "cache; `check_unchanged_s` the full check again with nothing changed; `check_one_changed_s` the "
             "full check of every entry after one entry was edited (the edited one is checked afresh, the "
             "others come from the cache); `check_named_file_s` is `make check FILES=<the edited entry>`, the "
             "contributor's loop. `own_validate_s` is `python -m scripts verify` and "
             "`frictionless_validate_s` is `frictionless validate datapackage.yaml` on the same package.\n"]
    if results_file.is_file():
        results = json.loads(results_file.read_text(encoding="utf-8"))
        machine = results.get("machine", {})
        parts.append(f"Measured on {machine.get('cpus', '?')} cores"
                     + (f", {machine['memory_gib']} GiB" if "memory_gib" in machine else "")
                     + f", Python {machine.get('python', '?')}, "
                     f"{machine.get('system', '?')}, with {results['sources']} sources and "
                     f"{results['records']} records.\n")
        parts.append(results_table(results) + "\n")
    else:
        parts.append("No results yet: run `make bench` to measure.\n")
    parts.append("## How\n")
    parts.append("- **A cold check** reads the entries in chunks on every core; each worker runs the checks of "
                 "one entry, then the pandera schemas over the chunk's rows at once, and returns each entry's "
                 "rows as ready-made CSV lines. Reading YAML is most of the time, which is why the floor is "
                 "libyaml's loader alone.\n"
                 "- **A warm check** takes each unchanged entry's result from the check cache (kept outside the work tree). An entry counts as "
                 "unchanged when the SHA-256 of its file and its archived text is the one recorded, or, for files "
                 "last changed more than two seconds before the run that recorded them, when their size, times "
                 "and inode are (a write always moves a file's ctime, which no program can set back). The cache "
                 "is also keyed by the registries, the schemas, the code and the day, so that a change to any of "
                 "them checks everything again; tests compare cached and cold checks of broken corpora.\n"
                 "- **An unchanged corpus**: a full check that found nothing wrong is remembered by everything it "
                 "read (every file of data/sources and the registries by size, times and inode, the schemas, the "
                 "code and the day) with the SHA-256 of every file it would publish. When none of that changed, "
                 "the next check reads no entry: it compares the published files with those hashes and says what "
                 "a full check would (tests/publish/test_verdicts.py compares the two).\n"
                 "- **One changed entry**: while the main process reads the cache, a worker starts and imports "
                 "pandas and pandera (about half a second); it checks the changed entry as soon as it is known. "
                 "Only the changed entries are written back to the cache. The derived tables (facts, link tables) "
                 "are read back when what they are made of did not change, and the gate's verdict when the "
                 "package's bytes did not.\n"
                 "- **The gate** of `check` is the package's own verifier (below); `build` runs it, then "
                 "`frictionless validate`, before it installs anything.\n"
                 "- **`verify`** turns the Table Schemas in `datapackage.json` into SQL and runs it with DuckDB, "
                 "which reads the CSVs on every core; the file hashes are computed meanwhile. It reports what "
                 "`frictionless validate` reports — sizes, hashes, headers, row shapes, types, constraints, "
                 "primary and foreign keys — and tests plant each kind of error to show both find it.\n"
                 "- **The site** (`docs_1000_*`, `docs_10000_*`: seconds, megabytes on disk, peak memory of the "
                 "largest process) indexes the records once by source, place and entity; the record tables of "
                 "country, company and fact pages are written to fragment files that a mkdocs hook puts back page "
                 "by page, so mkdocs never holds them all, and they stay out of the search index (their rows are "
                 "found on their source pages). The country most records name (China) lists its partners rather "
                 "than the whole dataset again.\n")
    site.write("performance.md", "\n".join(parts))


def dictionary(site: Site) -> None:
    parts = [front_matter("Data dictionary"), "<h1>Data dictionary</h1>\n",
             "<p>Every column of every table, generated from <code>schemas/&lt;table&gt;.yaml</code>, the one "
             "place where columns are defined. Types are those of the published package.</p>\n"]
    for name, table in tables().items():
        parts.append(f'<h2 id="{e(name)}">{e(table.descriptor["title"])}</h2>\n')
        published = table.published_descriptor()  # the types and examples as the CSV holds them
        keys = "; ".join(f"<code>{e(', '.join(k['fields']))}</code> → <a href=\"#{e(k['reference']['resource'])}\">"
                         f"{e(k['reference']['resource'])}</a>.<code>{e(', '.join(k['reference']['fields']))}</code>"
                         for k in published.get("foreignKeys", []))
        parts.append(f"<p><code>data/{e(name)}.csv</code>: {code_spans(table.descriptor['description'])} "
                     f"Primary key: <code>{e(', '.join(table.descriptor['primaryKey']))}</code>."
                     + (f" Foreign keys: {keys}." if keys else "") + "</p>\n")
        rows = []
        for d in published["fields"]:
            rows.append([f"<code>{e(d['name'])}</code>", e(d["type"]), e(d.get("unit", "")),
                         e(constraint_text(d.get("constraints", {}))), code_spans(d["description"]),
                         "" if d.get("example") is None else
                         f'<code class="srt-example{" srt-short" if len(str(d["example"])) <= 24 else ""}">'
                         f'{e(d["example"])}</code>'])
        parts.append(html_table(["Column", "Type", "Unit", "Constraints", "Description", "Example"], rows,
                                f"Columns of {name}.csv", download=f"dictionary-{name}"))
    site.write("dictionary.md", "\n".join(parts))


def results_table(results: dict) -> str:
    """bench-results.json as a Markdown table: each figure, its target and whether it is met
    (the file carries both, written by `make bench`), then the ratios."""
    targets = results.get("targets", {})
    yes = {True: "yes", False: "no"}
    lines = ["| figure | value | target | met |", "|---|---:|---|---|"]
    for key, value in results.items():
        if not isinstance(value, dict):
            judged = targets.get(key, {})
            lines.append(f"| `{key}` | {value} | {judged.get('target', '')} | {yes.get(judged.get('met'), '')} |")
    for key, value in results.get("ratios", {}).items():
        lines.append(f"| `{key}` | {value} x | | |")
    return "\n".join(lines)
