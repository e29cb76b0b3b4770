"""How the site shows a record: each cell as its schema says, who states it, its quote and
caveats, a link to its fact and to its source; the kinds of column shown as links."""

from __future__ import annotations

import re

from scripts.schema.registry import Field, Table
from scripts.site.escape import country_name, e, html_table
from scripts.site.index import Site
from scripts.site.marks import marked
from scripts.site.words import bound_word, period_words, plain

PLACE_KINDS = ("place", "places", "base")
LINKED_KINDS = PLACE_KINDS + ("country",)  # shown as links to the country or group page
ENTITY_KINDS = ("entity", "entities")


def local_id(row: dict, table: Table) -> str:
    """A record's id within its entry (`turnover-2013`), the anchor on its source page."""
    return row[table.id_field].split(":", 1)[1]


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
        if fld.kind == "date" and "/" in value:  # a run of months or days: in words, with its form
            return f'{e(period_words(value))} <small>({e(value)})</small>'
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
        """Who gives the record, plainly: the speaker the source names, or the source itself
        (its publisher's entity, when it is one); and whether it is an official statement
        (the series' rule: scripts/publish/series.py, Officials)."""
        said = [e(row["stated_by"])] if row.get("stated_by") else []
        if row.get("stated_by_entity"):
            said.append(self.site.entity(row["stated_by_entity"], prefix))
        publisher = self.site.sources.get(row["source_id"], {}).get("publisher_entity")
        if said:
            shown = ", ".join(said) + e(", as reported by ") + e(self.publisher(row))
        else:
            shown = (self.site.entity(publisher, prefix) if publisher else e(self.publisher(row))) + e(", in its own words")
        official = self.site.officials.body(row)
        return shown + (f' <small class="srt-official">({e("an official statement: " + self.official(official))})</small>'
                        if official else "")

    def official(self, body: str) -> str:
        """An official body in words: its name and type."""
        entity = self.site.entities.get(body, {})
        kind = plain(self.site.entity_table.field("type"), entity.get("type", "")) if self.site.entity_table else ""
        return f"{entity.get('name') or body}, a {kind}" if kind else entity.get("name") or body

    def publisher(self, row: dict) -> str:
        return self.site.sources.get(row["source_id"], {}).get("publisher") or "an unnamed publisher"

    def evidence(self, table: Table, row: dict, prefix: str) -> str:
        """The record's quote, its caveats (every `*_note` and `notes`) and, when several
        reports give its fact, a link to them all."""
        language = self.site.sources.get(row["source_id"], {}).get("language") or "en"
        parts = [f'<blockquote lang="{e(language)}">{self.quote(table, f, row)}</blockquote>'
                 for f in table.kinds("quote") if row.get(f.name)]
        if (row.get("text_version") or "1") != "1":  # the article as its publisher amended it
            parts.append(f'<p class="srt-note"><strong>Quoted from version {e(row["text_version"])} of the archived '
                         f'text</strong> (the article as its publisher amended it: <a href="{prefix}sources/'
                         f'{e(row["source_id"])}.html">see its versions</a>).</p>')
        if row.get("quote_translation"):  # the contributor's English, never shown as the source's words
            parts.append(f'<p class="srt-translation" lang="en"><strong>Translation (the contributor\'s, not the '
                         f"source's words):</strong> {e(row['quote_translation'])}</p>")
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

    def quote(self, table: Table, fld: Field, row: dict) -> str:
        """The quote, escaped, with the words that state the record's values marked
        (scripts/site/marks.py): the bindings of evidence.csv whose words are still those of
        the archived text (Site.bindings)."""
        found = self.site.bindings.get(row[table.id_field])
        if not found:
            return e(row[fld.name])
        return marked(row[fld.name], self.site.text(row["source_id"], row.get("text_version") or "1"), found,
                      fld.name, lambda columns: self.said(table, row, columns))

    def said(self, table: Table, row: dict, columns: list[str]) -> str:
        """What marked words state, in plain text: each column's title and value
        (`Amount as written: 28.6 billion dollars; Period: 2013`)."""
        out = []
        for column in sorted(columns, key=lambda c: table.columns.index(c) if c in table.by_name else len(table.columns)):
            fld = table.by_name.get(column)
            if fld is None:
                out.append(column.replace("_", " "))
                continue
            value = row.get(column) or ""
            if fld.kind in LINKED_KINDS:
                value = ", ".join(self.site.groups[c]["name"] if c in self.site.groups else country_name(c)
                                  for c in value.split(",") if c)
            elif fld.kind in ENTITY_KINDS:
                value = ", ".join(self.site.entities.get(i, {}).get("name") or i for i in value.split(",") if i)
            else:
                value = plain(fld, value)
            title = fld.descriptor.get("title", column)
            out.append(f"{title}: {value}" if value else title)
        return "; ".join(out)

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
            fact = self.site.facts.get(row.get("fact_id", ""))
            flag = (f'<a class="srt-flag" href="{prefix}facts.html#{e(fact["fact_id"])}" title="Its reports disagree: '
                    f'compare them">⚠ disagrees</a> ' if fact and disagree(fact) and int(fact["reports"]) > 1 else "")
            cells[0] = permalink + flag + cells[0]
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
