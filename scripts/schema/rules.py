"""The conditions that schemas/*.yaml writes in its rules, read the same way by the
checks (scripts/check/keys_and_rules.py), the normaliser (`x-derive`) and the site (is a record actual?).

A condition maps columns to tests, all of which must hold:

    {kind: {in: [actual]}}                       the value is one of these
    {status: {not_in: [proposed, planned]}}      the value is given and none of these
    {currency: {given: true}}                    the value is given (false: it is empty)
    {usd_rate: {given_iff: usd_rate_source}}     both are given, or neither
    {share_percent: {given_xor: amount_text}}    exactly one of the two is given
    {amount_text: {one_given: [a, b]}}           exactly one of these three is given
    {amount: {above: 0}}                         the value is given and greater
    {members: {min_items: 2}}                    the list is given and this long at least

Values are those of a record being checked (numbers, lists) or the cells of a
published CSV row (text; a list is comma-separated there), so both read alike.
"""

from __future__ import annotations

from typing import Any, Mapping

TESTS = {"in", "not_in", "given", "given_iff", "given_xor", "one_given", "above", "min_items"}


def given(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _items(value: Any) -> list:
    return value.split(",") if isinstance(value, str) else list(value)


def _test(test: str, expected: Any, column: str, values: Mapping[str, Any]) -> bool:
    value = values.get(column)
    if test == "given":
        return given(value) == bool(expected)
    if test == "given_iff":
        return given(value) == given(values.get(expected))
    if test == "given_xor":
        return given(value) != given(values.get(expected))
    if test == "one_given":
        return [given(value), *(given(values.get(other)) for other in expected)].count(True) == 1
    if not given(value):
        return False
    if test == "in":
        return value in expected
    if test == "not_in":
        return value not in expected
    if test == "above":
        return float(value) > float(expected)
    if test == "min_items":
        return len(_items(value)) >= int(expected)
    raise ValueError(f"unknown test `{test}` (known: {', '.join(sorted(TESTS))})")


def holds(condition: Mapping[str, Mapping[str, Any]] | None, values: Mapping[str, Any]) -> bool:
    """Whether every test of `condition` holds for `values`; an empty condition always holds."""
    return all(_test(test, expected, column, values)
               for column, tests in (condition or {}).items() for test, expected in tests.items())


def columns_named(condition: Mapping[str, Mapping[str, Any]] | None) -> set[str]:
    """Every column a condition reads (to check the schemas name only real columns)."""
    names = set()
    for column, tests in (condition or {}).items():
        names.add(column)
        names.update(expected for test, expected in tests.items() if test in ("given_iff", "given_xor"))
        names.update(other for test, expected in tests.items() if test == "one_given" for other in expected)
    return names


def is_actual(meta: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    """Whether a record reports something that has happened (its table's `actual.when`)."""
    return holds(meta.get("actual", {}).get("when"), values)


def derived_value(choices: list[Mapping[str, Any]], values: Mapping[str, Any]) -> Any:
    """The value of the first of `x-derive`'s choices whose `when` holds."""
    for choice in choices:
        if holds(choice.get("when"), values):
            return choice["value"]
    return None
