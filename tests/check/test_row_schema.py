"""The schema check of a few rows (scripts/check/row_schema.py) reports what pandera's
(scripts/check/pandera_schemas.py) reports, problem for problem, on rows read from the
fixtures and then mutated at random: values of every field replaced with values that
break a rule or keep it."""

from __future__ import annotations

import copy
import functools
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.check.pandera_schemas import check_schema
from scripts.check.row_schema import check_rows
from scripts.core.problems import Problems
from scripts.derive.fields import derive
from scripts.read.entries import Reader
from scripts.schema.registry import tables
from tests.helpers import FIXTURES

# Values of each type, as reading gives them (scripts/read/convert.py makes a value its
# field's type or rejects it first): ones that keep a field's rules and ones that break them.
TEXTS = st.sampled_from(["", "=HYPERLINK(1)", "-3", "+x", "@x", "ok text", "KAZ", "kaz", "central-asia", "2015-02-30",
                         "2015-02-03", "2015", "2015-13", "https://example.org/a", "ftp://x", "x" * 2100,
                         "in_operation", "signed", "more_than", "turnover", "USD", "usd", "day"])
NUMBERS = st.one_of(st.integers(-5, 200).map(Decimal), st.decimals(min_value=-200, max_value=200, places=1,
                                                                  allow_nan=False))
VALUES = {"string": TEXTS, "date": TEXTS, "number": NUMBERS, "integer": st.integers(-5, 200),
          "list": st.lists(st.sampled_from(["a", "", " b", "c,d", "+x", "KAZ"]), max_size=3)}


@functools.lru_cache(maxsize=1)
def fixture_rows() -> dict[str, list]:
    problems = Problems()
    reader = Reader(FIXTURES.parent, problems, derive)
    reader.read_registries()
    rows = {name: list(r) for name, r in reader.rows.items()}
    for path in sorted((FIXTURES / "sources").glob("*.yaml")):
        reader.start_entry(problems)
        reader.read_entry(path)
        for name, table_rows in reader.rows.items():
            rows[name] = rows.get(name, []) + list(table_rows)
    return {name: r for name, r in rows.items() if r}


def report(check, table, rows) -> list[str]:
    problems = Problems()
    check(table, rows, problems)
    return [str(p) for p in problems.sorted()]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # tests/README.md: budgets
@given(data=st.data())
def test_row_by_row_reports_what_pandera_reports(data):
    rows = fixture_rows()
    name = data.draw(st.sampled_from(sorted(rows)), label="table")
    table = tables()[name]
    mutated = copy.deepcopy(rows[name])
    for _ in range(data.draw(st.integers(1, 6), label="edits")):
        row = data.draw(st.sampled_from(mutated), label="row")
        column = data.draw(st.sampled_from(table.columns), label="column")
        row.values[column] = data.draw(st.none() | VALUES[table.field(column).type], label="value")
    assert report(check_rows, table, mutated) == report(check_schema, table, mutated)


def test_the_fixtures_pass_both():
    for name, table_rows in fixture_rows().items():
        assert report(check_rows, tables()[name], table_rows) == report(check_schema, tables()[name], table_rows) == []
