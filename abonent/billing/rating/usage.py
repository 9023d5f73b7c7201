"""A meter's consumption for a period: from a reading, an estimate, or the norm.

Rules (docs/billing.md, "Meters: readings, estimates and the true-up"):

* The meter's **billed value** is where the last bill left it: the value of the reading it
  used, or that value advanced by whatever was assumed (an estimate or the norm). Before the
  first bill it is the last accepted reading before the period, or the installation value.
* With an accepted reading dated inside the period, consumption is
  ``(reading - billed value + rollovers x 10^digits) x multiplier``. When earlier periods were
  assumed, this is the **true-up**: it can be negative, a credit for consumption assumed and
  not used.
* Without one, the consumption is **estimated** from the average daily consumption of the
  accepted readings of the previous ``max_months`` months (they must span at least
  ``min_months`` months), for at most ``max_periods`` consecutive periods.
* After that, or with no usable history, or when the meter's verification has expired, the
  **norm** applies: ``norm per resident x residents x factor`` (the factor is configurable,
  e.g. 1.5 for an overdue verification). A norm for a meter that counts nothing (no residents)
  is zero.
* Every assumed consumption advances the billed value (in whole millionths of the dial, and
  exactly that advance x multiplier is billed), so the next real reading bills exactly the
  difference between what was used and what was billed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from operator import attrgetter

from .values import DateRange, require_decimal, require_non_negative

#: the places a billed meter value keeps (an assumed consumption divided by a multiplier)
VALUE_PLACES = Decimal("0.000001")
DAYS_PER_MONTH = 30
_DAY = attrgetter("day")
_NO_ROLLOVER = Decimal(0)


class Basis(StrEnum):
    READING = "reading"
    ESTIMATE = "estimate"
    NORM = "norm"


@dataclass(frozen=True)
class MeterReading:
    day: date
    value: Decimal
    rollover: bool = False

    def __post_init__(self) -> None:
        require_non_negative(self.value, "reading value")


@dataclass(frozen=True)
class MeterState:
    """A meter as the period starts: its dial, its last bill and its accepted readings."""

    meter_id: int
    multiplier: Decimal
    digits: int
    installed_on: date
    initial_value: Decimal
    verified_until: date | None = None
    removed_on: date | None = None
    #: where the previous bill left the meter (None: never billed)
    billed_value: Decimal | None = None
    #: the last day of the period of that bill
    billed_through: date | None = None
    #: consecutive periods billed without a reading up to the previous bill
    assumed_periods: int = 0
    #: accepted readings, any order, from ``max_months`` before the period to its end
    readings: tuple[MeterReading, ...] = ()
    #: the readings by day (a stable sort: readings of one day keep their order), and their
    #: days, sorted once here so that a period's readings are found by bisection
    ordered: tuple[MeterReading, ...] = field(init=False, repr=False, compare=False)
    days: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        require_non_negative(self.multiplier, "multiplier")
        require_non_negative(self.initial_value, "initial value")
        if self.billed_value is not None:
            require_decimal(self.billed_value, "billed value")
        days = tuple(map(_DAY, self.readings))
        if list(days) == sorted(days) and type(self.readings) is tuple:
            ordered = self.readings  # delivered in order (the loader does)
        else:
            ordered = tuple(sorted(self.readings, key=_DAY))
            days = tuple(map(_DAY, ordered))
        object.__setattr__(self, "ordered", ordered)
        object.__setattr__(self, "days", days)

    @property
    def capacity(self) -> Decimal:
        return Decimal(10) ** self.digits


@dataclass(frozen=True)
class EstimatePolicy:
    min_months: int = 3
    max_months: int = 6
    max_periods: int = 3
    norm_factor_missing: Decimal = Decimal(1)
    norm_factor_unverified: Decimal = Decimal(1)
    #: a reading whose consumption exceeds this many times the average is flagged
    spike_multiple: Decimal | None = None

    def __post_init__(self) -> None:
        require_non_negative(self.norm_factor_missing, "norm factor")
        require_non_negative(self.norm_factor_unverified, "norm factor for an overdue meter")
        if self.spike_multiple is not None:
            require_non_negative(self.spike_multiple, "spike multiple")


@dataclass(frozen=True)
class Usage:
    meter_id: int
    basis: Basis
    start_value: Decimal
    end_value: Decimal
    consumption: Decimal
    assumed_periods: int
    #: why the basis is not a reading: "missing", "no_history", "unverified", "estimates_used"
    reason: str = ""
    reading_day: date | None = None
    #: a reading after assumed periods: the consumption includes the true-up
    true_up: bool = False
    #: the consumption is above ``spike_multiple`` x the average for the period
    spike: bool = False


def _consumption(meter: MeterState, start: Decimal, later: Sequence[MeterReading]) -> Decimal:
    """From ``start`` to the last of ``later`` (ordered), counting each rollover once."""
    rollovers = sum(1 for reading in later if reading.rollover)
    dial = rollovers * meter.capacity if rollovers else _NO_ROLLOVER  # the same 0 either way
    return (later[-1].value - start + dial) * meter.multiplier


def _start(meter: MeterState, period: DateRange) -> tuple[Decimal, date | None]:
    """The billed value the period starts from, and the day after which readings count."""
    if meter.billed_value is not None:
        return meter.billed_value, meter.billed_through
    before = bisect_left(meter.days, period.start)  # the readings before the period
    if before:
        reading = meter.ordered[before - 1]
        return reading.value, reading.day
    return meter.initial_value, None


def average_daily(meter: MeterState, period: DateRange, policy: EstimatePolicy) -> Decimal | None:
    """Average consumption per day over the readings of the last ``max_months`` months before
    the period, or None when they span less than ``min_months`` months."""
    window_start = period.start - timedelta(days=policy.max_months * DAYS_PER_MONTH)
    window = meter.ordered[bisect_left(meter.days, window_start):
                           bisect_left(meter.days, period.start)]
    if len(window) < 2:
        return None
    span = (window[-1].day - window[0].day).days
    if span < policy.min_months * DAYS_PER_MONTH - 3:  # "3 months" of readings ~ 87+ days
        return None
    consumption = _consumption(meter, window[0].value, window[1:])
    return max(consumption, Decimal(0)) / span


def meter_usage(meter: MeterState, period: DateRange, *, policy: EstimatePolicy,
                norm: Decimal | None) -> Usage:
    """The meter's consumption for ``period``; ``norm`` is the unit's monthly norm
    (norm per resident x residents), or None when the tariff has none."""
    if norm is not None:
        require_non_negative(norm, "norm")
    start, counted_after = _start(meter, period)
    days = meter.days
    # the readings after the billed one up to the period's end, and whether one is in it
    first = 0 if counted_after is None else bisect_right(days, counted_after)
    end = bisect_right(days, period.end)
    later = meter.ordered[first:end]
    in_period = max(first, bisect_left(days, period.start)) < end
    unverified = meter.verified_until is not None and meter.verified_until < period.end
    if in_period and not unverified:
        consumption = _consumption(meter, start, later)
        # the average is needed only to flag a spike
        spike = policy.spike_multiple is not None and _spike(
            meter, period, policy, policy.spike_multiple, consumption)
        return Usage(meter.meter_id, Basis.READING, start, later[-1].value, consumption, 0,
                     reading_day=later[-1].day, true_up=meter.assumed_periods > 0,
                     spike=spike)
    average = None if unverified else average_daily(meter, period, policy)
    assumed = meter.assumed_periods + 1
    if average is not None and assumed <= policy.max_periods:
        consumption = average * period.days
        return _assumed(meter, Basis.ESTIMATE, start, consumption, assumed, "missing")
    factor = policy.norm_factor_unverified if unverified else policy.norm_factor_missing
    reason = ("unverified" if unverified else
              "no_history" if average is None else "estimates_used")
    consumption = (norm or Decimal(0)) * factor
    return _assumed(meter, Basis.NORM, start, consumption, assumed, reason)


def _spike(meter: MeterState, period: DateRange, policy: EstimatePolicy, multiple: Decimal,
           consumption: Decimal) -> bool:
    average = average_daily(meter, period, policy)
    return average is not None and average > 0 and consumption > multiple * average * period.days


def _assumed(meter: MeterState, basis: Basis, start: Decimal, consumption: Decimal,
             assumed: int, reason: str) -> Usage:
    """The billed value moves by the assumed consumption on the dial, in whole millionths; the
    consumption billed is exactly that move x multiplier, so the next reading trues up to the
    last millionth (an estimate of 100/91 m3 a day bills 32.967033 m3, not 32.96703296...)."""
    if not meter.multiplier:
        return Usage(meter.meter_id, basis, start, start, consumption, assumed, reason=reason)
    advance = (consumption / meter.multiplier).quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)
    return Usage(meter.meter_id, basis, start, start + advance, advance * meter.multiplier,
                 assumed, reason=reason)
