"""Facts: records of any source that report the same thing, linked and compared.

A record table's `x-table.fact` (schemas/) says which columns make a fact: `key` (positional in
the id) and `qualifiers` (written `name=value` when given). Every record of such a table names its
fact in `fact_id` (derived per record, so no record depends on another entry); the build then
writes one row per fact to data/facts.csv, from the published CSVs alone.

How reports are compared (the `agree` column of schemas/facts.yaml):

- a figure stands for an interval: `exact` for the values that round to it as written (`28.6
  billion`: from 28.55 up to, not including, 28.65 billion), `more_than` the values above it, `at_least`
  it and those above, `less_than`, `at_most` alike below, `about` the rounding or `about_percent` of it;
- the reports of a fact agree when one value lies in every report's interval;
- a change (`x-table.fact.change`) from a base period implies a figure for its period:
  the base period's figures times the change. When the figures of both periods are
  recorded, the implied interval must meet the reported one, or both facts are flagged.
  A disagreement is a flag on the facts, never an error: sources do disagree. A fact's period
  is one span: a part of a year (its precision not `year`) is a fact apart from the year's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping

from scripts.core.cells import cell, csv_line, csv_rows
from scripts.core.memo import by_identity
from scripts.derive import values as v
from scripts.derive.fact_ids import fact_id
from scripts.publish.intervals import INF, Interval
from scripts.schema.model import Table
from scripts.schema.registry import fact_tables, facts_table, source_table
from scripts.schema.rules import holds

@dataclass
class Report:
    record_id: str
    source_id: str
    published: str
    row: dict[str, str]
    original: str = ""  # the source it reprints (sources.syndicates), else its own id
    value: Decimal | None = None
    unit: str = ""
    interval: Interval | None = None


def _half(number: Decimal, scale: int = 0) -> Decimal:
    """Half a unit of the last digit written (`28.6`: 0.05; `700`: 0.5), times 10^scale."""
    return Decimal(5).scaleb(int(number.as_tuple().exponent) - 1 + scale)


def read_figure(table: Table, row: dict[str, str], about_percent: Decimal,
                language: str = "en") -> tuple[Decimal, str, Interval] | None:
    """The report's figure in its unit and the interval it stands for (its amount read as its
    source's `language` writes numbers: "36,5 млрд" is 36.5 billion); None without one."""
    for choice in table.meta["fact"].get("values", []):
        written = row.get(choice["column"], "")
        if not written:
            continue
        value = Decimal(written)
        unit = choice["unit"].format(**row)
        if choice["column"] in ("value_usd", "amount") and row.get("amount_text"):
            try:
                amount = v.read_amount(row["amount_text"], language)
            except v.Invalid:
                return None
            half = _half(amount.number, amount.scale)
            if choice["column"] == "value_usd" and row.get("usd_rate"):
                half *= Decimal(row["usd_rate"])
        else:
            half = _half(value)
        if choice.get("as") == "percent_as_ratio":
            value, half = 1 + value / 100, half / 100
        bound = row.get("bound") or "exact"
        if bound == "more_than":
            interval = Interval(value, INF, lo_open=True)
        elif bound == "at_least":
            interval = Interval(value, INF)
        elif bound == "less_than":
            interval = Interval(-INF, value, hi_open=True)
        elif bound == "at_most":
            interval = Interval(-INF, value)
        else:
            width = max(half, abs(value) * about_percent / 100) if bound == "about" else half
            interval = Interval(value - width, value + width, hi_open=True)  # 15.45 rounds to 15.5, not 15.4
        return value, unit, interval
    return None


# ------------------------------------------------------------------ one fact
@dataclass
class Fact:
    fact_id: str
    table: Table
    reports: list[Report] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    implied_agree: bool | None = None

    @property
    def latest(self) -> Report:
        return max(self.reports, key=lambda r: (r.published, r.source_id, r.record_id))

    @property
    def independent(self) -> list[Report]:
        """The reports that count: a syndicated copy's report of a fact its original also
        reports repeats the original (sources.syndicates) and is not counted again."""
        originals = {r.original for r in self.reports if r.original == r.source_id}
        return [r for r in self.reports if r.original == r.source_id or r.original not in originals]

    @property
    def figures(self) -> list[Report]:
        return [r for r in self.reports if r.interval is not None]

    @property
    def unit(self) -> str | None:
        """The reports' one unit; None when they have no figure or several units."""
        units = {r.unit for r in self.figures}
        return units.pop() if len(units) == 1 and len(self.figures) == len(self.reports) else None

    def common(self) -> Interval | None:
        """The values every report allows; None when there are none or no comparison."""
        if self.unit is None:
            return None
        out = self.figures[0].interval
        for report in self.figures[1:]:
            if not out.meets(report.interval):
                return None
            out = out.both(report.interval)
        return out

    def agree(self) -> bool | None:
        if self.unit is None:
            return None
        return self.common() is not None

    def hull(self) -> Interval | None:
        if self.unit is None:
            return None
        out = self.figures[0].interval
        for report in self.figures[1:]:
            out = out.hull(report.interval)
        return out


def collect(csvs: Mapping[str, bytes]) -> dict[str, Fact]:
    """Every fact of the published record tables, with its reports, by fact id."""
    spec = facts_table()
    about = Decimal(str(spec.meta.get("about_percent", 0))) if spec else Decimal(0)
    sources = csv_rows(csvs[source_table().name])
    published = {row["source_id"]: row["published_date"] for row in sources}
    original = {row["source_id"]: row.get("syndicates") or row["source_id"] for row in sources}
    language = {row["source_id"]: row.get("language") or "en" for row in sources}
    facts: dict[str, Fact] = {}
    for name, table in fact_tables().items():
        column = table.kinds("fact")[0].name
        for row in csv_rows(csvs[name]):
            fact = facts.setdefault(row[column], Fact(row[column], table))
            report = Report(row[table.id_field], row["source_id"], published.get(row["source_id"], ""), row,
                            original.get(row["source_id"], row["source_id"]))
            found = read_figure(table, row, about, language.get(row["source_id"], "en"))
            if found:
                report.value, report.unit, report.interval = found
            fact.reports.append(report)
    return facts


def check_changes(facts: dict[str, Fact]) -> None:
    """Flag the facts whose recorded change disagrees with the figures recorded for the
    base period and the period (scripts/publish/facts.py's docstring)."""
    hulls: dict[str, Interval] = {}  # fact id -> the hull of its reports, worked out once

    def hull(fact: Fact) -> Interval:
        if fact.fact_id not in hulls:
            hulls[fact.fact_id] = fact.hull()
        return hulls[fact.fact_id]

    for fact in list(facts.values()):
        change = fact.table.meta["fact"].get("change")
        if not change:
            continue
        dated = fact.table.dated_by
        for report in fact.figures:
            if not holds(change.get("when"), report.row) or not report.row.get(change["base"]):
                continue
            compared = {**report.row, **change.get("compare", {}), change["base"]: ""}
            now = facts.get(fact_id(fact.table, compared))
            then = facts.get(fact_id(fact.table, {**compared, dated: report.row[change["base"]]}))
            if now is None or then is None or now.unit is None or now.unit != then.unit:
                continue
            implied = hull(then).times(report.interval)
            reported = hull(now)
            agrees = implied.meets(reported)
            said = (f"The change in {report.record_id} from {report.row[change['base']]} implies "
                    f"{implied.words(now.unit)}; the reports for {report.row.get(dated)} span {reported.words(now.unit)}.")
            for target in (now, fact):
                target.implied_agree = agrees if target.implied_agree is None else target.implied_agree and agrees
                if not agrees:
                    target.flags.append(said)


def rows(facts: dict[str, Fact], extra: Callable[[Fact], dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    out = []
    for fact_key in sorted(facts):
        fact = facts[fact_key]
        table, latest = fact.table, fact.latest
        unit, agree = fact.unit, fact.agree()
        values = [r.value for r in fact.figures] if unit else []
        low, high = (min(values), max(values)) if values else (None, None)
        flags = list(fact.flags)
        units = sorted({r.unit for r in fact.figures})
        if agree is False:
            flags.insert(0, f"The reports disagree: {cell(low)} to {cell(high)} {unit}.")
        elif len(units) > 1:
            flags.insert(0, f"The reports are in different units ({', '.join(units)}) and are not compared.")
        spread, keyed = high - low if values else None, table.dated_by in table.meta["fact"]["key"]
        out.append({
            "fact_id": fact.fact_id,
            "table": table.name,
            "label": table.meta["fact"].get("label", "").format(**latest.row),
            "fact_period": latest.row.get(table.dated_by, "") if keyed else "",
            "fact_period_precision": latest.row.get(f"{table.dated_by}_precision", "") if keyed else "",
            "fact_kind": latest.row.get("kind", ""),
            "unit": unit or "",
            "reports": len(fact.independent),
            "sources": len({r.original for r in fact.reports}),
            "low": low,
            "high": high,
            "spread": spread,
            "spread_percent": (spread * 100 / low).quantize(Decimal("0.1")) if values and low else None,
            "agree": None if agree is None else str(agree).lower(),
            "implied_agree": None if fact.implied_agree is None else str(fact.implied_agree).lower(),
            "flags": " ".join(flags),
            "latest_record_id": latest.record_id,
            "latest_source_id": latest.source_id,
            "latest_published_date": latest.published,
            "latest_value": latest.value if latest.interval is not None else None,
            "latest_bound": latest.row.get("bound", "") if latest.interval is not None else "",
            **(extra(fact) if extra else {}),  # how it may be combined, its grade (scripts/publish/grades.py)
        })
    return out


def checked_facts(csvs: Mapping[str, bytes]) -> dict[str, Fact]:
    """collect's facts with their changes checked, worked out once for the same CSVs: the
    facts, their grades and the series all read them (not to be changed by their readers)."""
    return _checked(csvs[source_table().name], *(csvs[name] for name in fact_tables()))


@by_identity
def _checked(*inputs: bytes) -> dict[str, Fact]:
    names = [source_table().name, *fact_tables()]
    facts = collect(dict(zip(names, inputs)))
    check_changes(facts)
    return facts


def facts_csv(csvs: Mapping[str, bytes], extra: Callable[[Fact], dict[str, Any]] | None = None) -> bytes:
    """data/facts.csv from the published CSVs of the record tables and the sources; `extra`
    gives more columns of a fact."""
    table = facts_table()
    facts = checked_facts(csvs)
    lines = [csv_line(table.columns)]
    lines += [csv_line([cell(row.get(column)) for column in table.columns]) for row in rows(facts, extra)]
    return "".join(lines).encode("utf-8")
