"""The page of each company or organisation (every record that names it) and of each
source (its metadata, archived text and every record it gives), with their indexes."""

from __future__ import annotations

from collections import Counter

from scripts.schema.registry import record_tables
from scripts.site.escape import SLUG, WEB_ADDRESS, e, front_matter, html_table, key_values
from scripts.site.index import Site
from scripts.site.records import Records, sorted_records
from scripts.site.withdrawn import anchors
from scripts.site.words import plain


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
                 ("Offices that speak for it", e(entity.get("offices", "").replace(",", ", "))),
                 ("Countries its records concern", ", ".join(site.place(c, "../", named=True) for c in where)),
                 ("Its own statements (sources it publishes)",
                  ", ".join(f'<a href="../sources/{e(sid)}.html">{e(s["title"] or sid)}</a>'
                            for sid, s in sorted(site.sources.items()) if s.get("publisher_entity") == ident)),
                 ("Notes", e(entity.get("notes", "")))]
        parts = [front_matter(entity["name"]), f"<h1>{e(entity['name'])}</h1>\n",
                 key_values([f for f in facts if f[1]], f"About {entity['name']}")]
        for name, table in tables.items():
            if selected[name]:
                parts.append(f'<h2 id="{e(name)}">{e(table.title)}</h2>\n')
                parts.append(Records(site).table(table, sorted_records(table, selected[name]), "../",
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


def publisher(site: Site, source: dict) -> str:
    """The publisher, and the body it is when the text is that body's own statement."""
    body = source.get("publisher_entity")
    if not body:
        return e(source["publisher"])
    official = e("; the figures it states in its own voice are official statements") if body in site.officials.bodies else ""
    return f"{e(source['publisher'])} ({site.entity(body, '../')}: the text is its own statement{official})"


def source_page(site: Site, source: dict) -> str:
    sid = source["source_id"]
    meta = key_values([
        ("Title", e(source["title"])), ("Publisher", publisher(site, source)), ("Author", e(source["author"])),
        ("Published", e(source["published_date"])),
        ("URL", f'<a href="{e(source["url"])}">{e(source["url"])}</a>' if WEB_ADDRESS.match(source["url"])
         else e(source["url"]) or "not known"),
        ("Language", e(source["language"])), ("Source id", f"<code>{e(sid)}</code>"),
        ("Archived text", archived_texts(site, source)),
        ("Curation notes", e(source["notes"]))], "About this source")
    title = source["title"] or f"Untitled source {sid}"
    parts = [front_matter(title), f"<h1>{e(title)}</h1>\n", meta]
    for name, table in record_tables().items():
        records = sorted(site.naming(site.by_source, sid, name), key=lambda r: r[table.id_field])
        if records:
            parts.append(f'<h2 id="{e(name)}">{e(table.title)}</h2>\n')
            parts.append(Records(site).table(table, records, "../", f"{table.title} records of this source",
                                            on_source_page=True))
    parts.append(anchors(site, sid))  # the permalinks of its records withdrawn or renamed
    return "\n".join(parts)


def archived_texts(site: Site, source: dict) -> str:
    """The archived text, with its SHA-256; for an article its publisher amended, every
    version, each with its SHA-256 and (a later one) when it was archived and why."""
    sid = source["source_id"]

    def link(name: str, sha: str) -> str:
        return f'<a href="texts/{e(name)}">{e(name)}</a> (SHA-256 <code>{e(sha)}</code>)'

    versions = site.versions.get(sid, [])
    if len(versions) < 2:
        return link(f"{sid}.txt", source["text_sha256"])
    items = [f"<li>Version 1, as first archived: {link(f'{sid}.txt', source['text_sha256'])}</li>"]
    for row in versions[1:]:
        number = row["version"]
        amended = f", amended by the publisher on {e(row['amended_date'])}" if row.get("amended_date") else ""
        items.append(f"<li>Version {e(number)}, archived {e(row['archived_date'])}{amended}: "
                     f"{link(f'{sid}.v{number}.txt', row['text_sha256'])}. Why: {e(row['amendment_reason'])}</li>")
    return (f"{len(versions)} versions: the publisher amended the article after it was archived, and every version "
            f"is kept; each record says which it quotes.<ol>{''.join(items)}</ol>")
