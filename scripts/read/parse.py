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

from scripts.core.files import MAX_ENTRY_BYTES as MAX_BYTES
from scripts.core.files import Unsafe, read_regular
from scripts.core.problems import FORBIDDEN_IN_VALUE, Problems, forbidden

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


def read_text(path: Path, shown: str, problems: Problems, within: Path | None = None,
              limit: int = MAX_BYTES) -> str | None:
    """The file's text, or None with a problem when it is not a clean UTF-8 regular file
    of at most `limit` bytes inside `within` (see scripts/core/files.py)."""
    try:
        data = read_regular(path, limit, within)
    except Unsafe as error:
        problems.add(shown, 1, 1, "", error.message, error.fix)
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
    loader = yaml.CSafeLoader(text)
    try:
        root = Builder(loader, shown, problems).run()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.add(shown, line, col, "", f"YAML syntax: {error.problem or error.context}", "fix the YAML at this place")
        return None
    except yaml.YAMLError as error:
        problems.add(shown, 1, 1, "", "YAML: " + " ".join(str(error).split()), "fix the YAML")
        return None
    finally:
        loader.dispose()
    if isinstance(root, Scalar) and root.is_null:
        root = None
    if root is None and not problems.items:
        problems.add(shown, 1, 1, "", "the file holds no data", "write the entry's keys (see CONTRIBUTING.md)")
    return root


MAX_DEPTH = 8  # an entry nests four levels deep (entry, table, record, list of codes)
SEQ, MAP, MERGE = CORE + "seq", CORE + "map", CORE + "merge"
SKIP = object()  # the value of a key that was refused: read, then dropped


class Builder:
    """Builds the marked tree from libyaml's events, one at a time and without recursion,
    so that no nesting can exhaust a stack: deeper than MAX_DEPTH is refused where it
    starts. Anchors, aliases, tags other than YAML's plain ones, keys that are not plain
    words, duplicate keys and forbidden characters in values (problems.FORBIDDEN_IN_VALUE)
    are refused at their line and column; the rest of the file is still read."""

    def __init__(self, loader: yaml.CSafeLoader, shown: str, problems: Problems) -> None:
        self.loader, self.shown, self.problems = loader, shown, problems
        self.ok = True

    def problem(self, mark, where: str, message: str, fix: str) -> None:
        self.problems.add(self.shown, mark.line + 1, mark.column + 1, where, message, fix)
        self.ok = False

    def run(self) -> Node | None:
        loader = self.loader
        stack: list[list] = []  # frames: [node or SKIP, path, pending key (mappings; None, str or SKIP)]
        root: Node | None = None
        documents = 0
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.StreamEndEvent:
                return root
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.problem(event.start_mark, "", "a second YAML document (---)", "keep one YAML document per file")
                    return None
                continue
            if kind in (yaml.StreamStartEvent, yaml.DocumentEndEvent):
                continue
            if kind in (yaml.SequenceEndEvent, yaml.MappingEndEvent):
                node = stack.pop()[0]
                if not stack:
                    root = node if node is not SKIP else None
                else:
                    self.place(stack[-1], node)
                continue
            parent = stack[-1] if stack else None
            mark = event.start_mark
            is_key = parent is not None and isinstance(parent[0], Mapping) and parent[2] is None
            if parent is None:
                path = ""
            elif isinstance(parent[2], str):
                path = f"{parent[1]}.{parent[2]}" if parent[1] else parent[2]
            else:
                path = parent[1]
            anchored = kind is yaml.AliasEvent or event.anchor is not None
            if anchored:
                self.problem(mark, path, "anchors and aliases (& and *) are not allowed", "write the value out in full")
            if kind is yaml.AliasEvent:
                if parent is not None:
                    self.place(parent, SKIP)
                continue
            if kind is yaml.ScalarEvent:
                node = self.scalar(event, path, mark, is_key)
                if parent is None:
                    root = node if node is not SKIP else None
                else:
                    self.place(parent, node)
                continue
            # a sequence or mapping starts
            if len(stack) >= MAX_DEPTH:
                self.problem(mark, path, f"nested more than {MAX_DEPTH} levels deep", "write the entry as CONTRIBUTING.md shows")
                return None
            tag = event.tag
            if tag is None or tag == "!":
                tag = SEQ if kind is yaml.SequenceStartEvent else MAP
            line, col = mark.line + 1, mark.column + 1
            if is_key:
                self.problem(mark, path, "keys must be plain words", "write the key as a word, such as `amount`")
                node = SKIP
            elif tag != (SEQ if kind is yaml.SequenceStartEvent else MAP):
                self.problem(mark, path, f"tag {tag} is not allowed", "remove the tag (the !! part)")
                node = SKIP
            elif anchored:
                node = SKIP
            else:
                node = Sequence([], line, col) if kind is yaml.SequenceStartEvent else Mapping({}, {}, line, col)
            stack.append([node, path, None])

    def scalar(self, event, path: str, mark, is_key: bool):
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if event.anchor is not None:
            return SKIP  # reported by run()
        if tag not in SCALAR_TAGS or (is_key and tag == MERGE):
            if is_key and tag == MERGE:
                self.problem(mark, path, "keys must be plain words", "write the key as a word, such as `amount`")
            else:
                self.problem(mark, path, f"tag {tag} is not allowed", "remove the tag (the !! part)")
            return SKIP
        bad = FORBIDDEN_IN_VALUE.search(event.value)
        if bad:
            self.problem(mark, path, f"the value holds a {forbidden(bad.group())}, which a page, CSV cell or log "
                         "would show other than it reads", "delete it (a YAML escape such as \\u202e writes one)")
            return SKIP
        return Scalar(event.value, tag, not event.style, mark.line + 1, mark.column + 1)

    def place(self, frame: list, node) -> None:
        """Put `node` into the open container `frame` (as a key, a value or an item)."""
        container = frame[0]
        if container is SKIP:
            return
        if isinstance(container, Sequence):
            if node is not SKIP:
                container.items.append(node)
            return
        key = frame[2]
        if key is None:  # `node` is a key
            if node is SKIP:
                frame[2] = SKIP
                return
            key = node.text
            if key in container.key_marks:
                self.problems.add(self.shown, node.line, node.col, f"{frame[1]}.{key}" if frame[1] else key,
                                  f"duplicate key (first written on line {container.key_marks[key][0]})",
                                  "keep one of the two")
                frame[2] = SKIP
                return
            container.key_marks[key] = (node.line, node.col)
            frame[2] = key
            return
        if key is not SKIP and node is not SKIP:
            container.items[key] = node
        frame[2] = None
