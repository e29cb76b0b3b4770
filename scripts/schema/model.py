"""The model of a table as schemas/ define it: a `Field` (a column, with its kind and how
it reaches the entry file) and a `Table` (its columns, role, rules and site), the keys
and kinds they may carry, and the form in which the package publishes them.
scripts/schema/registry.py reads schemas/ into these.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from scripts.core.cells import LIST_SEPARATOR

# The kinds of value the code knows how to check or derive (scripts/derive/fields.py).
KINDS = {
    None: "no check beyond the Table Schema's",
    "record_id": "a record's short name in its entry, published as `<source_id>:<name>`",
    "place": "an ISO 3166-1 alpha-3 code or a group id; the record concerns it",
    "places": "a list of places",
    "base": "a place a figure is measured against; checked, but the record does not concern it",
    "country": "an ISO 3166-1 alpha-3 code; the record concerns it",
    "countries": "a list of ISO 3166-1 alpha-3 codes",
    "entity": "an entity id of the registry whose `names` is `entity`",
    "entities": "a list of entity ids",
    "language": "an ISO 639-1 code",
    "currency": "an ISO 4217 code, or a currency word read from the amount",
    "date": "YYYY, YYYY-MM or YYYY-MM-DD, with <name>_precision and <name>_note beside it",
    "amount_text": "an amount as written; fills amount, currency and value_usd",
    "share": "a percentage, readable from the quote",
    "change": "a change in percent, readable from the quote (`up 20 percent`)",
    "factor": "a change as a multiple, readable from the quote (`tripled`, `fivefold`, `100 times`)",
    "count": "a whole number of units, readable from the quote",
    "fact": "the record's fact id, derived from the table's `x-table.fact`",
    "published": "derived: the source's publication date, the date at which the source places the record",
    "quote": "a verbatim span of the archived text",
    "release": "a version of the package; a new row of a permanence registry names the version of schemas/package.yaml",
}
FIELD_KEYS = {"name", "type", "title", "description", "example", "constraints", "format", "itemType",
              "unit", "x-entry", "x-kind", "x-default", "x-derive", "x-words", "x-markers", "x-show", "x-cues", "x-cues-nearest", "x-cues-required", "x-cues-with", "x-bind", "x-quote", "x-span",
              "x-presence",
              "x-item-pattern"}


# Published fields list their keys in this order, whatever order a column set and its
# use wrote them in.
FIELD_ORDER = ("name", "type", "format", "itemType", "title", "description", "unit", "example", "constraints")
CONSTRAINT_ORDER = ("required", "unique", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum")
TABLE_KEYS = {"role", "dated_by", "actual", "rules", "site", "names", "stands_for", "fact", "about_percent", "link",
              "left_out", "changes", "optional", "permanence", "meaning", "series", "grades", "entry_key"}
# The kinds of value that name an id of a registry, by the registry's `names`: the columns
# whose rows change meaning when that registry's row changes (`make diff`).
NAMED_BY = {"place": ("place", "places", "base"), "entity": ("entity", "entities")}
# source, record, registry: read from entry files and registries; version: every version of an
# entry's archived text (text_versions.csv: the first from the entry's own keys, later ones from
# its list under `x-table.entry_key`); evidence: written by the check of each entry, one row per
# binding of its records' values to the words of its text (evidence.csv); fact, link, index,
# series, reference: derived by the build from the published tables (facts.csv, the link tables,
# records.csv, series.csv) or from a standard (countries.csv, from pycountry).
ROLES = ("source", "record", "registry", "fact", "link", "reference", "evidence", "index", "series", "version")
DERIVED_ROLES = ("fact", "link", "reference", "index", "series")
# The columns the code fills or reads in a table of these roles (scripts/check/evidence.py,
# scripts/publish/tables.py, scripts/read/texts.py), in any order.
ROLE_COLUMNS = {"evidence": ("evidence_id", "record_id", "source_id", "text_version", "column", "words", "start", "end"),
                "index": ("record_id", "table", "source_id", "first_release", "last_changed_release"),
                "version": ("text_version_id", "source_id", "version", "text_path", "text_sha256", "archived_date",
                            "amended_date", "amendment_reason")}
FACT_KEYS = {"key", "qualifiers", "values", "change", "label"}


class SchemaError(ValueError):
    """A mistake in schemas/: the message names the file and what is wrong."""


class Field:
    """One column of a table, with its registry properties read once (they are looked
    up for every value of every record)."""

    __slots__ = ("name", "type", "descriptor", "constraints", "required", "kind", "default", "derived",
                 "entry_key", "entry_pattern")

    def __init__(self, name: str, type: str, descriptor: dict[str, Any]) -> None:
        self.name, self.type, self.descriptor = name, type, descriptor
        self.constraints: dict[str, Any] = descriptor.get("constraints", {})
        self.required = bool(self.constraints.get("required"))
        self.kind: str | None = descriptor.get("x-kind")
        self.default: Any = descriptor.get("x-default")
        entry = descriptor.get("x-entry")
        self.derived = entry == "derived"
        # the key this field is written under in an entry file, or None if derived
        self.entry_key: str | None = None if self.derived else entry["key"] if isinstance(entry, dict) else name
        # the form of the value in the entry, when it differs from the published one
        self.entry_pattern: str | None = entry.get("pattern") if isinstance(entry, dict) else None

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.type!r})"


@dataclass(frozen=True)
class Table:
    name: str
    descriptor: dict[str, Any]  # the Table Schema, column sets expanded
    uses: tuple[str, ...] = ()  # the column sets it uses
    rules: tuple[dict[str, Any], ...] = ()  # its sets' rules, then its own

    @functools.cached_property
    def fields(self) -> tuple[Field, ...]:
        return tuple(Field(f["name"], f["type"], f) for f in self.descriptor["fields"])

    @functools.cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def id_field(self) -> str:
        return self.descriptor["primaryKey"][0]

    @property
    def meta(self) -> dict[str, Any]:
        """The table's own rules and settings (`x-table`)."""
        return self.descriptor.get("x-table", {})

    @property
    def role(self) -> str:
        return self.meta["role"]

    @property
    def title(self) -> str:
        return self.descriptor["title"]

    @property
    def dated_by(self) -> str | None:
        return self.meta.get("dated_by")

    def field(self, name: str) -> Field:
        return self.by_name[name]

    def kinds(self, *kinds: str) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.kind in kinds)

    @functools.cached_property
    def entry_fields(self) -> dict[str, Field]:
        """Entry-file key -> the field it fills, for the keys a contributor writes."""
        keys = {f.entry_key: f for f in self.fields if f.entry_key}
        # A date field may also carry the phrase the source used ("last year").
        for f in self.fields:
            if f.kind == "date":
                keys[f"{f.name}_as_written"] = f
        return keys

    @functools.cached_property
    def derivable(self) -> tuple[Field, ...]:
        """The fields the normaliser checks or fills: those with a kind, and the derived ones."""
        return tuple(f for f in self.fields if f.kind or f.derived)

    @functools.cached_property
    def entry_defaults(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.default is not None and f.entry_key)

    @functools.cached_property
    def entry_required(self) -> tuple[Field, ...]:
        """The fields an entry must write (required, not derived, without a default)."""
        return tuple(f for f in self.fields if f.required and f.entry_key and f.default is None)

    def published_descriptor(self) -> dict[str, Any]:
        """The schema as published: the Table Schema with the build-only keys removed."""
        out = {k: v for k, v in self.descriptor.items() if k != "fields" and not k.startswith("x-")}
        out["fields"] = [_published_field(f) for f in self.descriptor["fields"]]
        return out


def _ordered(mapping: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    rank = {key: index for index, key in enumerate(order)}
    return dict(sorted(mapping.items(), key=lambda item: rank.get(item[0], len(order))))


def _published_field(descriptor: dict[str, Any]) -> dict[str, Any]:
    """A field as the package publishes it, in a form every Data Package reader knows
    (the official 1.0 and 2.0 profiles, R's frictionless, the old `datapackage` library):
    an example is a string, as the profiles ask; a list is a string of items joined by
    commas (`list` is in neither profile nor in R), its item form kept as a pattern, and
    its references published apart in a link table (`x-table.link`)."""
    out = {k: v for k, v in descriptor.items() if not k.startswith("x-")}
    if out.get("example") is None:
        out.pop("example", None)
    else:
        out["example"] = _cell_text(out["example"])
    if out["type"] == "list":
        out["type"] = "string"
        out.pop("itemType", None)
        out["description"] = (out.get("description", "") + " Several are joined by commas.").strip()
        item = descriptor.get("x-item-pattern")
        if item:
            out["constraints"] = {**out.get("constraints", {}), "pattern": f"{item}(,{item})*"}
    out = _ordered(out, FIELD_ORDER)
    if "constraints" in out:
        out["constraints"] = _ordered(out["constraints"], CONSTRAINT_ORDER)
    return out


def _cell_text(value: Any) -> str:
    """An example value as its CSV cell shows it."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return LIST_SEPARATOR.join(map(str, value))
    return str(value)
