"""The country pages' charts (scripts/site/charts.py): what each cue draws and its legend key,
one style per series, axes that end at the data, text a phone can read, alt text that
lists every point, byte-identical output, and any text drawn literally without failing."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import matplotlib.colors
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from matplotlib.collections import LineCollection, PathCollection

from scripts.schema.registry import tables
from scripts.site import charts
from scripts.site.words import decimal_year, part_of_year, period_words

SVG = "{http://www.w3.org/2000/svg}"
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
HOSTILE = "$\\foo$ costs $1.3 billion"
MATH = "$\\foo$ costs $1.3$ billion"  # an even count of $: mathtext would parse it, and fail on \foo
# whatever else a process sets, STYLE rules while a chart is drawn and saved
MATH_ON = {"text.parse_math": True, "axes.formatter.use_mathtext": True, "svg.fonttype": "path"}


def point(series: str, x: float, value: float, bound: str = "exact", actual: bool = True,
          undated: bool = False, when: str | None = None) -> dict:
    words = {"exact": "", "more_than": "more than ", "less_than": "less than ", "about": "about "}[bound]
    return {"series": series, "x": x, "value": value, "bound": bound, "actual": actual, "undated": undated,
            "text": f"{words}{value / 1e9:g} billion dollars", "when": when or str(math.floor(x))}


def item(x: float, label: str, actual: bool = True) -> dict:
    return {"x": x, "when": f"{math.floor(x)}-{int(x % 1 * 12) + 1:02d}", "label": label, "actual": actual}


POINTS = [point("CHN–KAZ turnover", 2013.5, 28.6e9), point("CHN–KAZ turnover", 2014.5, 22.4e9),
          point("CHN–KAZ turnover", 2015.5, 14e9, actual=False), point("CHN–KAZ turnover", 2016.5, 13e9),
          point("CHN–KAZ turnover", 2017.5, 18e9), point("CHN–KAZ turnover", 2019.5, 22e9, "more_than"),
          point("CHN–KAZ turnover", 2030.5, 35e9, actual=False),
          point("CHN–UZB turnover", 2020.5, 6e9, "less_than"), point("CHN–UZB turnover", 2021.5, 8e9, "about"),
          point("CHN–central-asia turnover", 1992.5, 4.6e8),
          point("CHN–central-asia turnover", 2022.05, 50.1e9, undated=True, when="2022-01-20")]
ITEMS = [item(2013.7, "Belt and Road announcement in Astana (launched)"), item(2019.3, "Pipeline (signed)"),
         item(2024.5, "Shanghai Cooperation Organisation Astana declaration, a long name (adopted)"),
         item(2025.2, "Railway link (planned)", actual=False)]


def styles(points: list[dict]) -> dict[str, charts.Style]:
    return charts.series_styles(p["series"] for p in points)


def drawn(points: list[dict], site_styles: dict[str, charts.Style] | None = None):
    """The figure chart's figure, laid out as saved, its axes and legend labels."""
    fig, _ = charts.draw_figures(points, "Trade", site_styles or styles(points), "target or plan")
    fig.draw_without_rendering()
    return fig, fig.axes[0], [t.get_text() for t in fig.legends[0].get_texts()]


def svg(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def texts(root: ET.Element, group: str = "") -> list[str]:
    """The texts drawn, or those inside groups whose id starts with `group` (xtick_, legend_)."""
    groups = [g for g in root.iter(f"{SVG}g") if g.get("id", "").startswith(group)] if group else [root]
    return ["".join(t.itertext()) for g in groups for t in g.iter(f"{SVG}text")]


def cues(ax) -> dict[str, list]:
    """The bound and undated cues on the axes: arrows (tail, tip), whiskers and dashed rings at (x, y)."""
    arrows = [(tuple(segment[0]), tuple(segment[1])) for c in ax.collections if isinstance(c, LineCollection)
              for segment in c.get_segments()]
    heads = {(float(x), float(y)) for line in ax.lines if line.get_marker() in ("^", "v")
             for x, y in line.get_xydata()}
    assert all(tip in heads for _, tip in arrows)  # each range ends in an arrow head, at its open end
    whiskers = [tuple(xy) for line in ax.lines if line.get_marker() is charts.WHISKER for xy in line.get_xydata()]
    rings = [tuple(xy) for c in ax.collections
             if isinstance(c, PathCollection) and len(c.get_offsets()) and c.get_linestyle()[0][1]
             for xy in c.get_offsets()]
    return {"arrows": arrows, "whiskers": whiskers, "rings": rings}


def contrast(colour: str) -> float:
    """WCAG contrast ratio of `colour` against white."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


# ------------------------------------------------------------------ styles


@pytest.mark.parametrize("colour", charts.PALETTE + (charts.KEY,))
def test_colours_are_3_to_1_against_white(colour):
    assert contrast(colour) >= 3, f"{colour}: {contrast(colour):.2f}:1"


def test_palette_is_colour_blind_safe_and_shapes_tell_series_apart():
    assert set(charts.PALETTE) <= OKABE_ITO
    assert len(set(charts.PALETTE)) == len(charts.PALETTE) and len(set(charts.MARKERS)) == len(charts.MARKERS)
    names = [f"series {i}" for i in range(min(len(charts.PALETTE), len(charts.MARKERS)))]
    assigned = charts.series_styles(names).values()
    assert len({c for c, _ in assigned}) == len({m for _, m in assigned}) == len(names)


@pytest.mark.parametrize("count", [1, 2, 5, 6, 7, 29, 30, 31, 64])
def test_series_styles_are_distinct_pairs_until_pairs_run_out(count):
    names = [f"CHN–{i:03d} turnover" for i in range(count)]
    assigned = charts.series_styles(reversed(names))
    assert assigned == charts.series_styles(names + names[:3])  # sorted: input order and repeats do not matter
    assert list(assigned) == sorted(names)
    assert len(set(assigned.values())) == min(count, len(charts.PALETTE) * len(charts.MARKERS))


def test_a_series_keeps_its_colour_and_shape_on_every_page():
    site = styles(POINTS)
    kaz = [p for p in POINTS if p["series"] == "CHN–KAZ turnover"]
    others = ("CHN–UZB turnover", "CHN–central-asia turnover")
    pages = [kaz + [p for p in POINTS if p["series"] == other] for other in others]
    seen = set()
    for page in pages:
        fig, ax, labels = drawn(page, site)
        key = fig.legends[0].legend_handles[labels.index("CHN–KAZ turnover")]
        seen.add((key.get_color(), key.get_marker()))
        markers = {(line.get_color(), line.get_marker()) for line in ax.lines if line.get_marker() not in ("None", "")}
        assert site["CHN–KAZ turnover"] in markers
    assert seen == {site["CHN–KAZ turnover"]}


# ------------------------------------------------------------------ cues and their keys


def test_bounds_are_open_ranges_with_keys():
    fig, ax, labels = drawn(POINTS)
    found, top = cues(ax), ax.get_ylim()[1]
    more, less, about = ((p["x"], p["value"] / 1e9) for p in POINTS if p["bound"] != "exact" and not p["undated"])
    (tail_up, tip_up), (tail_down, tip_down) = sorted(found["arrows"], key=lambda a: a[1][1] < a[0][1])
    assert tuple(tail_up) == more and tip_up[0] == more[0] and more[1] < tip_up[1] < top  # from X upwards, past it
    assert tuple(tail_down) == less and tip_down[0] == less[0] and 0 <= tip_down[1] < less[1]  # from X towards 0
    assert found["whiskers"] == [about]
    heads = {line.get_marker(): tuple(line.get_xydata()[0]) for line in ax.lines if line.get_marker() in ("^", "v")}
    assert heads == {"^": tuple(tip_up), "v": tuple(tip_down)}  # the head points the open way
    assert {"more than: open upwards", "less than: open downwards", "about: approximate"} <= set(labels)


def test_exact_figures_are_plain_markers_and_the_legend_keys_only_what_is_drawn():
    points = [point("CHN–KAZ turnover", 2013.5, 28.6e9), point("CHN–KAZ turnover", 2014.5, 22.4e9)]
    fig, ax, labels = drawn(points)
    assert cues(ax) == {"arrows": [], "whiskers": [], "rings": []}
    assert labels == ["CHN–KAZ turnover"]
    for bound, words in (("more_than", "more than"), ("less_than", "less than"), ("about", "about")):
        fig, ax, labels = drawn(points + [point("CHN–KAZ turnover", 2015.5, 20e9, bound)])
        assert len(labels) == 2 and labels[1].startswith(words)


def test_targets_are_hollow_and_never_joined():
    fig, ax, labels = drawn(POINTS)
    joined = sorted(tuple(line.get_xdata()) for line in ax.lines if line.get_linestyle() not in ("None", "none", ""))
    assert joined == [(2013.5, 2014.5), (2016.5, 2017.5, 2019.5), (2020.5, 2021.5)]  # consecutive dated actuals
    for p in POINTS:
        marker = next(line for line in ax.lines if line.get_marker() in (styles(POINTS)[p["series"]][1], "o")
                      and line.get_linestyle() in ("None", "none", "")
                      and (p["x"], p["value"] / 1e9) in [tuple(xy) for xy in line.get_xydata()])
        assert (marker.get_markerfacecolor() == "white") == (not p["actual"])
    assert "target or plan" in labels


def test_a_target_is_unlike_any_actual_and_drawn_as_its_legend_key():
    """Shape, fill and size tell a target from an actual of any series, and the legend's key
    is the very marker the plot draws."""
    fig, ax, labels = drawn(POINTS)
    key = fig.legends[0].legend_handles[labels.index("target or plan")]
    looks = lambda line: (line.get_marker(), line.get_markerfacecolor(), line.get_markersize(), line.get_markeredgewidth())
    targets = [line for line in ax.lines if line.get_markerfacecolor() == "white" and line.get_marker() == "o"]
    assert targets and all(looks(line) == looks(key) for line in targets)
    actuals = [line for line in ax.lines if line.get_markerfacecolor() not in ("white", "none")
               and line.get_marker() in charts.MARKERS]
    assert actuals and all(line.get_markersize() < key.get_markersize() for line in actuals)
    assert all(looks(line)[:2] != looks(key)[:2] for line in actuals)
    fig, ax, labels = drawn([p for p in POINTS if p["actual"]])
    assert "target or plan" not in labels


def test_each_cue_key_is_drawn_in_the_colour_the_chart_draws_it():
    """A target, a bound, an undated figure: its legend key has the colour of the points that
    carry the cue when they have one; of points of several series, the key's grey."""
    one = [point("CHN–KAZ turnover", 2013.5, 28.6e9), point("CHN–KAZ turnover", 2015.5, 40e9, actual=False),
           point("CHN–KAZ turnover", 2016.5, 13e9, "more_than"),
           point("CHN–KAZ turnover", 2018.05, 20e9, undated=True, when="2018-01-20")]
    colour = styles(one)["CHN–KAZ turnover"][0].lower()
    fig, ax, labels = drawn(one)
    handles = dict(zip(labels, fig.legends[0].legend_handles))
    for label in ("target or plan", "more than: open upwards"):
        assert matplotlib.colors.to_hex(handles[label].get_markeredgecolor()) == colour, label
    ring = handles["undated: at the source's date"]
    assert matplotlib.colors.to_hex(ring.get_edgecolor()[0]) == colour
    two = one + [point("CHN–UZB turnover", 2015.5, 9e9, actual=False)]
    fig, ax, labels = drawn(two)
    key = dict(zip(labels, fig.legends[0].legend_handles))["target or plan"]
    assert matplotlib.colors.to_hex(key.get_markeredgecolor()) == charts.KEY.lower()  # two series' colours: no one colour


def test_undated_figures_sit_at_the_source_date_in_a_dashed_ring(tmp_path):
    fig, ax, labels = drawn(POINTS)
    undated = next(p for p in POINTS if p["undated"])
    assert cues(ax)["rings"] == [(undated["x"], undated["value"] / 1e9)]
    assert "undated: at the source's date" in labels
    fig, ax, labels = drawn([p for p in POINTS if not p["undated"]])
    assert cues(ax)["rings"] == [] and not any("undated" in label for label in labels)
    alt = charts.figure_chart(POINTS, "Trade", tmp_path / "c.svg", styles(POINTS))
    assert "undated, as reported on 2022-01-20, 50.1 billion dollars" in alt


def test_the_legend_is_below_the_plot():
    for fig in (drawn(POINTS)[0], charts.draw_timeline(ITEMS, "Agreements", "planned or proposed")[0]):
        fig.draw_without_rendering()
        legend, plot = fig.legends[0].get_window_extent(), fig.axes[0].get_window_extent()
        assert legend.y1 <= plot.y0 and legend.x0 >= 0 and legend.x1 <= fig.bbox.x1


# ------------------------------------------------------------------ axes


def test_figure_axes_end_at_the_data(tmp_path):
    fig, ax, labels = drawn(POINTS)
    xs = [p["x"] for p in POINTS]
    low, high = ax.get_xlim()
    assert min(xs) - 0.6 <= low < min(xs) and max(xs) < high <= max(xs) + 0.6
    years = [int(t) for t in texts(svg_of_figures(tmp_path, POINTS), "xtick_")]
    assert years and all(math.floor(min(xs)) <= year <= math.floor(max(xs)) for year in years)
    tips = [tip[1] for _, tip in cues(ax)["arrows"]]
    bottom, top = ax.get_ylim()
    assert bottom == 0 and max(tips + [p["value"] / 1e9 for p in POINTS]) < top <= 1.2 * max(tips + [50.1])


def test_timeline_axis_ends_at_the_data_and_labels_stay_inside(tmp_path):
    fig, _ = charts.draw_timeline(ITEMS, "Agreements", "planned or proposed")
    fig.draw_without_rendering()
    ax, xs = fig.axes[0], [i["x"] for i in ITEMS]
    low, high = ax.get_xlim()
    assert min(xs) - 0.6 <= low < min(xs) and max(xs) < high <= max(xs) + 0.6
    for label in ax.texts:
        box = label.get_window_extent()
        assert box.x0 >= 0 and box.x1 <= fig.bbox.x1
    charts.timeline_chart(ITEMS, "Agreements", tmp_path / "t.svg")
    years = [int(t) for t in texts(svg(tmp_path / "t.svg"), "xtick_")]
    assert years and all(math.floor(min(xs)) <= year <= math.floor(max(xs)) for year in years)


def test_timeline_legend_keys_only_kinds_drawn():
    actual = [i for i in ITEMS if i["actual"]]
    fig, _ = charts.draw_timeline(actual, "Agreements", "planned or proposed")
    assert not fig.legends
    fig, _ = charts.draw_timeline(ITEMS, "Agreements", "planned or proposed")
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["actual", "planned or proposed"]


# ------------------------------------------------------------------ the SVG files


def svg_of_figures(tmp_path: Path, points: list[dict], title: str = "Trade") -> ET.Element:
    path = tmp_path / "figures.svg"
    charts.figure_chart(points, title, path, styles(points))
    return svg(path)


def test_text_is_legible_on_a_phone(tmp_path):
    charts.timeline_chart(ITEMS, "Agreements", tmp_path / "t.svg")
    for root in (svg_of_figures(tmp_path, POINTS), svg(tmp_path / "t.svg")):
        width = float(root.get("width").removesuffix("pt"))
        assert root.get("viewBox").split()[2] == f"{width:g}" and width * 4 / 3 <= 600
        sizes = [float(re.search(r"font-size: ([\d.]+)px", t.get("style")).group(1)) for t in root.iter(f"{SVG}text")]
        assert sizes and min(sizes) * 4 / 3 * 330 / (width * 4 / 3) >= 12  # CSS px, shown 330 px wide (a 390 px phone)


def test_background_is_white(tmp_path):
    root = svg_of_figures(tmp_path, POINTS)
    backgrounds = [g.find(f"{SVG}path").get("style") for g in root.iter(f"{SVG}g")
                   if g.get("id") in ("patch_1", "patch_2")]  # the figure's and the plot's
    assert len(backgrounds) == 2 and all("fill: #ffffff" in style for style in backgrounds)


def test_alt_text_lists_every_point(tmp_path):
    alt = charts.figure_chart(POINTS, "Trade figures for Central Asia", tmp_path / "c.svg", styles(POINTS))
    assert alt.startswith("Trade figures for Central Asia.")
    for p in POINTS:
        dated = p["when"] if not p["undated"] else f"undated, as reported on {p['when']}"
        assert f"{dated}, {p['text']}" in alt.split(p["series"] + ": ", 1)[1]
    assert alt.count("(target or plan)") == sum(not p["actual"] for p in POINTS)
    alt = charts.timeline_chart(ITEMS, "Agreements", tmp_path / "t.svg")
    assert all(f"{i['when']} {i['label']}" in alt for i in ITEMS)


def test_output_is_byte_identical(tmp_path):
    for name in ("a.svg", "b.svg"):
        charts.figure_chart(POINTS, "Trade", tmp_path / "figures" / name, styles(POINTS))
        charts.timeline_chart(ITEMS, "Agreements", tmp_path / "timeline" / name)
    for kind in ("figures", "timeline"):
        assert (tmp_path / kind / "a.svg").read_bytes() == (tmp_path / kind / "b.svg").read_bytes()


def test_a_single_point_gets_no_chart(tmp_path):
    assert charts.figure_chart(POINTS[:1], "Trade", tmp_path / "c.svg", styles(POINTS)) is None
    assert charts.timeline_chart(ITEMS[:1], "Agreements", tmp_path / "t.svg") is None
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------ text drawn literally


def test_text_is_drawn_literally_whatever_the_process_sets(tmp_path):
    points = ([dict(p, series=MATH) for p in POINTS[:2]] + [dict(p, series=HOSTILE) for p in POINTS[7:9]]
              + [dict(p, series="$a_b^c$ \\n {x}") for p in POINTS[9:]])
    items = [dict(ITEMS[0], label=MATH), dict(ITEMS[1], label=HOSTILE)]
    with matplotlib.rc_context(MATH_ON):
        charts.figure_chart(points, MATH, tmp_path / "c.svg", styles(points))
        charts.timeline_chart(items, "$a_b^c$", tmp_path / "t.svg")
    figures, timeline = svg(tmp_path / "c.svg"), svg(tmp_path / "t.svg")
    assert MATH in texts(figures)  # the title
    assert {MATH, HOSTILE, "$a_b^c$ \\n {x}"} <= set(texts(figures, "legend_"))
    assert {MATH, HOSTILE, "$a_b^c$"} <= set(texts(timeline))  # the labels, the title
    for root in (figures, timeline):
        ticks = texts(root, "xtick_") + texts(root, "ytick_")
        assert ticks and all(re.fullmatch(r"\d+(\.\d+)?", tick) for tick in ticks)


def test_markup_in_labels_is_escaped_text(tmp_path):
    label = "<script>alert(1)</script> & </text>"
    path = tmp_path / "t.svg"
    charts.timeline_chart([dict(ITEMS[0], label=label), ITEMS[1]], label, path)
    root = svg(path)
    assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1].lower() == "script"]
    assert texts(root).count(label) == 2 and "<script" not in path.read_text()


def test_control_characters_become_a_replacement_character(tmp_path):
    path = tmp_path / "t.svg"
    charts.timeline_chart([dict(ITEMS[0], label="a\x00b\x1b\ufffe c\n\td"), ITEMS[1]], "x", path)
    assert "a\ufffdb\ufffd\ufffd c d" in texts(svg(path))


TEXT = st.text(max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(TEXT, min_size=1, max_size=4), words=st.lists(TEXT, min_size=4, max_size=4))
@example(names=[HOSTILE, MATH, "a_b^c \\n", "_hidden"],
         words=["{x}", "<script>x</script>", "\x00\x7f\u2028", "😀 中文"])
def test_any_text_draws_and_writes_parseable_xml(tmp_path, names, words):
    points = [dict(p, series=names[i % len(names)], text=words[i % 4], when=words[(i + 1) % 4])
              for i, p in enumerate(POINTS)]
    items = [dict(i, label=words[n], when=words[n - 1]) for n, i in enumerate(ITEMS)]
    assert charts.figure_chart(points, words[0], tmp_path / "c.svg", styles(points))
    assert charts.timeline_chart(items, words[1], tmp_path / "t.svg")
    legend = texts(svg(tmp_path / "c.svg"), "legend_")  # names up to 40 characters: one line each
    assert all(charts.clean(name) in legend for name in names if charts.clean(name))
    svg(tmp_path / "t.svg")


# ------------------------------------------------------------------ parts of a year
def test_a_part_of_a_year_is_half_filled_never_joined_and_keyed(tmp_path):
    """January–October is not comparable with a year: its point is half filled, at the middle
    of its span, joined to nothing, keyed in the legend and said in the alt text."""
    whole = [point("CHN–KAZ turnover", 2022.5, 30e9), point("CHN–KAZ turnover", 2023.5, 41e9),
             point("CHN–KAZ turnover", 2024.5, 44e9)]
    part = dict(point("CHN–KAZ turnover", decimal_year("2024-01/2024-10"), 35e9, when="January–October 2024"),
                partial=True)
    fig, ax, labels = drawn(whole + [part])
    joined = [tuple(line.get_xdata()) for line in ax.lines if line.get_linestyle() not in ("None", "none", "")]
    assert joined == [(2022.5, 2023.5, 2024.5)]  # the whole years joined, past the part between them
    half = [tuple(xy) for line in ax.lines if line.get_fillstyle() == "left" for xy in line.get_xydata()]
    assert half == [(part["x"], 35.0)] and 2024 < part["x"] < 2024.5
    key = fig.legends[0].legend_handles[[" ".join(label.split()) for label in labels].index(
        "part of a year: not joined to whole years")]
    assert key.get_fillstyle() == "left"
    alt = charts.figure_chart(whole + [part], "Trade", tmp_path / "c.svg", styles(whole))
    assert "January–October 2024 (part of the year), 35 billion dollars" in alt
    assert "part of a year" not in " ".join(drawn(whole)[2])  # keyed only when drawn


def test_a_figure_for_part_of_a_year_is_partial_but_a_stock_at_a_date_is_not():
    trade, investment = tables()["trade"], tables()["investment"]
    assert part_of_year(trade, {"period_precision": "months"}) and part_of_year(trade, {"period_precision": "quarter"})
    assert not part_of_year(trade, {"period_precision": "year"})
    assert part_of_year(investment, {"as_of_precision": "half", "measure": "annual_flow"})
    assert not part_of_year(investment, {"as_of_precision": "day", "measure": "cumulative_stock"})  # "the end of 2023"
    assert (period_words("2023-01/2023-10"), period_words("2024-01-01/2024-02-10"), period_words("2023-Q1")) == \
        ("January–October 2023", "1 January–10 February 2024", "2023-Q1")
