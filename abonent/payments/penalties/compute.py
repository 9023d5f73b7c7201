"""Penalties on an account's debts, step by step over the days they were overdue.

The work is per step, not per day: the days overdue are cut at breakpoints (the end of the
grace days, band boundaries, payment dates, reference-rate changes, moratorium edges, the
calculation date), and each stretch between two breakpoints is one multiplication. Adjacent
stretches with the same base and the same rate are merged into one step, so the printable
breakdown stays short. An account whose debts were all paid in time costs two running sums.

Rounding: steps and the fine keep full precision; a debt's penalty is rounded half-up to
``quantum`` once, at the end; the account's total is the sum of the rounded debt penalties.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import NamedTuple

from abonent.billing.rating.explain import Explanation, Percent
from abonent.billing.rating.values import DateRange, require_decimal

from .applied import never_late, paid_by_debt
from .rules import (
    ONE_DAY,
    DailyRate,
    FixedDaily,
    MonthlyProRata,
    Moratorium,
    PenaltyRule,
    RateDate,
    ReferenceFraction,
)
from .values import (
    ZERO,
    Debt,
    DebtPenalty,
    Payment,
    PenaltyFine,
    PenaltyResult,
    PenaltyStep,
    PeriodLine,
    PeriodPenalty,
    StepKind,
)

HUNDRED = Decimal(100)
# (first day the base is lower, amount, value date), in value-date order
Reduction = tuple[date, Decimal, date]


class RateKey(NamedTuple):
    """Identifies a daily rate: steps merge only when their keys (and bases) are equal."""

    kind: str  # fixed, monthly, reference, moratorium
    percent: Decimal
    numerator: int = 1
    denominator: int = 1  # days in the month for a monthly rate
    capped: bool = False


MORATORIUM = RateKey("moratorium", ZERO)
# merge key, base, numerator, denominator: the daily rate is numerator / denominator
Group = tuple[RateKey, Decimal, Decimal, Decimal]


class _Open:
    """A step being built, extended while the next stretch has the same base and rate."""

    __slots__ = ("base", "denominator", "end", "first_day", "key", "numerator", "start")

    def __init__(self, key: RateKey, start: date, end: date, first_day: int, base: Decimal,
                 numerator: Decimal, denominator: Decimal) -> None:
        self.key, self.start, self.end, self.first_day = key, start, end, first_day
        self.base, self.numerator, self.denominator = base, numerator, denominator


def compute_penalties(rule: PenaltyRule, debts: Sequence[Debt], payments_applied:
                      Iterable[Payment], *, as_of: date, quantum: Decimal,
                      currency: str = "") -> PenaltyResult:
    """Every debt's penalty from its due date up to and including ``as_of``.

    The amount of a debt outstanding on a day is the debt minus what was paid against it with
    a value date before that day (on or before it, when ``rule.payment_day_accrues`` is
    false). Payments with a value date after ``as_of`` are not looked at.
    """
    step = _quantum(quantum)
    first_charge = rule.first_charge_day
    if first_charge is None or not debts:
        return PenaltyResult(as_of, (), ZERO)
    grace = timedelta(days=first_charge)
    horizon = as_of - grace
    if all(debt.due_date > horizon for debt in debts):
        return PenaltyResult(as_of, (), ZERO)  # nothing can be overdue past the grace days yet
    # Paid off on value date v, a debt was owed until v (until v - 1 when the payment day
    # does not accrue): paid off before ``due + in_time``, it was never charged anything.
    in_time = grace if rule.payment_day_accrues else grace + ONE_DAY
    payments = payments_applied if isinstance(payments_applied, Sequence) \
        else list(payments_applied)
    if never_late(debts, payments, in_time, horizon):
        return PenaltyResult(as_of, (), ZERO)
    paid, settled = paid_by_debt(debts, payments, as_of)
    results = []
    descriptions: dict[RateKey, Explanation] = {}  # shared by the debts' steps
    for debt in debts:
        due = debt.due_date
        if due > horizon or not debt.amount:
            continue
        settled_on = settled.get(debt.key)
        if settled_on is not None and settled_on < due + in_time:
            continue
        result = _debt_penalty(rule, debt, paid.get(debt.key, ()), as_of, step, currency,
                               descriptions)
        if result is not None:
            results.append(result)
    return PenaltyResult(as_of, tuple(results), sum((r.total for r in results), ZERO))


def penalty_for_period(rule: PenaltyRule, debts: Sequence[Debt], payments: Iterable[Payment],
                       period: DateRange, already_charged: Mapping[Hashable, Decimal], *,
                       quantum: Decimal, currency: str = "") -> PeriodPenalty:
    """The penalty accrued within ``period``: each debt's rounded penalty up to the period's
    end minus what was already charged for it.

    Because each period posts the difference of rounded totals, the periods' penalties add
    up exactly to the penalty over the whole span. A debt missing from ``debts`` is left as
    charged (the loader may leave out debts paid off before the period).
    """
    result = compute_penalties(rule, debts, payments, as_of=period.end, quantum=quantum,
                               currency=currency)
    if not result.debts and not already_charged:
        return PeriodPenalty(period, (), ZERO, ZERO, result)
    lines = []
    for debt_penalty in result.debts:
        charged = _charged(already_charged, debt_penalty.key)
        if debt_penalty.total != charged:
            lines.append(PeriodLine(debt_penalty.key, debt_penalty.total - charged,
                                    debt_penalty.total, charged))
    if already_charged:
        accrued = {debt_penalty.key for debt_penalty in result.debts}
        for debt in debts:  # charged before, nothing now (a backdated payment): give it back
            charged = _charged(already_charged, debt.key)
            if charged and debt.key not in accrued:
                lines.append(PeriodLine(debt.key, -charged, ZERO, charged))
    posted = sum((line.amount for line in lines), ZERO)
    if rule.minimum is not None and ZERO < posted < rule.minimum:
        return PeriodPenalty(period, (), ZERO, posted, result)
    return PeriodPenalty(period, tuple(lines), posted, ZERO, result)


def _charged(already_charged: Mapping[Hashable, Decimal], key: Hashable) -> Decimal:
    charged = already_charged.get(key)
    return ZERO if charged is None else require_decimal(charged, f"charged for {key!r}")


def _quantum(quantum: object) -> Decimal:
    step = require_decimal(quantum, "quantum")
    if step <= 0:
        raise ValueError(f"quantum must be positive, got {step}")
    return step


def _debt_penalty(rule: PenaltyRule, debt: Debt, paid: Sequence[tuple[date, Decimal]],
                  as_of: date, quantum: Decimal, currency: str,
                  descriptions: dict[RateKey, Explanation]) -> DebtPenalty | None:
    shift = ONE_DAY if rule.payment_day_accrues else timedelta(0)
    reductions = [(value_date + shift, amount, value_date) for value_date, amount in paid]
    moratoria = [m for m in rule.moratoria_for(debt.due_date)
                 if m.period.end > debt.due_date and m.period.start <= as_of
                 ] if rule.moratoria else []
    fine = _fine(rule, debt, reductions, moratoria, as_of, quantum, currency)
    steps = _steps(rule, debt, reductions, moratoria, as_of, quantum, currency, descriptions)
    if fine is None and not steps:
        return None
    accrued = sum((s.amount for s in steps), fine.amount if fine else ZERO)
    cap = None
    exact = accrued
    if rule.cap_percent is not None:
        limit = debt.amount * rule.cap_percent / HUNDRED
        if accrued > limit:
            cap = exact = limit
    return DebtPenalty(key=debt.key, debt=debt.amount, due_date=debt.due_date, fine=fine,
                       steps=tuple(steps), accrued=accrued, cap=cap, exact=exact,
                       total=exact.quantize(quantum, rounding=ROUND_HALF_UP),
                       cap_percent=rule.cap_percent, currency=currency, quantum=quantum)


def _base_on(amount: Decimal, reductions: Sequence[Reduction], day: date) -> Decimal:
    return amount - sum((part for first, part, _value in reductions if first <= day), ZERO)


def _in_moratorium(moratoria: Sequence[Moratorium], day: date) -> bool:
    return any(m.period.start <= day <= m.period.end for m in moratoria)


def _fine(rule: PenaltyRule, debt: Debt, reductions: Sequence[Reduction],
          moratoria: Sequence[Moratorium], as_of: date, quantum: Decimal,
          currency: str) -> PenaltyFine | None:
    if not rule.fine_percent:
        return None
    day_overdue = rule.grace_days + 1
    day = debt.due_date + timedelta(days=day_overdue)
    if day > as_of or _in_moratorium(moratoria, day):
        return None
    base = _base_on(debt.amount, reductions, day)
    if base <= 0:
        return None
    return PenaltyFine(day, day_overdue, base, rule.fine_percent,
                       base * rule.fine_percent / HUNDRED, currency, quantum)


def _breakpoints(rule: PenaltyRule, due: date, start: date, stop: date,
                 reductions: Sequence[Reduction], moratoria: Sequence[Moratorium]) -> list[date]:
    """Sorted days in ``[start, stop]`` on which base, band, rate or moratorium may change."""
    points = {start, stop}
    points.update([due + delta for delta in rule.band_edge_deltas])
    points.update(first for first, _part, _value in reductions)
    for moratorium in moratoria:
        points.add(moratorium.period.start)
        points.add(moratorium.period.end + ONE_DAY)
    if rule.uses_reference and rule.reference_rate_date_rule is RateDate.EACH_DAY:
        assert rule.reference_rates is not None
        points.update(rule.reference_rates.changes(start, stop))
        for ceiling in rule.reference_ceilings:
            points.add(ceiling.during.start)
            points.add(ceiling.during.end + ONE_DAY)
    return sorted([point for point in points if start <= point <= stop])


def _steps(rule: PenaltyRule, debt: Debt, reductions: Sequence[Reduction],
           moratoria: Sequence[Moratorium], as_of: date, quantum: Decimal, currency: str,
           descriptions: dict[RateKey, Explanation]) -> list[PenaltyStep]:
    if rule.first_accrual_day is None:
        return []
    due = debt.due_date
    start = due + timedelta(days=rule.first_accrual_day)
    if start > as_of:
        return []
    cuts = _breakpoints(rule, due, start, as_of + ONE_DAY, reductions, moratoria)
    classes = _rate_classes(rule, debt, reductions, as_of)
    single: dict[int, Group] = {}  # a band's one group when the base is not split by rate
    built: list[_Open] = []
    previous: list[_Open] = []
    base = debt.amount
    index, count = 0, len(reductions)
    for a, b in pairwise(cuts):
        while index < count and reductions[index][0] <= a:
            base -= reductions[index][1]
            index += 1
        if base <= 0:
            break
        day_overdue = (a - due).days
        groups: Sequence[Group]
        if moratoria and _in_moratorium(moratoria, a):
            groups = ((MORATORIUM, base, ZERO, HUNDRED),)
        else:
            number = rule.band_index(day_overdue)
            if number is None:
                previous = []
                continue
            groups = _groups(rule, number, base, a, classes, single)
        current: list[_Open] = []
        for key, part, numerator, denominator in groups:
            step = next((open_step for open_step in previous if open_step.key == key), None)
            if step is not None and step.end == a - ONE_DAY and (
                    key is MORATORIUM or step.base == part):
                step.end = b - ONE_DAY
            else:
                step = _Open(key, a, b - ONE_DAY, day_overdue, part, numerator, denominator)
                built.append(step)
            current.append(step)
        previous = current
    return [_finish(rule, step, descriptions, quantum, currency) for step in built]


def _rate_classes(rule: PenaltyRule, debt: Debt, reductions: Sequence[Reduction],
                  as_of: date) -> dict[tuple[Decimal, bool], list[tuple[date | None, Decimal]]]:
    """For reference rates taken on the payment date: the debt's parts grouped by the rate
    they get, each part with the first day it is no longer owed (None: unpaid at ``as_of``,
    which takes the rate of ``as_of``)."""
    if not rule.uses_reference or rule.reference_rate_date_rule is not RateDate.PAYMENT_DATE:
        return {}
    classes: dict[tuple[Decimal, bool], list[tuple[date | None, Decimal]]] = {}
    unpaid = debt.amount
    for first, part, value_date in reductions:
        classes.setdefault(rule.reference_percent(value_date), []).append((first, part))
        unpaid -= part
    if unpaid > 0:
        classes.setdefault(rule.reference_percent(as_of), []).append((None, unpaid))
    return classes


def _group(rate: DailyRate, percent: Decimal = ZERO, capped: bool = False) -> Group:
    """A rate's merge key and daily fraction (numerator / denominator), with a zero base."""
    if isinstance(rate, FixedDaily):
        return (RateKey("fixed", rate.percent_per_day), ZERO, rate.percent_per_day, HUNDRED)
    if isinstance(rate, MonthlyProRata):
        days = rate.days_in_month
        return (RateKey("monthly", rate.percent_per_month, 1, days), ZERO,
                rate.percent_per_month, HUNDRED * days)
    return (RateKey("reference", percent, rate.numerator, rate.denominator, capped), ZERO,
            percent * rate.numerator, HUNDRED * rate.denominator)


def _groups(rule: PenaltyRule, number: int, base: Decimal, day: date,
            classes: Mapping[tuple[Decimal, bool], Sequence[tuple[date | None, Decimal]]],
            single: dict[int, Group]) -> Sequence[Group]:
    """The base on ``day`` in band ``number``, split by daily rate."""
    group = single.get(number)
    if group is None:
        rate = rule.schedule[number].rate
        if not isinstance(rate, ReferenceFraction):
            group = single[number] = _group(rate)
        elif rule.reference_rate_date_rule is RateDate.EACH_DAY:
            key, _zero, numerator, denominator = _group(rate, *rule.reference_percent(day))
            return ((key, base, numerator, denominator),)
        elif len(classes) == 1:
            group = single[number] = _group(rate, *next(iter(classes)))
        else:
            groups = []
            for (percent, capped), parts in classes.items():
                owed = sum((part for first, part in parts if first is None or first > day),
                           ZERO)
                if owed:
                    key, _zero, numerator, denominator = _group(rate, percent, capped)
                    groups.append((key, owed, numerator, denominator))
            return groups
    return ((group[0], base, group[2], group[3]),)


def _describe(rule: PenaltyRule, key: RateKey) -> Explanation:
    if key.kind == "fixed":
        return Explanation("penalty.rate.fixed", {"percent": Percent(key.percent)})
    if key.kind == "monthly":
        return Explanation("penalty.rate.monthly", {"percent": Percent(key.percent),
                                                    "days_in_month": key.denominator})
    return Explanation(
        "penalty.rate.reference_capped" if key.capped else "penalty.rate.reference",
        {"numerator": key.numerator, "denominator": key.denominator,
         "percent": Percent(key.percent),
         "name": rule.reference_rates.name if rule.reference_rates else ""})


def _finish(rule: PenaltyRule, step: _Open, descriptions: dict[RateKey, Explanation],
            quantum: Decimal, currency: str) -> PenaltyStep:
    days = (step.end - step.start).days + 1
    if step.key is MORATORIUM:
        return PenaltyStep(StepKind.MORATORIUM, step.start, step.end, days, step.first_day,
                           step.base, None, ZERO, ZERO, currency, quantum)
    description = descriptions.get(step.key)
    if description is None:
        description = descriptions[step.key] = _describe(rule, step.key)
    return PenaltyStep(StepKind.ACCRUAL, step.start, step.end, days, step.first_day, step.base,
                       description, step.numerator / step.denominator,
                       step.base * days * step.numerator / step.denominator, currency, quantum)
