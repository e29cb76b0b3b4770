"""A map of the countries with records, drawn as inline SVG at docs build time, offline.

The shapes, the view and where the boundaries come from (the atlas, and how to update
it) are in scripts/site/atlas.py. Countries with records are filled in up to four
sequential classes (ColorBrewer YlOrBr, colour-blind safe) and outlined in near-black, thicker than the
borders of the others: every fill contrasts at least 3:1 with the outline, and the
outline at least 3:1 with the background and with the fill of countries with no
records, so colour is never the only cue. Each is a link (when href gives one) with a
title "Name: N records". Countries in the dataset's scope that no record names yet
(`scope`) are drawn as in scope, not like the countries outside it: white, outlined like
the others with records, titled "Name: in scope, no records yet" and keyed in the legend,
without a link (the Coverage page lists them).
The legend sits under the map, on the map's own white
background, so the map reads the same in light and dark page themes.

Every text that goes into the markup passes through escape.e, the project's one
escaping path. The output is deterministic: the same input gives the same string.
The page should give the SVG `width: 100%; height: auto` through its class `srt-map`
(it has a viewBox and no size of its own), and list missing() in text: the countries
the atlas has no shape for (small states, Hong Kong, Macao, Singapore, ...).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Callable, Iterable

from scripts.site.atlas import (
    DEFAULT_REGION,
    EDGE,
    OFFSETS,
    WIDTH,
    Shape,
    View,
    atlas,
    clip_ring,
    ring_box,
    ring_overlaps,
    shape_by_code,
    view_of,
)
from scripts.site.escape import e

ATTRIBUTION = "Boundaries: Natural Earth"

# Colours. Fills of the classes from light (few records) to dark (many).
PALETTE = ("#fec44f", "#fe9929", "#ec7014", "#cc4c02")
PICK = {1: (2,), 2: (0, 3), 3: (0, 1, 3), 4: (0, 1, 2, 3)}  # which of PALETTE for k classes
MAX_CLASSES = len(PALETTE)
OUTLINE = "#1a1a1a"  # countries with records, and the legend's swatches of their classes
NO_DATA = "#d9d9d9"
IN_SCOPE = "#ffffff"  # in scope, no records yet: outlined like the countries with records
NO_DATA_BORDER = "#ffffff"
NO_DATA_SWATCH_BORDER = "#767676"  # the legend's "no records" swatch on the white background
BACKGROUND = "#ffffff"
SEA = "#eef3f7"
TEXT = "#1a1a1a"
TEXT_MUTED = "#555555"

# Geometry, in viewBox units.
FONT = 16
SMALL_FONT = FONT  # the attribution too: at a phone's width the map is drawn at about 0.69 of its size, 11 px
PAD = 10
SWATCH_W, SWATCH_H = 22, 14
DATA_STROKE = 1.6
NO_DATA_STROKE = 0.6

SAFE_SCHEME = re.compile(r"^\s*(?:https?:|mailto:|[^:/?#\s]*(?:[/?#]|$))", re.IGNORECASE)


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
            extent = ring_box(ring)
            for offset in OFFSETS:
                if not ring_overlaps(extent, view.west, view.south, view.east, view.north, offset):
                    continue
                projected = clip_ring([view.project(lon + offset, lat) for lon, lat in ring],
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


def _legend(ranges: list[tuple[int, int, str]], top: float, scoped: bool = False) -> tuple[list[str], float]:
    """The legend's markup from y = top, and its bottom."""
    items = [(fill, OUTLINE, f"{low:,}" if low == high else f"{low:,}–{high:,}") for low, high, fill in ranges]
    if scoped:
        items.append((IN_SCOPE, OUTLINE, "in scope, no records yet"))
    items.append((NO_DATA, NO_DATA_SWATCH_BORDER, "outside the scope" if scoped else "no records"))
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


def svg(counts: dict[str, int], href: Callable[[str], str | None], title: str, description: str,
        scope: Iterable[str] = ()) -> str:
    """Inline SVG markup of the countries with counts above zero and the region around
    them (see the module's docstring). href(code) gives a country's link, or None for
    none; title and description name the map for assistive technology. Codes the atlas
    has no shape for are left out (missing() names them)."""
    shapes = shape_by_code()
    data = {code: count for code, count in counts.items()
            if isinstance(count, int) and not isinstance(count, bool) and count > 0}
    drawn = {code: count for code, count in data.items() if code in shapes}
    empty = sorted({str(code) for code in scope} & set(shapes) - set(drawn))  # in scope, no records yet
    ranges = classes(drawn.values())
    view = view_of([shapes[c] for c in sorted(set(drawn) | set(empty))] or [shapes[c] for c in DEFAULT_REGION])
    map_height = view.height

    key = [sorted((str(code), count) for code, count in data.items()), str(title), str(description)] + ([empty] if empty else [])
    digest = hashlib.sha256(json.dumps(key, ensure_ascii=True).encode())
    ident = "srt-map-" + digest.hexdigest()[:10]

    background, highlighted = [], []
    for shape in atlas():
        path = "" if shape.code in drawn or shape.code in empty else _path(shape, view)
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
    for code in empty:
        path = _path(shapes[code], view)
        if not path:
            continue
        body = (f'<title>{e(shapes[code].name + ": in scope, no records yet")}</title>'
                f'<path d="{path}" fill="{IN_SCOPE}" data-code="{e(code)}" data-scope="empty"/>')
        highlighted.append(f"<g>{body}</g>")  # no link: it has no records of its own to show

    legend, bottom = _legend(ranges, map_height + PAD, bool(empty))
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
