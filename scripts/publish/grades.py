"""How a fact may be combined, and how well it is sourced: the facts table's `additive`,
`bound_words`, `kind_words`, `grade`, `grade_reasons` and `recommended` columns
(schemas/facts.yaml, `x-table.grades`).

- additive: a fact may be added to others when it is a row of the series that may be
  (scripts/publish/series.py: an actual flow over a whole year between two countries, exact
  or about, no product, sector or company); any other fact says why not.
- grade (the rule is scripts/publish/series.py's `grade`, which series.csv shows too), after AidData's source-quality score (counts of sources and of official sources),
  every grade with its reasons: `A` when two or more sources report it and they agree, or an
  official body states it and no report disagrees (series.Officials: its stater,
  stated_by_entity, is a body of a type in x-table.series.official; or, with no stater
  named, its source's publisher_entity is such a body, speaking in its own voice); `B` when one source reports an exact or about figure; `C` when the
  reports disagree, the figure is only a bound, or there is no figure to compare.
- recommended: additive and graded A or B (AidData's "recommended for aggregates").
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from scripts.publish.facts import Fact, checked_facts
from scripts.publish.series import grade, officials, series_rows, series_table
from scripts.schema.registry import facts_table


def _not_additive(fact: Fact) -> str:
    """Why a fact that is no series row may not be added."""
    row, table = fact.latest.row, fact.table
    qualifiers = [q for q in table.meta["fact"].get("qualifiers", []) if row.get(q)]
    if not fact.figures:
        return "no figure to add"
    if row.get("kind", "actual") != "actual":
        return f"a {row['kind']}, not what happened"
    if row.get("measure") in ("share", "change") or row.get("figure_type") == "change":
        return f"a {'share' if row.get('measure') == 'share' else 'change'}, not an amount"
    if qualifiers:
        return f"part of a whole ({', '.join(f'{q} {row[q]}' for q in qualifiers)}): it overlaps the whole's figure"
    if table.dated_by and not row.get(table.dated_by):
        return "undated: it may overlap any period"
    if row.get(f"{table.dated_by}_precision") not in (None, "year"):
        return "part of a year: it overlaps the year's figure"
    return "not a flow between economies over a year"


def grader(csvs: Mapping[str, bytes]) -> Callable[[Fact], dict[str, Any]]:
    """The extra columns of each fact (facts.facts_csv's `extra`), from the published CSVs."""
    spec = series_table().meta["series"] if series_table() else {"tables": []}
    words = (facts_table().meta.get("grades") or {}) if facts_table() else {}
    official = officials(csvs, spec.get("official", []))
    facts = checked_facts(csvs)
    series = {r["fact_id"]: r for r in series_rows(facts, official, spec) if r.get("fact_id")}
    bound_words = spec.get("bound_words", {})

    def columns(fact: Fact) -> dict[str, Any]:
        row = series.get(fact.fact_id)
        additive, note = (row["additive"], row["additive_note"]) if row else (False, _not_additive(fact))
        letter, reasons = grade(fact, official)
        latest = fact.latest.row
        return {"additive": str(additive).lower(), "additive_note": note,
                "bound_words": bound_words.get(latest.get("bound") or "exact", "") if fact.figures else "",
                "kind_words": words.get("kind_words", {}).get(latest.get("kind", ""), ""),
                "grade": letter, "grade_reasons": reasons,
                "recommended": str(bool(additive) and letter in ("A", "B")).lower()}

    return columns

