"""The site marks, in each quote it shows, the words that state the record's values (the
bindings of evidence.csv, placed in the archived text): every piece of the quote is
escaped, overlapping and nested bindings give well-nested marks each naming every value it
states, and in a real Chromium each mark is reachable by keyboard, has an accessible name
and a tooltip, keeps its contrast in the light and the dark scheme, and hostile words
inside one stay text.

The bindings marked here are written into a built package's evidence.csv by the test (the
site reads them there), over words chosen from the data: whatever the proof binds."""

from __future__ import annotations

import hashlib
import html.parser
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts import cli
from scripts.schema.registry import tables
from scripts.site.build import build_site
from scripts.site.escape import e
from scripts.site.marks import marked
from tests.helpers import (
    ARTIFACTS,
    FIXTURES,
    X,
    add_bindings,
    archived_text,
    csv_table,
    leave_out,
)

AXE = Path(__file__).parents[1] / "vendor" / "axe-core" / "axe.min.js"
HOSTILE = "ZTE <img src=x onerror='window.pwned = 3'> works in Uzbekistan <script>window.pwned = 4</script> & now."


class Marks(html.parser.HTMLParser):
    """The text of marked HTML, and for each of its characters the label of its mark."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text, self.labels, self.open, self.tags = "", [], None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        assert tag == "mark" and self.open is None, "a tag inside a mark, or one that is not a mark"
        assert attrs["aria-label"] == attrs["title"] and attrs["tabindex"] == "0" and attrs["role"] == "group"
        self.open = attrs["aria-label"]
        self.tags.append(tag)

    def handle_endtag(self, tag):
        assert tag == "mark" and self.open is not None
        self.open = None

    def handle_data(self, data):
        self.text += data
        self.labels += [self.open] * len(data)


def parse(out: str) -> Marks:
    parser = Marks()
    parser.feed(out)
    parser.close()
    assert parser.open is None  # every mark closed
    return parser


def label(columns: list[str]) -> str:
    return "|".join(sorted(columns))


QUOTE = 'Trade "reached" 28.6 billion dollars - a record - in 2013, up 5% <b>&amp;</b>.'
TYPOGRAPHIC = str.maketrans({'"': "\u201c", "-": "\u2014"})  # same length: the places carry over


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["amount_text", "period", "bound", "partner"]),
                          st.integers(0, len(QUOTE) + 12), st.integers(0, len(QUOTE) + 12)), max_size=6),
       st.booleans())
def test_any_bindings_give_well_nested_marks_naming_every_value(spans, typographic):
    """Any overlapping, nested or outlying bindings: the quote's text exactly, each
    character in a mark that names every binding over it (none outside the quote)."""
    before = "Intro.\n"
    text = before + (QUOTE.translate(TYPOGRAPHIC) if typographic else QUOTE) + " More.\n"
    bindings = [("quote", len(before), len(before) + len(QUOTE))]
    bindings += [(c, len(before) - 6 + min(a, b), len(before) - 6 + max(a, b)) for c, a, b in spans if a != b]
    found = parse(marked(QUOTE, text, bindings, "quote", label))
    assert found.text == QUOTE
    for index, char in enumerate(QUOTE):
        at = len(before) + index
        over = sorted({c for c, s, t in bindings[1:] if s <= at < t})
        if not char.isspace() or not typographic:  # a quote written otherwise is matched word by word
            assert found.labels[index] == (label(over) if over else None), (index, char)


def test_a_quote_written_otherwise_than_its_text_is_marked_word_for_word():
    text = ("Head\r\n\r\nThe \ufb01rm said trade \u2014 the \u201ctwo sides\u201d \u2014 reached 28.9\u00a0billion\r\n"
            "dollars in 2013.\r\n")
    quote = 'The firm said trade - the "two sides" - reached 28.9 billion dollars in 2013.'
    start = text.index("The")
    words = {"entity_id": "\ufb01rm", "partner": "\u201ctwo sides\u201d", "amount_text": "28.9\u00a0billion\r\ndollars",
             "period": "2013"}
    bindings = [("quote", start, text.index("2013.") + 5)]
    bindings += [(column, text.index(w), text.index(w) + len(w)) for column, w in words.items()]
    found = parse(marked(quote, text, bindings, "quote", label))
    assert found.text == quote
    shown = {}
    for char, name in zip(found.text, found.labels):
        if name:
            shown[name] = shown.get(name, "") + char
    assert shown == {"entity_id": "firm", "partner": '"two sides"', "amount_text": "28.9 billion dollars", "period": "2013"}


def test_hostile_words_and_labels_stay_text():
    text = f"Lead. {HOSTILE}\n"
    start = text.index("ZTE")
    bindings = [("quote", start, start + len(HOSTILE)), ("entity_id", start, text.index("works") + 5),
                ("host_country", text.index("works"), text.index("</script>") + 9)]
    out = marked(HOSTILE, text, bindings, "quote", lambda columns: '"><script>alert(1)</script>' + "|".join(columns))
    assert "<script" not in out and "<img" not in out and "onerror='" not in out
    found = parse(out)
    assert found.text == HOSTILE
    assert {name for name in found.labels if name} == {'"><script>alert(1)</script>' + c
                                                       for c in ("entity_id", "entity_id|host_country", "host_country")}
    assert marked(HOSTILE, text, bindings[:1], "quote", label) == e(HOSTILE)  # the quote's own place: no mark


# ------------------------------------------------------------------ in a real browser
def title(table: str, column: str) -> str:
    return tables()[table].field(column).descriptor["title"]


@pytest.fixture(scope="module")
def marked_site(tmp_path_factory) -> tuple[Path, dict]:
    """The fixtures plus a record whose quote holds hostile words, built; bindings written
    over words of two quotes (one with the hostile words, overlapping and nested), then the
    site built. Returns the site and, by record id, the labels expected of its marks."""
    tmp = tmp_path_factory.mktemp("marks")
    root = tmp / "pkg"
    shutil.copytree(FIXTURES, root / "data")
    text_file = root / "data" / "sources" / f"{X}.txt"
    text_file.write_bytes(text_file.read_bytes() + f"\n{HOSTILE}\n".encode("utf-8"))
    entry = root / "data" / "sources" / f"{X}.yaml"
    content = re.sub(r"text_sha256: [0-9a-f]{64}", "text_sha256: " + hashlib.sha256(text_file.read_bytes()).hexdigest(),
                     entry.read_text(encoding="utf-8"))
    content = content.replace("\ncompanies:\n", "\ncompanies:\n  - id: hostile-marks\n    entity_id: zte\n"
                              f"    host_country: UZB\n    activity: telecom\n    quote: {json.dumps(HOSTILE)}\n", 1)
    entry.write_text(leave_out(content, "window.pwned = 3", "window.pwned = 4"), encoding="utf-8")
    assert cli.main(["build", "--root", str(root)]) == 0
    text = archived_text(root, X)
    quotes = {row["record_id"]: (int(row["start"]), int(row["end"])) for row in csv_table(root, "evidence")
              if row["column"] == "quote" and row["source_id"] == X}
    hostile = f"{X}:hostile-marks"
    start, end = quotes[hostile]
    works = text.index("works", start)
    add_bindings(root, hostile, [("entity_id", start, works + 5), ("host_country", works, text.index("</script>", start) + 9),
                                 ("activity", text.index("Uzbekistan", start), text.index("Uzbekistan", start) + 10)])
    expected = {hostile: [title("companies", "entity_id"), title("companies", "host_country"),
                          title("companies", "activity")]}
    trade = next(row for row in csv_table(root, "trade") if row["source_id"] == X and row["amount_text"] and row["period"]
                 and row["amount_text"] in text[slice(*quotes[row["trade_id"]])]
                 and row["period"] in text[slice(*quotes[row["trade_id"]])])
    start, end = quotes[trade["trade_id"]]
    amount, period = text.index(trade["amount_text"], start), text.index(trade["period"], start)
    add_bindings(root, trade["trade_id"], [("amount_text", amount, amount + len(trade["amount_text"])),
                                           ("period", period, period + len(trade["period"]))])
    expected[trade["trade_id"]] = [f"{title('trade', 'amount_text')}: {trade['amount_text']}",
                                   f"{title('trade', 'period')}: {trade['period']}"]
    return build_site(root, tmp / "out"), expected


# WCAG's contrast of each element's text (its colour, alpha blended) on its background colour (opaque)
CONTRAST = """marks => marks.map(m => {
    const rgba = s => s.match(/[\\d.]+/g).map(Number);
    const [r, g, b, a = 1] = rgba(getComputedStyle(m).color), [R, G, B] = rgba(getComputedStyle(m).backgroundColor);
    const blend = [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
    const lum = c => { const [x, y, z] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * x + 0.7152 * y + 0.0722 * z; };
    const [hi, lo] = [lum(blend), lum([R, G, B])].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_marks_are_named_reachable_visible_and_inert_in_chromium(marked_site, browser, scheme):
    site, expected = marked_site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.goto((site / "sources" / f"{X}.html").as_uri())
    page.wait_for_function("() => document.body.dataset.mdColorScheme && document.documentElement.classList.contains('js')"
                           " && Array.from(document.querySelectorAll('.srt-table table thead'))"
                           ".every(head => head.closest('table').hasAttribute('data-srt-enhanced'))")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("img[src='x'], [onerror]").count() == 0
    hostile = page.locator(f"tr[id='hostile-marks'] blockquote")
    assert " ".join(hostile.inner_text().split()) == " ".join(HOSTILE.split())  # the words as written
    marks = page.locator("mark.srt-evidence")
    assert marks.count() >= 5
    for mark in marks.all():
        name = mark.get_attribute("aria-label")
        assert name and mark.get_attribute("title") == name and mark.get_attribute("tabindex") == "0"
    names = [page.locator(f"tr[id='{record.split(':', 1)[1]}'] mark.srt-evidence").evaluate_all(
        "marks => marks.map(m => m.getAttribute('aria-label'))") for record in expected]
    for (record, wanted), found in zip(expected.items(), names):
        for label in wanted:  # each value the test bound, named by a mark (a title alone: its value is the page's)
            assert any(label in name.split("; ") or name.startswith(label + ":") or f"; {label}:" in name
                       for name in found), (record, label, found)
    assert any(name.count("; ") >= 1 for name in names[0])  # words two bindings share name both
    # the accessible name, as a screen reader is given it
    first = names[1][0]
    assert page.get_by_role("group", name=first, exact=True).count() >= 1
    # by keyboard: from the record's permalink, Tab reaches its first mark
    page.locator("tr[id='hostile-marks'] a.srt-permalink").focus()
    for _ in range(25):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('mark.srt-evidence')"):
            break
    assert page.evaluate("document.activeElement.closest('tr') && document.activeElement.closest('tr').id") == \
        "hostile-marks"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    # seen apart from the text around it: a background of its own and an edge below
    style = marks.first.evaluate("m => [getComputedStyle(m).backgroundColor, getComputedStyle(m.closest('td'))"
                                 ".backgroundColor, parseFloat(getComputedStyle(m).borderBottomWidth)]")
    assert style[0] not in (style[1], "rgba(0, 0, 0, 0)") and style[2] >= 2
    # the page's content (the header's title fades in as the page scrolls: the sweeps of every page are
    # test_site_a11y.py's)
    violations = page.evaluate("""async () => (await axe.run('article', {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")
    assert violations == []
    # every mark's text against its own background (axe leaves out a mark another element covers)
    ratios = marks.evaluate_all(CONTRAST)
    assert len(ratios) == marks.count() and min(ratios) >= 4.5, ratios
    ARTIFACTS.mkdir(exist_ok=True)
    hostile.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"marks_{scheme}.png"), clip=page.locator(f"tr[id='hostile-marks']").bounding_box())
    context.close()
