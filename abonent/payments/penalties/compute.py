"""Penalties on an account's debts, step by step over the days they were overdue.

The work is per step, not per day: the days overdue are cut at breakpoints (the end of the
grace days, band boundaries, payment dates, reference-rate changes, moratorium edges, the
calculation date), and each stretch between two breakpoints is one multiplication. Adjacent
stretches with the same base and the same rate are merged into one step, so the printable
breakdown stays short.

Rounding: steps and the fine keep full precision; a debt's penalty is rounded half-up to
``quantum`` once, at the end; the account's total is the sum of the rounded debt penalties.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise
from operator import attrgetter

from abonent.billing.rating.explain import Amount, Explanation, Param, Percent
from abonent.billing.rating.values import DateRange, require_decimal, require_non_negative

from .rules import (
    ONE_DAY,
    FixedDaily,
    MonthlyProRata,
    Moratorium,
    PenaltyRule,
    RateDate,
    ReferenceFraction,
)

ZERO = Decimal(0)
NO_DAYS = timedelta(0)


@dataclass(frozen=True)
class Debt:
    """An amount due on ``due_date``; ``key`` names it (account, service, period...)."""

    key: Hashable
    amount: Decimal
    due_date: date

    def __post_init__(self) -> None:
        require_non_negative(self.amount, f"debt {self.key!r} amount")


@dataclass(frozen=True)
class Payment:
    """Money received with ``value_date``. ``allocations`` names the debts it paid and how
    much (keys of other dues, such as penalties, are ignored); without allocations it pays
    the debts oldest due date first."""

    value_date: date
    amount: Decimal
    allocations: Mapping[Hashable, Decimal] | None = None

    def __post_init__(self) -> None:
        amount = require_non_negative(self.amount, "payment amount")
        if self.allocations is not None:
            parts = [require_non_negative(part, f"allocation to {key!r}")
                     for key, part in self.allocations.items()]
            if sum(parts, ZERO) > amount:
                raise ValueError(f"payment of {self.value_date} allocates more than its "
                                 f"amount {amount}")


class StepKind(StrEnum):
    ACCRUAL = "accrual"
    MORATORIUM = "moratorium"


@dataclass(frozen=True)
class PenaltyStep:
    """Consecutive days with the same base and the same daily rate.

    ``daily_rate`` is a fraction of the base per day (0.000533... for 1/300 of 16%);
    ``amount`` is exact (``base x days x daily_rate``), rounded only in the debt's total.
    """

    kind: StepKind
    start: date
    end: date
    days: int
    first_day_overdue: int
    base: Decimal
    rate_description: Explanation | None
    daily_rate: Decimal
    amount: Decimal
    explanation: Explanation

    @property
    def last_day_overdue(self) -> int:
        return self.first_day_overdue + self.days - 1


@dataclass(frozen=True)
class PenaltyFine:
    """The one-off fine, charged on the first day after the grace days."""

    day: date
    day_overdue: int
    base: Decimal
    percent: Decimal
    amount: Decimal
    explanation: Explanation


@dataclass(frozen=True)
class DebtPenalty:
    """One debt's penalty: ``accrued`` = fine + steps (exact); ``exact`` after the cap;
    ``total`` rounded half-up to the quantum. ``cap`` is the cap amount when it bound."""

    key: Hashable
    debt: Decimal
    due_date: date
    fine: PenaltyFine | None
    steps: tuple[PenaltyStep, ...]
    accrued: Decimal
    cap: Decimal | None
    exact: Decimal
    total: Decimal
    explanation: Explanation


@dataclass(frozen=True)
class PenaltyResult:
    """Penalties as of ``as_of``: one entry per debt that was charged anything (debts paid
    in time are left out); ``total`` is the sum of the debts' rounded totals."""

    as_of: date
    debts: tuple[DebtPenalty, ...]
    total: Decimal

    def for_debt(self, key: Hashable) -> DebtPenalty | None:
        return next((debt for debt in self.debts if debt.key == key), None)


def compute_penalties(rule: PenaltyRule, debts: Sequence[Debt], payments_applied:
                      Iterable[Payment], *, as_of: date, quantum: Decimal,
                      currency: str = "") -> PenaltyResult:
    """Every debt's penalty from its due date up to and including ``as_of``.

    The amount of a debt outstanding on a day is the debt minus what was paid against it with
    a value date before that day (or on or before it, when ``rule.payment_day_accrues`` is
    false). Payments with a value date after ``as_of`` are not looked at.
    """
    step = _quantum(quantum)
    first_charge = rule.first_charge_day
    if first_charge is None or not debts:
        return PenaltyResult(as_of, (), ZERO)
    horizon = as_of - timedelta(days=first_charge)
    if all(debt.due_date > horizon for debt in debts):
        return PenaltyResult(as_of, (), ZERO)  # nothing can be overdue past the grace days yet
    paid = _paid_by_debt(debts, payments_applied, as_of)
    results = []
    for debt in debts:
        if debt.due_date > horizon or not debt.amount:
            continue
        result = _debt_penalty(rule, debt, paid.get(debt.key, ()), as_of, step, currency)
        if result is not None:
            results.append(result)
    return PenaltyResult(as_of, tuple(results), sum((r.total for r in results), ZERO))


@dataclass(frozen=True)
class PeriodLine:
    """What to post for one debt in a period: ``accrued`` (its penalty up to the period's end)
    minus ``already_charged``. Negative when a recalculation lowered it."""

    key: Hashable
    amount: Decimal
    accrued: Decimal
    already_charged: Decimal


@dataclass(frozen=True)
class PeriodPenalty:
    """The penalty to post for a billing period. ``deferred`` is a positive total held back
    because it is below the rule's minimum: it is still owed and is posted with a later
    period (``lines`` is then empty). ``result`` is the breakdown up to the period's end."""

    period: DateRange
    lines: tuple[PeriodLine, ...]
    total: Decimal
    deferred: Decimal
    result: PenaltyResult


def penalty_for_period(rule: PenaltyRule, debts: Sequence[Debt], payments: Iterable[Payment],
                       period: DateRange, already_charged: Mapping[Hashable, Decimal], *,
                       quantum: Decimal, currency: str = "") -> PeriodPenalty:
    """The penalty accrued within ``period``: each debt's rounded penalty up to the period's
    end minus what was already charged for it.

    Because each period posts the difference of rounded totals, the periods' penalties add
    up exactly to the penalty over the whole span. A debt missing from ``debts`` is left as
    charged (the loader may leave out debts paid off long ago).
    """
    result = compute_penalties(rule, debts, payments, as_of=period.end, quantum=quantum,
                               currency=currency)
    if not result.debts and not already_charged:
        return PeriodPenalty(period, (), ZERO, ZERO, result)
    accrued = {debt.key: debt.total for debt in result.debts}
    lines = []
    for debt in debts:
        charged = require_decimal(already_charged.get(debt.key, ZERO), "already charged")
        total = accrued.get(debt.key, ZERO)
        if total != charged:
            lines.append(PeriodLine(debt.key, total - charged, total, charged))
    posted = sum((line.amount for line in lines), ZERO)
    if rule.minimum is not None and ZERO < posted < rule.minimum:
        return PeriodPenalty(period, (), ZERO, posted, result)
    return PeriodPenalty(period, tuple(lines), posted, ZERO, result)


def _quantum(quantum: object) -> Decimal:
    step = require_decimal(quantum, "quantum")
    if step <= 0:
        raise ValueError(f"quantum must be positive, got {step}")
    return step


def _paid_by_debt(debts: Sequence[Debt], payments: Iterable[Payment],
                  as_of: date) -> dict[Hashable, list[tuple[date, Decimal]]]:
    """What each debt was paid, by value date: allocations as named, the rest oldest due
    date first. Paying more than a debt's outstanding amount by allocation is an error."""
    remaining = {debt.key: debt.amount for debt in debts}
    if len(remaining) != len(debts):
        raise ValueError("two debts have the same key")
    paid: dict[Hashable, list[tuple[date, Decimal]]] = {}
    oldest_first = sorted(debts, key=attrgetter("due_date"))
    cursor = 0
    for payment in sorted(payments, key=attrgetter("value_date")):
        if payment.value_date > as_of:
            break
        if payment.allocations is not None:
            for key, part in payment.allocations.items():
                if key not in remaining or not part:
                    continue
                if part > remaining[key]:
                    raise ValueError(f"the payment of {payment.value_date} pays {part} against "
                                     f"{key!r}, which has only {remaining[key]} outstanding")
                remaining[key] -= part
                paid.setdefault(key, []).append((payment.value_date, part))
            continue
        left = payment.amount
        while left > 0 and cursor < len(oldest_first):
            key = oldest_first[cursor].key
            part = min(left, remaining[key])
            if part > 0:
                remaining[key] -= part
                left -= part
                paid.setdefault(key, []).append((payment.value_date, part))
            if remaining[key] <= 0:
                cursor += 1
    return paid


@dataclass
class _Open:
    """A step being built: merged with the next stretch while base and rate stay the same."""

    kind: StepKind
    start: date
    end: date
    first_day_overdue: int
    base: Decimal
    numerator: Decimal
    denominator: Decimal
    description: Explanation | None


def _debt_penalty(rule: PenaltyRule, debt: Debt, paid: Sequence[tuple[date, Decimal]],
                  as_of: date, quantum: Decimal, currency: str) -> DebtPenalty | None:
    due = debt.due_date
    shift = ONE_DAY if rule.payment_day_accrues else NO_DAYS
    # (first day the base is lower, amount, value date), in value-date order
    reductions = [(value_date + shift, amount, value_date) for value_date, amount in paid]
    first_charge = due + timedelta(days=rule.first_charge_day or 0)
    if _base_on(debt.amount, reductions, first_charge) <= 0:
        return None  # paid in full before anything could be charged
    fine = _fine(rule, debt, reductions, as_of, quantum, currency)
    steps = _steps(rule, debt, reductions, as_of, quantum, currency)
    if fine is None and not steps:
        return None
    accrued = (fine.amount if fine else ZERO) + sum((s.amount for s in steps), ZERO)
    cap = None
    exact = accrued
    if rule.cap_percent is not None:
        limit = debt.amount * rule.cap_percent / 100
        if accrued > limit:
            cap = exact = limit
    total = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    params: dict[str, Param] = {"debt": Amount(debt.amount, currency), "due_date": due,
              "total": Amount(total, currency)}
    if cap is None:
        explanation = Explanation("penalty.debt", params)
    else:
        explanation = Explanation("penalty.debt.capped", {
            **params, "accrued": Amount(accrued.quantize(quantum, ROUND_HALF_UP), currency),
            "percent": Percent(rule.cap_percent or ZERO)})
    return DebtPenalty(key=debt.key, debt=debt.amount, due_date=due, fine=fine,
                       steps=tuple(steps), accrued=accrued, cap=cap, exact=exact, total=total,
                       explanation=explanation)


def _base_on(amount: Decimal, reductions: Sequence[tuple[date, Decimal, date]],
             day: date) -> Decimal:
    return amount - sum((part for first, part, _value in reductions if first <= day), ZERO)


def _in_moratorium(moratoria: Sequence[Moratorium], day: date) -> bool:
    return any(m.period.start <= day <= m.period.end for m in moratoria)


def _fine(rule: PenaltyRule, debt: Debt, reductions: Sequence[tuple[date, Decimal, date]],
          as_of: date, quantum: Decimal, currency: str) -> PenaltyFine | None:
    if not rule.fine_percent:
        return None
    day_overdue = rule.grace_days + 1
    day = debt.due_date + timedelta(days=day_overdue)
    if day > as_of:
        return None
    if _in_moratorium(rule.moratoria_for(debt.due_date), day):
        return None
    base = _base_on(debt.amount, reductions, day)
    if base <= 0:
        return None
    amount = base * rule.fine_percent / 100
    explanation = Explanation("penalty.fine", {
        "day": day, "day_overdue": day_overdue, "percent": Percent(rule.fine_percent),
        "base": Amount(base, currency),
        "amount": Amount(amount.quantize(quantum, ROUND_HALF_UP), currency)})
    return PenaltyFine(day, day_overdue, base, rule.fine_percent, amount, explanation)


def _breakpoints(rule: PenaltyRule, due: date, start: date, stop: date,
                 reductions: Sequence[tuple[date, Decimal, date]],
                 moratoria: Sequence[Moratorium]) -> list[date]:
    """Sorted days in ``[start, stop]`` on which base, band, rate or moratorium may change."""
    points = {start, stop}
    for band in rule.schedule:
        points.add(due + timedelta(days=band.from_day))
        if band.to_day is not None:
            points.add(due + timedelta(days=band.to_day + 1))
    points.update(first for first, _part, _value in reductions)
    for moratorium in moratoria:
        points.add(moratorium.period.start)
        points.add(moratorium.period.end + ONE_DAY)
    if (rule.reference_rate_date_rule is RateDate.EACH_DAY and rule.reference_rates is not None
            and any(isinstance(band.rate, ReferenceFraction) for band in rule.schedule)):
        points.update(rule.reference_rates.changes(start, stop))
        for ceiling in rule.reference_ceilings:
            points.add(ceiling.during.start)
            points.add(ceiling.during.end + ONE_DAY)
    return sorted(point for point in points if start <= point <= stop)


def _steps(rule: PenaltyRule, debt: Debt, reductions: Sequence[tuple[date, Decimal, date]],
           as_of: date, quantum: Decimal, currency: str) -> list[PenaltyStep]:
    if rule.first_accrual_day is None:
        return []
    due = debt.due_date
    start = due + timedelta(days=rule.first_accrual_day)
    if start > as_of:
        return []
    moratoria = rule.moratoria_for(due)
    cuts = _breakpoints(rule, due, start, as_of + ONE_DAY, reductions, moratoria)
    tranches = _tranches(rule, debt, reductions, as_of)
    built: list[_Open] = []
    previous: dict[tuple[object, ...], _Open] = {}
    base = debt.amount
    index = 0
    for a, b in pairwise(cuts):
        while index < len(reductions) and reductions[index][0] <= a:
            base -= reductions[index][1]
            index += 1
        if base <= 0:
            break
        day_overdue = (a - due).days
        current: dict[tuple[object, ...], _Open] = {}
        if _in_moratorium(moratoria, a):
            groups: list[tuple[tuple[object, ...], Decimal, Decimal, Decimal,
                               Explanation | None]] = [
                ((StepKind.MORATORIUM,), base, ZERO, Decimal(1), None)]
        else:
            band = rule.band_for(day_overdue)
            if band is None:
                previous = {}
                continue
            groups = _groups(rule, band.rate, base, a, tranches)
        for key, part, numerator, denominator, description in groups:
            step = previous.get(key)
            if step is not None and step.end + ONE_DAY == a and (
                    step.kind is StepKind.MORATORIUM or step.base == part):
                step.end = b - ONE_DAY
            else:
                kind = StepKind.MORATORIUM if description is None else StepKind.ACCRUAL
                step = _Open(kind, a, b - ONE_DAY, day_overdue, part, numerator, denominator,
                             description)
                built.append(step)
            current[key] = step
        previous = current
    return [_finish(step, quantum, currency) for step in built]


def _tranches(rule: PenaltyRule, debt: Debt, reductions: Sequence[tuple[date, Decimal, date]],
              as_of: date) -> list[tuple[date | None, Decimal, Decimal, bool]]:
    """For rates taken on the payment date: each paid part (with the day its base ends) and
    the unpaid rest, with the reference rate of its payment date or of ``as_of``."""
    if (rule.reference_rate_date_rule is not RateDate.PAYMENT_DATE
            or not any(isinstance(band.rate, ReferenceFraction) for band in rule.schedule)):
        return []
    tranches: list[tuple[date | None, Decimal, Decimal, bool]] = []
    for first, part, value_date in reductions:
        tranches.append((first, part, *rule.reference_percent(value_date)))
    unpaid = debt.amount - sum((part for _first, part, _value in reductions), ZERO)
    if unpaid > 0:
        tranches.append((None, unpaid, *rule.reference_percent(as_of)))
    return tranches


def _groups(rule: PenaltyRule, rate: FixedDaily | MonthlyProRata | ReferenceFraction,
            base: Decimal, day: date, tranches: Sequence[tuple[date | None, Decimal, Decimal,
                                                              bool]]
            ) -> list[tuple[tuple[object, ...], Decimal, Decimal, Decimal, Explanation | None]]:
    """The base on ``day`` split by daily rate: (merge key, base, numerator, denominator,
    description); the daily rate is numerator / denominator."""
    if isinstance(rate, FixedDaily):
        return [(("fixed", rate.percent_per_day), base, rate.percent_per_day, Decimal(100),
                 rate.explain())]
    if isinstance(rate, MonthlyProRata):
        return [(("monthly", rate.percent_per_month, rate.days_in_month), base,
                 rate.percent_per_month, Decimal(100 * rate.days_in_month), rate.explain())]
    if rule.reference_rate_date_rule is RateDate.EACH_DAY:
        percent, capped = rule.reference_percent(day)
        return [_reference_group(rule, rate, base, percent, capped)]
    parts: dict[tuple[Decimal, bool], Decimal] = {}
    for first, part, percent, capped in tranches:
        if first is None or first > day:
            parts[percent, capped] = parts.get((percent, capped), ZERO) + part
    return [_reference_group(rule, rate, part, percent, capped)
            for (percent, capped), part in parts.items()]


def _reference_group(rule: PenaltyRule, rate: ReferenceFraction, base: Decimal,
                     percent: Decimal, capped: bool
                     ) -> tuple[tuple[object, ...], Decimal, Decimal, Decimal, Explanation]:
    name = rule.reference_rates.name if rule.reference_rates else ""
    description = Explanation(
        "penalty.rate.reference_capped" if capped else "penalty.rate.reference",
        {"numerator": rate.numerator, "denominator": rate.denominator,
         "percent": Percent(percent), "name": name})
    return (("reference", rate.numerator, rate.denominator, percent, capped), base,
            percent * rate.numerator, Decimal(100 * rate.denominator), description)


def _finish(step: _Open, quantum: Decimal, currency: str) -> PenaltyStep:
    days = (step.end - step.start).days + 1
    params: dict[str, Param] = {"start": step.start, "end": step.end,
                                 "from_day": step.first_day_overdue,
                                 "to_day": step.first_day_overdue + days - 1}
    if step.kind is StepKind.MORATORIUM:
        return PenaltyStep(step.kind, step.start, step.end, days, step.first_day_overdue,
                           step.base, None, ZERO, ZERO,
                           Explanation("penalty.step.moratorium", params))
    amount = step.base * days * step.numerator / step.denominator
    assert step.description is not None
    explanation = Explanation("penalty.step", {
        **params, "base": Amount(step.base, currency), "rate": step.description,
        "days": days,
        "amount": Amount(amount.quantize(quantum, ROUND_HALF_UP), currency)})
    return PenaltyStep(step.kind, step.start, step.end, days, step.first_day_overdue, step.base,
                       step.description, step.numerator / step.denominator, amount, explanation)
