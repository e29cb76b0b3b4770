"""How good the draft is, on entries a curator has recorded:

    python -m scripts draft --score [data/sources/<id>.yaml ...]     # make draft-score

For each entry, the draft is made from its text alone (a copy of the entry with no
records and nothing left out, in a temporary package with the same registries) and
compared with the curator's records:

- recall: of the figures the curator recorded (the words a record's amount, count,
  share, change or multiple is bound to), the share the draft proposes a record for;
- precision: of the values the draft gives a matched record (same table and figure), the
  share equal to the curator's, over the columns both carry that a draft sets
  (places, flow, period, amount, bound, kind, measure, counted, ...).

An article its publisher amended is scored on its text as first archived and the records
that quote it.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from scripts.bind.text import normalized
from scripts.check.keys_and_rules import validate_rows
from scripts.contrib.draft import draft, read
from scripts.contrib.draft_settle import annotated, settle
from scripts.contrib.draft_settle import write as write_draft
from scripts.core.problems import Problems
from scripts.read.rows import Dataset
from scripts.schema.registry import record_tables, registries

FIGURE_KINDS = ("amount_text", "count", "share", "change", "factor")
IGNORED = {"quote", "id", "draft", "notes", "wording_note", "units", "name"}


@dataclass
class Score:
    recorded: int = 0
    proposed: int = 0
    values: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.recorded += other.recorded
        self.proposed += other.proposed
        self.values += other.values
        self.right += other.right
        self.wrong += other.wrong


def curated(root: Path, entry: Path) -> dict[tuple[str, int], dict]:
    """The curator's records of the text as first archived by (table, where their figure
    starts in the text), with the values as written in the entry."""
    reader, _ = read(root, entry)
    validate_rows(Dataset(reader.rows, reader.texts, reader.lookups), Problems())
    out = {}
    for name, table in record_tables().items():
        if table.meta.get("left_out"):
            continue
        figure_columns = {f.name for f in table.kinds(*FIGURE_KINDS)}
        for row in reader.rows.get(name, []):
            if (row.values.get("text_version") or 1) != 1:
                continue  # a figure of an amended text: the draft is made from the text as first archived
            text = reader.texts[row.values["source_id"]].text if row.values.get("source_id") in reader.texts else ""
            starts = sorted(a for column, a, b in row.evidence or []  # the figure's own words, not a cue beside it
                            if column in figure_columns and re.search(r"[0-9]", text[a:b]))
            if starts:
                out[(name, starts[0])] = entry_values(row, table)
    return out


def entry_values(row, table) -> dict:
    out = {}
    for fld in table.fields:
        key = fld.entry_key
        value = row.values.get(fld.name)
        if key and value is not None:
            out[key] = [str(v) for v in value] if isinstance(value, list) else str(value)
    for name, value in row.written.items():
        out[f"{name}_as_written"] = value
    return out


def stripped(entry: Path, folder: Path) -> Path:
    """A copy of the entry with its metadata only, and its text, under `folder`'s package."""
    (folder / "data" / "sources").mkdir(parents=True)
    root = entry.parent.parent.parent
    for name in registries():
        if (root / "data" / f"{name}.yaml").is_file():
            shutil.copy2(root / "data" / f"{name}.yaml", folder / "data" / f"{name}.yaml")
    text = entry.read_text(encoding="utf-8")
    sections = "|".join(re.escape(name) for name in record_tables())
    head = re.split(rf"(?m)^(?:{sections}):\s*$", text, maxsplit=1)[0]
    head = re.sub(r"(?m)^versions:.*\n(?:(?: .*)?\n)*", "", head)  # the draft reads the text as first archived
    copy = folder / "data" / "sources" / entry.name
    copy.write_text(head, encoding="utf-8")
    shutil.copy2(entry.with_suffix(".txt"), copy.with_suffix(".txt"))
    return copy


def score_entry(root: Path, entry: Path) -> Score:
    score = Score()
    truth = curated(root, entry)
    score.recorded = len(truth)
    with tempfile.TemporaryDirectory(prefix="srt-draft-") as folder:
        copy = stripped(entry, Path(folder))
        drafted = draft(Path(folder), copy)
        settle(Path(folder), copy, drafted)
    for name, items in drafted.records.items():
        for item in items:
            start, _ = normalized(drafted.texts[item.version]).raw_span(item.figure.start, item.figure.end)
            wanted = truth.get((name, start))
            if wanted is None:
                continue
            score.proposed += 1
            for key, value in item.values.items():
                if key in IGNORED or key not in wanted:
                    continue
                score.values += 1
                given = [str(v) for v in value] if isinstance(value, list) else str(value)
                same = sorted(given) == sorted(wanted[key]) if isinstance(given, list) and isinstance(wanted[key], list) \
                    else given == wanted[key]
                if same or (key == "amount" and str(value) in str(wanted[key])):
                    score.right += 1
                else:
                    score.wrong.append(f"{entry.stem}:{name}:{key}: drafted {given!r}, recorded {wanted[key]!r}")
    return score


def score_report(root: Path, entries: list[Path]) -> str:
    total, lines = Score(), []
    for entry in entries:
        score = score_entry(root, entry)
        total.add(score)
        lines.append(f"{entry.stem}: {score.proposed}/{score.recorded} recorded figures proposed, "
                     f"{score.right}/{score.values} drafted values right")
    recall = total.proposed / total.recorded if total.recorded else 1.0
    precision = total.right / total.values if total.values else 1.0
    lines += [f"  {line}" for line in total.wrong]
    lines.append(f"recall {recall:.1%} ({total.proposed}/{total.recorded}); precision {precision:.1%} "
                 f"({total.right}/{total.values})")
    return "\n".join(lines)


def command(root: Path, files: list[Path], write: bool, score: bool) -> int:
    """`python -m scripts draft`: print the draft of one entry (or add it, with `write`), or,
    with `score`, measure the draft on the entries named (all of the package's by default)."""
    if score:
        print(score_report(root, files or sorted((root / "data" / "sources").glob("*.yaml"))))
        return 0
    drafted = draft(root, files[0])
    if drafted.problems:
        print(drafted.problems.report(), file=sys.stderr)
        return 1
    sections = annotated(drafted, settle(root, files[0], drafted))
    if not sections:
        print("every figure of the text is recorded or left out: nothing to draft")
        return 0
    if write:
        write_draft(files[0], sections)
        print(f"added {sum(len(items) for items in drafted.records.values())} drafted record(s) and "
              f"{len(drafted.left_out)} figure(s) to place to {files[0]}; each is marked `draft: true`: confirm, "
              "correct or move it to `left_out:`, delete the mark, then `make check FILES=...`")
    else:
        print("".join(f"{name}:\n{items}" for name, items in sections.items()), end="")
    return 0
