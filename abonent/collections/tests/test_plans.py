"""Payment plan schedules and the missed rule, by hand, and the property that instalments
always add up to the total."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abonent.collections.choices import InstalmentState as S
from abonent.collections.plans import add_months, schedule, split, standing


def test_the_last_instalment_takes_the_rounding_remainder():
    assert split(D("100.00"), 3) == [D("33.33"), D("33.33"), D("33.34")]
    assert split(D("0.05"), 3) == [D("0.01"), D("0.01"), D("0.03")]
    assert split(D("300.00"), 3) == [D("100.00")] * 3
    assert split(D("10.00"), 1) == [D("10.00")]


def test_instalments_fall_monthly_from_the_start_on_the_same_day_or_the_months_last():
    plan = schedule(D("100.00"), 3, dt.date(2027, 1, 31))
    assert [(i.number, i.due_date, i.amount) for i in plan] == [
        (1, dt.date(2027, 2, 28), D("33.33")),
        (2, dt.date(2027, 3, 31), D("33.33")),
        (3, dt.date(2027, 4, 30), D("33.34"))]
    assert add_months(dt.date(2027, 11, 15), 3) == dt.date(2028, 2, 15)


def test_a_plan_needs_at_least_one_instalment():
    with pytest.raises(ValueError):
        split(D("10.00"), 0)


PLAN = schedule(D("300.00"), 3, dt.date(2027, 1, 10))  # 100 on Feb 10, Mar 10, Apr 10
START = dt.date(2027, 1, 10)


def states(payments, as_of):
    return [i.state for i in standing(PLAN, payments, start=START, as_of=as_of).instalments]


def test_paid_on_time_then_missed_then_not_yet_due():
    payments = [(dt.date(2027, 2, 9), D("100.00")), (dt.date(2027, 3, 12), D("50.00"))]
    progress = standing(PLAN, payments, start=START, as_of=dt.date(2027, 3, 20))
    assert [i.state for i in progress.instalments] == [S.PAID, S.MISSED, S.UPCOMING]
    assert progress.paid == D("150.00") and progress.due == D("200.00")
    assert progress.behind == D("50.00")
    assert [i.number for i in progress.missed] == [2]


def test_an_instalment_is_missed_only_after_its_due_date():
    assert states([], dt.date(2027, 2, 10)) == [S.UPCOMING] * 3
    assert states([], dt.date(2027, 2, 11)) == [S.MISSED, S.UPCOMING, S.UPCOMING]


def test_a_late_payment_turns_a_missed_instalment_into_paid_late():
    payments = [(dt.date(2027, 2, 20), D("100.00"))]
    assert states(payments, dt.date(2027, 2, 15)) == [S.MISSED, S.UPCOMING, S.UPCOMING]
    assert states(payments, dt.date(2027, 2, 25)) == [S.PAID_LATE, S.UPCOMING, S.UPCOMING]


def test_payments_before_the_start_do_not_count_and_a_big_one_pays_ahead():
    payments = [(dt.date(2027, 1, 5), D("300.00")), (dt.date(2027, 1, 15), D("250.00"))]
    progress = standing(PLAN, payments, start=START, as_of=dt.date(2027, 4, 20))
    assert progress.paid == D("250.00")
    assert [i.state for i in progress.instalments] == [S.PAID, S.PAID, S.MISSED]


@given(total=st.decimals(min_value=D("0.01"), max_value=D("1000000.00"), places=2),
       count=st.integers(min_value=1, max_value=120))
def test_instalments_always_add_up_to_the_total(total, count):
    if total < D("0.01") * count:
        return
    amounts = [i.amount for i in schedule(total, count, dt.date(2027, 1, 31))]
    assert sum(amounts, D("0")) == total
    assert len(amounts) == count
    assert all(a >= D("0.01") and a.as_tuple().exponent == -2 for a in amounts)
    assert all(a == amounts[0] for a in amounts[:-1]) and amounts[-1] >= amounts[0]
