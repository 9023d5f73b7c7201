"""Allocation of a payment to an account's open dues, strategy by strategy."""

from datetime import date
from decimal import Decimal

import pytest

from abonent.billing.rating.explain import render
from abonent.payments.allocation import TEMPLATES, Due, DueKind, Strategy, allocate

CENT = Decimal("0.01")
JAN, FEB = date(2025, 1, 1), date(2025, 2, 1)
DUES = [
    Due("feb-water", FEB, "water", DueKind.CHARGE, Decimal("40.00")),
    Due("jan-penalty", JAN, None, DueKind.PENALTY, Decimal("5.00")),
    Due("jan-water", JAN, "water", DueKind.CHARGE, Decimal("30.00")),
    Due("jan-heating", JAN, "heating", DueKind.CHARGE, Decimal("50.00")),
    Due("feb-penalty", FEB, None, DueKind.PENALTY, Decimal("2.00")),
]


def split(allocation):
    return [(part.key, part.amount) for part in allocation.parts]


def test_oldest_period_first_pays_charges_before_penalties_then_by_service():
    result = allocate(Decimal("100.00"), DUES, Strategy.OLDEST_FIRST, quantum=CENT)
    # January: heating 50 + water 30 (services in alphabetical order), then its penalty 5;
    # February: water gets the 15 left.
    assert split(result) == [("jan-heating", Decimal("50.00")), ("jan-water", Decimal("30.00")),
                             ("jan-penalty", Decimal("5.00")), ("feb-water", Decimal("15.00"))]
    assert result.credit == 0
    assert result.order == ("jan-heating", "jan-water", "jan-penalty", "feb-water",
                            "feb-penalty")
    assert render(result.reason, TEMPLATES) == (
        "oldest period first, charges before penalties: 4 of 5 dues paid")


def test_an_overpayment_pays_everything_and_leaves_a_credit():
    result = allocate(Decimal("150.00"), DUES, quantum=CENT)
    # dues add up to 50 + 30 + 5 + 40 + 2 = 127.00; 150 - 127 = 23.00 credit
    assert result.strategy is Strategy.OLDEST_FIRST
    assert sum(part.amount for part in result.parts) == Decimal("127.00")
    assert result.credit == Decimal("23.00")


def test_penalties_last_pays_every_charge_first():
    result = allocate(Decimal("122.00"), DUES, Strategy.PENALTIES_LAST, quantum=CENT)
    # charges 50 + 30 + 40 = 120, then January's penalty gets 2 of its 5
    assert split(result)[-1] == ("jan-penalty", Decimal("2.00"))
    assert result.paid("feb-penalty") == 0


def test_penalties_first_pays_every_penalty_first():
    result = allocate(Decimal("10.00"), DUES, Strategy.PENALTIES_FIRST, quantum=CENT)
    # penalties 5 + 2 = 7, then the oldest charge (January heating) gets 3
    assert split(result) == [("jan-penalty", Decimal("5.00")), ("feb-penalty", Decimal("2.00")),
                             ("jan-heating", Decimal("3.00"))]


def test_proportional_split_gives_the_leftover_cents_to_the_largest_remainders():
    dues = [Due("a", JAN, "water", DueKind.CHARGE, Decimal("33.33")),
            Due("b", JAN, "waste", DueKind.CHARGE, Decimal("33.33")),
            Due("c", JAN, "power", DueKind.CHARGE, Decimal("33.34"))]
    result = allocate(Decimal("10.00"), dues, Strategy.PROPORTIONAL, quantum=CENT)
    # exact shares 3.333, 3.333, 3.334: 3.33 each (9.99), the cent left goes to c (0.004)
    assert {key: amount for key, amount in split(result)} == {
        "a": Decimal("3.33"), "b": Decimal("3.33"), "c": Decimal("3.34")}
    assert result.credit == 0


def test_proportional_ties_give_the_cent_to_the_oldest_due():
    dues = [Due("mar", date(2025, 3, 1), "water", DueKind.CHARGE, Decimal("10.00")),
            Due("jan", JAN, "water", DueKind.CHARGE, Decimal("10.00")),
            Due("feb", FEB, "water", DueKind.CHARGE, Decimal("10.00"))]
    result = allocate(Decimal("10.00"), dues, Strategy.PROPORTIONAL, quantum=CENT)
    # 3.333... each: 3.33 x 3 = 9.99, the last cent to January
    assert split(result) == [("jan", Decimal("3.34")), ("feb", Decimal("3.33")),
                             ("mar", Decimal("3.33"))]


def test_specified_dues_are_paid_first_and_the_rest_oldest_first():
    result = allocate(Decimal("60.00"), DUES, Strategy.SPECIFIED, quantum=CENT,
                      specified=[("feb-water", None), ("jan-water", Decimal("10.00"))])
    # February water in full (40), 10 on January water, the 10 left oldest first: heating
    assert split(result) == [("feb-water", Decimal("40.00")), ("jan-water", Decimal("10.00")),
                             ("jan-heating", Decimal("10.00"))]
    assert render(result.reason, TEMPLATES) == (
        "as the payer specified (2 named), the rest oldest period first: 3 of 5 dues paid")


def test_a_named_amount_beyond_the_due_goes_on_oldest_first():
    result = allocate(Decimal("60.00"), DUES, Strategy.SPECIFIED, quantum=CENT,
                      specified={"feb-penalty": Decimal("10.00")})
    # the February penalty takes its 2.00; the other 58.00: heating 50, January water 8
    assert split(result) == [("feb-penalty", Decimal("2.00")), ("jan-heating", Decimal("50.00")),
                             ("jan-water", Decimal("8.00"))]


def test_credits_among_the_dues_are_not_paid():
    dues = [Due("refund", JAN, "water", DueKind.CHARGE, Decimal("-20.00")),
            Due("feb", FEB, "water", DueKind.CHARGE, Decimal("10.00"))]
    result = allocate(Decimal("15.00"), dues, quantum=CENT)
    assert split(result) == [("feb", Decimal("10.00"))]
    assert result.credit == Decimal("5.00")
    assert result.order == ("feb",)


@pytest.mark.parametrize(("amount", "dues", "options", "message"), [
    (Decimal("10.005"), DUES, {}, "not a whole multiple"),
    (Decimal("10.00"), [*DUES, DUES[0]], {}, "same key"),
    (Decimal("10.00"), DUES, {"specified": {"jan-water": None}}, "SPECIFIED"),
    (Decimal("10.00"), DUES, {"strategy": Strategy.SPECIFIED}, "SPECIFIED"),
    (Decimal("10.00"), DUES, {"strategy": Strategy.SPECIFIED, "specified": {"nope": None}},
     "not an open due"),
    (Decimal("-1.00"), DUES, {}, "must not be negative"),
])
def test_allocation_refuses_what_it_cannot_do_exactly(amount, dues, options, message):
    with pytest.raises(ValueError, match=message):
        allocate(amount, dues, quantum=CENT, **options)
