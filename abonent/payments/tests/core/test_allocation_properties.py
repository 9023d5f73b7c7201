"""Invariants of allocation, checked by hypothesis over generated dues and payments."""

import random
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from abonent.payments.allocation import Due, DueKind, Strategy, allocate

CENT = Decimal("0.01")
periods = st.sampled_from([date(2025, month, 1) for month in range(1, 7)])
dues_lists = st.lists(
    st.builds(Due, st.integers(min_value=1, max_value=10**6), periods,
              st.none() | st.sampled_from(["water", "heating", "waste"]),
              st.sampled_from(DueKind),
              st.decimals(min_value=-50, max_value=500, places=2)),
    max_size=8, unique_by=lambda due: due.key)
amounts = st.decimals(min_value=0, max_value=3000, places=2)


@st.composite
def allocations(draw):
    dues = draw(dues_lists)
    strategy = draw(st.sampled_from(Strategy))
    specified = None
    if strategy is Strategy.SPECIFIED:
        named = draw(st.lists(st.sampled_from([due.key for due in dues]), unique=True)
                     ) if dues else []
        specified = [(key, draw(st.none() | amounts)) for key in named]
    amount = draw(amounts)
    return dues, strategy, specified, amount, allocate(amount, dues, strategy, quantum=CENT,
                                                       specified=specified)


@settings(deadline=None)
@given(allocations())
def test_parts_and_credit_add_up_to_the_amount_exactly(case):
    dues, _strategy, _specified, amount, result = case
    assert sum((part.amount for part in result.parts), Decimal(0)) + result.credit == amount
    payable = sum((due.amount for due in dues if due.amount > 0), Decimal(0))
    assert result.credit == max(Decimal(0), amount - payable)


@settings(deadline=None)
@given(allocations())
def test_no_due_is_paid_beyond_its_amount_and_credits_are_never_paid(case):
    dues, _strategy, _specified, _amount, result = case
    owed = {due.key: due.amount for due in dues}
    assert len({part.key for part in result.parts}) == len(result.parts)
    for part in result.parts:
        assert 0 < part.amount <= owed[part.key]
        assert part.amount % CENT == 0


@settings(deadline=None)
@given(dues_lists, amounts)
def test_oldest_first_never_pays_a_newer_due_while_an_older_one_is_unpaid(dues, amount):
    result = allocate(amount, dues, Strategy.OLDEST_FIRST, quantum=CENT)
    payable = [due for due in dues if due.amount > 0]
    for older in payable:
        for newer in payable:
            if older.period_start < newer.period_start and result.paid(newer.key) > 0:
                assert result.paid(older.key) == older.amount


@settings(deadline=None)
@given(dues_lists, amounts)
def test_penalties_last_pays_no_penalty_while_a_charge_is_unpaid(dues, amount):
    result = allocate(amount, dues, Strategy.PENALTIES_LAST, quantum=CENT)
    payable = [due for due in dues if due.amount > 0]
    if any(result.paid(due.key) > 0 for due in payable if due.kind is DueKind.PENALTY):
        assert all(result.paid(due.key) == due.amount
                   for due in payable if due.kind is DueKind.CHARGE)


@settings(deadline=None)
@given(dues_lists, amounts)
def test_proportional_parts_are_within_one_cent_of_the_exact_proportion(dues, amount):
    result = allocate(amount, dues, Strategy.PROPORTIONAL, quantum=CENT)
    payable = [due for due in dues if due.amount > 0]
    total = sum((due.amount for due in payable), Decimal(0))
    for due in payable:
        exact = due.amount if amount >= total else amount * due.amount / total
        assert abs(result.paid(due.key) - exact) < CENT


@settings(deadline=None)
@given(allocations(), st.randoms(use_true_random=False))
def test_allocation_is_deterministic_whatever_the_order_of_the_dues(case, rng: random.Random):
    dues, strategy, specified, amount, result = case
    shuffled = list(dues)
    rng.shuffle(shuffled)
    again = allocate(amount, shuffled, strategy, quantum=CENT, specified=specified)
    assert again == result
