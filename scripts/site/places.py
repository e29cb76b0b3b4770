"""The page of each country and group: its own records apart from its groups', a chart
per table whose `x-table.site.chart` asks for one, and the facts they report; the
countries index with the map; the page of the country most records name lists its
partners instead of the whole dataset again."""

from __future__ import annotations

import re
from collections import Counter

from scripts.schema.model import Table
from scripts.schema.registry import record_tables
from scripts.schema.rules import is_actual
from scripts.site import atlas, charts
from scripts.site.escape import country_name, e, front_matter, html_table
from scripts.site.facts_page import fact_item
from scripts.site.index import Site
from scripts.site.records import Records, sorted_records, unique
from scripts.site.words import bound_word, decimal_year, not_actual_words, part_of_year, period_words, plain, series_name


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
                        parts.append(Records(site).table(table, sorted_records(table, records), "../",
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
    missing = atlas.missing(code for code, n in counts.items() if n)
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
        if table.meta.get("left_out"):
            continue  # figures a text states but no record holds: on the source's page, not a country's
        records = sorted_records(table, selected[table_name])
        parts.append(f'<h2 id="{e(table_name)}">{e(table.title)}</h2>\n')
        if not records:
            parts.append(f"<p>No {e(table.meta['site'].get('noun', table.title.lower()))} records.</p>\n")
            continue
        parts.append(chart(site, table, code, name, records))
        parts.append(Records(site).table(table, records, "../", f"{table.title} records for {name}"))
        shared = fact_items(site, table, records, "../")
        if shared:
            parts.append(f"<h3>{e(table.title)} facts that several reports give</h3>\n" + shared)
    return parts


def chart_points(site: Site, table: Table, records: list[dict]) -> list[dict]:
    """The points of a figures chart: every record with a value in USD, at its date (the middle
    of its span), or undated at its source's publication date; a figure for part of a year is
    marked `partial`."""
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
                       "actual": is_actual(table.meta, row), "undated": not when, "when": period_words(when or published),
                       "partial": bool(when) and part_of_year(table, row),
                       "text": bound_word(table, row) + row.get("amount_text", "")})
    return points


def chart(site: Site, table: Table, code: str, name: str, records: list[dict]) -> str:
    """The table's chart of these records, as its schema asks for one (`site.chart`); or
    nothing (no such chart, or fewer than two points)."""
    spec, date = table.meta["site"].get("chart"), table.dated_by
    if not spec or not date:
        return ""
    path = site.page_path(f"countries/charts/{code}-{table.name}.svg")
    hollow = not_actual_words(table)
    if spec["type"] == "figures":
        points = chart_points(site, table, records)
        alt = charts.figure_chart(points, f"{table.title} figures for {name}", path, site.styles, hollow)
        caption = (f"{e(table.title)} figures in USD: filled markers are reported figures, a large "
                   f"hollow ring a {e(hollow)}; an arrow marks a bound (more than, less than); undated figures stand at their "
                   "source's publication date, marked so. Shares and changes are in the table only.")
        if any(p["partial"] and p["actual"] for p in points):
            caption += (" A half-filled marker is a figure for part of a year (a quarter, a half, a run of months, "
                        "the year to date), at the middle of its span and never joined to the figures of whole years.")
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


