"""Charts for the country pages, drawn at docs build time as SVG files with alt text.

Reported actuals are filled markers, records that are not actual (targets, plans)
hollow ones, as each table's schema defines actual; the marker shape shows the bound,
as the bound column's `x-markers` say: ● exact, ▲ more than, ▼ less than, ◆ about.

Labels come from the data and are drawn as written: STYLE turns matplotlib's mathtext
(`$...$`) and TeX off, for every chart, so that `$\\foo$` or `\\n` is text, not markup
that could fail the build. The alt text each chart function returns is raw text too;
the page escapes it (pages.e) like any other data text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.lines import Line2D  # noqa: E402

STYLE = {"svg.hashsalt": "silk-road-ties", "font.size": 9, "svg.fonttype": "none",
         "text.parse_math": False, "text.usetex": False}
matplotlib.rcParams.update(STYLE)


def usd_billions(value: str) -> float:
    return int(value) / 1e9


@matplotlib.rc_context(STYLE)  # in force while the chart is drawn and saved, whatever else set
def figure_chart(rows: list[dict], label: Callable[[dict], str], title: str, path: Path,
                 actual: Callable[[dict], bool], markers: dict[str, str], bound: Callable[[dict], str]) -> str:
    """Values over time; one colour per series (label(row)); bound(row) says how the value
    is bounded ("more than "); returns the alt text."""
    series: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: (r["year"], r["value_usd"])):
        series.setdefault(label(row), []).append(row)
    fig, ax = plt.subplots(figsize=(7, 3.4))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    alt = [f"{title}, in USD billions by year."]
    for index, (name, points) in enumerate(sorted(series.items())):
        colour = colours[index % len(colours)]
        reported = [p for p in points if actual(p)]
        if len(reported) > 1:
            ax.plot([p["year"] for p in reported], [usd_billions(p["value_usd"]) for p in reported],
                    color=colour, linewidth=1, alpha=0.6)
        for p in points:
            ax.plot([p["year"]], [usd_billions(p["value_usd"])], linestyle="none",
                    marker=markers.get(p["bound"], "o"), markersize=7, color=colour,
                    markerfacecolor=colour if actual(p) else "white", markeredgewidth=1.5)
        alt.append(name + ": " + "; ".join(
            f"{p['year']} {bound(p)}{usd_billions(p['value_usd']):g} ({p['kind'] if p.get('kind') else 'actual' if actual(p) else 'not actual'})"
            for p in points) + ".")
        ax.plot([], [], color=colour, label=name)
    ax.set_xlabel("Year")
    ax.set_ylabel("USD billions")
    years = [p["year"] for p in rows]
    low, high = min(years), max(years)
    pad = max(1, (high - low) * 0.06)
    ax.set_xlim(low - pad, high + pad)
    ax.set_ylim(0, max(usd_billions(p["value_usd"]) for p in rows) * 1.4)  # headroom for the legends
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", alpha=0.3)
    legend = ax.legend(loc="upper left", fontsize=8, frameon=False)
    keys = [Line2D([], [], marker=marker, linestyle="none", color="grey", label=b.replace("_", " "))
            for b, marker in markers.items()]
    keys.append(Line2D([], [], marker="o", linestyle="none", color="grey", markerfacecolor="white", label="target"))
    ax.add_artist(legend)
    ax.legend(handles=keys, loc="upper right", fontsize=8, frameon=False, ncols=2)
    save(fig, path)
    return " ".join(alt)


@matplotlib.rc_context(STYLE)
def timeline_chart(rows: list[dict], date: str, label: Callable[..., str], actual: Callable[[dict], bool],
                   title: str, path: Path) -> str:
    """Dated records on a time axis, one line each (`date` is the column that dates them;
    label(row, limit) names one, each value cut to `limit` characters); returns the alt text."""
    rows = sorted(rows, key=lambda r: r[date])
    fig, ax = plt.subplots(figsize=(7, 0.6 + 0.32 * len(rows)))
    for index, row in enumerate(rows):
        when = row[date]
        year = int(when[:4]) + (int(when[5:7]) - 0.5) / 12 if len(when) > 4 else int(when) + 0.5
        ax.plot([year], [index], marker="o", markersize=7, color="C0", markerfacecolor="C0" if actual(row) else "white")
        ax.annotate(label(row, 60), (year, index), xytext=(8, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks([])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    low = min(int(r[date][:4]) for r in rows)
    high = max(int(r[date][:4]) for r in rows)
    ax.set_xlim(low - 0.5, high + 1 + max(2, (high - low) * 0.9))
    ax.set_xlabel("Year")
    ax.xaxis.get_major_locator().set_params(integer=True)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    save(fig, path)
    return f"{title}: " + "; ".join(f"{r[date]} {label(r)}" for r in rows) + "."


def save(fig, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)
