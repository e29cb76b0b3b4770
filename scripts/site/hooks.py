"""mkdocs hooks (mkdocs.yml `hooks`): put back the record tables that scripts/site/index.py
(Site.write) wrote to fragment files (`<!-- srt-fragment countries/KAZ/1 -->` in a page stands for
<docs_dir>/.fragments/countries/KAZ/1.html), page by page as each is written, so that
mkdocs never holds every table of the site in memory. The tables were escaped when
written (scripts/site/escape.py); a fragment name is read only as a relative path inside the
fragments folder."""

from __future__ import annotations

import re
from pathlib import Path

PLACEHOLDER = re.compile(r"<!-- srt-fragment ([a-zA-Z0-9_-]+(?:/[a-zA-Z0-9_-]+)*) -->")


def on_post_page(output: str, page, config) -> str:
    folder = Path(config["docs_dir"]) / ".fragments"

    def fragment(match: re.Match) -> str:
        return (folder / f"{match.group(1)}.html").read_text(encoding="utf-8")

    return PLACEHOLDER.sub(fragment, output)


def on_page_content(html: str, page, config, files) -> str:
    """A page's Markdown, once rendered, is read no more: let it go, rather than hold the
    source of every page until the last is written (mkdocs renders them all first)."""
    page.markdown = ""
    return html
