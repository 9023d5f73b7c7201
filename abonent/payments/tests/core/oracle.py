"""A slow, obvious penalty calculation, day by day, to check the step-wise one against.

It reads the rule the way docs/penalties.md states it and shares no code with
``abonent.payments.penalties.compute`` beyond the rule's own lookups.
"""

from datetime import date, timedelta
from decimal import Decimal

from abonent.payments.penalties import (
    Debt,
    FixedDaily,
    MonthlyProRata,
    Payment,
    PenaltyRule,
    RateDate,
    ReferenceFraction,
)


def paid_oldest_first(debts, payments, as_of):
    """(value date, amount) paid against each debt: allocations as named, else oldest due."""
    remaining = {debt.key: debt.amount for debt in debts}
    paid = {debt.key: [] for debt in debts}
    order = sorted(debts, key=lambda debt: debt.due_date)
    for payment in sorted(payments, key=lambda payment: payment.value_date):
        if payment.value_date > as_of:
            continue
        if payment.allocations is not None:
            for key, part in payment.allocations.items():
                if key in remaining and part:
                    remaining[key] -= part
                    paid[key].append((payment.value_date, part))
            continue
        left = payment.amount
        for debt in order:
            part = min(left, remaining[debt.key])
            if part > 0:
                remaining[debt.key] -= part
                left -= part
                paid[debt.key].append((payment.value_date, part))
    return paid


def _daily_fraction(rule: PenaltyRule, rate, percent=None):
    if isinstance(rate, FixedDaily):
        return rate.percent_per_day / 100
    if isinstance(rate, MonthlyProRata):
        return rate.percent_per_month / 100 / rate.days_in_month
    assert isinstance(rate, ReferenceFraction)
    return percent * rate.numerator / 100 / rate.denominator


def naive_debt_penalty(rule: PenaltyRule, debt: Debt, paid, as_of: date) -> Decimal:
    """The debt's penalty (exact, capped, before rounding), one day at a time."""

    def still_owed(day, value_date):
        return value_date >= day if rule.payment_day_accrues else value_date > day

    def base_on(day):
        return debt.amount - sum(part for value_date, part in paid
                                 if not still_owed(day, value_date))

    moratoria = rule.moratoria_for(debt.due_date)
    total = Decimal(0)
    day_overdue = rule.grace_days + 1
    fine_day = debt.due_date + timedelta(days=day_overdue)
    if (rule.fine_percent and fine_day <= as_of and base_on(fine_day) > 0
            and not any(fine_day in m.period for m in moratoria)):
        total += base_on(fine_day) * rule.fine_percent / 100
    day = debt.due_date + timedelta(days=1)
    while day <= as_of:
        number = (day - debt.due_date).days
        band = rule.band_for(number)
        if band is not None and not any(day in m.period for m in moratoria):
            if not isinstance(band.rate, ReferenceFraction):
                total += base_on(day) * _daily_fraction(rule, band.rate)
            elif rule.reference_rate_date_rule is RateDate.EACH_DAY:
                percent, _capped = rule.reference_percent(day)
                total += base_on(day) * _daily_fraction(rule, band.rate, percent)
            else:
                for value_date, part in paid:
                    if still_owed(day, value_date):
                        percent, _capped = rule.reference_percent(value_date)
                        total += part * _daily_fraction(rule, band.rate, percent)
                unpaid = debt.amount - sum(part for _value_date, part in paid)
                if unpaid > 0:
                    percent, _capped = rule.reference_percent(as_of)
                    total += unpaid * _daily_fraction(rule, band.rate, percent)
        day += timedelta(days=1)
    if rule.cap_percent is not None:
        total = min(total, debt.amount * rule.cap_percent / 100)
    return total


def naive_penalties(rule: PenaltyRule, debts: list[Debt], payments: list[Payment],
                    as_of: date) -> dict:
    paid = paid_oldest_first(debts, payments, as_of)
    return {debt.key: naive_debt_penalty(rule, debt, paid[debt.key], as_of) for debt in debts}
