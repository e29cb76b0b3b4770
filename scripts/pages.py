"""The site's record pages: one per country and group, one per source, each showing the
records of every record table as its schema's `x-table.site` says (columns, chart).

Every text that comes from the data (entry files and registries: any cell of a CSV)
is contributor input. It reaches a page by one of two functions, never another way:

- `e(text)`, for a page's body: HTML-escaped (`& < > " '`), with tab, line feed and
  carriage return written as character references, so that it is one line. Page
  writers put data only inside HTML blocks (`<h1>`, `<p>`, `<table>`, `<figure>`),
  where Python-Markdown parses no inline Markdown (`[a](javascript:x)`, `**bold**`,
  backticks, `{: attr}`), and, the text being one line, no block (a code fence, a
  heading, a list) can begin inside it: the reader sees the value as written. Chart
  alt text and, through the pages, the search index get the same text.
- `front_matter(title)`, for a page's title, which the theme prints unescaped (in
  `<title>`, the header, the search index): cut down by `safe_title` to printable
  characters that are not markup, and written as YAML by PyYAML, so that any title
  parses.

A data text is never written into Markdown. Charts draw it literally: charts.py
turns mathtext and TeX off, so `$\\foo$` is drawn as typed.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import TYPE_CHECKING

import pycountry
import yaml

from scripts import charts
from scripts.registry import Field, Table, record_tables
from scripts.rules import is_actual

if TYPE_CHECKING:
    from scripts.docs import Site

PLACE_KINDS = ("place", "places", "base")
LINKED_KINDS = PLACE_KINDS + ("country",)  # shown as links to the country or group page


ONE_LINE = str.maketrans({"\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})
NOT_IN_TITLES = set("<>&\"'`\\{}")
WEB_ADDRESS = re.compile(r"https?://", re.IGNORECASE)  # the only links made of data: no javascript:


def e(text: object) -> str:
    """Text for a page's body, inert in HTML and, inside an HTML block, in Markdown."""
    return html.escape("" if text is None else str(text), quote=True).translate(ONE_LINE)


def safe_title(text: str) -> str:
    """A page title with no character the theme could read as markup, nor an
    unprintable one; runs of white space become one space."""
    kept = "".join(c for c in " ".join(text.split()) if c.isprintable() and c not in NOT_IN_TITLES)
    return " ".join(kept.split()) or "Untitled"


def front_matter(title: str) -> str:
    """A page's front matter: its title (through safe_title), without a table of contents."""
    meta = {"title": safe_title(title), "hide": ["toc"]}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1 << 30) + "---\n"


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
        if fld.kind in ("entity", "entities"):
            return ", ".join(self.site.entity(ident) for ident in value.split(",") if ident)
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

    def table(self, table: Table, records: list[dict], prefix: str, with_source: bool = True):
        """Headers and escaped cells of one table's records."""
        specs = table.meta["site"]["columns"]
        headers = [spec["title"] for spec in specs]
        cells = [[self.cell(table, spec, row, prefix) for spec in specs] for row in records]
        if with_source:
            headers.append("Source")
            for cell, row in zip(cells, records):
                cell.append(self.source_link(row, table, prefix))
        return headers, cells

    def source_link(self, row: dict, table: Table, prefix: str) -> str:
        source = self.site.sources.get(row["source_id"], {})
        label = f"{source.get('publisher') or 'unattributed'}, {source.get('published_date', '')}"
        return f'<a href="{prefix}sources/{e(row["source_id"])}.html#{e(local_id(row, table))}">{e(label)}</a>'


def concerns(table: Table, row: dict, code: str) -> bool:
    """Whether a record concerns a country: by its `countries` column, or its country columns."""
    if "countries" in table.uses:
        return code in row["countries"].split(",")
    return any(row.get(f.name) == code for f in table.kinds("country"))


def names_place(table: Table, row: dict, code: str) -> bool:
    """Whether a record names a place (a group id, say) in one of its place columns."""
    return any(code in (row.get(f.name) or "").split(",") for f in table.kinds(*PLACE_KINDS))


def place_pages(site: Site) -> None:
    index = []
    for code in site.covered():
        selected = {name: [r for r in site.data[name] if concerns(t, r, code)] for name, t in record_tables().items()}
        groups = [site.place(g, "../") + " " + e(site.groups[g]["name"]) for g in sorted(site.groups)
                  if code in site.members(g)]
        intro = f"<p>Member of {', '.join(groups)}: see that page for records naming the group.</p>\n" if groups else ""
        place_page(site, code, country_name(code), selected, intro)
        index.append([site.place(code, "../"), e(country_name(code))] + [str(len(rows)) for rows in selected.values()])
    for gid, group in sorted(site.groups.items()):
        selected = {name: [r for r in site.data[name] if names_place(t, r, gid)] for name, t in record_tables().items()}
        members = ", ".join(site.place(m, "../") for m in site.members(gid))
        intro = (f"<p>Members: {members}. Reference: {e(group['reference'])}.</p>\n"
                 "<p>Records that name the group as a whole; see the member pages for the rest.</p>\n")
        place_page(site, gid, group["name"], selected, intro)
        index.append([site.place(gid, "../"), e(group["name"]) + " (group)"] + [str(len(rows)) for rows in selected.values()])
    titles = [t.title for t in record_tables().values()]
    site.write("countries/index.md", "# Countries\n\nOne page per country and country group the records "
               f"concern, with its {', '.join(t.lower() for t in titles[:-1])} and {titles[-1].lower()}.\n\n" +
               html_table(["Code", "Name"] + titles, index))


def place_page(site: Site, code: str, name: str, selected: dict[str, list[dict]], intro: str) -> None:
    parts = [front_matter(name), f"<h1>{e(name)} ({e(code)})</h1>\n", intro]
    for table_name, table in record_tables().items():
        date = table.dated_by
        records = sorted(selected[table_name], key=lambda r: ((r[date] if date else "") or "9999", r[table.id_field]))
        parts.append(f"## {table.title}\n")
        if not records:
            parts.append(f"No {table.meta['site'].get('noun', table.title.lower())} records.\n")
            continue
        figure = chart(site, table, code, name, records)
        if figure:
            parts.append(figure)
        parts.append(html_table(*site.records.table(table, records, "../")))
    site.write(f"countries/{code}.md", "\n".join(parts))


def chart(site: Site, table: Table, code: str, name: str, records: list[dict]) -> str:
    """The table's chart of these records, as its schema asks for one (`site.chart`); or nothing."""
    spec, date = table.meta["site"].get("chart"), table.dated_by
    if not spec or not date:
        return ""
    path = site.out / "countries" / "charts" / f"{code}-{table.name}.svg"
    actual = lambda row: is_actual(table.meta, row)  # noqa: E731

    def label(template: str):
        def fill(row: dict, limit: int | None = None) -> str:
            def value(match: re.Match) -> str:
                text = plain(table.field(match.group(1)), row[match.group(1)])
                return text[:limit - 3] + "..." if limit and len(text) > limit else text
            return re.sub(r"\{(\w+)\}", value, template)
        return fill

    hollow = not_actual_words(table)
    if spec["type"] == "figures":
        points = [dict(r, year=int(r[date][:4])) for r in records if r[date] and r.get("value_usd")]
        if not points:
            return ""
        markers = table.field("bound").descriptor["x-markers"]
        alt = charts.figure_chart(points, label(spec["series"]), f"{table.title} figures for {name}", path,
                                  actual, markers, lambda row: bound_word(table, row))
        caption = (f"{e(table.title)} figures by year, USD billions. Filled: reported; hollow: {e(hollow)}; "
                   "▲ more than, ▼ less than, ● exact. Undated figures and shares are in the table only.")
    else:
        dated = [r for r in records if r[date]]
        if not dated:
            return ""
        alt = charts.timeline_chart(dated, date, label(spec["label"]), actual, f"{table.title} timeline for {name}", path)
        caption = f"Dated {e(table.title.lower())}; hollow: {e(hollow)}."
    return (f'<figure class="srt-chart"><img src="charts/{e(code)}-{e(table.name)}.svg" alt="{e(alt)}" width="700">'
            f"<figcaption>{caption}</figcaption></figure>\n")


def source_pages(site: Site) -> None:
    counts = Counter(r["source_id"] for t in record_tables() for r in site.data[t])
    index = []
    for source in sorted(site.sources.values(), key=lambda s: (s["published_date"], s["source_id"]), reverse=True):
        sid = source["source_id"]
        site.copy_text(source)
        index.append([e(source["published_date"]), f'<a href="{e(sid)}.html">{e(source["title"] or sid)}</a>',
                      e(source["publisher"]), str(counts[sid])])
        site.write(f"sources/{sid}.md", source_page(site, source))
    site.write("sources/index.md", "# Sources\n\nEvery article and statement the records come from, newest "
               "first, with its archived text.\n\n" + html_table(["Published", "Title", "Publisher", "Records"], index))


def source_page(site: Site, source: dict) -> str:
    sid = source["source_id"]
    meta = html_table(["", ""], [
        ["Title", e(source["title"])], ["Publisher", e(source["publisher"])], ["Author", e(source["author"])],
        ["Published", e(source["published_date"])],
        ["URL", f'<a href="{e(source["url"])}">{e(source["url"])}</a>' if WEB_ADDRESS.match(source["url"])
         else e(source["url"]) or "not known"],
        ["Language", e(source["language"])],
        ["Archived text", f'<a href="texts/{e(sid)}.txt">{e(sid)}.txt</a> (SHA-256 <code>{e(source["text_sha256"])}</code>)'],
        ["Curation notes", e(source["notes"])]])
    parts = [front_matter(source["title"] or sid), f"<h1>Source {e(sid)}</h1>\n",
             f'<p class="srt-source-title">{e(source["title"] or "(no title in the text)")}</p>\n', meta]
    for name, table in record_tables().items():
        records = sorted((r for r in site.data[name] if r["source_id"] == sid), key=lambda r: r[table.id_field])
        if not records:
            continue
        headers, cells = site.records.table(table, records, "../", with_source=False)
        for cell, r in zip(cells, records):
            cell.append("".join(f"<blockquote>{e(r[f.name])}</blockquote>" for f in table.kinds("quote")) +
                        "".join(f"<p><em>{e(r[n])}</em></p>" for n in r if n.endswith("note") and r[n]) +
                        (f"<p>{e(r['notes'])}</p>" if r.get("notes") else ""))
        parts.append(f"## {table.title}\n")
        parts.append(html_table(headers + ["Quote"], cells, [local_id(r, table) for r in records]))
    return "\n".join(parts)
