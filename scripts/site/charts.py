"""Charts for the country pages, drawn at docs build time as SVG files with alt text.

`figure_chart` draws figures (USD) over time, `timeline_chart` dated records; neither draws
a chart of fewer than two points. Every cue on a chart has a key in its legend, and a key
only for a cue the chart draws:

- a series has one colour and one marker shape on every page (`series_styles`, called once
  with every series name of the site); the colours are Okabe–Ito colours with a contrast
  of at least 3:1 against the background, white even on a dark page, and the shape tells
  series apart too;
- reported actuals are filled markers of their series' shape, joined by a line when
  consecutive in their series and dated; a figure for part of a year (`partial`: a quarter, a
  half, a run of months, the year to date) is half filled and joined to nothing (January to
  October is not comparable with a year: the line runs past it), and its legend key says so;
  targets and plans are one shape whatever the
  series (`target`: a large hollow ring with a thick edge in the series' colour), never
  joined, and the legend keys them with exactly that marker;
- a bound is drawn as the range it states: "more than X" an arrow up from X, "less than X"
  an arrow down from X towards 0, "about X" a whisker through X; "exact" a plain marker;
- an undated figure sits at the date of the source that reports it, in a dashed ring.

The x axis ends at the data (half a year beyond the first and last point, for the markers),
its years labelled at mid-year, where a figure for a whole year sits; the y axis runs from 0
to a little above the highest value or arrow. The legend is below the plot; a timeline's
label is beside its point on the side with more room. A chart is 4.5 inches (324 pt,
432 CSS px) wide with 12 pt text or more (16 CSS px): 12 CSS px or more when a phone 390 px
wide shows it in its column (about 330 px); the lengths text is wrapped to follow the size.

Labels come from the data and are drawn as written: STYLE turns matplotlib's mathtext
(`$...$`) and TeX off while a chart is drawn and saved, so that `$\\foo$` or `\\n` is text,
not markup that could fail the build. Runs of white space become one space and control
characters (which XML cannot hold) U+FFFD; long labels are wrapped to fit. The SVG escapes
the text it holds; the alt text each chart function returns is raw text, which the page
escapes (pages.e) like any other data text.
"""

from __future__ import annotations

import textwrap
import unicodedata
import warnings
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.path import Path as MarkerPath

Style = tuple[str, str]  # (hex colour, matplotlib marker)

STYLE = {"svg.hashsalt": "silk-road-ties", "svg.fonttype": "none", "text.parse_math": False,
         "text.usetex": False, "font.size": 12, "axes.titlesize": 12.5, "legend.fontsize": 12,
         "figure.facecolor": "white", "axes.facecolor": "white", "savefig.facecolor": "white",
         "savefig.transparent": False}
WIDTH = 4.5  # inches
# Okabe–Ito colours at least 3:1 against white (orange, sky blue and yellow are not)
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000")
MARKERS = ("o", "s", "D", "P", "X", "*")  # 6 shapes, coprime with 5 colours: 30 distinct pairs
KEY = "#555555"  # the legend's cue keys
MARKER_SIZE = 8
SCALE = 12 / 9  # text is this much larger than the 9 pt the wrapping lengths were first set for


def series_styles(names: Iterable[str]) -> dict[str, Style]:
    """One fixed colour and marker per series name for the whole site: called once with every
    series name of the dataset, it assigns styles in sorted order of the names, so that the same
    series has the same colour AND marker on every page, and two series get the same
    (colour, marker) pair only when there are more series than pairs."""
    return {name: (PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)]) for i, name in enumerate(sorted(set(names)))}


def marker(*strokes: list[tuple[float, float]], closed: bool = False) -> MarkerPath:
    """A marker of strokes (point lists), the last one closed (filled) if `closed`."""
    vertices, codes = [], []
    for index, stroke in enumerate(strokes):
        vertices += stroke
        codes += [MarkerPath.MOVETO] + [MarkerPath.LINETO] * (len(stroke) - 1)
        if closed and index == len(strokes) - 1:
            vertices.append(stroke[0])
            codes.append(MarkerPath.CLOSEPOLY)
    return MarkerPath(vertices, codes)


ARROW_UP = marker([(0, -1), (0, 0.4)], [(-0.4, 0.4), (0, 1), (0.4, 0.4)], closed=True)
ARROW_DOWN = marker([(0, 1), (0, -0.4)], [(-0.4, -0.4), (0, -1), (0.4, -0.4)], closed=True)
WHISKER = marker([(-0.3, 1), (0.3, 1)], [(0, 1), (0, -1)], [(-0.3, -1), (0.3, -1)])
BOUND_KEYS = {"more_than": (ARROW_UP, "more than: open upwards"),
              "at_least": (ARROW_UP, "at least: it or more"),
              "less_than": (ARROW_DOWN, "less than: open downwards"),
              "at_most": (ARROW_DOWN, "at most: it or less"),
              "about": (WHISKER, "about: approximate")}


def clean(text: str) -> str:
    """`text` on one line, with U+FFFD for each control character (XML cannot hold most)
    and noncharacter."""
    return "".join("\ufffd" if unicodedata.category(c) in ("Cc", "Cs") or c in "\ufffe\uffff" else c
                   for c in " ".join(text.split()))


def wrap(text: str, width: int) -> str:
    """`text`, cleaned, in lines of at most `width` characters."""
    return "\n".join(textwrap.wrap(clean(text), width))


def figure_chart(points: list[dict], title: str, path: Path, styles: dict[str, Style],
                 hollow: str = "target or plan") -> str | None:
    """Draw figures over time into the SVG file `path`; return the alt text, or None (and write
    nothing) when there are fewer than two points: a single point gets no chart. `styles`
    holds every series; `hollow` says what a record that is not actual is."""
    if len(points) < 2:
        return None
    fig, alt = draw_figures(points, title, styles, hollow)
    save(fig, path)
    return alt


def timeline_chart(items: list[dict], title: str, path: Path, hollow: str = "planned or proposed") -> str | None:
    """Dated records on a time axis; None (nothing written) for fewer than two items, or
    more than TIMELINE_MOST, whose labels no reader could follow (the table lists them)."""
    if not 2 <= len(items) <= TIMELINE_MOST:
        return None
    fig, alt = draw_timeline(items, title, hollow)
    save(fig, path)
    return alt


TIMELINE_MOST = 40


def look(colour: str, shape: str | MarkerPath = "o", filled: bool = True, size: float = MARKER_SIZE) -> dict:
    """Line2D properties of a marker (no line): hollow ones are white inside."""
    return {"color": colour, "marker": shape, "markersize": size, "markeredgewidth": 1.5,
            "markerfacecolor": colour if filled else "white", "linestyle": "none"}


def target(colour: str) -> dict:
    """The marker of a target, forecast or plan, in any series: a large hollow ring with a
    thick edge, unlike any filled series marker; its legend key is drawn with it too."""
    return look(colour, "o", filled=False, size=1.5 * MARKER_SIZE) | {"markeredgewidth": 2.5}


def part(colour: str, shape: str | MarkerPath = "o") -> dict:
    """The marker of a figure for part of a year: its series' marker, half filled."""
    return look(colour, shape) | {"fillstyle": "left", "markerfacecoloralt": "white"}


def ring(ax, colour: str, x: list[float], y: list[float]):
    """The dashed ring of an undated figure."""
    return ax.scatter(x, y, s=(2.2 * MARKER_SIZE) ** 2, facecolors="none", edgecolors=colour, linestyles="--",
                      linewidths=1, zorder=2, clip_on=False)


@matplotlib.rc_context(STYLE)
def draw_figures(points: list[dict], title: str, styles: dict[str, Style], hollow: str) -> tuple[Figure, str]:
    """The figure chart (see figure_chart) and its alt text."""
    high = max(p["value"] for p in points) / 1e9 or 1
    reach = 0.25 * high  # of a bound's arrow
    tops, handles, alt = [high], [], [f"{clean(title)}."]
    fig = Figure(figsize=(WIDTH, 1), layout="constrained")  # the height is set below
    ax = fig.add_subplot()
    for name, group in groupby(sorted(points, key=lambda p: (p["series"], p["x"], p["value"])), lambda p: p["series"]):
        group = list(group)
        colour, shape = styles[name]
        joined = False
        for actual, run in groupby([p for p in group if not p.get("partial")],  # a part of a year stands apart
                                   lambda p: p["actual"] and not p["undated"]):
            run = list(run)
            if actual and len(run) > 1:
                ax.plot([p["x"] for p in run], [p["value"] / 1e9 for p in run], color=colour, linewidth=1.3, zorder=1)
                joined = True
        # one artist per cue and series, whatever the number of points
        for bounds, sign in ((("more_than", "at_least"), 1), (("less_than", "at_most"), -1)):
            bounded = [(p["x"], p["value"] / 1e9) for p in group if p["bound"] in bounds]
            if bounded:
                tips = [max(0.0, y + sign * reach) for _, y in bounded]
                tops.extend(tips)
                ax.vlines([x for x, _ in bounded], [y for _, y in bounded], tips, color=colour, linewidth=1.3, zorder=2)
                ax.plot([x for x, _ in bounded], tips, **look(colour, "^" if sign > 0 else "v", size=0.8 * MARKER_SIZE),
                        zorder=2, clip_on=False)
        about = [p for p in group if p["bound"] == "about"]
        if about:
            ax.plot([p["x"] for p in about], [p["value"] / 1e9 for p in about],
                    **look(colour, WHISKER, size=2.4 * MARKER_SIZE), zorder=2, clip_on=False)
        undated = [p for p in group if p["undated"]]
        if undated:
            ring(ax, colour, [p["x"] for p in undated], [p["value"] / 1e9 for p in undated])
        for marked, drawn in (("whole", [p for p in group if p["actual"] and not p.get("partial")]),
                              ("part", [p for p in group if p["actual"] and p.get("partial")]),
                              ("plan", [p for p in group if not p["actual"]])):
            if drawn:
                style = {"whole": look(colour, shape), "part": part(colour, shape), "plan": target(colour)}[marked]
                ax.plot([p["x"] for p in drawn], [p["value"] / 1e9 for p in drawn], **style, zorder=3, clip_on=False)
        handles.append((Line2D([], [], **(look(colour, shape) if any(p["actual"] for p in group) else target(colour))
                               | {"linestyle": "-" if joined else "none"}), name))
        alt.append(f"{clean(name)}: " + "; ".join(
            (clean(p["when"]) if not p["undated"] else f"undated, as reported on {clean(p['when'])}")
            + (" (part of the year)" if p.get("partial") else "")
            + f", {clean(p['text'])}" + ("" if p["actual"] else f" ({hollow})") for p in group) + ".")
    def key(drawn: list[dict]) -> str:  # a cue's key in the colour the chart draws it in, when it has one colour
        colours = {styles[p["series"]][0] for p in drawn}
        return colours.pop() if len(colours) == 1 else KEY

    if not all(p["actual"] for p in points):
        handles.append((Line2D([], [], **target(key([p for p in points if not p["actual"]]))), hollow))
    if any(p["actual"] and p.get("partial") for p in points):
        handles.append((Line2D([], [], **part(key([p for p in points if p["actual"] and p.get("partial")]))),
                        "part of a year: not joined to whole years"))
    bounds = {p["bound"] for p in points}
    handles += [(Line2D([], [], **look(key([p for p in points if p["bound"] == bound]), shape,
                                       size=1.7 * MARKER_SIZE)), label)
                for bound, (shape, label) in BOUND_KEYS.items() if bound in bounds]
    if any(p["undated"] for p in points):  # an empty ring, for the key
        handles.append((ring(ax, key([p for p in points if p["undated"]]), [], []), "undated: at the source's date"))
    ax.set_ylim(0, max(tops) * 1.08)
    ax.set_ylabel("USD billions")
    ax.yaxis.set_major_formatter(lambda value, _: f"{value:g}")
    ax.grid(axis="y", alpha=0.3)
    fig.set_figheight(2.5 + 0.25 * SCALE * legend(fig, handles) + 0.17 * SCALE * label_title(ax, title))
    years(ax, [p["x"] for p in points])
    return fig, " ".join(alt)


@matplotlib.rc_context(STYLE)
def draw_timeline(items: list[dict], title: str, hollow: str) -> tuple[Figure, str]:
    """The timeline chart (see timeline_chart) and its alt text: one row per record, the
    earliest at the top, its label beside its point on the side with more room."""
    items = sorted(items, key=lambda i: (i["x"], i["label"]))
    fig = Figure(figsize=(WIDTH, 1), layout="constrained")
    ax = fig.add_subplot()
    years(ax, [item["x"] for item in items])
    low, high = ax.get_xlim()
    room = (WIDTH - 0.3) * 72 - 10  # points of the axes' width, less the label's offset
    row = 0
    for item in items:
        share = (item["x"] - low) / (high - low)
        right = share < 0.5
        label = wrap(item["label"], max(10, int(room * (1 - share if right else share) / (5.6 * SCALE))))
        lines = label.count("\n") + 1
        row += lines / 2
        ax.plot([item["x"]], [-row], **(look(PALETTE[0]) if item["actual"] else target(PALETTE[0])), clip_on=False)
        ax.annotate(label, (item["x"], -row), xytext=(8 if right else -8, 0), textcoords="offset points",
                    va="center", ha="left" if right else "right")
        row += lines / 2 + 0.3
    kinds = {item["actual"] for item in items}
    handles = [(Line2D([], [], **(look(PALETTE[0]) if kind else target(PALETTE[0]))), label)
               for kind, label in ((True, "actual"), (False, hollow)) if kind in kinds]
    legend_lines = legend(fig, handles) if False in kinds else 0
    ax.set_ylim(-row, 0)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    fig.set_figheight(0.75 + 0.19 * SCALE * row + 0.25 * SCALE * legend_lines + 0.17 * SCALE * label_title(ax, title))
    return fig, f"{clean(title)}: " + "; ".join(f"{clean(i['when'])} {clean(i['label'])}" for i in items) + "."


def years(ax, xs: list[float]) -> None:
    """The x axis from half a year before the first point to half a year after the last,
    labelled with years of the data at mid-year, at most 8 of them, between tick marks at
    1 January, so that a point dated within a year stands between its year's marks."""
    first, last = int(min(xs) // 1), int(max(xs) // 1)
    step = next(s * 10 ** k for k in range(12) for s in (1, 2, 5) if (last - first) // (s * 10 ** k) < 8)
    labelled = [year for year in range(first, last + 1) if year % step == 0]
    ax.set_xticks([year + 0.5 for year in labelled], [str(year) for year in labelled])
    ax.tick_params(axis="x", length=0)  # the label stands in the middle of its year ...
    low, high = min(xs) - 0.5, max(xs) + 0.5
    ax.set_xticks([year for year in range(first, last + 2) if low <= year <= high], minor=True)
    ax.tick_params(axis="x", which="minor", length=5)  # ... between marks at the years' starts
    ax.set_xlim(low, high)


def label_title(ax, title: str) -> int:
    """Set the title, wrapped to the chart's width; return its number of lines."""
    text = wrap(title, int(46 * 10 / 12.5))  # 46 characters at the 10 pt it was set for
    ax.set_title(text, loc="left")
    return text.count("\n") + 1


def legend(fig: Figure, handles: list[tuple]) -> int:
    """The legend below the plot, in two columns when its labels are short; return its
    number of lines."""
    labels = [wrap(label, int(50 / SCALE)) for _, label in handles]
    columns = 2 if all(len(label) <= int(24 / SCALE) for label in labels) else 1
    fig.legend([h for h, _ in handles], labels, loc="outside lower center", ncols=columns, frameon=False,
               handleheight=2, labelspacing=0.3)
    lines = [label.count("\n") + 1 for label in labels]
    return sum(max(lines[i:i + columns]) for i in range(0, len(lines), columns))


@matplotlib.rc_context(STYLE)
def save(fig: Figure, path: Path) -> None:
    """Write the chart; its text is drawn by the browser (svg.fonttype none), so a glyph
    matplotlib's font lacks only makes its measure of the text approximate."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Glyph .* missing from", UserWarning)
        fig.savefig(path, format="svg", metadata={"Date": None})
