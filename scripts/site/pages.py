"""The site's record pages: one per country, group, company or organisation, and source,
and the facts that several reports give; each shows the records of every record table as
its schema's `x-table.site` says (columns, chart), every figure with its quote, its
caveats, who states it and its source.

Every text that comes from the data (entry files and registries: any cell of a CSV)
is contributor input. It reaches a page by one of two functions, never another way:

- `e(text)`, for a page's body: HTML-escaped (`& < > " '`), with tab, line feed and
  carriage return written as character references, so that it is one line. Page
  writers put data only inside HTML blocks (`<h1>`, `<p>`, `<table>`, `<figure>`,
  `<section>`, `<svg>`), where Python-Markdown parses no inline Markdown
  (`[a](javascript:x)`, `**bold**`, backticks, `{: attr}`), and, the text being one
  line, no block (a code fence, a heading, a list) can begin inside it: the reader sees
  the value as written. Chart alt text, the map and, through the pages, the search
  index get the same text. `code_spans` marks up the backticks of a schema's
  description after `e` has escaped it.
- `front_matter(title)`, for a page's title, which the theme prints unescaped (in
  `<title>`, the header, the search index): cut down by `safe_title` to printable
  characters that are not markup, and written as YAML by PyYAML, so that any title
  parses.

A data text is never written into Markdown. Charts draw it literally: charts.py
turns mathtext and TeX off, so `$\\foo$` is drawn as typed.

Permalinks: a record's permanent address is its row on its source page,
`sources/<source_id>.html#<record name>`; a fact's is `facts.html#<fact_id>` when
several reports give it. Record and source ids never change once published.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import TYPE_CHECKING

import pycountry
import yaml

from scripts.site import charts
from scripts.site import worldmap
from scripts.schema.registry import Field, Table, facts_table, record_tables
from scripts.schema.rules import is_actual

if TYPE_CHECKING:
    from scripts.site.build import Site

PLACE_KINDS = ("place", "places", "base")
LINKED_KINDS = PLACE_KINDS + ("country",)  # shown as links to the country or group page
ENTITY_KINDS = ("entity", "entities")

ONE_LINE = str.maketrans({"\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})
NOT_IN_TITLES = set("<>&\"'`\\{}")
WEB_ADDRESS = re.compile(r"https?://", re.IGNORECASE)  # the only links made of data: no javascript:
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # ids that may name a file of the site


def e(text: object) -> str:
    """Text for a page's body, inert in HTML and, inside an HTML block, in Markdown."""
    return html.escape("" if text is None else str(text), quote=True).translate(ONE_LINE)


def code_spans(text: str) -> str:
    """A description from schemas/ for a page: escaped by `e`, then its `backticks` as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", e(text))


def safe_title(text: str) -> str:
    """A page title with no character the theme could read as markup, nor an
    unprintable one; runs of white space become one space."""
    kept = "".join(c for c in " ".join(text.split()) if c.isprintable() and c not in NOT_IN_TITLES)
    return " ".join(kept.split()) or "Untitled"


def front_matter(title: str) -> str:
    """A page's front matter: its title (through safe_title), without a table of contents."""
    meta = {"title": safe_title(title), "hide": ["toc"]}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1 << 30) + "---\n"


def html_table(headers: list[str], rows: list[list[str]], caption: str, row_ids: list[str] | None = None,
               download: str = "", searched: bool = True) -> str:
    """A data table: headers and caption are plain text (escaped here), cells already
    escaped HTML. Each cell carries its column's title (`data-label`) for the phone
    layout; `download` names the CSV of the rows in view (docs/assets/tables.js); a
    table not `searched` stays out of the search index (its rows are found on their
    source pages)."""
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers) if any(headers) else ""
    labels = [f' data-label="{e(h)}"' if h else "" for h in headers]
    body = []
    for index, row in enumerate(rows):
        ident = f' id="{e(row_ids[index])}"' if row_ids else ""
        body.append(f"<tr{ident}>" + "".join(f"<td{label}>{c}</td>" for label, c in zip(labels, row)) + "</tr>")
    name = (f' data-download="{e(download)}"' if download else "") + ("" if searched else " data-search-exclude")
    return (f'<div class="srt-table"{name}>\n<table>\n<caption>{e(caption)}</caption>\n'
            + (f"<thead><tr>{head}</tr></thead>\n" if head else "") + "<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n</div>\n")


def key_values(rows: list[tuple[str, str]], caption: str) -> str:
    """A table of names (plain text, escaped here) and values (escaped HTML), one a row."""
    body = "\n".join(f'<tr><th scope="row">{e(k)}</th><td>{v}</td></tr>' for k, v in rows)
    return (f'<div class="srt-table srt-keys">\n<table>\n<caption>{e(caption)}</caption>\n<tbody>\n{body}\n'
            "</tbody>\n</table>\n</div>\n")


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or country.name if country else code


def local_id(row: dict, table: Table) -> str:
    """A record's id within its entry (`turnover-2013`), the anchor on its source page."""
    return row[table.id_field].split(":", 1)[1]


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


def decimal_year(when: str) -> float:
    """The middle of a date or period as a year with a fraction: 2013 -> 2013.5."""
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


class Records:
    """Cells of records as the site shows them."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def value(self, table: Table, fld: Field, row: dict, prefix: str) -> str:
        value = row.get(fld.name) or ""
        if not value:
            return ""
        if "x-show" in fld.descriptor:
            shown = re.sub(r"\{(\w+)\}", lambda m: m.group(1) == fld.name and e(value) or
                           self.value(table, table.field(m.group(1)), row, prefix), fld.descriptor["x-show"])
            return e(bound_word(table, row)) + shown
        if fld.kind in LINKED_KINDS:
            return ", ".join(self.site.place(code, prefix) for code in value.split(",") if code)
        if fld.kind in ENTITY_KINDS:
            return ", ".join(self.site.entity(ident, prefix) for ident in value.split(",") if ident)
        if fld.kind == "count":  # a count keeps its bound ("more than 700")
            return e(bound_word(table, row)) + e(value)
        if fld.kind == "amount_text":
            usd = f" (USD {int(row['value_usd']):,})" if row.get("value_usd") else ""
            return e(bound_word(table, row)) + e(value) + e(usd)
        return e(plain(fld, value))

    def cell(self, table: Table, spec: dict, row: dict, prefix: str) -> str:
        text = ", ".join(filter(None, (self.value(table, table.field(c), row, prefix) for c in spec["show"])))
        details = []
        for template in spec.get("details", []):
            names = re.findall(r"\{(\w+)\}", template)
            if all(row.get(n) for n in names):
                details.append(re.sub(r"\{(\w+)\}", lambda m: row[m.group(1)].replace(",", ", "), template))
        return text + (f"<br><small>{e('; '.join(details))}</small>" if details else "")

    def stater(self, table: Table, row: dict, prefix: str) -> str:
        """Who gives the record, plainly: the speaker the source names, or the source itself."""
        said = [e(row["stated_by"])] if row.get("stated_by") else []
        if row.get("stated_by_entity"):
            said.append(self.site.entity(row["stated_by_entity"], prefix))
        if said:
            return ", ".join(said) + e(", as reported by ") + e(self.publisher(row))
        return e(self.publisher(row)) + e(", in its own words")

    def publisher(self, row: dict) -> str:
        return self.site.sources.get(row["source_id"], {}).get("publisher") or "an unnamed publisher"

    def evidence(self, table: Table, row: dict, prefix: str) -> str:
        """The record's quote, its caveats (every `*_note` and `notes`) and, when several
        reports give its fact, a link to them all."""
        parts = [f"<blockquote>{e(row[f.name])}</blockquote>" for f in table.kinds("quote") if row.get(f.name)]
        for fld in table.fields:
            if (fld.name.endswith("_note") or fld.name == "notes") and row.get(fld.name):
                parts.append(f'<p class="srt-note"><strong>{e(fld.descriptor.get("title", fld.name))}:</strong> '
                             f"{e(row[fld.name])}</p>")
        fact = self.site.facts.get(row.get("fact_id", ""))
        if fact and int(fact["reports"]) > 1:
            parts.append(f'<p class="srt-fact-ref">One of {e(fact["reports"])} reports of this fact: '
                         f'<a href="{prefix}facts.html#{e(fact["fact_id"])}">compare them</a>'
                         + (' <strong class="srt-flag">⚠ the reports disagree</strong>' if disagree(fact) else "")
                         + "</p>")
        return "".join(parts)

    def source_link(self, row: dict, table: Table, prefix: str) -> str:
        source = self.site.sources.get(row["source_id"], {})
        label = f"{self.publisher(row)}, {source.get('published_date', '')}"
        return f'<a href="{prefix}sources/{e(row["source_id"])}.html#{e(local_id(row, table))}">{e(label)}</a>'

    def table(self, table: Table, records: list[dict], prefix: str, caption: str, on_source_page: bool = False,
              anchors: bool = True) -> str:
        """One table's records, each with a permalink, who states it, its quote and caveats,
        and (off its source page) a link to its source."""
        specs = table.meta["site"]["columns"]
        headers = [spec["title"] for spec in specs] + ["Stated by", "Quote and caveats"]
        rows, ids = [], []
        for row in records:
            anchor = local_id(row, table) if on_source_page else row[table.id_field]
            link = f"#{e(anchor)}" if on_source_page else f"{prefix}sources/{e(row['source_id'])}.html#{e(local_id(row, table))}"
            permalink = (f'<a class="srt-permalink" href="{link}" title="Permanent link to this record" '
                         f'aria-label="Permanent link to record {e(row[table.id_field])}">#</a> ')
            cells = [self.cell(table, spec, row, prefix) for spec in specs]
            cells[0] = permalink + cells[0]
            cells += [self.stater(table, row, prefix), self.evidence(table, row, prefix)]
            if not on_source_page:
                cells.append(self.source_link(row, table, prefix))
            rows.append(cells)
            ids.append(anchor)
        if not on_source_page:
            headers.append("Source")
        return html_table(headers, rows, caption, ids if anchors else None, download=table.name,
                          searched=on_source_page)


def disagree(fact: dict) -> bool:
    return fact.get("agree") == "false" or fact.get("implied_agree") == "false"


def unique(rows: list[dict]) -> list[dict]:
    """Rows in order, each once."""
    seen: set[int] = set()
    return [r for r in rows if not (id(r) in seen or seen.add(id(r)))]


def sorted_records(table: Table, records: list[dict]) -> list[dict]:
    date = table.dated_by
    return sorted(records, key=lambda r: ((r[date] if date else "") or "9999", r[table.id_field]))


# ------------------------------------------------------------------ countries and groups
def place_pages(site: Site) -> None:
    index, groups_index, counts = [], [], {}
    tables = record_tables()
    everything = sum(len(site.data[name]) for name in tables)
    for code in site.covered():
        own = {name: site.naming(site.by_place, code, name) for name in tables}
        groups = [g for g in sorted(site.groups) if code in site.members(g)]
        name = country_name(code)
        parts = [front_matter(name), f"<h1>{e(name)} ({e(code)})</h1>\n"]
        total = sum(len(rows) for rows in own.values())
        if total:
            counts[code] = total
        if 2 * total > everything:
            parts += hub_page(site, code, name, own)  # most records name it: by partner, not every record again
            site.write(f"countries/{code}.md", "\n".join(parts))
            index.append([site.place(code, "../"), e(name)] + [str(len(rows)) for rows in own.values()])
            continue
        if groups:
            parts.append(f"<p>Member of {', '.join(site.place(g, '../', named=True) for g in groups)}. The records of "
                         f"this page name {e(name)} itself; figures for a group as a whole are apart, under "
                         "<a href=\"#group-figures\">Figures for its groups</a>, and are not counted as "
                         f"{e(name)}'s.</p>\n")
        parts += record_sections(site, code, name, own)
        if groups:
            parts.append('<h2 id="group-figures">Figures for its groups</h2>\n')
            parts.append(f"<p>Records that name a group {e(name)} belongs to, not {e(name)} itself: "
                         f"they are the group's figures, not {e(name)}'s share of them.</p>\n")
            before = len(parts)
            for group in groups:
                gname = site.groups[group]["name"]
                for table_name, table in tables.items():
                    mine = {id(r) for r in own[table_name]}
                    records = [r for r in site.naming(site.by_place, group, table_name)
                               if id(r) not in mine]
                    if records:
                        parts.append(f"<h3>{e(gname)}: {e(table.title)}</h3>\n")
                        parts.append(site.records.table(table, sorted_records(table, records), "../",
                                                        f"{table.title} records for {gname} as a whole",
                                                        anchors=False))
            if len(parts) == before:
                parts.append("<p>None: every record naming its groups names it too.</p>\n")
        site.write(f"countries/{code}.md", "\n".join(parts))
        index.append([site.place(code, "../"), e(name)] + [str(len(rows)) for rows in own.values()])
    for gid, group in sorted(site.groups.items()):
        selected = {name: unique(site.naming(site.by_place, gid, name) + site.naming(site.by_base, gid, name)) for name in tables}
        members = ", ".join(site.place(m, "../", named=True) for m in site.members(gid))
        intro = (f"<p>Members: {members}. Reference: {e(group['reference'])}.</p>\n"
                 "<p>Records that name the group as a whole; each member's own records are on its page.</p>\n")
        parts = [front_matter(group["name"]), f"<h1>{e(group['name'])} ({e(gid)})</h1>\n", intro]
        parts += record_sections(site, gid, group["name"], selected)
        site.write(f"countries/{gid}.md", "\n".join(parts))
        groups_index.append([site.place(gid, "../"), e(group["name"]), members]
                            + [str(len(rows)) for rows in selected.values()])
    titles = [t.title for t in tables.values()]
    missing = worldmap.missing(code for code, n in counts.items() if n)
    parts = [front_matter("Countries"), "<h1>Countries</h1>\n",
             "<p>One page per country the records concern, with its own figures, and one per country "
             "group. A country's counts are of the records that name it; records for a group as a whole "
             "count for the group only.</p>\n",
             site.map(counts, "../"),
             f"<p>Not on the map (too small for its scale): {', '.join(site.place(c, '../') for c in missing)}.</p>\n"
             if missing else "",
             "<h2>Countries</h2>\n",
             html_table(["Code", "Name"] + titles, index, "Records that name each country", download="countries"),
             "<h2>Country groups</h2>\n",
             html_table(["Id", "Name", "Members"] + titles, groups_index, "Records that name each group as a whole",
                        download="groups")]
    site.write("countries/index.md", "\n".join(parts))


def hub_page(site: Site, code: str, name: str, own: dict[str, list[dict]]) -> list[str]:
    """The page of a country most records name (China, in this dataset): its records by
    partner, each partner's page holding them, rather than the whole dataset again."""
    tables = record_tables()
    partners: dict[str, Counter] = {}
    for table_name, rows in own.items():
        fields = tables[table_name].kinds("country", "place", "places")
        for row in rows:
            for other in {v for f in fields for v in (row.get(f.name) or "").split(",") if v and v != code}:
                partners.setdefault(other, Counter())[table_name] += 1
    rows = [[site.place(other, "../"), e(site.groups[other]["name"] if other in site.groups else country_name(other))]
            + [str(partners[other][t]) for t in tables] for other in sorted(partners)]
    return [f"<p>{sum(map(len, own.values()))} records name {e(name)}, most of the dataset: each is on the page of "
            f"the partner it names with {e(name)}, listed here with how many records each table holds, and on "
            "its source page.</p>\n",
            html_table(["Code", "Partner"] + [t.title for t in tables.values()], rows,
                       f"Records that name {name}, by partner", download=f"{code}-partners")]


def record_sections(site: Site, code: str, name: str, selected: dict[str, list[dict]]) -> list[str]:
    """A page's sections: per record table a chart (when there is more than one point),
    the facts several reports give, and every record."""
    parts = []
    for table_name, table in record_tables().items():
        records = sorted_records(table, selected[table_name])
        parts.append(f'<h2 id="{e(table_name)}">{e(table.title)}</h2>\n')
        if not records:
            parts.append(f"<p>No {e(table.meta['site'].get('noun', table.title.lower()))} records.</p>\n")
            continue
        parts.append(chart(site, table, code, name, records))
        parts.append(site.records.table(table, records, "../", f"{table.title} records for {name}"))
        shared = fact_items(site, table, records, "../")
        if shared:
            parts.append(f"<h3>{e(table.title)} facts that several reports give</h3>\n" + shared)
    return parts


def series_name(table: Table, row: dict) -> str:
    spec = table.meta["site"]["chart"]
    return re.sub(r"\{(\w+)\}", lambda m: plain(table.field(m.group(1)), row[m.group(1)]), spec["series"])


def chart_points(site: Site, table: Table, records: list[dict]) -> list[dict]:
    """The points of a figures chart: every record with a value in USD, at its date, or
    undated at its source's publication date."""
    date, points = table.dated_by, []
    for row in records:
        if not row.get("value_usd"):
            continue
        when = row[date]
        published = site.sources.get(row["source_id"], {}).get("published_date", "")
        if not when and not published:
            continue
        points.append({"series": series_name(table, row), "x": decimal_year(when or published),
                       "value": float(row["value_usd"]), "bound": row.get("bound") or "exact",
                       "actual": is_actual(table.meta, row), "undated": not when, "when": when or published,
                       "text": bound_word(table, row) + row.get("amount_text", "")})
    return points


def chart(site: Site, table: Table, code: str, name: str, records: list[dict]) -> str:
    """The table's chart of these records, as its schema asks for one (`site.chart`); or
    nothing (no such chart, or fewer than two points)."""
    spec, date = table.meta["site"].get("chart"), table.dated_by
    if not spec or not date:
        return ""
    path = site.out / "countries" / "charts" / f"{code}-{table.name}.svg"
    hollow = not_actual_words(table)
    if spec["type"] == "figures":
        alt = charts.figure_chart(chart_points(site, table, records), f"{table.title} figures for {name}", path,
                                  site.styles, hollow)
        caption = (f"{e(table.title)} figures in USD: filled markers are reported figures, hollow ones "
                   f"{e(hollow)}; an arrow marks a bound (more than, less than); undated figures stand at their "
                   "source's publication date, marked so. Shares and changes are in the table only.")
    else:
        def label(row: dict) -> str:
            return re.sub(r"\{(\w+)\}", lambda m: plain(table.field(m.group(1)), row[m.group(1)]), spec["label"])
        items = [{"x": decimal_year(r[date]), "when": r[date], "label": label(r), "actual": is_actual(table.meta, r)}
                 for r in records if r[date]]
        alt = charts.timeline_chart(items, f"{table.title} timeline for {name}", path, hollow)
        caption = f"Dated {e(table.title.lower())}; hollow markers: {e(hollow)}."
    if alt is None:
        return ""
    return (f'<figure class="srt-chart"><img src="charts/{e(code)}-{e(table.name)}.svg" alt="{e(alt)}" width="432">'
            f"<figcaption>{caption}</figcaption></figure>\n")


# ------------------------------------------------------------------ facts
def fact_items(site: Site, table: Table, records: list[dict], prefix: str) -> str:
    """The facts of these records that more than one report gives, one item each."""
    ids = sorted({r["fact_id"] for r in records if r.get("fact_id")})
    return "".join(fact_item(site, site.facts[f], prefix, link_only=True) for f in ids
                   if f in site.facts and int(site.facts[f]["reports"]) > 1)


def fact_item(site: Site, fact: dict, prefix: str, link_only: bool = False) -> str:
    """One fact as one item: what it is, how many reports and sources, the spread, the
    latest report, a flag when they disagree, and (on the facts page) every report."""
    unit = fact["unit"]
    summary = [("Reports", f"{e(fact['reports'])} from {e(fact['sources'])} sources")]
    if fact["low"]:
        spread = f"{e(number(fact['low']))} to {e(number(fact['high']))} {e(unit)}"
        if fact["spread"]:
            spread += f" (spread {e(number(fact['spread']))}" + (f", {e(fact['spread_percent'])}% of the lowest)"
                                                                 if fact["spread_percent"] else ")")
        summary.append(("Figures", spread))
    latest = site.records_by_id.get(fact["latest_record_id"])
    latest_text = f"{e(fact['latest_published_date'])}"
    if fact["latest_value"]:
        bound = (fact["latest_bound"] or "exact").replace("_", " ")
        latest_text += f": {'' if bound == 'exact' else e(bound) + ' '}{e(number(fact['latest_value']))} {e(unit)}"
    if latest:
        table, row = latest
        latest_text += f", {site.records.source_link(row, table, prefix)}"
    summary.append(("Latest report", latest_text))
    agreement = {"true": "yes, one figure fits every report within its bound", "false": "no",
                 "": "cannot be compared"}[fact["agree"]]
    summary.append(("Reports agree", e(agreement)))
    flag = ""
    if disagree(fact) or fact["flags"]:
        flag = (f'<p class="srt-flag"><strong>{"⚠" if disagree(fact) else "Note:"}</strong> '
                f"{e(fact['flags'] or 'The reports disagree.')}</p>\n")
    heading = f"{fact['label']}, {fact['fact_period'] or 'undated'}" + (f", {fact['fact_kind']}" if fact["fact_kind"] else "")
    ident = "" if link_only else f' id="{e(fact["fact_id"])}"'
    title = (f'<a href="{prefix}facts.html#{e(fact["fact_id"])}">{e(heading)}</a>' if link_only
             else f'<a class="srt-permalink" href="#{e(fact["fact_id"])}" title="Permanent link to this fact" '
             f'aria-label="Permanent link to fact {e(fact["fact_id"])}">#</a> '
             f"{e(heading)}")
    parts = [f'<section class="srt-fact"{ident}>\n<h4>{title}</h4>\n', flag,
             key_values(summary, f"Fact {heading}")]
    if not link_only:
        reports = [site.records_by_id[r] for r in site.fact_reports.get(fact["fact_id"], []) if r in site.records_by_id]
        if reports:
            table = reports[0][0]
            figure = [spec for spec in table.meta["site"]["columns"] if spec["title"] in ("Figure", "Value", "Count")]
            cells = [[(site.records.cell(table, figure[0], row, prefix) if figure else ""),
                      site.records.stater(table, row, prefix), site.records.source_link(row, table, prefix)]
                     for _, row in reports]
            parts.append(html_table(["Figure", "Stated by", "Source (the record, with its quote)"], cells,
                                    f"Every report of {heading}", download="reports", searched=False))
    parts.append("</section>\n")
    return "".join(parts)


def facts_page(site: Site) -> None:
    shared = [f for f in site.facts.values() if int(f["reports"]) > 1]
    shared.sort(key=lambda f: (not disagree(f), f["table"], f["label"], f["fact_period"], f["fact_id"]))
    flagged = sum(disagree(f) for f in shared)
    columns = facts_table().descriptor["fields"] if facts_table() else []
    parts = [front_matter("Facts"), "<h1>Facts reported more than once</h1>\n",
             "<p>A fact is one measure for the same economies, period and kind. When several records report "
             "it, they are shown here together: every report beside the others, the spread of their figures, "
             f"the latest report, and a flag when they disagree. Facts with more than one report: {len(shared)}; "
             f"of them disagreeing (listed first): {flagged}. Every fact, also those with one report, is in "
             '<a href="downloads/data/facts.csv">facts.csv</a>'
             + (f" ({len(columns)} columns, see the <a href=\"dictionary.html#facts\">dictionary</a>)" if columns else "")
             + ".</p>\n"]
    parts += [fact_item(site, fact, "") for fact in shared]
    if not shared:
        parts.append("<p>No fact has more than one report yet.</p>\n")
    site.write("facts.md", "\n".join(parts))


# ------------------------------------------------------------------ companies and organisations
def entity_pages(site: Site) -> None:
    tables, index = record_tables(), []
    for ident, entity in sorted(site.entities.items()):
        if not SLUG.fullmatch(ident):
            raise SystemExit(f"data/entities.yaml: `{ident[:80]!r}` is not an entity id — run `make check`; "
                             "the site was not built")
        selected = {name: site.naming(site.by_entity, ident, name) for name in tables}
        where = sorted({c for name, t in tables.items() for r in selected[name]
                        for c in (r.get("countries") or r.get("host_country") or r.get("country") or "").split(",") if c})
        facts = [("Type", e(plain(site.entity_table.field("type"), entity.get("type", "")))),
                 ("Country", site.place(entity["country"], "../", named=True) if entity.get("country") else ""),
                 ("Also called", e(entity.get("aliases", "").replace(",", ", "))),
                 ("Countries its records concern", ", ".join(site.place(c, "../", named=True) for c in where)),
                 ("Notes", e(entity.get("notes", "")))]
        parts = [front_matter(entity["name"]), f"<h1>{e(entity['name'])}</h1>\n",
                 key_values([f for f in facts if f[1]], f"About {entity['name']}")]
        for name, table in tables.items():
            if selected[name]:
                parts.append(f'<h2 id="{e(name)}">{e(table.title)}</h2>\n')
                parts.append(site.records.table(table, sorted_records(table, selected[name]), "../",
                                                f"{table.title} records naming {entity['name']}"))
        site.write(f"companies/{ident}.md", "\n".join(parts))
        index.append([site.entity(ident, "../"), e(plain(site.entity_table.field("type"), entity.get("type", ""))),
                      e(entity.get("country", "")), ", ".join(site.place(c, "../") for c in where),
                      str(sum(len(rows) for rows in selected.values()))])
    site.write("companies/index.md", front_matter("Companies and organisations")
               + "<h1>Companies and organisations</h1>\n<p>Every company, ministry or other body the records name, "
               "with a page of the records that name it: where it is present, what it invests, the agreements "
               "it is party to and the figures it states.</p>\n"
               + html_table(["Name", "Type", "Country", "Countries its records concern", "Records"], index,
                            "Companies and organisations", download="entities"))


# ------------------------------------------------------------------ sources
def source_pages(site: Site) -> None:
    counts = Counter(r["source_id"] for t in record_tables() for r in site.data[t])
    index = []
    for source in sorted(site.sources.values(), key=lambda s: (s["published_date"], s["source_id"]), reverse=True):
        sid = source["source_id"]
        site.copy_text(source)
        index.append([e(source["published_date"]), f'<a href="{e(sid)}.html">{e(source["title"] or sid)}</a>',
                      e(source["publisher"]), str(counts[sid])])
        site.write(f"sources/{sid}.md", source_page(site, source))
    site.write("sources/index.md", front_matter("Sources") + "<h1>Sources</h1>\n<p>Every article and statement "
               "the records come from, newest first, with its archived text.</p>\n"
               + html_table(["Published", "Title", "Publisher", "Records"], index, "Sources, newest first",
                            download="sources"))


def source_page(site: Site, source: dict) -> str:
    sid = source["source_id"]
    meta = key_values([
        ("Title", e(source["title"])), ("Publisher", e(source["publisher"])), ("Author", e(source["author"])),
        ("Published", e(source["published_date"])),
        ("URL", f'<a href="{e(source["url"])}">{e(source["url"])}</a>' if WEB_ADDRESS.match(source["url"])
         else e(source["url"]) or "not known"),
        ("Language", e(source["language"])), ("Source id", f"<code>{e(sid)}</code>"),
        ("Archived text", f'<a href="texts/{e(sid)}.txt">{e(sid)}.txt</a> (SHA-256 <code>{e(source["text_sha256"])}</code>)'),
        ("Curation notes", e(source["notes"]))], "About this source")
    title = source["title"] or f"Untitled source {sid}"
    parts = [front_matter(title), f"<h1>{e(title)}</h1>\n", meta]
    for name, table in record_tables().items():
        records = sorted(site.naming(site.by_source, sid, name), key=lambda r: r[table.id_field])
        if records:
            parts.append(f'<h2 id="{e(name)}">{e(table.title)}</h2>\n')
            parts.append(site.records.table(table, records, "../", f"{table.title} records of this source",
                                            on_source_page=True))
    return "\n".join(parts)
