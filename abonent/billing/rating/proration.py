"""Proration by days inside a billing period.

Rule: a price change, a move-in or move-out, or a change of residents splits the period into
segments (``split_period``). Each segment is rated as if its inputs held for the whole period
(one call of a charge method with that segment's rate, residents, area...), and contributes
that full-period amount times ``days_in_segment / days_in_period``. The contributions are
summed at full precision and rounded once:

    amount = round( sum(full_period_amount_i x days_i) / days_in_period )

The division comes last, so when nothing changes between segments the split charge equals the
unsplit one exactly. Metered consumption is the period's consumption apportioned by days
(one reading per period), which is the same rule. Days are counted inclusively; a move-out
date is the last day charged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TypeVar

from .explain import Explanation
from .lines import ChargeLine, Service, make_line
from .values import DateRange

T = TypeVar("T")


def split_period(period: DateRange, changes: Iterable[date] = (),
                 active: DateRange | None = None) -> list[DateRange]:
    """Segments of ``period``: a new one starts on each change date; clipped to ``active``.

    ``changes`` are the first days of new values (a tariff version's effective date, the day
    a resident registers); dates outside the period are ignored. ``active`` is when the
    account is billed at all (move-in to move-out, both inclusive).
    """
    starts = sorted({day for day in changes if period.start < day <= period.end})
    if not starts:  # the common case: one segment
        if active is None:
            return [period]
        part = period.intersect(active)
        return [part] if part is not None else []
    bounds = [period.start, *starts]
    ends = [date.fromordinal(start.toordinal() - 1) for start in starts] + [period.end]
    segments = [DateRange(start, end) for start, end in zip(bounds, ends, strict=True)]
    if active is None:
        return segments
    return [part for part in (s.intersect(active) for s in segments) if part is not None]


def value_on(timeline: Sequence[tuple[date, T]], day: date) -> T:
    """The value in force on ``day`` from (effective_from, value) pairs in any order."""
    in_force = [(start, value) for start, value in timeline if start <= day]
    if not in_force:
        raise LookupError(f"no value in force on {day}")
    return max(in_force, key=lambda pair: pair[0])[1]


def prorate(service: Service, period: DateRange,
            parts: Sequence[tuple[DateRange, ChargeLine]]) -> ChargeLine:
    """One line from full-period lines rated per segment, weighted by days, rounded once."""
    if not parts:
        raise ValueError("nothing to prorate: no segments")
    if len(parts) == 1:  # the common case: one segment, the whole period, nothing to weigh
        segment, line = parts[0]
        if segment == period and line.service_code == service.code:
            return line
    ordered = sorted(parts, key=lambda part: part[0].start)
    for (segment, line), following in zip(ordered, [*ordered[1:], None], strict=True):
        if segment.intersect(period) != segment:
            raise ValueError(f"segment {segment.start}..{segment.end} is outside the period")
        if following is not None and following[0].start <= segment.end:
            raise ValueError(f"segments overlap at {following[0].start}")
        if line.service_code != service.code:
            raise ValueError(f"a {line.service_code} line cannot be prorated as {service.code}")
    if len(ordered) == 1 and ordered[0][0] == period:
        return ordered[0][1]
    days = Decimal(period.days)
    exact = sum((line.exact_amount * segment.days for segment, line in ordered),
                Decimal(0)) / days
    quantity = sum((line.quantity * segment.days for segment, line in ordered),
                   Decimal(0)) / days
    rates: list[Decimal] = []
    for _segment, line in ordered:
        rates.extend(rate for rate in line.rates if rate not in rates)
    formula = Explanation("prorated", {"segments": tuple(
        Explanation("prorated.segment", {"formula": line.formula, "days": segment.days,
                                         "period_days": period.days,
                                         "start": segment.start, "end": segment.end})
        for segment, line in ordered)})
    return make_line(service, quantity=quantity, rates=tuple(rates), exact_amount=exact,
                     formula=formula)
