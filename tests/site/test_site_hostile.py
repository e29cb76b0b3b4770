"""Hostile text in every free-text field of every entry and registry (the fields are read
from schemas/, so a new one is covered as soon as it is defined) is inert on every page
of the site, in a real Chromium: no script runs, no element, link or attribute is made of
it, and each field that reaches a page shows the text as written."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from scripts import cli
from scripts.schema.registry import tables
from scripts.site.build import build_site
from tests.helpers import FIXTURES, X, leave_out, state_in_text

QUOTE = "ZTE <img src=x onerror='window.pwned = 3'> works in Uzbekistan <script>window.pwned = 4</script> now."


def payload(marker: str) -> str:
    return (f" <img src=x onerror='window.pwned = 1'><script>window.pwned = 2</script> [x](javascript:alert(1))"
            f" **{marker}** $\\foo$ {{: #x }} &amp; `code`")


def free_text_fields() -> dict[str, set[str]]:
    """By table: the string columns an entry or registry writes as free text (no kind,
    enum or pattern, not derived)."""
    return {name: {f.name for f in t.fields if f.type == "string" and not f.kind and not f.derived
                   and "enum" not in f.constraints and "pattern" not in f.constraints}
            for name, t in tables().items() if t.meta.get("role") in ("source", "record", "registry")}


def poison(path: Path, fields_of: dict[str, set[str]], table: str) -> set[str]:
    """Append a payload to every free-text value of the YAML file at `path`: an entry (its
    own fields are the source table's, each list's records its table's) or a registry (a
    list of rows of `table`); add `notes` to each record or row that has none. Returns
    the markers written."""
    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    edits: list[tuple[int, int, str]] = []
    markers = set()
    limits = {(name, f.name): f.constraints["maxLength"] for name, t in tables().items() for f in t.fields
              if "maxLength" in f.constraints}

    def mapping(node, table: str) -> None:
        keys = {k.value: (k, v) for k, v in node.value}
        for name in sorted(fields_of.get(table, ())):
            marker = f"F-{table}-{name}"
            if name in keys and isinstance(keys[name][1], yaml.ScalarNode) and keys[name][1].value:
                value = keys[name][1]
                span = text[value.start_mark.index:value.end_mark.index]
                room = limits.get((table, name), 10**6) - len(payload(marker))
                written = json.dumps(value.value[:max(room, 0)] + payload(marker))
                edits.append((value.start_mark.index, value.end_mark.index,
                              written + span[len(span.rstrip("\n")):]))  # a block scalar's span ends with its newline
                markers.add(marker)
            elif name == "notes" and "id" in keys:
                key = keys["id"][0]
                line_end = text.index("\n", key.start_mark.index) + 1
                edits.append((line_end, line_end, f"{' ' * key.start_mark.column}notes: "
                                                  f"{json.dumps(payload(marker).strip())}\n"))
                markers.add(marker)

    if isinstance(root, yaml.SequenceNode):
        for item in root.value:
            mapping(item, table)
    else:
        mapping(root, table)
        for key, value in root.value:
            if isinstance(value, yaml.SequenceNode) and key.value in fields_of:
                for item in value.value:
                    if isinstance(item, yaml.MappingNode):
                        mapping(item, key.value)
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    path.write_text(text, encoding="utf-8")
    return markers


def article_words(entry: dict) -> list[str]:
    """The values of an entry's records that the proof binds to one sentence of the article
    (`x-bind: sentence`), each to be written there as a line of its own."""
    out = []
    for name, table in tables().items():
        for record in entry.get(name) if isinstance(entry.get(name), list) else []:
            for fld in table.fields:
                value = record.get(fld.entry_key or fld.name) if isinstance(record, dict) else None
                if fld.descriptor.get("x-bind") == "sentence" and value:
                    out += [str(item) for item in (value if isinstance(value, list) else [value])]
    return out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, set[str]]:
    tmp = tmp_path_factory.mktemp("hostile-all")
    root = tmp / "pkg"
    shutil.copytree(FIXTURES, root / "data")
    fields_of = free_text_fields()
    markers: set[str] = set()
    for entry in sorted((root / "data" / "sources").glob("*.yaml")):
        markers |= poison(entry, fields_of, "sources")
    for registry, table in (("entities.yaml", "entities"), ("groups.yaml", "groups")):
        markers |= poison(root / "data" / registry, fields_of, table)
    for entry in sorted((root / "data" / "sources").glob("*.yaml")):  # what the proof binds to the article's words
        state_in_text(root, entry.stem, article_words(yaml.safe_load(entry.read_text(encoding="utf-8"))))
    # a hostile quote, in the archived text as the proof requires
    text = root / "data" / "sources" / f"{X}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n" + QUOTE + "\n", encoding="utf-8")
    entry = root / "data" / "sources" / f"{X}.yaml"
    content = re.sub(r"text_sha256: [0-9a-f]{64}", "text_sha256: " + hashlib.sha256(text.read_bytes()).hexdigest(),
                     entry.read_text(encoding="utf-8"))
    content = content.rstrip("\n") + "\n" if content.rstrip().endswith("\n") else content
    if "\ncompanies:\n" not in content:
        content += "\ncompanies:\n"
    content = content.replace("\ncompanies:\n", "\ncompanies:\n  - id: hostile\n    entity_id: zte\n"
                              f"    host_country: UZB\n    quote: {json.dumps(QUOTE)}\n", 1)
    entry.write_text(leave_out(content, "window.pwned = 3", "window.pwned = 4"), encoding="utf-8")
    code = cli.main(["build", "--root", str(root)])
    assert code == 0, "the hostile package does not build"
    return build_site(root, tmp / "out"), markers


def test_every_field_is_inert_on_every_page(hostile_site, browser):
    site, markers = hostile_site
    assert len(markers) > 10  # the payloads were written
    shown: set[str] = set()
    context = browser.new_context()
    page = context.new_page()
    for path in sorted(site.rglob("*.html")):
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        where = path.relative_to(site).as_posix()
        assert page.evaluate("typeof window.pwned") == "undefined", where
        assert page.locator("img[src='x'], [onerror], a[href^='javascript' i], #x").count() == 0, where
        assert page.evaluate("Array.from(document.scripts).every(s => !s.text.includes('pwned'))"), where
        text = page.inner_text("body")
        for marker in markers:
            if marker in text:
                assert payload(marker).strip() in " ".join(text.split()) or payload(marker).strip() in text, \
                    (where, marker)
                shown.add(marker)
        assert QUOTE not in text or "<script>window.pwned = 4</script>" in text, where
    # every free text a reader is meant to see is shown as written somewhere
    must = {m for m in markers if m.split("-", 2)[2] in ("title", "publisher", "notes", "name", "stated_by",
                                                           "reference", "occasion", "activity", "units")
            or m.endswith("_note")}
    assert must <= shown, sorted(must - shown)
    context.close()


def test_search_and_svgs_keep_hostile_text_inert(hostile_site, browser):
    site, _ = hostile_site
    for svg in site.rglob("*.svg"):
        for node in ET.parse(svg).getroot().iter():
            assert not node.tag.endswith(("script", "foreignObject")), svg
            assert not any(name.lower().startswith("on") for name in node.attrib), (svg, node.attrib)
    page = browser.new_page()
    page.goto((site / "index.html").as_uri())
    page.wait_for_load_state("load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.keyboard.type("pwned", delay=20)
    page.wait_for_timeout(1500)
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("img[src='x'], [onerror]").count() == 0
    page.close()
