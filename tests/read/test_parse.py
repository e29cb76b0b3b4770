"""Parse stage: safe YAML with positions; traps and unsafe input rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.core.problems import Problems
from scripts.read.parse import Mapping, Scalar, Sequence, parse_yaml, read_text


def parse(text: str):
    problems = Problems()
    node = parse_yaml(text, "entry.yaml", problems)
    return node, [str(p) for p in problems.sorted()]


def test_keeps_line_and_column_of_every_key_and_value():
    node, problems = parse("id: x\ntrade:\n  - id: a\n    amount: $1 billion\n")
    assert problems == []
    assert isinstance(node, Mapping)
    assert node.key_marks["trade"] == (2, 1)
    record = node.items["trade"].items[0]
    assert isinstance(node.items["trade"], Sequence)
    assert record.key_marks["amount"] == (4, 5)
    amount = record.items["amount"]
    assert (amount.text, amount.line, amount.col) == ("$1 billion", 4, 13)


def test_scalars_stay_text_with_what_yaml_would_have_made_of_them():
    node, _ = parse("a: NO\nb: 017\nc: '017'\nd: 2019-06-24\ne: ~\n")
    items = node.items
    assert items["a"].text == "NO" and items["a"].tag.endswith(":bool") and items["a"].plain
    assert items["b"].text == "017" and items["b"].tag.endswith(":int")
    assert items["c"].text == "017" and not items["c"].plain
    assert items["d"].text == "2019-06-24"
    assert isinstance(items["e"], Scalar) and items["e"].is_null


@pytest.mark.parametrize("text, expected", [
    ("a: 1\nb: 2\na: 3\n", "entry.yaml:3:1: a: duplicate key (first written on line 1) — keep one of the two"),
    ("a: 1\n\tb: 2\n", "entry.yaml:2:1: tab character — indent with spaces and write no tabs"),
    ("a: &x 1\nb: *x\n", "entry.yaml:1:4: a: anchors and aliases (& and *) are not allowed — write the value out in full"),
    ("a: !!python/object:os.system ls\n", "entry.yaml:1:4: a: tag tag:yaml.org,2002:python/object:os.system is not allowed — remove the tag (the !! part)"),
    ("a: [1, 2\n", "entry.yaml:2:1: YAML syntax: did not find expected ',' or ']' — fix the YAML at this place"),
    ("a: b\x00c\n", "entry.yaml:1:5: control character U+0000 — delete it"),
    ("   \n", "entry.yaml:1:1: the file is empty — write the entry's keys (see CONTRIBUTING.md)"),
])
def test_rejects_with_position(text, expected):
    node, problems = parse(text)
    assert node is None or problems
    assert problems[0] == expected


def test_alias_bomb_is_rejected_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    node, problems = parse(bomb)
    assert problems and all("anchors and aliases" in p for p in problems)


def test_read_text_rejects_bom_and_non_utf8(tmp_path: Path):
    problems = Problems()
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbfid: x\n")
    (tmp_path / "latin.yaml").write_bytes(b"id: x\ntitle: caf\xe9\n")
    assert read_text(tmp_path / "bom.yaml", "bom.yaml", problems) is None
    assert read_text(tmp_path / "latin.yaml", "latin.yaml", problems) is None
    assert [str(p) for p in problems.sorted()] == [
        "bom.yaml:1:1: the file starts with a byte-order mark — save it as UTF-8 without BOM",
        "latin.yaml:2:11: byte 0xe9 is not UTF-8 — save the file as UTF-8",
    ]
