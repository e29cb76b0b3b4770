"""The front door and the registry itself (the README's snippets run in test_clients.py): pins agree,
every schema field is complete and valid, and what is derived from schemas/ matches."""

from __future__ import annotations

import re
import tomllib

import pytest
from frictionless import Schema

from scripts.check.pandera_schemas import derive_pandera_schema, pandera_schema
from scripts.schema.model import FIELD_KEYS, KINDS
from scripts.schema.model import DERIVED_ROLES
from scripts.schema.registry import ROOT, tables
from scripts.tools.lock_hashes import read_pins


def test_readme_has_the_quickstart_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make build" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_direct_dependencies_are_pinned_and_locked():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = project["dependencies"] + project["optional-dependencies"]["test"]
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    lock = {f"{name}=={version}".lower() for name, version in read_pins(text)}
    for pin in pins:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", pin), f"{pin} is not pinned exactly"
        assert pin.lower() in lock, f"{pin} differs from requirements.lock"
    # pip installs with --require-hashes: every pin carries the hashes of its files
    body = "\n".join(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    blocks = re.split(r"\n(?=[A-Za-z0-9])", body)
    assert len(blocks) == len(lock) and all(re.search(r"--hash=sha256:[0-9a-f]{64}", b) for b in blocks)
    assert "--require-hashes" in (ROOT / "Makefile").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(tables()))
def test_every_field_is_complete_and_its_example_valid(name):
    table = tables()[name]
    assert table.descriptor["title"] and table.descriptor["description"]
    report = Schema.validate_descriptor(table.published_descriptor())
    assert report.valid, report.flatten(["message"])
    schema = Schema.from_descriptor(table.published_descriptor())
    for fld in table.fields:
        d = fld.descriptor
        assert set(d) <= FIELD_KEYS, (name, fld.name, set(d) - FIELD_KEYS)
        assert d.get("title") and len(d.get("description", "")) > 20, (name, fld.name)
        assert "example" in d, (name, fld.name)
        assert fld.kind in KINDS, (name, fld.name)
        if d["example"] is not None:
            value, notes = schema.get_field(fld.name).read_cell(str(d["example"]) if fld.type != "list" else d["example"])
            assert not notes, (name, fld.name, notes)


def test_every_entry_key_reaches_a_published_column():
    for table in tables().values():
        for key, fld in table.entry_fields.items():
            assert fld.name in table.columns


def test_shared_columns_are_defined_alike():
    """A column that several tables share has the same type and constraints everywhere."""
    seen: dict[str, tuple] = {}
    forms: dict[str, tuple] = {}
    for table in tables().values():
        for fld in table.fields:
            if fld.name.endswith("_id") or fld.name in ("name", "type", "notes", "quote", "measure"):
                continue
            form = (fld.type, repr(fld.constraints.get("pattern")), repr(fld.constraints.get("enum")))
            assert forms.setdefault(fld.name, form) == form, fld.name
            if not fld.derived and table.role not in DERIVED_ROLES and fld.name not in table.descriptor["primaryKey"]:
                # a key is unique where it is defined; a derived copy (investment's host_country, of host; a
                # series' period, of the facts') keeps the form, not the rules
                shape = (fld.kind, repr(sorted(fld.constraints.items())))
                assert seen.setdefault(fld.name, shape) == shape, fld.name


@pytest.mark.parametrize("name", list(tables()))
def test_pandera_schema_matches_the_table_schema(name):
    table = tables()[name]
    schema = pandera_schema(name)
    fresh = derive_pandera_schema(name)  # the kept copy is what deriving gives now
    assert list(schema.columns) == list(fresh.columns)
    for column in schema.columns:
        assert [str(c) for c in schema.columns[column].checks] == [str(c) for c in fresh.columns[column].checks]
        assert str(schema.columns[column].dtype) == str(fresh.columns[column].dtype)
    assert list(schema.columns) == [f.name for f in table.fields if f.type != "list"] + \
        [f.name for f in table.fields if f.type == "list"]
    for fld in table.fields:
        column = schema.columns[fld.name]
        assert column.nullable == (not fld.required and fld.name != table.id_field), fld.name
        if "enum" in fld.constraints:
            assert any("isin" in str(check) for check in column.checks)
        if "pattern" in fld.constraints:
            assert any(fld.constraints["pattern"] in str(check) for check in column.checks)


@pytest.mark.parametrize("name", list(tables()))
def test_table_rules_name_real_columns_and_known_tests(name):
    """What x-table says of a table (its role, date column, rules, site columns and
    charts) names only columns the table has and tests scripts/schema/rules.py knows: the
    registry's own schema check finds nothing (tests/schema/test_new_table.py shows it finds
    each kind of mistake)."""
    from scripts.schema.registry import table_problems

    assert table_problems(tables()[name]) == []


def test_record_tables_are_checked_against_their_articles():
    """Every record table quotes its source and names it: else nothing could prove its records."""
    from scripts.schema.registry import record_tables

    assert record_tables()
    for table in record_tables().values():
        assert table.kinds("quote") and table.kinds("record_id") and "source_id" in table.columns, table.name
        assert table.meta.get("site", {}).get("columns"), table.name


def test_every_column_set_is_used():
    from scripts.schema.registry import column_sets

    used = {name for table in tables().values() for name in table.uses}
    assert used == set(column_sets())
