"""The coverage page: for each country in scope (and each group), each record table, the
years its records cover and the years they leave out, up to the newest source's year; each
series' span (its first figure to the newest source's year, as series.csv's `no_figure` rows
give it) with the years that have a figure and those without; and how to contribute what is
missing.

A country's records are those that name it (a group's record counts for the group, as on
the country pages); a year is covered by an actual record dated in it (the table's
dated_by): a target's or a forecast's year is not covered. The span ends at the last whole
year before the newest source (scripts/publish/series.py, last_whole_year): a source of July
2024 cannot give the year 2024. Years left out are counted partner by partner (the other
places the records name): a year covered with one partner is not covered with another."""

from __future__ import annotations

from scripts.publish.series import last_whole_year
from scripts.schema.registry import record_tables, tables
from scripts.site.atlas import DEFAULT_REGION
from scripts.site.escape import country_name, e, front_matter, html_table
from scripts.site.index import Site


def ranges(years: list[int]) -> str:
    """1992, 2013, 2014, 2015 -> "1992, 2013–2015"."""
    out: list[str] = []
    for year in sorted(set(years)):
        if out and out[-1].split("–")[-1] == str(year - 1):
            out[-1] = f"{out[-1].split('–')[0]}–{year}"
        else:
            out.append(str(year))
    return ", ".join(out)


def series_spans(rows: list[dict]) -> dict[tuple, tuple[list[int], list[int]]]:
    """Each series of series.csv ((table, from, to, measure)) -> the years of its rows, and
    those with a figure."""
    out: dict[tuple, tuple[list[int], list[int]]] = {}
    for row in sorted(rows, key=lambda r: (r["table"], r["from_place"], r["to_place"], r["measure"], r["period"])):
        every, figures = out.setdefault((row["table"], row["from_place"], row["to_place"], row["measure"]), ([], []))
        every.append(int(row["period"][:4]))
        if row["series_status"] == "figure":
            figures.append(int(row["period"][:4]))
    return out


def left_out(years: list[int], end: int | None) -> str:
    """The years from the first of `years` to `end` (or the last of them) that none covers."""
    return ranges([y for y in range(min(years), max([end or 0, *years]) + 1) if y not in years]) or "none"


def coverage_page(site: Site) -> None:
    newest = last_whole_year(s.get("published_date", "") for s in site.sources.values())
    places = sorted(set(DEFAULT_REGION) | set(site.covered()), key=lambda c: (c == "CHN", c)) + sorted(site.groups)
    dated = {name: t for name, t in record_tables().items() if t.dated_by}
    rows, empty = [], []
    paged = set(site.covered()) | set(site.groups)  # the places with a page

    def place(code: str) -> str:
        return site.place(code, "", named=True) if code in paged else e(country_name(code))

    for code in places:
        for table_name, table in dated.items():
            # the records that name it, as a place or as a share's base (as its page lists them)
            records = list({id(r): r for index in (site.by_place, site.by_base)
                            for r in site.naming(index, code, table_name)}.values())
            if not records:
                continue
            # a target or forecast covers no year: it says what was hoped for, not what happened
            actual = [r for r in records if r.get(table.dated_by) and r.get("kind", "actual") in ("", "actual")]
            years = [int(r[table.dated_by][:4]) for r in actual]
            undated = sum(1 for r in records if not r.get(table.dated_by))
            yearly = bool((table.meta.get("fact") or {}).get("values"))  # a figure a year can lack
            partners: dict[str, list[int]] = {}
            for r in actual:
                for other in {v for f in table.kinds("country", "place") for v in [r.get(f.name)] if v and v != code}:
                    partners.setdefault(other, []).append(int(r[table.dated_by][:4]))
            if not yearly:
                missing = "not a yearly figure"
            elif not years:
                missing = "no dated figure to count from"
            elif partners:
                missing = "; ".join(f"with {e(country_name(p) if p not in site.groups else site.groups[p]['name'])}: "
                                    f"{e(left_out(y, newest))}" for p, y in sorted(partners.items()))
            else:
                missing = e(left_out(years, newest))
            field = str(table.field(table.dated_by).descriptor.get("title") or table.dated_by).lower()
            rows.append([place(code), e(table.title), e(str(len(records))),
                         e(ranges(years) or "none") + (f" (and {undated} with no {e(field)})" if undated else ""),
                         missing])
        if not any(site.naming(index, code, t) for index in (site.by_place, site.by_base) for t in dated):
            empty.append(place(code))
    spans = series_spans(site.data.get("series", []) if tables().get("series") else [])
    gap_rows = [[e(key[1]), e(key[2]), e(key[0]), e(key[3]),
                 e(f"{min(every)}–{max(every)}" if max(every) > min(every) else str(min(every))),
                 e(ranges(figures)), e(ranges(sorted(set(every) - set(figures)))) or "none"]
                for key, (every, figures) in spans.items()]
    parts = [front_matter("Coverage"), "<h1>Coverage</h1>\n",
             "<p>What the records cover, country by country and year by year: for each country in the dataset's "
             "scope (China, Central Asia, the South Caucasus and Pakistan) and each country group, each table's "
             "records that name it, the years they are dated in, and, for the tables of figures (trade, "
             "investment, counts), the years they leave out from the first "
             f"up to {e(newest) if newest else 'the newest source'} (the last whole year before the newest source; "
             "partner by partner). A record for "
             "a group counts for the group, not its members. A year left out is not a zero: no archived article "
             "gives a figure for it yet, and a target or a forecast for a year does not cover it.</p>\n"]
    parts.append(html_table(["Country or group", "Table", "Records", "Years covered", "Years left out"], rows,
                            "Records per country, table and year", download="coverage") if rows
                 else "<p>No record is dated yet, so no year is covered.</p>\n")
    parts.append("<h2>In scope, no records yet</h2>\n<p>"
                 + (", ".join(empty) + "." if empty else "Every country in scope has records.") + "</p>\n")
    parts.append("<h2>Series years without a figure</h2>\n<p>Each series of series.csv (one figure to use per "
                 "pair of economies, flow or measure and year) covers the years from its first figure up to "
                 f"{e(newest) if newest else 'the newest source'}, the last whole year before the newest source, as the table "
                 "above: every year of that span without a figure is a row of series.csv too (status "
                 "<code>no_figure</code>), never a zero.</p>\n")
    parts.append(html_table(["From", "To", "Table", "Flow or measure", "Years covered", "With a figure",
                             "Without a figure"], gap_rows, "Series and their years without a figure",
                            download="series-gaps") if gap_rows else "<p>No series yet (series.csv).</p>\n")
    parts.append("<h2>How to add what is missing</h2>\n<p>Find an article or an official statement that gives the "
                 "figure (a ministry's or a statistics office's own statement comes first in the series), archive "
                 "its text and write one entry file for it: <code>make new TEXT=article.txt DATE=… TOPIC=… "
                 "PUBLISHER=…</code> writes the skeleton, <code>make draft</code> proposes the records, and "
                 "<code>make check</code> says what is wrong, at which line. <a href=\"contributing.html\">Contributing</a> "
                 "walks through it.</p>\n")
    site.write("coverage.md", "\n".join(parts))
