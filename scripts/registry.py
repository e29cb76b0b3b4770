"""The field registry: `schemas/<table>.yaml` (Frictionless Table Schemas) and
`schemas/package.yaml`.

Every column is defined once there. Besides the standard Table Schema properties,
a field may carry:

- `x-entry`: how the field reaches the entry file. Absent: the contributor writes it
  under its own name. `derived`: the build computes it. `{key: other}`: written
  under another key (for example `amount` for `amount_text`).
- `x-kind`: what the normaliser does with it (`place`, `country`, `date`,
  `amount_text`, `entity`, `quote`, ...).
- `x-default`: the value used when the entry leaves the field out.
- `unit`: the unit of the values, shown in the data dictionary.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# What `format: uri` asks of a string: a scheme, then no space. The entry check
# (scripts/schema_check.py) and the package verifier (scripts/verify.py) both use it.
URI_PATTERN = r"[A-Za-z][A-Za-z0-9+.-]*:\S+"
SCHEMA_DIR = ROOT / "schemas"

# Tables filled from the records of entry files (data/sources/<id>.yaml), as
# opposed to `sources` (the entries' own metadata) and the hand-kept registries.
RECORD_TABLES = ("trade", "investment", "agreements", "companies")


class Field:
    """One column of a table, with its registry properties read once (they are looked
    up for every value of every record)."""

    __slots__ = ("name", "type", "descriptor", "constraints", "required", "kind", "default", "derived", "entry_key")

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

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.type!r})"


@dataclass(frozen=True)
class Table:
    name: str
    descriptor: dict[str, Any]

    @functools.cached_property
    def fields(self) -> tuple[Field, ...]:
        return tuple(Field(f["name"], f["type"], f) for f in self.descriptor["fields"])

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def id_field(self) -> str:
        return self.descriptor["primaryKey"][0]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

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
        """The fields the normaliser checks or fills: those with a kind, and the source id."""
        return tuple(f for f in self.fields if f.kind or (f.name == "source_id" and f.derived))

    @functools.cached_property
    def entry_defaults(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.default is not None and f.entry_key)

    @functools.cached_property
    def entry_required(self) -> tuple[Field, ...]:
        """The fields an entry must write (required, not derived, without a default)."""
        return tuple(f for f in self.fields if f.required and f.entry_key and f.default is None)

    def published_descriptor(self) -> dict[str, Any]:
        """The schema as published: the Table Schema with the build-only keys removed."""
        out = {k: v for k, v in self.descriptor.items() if k != "fields"}
        out["fields"] = [
            {k: v for k, v in f.items() if not k.startswith("x-")} for f in self.descriptor["fields"]
        ]
        return out


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        import yaml  # here, so that commands which never read a schema (verify) start faster

        return yaml.load(handle, Loader=yaml.CSafeLoader)


@functools.lru_cache(maxsize=None)
def package_meta() -> dict[str, Any]:
    return _load(SCHEMA_DIR / "package.yaml")


@functools.lru_cache(maxsize=None)
def tables() -> dict[str, Table]:
    """All tables in publishing order."""
    return {name: Table(name, _load(SCHEMA_DIR / f"{name}.yaml")) for name in package_meta()["resources"]}
