"""Settle a draft with the check: the drafted records are checked as the entry would be
(in a temporary copy of the package), and a value the check refuses is tried again with
the alternatives its words allow — the two places of a pair swapped (reporter and
partner, investor and host), another value of a column with a list of values (bound,
kind, status, flow, measure) — a few rounds at most. What the check still refuses is said, in
the check's words, in a comment above the value, for the contributor to settle.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from scripts.check.keys_and_rules import validate_rows
from scripts.contrib.draft import DRAFT_KEY, Draft, Drafted, draft_id, read, scalar, text_files
from scripts.read.rows import Dataset
from scripts.schema.registry import registries, tables

PAIRS = {"trade": ("reporter", "partner"), "investment": ("investor", "host")}
LEFT_NOTES = {"unclear": "record it, or give the reason it is left out.",
              "change_by_amount": "what a figure rose or fell by; record the levels the text gives, if any.",
              "other_unit": "a quantity in another unit, which no table holds yet (schemas/README.md)."}
ROUNDS = 4  # checks of the whole draft: each tries one more alternative of every refused value


def _check(root: Path, entry: Path, drafted: Drafted) -> dict[tuple[str, int], list[tuple[str, str]]]:
    """The check's refusals of each drafted record, by (table, index): (key, message)."""
    with tempfile.TemporaryDirectory(prefix="srt-settle-") as folder:
        sources = Path(folder) / "data" / "sources"
        sources.mkdir(parents=True)
        for name in registries():
            if (root / "data" / f"{name}.yaml").is_file():
                shutil.copy2(root / "data" / f"{name}.yaml", Path(folder) / "data" / f"{name}.yaml")
        copy = sources / entry.name
        for text in text_files(entry):
            shutil.copy2(text, sources / text.name)
        content = entry.read_text(encoding="utf-8")
        lines: dict[int, tuple[str, int]] = {}  # line of the copy -> the drafted record it is in
        for name, items in drafted.records.items():
            header = f"\n{name}:\n"
            block = "".join(item.yaml(draft_id(name, n)) for n, item in enumerate(items, 1))
            content = content.replace(header, header + block, 1) if header in content \
                else content.rstrip("\n") + f"\n{header}{block}"
        copy.write_text(content, encoding="utf-8")
        current = None
        for number, line in enumerate(content.splitlines(), 1):
            if line.startswith("  - id: draft-"):  # draft-<table>-<n>
                table = _section(content, number)
                current = (table, int(line.rsplit("-", 1)[1]) - 1)
            elif not line.startswith("    "):
                current = None
            if current:
                lines[number] = current
        reader, problems = read(Path(folder), copy)
        validate_rows(Dataset(reader.rows, reader.texts, reader.lookups), problems)
    out: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for problem in problems.items:
        where = lines.get(problem.line)
        key = problem.where.split(".", 1)[-1]
        if where and key != DRAFT_KEY and problem.file.endswith(".yaml"):
            out.setdefault(where, []).append((key, problem.message))
    return out


def _section(content: str, number: int) -> str:
    for line in reversed(content.splitlines()[:number]):
        if line and not line.startswith(" ") and line.endswith(":"):
            return line[:-1]
    return ""


def _alternatives(item: Draft, key: str) -> list:
    fld = next((f for f in tables()[item.table].fields if f.entry_key == key), None)
    if fld is None or not fld.constraints.get("enum"):
        return []
    return [value for value in fld.constraints.get("enum", []) if value != item.values.get(key)]


def settle(root: Path, entry: Path, drafted: Drafted) -> dict[tuple[str, int], list[tuple[str, str]]]:
    """Try the alternatives of refused values; the refusals that remain."""
    tried: dict[tuple[str, int, str], list] = {}
    refusals = _check(root, entry, drafted)
    for _ in range(ROUNDS):
        changed = False
        for (table, index), found in refusals.items():
            item = drafted.records[table][index]
            keys = {key for key, _ in found}
            pair = PAIRS.get(table)
            if pair and keys & set(pair) and (table, index, "pair") not in tried:
                tried[(table, index, "pair")] = []
                item.values[pair[0]], item.values[pair[1]] = item.values.get(pair[1]), item.values.get(pair[0])
                changed = True
                continue
            for key in keys:
                left = tried.setdefault((table, index, key), _alternatives(item, key))
                if left:
                    item.values[key] = left.pop(0)
                    changed = True
        if not changed:
            break
        refusals = _check(root, entry, drafted)
    return refusals


def annotated(drafted: Drafted, refusals: dict[tuple[str, int], list[tuple[str, str]]]) -> dict[str, str]:
    """The draft's sections, each refused value with the check's message above it."""
    sections = render(drafted)
    for (table, index), found in refusals.items():
        item = drafted.records[table][index]
        block = item.yaml(draft_id(table, index + 1))
        notes = "".join(f"    # check: {key}: {' '.join(message.split())[:300]}\n" for key, message in found)
        sections[table] = sections[table].replace(block, block.replace(f"    {DRAFT_KEY}: true\n",
                                                                       f"    {DRAFT_KEY}: true\n{notes}", 1), 1)
    return sections


def render(drafted: Drafted) -> dict[str, str]:
    """The drafted items, as YAML list items per section (tables, then `left_out`)."""
    out: dict[str, str] = {}
    for name, items in drafted.records.items():
        out[name] = "".join(item.yaml(draft_id(name, n)) for n, item in enumerate(items, 1))
    left = next((name for name, table in tables().items() if table.meta.get("left_out")), None)
    if drafted.left_out and left:
        out[left] = "".join(
            f"  - id: {draft_id(left, n)}\n    {DRAFT_KEY}: true\n    words: {scalar(figure.written)}\n"
            + (f"    text_version: {version}\n" if version > 1 else "")
            + f"    reason: {reason}\n    notes: \"Drafted: {LEFT_NOTES.get(reason, LEFT_NOTES['unclear'])}\"\n"
            for n, (figure, reason, version) in enumerate(drafted.left_out, 1))
    return out


def write(entry: Path, sections: dict[str, str]) -> None:
    """Add the drafted items to the entry: at the top of a section it has, else as a new
    section at its end."""
    content = entry.read_text(encoding="utf-8")
    for name, items in sections.items():
        header = f"\n{name}:\n"
        if header in content:
            content = content.replace(header, header + items, 1)
        else:
            content = content.rstrip("\n") + f"\n{header}{items}"
    entry.write_text(content, encoding="utf-8")
