"""Parse: read an entry file safely into a tree that remembers lines and columns.

YAML is composed (not constructed) with libyaml's C loader, so every key and
value keeps its position, and nothing is typed behind the contributor's back:
scalars stay text until the normaliser converts them by the schema's field type.
Rejected here: bytes that are not UTF-8, a byte-order mark, tabs and control
characters, files over MAX_BYTES, duplicate keys, anchors and aliases, and tags
other than YAML's plain ones (`!!python/object` and friends).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import yaml

from scripts.problems import Problems

MAX_BYTES = 1_000_000  # one article's entry is a few kilobytes; this stops runaway input
CORE = "tag:yaml.org,2002:"
SCALAR_TAGS = {CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
# What YAML refuses to read: control characters (C0 but tab and newlines, DEL, C1 but NEL),
# surrogates, and the two non-characters U+FFFE and U+FFFF.
CONTROL = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(slots=True)
class Scalar:
    text: str
    tag: str  # what YAML 1.1 would make of it: ...:str, ...:int, ...:bool, ...
    plain: bool  # written without quotes
    line: int
    col: int

    @property
    def is_null(self) -> bool:
        return self.plain and self.tag == CORE + "null"


@dataclass(slots=True)
class Mapping:
    items: dict[str, "Node"]
    key_marks: dict[str, tuple[int, int]]
    line: int
    col: int


@dataclass(slots=True)
class Sequence:
    items: list["Node"] = field(default_factory=list)
    line: int = 0
    col: int = 0


Node = Union[Scalar, Mapping, Sequence]


def read_text(path: Path, shown: str, problems: Problems) -> str | None:
    """The file's text, or None with a problem when it is not clean UTF-8 text."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.add(shown, 1, 1, "", f"cannot read the file ({error.strerror})", "check that it exists and is readable")
        return None
    if len(data) > MAX_BYTES:
        problems.add(shown, 1, 1, "", f"the file is {len(data)} bytes, over the limit of {MAX_BYTES}", "split it or shorten it")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        problems.add(shown, 1, 1, "", "the file starts with a byte-order mark", "save it as UTF-8 without BOM")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.add(shown, line, col, "", f"byte 0x{data[error.start]:02x} is not UTF-8", "save the file as UTF-8")
        return None
    return text


def parse_yaml(text: str, shown: str, problems: Problems) -> Node | None:
    """Compose `text` into a marked tree; None (with problems) when it cannot be read."""
    found = False
    for number, line in enumerate(text.split("\n"), start=1):
        if "\t" in line:
            problems.add(shown, number, line.index("\t") + 1, "", "tab character", "indent with spaces and write no tabs")
            found = True
        control = CONTROL.search(line)
        if control:
            problems.add(shown, number, control.start() + 1, "", f"control character U+{ord(control.group()):04X}", "delete it")
            found = True
    if found:
        return None
    if not text.strip():
        problems.add(shown, 1, 1, "", "the file is empty", "write the entry's keys (see CONTRIBUTING.md)")
        return None
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.add(shown, line, col, "", f"YAML syntax: {error.problem or error.context}", "fix the YAML at this place")
        return None
    except yaml.YAMLError as error:  # e.g. a second document
        problems.add(shown, 1, 1, "", "YAML: " + " ".join(str(error).split()), "keep one YAML document per file")
        return None
    if root is None:
        problems.add(shown, 1, 1, "", "the file holds no data", "write the entry's keys (see CONTRIBUTING.md)")
        return None
    return _convert(root, shown, problems, set(), "")


ScalarNode, SequenceNode = yaml.ScalarNode, yaml.SequenceNode
SEQ, MAP, MERGE = CORE + "seq", CORE + "map", CORE + "merge"


def _convert(node: yaml.Node, shown: str, problems: Problems, seen: set[int], path: str) -> Node | None:
    """`path` names where the node is, as `trade.amount`, for the messages."""
    mark = node.start_mark
    line, col = mark.line + 1, mark.column + 1
    ident = id(node)
    if ident in seen:  # libyaml hands back an aliased node a second time
        problems.add(shown, line, col, path, "anchors and aliases (& and *) are not allowed", "write the value out in full")
        return None
    seen.add(ident)
    kind, tag = type(node), node.tag
    if kind is ScalarNode:
        if tag not in SCALAR_TAGS:
            problems.add(shown, line, col, path, f"tag {tag} is not allowed", "remove the tag (the !! part)")
            return None
        return Scalar(node.value, tag, not node.style, line, col)
    if tag != (SEQ if kind is SequenceNode else MAP):
        problems.add(shown, line, col, path, f"tag {tag} is not allowed", "remove the tag (the !! part)")
        return None
    if kind is SequenceNode:
        out = Sequence([], line, col)
        append = out.items.append
        for child in node.value:
            item = _convert(child, shown, problems, seen, path)
            if item is not None:
                append(item)
        return out
    mapping = Mapping({}, {}, line, col)
    items, key_marks = mapping.items, mapping.key_marks
    for key_node, value_node in node.value:
        key_mark = key_node.start_mark
        kline, kcol = key_mark.line + 1, key_mark.column + 1
        if type(key_node) is not ScalarNode or key_node.tag == MERGE:
            problems.add(shown, kline, kcol, path, "keys must be plain words", "write the key as a word, such as `amount`")
            continue
        key = key_node.value
        where = f"{path}.{key}" if path else key
        if key in key_marks:
            problems.add(shown, kline, kcol, where, f"duplicate key (first written on line {key_marks[key][0]})",
                         "keep one of the two")
            continue
        value = _convert(value_node, shown, problems, seen, where)
        key_marks[key] = (kline, kcol)
        if value is not None:
            items[key] = value
    return mapping
