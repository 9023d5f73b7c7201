"""The arithmetic of readings, with no database: rollover, consumption and the spike test.

docs/metering.md states these rules with a worked example; the services apply them.

- **Consumption** since the previous accepted reading is ``(value - previous) x multiplier``,
  rounded half-up to 0.001.
- **Rollover.** A dial of ``digits`` whole digits shows at most ``10**digits - 1`` and then
  starts again from zero; ``10**digits`` is its *capacity*. A value below the previous one is
  a rollover only when the consumption through zero, ``capacity - previous + value``, is at
  most a tenth of the capacity (for a 5-digit dial: at most 10 000 units, so the previous value
  was at least 90 000 and the new one is below 10 000). Then the consumption is
  ``(capacity - previous + value) x multiplier``. Any other lower value is refused.
- **Spike.** With at least two accepted readings in the last ``months`` months before the new
  reading, their average daily consumption is the consumption between the first and the last
  of them divided by the days between them. The new reading is a spike when its consumption
  per day since the previous accepted reading is more than ``multiple`` times that average.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

#: a rollover passes at most this share of the dial's capacity through zero
ROLLOVER_SHARE = Decimal("0.1")
QUANTITY = Decimal("0.001")


def quantize(value: Decimal) -> Decimal:
    return value.quantize(QUANTITY, rounding=ROUND_HALF_UP)


def capacity(digits: int) -> Decimal:
    """The first value a dial of ``digits`` whole digits cannot show."""
    return Decimal(10) ** digits


@dataclass(frozen=True)
class Usage:
    rollover: bool
    #: units consumed since the previous reading, after rollover and multiplier
    consumption: Decimal


def usage(*, previous: Decimal, value: Decimal, digits: int, multiplier: Decimal) -> Usage | None:
    """The consumption from ``previous`` to ``value``; None if ``value`` is lower and the drop
    is not a rollover."""
    if value >= previous:
        return Usage(False, quantize((value - previous) * multiplier))
    through_zero = capacity(digits) - previous + value
    if through_zero <= capacity(digits) * ROLLOVER_SHARE:
        return Usage(True, quantize(through_zero * multiplier))
    return None


@dataclass(frozen=True)
class PastReading:
    """An accepted reading as the spike test needs it."""

    date: dt.date
    value: Decimal
    rollover: bool = False


@dataclass(frozen=True)
class Spike:
    consumption: Decimal
    days: int
    per_day: Decimal
    average: Decimal
    multiple: Decimal
    readings: int
    since: dt.date


def average_per_day(history: list[PastReading], *, digits: int,
                    multiplier: Decimal) -> Decimal | None:
    """Average daily consumption between the first and last of ``history`` (oldest first);
    None with fewer than two readings."""
    if len(history) < 2:
        return None
    total = Decimal(0)
    for before, after in itertools.pairwise(history):
        step = after.value - before.value + (capacity(digits) if after.rollover else 0)
        total += step * multiplier
    days = (history[-1].date - history[0].date).days
    return total / days if days > 0 else None


def spike(*, consumption: Decimal, days: int, history: list[PastReading], digits: int,
          multiplier: Decimal, multiple: Decimal) -> Spike | None:
    """A ``Spike`` if ``consumption`` over ``days`` is more than ``multiple`` times the daily
    average of ``history`` (accepted readings, oldest first), else None."""
    average = average_per_day(history, digits=digits, multiplier=multiplier)
    if average is None or days <= 0:
        return None
    per_day = consumption / days
    if per_day > multiple * average:
        return Spike(consumption, days, per_day, average, multiple, len(history),
                     history[0].date)
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, kept within the month (31 March - 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
