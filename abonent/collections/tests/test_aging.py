"""The aging rule, by hand: days overdue from the period's due date, the buckets' edges, and
the account's credit paying the oldest dues first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from abonent.collections.aging import apply_credit, bucket, days_overdue
from abonent.collections.choices import Bucket


@dataclass
class Due:
    name: str
    amount: D


def test_a_due_is_not_overdue_on_its_due_date_and_one_day_overdue_the_day_after():
    due = dt.date(2026, 12, 25)
    assert bucket(days_overdue(due, dt.date(2026, 12, 1))) == Bucket.CURRENT
    assert bucket(days_overdue(due, due)) == Bucket.CURRENT
    assert bucket(days_overdue(due, dt.date(2026, 12, 26))) == Bucket.DAYS_30


def test_the_buckets_edges():
    assert [bucket(days) for days in (-5, 0, 1, 30, 31, 60, 61, 90, 91, 400)] == [
        Bucket.CURRENT, Bucket.CURRENT, Bucket.DAYS_30, Bucket.DAYS_30, Bucket.DAYS_60,
        Bucket.DAYS_60, Bucket.DAYS_90, Bucket.DAYS_90, Bucket.OVER_90, Bucket.OVER_90]


def test_credit_pays_the_oldest_dues_first():
    dues = [Due("nov-water", D("32.50")), Due("nov-maint", D("21.25")),
            Due("dec-water", D("22.75"))]
    left = [(due.name, amount) for due, amount in apply_credit(dues, D("40.00"))]
    assert left == [("nov-maint", D("13.75")), ("dec-water", D("22.75"))]


def test_no_credit_or_a_negative_one_leaves_every_due_open():
    dues = [Due("a", D("1.00")), Due("b", D("2.00"))]
    assert [a for _d, a in apply_credit(dues, D("0.00"))] == [D("1.00"), D("2.00")]
    assert [a for _d, a in apply_credit(dues, D("-5.00"))] == [D("1.00"), D("2.00")]


cents = st.decimals(min_value=D("0.01"), max_value=D("9999.99"), places=2)


@given(st.lists(cents, max_size=12), st.decimals(min_value=D("0.00"), max_value=D("50000"),
                                                 places=2))
def test_what_stays_open_is_the_dues_less_the_credit_never_below_zero(amounts, credit):
    dues = [Due(str(n), amount) for n, amount in enumerate(amounts)]
    left = apply_credit(dues, credit)
    assert sum((a for _d, a in left), D("0")) == max(sum(amounts, D("0")) - credit, D("0"))
    assert all(a > 0 for _d, a in left)
    # the open ones are the newest: everything before the first open due is fully paid
    if left:
        first = dues.index(left[0][0])
        assert [d for d, _a in left] == dues[first:]
