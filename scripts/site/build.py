"""Docs: generate the site's pages from the published package and the schemas.

`python -m scripts docs` copies the hand-written pages of docs/ to build/docs/ and
adds the generated ones: the home page's coverage and downloads, the data
dictionary, one page per country and group, one per source, with charts. mkdocs
then builds build/docs/ into site/. Nothing generated is committed.

Every text that comes from the data (entry files and registries: titles, quotes,
notes, names, any cell of a CSV) is contributor input: it reaches a page only through
pages.e (HTML-escaped, one line, written only inside HTML blocks, never as Markdown)
and a page title only through pages.front_matter; see scripts/site/pages.py.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

from scripts.site import charts
from scripts.publish import citation
from scripts.release import archive as distribution
from scripts.site import pages
from scripts.site import worldmap
from scripts.core.files import MAX_TEXT_BYTES, Unsafe, is_regular, read_regular
from scripts.site.pages import code_spans, country_name, e, front_matter, html_table, key_values
from scripts.core.problems import one_line
from scripts.publish.tables import CITATIONS, DESCRIPTORS
from scripts.schema.registry import ROOT, facts_table, package_meta, record_tables, registry_for, source_table, tables

SITE_SRC = ROOT / "build" / "docs"
FRAGMENTS = ".fragments"  # within the docs folder; mkdocs skips dot-folders
EXTERNAL = re.compile(r'<div class="srt-table"[^>]* data-search-exclude>\n.*?</table>\n</div>\n', re.S)


def load(root: Path) -> dict[str, list[dict]]:
    data = {}
    for name in tables():
        with (root / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            data[name] = list(csv.DictReader(handle))
    return data


class Site:
    def __init__(self, root: Path, out: Path) -> None:
        self.root, self.out = root, out
        self.data = load(root)
        self.groups = self.registry("place")  # group id -> its row; members: self.members(id)
        self.entities = self.registry("entity")
        self.entity_table = registry_for("entity")
        sources = source_table()
        self.sources = {s[sources.id_field]: s for s in self.data[sources.name]}
        facts = facts_table()
        self.facts = {row["fact_id"]: row for row in self.data[facts.name]} if facts else {}
        self.records_by_id: dict[str, tuple] = {}  # record id -> (its table, its row)
        self.fact_reports: dict[str, list[str]] = {}  # fact id -> its records' ids
        # records by what they name, built in one pass: value -> table name -> rows
        self.by_source: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        self.by_place: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))  # named itself
        self.by_base: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))  # a figure's base
        self.by_entity: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        series = set()
        for name, table in record_tables().items():
            chart = table.meta.get("site", {}).get("chart") or {}
            indexes = ((self.by_place, table.kinds("country", "place", "places")), (self.by_base, table.kinds("base")),
                       (self.by_entity, table.kinds("entity", "entities")))
            for row in self.data[name]:
                for index, fields in indexes:
                    values = {v for f in fields for v in (row.get(f.name) or "").split(",") if v}
                    for value in values:
                        index[value][name].append(row)
                    if index is self.by_place and "countries" in table.uses:
                        # a country the record concerns other than as a member of a group it names
                        through = {m for g in values if g in self.groups for m in self.members(g)}
                        for code in set(row["countries"].split(",")) - through - values - {""}:
                            index[code][name].append(row)
                self.by_source[row["source_id"]][name].append(row)
                self.records_by_id[row[table.id_field]] = (table, row)
                if row.get("fact_id"):
                    self.fact_reports.setdefault(row["fact_id"], []).append(row[table.id_field])
                if chart.get("type") == "figures" and row.get("value_usd"):
                    series.add(pages.series_name(table, row))
        self.styles = charts.series_styles(series)  # one colour and marker per series on every page
        self.records = pages.Records(self)

    @staticmethod
    def naming(index: dict[str, dict[str, list[dict]]], key: str, table: str) -> list[dict]:
        """The rows of `table` an index (by_place, by_base, by_entity, by_source) holds under
        `key`, without adding the key to it."""
        return index[key][table] if key in index else []

    def registry(self, kind: str) -> dict[str, dict]:
        """The rows of the registry whose ids name values of this kind, by id."""
        table = registry_for(kind)
        return {row[table.id_field]: row for row in self.data[table.name]} if table else {}

    def members(self, group: str) -> list[str]:
        return self.groups[group][registry_for("place").meta["stands_for"]].split(",")

    # ------------------------------------------------------------ helpers
    def place(self, code: str, prefix: str, named: bool = False) -> str:
        """A link to a country's or group's page, showing its code (or, named, its name)."""
        if not code:
            return ""
        name = self.groups[code]["name"] if code in self.groups else country_name(code)
        if named:
            return f'<a href="{prefix}countries/{e(code)}.html">{e(name)}</a>'
        return f'<a href="{prefix}countries/{e(code)}.html"><abbr title="{e(name)}">{e(code)}</abbr></a>'

    def entity(self, ident: str, prefix: str) -> str:
        """A link to a company's or organisation's page, showing its name."""
        if ident not in self.entities:
            return e(ident)
        return f'<a href="{prefix}companies/{e(ident)}.html">{e(self.entities[ident]["name"])}</a>'

    def map(self, counts: dict[str, int], prefix: str) -> str:
        """The map of the countries with records, shaded by how many name them."""
        return ('<figure class="srt-figure-map">' + worldmap.svg(
            counts, lambda code: f"{prefix}countries/{code}.html",
            "Countries by number of records", "Each country the records name is shaded by how many records name "
            "it; a record for a group (such as Central Asia) counts for the group, not its members. The table on "
            "the Countries page gives the same counts.") + "</figure>\n")

    def write(self, relative: str, text: str) -> None:
        """Write a page. Its tables kept out of search (a country's, a company's, the facts'
        records, whose rows are searched on their source pages) go to fragment files that
        scripts/site/hooks.py puts back into the built page: mkdocs then never holds them
        all at once, which keeps its memory flat as the dataset grows."""
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        count = 0

        def fragment(match: re.Match) -> str:
            nonlocal count
            count += 1
            name = f"{relative.removesuffix('.md')}/{count}"
            target = self.out / FRAGMENTS / f"{name}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(match.group(0), encoding="utf-8")
            return f"<!-- srt-fragment {name} -->\n"

        path.write_text(EXTERNAL.sub(fragment, text), encoding="utf-8")

    # ------------------------------------------------------------ pages
    def generate(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        unsafe = [path for path in [*(ROOT / "docs").rglob("*"), ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md"]
                  if path.is_symlink() or not (path.is_dir() or is_regular(path))]
        if unsafe:  # a link would copy any file of the machine onto the site
            raise SystemExit(f"{unsafe[0].relative_to(ROOT).as_posix()}: not a plain file or folder (a link, device "
                             "or FIFO) — commit the file itself; the site was not built")
        shutil.copytree(ROOT / "docs", self.out)
        shutil.copy2(ROOT / "CONTRIBUTING.md", self.out / "contributing.md")
        shutil.copy2(ROOT / "CHANGELOG.md", self.out / "changelog.md")
        downloads = self.out / "downloads"
        (downloads / "data").mkdir(parents=True)
        for name in tables():
            shutil.copy2(self.root / "data" / f"{name}.csv", downloads / "data" / f"{name}.csv")
        for name in DESCRIPTORS + CITATIONS:
            shutil.copy2(self.root / name, downloads / name)
        try:
            self.release = distribution.build(self.root, downloads / "release")
        except distribution.ReleaseError as error:
            raise SystemExit(f"{error} — the site was not built") from None
        self.home()
        self.performance()
        self.dictionary()
        pages.place_pages(self)
        pages.entity_pages(self)
        pages.facts_page(self)
        pages.source_pages(self)

    def home(self) -> None:
        counts = {name: len(rows) for name, rows in self.data.items()}
        years = sorted(int(r[t.dated_by][:4]) for name, t in record_tables().items() if t.dated_by
                       for r in self.data[name] if r[t.dated_by])
        own = {code: sum(len(self.naming(self.by_place, code, t)) for t in record_tables()) for code in self.covered()}
        own = {code: n for code, n in own.items() if n}
        newest = max((s["published_date"] for s in self.sources.values()), default="")
        coverage = key_values([
            ("Sources", f'<a href="sources/index.html">{counts[source_table().name]}</a>'
                        + (f", the newest published {e(newest)}" if newest else "")),
            *[(t.title, str(counts[name])) for name, t in record_tables().items()],
            ("Facts reported more than once", f'<a href="facts.html">{sum(int(f["reports"]) > 1 for f in self.facts.values())}</a>'),
            ("Companies and organisations", f'<a href="companies/index.html">{len(self.entities)}</a>'),
            ("Countries", ", ".join(self.place(c, "") for c in self.covered())),
            ("Country groups", ", ".join(self.place(g, "") for g in sorted(self.groups))),
            ("Years", f"{years[0]}–{years[-1]}" if years else ""),
        ], "What the dataset holds")
        files = [[f'<a href="downloads/data/{n}.csv">data/{n}.csv</a>', code_spans(tables()[n].descriptor["description"])]
                 for n in tables()]
        files += [[f'<a href="downloads/{n}">{n}</a>', "The package descriptor: every table and column, "
                   "with types, units and keys" + (" (self-contained)" if n.endswith("json") else "")] for n in DESCRIPTORS]
        archive, database, *parquet = [path.relative_to(self.out).as_posix() for path in self.release]
        release = [[f'<a href="{archive}">{e(citation.archive_name())}</a>', "The whole release in one archive: the "
                    "package, every table, the archived texts its quotes are checked against, README, licence, "
                    "changelog and citation. It validates wherever it is unzipped."],
                   [f'<a href="{database}">{e(Path(database).name)}</a>', "A SQLite database of every table, with "
                    "column types, primary and foreign keys, and the views latest_per_fact and bilateral"],
                   ["Parquet, one file per table", ", ".join(f'<a href="{p}">{e(Path(p).stem)}</a>' for p in parquet)]]
        files = release + files + [[f'<a href="downloads/{n}">{n}</a>', "How to cite this release"] for n in CITATIONS]
        updated = last_updated(self.root)
        text = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
        for mark, value in (("coverage", coverage), ("map", self.map(own, "")),
                            ("downloads", html_table(["File", "Contents"], files, "Downloads of this release")),
                            ("version", e(package_meta()["version"])), ("released", e(citation.released())),
                            ("updated", e(updated or citation.released())),
                            ("updated-how", "the date of the latest commit to data/" if updated else "the release date"),
                            ("citation", e(citation.recommended())), ("bibtex", citation.bibtex())):
            text = text.replace(f"<!-- {mark} -->", value)
        self.write("index.md", text)

    def performance(self) -> None:
        from scripts.tools.bench import TARGETS, table

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
            parts.append(table(results) + "\n")
        else:
            parts.append("No results yet: run `make bench` to measure.\n")
        parts.append("Targets: " + "; ".join(f"`{k}` {v}" for k, v in TARGETS.items()) + ".\n")
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
                     "- **One changed entry**: while the main process reads the cache, a worker starts and imports "
                     "pandas and pandera (about half a second, most of what is left); it checks the changed entry as "
                     "soon as it is known. Only the changed entries are written back to the cache.\n"
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
        self.write("performance.md", "\n".join(parts))

    def dictionary(self) -> None:
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
        self.write("dictionary.md", "\n".join(parts))

    @functools.cached_property
    def covered_codes(self) -> list[str]:
        codes: set[str] = set()
        for name, table in record_tables().items():
            for row in self.data[name]:
                if "countries" in table.uses:
                    codes.update(c for c in row["countries"].split(",") if c)
                codes.update(row[f.name] for f in table.kinds("country") if row[f.name])
        for group in self.groups:  # a record naming a group concerns each member
            codes.update(self.members(group))
        return sorted(codes)

    def covered(self) -> list[str]:
        """Every country a record concerns, and every member of a group."""
        return self.covered_codes

    def copy_text(self, source: dict) -> None:
        """Publish the archived text: read from data/sources/<id>.txt only (whatever the CSV's
        text_path says), as a regular file inside data/ within the size limit."""
        texts = self.out / "sources" / "texts"
        texts.mkdir(parents=True, exist_ok=True)
        sid = source["source_id"]
        path = self.root / "data" / "sources" / f"{sid}.txt"
        try:
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", sid):
                raise Unsafe(f"`{sid}` is not a source id", "run `make build` and commit the result")
            data = read_regular(path, MAX_TEXT_BYTES, self.root / "data")
        except Unsafe as error:
            raise SystemExit(f"data/sources/{one_line(sid)}.txt: {error.message} — {error.fix}; the site was not "
                             "finished") from None
        (texts / f"{sid}.txt").write_bytes(data)


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


def generate(root: Path = ROOT, out: Path | None = None) -> None:
    """Generate the pages of the package at `root` into `out` (default: build/docs)."""
    Site(root, SITE_SRC if out is None else out).generate()


def build_site(root: Path, out: Path) -> Path:
    """Generate the pages of the package at `root` into out/docs and build them with
    mkdocs --strict into out/site, with the project's mkdocs.yml; return out/site."""
    import os
    import subprocess
    import sys

    generate(root, out / "docs")
    config = out / "mkdocs.yml"
    config.write_text(json.dumps({"INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": "docs", "site_dir": "site",
                                  "theme": {"name": "material", "custom_dir": str(ROOT / "overrides")},
                                  "hooks": [str(ROOT / "scripts" / "site" / "hooks.py")]}), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    address = env.pop("SRT_SITE_URL", "") or package_meta().get("homepage") or ""
    if address:  # the public address makes the sitemap (overrides/sitemap.xml); none is guessed
        env["SRT_SITE_URL"] = address
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config)],
                            capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{result.stderr}")
    return out / "site"
