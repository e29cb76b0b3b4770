"""Escaping: the only ways a text of the data reaches a page.

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

import pycountry
import yaml

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


def country_name(code: str, fallback: str = "") -> str:
    """A country's common name (pycountry), or `fallback` (else the code) when it has none."""
    country = pycountry.countries.get(alpha_3=code)
    return (getattr(country, "common_name", None) or country.name) if country else (fallback or code)
