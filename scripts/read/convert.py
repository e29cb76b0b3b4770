"""Convert: a parsed YAML scalar or list into the value of its field, by the field's
Table Schema type, refusing what YAML 1.1 would silently turn into something else.

Each function returns the value, or raises `Invalid(message, fix)`, which the reader
turns into a `file:line:col` problem.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from scripts.core.problems import Invalid
from scripts.read.parse import CORE, Node, Scalar, Sequence
from scripts.schema.model import Field

WHOLE = re.compile(r"-?(0|[1-9][0-9]*)")
DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
# What every client reads exactly: whole numbers up to 2**53 - 1 (JavaScript, R's doubles),
# decimals of up to 15 significant digits (a double holds 15 exactly).
MAX_EXACT = 2**53 - 1
MAX_DIGITS = 15
ISO_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _text(node: Scalar) -> str:
    """A scalar's text, refusing what YAML 1.1 would silently turn into something else."""
    if node.plain and node.tag == CORE + "bool":
        raise Invalid(
            f"`{node.text}` is read by YAML as the boolean {node.text.lower() in ('yes', 'y', 'true', 'on')}",
            f'write "{node.text}" in quotes if you mean the text',
        )
    if node.plain and node.tag == CORE + "float" and node.text.lower().lstrip("+-") in (".nan", ".inf"):
        raise Invalid(f"`{node.text}` is YAML's not-a-number or infinity, which no field accepts",
                      "write the figure the source states")
    if node.plain and node.tag in (CORE + "int", CORE + "float") and not DECIMAL.fullmatch(node.text):
        raise Invalid(
            f"`{node.text}` is read by YAML as a number in another notation (octal, hex, sexagesimal or special)",
            f'write "{node.text}" in quotes if you mean the text, or the number in plain decimals',
        )
    return node.text


def convert(node: Node, field: Field):
    """The value of `node` for `field`, by the field's Table Schema type; None when empty."""
    if field.type == "list":
        if isinstance(node, Scalar) and node.is_null:
            return None
        if not isinstance(node, Sequence):
            raise Invalid("expected a list", "write it as [a, b] or as lines starting with `- `")
        items = []
        for item in node.items:
            if not isinstance(item, Scalar) or item.is_null:
                raise Invalid("each list item must be a single value", "write one word or code per item")
            items.append(_text(item).strip())
        return items or None
    if not isinstance(node, Scalar):
        raise Invalid(f"expected a single value, found a {'list' if isinstance(node, Sequence) else 'mapping'}",
                      "write one value after the colon")
    if node.is_null:
        return None
    text = _text(node).strip()
    if not text:
        return None
    if field.type == "integer":
        if not WHOLE.fullmatch(text):
            raise Invalid(f"`{text}` is not a whole number", "write digits only, such as 33")
        if abs(int(text)) > MAX_EXACT:
            raise Invalid(f"`{text}` is larger than {MAX_EXACT:,}, the largest whole number every tool reads exactly",
                          "check the figure: no count or amount in this dataset comes near it")
        return int(text)
    if field.type == "number":
        if not DECIMAL.fullmatch(text):
            raise Invalid(f"`{text}` is not a plain decimal number", "write digits with an optional decimal point, such as 0.138")
        number = Decimal(text)
        if len(number.as_tuple().digits) > MAX_DIGITS:
            raise Invalid(f"`{text}` has more than {MAX_DIGITS} significant digits, more than a figure is read with "
                          "exactly by every tool", "write the figure as the source states it")
        return number
    if field.type == "date":
        if not (ISO_DATE.fullmatch(text) and text.count("-") == 2):
            raise Invalid(f"`{text}` is not a date", "write it as YYYY-MM-DD")
        return iso_date(text).isoformat()
    return text


def iso_date(text: str) -> dt.date:
    year, month, day = (int(p) for p in text.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise Invalid(f"`{text}` is not a real date ({error})", "check the month and day") from None
