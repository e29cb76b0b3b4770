"""Permalinks that outlive their rows (data/withdrawals.csv). A row of a table with pages
on the site (`x-table.site.pages` in schemas/: sources, entities, groups) has its page at
`<pages>/<id>.html`; a withdrawn or renamed id of any such table keeps a page there that
says it left, why, in which release and, for a rename, links to the id that stands for it
now. A record's permalink is `sources/<source id>.html#<name>`, so

- a withdrawn or renamed record of a source still published keeps an anchor on its
  source's page, saying it was withdrawn (why, in which release) or where it is now;
- a withdrawn source keeps its page, saying so, with an anchor for each record withdrawn
  with it; a renamed source's old page leads to the new one, and each of the new source's
  records keeps its old anchor there (`<old source id>:<name>` is `<new source id>:<name>`).

Every id that names a file or an anchor is checked here, where it is read.
"""

from __future__ import annotations

from scripts.schema.registry import permanence_table, record_tables, source_table, tables
from scripts.site.escape import SLUG, e, front_matter
from scripts.site.index import Site


def withdrawals(site: Site) -> list[dict]:
    table = permanence_table("withdrawals")
    return site.data.get(table.name, []) if table is not None else []


def page_tables() -> dict[str, str]:
    """The tables with a page a row, each with its folder (`x-table.site.pages`), checked
    here, where it becomes a path: one lower-case word."""
    out = {}
    for name, table in tables().items():
        folder = table.meta.get("site", {}).get("pages")
        if folder is not None and not (isinstance(folder, str) and SLUG.fullmatch(folder)):
            raise SystemExit(f"schemas/{name}.yaml: x-table.site.pages `{str(folder)[:80]!r}` is not a folder of the "
                             "site (one lower-case word) — fix the schema; the site was not built")
        if folder is not None:
            out[name] = folder
    return out


def _split(ident: str) -> tuple[str, str]:
    """(source id, record name) of a record id; (id, "") for a source's."""
    source, _, name = ident.partition(":")
    if not SLUG.fullmatch(source) or (name and not SLUG.fullmatch(name)):
        raise SystemExit(f"data/withdrawals.yaml: `{ident[:80]!r}` is not a source or record id — run `make check`; "
                         "the site was not built")
    return source, name


def _said(row: dict) -> str:
    return (f"Withdrawn in release {e(row['release'])}: {e(row['reason'])}" if not row.get("replaced_by") else
            f"Renamed in release {e(row['release'])}: {e(row['reason'])}")


def _link(target: str) -> str:
    source, name = _split(target)
    href = f"{e(source)}.html" + (f"#{e(name)}" if name else "")
    return f'<a href="{href}"><code>{e(target)}</code></a>'


def anchors(site: Site, sid: str) -> str:
    """The section of a source's page that keeps the permalinks of its records withdrawn
    or renamed: one element with the old record name as its id each."""
    items = []
    for row in withdrawals(site):
        source, name = _split(row["withdrawn_id"])
        if source != sid or not name:
            continue
        now = f" It is now {_link(row['replaced_by'])}." if row.get("replaced_by") else ""
        items.append(f'<li id="{e(name)}"><code>{e(row["withdrawn_id"])}</code> ({e(row["table"])}). '
                     f"{_said(row)}{now}</li>")
    if not items:
        return ""
    return ('<h2 id="withdrawn-records">Withdrawn and renamed records</h2>\n<ul class="srt-withdrawn">\n'
            + "\n".join(sorted(items)) + "\n</ul>\n")


def withdrawal_pages(site: Site) -> None:
    """A page for each withdrawn or renamed id of a table with pages, at its old address."""
    folders, sources = page_tables(), source_table().name
    for row in withdrawals(site):
        folder = folders.get(row["table"])
        if folder is None:
            continue  # a record: an anchor on its source's page (anchors)
        table = tables()[row["table"]]
        old, _ = _split(row["withdrawn_id"])
        if any(r[table.id_field] == old for r in site.data.get(table.name, [])):
            continue  # the check refuses a withdrawn id in the package; never write over a page
        if table.name == sources:
            site.write(f"{folder}/{old}.md", _source_page(site, row, old))
            continue
        new = row.get("replaced_by") or ""
        if new:
            _split(new)
        site.write(f"{folder}/{old}.md", "\n".join([
            front_matter(f"{table.title}: {old} ({'renamed' if new else 'withdrawn'})"),
            f"<h1>{e(table.title)}: <code>{e(old)}</code></h1>\n", f'<p class="srt-withdrawn">{_said(row)}</p>\n',
            f'<p>It is now <a href="{e(new)}.html"><code>{e(new)}</code></a>.</p>\n' if new else ""]))


def _source_page(site: Site, row: dict, old: str) -> str:
    """The page of a withdrawn or renamed source, with an anchor for each of its records."""
    parts = [front_matter(f"Source {old}: {'renamed' if row.get('replaced_by') else 'withdrawn'}"),
             f"<h1>Source <code>{e(old)}</code></h1>\n", f'<p class="srt-withdrawn">{_said(row)}</p>\n']
    new = row.get("replaced_by") or ""
    if new:
        new_source, _ = _split(new)
        parts.append(f"<p>It is now {_link(new_source)}.</p>\n")
        names = sorted(r[t.id_field].split(":", 1)[1] for t in record_tables().values()
                       for r in site.naming(site.by_source, new_source, t.name))
        if names:
            parts.append('<ul class="srt-withdrawn">\n' + "\n".join(
                f'<li id="{e(name)}">Record <code>{e(old)}:{e(name)}</code> is now '
                f'{_link(f"{new_source}:{name}")}.</li>' for name in names) + "\n</ul>\n")
    parts.append(anchors(site, old))
    return "\n".join(parts)
