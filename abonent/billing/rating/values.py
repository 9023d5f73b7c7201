"""Plain values shared by the rating core: exact decimals and inclusive date ranges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal


def require_decimal(value: object, name: str) -> Decimal:
    """``value`` as an exact Decimal; an int is accepted, a float (or anything else) refused."""
    if type(value) is Decimal and value.is_finite():  # the common case, checked first
        return value
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal (or an int), not {type(value).__name__}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{name} must be a finite number, not {result}")
    return result


def require_non_negative(value: object, name: str) -> Decimal:
    if type(value) is Decimal and value.is_finite() and value >= 0:  # the common case
        return value
    result = require_decimal(value, name)
    if result < 0:
        raise ValueError(f"{name} must not be negative, got {result}")
    return result


@dataclass(frozen=True)
class DateRange:
    """Days from ``start`` to ``end``, both included (a billing period, a segment)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"date range ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def intersect(self, other: DateRange) -> DateRange | None:
        start = self.start if self.start >= other.start else other.start
        end = self.end if self.end <= other.end else other.end
        if start > end:
            return None
        if start == self.start and end == self.end:  # one range within the other: no new one
            return self
        if start == other.start and end == other.end:
            return other
        return DateRange(start, end)

    @classmethod
    def month(cls, year: int, month: int) -> DateRange:
        first = date(year, month, 1)
        next_first = date(year + month // 12, month % 12 + 1, 1)
        return cls(first, next_first - timedelta(days=1))
