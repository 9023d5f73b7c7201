"""Penalty rules: what is charged on a debt paid late, as plain frozen values.

A rule has a grace period, an optional one-off fine, a schedule of daily rates by days overdue,
moratoria, an optional cap and minimum, and, for rates that follow a reference rate (a central
bank's key rate), the effective-dated table of that rate and the day whose rate applies.

Days overdue are counted from the due date: day 1 is the first day after it. A moratorium
stops accrual but not the count, so a debt that comes out of a moratorium on its day 95 is on
its day 95 (see docs/penalties.md for why).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from abonent.billing.rating.explain import Explanation, Percent
from abonent.billing.rating.values import DateRange, require_decimal, require_non_negative

ONE_DAY = timedelta(days=1)


class RateDate(StrEnum):
    """Whose reference rate applies to a day of delay."""

    EACH_DAY = "each_day"  # the rate in force on that day
    # The rate in force on the day the money is paid; for what is still unpaid, on the
    # calculation date (the Russian housing code, art. 155 part 14).
    PAYMENT_DATE = "payment_date"


@dataclass(frozen=True)
class FixedDaily:
    """A fixed percentage of the overdue amount per day: ``FixedDaily(Decimal("0.1"))``."""

    percent_per_day: Decimal

    def __post_init__(self) -> None:
        require_non_negative(self.percent_per_day, "percent_per_day")

    def explain(self) -> Explanation:
        return Explanation("penalty.rate.fixed", {"percent": Percent(self.percent_per_day)})


@dataclass(frozen=True)
class MonthlyProRata:
    """A monthly percentage charged pro rata die: ``percent / days_in_month`` per calendar day.

    The default 30-day month is the Brazilian commercial convention ("1% ao mês pro rata die"
    is 1/30 % a day, whatever the calendar month's length).
    """

    percent_per_month: Decimal
    days_in_month: int = 30

    def __post_init__(self) -> None:
        require_non_negative(self.percent_per_month, "percent_per_month")
        if self.days_in_month < 1:
            raise ValueError(f"days_in_month must be positive, got {self.days_in_month}")

    def explain(self) -> Explanation:
        return Explanation("penalty.rate.monthly", {"percent": Percent(self.percent_per_month),
                                                    "days_in_month": self.days_in_month})


@dataclass(frozen=True)
class ReferenceFraction:
    """A fraction of an annual reference rate per day: 1/300 of the key rate."""

    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if self.numerator < 0 or self.denominator < 1:
            raise ValueError(f"a reference fraction needs numerator >= 0 and denominator >= 1, "
                             f"got {self.numerator}/{self.denominator}")


DailyRate = FixedDaily | MonthlyProRata | ReferenceFraction


@dataclass(frozen=True)
class Band:
    """The daily rate from day ``from_day`` to day ``to_day`` overdue (both included);
    ``to_day=None`` is open-ended."""

    from_day: int
    to_day: int | None
    rate: DailyRate

    def __post_init__(self) -> None:
        if self.from_day < 1:
            raise ValueError(f"days overdue start at 1, got a band from day {self.from_day}")
        if self.to_day is not None and self.to_day < self.from_day:
            raise ValueError(f"band ends (day {self.to_day}) before it starts "
                             f"(day {self.from_day})")


@dataclass(frozen=True)
class RateTable:
    """An effective-dated annual reference rate in percent: ``(effective_from, percent)``."""

    entries: tuple[tuple[date, Decimal], ...]
    name: str = "reference rate"
    _days: tuple[date, ...] = field(init=False, repr=False, compare=False)
    _percents: tuple[Decimal, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.entries:
            raise ValueError("a rate table needs at least one rate")
        ordered = sorted((day, require_non_negative(percent, f"rate from {day}"))
                         for day, percent in self.entries)
        days = tuple(day for day, _percent in ordered)
        if len(set(days)) != len(days):
            raise ValueError("a rate table has two rates taking effect on the same day")
        object.__setattr__(self, "_days", days)
        object.__setattr__(self, "_percents", tuple(percent for _day, percent in ordered))

    def on(self, day: date) -> Decimal:
        """The rate in force on ``day``."""
        index = bisect_right(self._days, day) - 1
        if index < 0:
            raise LookupError(f"no {self.name} is known for {day} (the table starts on "
                              f"{self._days[0]})")
        return self._percents[index]

    def changes(self, after: date, until: date) -> list[date]:
        """Days in ``(after, until]`` on which a new rate takes effect."""
        return list(self._days[bisect_right(self._days, after):bisect_right(self._days, until)])


@dataclass(frozen=True)
class RateCeiling:
    """The reference rate is taken at most ``percent`` when its rate date falls ``during``
    (Russia: at most 9.5%, the key rate of 27 February 2022, by Government decree 474)."""

    percent: Decimal
    during: DateRange
    source: str = ""

    def __post_init__(self) -> None:
        require_non_negative(self.percent, "ceiling percent")


@dataclass(frozen=True)
class Moratorium:
    """Days on which no penalty accrues (they still count as days overdue).

    ``debts_due_until``: the moratorium covers only debts due on or before that day (a
    bankruptcy moratorium covers claims that arose before it); ``None`` covers every debt.
    """

    period: DateRange
    debts_due_until: date | None = None
    name: str = ""

    def covers(self, due_date: date) -> bool:
        return self.debts_due_until is None or due_date <= self.debts_due_until


@dataclass(frozen=True)
class PenaltyRule:
    """How an organization charges for late payment; see docs/penalties.md.

    * ``grace_days``: days after the due date with no penalty and no fine;
    * ``fine_percent``: a one-off fine on the amount still overdue on the first day after the
      grace days;
    * ``schedule``: daily rates by days overdue, bands in order, without overlaps (a gap is a
      stretch without penalty);
    * ``moratoria``: periods without accrual (a plain ``DateRange`` covers every debt);
    * ``cap_percent``: a debt's penalty (fine included) never exceeds this % of the debt;
    * ``minimum``: a period's penalty below this is not posted yet (see ``penalty_for_period``);
    * ``reference_rates``, ``reference_rate_date_rule``, ``reference_ceilings``: for
      :class:`ReferenceFraction` bands;
    * ``payment_day_accrues``: the value date of a payment is still a day of delay for the
      amount it pays (Russian and Brazilian practice: see the docs).
    """

    schedule: tuple[Band, ...]
    grace_days: int = 0
    fine_percent: Decimal = Decimal(0)
    moratoria: tuple[DateRange | Moratorium, ...] = ()
    cap_percent: Decimal | None = None
    minimum: Decimal | None = None
    reference_rates: RateTable | None = None
    reference_rate_date_rule: RateDate = RateDate.EACH_DAY
    reference_ceilings: tuple[RateCeiling, ...] = ()
    payment_day_accrues: bool = True
    name: str = ""

    def __post_init__(self) -> None:
        if self.grace_days < 0:
            raise ValueError(f"grace_days must not be negative, got {self.grace_days}")
        fine = require_non_negative(self.fine_percent, "fine_percent")
        object.__setattr__(self, "fine_percent", fine)
        if self.cap_percent is not None:
            cap = require_decimal(self.cap_percent, "cap_percent")
            if cap <= 0:
                raise ValueError(f"cap_percent must be positive, got {cap}")
            object.__setattr__(self, "cap_percent", cap)
        if self.minimum is not None:
            object.__setattr__(self, "minimum", require_non_negative(self.minimum, "minimum"))
        object.__setattr__(self, "schedule", tuple(self.schedule))
        object.__setattr__(self, "moratoria", tuple(
            item if isinstance(item, Moratorium) else Moratorium(item)
            for item in self.moratoria))
        object.__setattr__(self, "reference_ceilings", tuple(self.reference_ceilings))
        self._check_schedule()

    def _check_schedule(self) -> None:
        previous_end = 0
        for number, band in enumerate(self.schedule, start=1):
            if band.from_day <= previous_end:
                raise ValueError(f"band {number} (from day {band.from_day}) overlaps the band "
                                 f"before it or is out of order")
            if band.to_day is None and number != len(self.schedule):
                raise ValueError(f"band {number} is open-ended but is not the last band")
            if isinstance(band.rate, ReferenceFraction) and self.reference_rates is None:
                raise ValueError(f"band {number} follows a reference rate, but the rule has "
                                 f"no reference_rates table")
            previous_end = band.to_day if band.to_day is not None else band.from_day

    @cached_property
    def first_accrual_day(self) -> int | None:
        """The first day overdue that can accrue interest (after the grace days, in a band)."""
        for band in self.schedule:
            first = max(band.from_day, self.grace_days + 1)
            if band.to_day is None or first <= band.to_day:
                return first
        return None

    @cached_property
    def first_charge_day(self) -> int | None:
        """The first day overdue on which anything (fine or interest) can be charged."""
        candidates = [day for day in (self.first_accrual_day,
                                      self.grace_days + 1 if self.fine_percent else None)
                      if day is not None]
        return min(candidates) if candidates else None

    @cached_property
    def band_edges(self) -> tuple[int, ...]:
        """Days overdue on which a band starts or the day after one ends."""
        edges = {band.from_day for band in self.schedule}
        edges.update(band.to_day + 1 for band in self.schedule if band.to_day is not None)
        return tuple(sorted(edges))

    @cached_property
    def band_edge_deltas(self) -> tuple[timedelta, ...]:
        return tuple(timedelta(days=day) for day in self.band_edges)

    @cached_property
    def uses_reference(self) -> bool:
        return any(isinstance(band.rate, ReferenceFraction) for band in self.schedule)

    def moratoria_for(self, due_date: date) -> list[Moratorium]:
        """The moratoria that cover a debt due on ``due_date``."""
        return [item for item in self.moratoria
                if isinstance(item, Moratorium) and item.covers(due_date)]

    def band_index(self, day_overdue: int) -> int | None:
        """The position in ``schedule`` of the band covering ``day_overdue``, or None
        (grace days, a gap between bands, past the last band)."""
        if day_overdue <= self.grace_days:
            return None
        for number, band in enumerate(self.schedule):
            if band.from_day <= day_overdue and (band.to_day is None
                                                 or day_overdue <= band.to_day):
                return number
        return None

    def band_for(self, day_overdue: int) -> Band | None:
        """The band covering ``day_overdue``, or None."""
        number = self.band_index(day_overdue)
        return None if number is None else self.schedule[number]

    def reference_percent(self, rate_date: date) -> tuple[Decimal, bool]:
        """The reference rate for ``rate_date`` after any ceiling, and whether one applied."""
        if self.reference_rates is None:
            raise ValueError("this rule has no reference rate table")
        percent = table_percent = self.reference_rates.on(rate_date)
        for ceiling in self.reference_ceilings:
            if rate_date in ceiling.during and ceiling.percent < percent:
                percent = ceiling.percent
        return percent, percent < table_percent
