"""The values a figure stands for, as an interval with open or closed ends: how the facts
compare reports (scripts/publish/facts.py's docstring says what each bound stands for)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from scripts.core.cells import cell

INF = Decimal("Infinity")


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal
    lo_open: bool = False
    hi_open: bool = False

    def meets(self, other: "Interval") -> bool:
        lo, hi, lo_open, hi_open = _inner(self, other)
        return lo < hi or (lo == hi and not lo_open and not hi_open)

    def both(self, other: "Interval") -> "Interval":
        """The values in both (the caller knows they meet)."""
        return Interval(*_inner(self, other))

    def hull(self, other: "Interval") -> "Interval":
        """The smallest interval holding both."""
        pair = (self, other)
        lo, hi = min(self.lo, other.lo), max(self.hi, other.hi)
        return Interval(lo, hi, not any(i.lo == lo and not i.lo_open for i in pair),
                        not any(i.hi == hi and not i.hi_open for i in pair))

    def times(self, other: "Interval") -> "Interval":
        """The products of two non-negative intervals."""
        def product(a: Decimal, b: Decimal) -> Decimal:
            return Decimal(0) if a == 0 or b == 0 else a * b

        return Interval(product(max(self.lo, Decimal(0)), max(other.lo, Decimal(0))), product(self.hi, other.hi),
                        self.lo_open or other.lo_open, self.hi_open or other.hi_open)

    def words(self, unit: str) -> str:
        def show(value: Decimal) -> str:
            return "no limit" if value.is_infinite() else cell(value.quantize(Decimal(1)) if abs(value) >= 1000 else value)

        if self.hi == INF and self.lo == -INF:
            return f"any value in {unit}"
        if self.hi == INF:
            return f"more than {show(self.lo)} {unit}"
        if self.lo == -INF or (self.lo <= 0 and self.lo_open):
            return f"less than {show(self.hi)} {unit}"
        return f"{show(self.lo)} to {show(self.hi)} {unit}" if self.lo != self.hi else f"{show(self.lo)} {unit}"


def _inner(a: Interval, b: Interval) -> tuple[Decimal, Decimal, bool, bool]:
    """The bounds of the values in both a and b: (lo, hi, lo_open, hi_open)."""
    lo, hi = max(a.lo, b.lo), min(a.hi, b.hi)
    return (lo, hi, any(i.lo == lo and i.lo_open for i in (a, b)), any(i.hi == hi and i.hi_open for i in (a, b)))
