"""Docs: generate the site's pages from the published package and the schemas.

`python -m scripts docs` copies the hand-written pages of docs/ to build/docs/ and
adds the generated ones: the home page's coverage and downloads, the data
dictionary, one page per country and group, one per source, with charts. mkdocs
then builds build/docs/ into site/. Nothing generated is committed.

Every text that comes from an entry file (titles, quotes, notes, names) is
contributor input: it is written only into HTML blocks, escaped, and never into a
page title, which the theme prints unescaped.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pycountry

from scripts import charts
from scripts.registry import RECORD_TABLES, ROOT, package_meta, tables

SITE_SRC = ROOT / "build" / "docs"
PUBLISHED = ["datapackage.yaml", "datapackage.json"]
DATES = {"trade": "period", "investment": "as_of", "agreements": "date", "companies": "since"}


def e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def safe_title(text: str) -> str:
    """A page title with no character the theme could read as markup."""
    return re.sub(r"[<>&\"'`\\{}]", "", text).strip() or "Untitled"


def load(root: Path) -> dict[str, list[dict]]:
    data = {}
    for name in tables():
        with (root / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            data[name] = list(csv.DictReader(handle))
    return data


def html_table(headers: list[str], rows: list[list[str]], row_ids: list[str] | None = None) -> str:
    """An HTML table; cells must already be escaped."""
    head = "".join(f"<th>{h}</th>" for h in headers) if any(headers) else ""
    body = []
    for index, row in enumerate(rows):
        ident = f' id="{e(row_ids[index])}"' if row_ids else ""
        body.append(f"<tr{ident}>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
    thead = f"<thead><tr>{head}</tr></thead>\n" if head else ""
    return f'<div class="srt-table">\n<table>\n{thead}<tbody>\n' + "\n".join(body) + \
        "\n</tbody>\n</table>\n</div>\n"


class Site:
    def __init__(self, root: Path, out: Path) -> None:
        self.root, self.out = root, out
        self.data = load(root)
        self.groups = {g["group_id"]: g for g in self.data["groups"]}
        self.entities = {x["entity_id"]: x for x in self.data["entities"]}
        self.sources = {s["source_id"]: s for s in self.data["sources"]}

    # ------------------------------------------------------------ helpers
    def place(self, code: str, prefix: str) -> str:
        if not code:
            return ""
        name = self.groups[code]["name"] if code in self.groups else country_name(code)
        return f'<a href="{prefix}countries/{e(code)}.html" title="{e(name)}">{e(code)}</a>'

    def places(self, codes: str, prefix: str) -> str:
        return ", ".join(self.place(c, prefix) for c in codes.split(",") if c)

    def entity(self, ident: str) -> str:
        return e(self.entities[ident]["name"]) if ident in self.entities else e(ident)

    def source_link(self, row: dict, table: str, prefix: str) -> str:
        local = local_id(row, table)
        source = self.sources.get(row["source_id"], {})
        label = f"{source.get('publisher') or 'unattributed'}, {source.get('published_date', '')}"
        return f'<a href="{prefix}sources/{e(row["source_id"])}.html#{e(local)}">{e(label)}</a>'

    def write(self, relative: str, text: str) -> None:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    # ------------------------------------------------------------ record cells
    def amount(self, row: dict) -> str:
        if row.get("share_percent"):
            return f"{e(bound_word(row['bound']))}{e(row['share_percent'])}% of trade with {self.place(row['share_base'], '../')}"
        if not row.get("amount_text"):
            return ""
        usd = f" (USD {int(row['value_usd']):,})" if row.get("value_usd") else ""
        return f"{e(bound_word(row['bound']))}{e(row['amount_text'])}{e(usd)}"

    def rows_for(self, table: str, records: list[dict], prefix: str, with_source: bool = True):
        """Headers and escaped cells of one table's records."""
        if table == "trade":
            headers = ["Period", "Reporter", "Partner", "Flow", "Figure", "Kind"]
            cells = [[e(r["period"]), self.place(r["reporter"], prefix), self.place(r["partner"], prefix),
                      e(r["flow"]), self.amount(r), e(r["kind"])] for r in records]
        elif table == "investment":
            headers = ["As of", "Investor", "Host", "Measure", "Figure", "Kind"]
            cells = [[e(r["as_of"]), self.place(r["investor"], prefix), self.place(r["host"], prefix),
                      e(r["measure"].replace("_", " ")), self.amount(r), e(r["kind"])] for r in records]
        elif table == "agreements":
            headers = ["Date", "Name", "Type", "Status", "Parties", "Value"]
            cells = [[e(r["date"]), e(r["name"]) + details(r), e(r["type"].replace("_", " ")), e(r["status"].replace("_", " ")),
                      ", ".join(filter(None, [self.places(r["parties"], prefix)] +
                                       [self.entity(x) for x in r["party_entities"].split(",") if x])),
                      self.amount(r)] for r in records]
        else:
            headers = ["Entity", "Host country", "Since", "Activity"]
            cells = [[self.entity(r["entity_id"]), self.place(r["host_country"], prefix), e(r["since"]),
                      e(r["activity"])] for r in records]
        if with_source:
            headers.append("Source")
            for cell, r in zip(cells, records):
                cell.append(self.source_link(r, table, prefix))
        return headers, cells

    # ------------------------------------------------------------ pages
    def generate(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.copytree(ROOT / "docs", self.out)
        shutil.copy2(ROOT / "CONTRIBUTING.md", self.out / "contributing.md")
        shutil.copy2(ROOT / "CHANGELOG.md", self.out / "changelog.md")
        downloads = self.out / "downloads"
        (downloads / "data").mkdir(parents=True)
        for name in tables():
            shutil.copy2(self.root / "data" / f"{name}.csv", downloads / "data" / f"{name}.csv")
        for name in PUBLISHED:
            shutil.copy2(self.root / name, downloads / name)
        self.home()
        self.performance()
        self.dictionary()
        self.country_pages()
        self.source_pages()

    def home(self) -> None:
        counts = {name: len(rows) for name, rows in self.data.items()}
        years = sorted(int(r[column][:4]) for t, column in DATES.items() for r in self.data[t] if r[column])
        countries = self.covered()
        coverage = html_table(["", ""], [
            ["Sources", f'<a href="sources/index.html">{counts["sources"]}</a>'],
            *[[e(tables()[t].descriptor["title"]), str(counts[t])] for t in RECORD_TABLES],
            ["Countries", ", ".join(self.place(c, "") for c in countries)],
            ["Country groups", ", ".join(self.place(g, "") for g in sorted(self.groups))],
            ["Years", f"{years[0]}–{years[-1]}" if years else ""],
        ])
        files = [[f'<a href="downloads/data/{n}.csv">data/{n}.csv</a>', e(tables()[n].descriptor["description"])]
                 for n in tables()]
        files += [[f'<a href="downloads/{n}">{n}</a>', "The package descriptor: every table and column, "
                   "with types, units and keys" + (" (self-contained)" if n.endswith("json") else "")] for n in PUBLISHED]
        text = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
        text = text.replace("<!-- coverage -->", coverage).replace("<!-- downloads -->", html_table(["File", "Contents"], files))
        text = text.replace("<!-- version -->", e(package_meta()["version"]))
        self.write("index.md", text)

    def performance(self) -> None:
        from scripts.bench import TARGETS, table

        results_file = ROOT / "bench-results.json"
        parts = ["# Performance\n", "How fast the checks and the build run as the dataset grows, measured on a "
                 "synthetic corpus (`scripts/synth.py`: generated articles whose entries quote them, about ten "
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
                     "- **A warm check** takes each unchanged entry's result from `.check-cache/`. An entry counts as "
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
                     "primary and foreign keys — and tests plant each kind of error to show both find it.\n")
        self.write("performance.md", "\n".join(parts))

    def dictionary(self) -> None:
        parts = ["# Data dictionary\n", "Every column of every table, generated from `schemas/<table>.yaml`, "
                 "the one place where columns are defined.\n"]
        for name, table in tables().items():
            parts.append(f"## {table.descriptor['title']} {{#{name}}}\n")
            parts.append(f"`data/{name}.csv` — {table.descriptor['description']} "
                         f"Primary key: `{', '.join(table.descriptor['primaryKey'])}`.\n")
            rows = []
            for fld in table.fields:
                d = fld.descriptor
                kind = fld.type + (f" of {d['itemType']}" if d.get("itemType") else "")
                rows.append([f"<code>{e(fld.name)}</code>", e(kind), e(d.get("unit", "")),
                             e(constraint_text(fld.constraints)), e(d["description"]),
                             "" if d.get("example") is None else f"<code>{e(d['example'])}</code>"])
            parts.append(html_table(["Column", "Type", "Unit", "Constraints", "Description", "Example"], rows))
        self.write("dictionary.md", "\n".join(parts))

    def covered(self) -> list[str]:
        codes: set[str] = set()
        for table in ("trade", "investment", "agreements"):
            for row in self.data[table]:
                codes.update(c for c in row["countries"].split(",") if c)
        codes.update(r["host_country"] for r in self.data["companies"])
        for group in self.groups.values():  # a record naming a group concerns each member
            codes.update(group["members"].split(","))
        return sorted(codes)

    def country_pages(self) -> None:
        index = []
        for code in self.covered():
            selected = {t: [r for r in self.data[t] if code in r.get("countries", "").split(",")] for t in
                        ("trade", "investment", "agreements")}
            selected["companies"] = [r for r in self.data["companies"] if r["host_country"] == code]
            groups = [self.place(g, "../") + " " + e(self.groups[g]["name"]) for g in sorted(self.groups)
                      if code in self.groups[g]["members"].split(",")]
            intro = f"<p>Member of {', '.join(groups)}: see that page for records naming the group.</p>\n" if groups else ""
            self.place_page(code, country_name(code), selected, intro)
            index.append([self.place(code, "../"), e(country_name(code))] + [str(len(selected[t])) for t in RECORD_TABLES])
        for gid, group in sorted(self.groups.items()):
            fields = ("reporter", "partner", "share_base", "investor", "host")
            selected = {t: [r for r in self.data[t] if any(r.get(f) == gid for f in fields)
                            or gid in r.get("parties", "").split(",")] for t in ("trade", "investment", "agreements")}
            selected["companies"] = []
            members = ", ".join(self.place(m, "../") for m in group["members"].split(","))
            intro = (f"<p>Members: {members}. Reference: {e(group['reference'])}.</p>\n"
                     "<p>Records that name the group as a whole; see the member pages for the rest.</p>\n")
            self.place_page(gid, group["name"], selected, intro)
            index.append([self.place(gid, "../"), e(group["name"]) + " (group)"] +
                         [str(len(selected[t])) for t in RECORD_TABLES])
        self.write("countries/index.md", "# Countries\n\nOne page per country and country group the records "
                   "concern, with its trade, investment, agreements and companies.\n\n" +
                   html_table(["Code", "Name", "Trade", "Investment", "Agreements", "Companies"], index))

    def place_page(self, code: str, name: str, selected: dict[str, list[dict]], intro: str) -> None:
        parts = [f"---\ntitle: {json.dumps(safe_title(name))}\nhide: [toc]\n---\n", f"# {safe_title(name)} ({code})\n", intro]
        chart_dir = self.out / "countries" / "charts"
        for table, heading, column in (("trade", "Trade", "period"), ("investment", "Investment", "as_of")):
            records = sorted(selected[table], key=lambda r: (r[column] or "9999", r[tables()[table].id_field]))  # undated last
            parts.append(f"## {heading}\n")
            if not records:
                parts.append(f"No {heading.lower()} records.\n")
                continue
            points = [dict(r, year=int(r[column][:4])) for r in records
                      if r[column] and r.get("value_usd") and r.get("measure", "value") != "share"]
            if points:
                label = (lambda r: f"{r['reporter']}–{r['partner']} {r['flow']}") if table == "trade" else \
                    (lambda r: f"{r['investor']} in {r['host']} ({r['measure'].replace('_', ' ')})")
                alt = charts.figure_chart(points, label, f"{heading} figures for {name}", chart_dir / f"{code}-{table}.svg")
                parts.append(f'<figure class="srt-chart"><img src="charts/{code}-{table}.svg" alt="{e(alt)}" '
                             f'width="700"><figcaption>{e(heading)} figures by year, USD billions. Filled: reported; '
                             "hollow: target or forecast; ▲ more than, ▼ less than, ● exact. Undated figures and "
                             "shares are in the table only.</figcaption></figure>\n")
            parts.append(html_table(*self.rows_for(table, records, "../")))
        parts.append("## Agreements\n")
        agreements = sorted(selected["agreements"], key=lambda r: (r["date"] or "9999", r["agreement_id"]))
        dated = [r for r in agreements if r["date"]]
        if dated:
            alt = charts.timeline_chart(dated, f"Agreements timeline for {name}", chart_dir / f"{code}-agreements.svg")
            parts.append(f'<figure class="srt-chart"><img src="charts/{code}-agreements.svg" alt="{e(alt)}" width="700">'
                         "<figcaption>Dated agreements; hollow: proposed, planned or under negotiation.</figcaption></figure>\n")
        parts.append(html_table(*self.rows_for("agreements", agreements, "../")) if agreements else "No agreement records.\n")
        parts.append("## Companies\n")
        companies = selected["companies"]
        parts.append(html_table(*self.rows_for("companies", companies, "../")) if companies else
                     "No company records.\n")
        self.write(f"countries/{code}.md", "\n".join(parts))

    def source_pages(self) -> None:
        counts = Counter(r["source_id"] for t in RECORD_TABLES for r in self.data[t])
        index = []
        texts = self.out / "sources" / "texts"
        texts.mkdir(parents=True, exist_ok=True)
        for source in sorted(self.data["sources"], key=lambda s: (s["published_date"], s["source_id"]), reverse=True):
            sid = source["source_id"]
            shutil.copy2(self.root / source["text_path"], texts / f"{sid}.txt")
            index.append([e(source["published_date"]), f'<a href="{e(sid)}.html">{e(source["title"] or sid)}</a>',
                          e(source["publisher"]), str(counts[sid])])
            meta = html_table(["", ""], [
                ["Title", e(source["title"])], ["Publisher", e(source["publisher"])], ["Author", e(source["author"])],
                ["Published", e(source["published_date"])],
                ["URL", f'<a href="{e(source["url"])}">{e(source["url"])}</a>' if source["url"] else "not known"],
                ["Language", e(source["language"])],
                ["Archived text", f'<a href="texts/{e(sid)}.txt">{e(sid)}.txt</a> (SHA-256 <code>{e(source["text_sha256"])}</code>)'],
                ["Curation notes", e(source["notes"])]])
            parts = [f"---\ntitle: {json.dumps(safe_title(source['title'] or sid))}\nhide: [toc]\n---\n", f"# Source {sid}\n",
                     f'<p class="srt-source-title">{e(source["title"] or "(no title in the text)")}</p>\n', meta]
            for table in RECORD_TABLES:
                records = sorted((r for r in self.data[table] if r["source_id"] == sid), key=lambda r: r[tables()[table].id_field])
                if not records:
                    continue
                headers, cells = self.rows_for(table, records, "../", with_source=False)
                for cell, r in zip(cells, records):
                    cell.append(f"<blockquote>{e(r['quote'])}</blockquote>" +
                                "".join(f"<p><em>{e(r[n])}</em></p>" for n in r if n.endswith("note") and r[n]) +
                                (f"<p>{e(r['notes'])}</p>" if r.get("notes") else ""))
                parts.append(f"## {tables()[table].descriptor['title']}\n")
                parts.append(html_table(headers + ["Quote"], cells, [local_id(r, table) for r in records]))
            self.write(f"sources/{sid}.md", "\n".join(parts))
        self.write("sources/index.md", "# Sources\n\nEvery article and statement the records come from, newest "
                   "first, with its archived text.\n\n" + html_table(["Published", "Title", "Publisher", "Records"], index))


def details(agreement: dict) -> str:
    """Occasion, sectors and deal count under an agreement's name."""
    parts = [f"occasion: {agreement['occasion']}" if agreement["occasion"] else "",
             f"{agreement['deal_count']} deals" if agreement["deal_count"] else "",
             "sectors: " + agreement["sectors"].replace(",", ", ") if agreement["sectors"] else ""]
    text = "; ".join(p for p in parts if p)
    return f"<br><small>{e(text)}</small>" if text else ""


def local_id(row: dict, table: str) -> str:
    """A record's id within its entry (`turnover-2013`), the anchor on its source page."""
    return row[tables()[table].id_field].split(":", 1)[1]


def bound_word(bound: str) -> str:
    return charts.BOUND_WORDS.get(bound or "exact", "")


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or country.name if country else code


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


def generate(root: Path = ROOT, out: Path = SITE_SRC) -> None:
    Site(root, out).generate()


def build_site(root: Path, out: Path) -> Path:
    """Generate the pages of the package at `root` into out/docs and build them with
    mkdocs --strict into out/site, with the project's mkdocs.yml; return out/site."""
    import os
    import subprocess
    import sys

    generate(root, out / "docs")
    config = out / "mkdocs.yml"
    config.write_text(json.dumps({"INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": "docs", "site_dir": "site"}),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config)],
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{result.stderr}")
    return out / "site"
