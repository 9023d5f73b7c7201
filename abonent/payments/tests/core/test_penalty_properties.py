"""Invariants of the penalty core, checked by hypothesis against a day-by-day calculation."""

import dataclasses
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from abonent.billing.rating.values import DateRange
from abonent.payments.penalties import (
    Band,
    Debt,
    FixedDaily,
    MonthlyProRata,
    Payment,
    PenaltyRule,
    RateCeiling,
    RateDate,
    RateTable,
    ReferenceFraction,
    StepKind,
    brazil_condominium,
    compute_penalties,
    penalty_for_period,
    plain_daily,
    russia_housing_code,
)

from .oracle import naive_penalties

CENT = Decimal("0.01")
START = date(2024, 1, 1)
END = date(2024, 12, 31)

days = st.integers(min_value=0, max_value=(END - START).days).map(
    lambda n: START + timedelta(days=n))
due_days = st.integers(min_value=0, max_value=180).map(lambda n: START + timedelta(days=n))
as_of_days = st.one_of(days, st.just(END))  # often late, so that debts have a long history
money = st.decimals(min_value=0, max_value=5000, places=2)
percents = st.decimals(min_value=Decimal("0.01"), max_value=3, places=2)


@st.composite
def rate_tables(draw, constant=False):
    first = [(date(2023, 1, 1), draw(st.decimals(min_value=1, max_value=25, places=2)))]
    if constant:
        return RateTable(tuple(first), name="key rate")
    changes = draw(st.lists(st.tuples(days, st.decimals(min_value=1, max_value=25, places=2)),
                            max_size=4, unique_by=lambda pair: pair[0]))
    return RateTable(tuple(first + changes), name="key rate")


@st.composite
def daily_rates(draw, reference):
    kind = draw(st.sampled_from(["fixed", "monthly", "reference"] if reference
                                else ["fixed", "monthly"]))
    if kind == "fixed":
        return FixedDaily(draw(st.decimals(min_value=0, max_value=1, places=3)))
    if kind == "monthly":
        return MonthlyProRata(draw(percents), draw(st.sampled_from([30, 31])))
    return ReferenceFraction(1, draw(st.sampled_from([130, 300, 365])))


@st.composite
def custom_rules(draw, constant_reference=False, cap=None):
    """Made-up rules; ``constant_reference``: one reference rate and no ceiling, so that the
    rate of a payment date does not depend on the date."""
    edges = sorted(draw(st.sets(st.integers(min_value=2, max_value=200), max_size=3)))
    starts = [draw(st.integers(min_value=1, max_value=5)), *edges]
    bands = []
    for index, first in enumerate(starts):
        last = starts[index + 1] - 1 if index + 1 < len(starts) else None
        if last is not None and last < first:
            continue
        bands.append(Band(first, last, draw(daily_rates(reference=True))))
    moratoria = draw(st.lists(st.tuples(days, st.integers(min_value=0, max_value=60)),
                              max_size=2))
    table = draw(rate_tables(constant=constant_reference))
    ceilings = draw(st.lists(st.builds(
        RateCeiling, st.decimals(min_value=1, max_value=15, places=1),
        st.tuples(days, st.integers(min_value=0, max_value=200)).map(
            lambda pair: DateRange(pair[0], pair[0] + timedelta(days=pair[1])))),
        max_size=0 if constant_reference else 1))
    return PenaltyRule(
        schedule=tuple(bands),
        grace_days=draw(st.integers(min_value=0, max_value=40)),
        fine_percent=draw(st.sampled_from([Decimal(0), Decimal(2), Decimal("0.5")])),
        moratoria=tuple(DateRange(first, first + timedelta(days=length))
                        for first, length in moratoria),
        cap_percent=cap if cap is not None else draw(st.none() | st.decimals(
            min_value=1, max_value=50, places=1)),
        reference_rates=table,
        reference_rate_date_rule=draw(st.sampled_from(RateDate)),
        reference_ceilings=tuple(ceilings),
        payment_day_accrues=draw(st.booleans()),
    )


def rules(monotone=False):
    """Rule presets and made-up rules. ``monotone``: without reference rates taken on payment
    dates that change, where paying earlier can meet a higher rate."""
    return st.one_of(
        percents.map(plain_daily),
        st.just(brazil_condominium()),
        rate_tables(constant=monotone).map(lambda table: russia_housing_code(table)),
        custom_rules(constant_reference=monotone),
    )


debt_lists = st.lists(st.builds(Debt, st.integers(min_value=1, max_value=10**6), money,
                               due_days),
                      min_size=1, max_size=4, unique_by=lambda debt: debt.key)
payment_lists = st.lists(st.builds(Payment, days, money), max_size=4)


def totals(rule, debts, payments, as_of):
    return compute_penalties(rule, debts, payments, as_of=as_of, quantum=CENT)


@settings(max_examples=150, deadline=None)
@given(rules(), debt_lists, payment_lists, as_of_days)
def test_the_step_wise_penalty_equals_the_day_by_day_one(rule, debts, payments, as_of):
    result = totals(rule, debts, payments, as_of)
    expected = naive_penalties(rule, debts, payments, as_of)
    for debt in debts:
        found = result.for_debt(debt.key)
        exact = found.exact if found else Decimal(0)
        assert abs(exact - expected[debt.key]) < Decimal("1e-15")
        if found:
            assert found.total == found.exact.quantize(CENT, rounding=ROUND_HALF_UP)
    assert result.total == sum((debt.total for debt in result.debts), Decimal(0))


@settings(max_examples=100, deadline=None)
@given(rules(), debt_lists, payment_lists, as_of_days)
def test_merged_steps_leave_no_two_mergeable_neighbours(rule, debts, payments, as_of):
    for debt in totals(rule, debts, payments, as_of).debts:
        for step in debt.steps:
            assert step.days == (step.end - step.start).days + 1 >= 1
            neighbours = [other for other in debt.steps
                          if other.start == step.end + timedelta(days=1)
                          and other.kind is step.kind
                          and other.rate_description == step.rate_description]
            if step.kind is StepKind.ACCRUAL:
                neighbours = [other for other in neighbours if other.base == step.base]
            assert neighbours == []


@settings(deadline=None)
@given(rules(), debt_lists, payment_lists, as_of_days)
def test_zero_debts_owe_no_penalty(rule, debts, payments, as_of):
    zero = [dataclasses.replace(debt, amount=Decimal(0)) for debt in debts]
    result = totals(rule, zero, payments, as_of)
    assert result.debts == () and result.total == 0


@settings(max_examples=150, deadline=None)
@given(rules(monotone=True), debt_lists, payment_lists, as_of_days, st.data())
def test_paying_earlier_never_increases_the_penalty(rule, debts, payments, as_of, data):
    if not payments:
        payments = [Payment(data.draw(days), data.draw(money))]
    index = data.draw(st.integers(min_value=0, max_value=len(payments) - 1))
    moved = payments[index]
    earlier = dataclasses.replace(moved, value_date=max(
        START, moved.value_date - timedelta(days=data.draw(st.integers(1, 90)))))
    changed = [*payments[:index], earlier, *payments[index + 1:]]
    assert totals(rule, debts, changed, as_of).total <= totals(rule, debts, payments, as_of).total


@settings(deadline=None)
@given(st.decimals(min_value=1, max_value=30, places=1).flatmap(
    lambda cap: st.tuples(st.just(cap), custom_rules(cap=cap))), debt_lists, payment_lists,
       as_of_days)
def test_a_penalty_never_exceeds_the_cap(cap_and_rule, debts, payments, as_of):
    cap, rule = cap_and_rule
    for debt_penalty in totals(rule, debts, payments, as_of).debts:
        limit = debt_penalty.debt * cap / 100
        assert debt_penalty.exact <= limit
        assert debt_penalty.total <= limit.quantize(CENT, rounding=ROUND_HALF_UP)


@settings(max_examples=100, deadline=None)
@given(rules(), debt_lists, payment_lists, st.integers(min_value=1, max_value=12),
       st.none() | st.decimals(min_value=0, max_value=20, places=2))
def test_monthly_penalties_add_up_to_the_whole_spans(rule, debts, payments, months, minimum):
    """Exactly: each month posts its rounded total up to the month's end minus what was
    posted before, so the sum telescopes. With a minimum, what is still held back is the
    difference."""
    rule = dataclasses.replace(rule, minimum=minimum)
    charged: dict = {}
    posted = Decimal(0)
    for month in range(1, months + 1):
        period = penalty_for_period(rule, debts, payments, DateRange.month(2024, month),
                                    charged, quantum=CENT)
        for line in period.lines:
            charged[line.key] = charged.get(line.key, Decimal(0)) + line.amount
        posted += period.total
        deferred = period.deferred
    whole = totals(rule, debts, payments, DateRange.month(2024, months).end).total
    assert posted + deferred == whole
    if minimum is None:
        assert deferred == 0
