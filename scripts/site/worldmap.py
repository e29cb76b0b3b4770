"""A map of the countries with records, drawn as inline SVG at docs build time, offline.

The boundaries are Natural Earth's Admin 0 countries at 1:110m, as the npm package
world-atlas 2.0.2 (ISC licence, copyright Michael Bostock) ships them in TopoJSON:
vendor/world-atlas/countries-110m.json, unchanged, with its LICENSE, and a README that
gives the file's SHA-256 (tests/test_worldmap.py checks it). No tiles, no CDN, no
network: the file is decoded here (quantized arcs, Polygon and MultiPolygon) with the
standard library. Feature ids are ISO 3166-1 numeric codes ("398"); pycountry turns
them into the alpha-3 codes the data uses. Boundaries are Natural Earth's, not a
statement of this project's.

To update the boundaries: `npm pack world-atlas@VERSION` in a scratch folder, unpack
it, copy package/countries-110m.json and package/LICENSE into vendor/world-atlas/,
write the version and the new SHA-256 into vendor/world-atlas/README.md, run
tests/test_worldmap.py and look at the rebuilt map (the steps are in that README).

The map shows the region around the countries with a count above zero (the main parts
of their shapes, so that an overseas territory does not stretch the view), projected
equirectangularly with longitudes scaled by the cosine of the middle latitude, clipped
to the view. Countries with records are filled in up to four sequential classes
(ColorBrewer YlOrBr, colour-blind safe) and outlined in near-black, thicker than the
borders of the others: every fill contrasts at least 3:1 with the outline, and the
outline at least 3:1 with the background and with the fill of countries with no
records, so colour is never the only cue. Each is a link (when href gives one) with a
title "Name: N records". The legend sits under the map, on the map's own white
background, so the map reads the same in light and dark page themes.

Every text that goes into the markup passes through pages.e, the project's one
escaping path (looked up when called, as pages imports this module). The output is deterministic: the same input gives the same string.
The page should give the SVG `width: 100%; height: auto` through its class `srt-map`
(it has a viewBox and no size of its own), and list missing() in text: the countries
the atlas has no shape for (small states, Hong Kong, Macao, Singapore, ...).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import pycountry

from scripts.site import pages  # which imports this module too: pages.e is looked up when called


def e(text: object) -> str:
    """pages.e, the project's one escaping path (& < > " ' escaped, tab and line breaks as
    character references). Not `from scripts.site.pages import e`: pages imports this module
    before it defines e, so that import would fail whenever pages is imported first."""
    return pages.e(text)

ATLAS = Path(__file__).resolve().parents[2] / "vendor" / "world-atlas" / "countries-110m.json"
ATTRIBUTION = "Boundaries: Natural Earth"

# Colours. Fills of the classes from light (few records) to dark (many).
PALETTE = ("#fec44f", "#fe9929", "#ec7014", "#cc4c02")
PICK = {1: (2,), 2: (0, 3), 3: (0, 1, 3), 4: (0, 1, 2, 3)}  # which of PALETTE for k classes
MAX_CLASSES = len(PALETTE)
OUTLINE = "#1a1a1a"  # countries with records, and the legend's swatches of their classes
NO_DATA = "#d9d9d9"
NO_DATA_BORDER = "#ffffff"
NO_DATA_SWATCH_BORDER = "#767676"  # the legend's "no records" swatch on the white background
BACKGROUND = "#ffffff"
SEA = "#eef3f7"
TEXT = "#1a1a1a"
TEXT_MUTED = "#555555"

# Geometry, in viewBox units.
WIDTH = 520.0
FONT = 16
SMALL_FONT = 13
PAD = 10
SWATCH_W, SWATCH_H = 22, 14
DATA_STROKE = 1.6
NO_DATA_STROKE = 0.6
EDGE = 3.0  # shapes are clipped this far outside the map, so clipped edges draw no line inside

# The view, in degrees.
MAIN_SHARE = 0.2  # a part of a country counts for the view when it is at least this share of its largest part,
NEAR, NEAR_SHARE = 5.0, 0.25  # or lies this near the main parts (degrees; share of their extent)
MIN_WIDTH, MIN_HEIGHT = 20.0, 12.0  # projected degrees: a small country shows its neighbours
MIN_ASPECT, MAX_ASPECT = 1.0, 2.2  # width / height
MAX_LAT = 84.0
DEFAULT_REGION = ("ARM", "AZE", "GEO", "KAZ", "KGZ", "TJK", "TKM", "UZB", "PAK", "CHN")  # when nothing can be drawn

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # the exterior ring, then holes
SAFE_SCHEME = re.compile(r"^\s*(?:https?:|mailto:|[^:/?#\s]*(?:[/?#]|$))", re.IGNORECASE)


@dataclass(frozen=True)
class Shape:
    code: str | None  # ISO 3166-1 alpha-3; None for the atlas's few features without an ISO code
    name: str
    polygons: tuple[Polygon, ...]


def country_name(code: str, fallback: str = "") -> str:
    country = pycountry.countries.get(alpha_3=code)
    return (getattr(country, "common_name", None) or country.name) if country else (fallback or code)


def decode(topology: dict, key: str = "countries") -> list[Shape]:
    """The shapes of one object of a TopoJSON topology, in longitude and latitude."""
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for position in arc:
                x += position[0]
                y += position[1]
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        points: Ring = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            if points:
                points.pop()  # each arc starts where the one before ended
            points.extend(arc)
        return unwrap(points)

    shapes: dict[str | None, list] = {}
    order: list = []
    for geometry in topology["objects"][key]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [[ring(r) for r in geometry["arcs"]]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        code = alpha_3(geometry.get("id"))
        name = (geometry.get("properties") or {}).get("name") or ""
        label = country_name(code, name) if code else name
        if code is None or code not in shapes:
            order.append((code, label, polygons))
            if code is not None:
                shapes[code] = polygons
        else:
            shapes[code].extend(polygons)
    return [Shape(code, label, tuple(polygons)) for code, label, polygons in order]


def unwrap(ring: Ring) -> Ring:
    """The ring with no jump across the antimeridian (179.9 to -179.9): longitudes go on
    past 180 (or -180) instead. A ring around a pole (Antarctica) is left as it is."""
    result: Ring = []
    for lon, lat in ring:
        if result:
            previous = result[-1][0]
            lon += 360 * round((previous - lon) / 360)
        result.append((lon, lat))
    if result and abs(result[-1][0] - result[0][0]) > 180:
        return ring
    return result


def alpha_3(numeric: object) -> str | None:
    """The alpha-3 code of an ISO 3166-1 numeric id ("398", "4" or 4); None when it is none."""
    text = str(numeric).strip() if numeric is not None else ""
    if not text.isdigit() or len(text) > 3:
        return None
    country = pycountry.countries.get(numeric=text.zfill(3))
    return country.alpha_3 if country else None


@lru_cache(maxsize=1)
def atlas() -> tuple[Shape, ...]:
    with ATLAS.open(encoding="utf-8") as handle:
        return tuple(decode(json.load(handle)))


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Shape]:
    return {shape.code: shape for shape in atlas() if shape.code}


def missing(codes: Iterable[str]) -> list[str]:
    """The codes the atlas has no shape for (small states and territories, groups, unknown
    codes), sorted, once each: the page lists them in text."""
    shapes = _by_code()
    return sorted({code for code in codes if code not in shapes}, key=str)


def classes(values: Iterable[int]) -> list[tuple[int, int, str]]:
    """Up to MAX_CLASSES classes (low, high, fill) for the counts above zero: natural breaks
    of the logarithms of their distinct values (the split that makes the classes' sums of
    squared deviations least, so that 12 and 20 are not lumped together for the sake of
    1, 2 and 3). The ranges meet (a class starts one above the last one's highest count)
    and the fills darken as the counts rise."""
    distinct = sorted({v for v in values if v > 0})
    k = min(MAX_CLASSES, len(distinct))
    if not k:
        return []
    logs = [math.log(v) for v in distinct]

    def cost(i: int, j: int) -> float:  # of one class holding distinct[i:j]
        part = logs[i:j]
        mean = sum(part) / len(part)
        return sum((x - mean) ** 2 for x in part)

    n = len(logs)
    best = {(0, 0): (0.0, ())}  # (classes, values taken) -> (cost, ends of the classes)
    for c in range(1, k + 1):
        for j in range(c, n - (k - c) + 1):
            best[c, j] = min((best[c - 1, i][0] + cost(i, j), best[c - 1, i][1] + (j,))
                             for i in range(c - 1, j) if (c - 1, i) in best)
    result, low = [], distinct[0]
    for index, end in enumerate(best[k, n][1]):
        high = distinct[end - 1]
        result.append((low, high, PALETTE[PICK[k][index]]))
        low = high + 1
    return result


def class_of(count: int, ranges: list[tuple[int, int, str]]) -> int:
    """The index of the class of a count of at least the lowest class's low."""
    return next(i for i, (_, high, _) in enumerate(ranges) if count <= high)


def _area(ring: Ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def _box(ring: Ring) -> tuple[float, float, float, float]:
    lons = [lon for lon, _ in ring]
    lats = [lat for _, lat in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _bounds(rings: list[Ring]) -> tuple[float, float, float, float]:
    """West, south, east, north of the rings: the shortest span of longitudes that holds
    them all, across the antimeridian if that is shorter (east is then above 180)."""
    boxes = [_box(r) for r in rings]
    spans: list[list[float]] = []
    for west, _, east, _ in sorted(boxes):
        if spans and west <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], east)
        else:
            spans.append([west, east])
    gaps = [(spans[0][0] + 360 - spans[-1][1], 0, spans[0][0], spans[-1][1])]  # across the antimeridian
    gaps += [(spans[i + 1][0] - spans[i][1], i + 1, spans[i + 1][0], spans[i][1] + 360) for i in range(len(spans) - 1)]
    _, _, west, east = max(gaps, key=lambda gap: (gap[0], -gap[1]))
    return west, min(b[1] for b in boxes), east, max(b[3] for b in boxes)


def _overlaps(box: tuple[float, float, float, float], west: float, south: float, east: float, north: float,
              offset: float = 0.0) -> bool:
    return box[0] + offset < east and box[2] + offset > west and box[1] < north and box[3] > south


OFFSETS = (0.0, -360.0, 360.0)  # a ring is drawn where it falls in the view, across the antimeridian too


def _main_parts(shape: Shape) -> list[Ring]:
    """The exterior rings of a shape's main parts: those at least MAIN_SHARE of its largest
    (area in degrees, scaled by the cosine of latitude), and the smaller ones near them
    (islands off its coast, exclaves), not those far away (an overseas territory)."""
    def area(ring: Ring) -> float:
        middle = sum(lat for _, lat in ring) / len(ring)
        return _area(ring) * math.cos(math.radians(middle))
    rings = [polygon[0] for polygon in shape.polygons if polygon and polygon[0]]
    areas = [area(r) for r in rings]
    largest = max(areas, default=0)
    main = [r for r, a in zip(rings, areas) if a >= largest * MAIN_SHARE]
    west, south, east, north = _bounds(main)
    near = max(NEAR, NEAR_SHARE * max(east - west, north - south))
    return [r for r, a in zip(rings, areas) if a >= largest * MAIN_SHARE or any(
        _overlaps(_box(r), west - near, south - near, east + near, north + near, offset) for offset in OFFSETS)]


@dataclass(frozen=True)
class View:
    west: float
    south: float
    east: float
    north: float

    @property
    def kx(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def scale(self) -> float:
        return WIDTH / ((self.east - self.west) * self.kx)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.kx * self.scale, (self.north - lat) * self.scale


def view_of(shapes: list[Shape]) -> View:
    """The region around the shapes' main parts: their bounding box with a margin, at
    least MIN_WIDTH x MIN_HEIGHT projected degrees, width over height within
    MIN_ASPECT..MAX_ASPECT."""
    west, south, east, north = _bounds([r for shape in shapes for r in _main_parts(shape)])
    margin_x = max(2.0, 0.06 * (east - west))
    margin_y = max(1.5, 0.06 * (north - south))
    west, east = west - margin_x, east + margin_x
    south, north = south - margin_y, north + margin_y
    for _ in range(2):  # the scale of longitudes depends on the latitudes: settle it
        kx = math.cos(math.radians((south + north) / 2))
        width, height = (east - west) * kx, north - south
        width = max(width, MIN_WIDTH, height * MIN_ASPECT)
        height = max(height, MIN_HEIGHT, width / MAX_ASPECT)
        grow_x = (width / kx - (east - west)) / 2
        grow_y = (height - (north - south)) / 2
        west, east = west - grow_x, east + grow_x
        south, north = south - grow_y, north + grow_y
        if south < -MAX_LAT:
            south, north = -MAX_LAT, min(MAX_LAT, north + (-MAX_LAT - south))
        if north > MAX_LAT:
            south, north = max(-MAX_LAT, south - (north - MAX_LAT)), MAX_LAT
    if east - west > 360:
        west, east = -180.0, 180.0
    return View(west, south, east, north)


def _clip(points: list[tuple[float, float]], x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    """Sutherland-Hodgman: the ring cut to the rectangle."""
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: (x0, a[1] + (b[1] - a[1]) * (x0 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[0] <= x1, lambda a, b: (x1, a[1] + (b[1] - a[1]) * (x1 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[1] >= y0, lambda a, b: (a[0] + (b[0] - a[0]) * (y0 - a[1]) / (b[1] - a[1]), y0)),
        (lambda p: p[1] <= y1, lambda a, b: (a[0] + (b[0] - a[0]) * (y1 - a[1]) / (b[1] - a[1]), y1)),
    )
    for inside, cross in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        points = result
    return points


def num(value: float) -> str:
    text = f"{round(value, 1) + 0.0:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _path(shape: Shape, view: View) -> str:
    """The shape's path data in the view, clipped; empty when nothing of it is in the view."""
    parts = []
    for polygon in shape.polygons:
        for ring in polygon:
            if not ring:
                continue
            box = _box(ring)
            for offset in OFFSETS:
                if not _overlaps(box, view.west, view.south, view.east, view.north, offset):
                    continue
                projected = _clip([view.project(lon + offset, lat) for lon, lat in ring],
                                  -EDGE, -EDGE, WIDTH + EDGE, view.height + EDGE)
                points: list[tuple[str, str]] = []
                for x, y in projected:
                    point = (num(x), num(y))
                    if not points or points[-1] != point:
                        points.append(point)
                while len(points) > 1 and points[0] == points[-1]:
                    points.pop()
                if len(points) >= 3:
                    parts.append("M" + "L".join(f"{x} {y}" for x, y in points[:2]) + " "
                                 + " ".join(f"{x} {y}" for x, y in points[2:]) + "Z")
    return "".join(parts)


def records(count: int) -> str:
    return f"{count:,} record" + ("" if count == 1 else "s")


def _safe_href(href: str | None) -> str | None:
    """The link, unless it is empty or has a scheme other than http(s) or mailto
    (javascript:, data: ...), which makes no link."""
    if href is None:
        return None
    text = str(href)
    return text if text.strip() and SAFE_SCHEME.match(text) else None


def _legend(ranges: list[tuple[int, int, str]], top: float) -> tuple[list[str], float]:
    """The legend's markup from y = top, and its bottom."""
    items = [(fill, OUTLINE, f"{low:,}" if low == high else f"{low:,}–{high:,}") for low, high, fill in ranges]
    items.append((NO_DATA, NO_DATA_SWATCH_BORDER, "no records"))
    line = FONT + 8
    out = [f'<text x="{PAD}" y="{num(top + FONT)}" font-weight="bold">{e("Records per country")}</text>']
    x, y = float(PAD), top + line
    for fill, stroke, label in items:
        width = SWATCH_W + 6 + len(label) * FONT * 0.6 + 18
        if x > PAD and x + width > WIDTH - PAD:
            x, y = float(PAD), y + line
        out.append(f'<rect x="{num(x)}" y="{num(y + 3)}" width="{SWATCH_W}" height="{SWATCH_H}" fill="{fill}" '
                   f'stroke="{stroke}" stroke-width="{1.2 if stroke == OUTLINE else 1}"/>')
        out.append(f'<text x="{num(x + SWATCH_W + 6)}" y="{num(y + FONT)}">{e(label)}</text>')
        x += width
    y += line + 2
    out.append(f'<text x="{PAD}" y="{num(y + SMALL_FONT)}" font-size="{SMALL_FONT}" fill="{TEXT_MUTED}">'
               f'{e(ATTRIBUTION)}</text>')
    return out, y + SMALL_FONT + PAD


def svg(counts: dict[str, int], href: Callable[[str], str | None], title: str, description: str) -> str:
    """Inline SVG markup of the countries with counts above zero and the region around
    them (see the module's docstring). href(code) gives a country's link, or None for
    none; title and description name the map for assistive technology. Codes the atlas
    has no shape for are left out (missing() names them)."""
    shapes = _by_code()
    data = {code: count for code, count in counts.items()
            if isinstance(count, int) and not isinstance(count, bool) and count > 0}
    drawn = {code: count for code, count in data.items() if code in shapes}
    ranges = classes(drawn.values())
    view = view_of([shapes[c] for c in sorted(drawn)] or [shapes[c] for c in DEFAULT_REGION])
    map_height = view.height

    key = [sorted((str(code), count) for code, count in data.items()), str(title), str(description)]
    digest = hashlib.sha256(json.dumps(key, ensure_ascii=True).encode())
    ident = "srt-map-" + digest.hexdigest()[:10]

    background, highlighted = [], []
    for shape in atlas():
        path = "" if shape.code in drawn else _path(shape, view)
        if path:
            background.append(f'<path d="{path}"><title>{e(shape.name)}: no records</title></path>')
    for code in sorted(drawn):
        shape = shapes[code]
        path = _path(shape, view)
        if not path:
            continue
        fill = ranges[class_of(drawn[code], ranges)][2]
        label = e(f"{shape.name}: {records(drawn[code])}")
        body = f'<title>{label}</title><path d="{path}" fill="{fill}" data-code="{e(code)}"/>'
        link = _safe_href(href(code))
        highlighted.append(f'<a href="{e(link)}">{body}</a>' if link is not None else f"<g>{body}</g>")

    legend, bottom = _legend(ranges, map_height + PAD)
    height = num(bottom)
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="srt-map" id="{ident}" viewBox="0 0 {num(WIDTH)} {height}" '
        f'role="group" aria-labelledby="{ident}-t" aria-describedby="{ident}-d" '
        f'font-family="sans-serif" font-size="{FONT}" fill="{TEXT}">',
        f'<title id="{ident}-t">{e(title)}</title>',
        f'<desc id="{ident}-d">{e(description)}</desc>',
        f"<style>#{ident} a:focus path,#{ident} a:hover path{{stroke-width:2.6}}</style>",
        f'<defs><clipPath id="{ident}-c"><rect width="{num(WIDTH)}" height="{num(map_height)}"/></clipPath></defs>',
        f'<rect width="{num(WIDTH)}" height="{height}" fill="{BACKGROUND}"/>',
        f'<g clip-path="url(#{ident}-c)" stroke-linejoin="round">',
        f'<rect width="{num(WIDTH)}" height="{num(map_height)}" fill="{SEA}"/>',
        f'<g aria-hidden="true" fill="{NO_DATA}" stroke="{NO_DATA_BORDER}" stroke-width="{NO_DATA_STROKE}" fill-rule="evenodd">',
        *background,
        "</g>",
        f'<g stroke="{OUTLINE}" stroke-width="{DATA_STROKE}" fill-rule="evenodd">',
        *highlighted,
        "</g>",
        "</g>",
        f'<rect width="{num(WIDTH)}" height="{num(map_height)}" fill="none" stroke="{NO_DATA_SWATCH_BORDER}" stroke-width="0.5"/>',
        *legend,
        "</svg>",
    ])
