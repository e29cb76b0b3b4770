"""The map of countries with records (scripts/site/worldmap.py): valid SVG, linked and titled
countries, classes, contrast, escaping, countries the atlas lacks, determinism, and the
vendored boundaries' hash. Counts are the tests' own: nothing here reads data/."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.site import atlas, worldmap

NS = {"s": "http://www.w3.org/2000/svg"}
S = "{http://www.w3.org/2000/svg}"
SAMPLE = {"KAZ": 12, "AZE": 5, "PAK": 3, "KGZ": 1, "TJK": 1, "TKM": 1, "UZB": 2, "CHN": 20}
COVERED = ["ARM", "AZE", "GEO", "KAZ", "KGZ", "TJK", "TKM", "UZB", "PAK", "CHN", "MNG"]
VENDOR = Path(atlas.ATLAS).parent


def link(code: str) -> str:
    return f"countries/{code}.html"


def draw(counts: dict, href=link, title: str = "Records per country", description: str = "A map.") -> str:
    return worldmap.svg(counts, href, title, description)


def name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or country.name


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def countries(root: ET.Element) -> dict[str, tuple[ET.Element, ET.Element, ET.Element]]:
    """code -> (wrapper <a> or <g>, its <title>, its <path>) of the countries with records."""
    found = {}
    for wrapper in root.iter():
        path = wrapper.find("s:path", NS)
        if path is not None and path.get("data-code"):
            found[path.get("data-code")] = (wrapper, wrapper.find("s:title", NS), path)
    return found


def numbers(d: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]


def map_box(root: ET.Element) -> tuple[float, float]:
    rect = root.find("s:defs/s:clipPath/s:rect", NS)
    return float(rect.get("width")), float(rect.get("height"))


def test_valid_svg_named_for_assistive_technology():
    out = draw(SAMPLE)
    root = ET.fromstring(out)
    assert root.tag == S + "svg"
    assert root.get("class") == "srt-map"
    assert root.get("width") is None and root.get("height") is None  # scales with its box
    assert len(root.get("viewBox").split()) == 4
    assert root.get("role") != "img"  # it holds links: role img would hide them
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    title, desc = root.find("s:title", NS), root.find("s:desc", NS)
    assert root.get("aria-labelledby") == title.get("id") and title.text == "Records per country"
    assert root.get("aria-describedby") == desc.get("id") and desc.text == "A map."
    assert root.find("s:rect", NS).get("fill") == worldmap.BACKGROUND  # its own background
    # embeddable in a Markdown page's HTML block: no blank line, no indented line
    assert "\n\n" not in out and not any(line[:1].isspace() for line in out.splitlines())
    assert len(out.encode()) < 60_000


def test_every_country_with_records_is_a_linked_titled_path():
    root = ET.fromstring(draw(SAMPLE))
    found = countries(root)
    assert set(found) == set(SAMPLE)
    for code, count in SAMPLE.items():
        wrapper, title, path = found[code]
        assert wrapper.tag == S + "a" and wrapper.get("href") == link(code)
        assert title.text == f"{name(code)}: {count} record{'' if count == 1 else 's'}"
        assert path.get("d").startswith("M") and path.get("d").endswith("Z")
    links = {a.get("href") for a in root.iter(S + "a")}
    assert links == {link(code) for code in SAMPLE}  # nothing else is a link


def test_countries_with_records_are_in_view_and_others_clipped():
    root = ET.fromstring(draw(SAMPLE))
    width, height = map_box(root)
    for _, _, path in countries(root).values():
        values = numbers(path.get("d"))
        xs, ys = values[0::2], values[1::2]
        assert 0 <= min(xs) and max(xs) <= width and 0 <= min(ys) and max(ys) <= height
    for path in root.iter(S + "path"):  # neighbours are cut at the view (with a small edge)
        values = numbers(path.get("d"))
        assert all(-atlas.EDGE <= x <= width + atlas.EDGE for x in values[0::2])
        assert all(-atlas.EDGE <= y <= height + atlas.EDGE for y in values[1::2])
    titles = {t.text for t in root.iter(S + "title")}
    assert {f"{name(c)}: no records" for c in ("AFG", "MNG", "RUS", "IND", "IRN")} <= titles


def test_no_link_when_href_gives_none_or_an_unsafe_scheme():
    hrefs = {"KAZ": None, "CHN": "javascript:alert(1)", "PAK": " data:text/html,x", "UZB": "java\tscript:x",
             "AZE": "https://example.org/a?b=c:d", "KGZ": "#kgz", "TJK": "../countries/TJK.html"}
    root = ET.fromstring(draw({code: 1 for code in hrefs}, href=hrefs.get))
    found = countries(root)
    for code in ("KAZ", "CHN", "PAK", "UZB"):
        assert found[code][0].tag == S + "g" and found[code][1].text == f"{name(code)}: 1 record"
    for code in ("AZE", "KGZ", "TJK"):
        assert found[code][0].tag == S + "a" and found[code][0].get("href") == hrefs[code]


def test_classes_darken_with_counts():
    counts = {"CHN": 1000, "PAK": 300, "KAZ": 150, "UZB": 90, "KGZ": 40, "TJK": 20, "TKM": 10,
              "AZE": 5, "GEO": 2, "ARM": 1, "MNG": 1}
    root = ET.fromstring(draw(counts))
    fills = {code: path.get("fill") for code, (_, _, path) in countries(root).items()}
    order = sorted(counts, key=counts.get)
    shades = [worldmap.PALETTE.index(fills[code]) for code in order]
    assert shades == sorted(shades) and len(set(shades)) == worldmap.MAX_CLASSES
    lightness = [luminance(fills[code]) for code in order]
    assert lightness == sorted(lightness, reverse=True)
    legend = [t.text for t in root.iter(S + "text")]
    ranges = worldmap.classes(counts.values())
    for low, high, _ in ranges:
        assert (f"{low:,}" if low == high else f"{low:,}–{high:,}") in legend
    assert "no records" in legend


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=-5, max_value=10**7), max_size=40))
def test_classes_are_ordered_ranges_that_hold_every_count(values):
    ranges = worldmap.classes(values)
    positive = [v for v in values if v > 0]
    assert len(ranges) == min(worldmap.MAX_CLASSES, len(set(positive)))
    for (low, high, fill), following in zip(ranges, ranges[1:] + [None]):
        assert low <= high and any(low <= v <= high for v in positive)  # no empty class
        if following:
            assert following[0] == high + 1
            assert worldmap.PALETTE.index(following[2]) > worldmap.PALETTE.index(fill)
    for v in positive:
        assert sum(low <= v <= high for low, high, _ in ranges) == 1


def test_contrast():
    """Each class contrasts 3:1 with the no-data fill, or its dark outline with the
    background; here the outline does for all, and every fill contrasts 3:1 with it, so
    borders between countries with records show too."""
    for fill in worldmap.PALETTE:
        assert contrast(fill, worldmap.NO_DATA) >= 3 or (
            contrast(worldmap.OUTLINE, worldmap.BACKGROUND) >= 3 and contrast(worldmap.OUTLINE, worldmap.SEA) >= 3)
        assert contrast(fill, worldmap.OUTLINE) >= 3
    assert contrast(worldmap.OUTLINE, worldmap.NO_DATA) >= 3
    assert contrast(worldmap.NO_DATA_SWATCH_BORDER, worldmap.BACKGROUND) >= 3
    for text in (worldmap.TEXT, worldmap.TEXT_MUTED):
        assert contrast(text, worldmap.BACKGROUND) >= 4.5
    # and the markup uses them: outlined, thicker than the other countries' borders
    root = ET.fromstring(draw(SAMPLE))
    groups = {g.get("stroke"): g for g in root.iter(S + "g") if g.get("stroke")}
    outlined, plain = groups[worldmap.OUTLINE], groups[worldmap.NO_DATA_BORDER]
    assert float(outlined.get("stroke-width")) >= 2 * float(plain.get("stroke-width"))
    assert len(countries(outlined)) == len(SAMPLE)


HOSTILE = "</title><script>alert(1)</script>\"' & <b>\tx\ny"


def test_hostile_text_is_escaped():
    hostile_href = '"><script>alert(1)</script>'
    out = worldmap.svg(SAMPLE, lambda code: hostile_href, HOSTILE, HOSTILE + "</desc>")
    assert "<script" not in out and "<b>" not in out
    root = ET.fromstring(out)  # would fail if an attribute or element were broken
    assert not [el for el in root.iter() if el.tag.endswith("script") or el.tag.endswith("}b")]
    assert root.find("s:title", NS).text == HOSTILE
    assert root.find("s:desc", NS).text == HOSTILE + "</desc>"
    hrefs = {a.get("href") for a in root.iter(S + "a")}
    assert hrefs == {hostile_href}
    assert "\t" not in out and "&#9;" in out and "&#10;" in out  # one line each, as escape.e writes


def test_escapes_through_the_one_escaping_path():
    from scripts.site import escape
    assert worldmap.e is escape.e and worldmap.e(HOSTILE) == escape.e(HOSTILE)


def test_hostile_codes_and_counts_do_not_break_the_map():
    counts = {"<script>": 4, "KAZ": 2, "CHN": 0, "PAK": -1, "UZB": True, "TJK": 2.5, "": 3}
    out = draw(counts)
    root = ET.fromstring(out)
    assert set(countries(root)) == {"KAZ"}
    assert "<script" not in out


def test_missing_countries_are_named_and_skipped():
    assert atlas.missing(["SGP", "KAZ", "XXX", "HKG", "SGP"]) == ["HKG", "SGP", "XXX"]
    assert atlas.missing(COVERED) == []  # every country of the dataset has a shape at 110m
    root = ET.fromstring(draw({"SGP": 5, "KAZ": 1, "MAC": 2}))
    assert set(countries(root)) == {"KAZ"}
    assert not [t for t in root.iter(S + "title") if "Singapore" in (t.text or "")]
    # nothing drawable: the dataset's region, no classes, still a valid map
    root = ET.fromstring(draw({"SGP": 5}))
    assert countries(root) == {}
    legend = [t.text for t in root.iter(S + "text")]
    assert "no records" in legend and len(root.findall(".//s:rect", NS)) >= 3
    assert "Kazakhstan: no records" in {t.text for t in root.iter(S + "title")}


def test_deterministic():
    first = draw(SAMPLE)
    assert draw(dict(reversed(list(SAMPLE.items())))) == first
    script = ("import sys; from scripts.site import worldmap; "
              f"sys.stdout.write(worldmap.svg({SAMPLE!r}, lambda c: f'countries/{{c}}.html', "
              "'Records per country', 'A map.'))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env,
                           cwd=Path(worldmap.__file__).resolve().parents[2])
    assert other.stdout == first


def test_ids_differ_between_maps():
    one, two = ET.fromstring(draw({"KAZ": 1})), ET.fromstring(draw({"KAZ": 2}))
    assert one.get("id") != two.get("id")


def test_antimeridian_and_features_without_an_id():
    root = ET.fromstring(draw({"FJI": 2, "RUS": 1}))
    width, height = map_box(root)
    for _, _, path in countries(root).values():
        xs = numbers(path.get("d"))[0::2]
        assert 0 <= min(xs) and max(xs) <= width
    # Fiji lies across the antimeridian: a view of it alone is of Fiji, not of the world
    root = ET.fromstring(draw({"FJI": 1}))
    width, _ = map_box(root)
    xs = numbers(countries(root)["FJI"][2].get("d"))[0::2]
    assert 0 < min(xs) and max(xs) < width and max(xs) - min(xs) < width / 2
    root = ET.fromstring(draw({"CYP": 1}))
    assert "N. Cyprus: no records" in {t.text for t in root.iter(S + "title")}


def test_decode_quantized_arcs():
    """Two unit squares sharing an arc: the second walks it backwards (~0 = -1)."""
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 2.0], "translate": [10, 20]},
        "arcs": [[[2, 0], [0, 1]],  # shared edge: (2,0) -> (2,1)
                 [[2, 1], [-2, 0], [0, -1], [2, 0]],  # left square's other three sides
                 [[2, 0], [2, 0], [0, 1], [-2, 0]]],  # right square's other three sides
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "id": "4", "arcs": [[0, 1]], "properties": {"name": "A"}},
            {"type": "MultiPolygon", "id": "398", "arcs": [[[2, ~0]]]},
            {"type": "Polygon", "arcs": [[1]], "properties": {"name": "No id"}},
        ]}},
    }
    left, right, anonymous = atlas.decode(topology)
    assert (left.code, left.name, right.code, anonymous.code, anonymous.name) == (
        "AFG", "Afghanistan", "KAZ", None, "No id")
    assert left.polygons == ([[(11.0, 20.0), (11.0, 22.0), (10.0, 22.0), (10.0, 20.0), (11.0, 20.0)]],)
    assert right.polygons == ([[(11.0, 20.0), (12.0, 20.0), (12.0, 22.0), (11.0, 22.0), (11.0, 20.0)]],)
    assert atlas.alpha_3("004") == atlas.alpha_3(4) == "AFG"
    assert atlas.alpha_3("-99") is None and atlas.alpha_3(None) is None and atlas.alpha_3("") is None


def test_vendored_atlas_matches_its_readme():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"SHA-256 of `countries-110m.json`: `([0-9a-f]{64})`", readme)
    assert stated, "the README must state the file's SHA-256"
    assert hashlib.sha256(atlas.ATLAS.read_bytes()).hexdigest() == stated.group(1)
    assert "world-atlas" in readme and "2.0.2" in readme and "ISC" in readme
    assert "Permission to use, copy, modify, and/or distribute" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert "world-atlas 2.0.2" in atlas.__doc__ and "npm pack" in atlas.__doc__


@pytest.mark.parametrize("code", COVERED)
def test_each_covered_country_draws_alone(code):
    root = ET.fromstring(draw({code: 1}))
    assert set(countries(root)) == {code}


def test_countries_in_scope_without_records_are_drawn_as_in_scope():
    """Turkmenistan, Georgia and Armenia with no records of their own are white and outlined
    like the countries with records, titled as in scope and keyed in the legend; the countries
    outside the scope keep the grey of no records."""
    counts = {code: n for code, n in SAMPLE.items() if code != "TKM"}
    root = ET.fromstring(worldmap.svg(counts, link, "Records", "A map.", scope=atlas.DEFAULT_REGION))
    empty = {p.get("data-code"): p for p in root.iter(f"{S}path") if p.get("data-scope") == "empty"}
    assert set(empty) == {"TKM", "GEO", "ARM"}
    assert {p.get("fill") for p in empty.values()} == {worldmap.IN_SCOPE} != {worldmap.NO_DATA}
    outlined = [g for g in root.iter(f"{S}g") if g.get("stroke") == worldmap.OUTLINE]
    assert outlined and all(any(p is q for q in g.iter(f"{S}path")) for p in empty.values() for g in outlined[:1])
    titles = [t.text for t in root.iter(f"{S}title")]
    assert f"{name('TKM')}: in scope, no records yet" in titles
    legend = [t.text for t in root.iter(f"{S}text")]
    assert "in scope, no records yet" in legend and "outside the scope" in legend
    plain = ET.fromstring(worldmap.svg(counts, link, "Records", "A map."))  # no scope given: as before
    assert not [p for p in plain.iter(f"{S}path") if p.get("data-scope")] and "no records" in \
        [t.text for t in plain.iter(f"{S}text")]


def test_a_country_in_scope_without_records_has_no_link():
    root = ET.fromstring(worldmap.svg({"KAZ": 2}, link, "Records", "A map.", scope=["KAZ", "TKM"]))
    links = [a.get("href") for a in root.iter(f"{S}a")]
    assert links == [link("KAZ")]
