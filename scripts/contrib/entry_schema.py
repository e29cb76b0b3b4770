"""The JSON Schema of entry files, derived from schemas/<table>.yaml.

Editors that speak YAML (through yaml-language-server) read it from the comment
`# yaml-language-server: $schema=../../schemas/entry.schema.json` at the top of
each entry, and then check and complete keys as the contributor types.
`python -m scripts schema` writes it; a test fails when it is out of date.
"""

from __future__ import annotations

import json
from typing import Any

from scripts.schema.model import Field, Table
from scripts.schema.registry import record_tables, source_table, versions_table

PATH = "schemas/entry.schema.json"


def _property(fld: Field, key: str) -> dict[str, Any]:
    d, constraints = fld.descriptor, fld.constraints
    if key.endswith("_as_written") and key != fld.entry_key:
        return {"type": "string", "description": f"The source's own words for {fld.name} (\"last year\"), "
                "when it gives no date; checked against the publication date and the quote."}
    prop: dict[str, Any] = {"description": d["description"]}
    if fld.type == "list":
        prop["type"] = "array"
        prop["items"] = {"type": "string"}
    elif fld.type in ("integer", "number"):
        prop["type"] = fld.type
        for bound in ("minimum", "maximum"):
            if bound in constraints:
                prop[bound] = constraints[bound]
    else:
        prop["type"] = ["string", "integer"] if fld.kind == "date" else "string"
        if "pattern" in constraints and fld.kind not in ("record_id", "date"):
            prop["pattern"] = f"^(?:{constraints['pattern']})$"
        if "maxLength" in constraints:
            prop["maxLength"] = constraints["maxLength"]
        if "enum" in constraints:
            prop["enum"] = list(constraints["enum"])
    if fld.kind == "record_id":
        prop = {"type": "string", "pattern": f"^(?:{fld.entry_pattern})$",
                "description": "The record's short name, unique within this file, such as trade-2013."}
    if fld.default is not None:
        prop["default"] = fld.default
    if d.get("example") is not None and fld.kind != "record_id":
        prop["examples"] = [d["example"]]
    if not fld.required and prop.get("type") != "array":
        kinds = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
        prop["type"] = kinds + ["null"]
    return prop


def _object(table: Table, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    properties = {key: _property(fld, key) for key, fld in table.entry_fields.items()}
    properties.update(extra or {})
    required = [fld.entry_key for fld in table.entry_required]
    return {"type": "object", "description": table.descriptor["description"], "properties": properties,
            "required": required, "additionalProperties": False}


def render() -> str:
    records = {name: {"type": "array", "description": table.descriptor["description"],
                      "items": {"$ref": f"#/$defs/{name}"}} for name, table in record_tables().items()}
    versions = versions_table()
    lists = {**records, **({versions.meta["entry_key"]: {
        "type": "array", "items": {"$ref": f"#/$defs/{versions.name}"},
        "description": "The later versions of the archived text, when the publisher amended the article: each "
                       "kept as <source-id>.v<version>.txt beside the first, with its SHA-256, the date it was "
                       "archived and the reason."}} if versions else {})}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "entry.schema.json",
        "title": "Silk Road Ties entry file (data/sources/<source-id>.yaml)",
        **_object(source_table(), lists),
        "description": "An article's metadata and every record taken from it. Generated from "
                       "schemas/<table>.yaml by `python -m scripts schema`: do not edit by hand.",
        "$defs": {name: _object(table) for name, table in record_tables().items()},
    }
    if versions:  # every version an entry lists is a later one: what the rules ask of one, it must give
        item = schema["$defs"][versions.name] = _object(versions)
        item["required"] += [versions.field(rule["at"]).entry_key for rule in versions.rules
                             if (rule["require"].get(rule["at"]) or {}).get("given")]
        item["properties"]["version"]["minimum"] = 2
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
