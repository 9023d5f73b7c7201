"""Common-meter distribution: the building meter's difference split between its units."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abonent.billing.rating import (
    DateRange,
    Scope,
    Service,
    TariffVersion,
    render,
)
from abonent.billing.rating.account import (
    FOREVER,
    AccountInput,
    Method,
    Plan,
    TariffValue,
    rate_accounts,
)
from abonent.billing.rating.common import (
    Basis,
    Member,
    NegativeRule,
    common_difference,
    distribute,
    source_measured,
    source_norm,
)
from abonent.billing.rating.usage import MeterReading, MeterState

from .test_rating_properties import assert_exact_line

WATER = Service("WATER", "m3", "GEL")
COMMON_WATER = Service("WATER_COMMON", "m3", "GEL")
RATE = D("3.25")
NOVEMBER = DateRange.month(2026, 11)
# Three flats: 54.20 + 45.80 + 100.00 = 200 m2.
FLATS = (Member(1, D("54.20")), Member(2, D("45.80")), Member(3, D("100.00")))


def measured(difference_source=(D("120.000"), D("100.000")), **options):
    building, units = difference_source
    return distribute(COMMON_WATER, FLATS, difference=common_difference(
        measured=building, individual=units, common_area=D(0), norm_per_m2=None),
        rate=RATE, basis=Basis.AREA, source=source_measured(COMMON_WATER, building, units),
        **options)


def amounts(distribution):
    return {account: line.amount for account, line in distribution.lines}


def test_the_building_meters_difference_is_split_by_area():
    distribution = measured()
    # 120 - 100 = 20 m3 over 200 m2: 54.20 -> 5.420 m3, 45.80 -> 4.580 m3, 100 -> 10.000 m3.
    # 5.420 x 3.25 = 17.615 -> 17.62; 4.580 x 3.25 = 14.885 -> 14.89; 10 x 3.25 = 32.50.
    assert distribution.difference == D(20)
    assert distribution.distributed == D(20)
    assert [line.quantity for _account, line in distribution.lines] == [
        D("5.42"), D("4.58"), D(10)]
    assert amounts(distribution) == {1: D("17.62"), 2: D("14.89"), 3: D("32.50")}
    # Each line is rounded on its own: 65.01 GEL billed for 20 m3 x 3.25 = 65.00 GEL.
    assert sum(amounts(distribution).values()) == D("65.01")
    assert render(distribution.lines[0][1].explanation) == (
        "building meter 120.000 m3 - units 100.000 m3 = 20.000 m3; "
        "share 54.2 m2 of 200 m2: 5.420 m3 x 3.25 GEL = 17.62 GEL")


def test_the_difference_can_be_split_by_residents():
    members = [Member(1, D(2)), Member(2, D(3)), Member(3, D(0))]
    distribution = distribute(COMMON_WATER, members, difference=D(20), rate=RATE,
                              basis=Basis.RESIDENTS,
                              source=source_measured(COMMON_WATER, D(120), D(100)))
    # 20 m3 over 5 residents: 8 m3 and 12 m3; the empty flat gets nothing.
    assert [line.quantity for _account, line in distribution.lines] == [D(8), D(12), D(0)]
    assert amounts(distribution) == {1: D("26.00"), 2: D("39.00"), 3: D("0.00")}
    assert render(distribution.lines[1][1].formula) == (
        "building meter 120.000 m3 - units 100.000 m3 = 20.000 m3; "
        "share 3 residents of 5 residents: 12.000 m3 x 3.25 GEL")


def test_shares_are_rounded_so_that_they_add_up_to_the_difference():
    equal = [Member(1, D(50)), Member(2, D(50)), Member(3, D(50))]
    distribution = distribute(COMMON_WATER, equal, difference=D(10), rate=RATE,
                              basis=Basis.AREA,
                              source=source_measured(COMMON_WATER, D(110), D(100)))
    # Cumulative shares 3.333333, 6.666667, 10 (6 places): the steps add up to 10 exactly.
    assert [line.quantity for _account, line in distribution.lines] == [
        D("3.333333"), D("3.333334"), D("3.333333")]
    assert distribution.distributed == D(10)


def test_a_share_above_the_cap_is_capped_and_the_rest_is_not_billed():
    distribution = measured(cap=D(8))
    # The big flat's 10 m3 is capped at 8 m3: 8 x 3.25 = 26.00; 2 m3 stay the building's loss.
    assert amounts(distribution) == {1: D("17.62"), 2: D("14.89"), 3: D("26.00")}
    assert distribution.distributed == D(18)
    assert render(distribution.lines[2][1].explanation) == (
        "building meter 120.000 m3 - units 100.000 m3 = 20.000 m3; "
        "share 100 m2 of 200 m2, capped: 8.000 m3 x 3.25 GEL = 26.00 GEL")


def test_a_negative_difference_is_not_distributed_by_default():
    distribution = measured((D("95.000"), D("100.000")))
    assert distribution.difference == D(-5)
    assert distribution.distributed == 0
    assert distribution.lines == ()


def test_a_negative_difference_is_credited_under_the_credit_rule():
    distribution = measured((D("95.000"), D("100.000")), negative=NegativeRule.CREDIT)
    # -5 m3: -1.355 m3 x 3.25 = -4.40375 -> -4.40; -1.145 x 3.25 = -3.72125 -> -3.72;
    # -2.5 x 3.25 = -8.125 -> -8.13 (half-up, away from zero).
    assert amounts(distribution) == {1: D("-4.40"), 2: D("-3.72"), 3: D("-8.13")}
    assert distribution.distributed == D(-5)
    assert render(distribution.lines[2][1].explanation) == (
        "building meter 95.000 m3 - units 100.000 m3 = -5.000 m3; "
        "share 100 m2 of 200 m2: -2.500 m3 x 3.25 GEL = -8.13 GEL")


def test_without_a_building_meter_the_common_area_norm_is_distributed():
    difference = common_difference(measured=None, individual=D(100), common_area=D("120.50"),
                                   norm_per_m2=D("0.05"))
    # 120.50 m2 x 0.05 m3 per m2 = 6.025 m3; the big flat's half: 3.0125 m3 x 3.25 = 9.790625
    distribution = distribute(COMMON_WATER, FLATS, difference=difference, rate=RATE,
                              basis=Basis.AREA,
                              source=source_norm(COMMON_WATER, D("120.50"), D("0.05")))
    assert difference == D("6.025")
    assert amounts(distribution)[3] == D("9.79")
    assert render(distribution.lines[2][1].explanation) == (
        "common area 120.50 m2 x 0.05 m3 per m2 = 6.025 m3; "
        "share 100 m2 of 200 m2: 3.013 m3 x 3.25 GEL = 9.79 GEL")


def test_the_units_billed_consumption_counts_estimates_and_norms():
    """The difference subtracts what the units were billed, however it was found."""
    versions = (TariffVersion(Scope.ORGANIZATION, date(2026, 1, 1),
                              TariffValue(rate=RATE, norm=D("3.5"))),)
    plan = Plan(WATER, Method.METERED, versions, (DateRange(date(2020, 1, 1), FOREVER),))
    always = DateRange(date(2020, 1, 1), FOREVER)
    read = MeterState(11, D(1), 5, date(2020, 1, 1), D(0), billed_value=D("127.000"),
                      billed_through=date(2026, 10, 31),
                      readings=(MeterReading(date(2026, 11, 28), D("136.400")),))
    estimated = MeterState(12, D(1), 5, date(2020, 1, 1), D(0), billed_value=D("127.000"),
                           billed_through=date(2026, 10, 31),
                           readings=(MeterReading(date(2026, 8, 2), D("100.000")),
                                     MeterReading(date(2026, 10, 31), D("127.000"))))
    units = [
        AccountInput(1, 5, D("54.20"), always, (plan,), meters=(("WATER", read),)),
        AccountInput(2, 5, D("45.80"), always, (plan,), meters=(("WATER", estimated),)),
        AccountInput(3, 5, D("100.00"), always, (plan,), residents=(always, always)),
    ]
    results = rate_accounts(units, NOVEMBER)
    individual = sum((result.consumption["WATER"] for result in results), D(0))
    # read 9.400 m3 + estimated 27 m3 / 90 days x 30 = 9.000 m3 + norm 3.5 x 2 = 7.000 m3
    assert [result.consumption["WATER"] for result in results] == [
        D("9.4"), D("9"), D("7")]
    assert individual == D("25.4")
    distribution = measured((D("45.400"), individual))
    assert distribution.difference == D(20)
    assert amounts(distribution) == {1: D("17.62"), 2: D("14.89"), 3: D("32.50")}


def test_distribution_refuses_a_float():
    with pytest.raises(TypeError):
        distribute(COMMON_WATER, FLATS, difference=20.0, rate=RATE,  # type: ignore[arg-type]
                   basis=Basis.AREA, source=source_measured(COMMON_WATER, D(120), D(100)))
    with pytest.raises(TypeError):
        distribute(COMMON_WATER, [Member(1, 54.2)], difference=D(20),  # type: ignore[arg-type]
                   rate=RATE, basis=Basis.AREA,
                   source=source_measured(COMMON_WATER, D(120), D(100)))


# Invariants ---------------------------------------------------------------------------------

weights = st.decimals(min_value=0, max_value=500, places=2)
differences = st.decimals(min_value=-10**4, max_value=10**4, places=6)
members = st.lists(weights, min_size=1, max_size=12).filter(lambda ws: sum(ws) > 0).map(
    lambda ws: [Member(number, weight) for number, weight in enumerate(ws, start=1)])
rates = st.decimals(min_value=0, max_value=100, places=4)


def split(group, difference, rate, **options):
    return distribute(COMMON_WATER, group, difference=difference, rate=rate,
                      basis=Basis.AREA, source=source_measured(COMMON_WATER, D(0), D(0)),
                      **options)


@given(members, differences.filter(lambda d: d > 0), rates)
def test_uncapped_shares_add_up_to_the_difference_exactly(group, difference, rate):
    distribution = split(group, difference, rate)
    shares = [line.quantity for _account, line in distribution.lines]
    assert sum(shares, D(0)) == difference == distribution.distributed
    total = sum((member.weight for member in group), D(0))
    for member, share in zip(group, shares, strict=True):  # each share is its weight's part
        assert abs(share - difference * member.weight / total) <= D("0.000001")
    for line in (line for _account, line in distribution.lines):
        assert_exact_line(line)


@given(members, differences, rates, st.decimals(min_value=0, max_value=1000, places=3))
def test_no_share_exceeds_the_cap_and_nothing_beyond_the_difference_is_billed(
        group, difference, rate, cap):
    distribution = split(group, difference, rate, cap=cap, negative=NegativeRule.CREDIT)
    shares = [line.quantity for _account, line in distribution.lines]
    assert all(share <= cap for share in shares)
    if difference >= 0:
        assert all(share >= 0 for share in shares)
        assert sum(shares, D(0)) == distribution.distributed <= difference


@given(members, differences.filter(lambda d: d < 0), rates)
def test_a_negative_difference_gives_nothing_or_credits_it_all(group, difference, rate):
    assert split(group, difference, rate).lines == ()
    credited = split(group, difference, rate, negative=NegativeRule.CREDIT)
    shares = [line.quantity for _account, line in credited.lines]
    assert all(share <= 0 for share in shares)
    assert sum(shares, D(0)) == difference
