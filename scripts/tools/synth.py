"""A deterministic synthetic corpus for tests and benchmarks, made from the schemas alone:
N sources, each an article text and an entry whose records quote that text.

    python -m scripts synth --root build/bench/corpus --sources 10000

Every record table of schemas/package.yaml gets records, whatever its name: each field is
filled by what its schema says of it — its kind (`x-kind`: places, dates, amounts, shares,
changes, counts, entities), its enum, its default or its example — and the table's rules
(`x-table.rules`, read by scripts/schema/rules.py) choose which figure a record states and
what it must carry with it. The article's sentence for a record writes every figure and
date the proof reads, and a bound with one of its own cue words (`x-cues`). The registries
(groups, entities) are made the same way. A table is one schema file: nothing here names one.

The same seed always writes the same bytes. Nothing here is real data.
"""

from __future__ import annotations

import hashlib
import random
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from scripts.core.cells import cell
from scripts.schema.model import Field, Table
from scripts.schema.registry import next_release, record_tables, registries, source_table
from scripts.schema.rules import derived_value, holds

PARTNERS = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan", "TKM": "Turkmenistan",
            "UZB": "Uzbekistan", "AZE": "Azerbaijan", "ARM": "Armenia", "GEO": "Georgia", "PAK": "Pakistan"}
HUB = ("CHN", "China")
ENTITIES = 300  # synthetic companies in the entity registry
RECORDS = (1, 3)  # the fewest and the most records of each table a source gives
FIGURES = ("amount_text", "share", "change", "factor", "count")  # the kinds that state a figure
PLACING = ("place", "country", "places")  # the kinds that say where a record is: always given
FOLD = {2: "doubled", 3: "tripled", 4: "fourfold", 5: "fivefold"}
FILLER = ("Officials from both sides met to review the progress of cooperation and discussed further steps "
          "in the fields of trade, investment, transport and energy. ")


def amount(rng: random.Random) -> str:
    whole, tenths = rng.randint(1, 950), rng.randint(0, 9)
    number = f"{whole}.{tenths}" if tenths else str(whole)
    scale = rng.choice(["million", "billion"])
    return rng.choice(["${n} {s}", "USD{n} {s}", "{n} {s} dollars", "US${n} {s}"]).format(n=number, s=scale)


class Record:
    """One synthetic record of `table`: its entry values (by field name) and the words of
    its sentence."""

    def __init__(self, table: Table, rng: random.Random, n: int, year: int, figure: str | None) -> None:
        self.table, self.rng, self.year = table, rng, year
        self.values: dict[str, Any] = {}
        self.words: list[str] = []  # what the sentence says, figure by figure
        self.dates: list[int] = []
        self.places = iter([HUB[0]] + rng.sample(sorted(PARTNERS), len(PARTNERS)))
        for fld in table.fields:
            if fld.kind == "record_id":
                self.values[fld.name] = f"{table.name.replace('_', '-')}-{n}"
            elif fld.kind in FIGURES:
                if fld.kind == figure or fld.required:
                    self.fill(fld)
            elif fld.entry_key and (fld.kind in PLACING or fld.required and fld.default is None):
                self.fill(fld)
        if table.dated_by:
            self.fill(table.field(table.dated_by))

    def fill(self, fld: Field) -> None:
        """Give the field a value by its kind, enum or example, and say it in the sentence."""
        rng, kind, value = self.rng, fld.kind, None
        if kind in ("place", "base"):
            value = next(self.places)
        elif kind == "country":
            value = rng.choice(sorted(PARTNERS))
        elif kind in ("places", "countries"):
            value = [HUB[0], rng.choice(sorted(PARTNERS))]
        elif kind in ("entity", "entities"):
            number = rng.randrange(ENTITIES)
            ident = f"synthetic-company-{number:03d}"
            value = ident if kind == "entity" else [ident]
            self.words.append(f"with Synthetic Company {number:03d}")
        elif kind == "date":  # the record's date, then any base before it
            value = str(rng.randint(2000, self.year - 1) if not self.dates else rng.randint(1990, min(self.dates) - 1))
            self.words.append(f"{'in' if not self.dates else 'measured from'} {value}")
            self.dates.append(int(value))
        elif kind == "amount_text":
            value = amount(rng)
            self.words.append(f"came to {self.bounded(value)}")
        elif kind == "share":
            value = rng.randint(2, 60)
            self.words.append(f"made up {self.bounded(f'{value} percent')} of the total")
        elif kind == "change":
            value = rng.randint(2, 90)
            self.words.append(f"grew by {self.bounded(f'{value} percent')}" + self.of_units())
        elif kind == "factor":
            value = rng.choice(sorted(FOLD))
            self.words.append(FOLD[value] + self.of_units())
        elif kind == "count":
            value = rng.choice([50, 100, 200, 300, 500, 700, 1000, 1500])
            self.words.append(f"numbered {self.bounded(str(value))} {self.values.get('units', 'units')}")
        elif kind == "language":
            value = "en"
        elif "enum" in fld.constraints:
            enum = fld.constraints["enum"]
            value = fld.default if fld.default in enum else fld.descriptor.get("example", enum[0])
        elif fld.type == "integer":
            value = rng.randint(2, 40)
        elif fld.type == "list":
            value = [part.strip() for part in str(fld.descriptor.get("example", "one")).split(",")]
        else:
            value = str(fld.descriptor.get("example", fld.name))
        self.values[fld.name] = value
        self.say(fld, value)

    def say(self, fld: Field, value: Any) -> None:
        """The words that state a value the proof binds to words: a value in the source's words
        (`x-bind`) as it is, a value whose column requires a cue word (`x-cues-required`) with
        one of its own from the schema."""
        if fld.descriptor.get("x-bind") and value is not None:
            self.words.append(", ".join(value) if isinstance(value, list) else str(value))
        cues = (fld.descriptor.get("x-cues") or {}).get("en") or {}
        if fld.descriptor.get("x-cues-required") and cues.get(value):
            others = {w for key, words in cues.items() if key != value for w in words}
            own = [w for w in cues[value] if w not in others and not w.startswith("…") and "*" not in w]
            self.words.append((own or cues[value])[0])

    def of_units(self) -> str:
        """The counted units a change is of, when the record names them: in the quote's words."""
        return f" in {self.values['units']}" if self.values.get("units") else ""

    def bounded(self, figure: str) -> str:
        """The figure with a bound: none (exact), or one of the bound's cue words from the schema."""
        bound = self.table.by_name.get("bound")
        cues = ((bound.descriptor.get("x-cues") or {}).get("en") or {}) if bound else {}
        choice = self.rng.choice(["exact", "exact", *sorted(cues)])
        words = [w for w in cues.get(choice, []) if not w.startswith("…") and w not in sum(
            [v for k, v in cues.items() if k != choice], [])]
        if choice == "exact" or not words:
            return figure
        self.values["bound"] = choice
        return f"{self.rng.choice(words)} {figure}"

    def derived(self) -> dict[str, Any]:
        """The values as the checks see them: x-derive columns filled, the amount read."""
        values = dict(self.values)
        if values.get("amount_text"):
            values["amount"] = Decimal(1)
        for fld in self.table.fields:
            if fld.derived and "x-derive" in fld.descriptor:
                values[fld.name] = derived_value(fld.descriptor["x-derive"], values)
        return values

    def broken(self) -> list[dict]:
        values = self.derived()
        return [rule for rule in self.table.rules if holds(rule.get("when"), values)
                and not holds(rule["require"], values)]

    def sentence(self, names: dict[str, str]) -> str:
        places = [names.get(code, code) for fld in self.table.kinds("place", "country", "places")
                  for code in ([self.values[fld.name]] if isinstance(self.values.get(fld.name), str)
                               else self.values.get(fld.name) or [])]
        subject = " and ".join(dict.fromkeys(places)) or "The partners"
        return f"For {subject}, the synthetic {self.table.title.lower()} figure " + " ".join(self.words) + "."

    def yaml(self) -> str:
        lines = []
        for fld in self.table.fields:
            value = self.values.get(fld.name)
            if value is None or fld.entry_key is None:
                continue
            text = f"[{', '.join(value)}]" if isinstance(value, list) else quoted(cell(value))
            lines.append(f"{fld.entry_key}: {text}")
        return "  - " + "\n    ".join(lines) + "\n"


PLAIN = re.compile(r"[A-Za-z0-9$][A-Za-z0-9 .,$%()'-]*[A-Za-z0-9.%)]|[A-Za-z0-9]")  # written as is, as a person would
YAML_WORDS = {"yes", "no", "y", "n", "on", "off", "true", "false", "null"}


def quoted(text: str) -> str:
    """A value as an entry writes it: plain where YAML reads it back as written, else quoted."""
    if PLAIN.fullmatch(text) and text.lower() not in YAML_WORDS and not text.startswith("0") and ": " not in text:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def record(table: Table, rng: random.Random, n: int, year: int) -> Record:
    """A record of `table` that keeps the table's rules: the first figure (in random order)
    for which filling what the rules ask leaves no rule broken."""
    figures = [f.kind for f in table.kinds(*FIGURES)]
    rng.shuffle(figures)
    for figure in figures or [None]:
        candidate = Record(table, rng, n, year, figure)
        for _ in range(4):  # fill what a broken rule requires, then look again
            broken = candidate.broken()
            if not broken:
                return candidate
            for rule in broken:
                for column in rule["require"]:
                    fld = table.by_name.get(column)
                    if fld is not None and fld.entry_key and candidate.values.get(column) is None:
                        candidate.fill(fld)
    raise ValueError(f"schemas/{table.name}.yaml: no synthetic record keeps the table's rules")


def distinct(table: Table, records: list[Record]) -> list[Record]:
    """The records, each claim once: the same fact and figure twice is refused, and the same
    record twice writes its sentence twice, the second's figures then bound by no record."""
    fact = table.meta.get("fact")
    columns = [*fact["key"], *fact.get("qualifiers", []), "bound", *(f.name for f in table.kinds(*FIGURES))] \
        if fact else sorted({c for item in records for c in item.values} - {table.id_field, "id"})  # its id aside
    claims = {tuple(str(item.derived().get(column)) for column in columns): item for item in reversed(records)}
    return [item for item in records if claims.get(tuple(str(item.derived().get(c)) for c in columns)) is item]


def registry_rows(table: Table) -> list[dict[str, Any]]:
    """The rows of a registry: synthetic companies for the one that names entities, a group
    of two partners for the one that names places, and one row of the schema's examples
    for one whose ids name nothing (withdrawals, corrections), its release the package's."""
    names = table.meta.get("names")
    count = ENTITIES if names == "entity" else 1
    rows = []
    for n in range(count):
        row: dict[str, Any] = {}
        for fld in table.fields:
            if fld.entry_key is None or not (fld.required or fld.name == table.meta.get("stands_for")):
                continue
            if fld.kind == "release":
                row[fld.name] = next_release()
            elif names is None and fld.name == table.id_field:
                row[fld.name] = f"synthetic-{table.name.replace('_', '-')}"
            elif fld.name == table.id_field:
                row[fld.name] = f"synthetic-company-{n:03d}" if names == "entity" else "synthetic-partners"
            elif fld.name == table.meta.get("stands_for"):
                row[fld.name] = HUB[0] if names == "entity" else ["KAZ", "KGZ"]
            elif fld.name == "name" and names:
                row[fld.name] = f"Synthetic Company {n:03d}" if names == "entity" else "Synthetic partners"
            elif "enum" in fld.constraints:
                row[fld.name] = fld.descriptor.get("example", fld.constraints["enum"][0])
            else:
                row[fld.name] = str(fld.descriptor.get("example", fld.name))
        rows.append(row)
    return rows


def registry_yaml(table: Table) -> str:
    return "".join("- " + "\n  ".join(f"{table.field(k).entry_key}: " + (f"[{', '.join(v)}]" if isinstance(v, list)
                                                                       else quoted(cell(v))) for k, v in row.items())
                   + "\n" for row in registry_rows(table))


def entry(rng: random.Random, index: int) -> tuple[str, str, str]:
    """(source id, article text, entry YAML) of one synthetic source."""
    year = rng.randint(2005, 2024)
    published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    sid = f"synthetic-{published}-corpus-{index:05d}"
    names = {**PARTNERS, HUB[0]: HUB[1]}
    sentences, blocks = [], {}
    for name, table in record_tables().items():
        records = distinct(table, [record(table, rng, n, year) for n in range(rng.randint(*RECORDS))])
        for item in records:
            item.values[table.kinds("quote")[0].name] = sentence = item.sentence(names)
            sentences.append(sentence)
        blocks[name] = "".join(item.yaml() for item in records)
    rng.shuffle(sentences)
    text = f"Synthetic article {sid}\n\n" + "\n\n".join(s + " " + FILLER * rng.randint(1, 3) for s in sentences) + "\n"
    source = source_table()
    meta = {"id": sid, "title": f"Synthetic article {index}", "publisher": "Synthetic", "published_date": published,
            "language": "en", "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "notes": "Generated for tests and benchmarks, not real data."}
    known = set(source.entry_fields)
    yaml_text = "".join(f"{key}: {quoted(value)}\n" for key, value in meta.items() if key in known)
    yaml_text += "".join(f"\n{name}:\n{block}" for name, block in blocks.items() if block)
    return sid, text, yaml_text


def generate(root: Path, sources: int, seed: int = 2026, progress: bool = False) -> int:
    """Write the corpus under root/data/; return the number of records."""
    rng = random.Random(seed)
    folder = root / "data" / "sources"
    shutil.rmtree(root / "data", ignore_errors=True)
    folder.mkdir(parents=True)
    for name, table in registries().items():
        (root / "data" / f"{name}.yaml").write_text(registry_yaml(table), encoding="utf-8")
    records = 0
    for index in range(sources):
        sid, text, yaml_text = entry(rng, index)
        (folder / f"{sid}.txt").write_text(text, encoding="utf-8")
        (folder / f"{sid}.yaml").write_text(yaml_text, encoding="utf-8")
        records += yaml_text.count("\n  - ")
        if progress and (index + 1) % 500 == 0:
            print(f"\rgenerated {index + 1}/{sources} sources", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return records
