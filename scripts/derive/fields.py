"""Derive: check a record's values by their field's kind and fill the derived columns
(record ids, countries concerned, dates' precision and note, amounts in USD, `x-derive`).

What each kind means is listed in scripts/schema/registry.py (KINDS); which fields have
which kind is written in schemas/. Problems are collected, never raised.
"""

from __future__ import annotations

import re

from scripts.core.problems import Problems, nearest
from scripts.derive import values as v
from scripts.derive.fact_ids import fact_id
from scripts.read.rows import Lookups, Row, SourceText
from scripts.schema.model import Field, Table
from scripts.schema.registry import tables, registry_for
from scripts.schema.rules import derived_value

FIGURE_KINDS = ("amount_text", "share", "change", "factor", "count")  # a record that states a figure takes the bound's default


def derive(row: Row, table: Table, article: SourceText | None, lookups: Lookups, problems: Problems) -> None:
    """Fill the derived columns and check codes against their registries."""
    vals = row.values
    concerned: set[str] = set()  # the countries the record concerns
    for fld in table.derivable:
        try:
            derive_field(fld, row, article, lookups, concerned)
        except v.Invalid as error:
            at = row.at(fld.name)
            problems.add(row.file, at[0], at[1], f"{table.name}.{fld.entry_key or fld.name}", error.message, error.fix)
            row.flagged = True
            vals[fld.name] = None  # later checks must not read a rejected value
    if "bound" in table.uses and "bound" not in row.marks and \
            not any(vals.get(f.name) is not None for f in table.kinds(*FIGURE_KINDS)):
        vals.pop("bound", None)  # the default applies to figures only
    if "countries" in table.uses:
        vals["countries"] = sorted(concerned)
    for fld in table.kinds("fact"):  # last: it is made of the other columns, as derived
        vals[fld.name] = fact_id(table, vals)


def _registered(ident: str, kind: str, lookups: Lookups) -> list[str]:
    """The countries an id of the `kind` registry stands for; Invalid when it is not there."""
    ids = lookups.get(kind, {})
    if ident not in ids:
        registry = registry_for(kind)
        file = f"data/{registry.name}.yaml" if registry else "a registry"
        close = nearest(ident, ids)
        raise v.Invalid(f"`{ident}` is not in {file}", f"did you mean {close}?" if close else f"add the entity to {file}")
    return ids[ident]


def _place(code: str, lookups: Lookups) -> list[str]:
    registry = registry_for("place")
    return v.check_place(code, lookups.get("place", {}), f"data/{registry.name}.yaml" if registry else "a registry")


def derive_field(fld: Field, row: Row, article: SourceText | None, lookups: Lookups, concerned: set[str]) -> None:
    vals, kind, value = row.values, fld.kind, row.values.get(fld.name)
    if kind == "record_id" and value is not None:
        if fld.entry_pattern and not re.fullmatch(fld.entry_pattern, value):
            raise v.Invalid(f"`{value}` is not a short lower-case name",
                            "use lower-case letters, digits and single hyphens, such as trade-2013")
        vals[fld.name] = f"{article.source_id if article else ''}:{value}"
    elif fld.derived and fld.name == "source_id":
        vals[fld.name] = article.source_id if article else None
    elif fld.derived and "x-derive" in fld.descriptor:
        vals[fld.name] = derived_value(fld.descriptor["x-derive"], vals)
    elif kind == "fact":
        return  # derived last, from the other columns
    elif kind == "published":
        vals[fld.name] = article.published.isoformat() if article else None
    elif kind == "date":
        change = (tables()[row.table].meta.get("fact") or {}).get("change") or {}
        dated_by = tables()[row.table].meta.get("dated_by")
        measured_to = vals.get(dated_by) if fld.name == change.get("base") and dated_by != fld.name else None
        derive_date(row, fld.name, article, measured_to)
    elif value is None or value == []:
        return
    elif kind in ("place", "base"):
        members = _place(value, lookups)
        if kind == "place":
            concerned.update(members)
        fill_place(fld.name, value, vals, lookups)
    elif kind == "places":
        for code in value:
            concerned.update(_place(code, lookups))
    elif kind == "country":
        concerned.add(v.check_country(value))
    elif kind == "countries":
        vals[fld.name] = sorted({v.check_country(code) for code in value})
    elif kind in ("entity", "entities"):
        for ident in [value] if kind == "entity" else value:
            concerned.update(_registered(ident, "entity", lookups))
    elif kind == "language":
        v.check_language(value)
    elif kind == "currency":
        vals[fld.name] = v.currency_code(value, article.language if article else "en")
    elif kind == "amount_text":
        derive_amount(vals, value, article.language if article else "en")


def place_columns(name: str, value: str | None, groups: dict | set) -> dict[str, str | None]:
    """A place's keyed columns (the `place` set of schemas/columns.yaml): `<name>_group`
    for a group id of `groups`, `<name>_country` for a country code."""
    group = value is not None and value in groups
    return {f"{name}_country": None if group or value is None else value, f"{name}_group": value if group else None}


def fill_place(name: str, value: str, vals: dict, lookups: Lookups) -> None:
    for column, cell in place_columns(name, value, lookups.get("place", {})).items():
        vals[column] = cell


def derive_amount(vals: dict, text: str, language: str) -> None:
    """amount, currency and value_usd (the amount set's columns) from the amount as written,
    in the words of the source's language."""
    figure = v.read_amount(text, language)
    amount, currencies = figure.value, figure.currencies
    vals["amount"] = amount
    given = vals.get("currency")
    if given and currencies and given not in currencies:
        raise v.Invalid(f"`{text}` is in {' or '.join(currencies)}, not in {given}",
                        "remove `currency:`, or write the amount's own currency")
    vals["currency"] = given or (currencies[0] if len(currencies) == 1 else None)
    if vals["currency"] is None:
        raise v.Invalid(f"`{text}` names no currency" if not currencies else
                        f"`{text}` may be in {' or '.join(currencies)}",
                        "write the amount with its currency as the source does, or add `currency:`")
    vals["value_usd"] = v.to_usd(amount, vals["currency"], vals.get("usd_rate"))


def derive_date(row: Row, name: str, article: SourceText | None, measured_to: str | None = None) -> None:
    """A date with its precision; a date written as a relative phrase (`<name>_as_written`)
    resolved against the publication date, or, for the base of a change ("from the
    previous year"), against the period the change is measured to (`measured_to`)."""
    vals = row.values
    value, phrase = vals.get(name), row.written.get(name)
    if value is None:
        if phrase:
            raise v.Invalid(f"`{name}_as_written` is given but `{name}` is empty",
                            f"write the date it stands for in `{name}`")
        return
    vals[name], vals[f"{name}_precision"] = v.partial_date(str(value))
    if not phrase or article is None:
        return
    own = vals.get(f"{name}_note")
    before = v.resolve_before(phrase, str(measured_to)) if measured_to else None
    resolved = before or v.resolve_relative(phrase, article.published)
    against = f"the period it is measured to, {measured_to}" if before else \
        f"the publication date {article.published.isoformat()}"
    if resolved is None and not own:
        raise v.Invalid(f"cannot resolve `{phrase}` by itself",
                        f"leave `{name}_as_written` out when the words give the date themselves (\"in 2023\", "
                        f"\"截至2024年9月底\"), or explain in `{name}_note` how the date follows from the source")
    if resolved is not None and resolved != vals[name]:
        raise v.Invalid(f"`{phrase}` resolves to {resolved} against {against}, not {vals[name]}",
                        f"write `{name}: {resolved}`")
    note = f'Written "{phrase}"'
    note += f"; resolved against {against}." if resolved else "."
    vals[f"{name}_note"] = f"{note} {own}" if own else note
