"""Series: the one figure to use for each pair of economies, flow or measure and period.

schemas/series.yaml's `x-table.series` names, for each record table, its two places, its
flow or measure, which of its facts are actual whole-economy figures (`when`, and no
qualifier given: a product's or a sector's figure is part of a whole) and which of them are
stocks at a date (`stock`); the others are flows over a whole year (period precision
`year`). Each such fact is one row. The figure to use is its reports' first by this rule:

1. an official statement (Officials.statement): its stater (stated_by_entity) is a body of
   an entity type in `official`, or, when no stater is named (no stated_by nor
   stated_by_entity: the text speaks in its own voice), its source's publisher
   (sources.publisher_entity) is such a body. Never read from a name: a stater the
   registry does not name, or a publisher with no publisher_entity, is not official;
2. a figure (`exact`, `about`) before a bound (a floor or a ceiling);
3. the latest publication date, then the source id, then the record id.

`chosen_because` says which step chose it, `official_reports` counts the official
statements. A series covers the years from its first figure to the last whole year before the newest source in the package (coverage_end: a source
published in July 2024 gives 2023 at the latest; the year up to which the coverage page counts years
left out), or its last figure's when later; each year of that span with no figure is a row
of status `no_figure`, so that a gap is never read as a zero. A row may be added to others
(`additive`) only when it is a flow over a whole year between two countries (a group's
figure already holds its members'), exact or about. The rows are made from the published
CSVs alone (facts.checked_facts reads them), like facts.csv.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Mapping

from scripts.core.cells import cell, csv_line, csv_rows
from scripts.publish.facts import Fact, Report, checked_facts
from scripts.schema.model import Table
from scripts.schema.registry import registry_for, source_table, with_role
from scripts.schema.rules import holds

FIGURE_BOUNDS = ("exact", "about")


def series_table() -> Table | None:
    """The table of series the build derives from the facts (`role: series`)."""
    return next(iter(with_role("series").values()), None)


@dataclass(frozen=True)
class Officials:
    """Who speaks officially: the ids of the entities of an official type, and each
    source's publisher entity (sources.publisher_entity), by source id."""

    bodies: frozenset[str] = frozenset()
    publishers: Mapping[str, str] = field(default_factory=dict)

    def body(self, row: Mapping[str, str]) -> str:
        """The official body that states a report, '' when none (the module's rule, step 1)."""
        if row.get("stated_by_entity"):
            return row["stated_by_entity"] if row["stated_by_entity"] in self.bodies else ""
        if row.get("stated_by"):
            return ""  # a stater the registry does not name: not known to be official
        publisher = self.publishers.get(row.get("source_id", ""), "")
        return publisher if publisher in self.bodies else ""

    def statement(self, row: Mapping[str, str]) -> str:
        """The official statement of a report in words ("chn-mofcom, its publisher, in its own
        voice"), '' when it is none."""
        body = self.body(row)
        if not body:
            return ""
        return f"{body}, its stater" if row.get("stated_by_entity") else f"{body}, its publisher, in its own voice"


def officials(csvs: Mapping[str, bytes], types: list[str]) -> Officials:
    """The entity ids whose type is an official one, and the sources' publisher entities."""
    registry = registry_for("entity")
    entities = csv_rows(csvs[registry.name]) if registry is not None and registry.name in csvs else []
    return officials_of(entities, csv_rows(csvs.get(source_table().name, b"")), types)


def officials_of(entities: Iterable[Mapping[str, str]], sources: Iterable[Mapping[str, str]],
                 types: Iterable[str]) -> Officials:
    """Officials from the rows of the entity registry (entity_id, type) and of the sources."""
    registry = registry_for("entity")
    return Officials(frozenset(row[registry.id_field] for row in entities if row.get("type") in types) if registry
                     else frozenset(),
                     {row["source_id"]: row["publisher_entity"] for row in sources if row.get("publisher_entity")})


def coverage_end(csvs: Mapping[str, bytes]) -> int | None:
    """The last year a series covers: the last whole year before the newest source of the package."""
    return last_whole_year(row.get("published_date", "") for row in csv_rows(csvs.get(source_table().name, b"")))


def last_whole_year(dates: Iterable[str]) -> int | None:
    """The last year that ended before the newest of `dates` (YYYY-MM-DD): the last a source can
    report whole (the coverage page's span ends there too)."""
    years = [int(date[:4]) for date in dates if date]
    return max(years) - 1 if years else None


def _choose(reports: list[Report], official: Officials) -> tuple[Report, str]:
    """The report whose figure to use, and why (the module's rule)."""
    def rank(report: Report) -> tuple:
        return (bool(official.body(report.row)), (report.row.get("bound") or "exact") in FIGURE_BOUNDS,
                report.published, report.source_id, report.record_id)

    chosen = max(reports, key=rank)
    if len(reports) == 1:
        return chosen, "the only report" + (f", an official statement ({official.statement(chosen.row)})"
                                            if rank(chosen)[0] else "")
    top, reasons = rank(chosen), []
    pool = [r for r in reports if rank(r)[0] == top[0]]
    if top[0]:
        reasons.append(f"an official statement ({official.statement(chosen.row)})"
                       + (f", before {len(reports) - len(pool)} other report(s)" if len(pool) < len(reports) else ""))
    narrower = [r for r in pool if rank(r)[1] == top[1]]
    if top[1] and len(narrower) < len(pool):
        reasons.append(f"a figure, before {len(pool) - len(narrower)} bound(s)")
    if len(narrower) > 1:
        reasons.append(f"the latest of {len(narrower)} (published {chosen.published})")
    return chosen, "; ".join(reasons)


def _additive(group: bool, stock: bool, bound: str, period: str) -> tuple[bool, str]:
    if stock:
        return False, f"a stock at {period}: stocks at different dates do not add, and a later one holds an earlier"
    if group:
        return False, "a country group's figure: it holds its members' figures, never add it to theirs"
    if bound not in FIGURE_BOUNDS:
        return False, f"a bound ({bound}), not a value: a sum would read it as exact"
    return True, f"a flow over the year {period} between two countries"


def grade(fact: Fact, official: Officials) -> tuple[str, str]:
    """The fact's source-quality grade (A, B, C) and its reasons (scripts/publish/grades.py)."""
    sources = len({r.source_id for r in fact.reports})
    stated = sorted({official.statement(r.row) for r in fact.reports} - {""})
    agree = fact.agree()
    reasons = [f"{sources} source{'s' if sources > 1 else ''}"]
    reasons.append(f"an official statement ({' and '.join(stated)})" if stated else "no official statement")
    if len(fact.figures) > 1 or agree is False:
        reasons.append({True: "the reports agree", False: "the reports disagree", None: "the reports cannot be compared"}[agree])
    bounds = {r.row.get("bound") or "exact" for r in fact.figures}
    if fact.figures and not bounds & set(FIGURE_BOUNDS):
        reasons.append("only a bound, not a value")
    if not fact.figures:
        reasons.append("no figure to compare")
    latest = fact.latest
    reasons.append(f"latest report published {latest.published}")
    if agree is False or not fact.figures or not bounds & set(FIGURE_BOUNDS) or agree is None:
        letter = "C"
    elif (sources > 1 and agree) or stated:
        letter = "A"
    else:
        letter = "B"
    return letter, "; ".join(reasons) + "."


def series_rows(facts: Mapping[str, Fact], official: Officials, spec: dict[str, Any],
                through: int | None = None) -> list[dict[str, Any]]:
    """One row per whole-economy actual fact of the tables `spec` names, and one per year
    without a figure from a series' first figure to `through` (coverage_end) or its last
    figure, whichever is later."""
    out: list[dict[str, Any]] = []
    years: dict[tuple, tuple[set[str], bool]] = {}  # a series' key -> the years it has figures for, a group's or not
    for fact in sorted(facts.values(), key=lambda f: f.fact_id):
        source = next((s for s in spec["tables"] if s["table"] == fact.table.name), None)
        table = fact.table
        if source is None or not fact.figures:
            continue
        row = fact.latest.row
        dated = table.dated_by
        qualifiers = table.meta["fact"].get("qualifiers", [])
        if not holds(source.get("when"), row) or any(row.get(q) for q in qualifiers) or not row.get(dated):
            continue
        stock = bool(source.get("stock")) and holds(source["stock"], row)
        if not stock and row.get(f"{dated}_precision") != "year":
            continue  # part of a year: not the year's figure
        chosen, because = _choose(fact.figures, official)
        values = [r.value for r in fact.figures if r.unit == chosen.unit]
        ends = (row[source["from"]], row[source["to"]])
        group = any(row.get(f"{column}_group") for column in (source["from"], source["to"]))
        bound = chosen.row.get("bound") or "exact"
        additive, note = _additive(group, stock, bound, row[dated])
        key = (table.name, *ends, row[source["measure"]], "as_of" if stock else "year")
        years.setdefault(key, (set(), group))[0].add(row[dated][:4])
        out.append({
            "series_id": ":".join([*key[:4], row[dated]]), "table": table.name, "from_place": ends[0], "to_place": ends[1],
            "group": group, "measure": key[3], "period": row[dated], "period_type": key[4], "series_status": "figure",
            "value": chosen.value, "unit": chosen.unit, "bound": bound,
            "bound_words": spec.get("bound_words", {}).get(bound, ""), "low": min(values), "high": max(values),
            "reports": len(fact.reports), "sources": len({r.source_id for r in fact.reports}),
            "official_reports": sum(bool(official.body(r.row)) for r in fact.reports),
            "chosen_because": because, "additive": additive, "additive_note": note,
            "grade": (letter := grade(fact, official)[0]), "recommended": additive and letter in ("A", "B"),
            "fact_id": fact.fact_id,
            "record_id": chosen.record_id, "source_id": chosen.source_id,
        })
    for key, (known, group) in years.items():
        first, last = min(int(y) for y in known), max([int(y) for y in known] + [through or 0])
        for year in (str(y) for y in range(first + 1, last + 1) if str(y) not in known):
            out.append({"series_id": ":".join([*key[:4], year]), "table": key[0], "from_place": key[1], "to_place": key[2],
                        "group": group, "measure": key[3], "period": year, "period_type": key[4], "series_status": "no_figure",
                        "reports": 0, "sources": 0, "official_reports": 0, "additive": False, "recommended": False,
                        "additive_note": f"no record gives a figure for {year} (the series covers {first} to {last}): "
                                         "a gap, not a zero"})
    return out


def series_csv(csvs: Mapping[str, bytes]) -> bytes:
    """data/series.csv from the published CSVs of the record tables, the sources and the
    entities."""
    table = series_table()
    spec = table.meta["series"]
    rows = series_rows(checked_facts(csvs), officials(csvs, spec.get("official", [])), spec, coverage_end(csvs))
    rows.sort(key=lambda row: row["series_id"])

    def shown(value: Any) -> str:
        return str(value).lower() if isinstance(value, bool) else cell(value if not isinstance(value, float) else Decimal(value))

    lines = [csv_line(table.columns)] + [csv_line([shown(row.get(column)) for column in table.columns]) for row in rows]
    return "".join(lines).encode("utf-8")
