"""The world atlas: country shapes for the map, decoded offline.

The boundaries are Natural Earth's Admin 0 countries at 1:110m, as the npm package
world-atlas 2.0.2 (ISC licence, copyright Michael Bostock) ships them in TopoJSON:
vendor/world-atlas/countries-110m.json, unchanged, with its LICENSE, and a README that
gives the file's SHA-256 (tests/site/test_worldmap.py checks it). No tiles, no CDN, no
network: the file is decoded here (quantized arcs, Polygon and MultiPolygon) with the
standard library. Feature ids are ISO 3166-1 numeric codes ("398"); pycountry turns
them into the alpha-3 codes the data uses. Boundaries are Natural Earth's, not a
statement of this project's.

To update the boundaries: `npm pack world-atlas@VERSION` in a scratch folder, unpack
it, copy package/countries-110m.json and package/LICENSE into vendor/world-atlas/,
write the version and the new SHA-256 into vendor/world-atlas/README.md, run
tests/site/test_worldmap.py and look at the rebuilt map (the steps are in that README).

The view: the region around the countries with a count above zero (the main parts of
their shapes, so that an overseas territory does not stretch it), projected
equirectangularly with longitudes scaled by the cosine of the middle latitude, clipped
to the view (scripts/site/worldmap.py draws it).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pycountry

from scripts.site.escape import country_name

WIDTH = 520.0  # the map's width, in viewBox units
NEAR, NEAR_SHARE = 5.0, 0.25  # or lies this near the main parts (degrees; share of their extent)
MIN_WIDTH, MIN_HEIGHT = 20.0, 12.0  # projected degrees: a small country shows its neighbours
MIN_ASPECT, MAX_ASPECT = 1.0, 2.2  # width / height
ATLAS = Path(__file__).resolve().parents[2] / "vendor" / "world-atlas" / "countries-110m.json"
EDGE = 3.0  # shapes are clipped this far outside the map, so clipped edges draw no line inside
# The view, in degrees.
MAIN_SHARE = 0.2  # a part of a country counts for the view when it is at least this share of its largest part,
MAX_LAT = 84.0
DEFAULT_REGION = ("ARM", "AZE", "GEO", "KAZ", "KGZ", "TJK", "TKM", "UZB", "PAK", "CHN")  # when nothing can be drawn

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # the exterior ring, then holes


@dataclass(frozen=True)
class Shape:
    code: str | None  # ISO 3166-1 alpha-3; None for the atlas's few features without an ISO code
    name: str
    polygons: tuple[Polygon, ...]


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
def shape_by_code() -> dict[str, Shape]:
    return {shape.code: shape for shape in atlas() if shape.code}


def missing(codes: Iterable[str]) -> list[str]:
    """The codes the atlas has no shape for (small states and territories, groups, unknown
    codes), sorted, once each: the page lists them in text."""
    shapes = shape_by_code()
    return sorted({code for code in codes if code not in shapes}, key=str)


def _area(ring: Ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def ring_box(ring: Ring) -> tuple[float, float, float, float]:
    lons = [lon for lon, _ in ring]
    lats = [lat for _, lat in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _bounds(rings: list[Ring]) -> tuple[float, float, float, float]:
    """West, south, east, north of the rings: the shortest span of longitudes that holds
    them all, across the antimeridian if that is shorter (east is then above 180)."""
    boxes = [ring_box(r) for r in rings]
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


def ring_overlaps(extent: tuple[float, float, float, float], west: float, south: float, east: float, north: float,
              offset: float = 0.0) -> bool:
    return extent[0] + offset < east and extent[2] + offset > west and extent[1] < north and extent[3] > south


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
        ring_overlaps(ring_box(r), west - near, south - near, east + near, north + near, offset) for offset in OFFSETS)]


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


def clip_ring(points: list[tuple[float, float]], x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
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
