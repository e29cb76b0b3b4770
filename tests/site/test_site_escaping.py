"""Text from the data reaches the site by one escaping path: hostile values in a group
name, an agreement name, a source title and a source URL build, `docs` exits 0,
mkdocs --strict builds, and the pages, the charts, the page titles and the search
index show the values as written, with no link, tag or markup made of them."""

from __future__ import annotations

import contextlib
import csv
import html
import html.parser
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from scripts import cli
from scripts.site import build as site_docs
from tests.helpers import CALIBER, FIXTURES, MOFCOM, state_in_text

GROUP_NAME = "Evil [x](javascript:alert(1)) <script>window.srtPwned = 1</script>"
AGREEMENT_NAME = "$\\foo$ <img src=x onerror=alert(1)> **bold** [a](javascript:x) `code` $1³"
SOURCE_TITLE = ("Ties 🙂 $\\foo$ <img src=x onerror=alert(2)> **bold** [a](javascript:x) "
                "<script>window.srtPwned = 2</script> {: #x }")
BAD_URL = "javascript:alert(3)//https://example.org"


def edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, lambda _: replacement, text, count=1, flags=re.M | re.S)
    assert count == 1, (path, pattern)
    path.write_text(changed, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, int, str]:
    """A copy of the project with hostile values, built; the site (mkdocs --strict), made after
    a CSV was edited by hand, and the exit code and error output of `python -m scripts docs` on
    the package as built (it refuses the edited one: tests/site/test_docs_gate.py)."""
    tmp = tmp_path_factory.mktemp("hostile")
    root = tmp / "pkg"
    shutil.copytree(FIXTURES, root / "data")  # frozen entries: the edits below name their lines
    edit(root / "data" / "groups.yaml", r"^  name: Central Asia$", "  name: " + json.dumps(GROUP_NAME, ensure_ascii=False))
    entry = root / "data" / "sources" / f"{CALIBER}.yaml"
    edit(entry, r"^title: .*?$", "title: " + json.dumps(SOURCE_TITLE, ensure_ascii=False))
    edit(entry, r"^    name: >-\n      joint declaration .*?strategic partnership$",
         "    name: " + json.dumps(AGREEMENT_NAME, ensure_ascii=False))
    state_in_text(root, CALIBER, [AGREEMENT_NAME])  # a name is the article's words (x-bind)
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()) as err:
        patch.setenv("SRT_TODAY", "2026-11-23")
        assert cli.main(["build", "--root", str(root)]) == 0, err.getvalue()
        patch.setattr(site_docs, "SITE_SRC", tmp / "generated")
        docs_code = cli.main(["docs", "--root", str(root)])
        # A package whose CSV says what no entry may: docs refuses it, and the pages, made from
        # the CSVs without docs's check, still show it as text.
        sources = root / "data" / "sources.csv"
        with sources.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            if row["source_id"] == MOFCOM:
                row["url"] = BAD_URL
        with sources.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        assert cli.main(["docs", "--root", str(root)]) == 2
    return site_docs.build_site(root, tmp / "out"), docs_code, err.getvalue()


class Page(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text inside each element of interest."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[str]] = {}
        self.open: list[tuple[str, list[str]]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        self.tags.append((tag, attrs))
        if tag in ("h1", "td", "title", "script") or "srt-source-title" in attrs.get("class", ""):
            self.open.append((tag, []))

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            name, parts = self.open.pop()
            self.texts.setdefault(name, []).append("".join(parts))

    def handle_data(self, data):
        for _, parts in self.open:
            parts.append(data)

    def attrs(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


def page(site: Path, relative: str) -> Page:
    return Page((site / relative).read_text(encoding="utf-8"))


def assert_inert(parsed: Page, where: str) -> None:
    for tag, attrs in parsed.tags:
        for key, value in attrs.items():
            assert not re.sub(r"\s", "", value).lower().startswith("javascript:"), (where, tag, key, value)
            assert key != "onerror", (where, tag, attrs)
        assert not (tag == "img" and attrs.get("src") == "x"), (where, attrs)
    for script in parsed.texts.get("script", []):
        assert "srtPwned" not in script, where


# ------------------------------------------------------------------ pages
def test_no_link_tag_or_handler_made_of_data_on_any_page(hostile):
    site, _, _ = hostile
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "<script>window.srtPwned" not in text and "<img src=x" not in text, path
        assert_inert(Page(text), str(path.relative_to(site)))
    group = (site / "countries" / "central-asia.html").read_text(encoding="utf-8")
    assert html.escape(GROUP_NAME, quote=False) in group
    source = (site / "sources" / f"{CALIBER}.html").read_text(encoding="utf-8")
    assert html.escape(SOURCE_TITLE, quote=False) in source


def test_headings_and_cells_show_the_data_as_written(hostile):
    site, _, _ = hostile
    assert page(site, "countries/central-asia.html").texts["h1"] == [f"{GROUP_NAME} (central-asia)"]
    source = page(site, f"sources/{CALIBER}.html")
    assert source.texts["h1"] == [SOURCE_TITLE]
    assert SOURCE_TITLE in source.texts["td"]
    assert any(cell.startswith(AGREEMENT_NAME + "occasion:") for cell in source.texts["td"])
    assert any(cell.startswith(AGREEMENT_NAME + "occasion:") for cell in page(site, "countries/AZE.html").texts["td"])
    assert GROUP_NAME in page(site, "countries/index.html").texts["td"]
    assert SOURCE_TITLE in page(site, "sources/index.html").texts["td"]


def test_a_url_that_is_not_http_is_shown_not_linked(hostile):
    site, _, _ = hostile
    mofcom = page(site, f"sources/{MOFCOM}.html")
    assert BAD_URL in mofcom.texts["td"]
    assert all(BAD_URL not in attrs.get("href", "") for attrs in mofcom.attrs("a"))


def test_page_titles_are_a_safe_subset_of_the_data(hostile):
    site, _, _ = hostile
    group = page(site, "countries/central-asia.html").texts["title"]
    assert group == ["Evil [x](javascript:alert(1)) scriptwindow.srtPwned = 1/script - Silk Road Ties"]
    source = page(site, f"sources/{CALIBER}.html")
    assert source.texts["title"] == ["Ties 🙂 $foo$ img src=x onerror=alert(2) **bold** [a](javascript:x) "
                                     "scriptwindow.srtPwned = 2/script : #x - Silk Road Ties"]
    article = (site / "sources" / f"{CALIBER}.html").read_text(encoding="utf-8").split('<article', 1)[1]
    assert "title:" not in article and "hide:" not in article  # the front matter parsed


def test_the_search_index_holds_the_data_as_text(hostile):
    site, _, _ = hostile
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = {"group": False, "agreement": False, "source": False}
    for doc in index["docs"]:
        for key in ("title", "text"):
            parsed = Page(doc[key])
            assert_inert(parsed, f"search index: {doc['location']} {key}")
            assert not any(tag in ("a", "img", "script", "h1") for tag, _ in parsed.tags), doc
        text = html.unescape(doc["text"])
        found["group"] |= doc["location"] == "countries/central-asia.html" and GROUP_NAME in text
        found["agreement"] |= doc["location"] == f"sources/{CALIBER}.html#agreements" and AGREEMENT_NAME in text
        found["source"] |= doc["location"] == f"sources/{CALIBER}.html" and SOURCE_TITLE in text
    assert found == {"group": True, "agreement": True, "source": True}


# ------------------------------------------------------------------ charts and the docs command
def svg_texts(path: Path) -> list[str]:
    return ["".join(node.itertext()) for node in ET.parse(path).getroot().iter("{http://www.w3.org/2000/svg}text")]


def test_docs_exits_0_and_charts_draw_the_data_literally(hostile):
    site, docs_code, docs_err = hostile
    assert docs_code == 0, docs_err
    drawn = svg_texts(site / "countries" / "charts" / "AZE-agreements.svg")
    assert any(text.startswith("$\\foo$ <img src=x") for text in drawn)
    assert svg_texts(site / "countries" / "charts" / "central-asia-trade.svg")
    alts = [attrs["alt"] for attrs in page(site, "countries/AZE.html").attrs("img") if "charts/" in attrs.get("src", "")]
    assert any(f"2024-07-03 {AGREEMENT_NAME} (adopted)." in alt for alt in alts), alts
    alts = [attrs["alt"] for attrs in page(site, "countries/central-asia.html").attrs("img")
            if "charts/" in attrs.get("src", "")]
    assert alts and all(alt.startswith(f"Trade figures for {GROUP_NAME}.") for alt in alts)


# ------------------------------------------------------------------ the two functions
MARKDOWN = ["admonition", "attr_list", "tables", "toc", "pymdownx.highlight", "pymdownx.superfences"]


@pytest.mark.parametrize("value", [
    "one\n```\n<b>two</b> **three**\n```\nfour",
    "line\n# heading\n- item\n    indented\t[a](javascript:x)",
    "a\r\n~~~\nb & c\n~~~",
])
def test_e_keeps_lines_of_data_out_of_markdown(value):
    from scripts.site.escape import e

    assert "\n" not in e(value) and "\r" not in e(value)
    rendered = markdown.markdown(f'<div class="srt-table">\n<p>{e(value)}</p>\n</div>\n', extensions=MARKDOWN)
    parsed = Page(rendered)
    assert [tag for tag, _ in parsed.tags] == ["div", "p"]
    inner = rendered.split("<p>", 1)[1].rsplit("</p>", 1)[0]
    assert html.unescape(inner) == value


@pytest.mark.parametrize("title", [SOURCE_TITLE, "x: y", "---", "- a", "a\u2028b", "null", "🙂 & 😀", "<>&"])
def test_front_matter_parses_for_any_title(title):
    from mkdocs.utils.meta import get_data

    from scripts.site.escape import front_matter, safe_title

    body, meta = get_data(front_matter(title) + "<p>body</p>\n")
    assert body.strip() == "<p>body</p>"
    assert meta == {"title": safe_title(title), "hide": ["toc"]}
    assert not set(meta["title"]) & set("<>&\"'`\\{}") and meta["title"].isprintable()
