"""Proration by days: price changes, moves and changes of residents inside a period."""

from datetime import date
from decimal import Decimal as D

import pytest

from abonent.billing.rating import (
    DateRange,
    Scope,
    Service,
    TariffVersion,
    metered,
    per_resident,
    prorate,
    render,
    select_version,
    split_period,
    value_on,
    version_changes,
)

WATER = Service("WATER", "m3", "GEL")
WASTE = Service("WASTE", "resident", "GEL")
NOVEMBER = DateRange.month(2026, 11)  # 30 days


def test_a_period_splits_on_each_change_date():
    segments = split_period(NOVEMBER, [date(2026, 11, 11), date(2026, 12, 1), date(2026, 11, 1)])
    # Nov 1 is the period's own start and Dec 1 lies outside: only Nov 11 splits.
    assert segments == [DateRange(date(2026, 11, 1), date(2026, 11, 10)),
                        DateRange(date(2026, 11, 11), date(2026, 11, 30))]
    assert [s.days for s in segments] == [10, 20]


def test_a_price_change_on_the_11th_is_charged_by_days():
    versions = [TariffVersion(Scope.ORGANIZATION, date(2026, 1, 1), D("3.00")),
                TariffVersion(Scope.ORGANIZATION, date(2026, 11, 11), D("3.25"))]
    segments = split_period(NOVEMBER, version_changes(versions, NOVEMBER))
    line = prorate(WATER, NOVEMBER, [
        (segment, metered(WATER, consumption=D("12.400"),
                          rate=select_version(versions, segment.start).value))
        for segment in segments])
    # 12.400 x 3.00 = 37.20 for 10 days, 12.400 x 3.25 = 40.30 for 20 days:
    # (37.20 x 10 + 40.30 x 20) / 30 = (372 + 806) / 30 = 39.2666... -> 39.27
    assert line.amount == D("39.27")
    assert line.quantity == D("12.400")
    assert line.rates == (D("3.00"), D("3.25"))
    assert render(line.explanation) == (
        "(12.400 m3 x 3.00 GEL) x 10/30 days + (12.400 m3 x 3.25 GEL) x 20/30 days"
        " = 39.27 GEL")


def test_a_move_out_on_the_20th_charges_twenty_days():
    moved_in_and_out = DateRange(date(2025, 3, 1), date(2026, 11, 20))  # the 20th is charged
    segments = split_period(NOVEMBER, active=moved_in_and_out)
    assert segments == [DateRange(date(2026, 11, 1), date(2026, 11, 20))]
    line = prorate(WASTE, NOVEMBER, [
        (segment, per_resident(WASTE, residents=3, rate=D("4.50"))) for segment in segments])
    # 3 x 4.50 = 13.50 for the month; 13.50 x 20 / 30 = 9.00
    assert line.amount == D("9.00")
    assert render(line.explanation) == "(3 residents x 4.50 GEL) x 20/30 days = 9.00 GEL"


def test_a_move_in_mid_month_charges_from_that_day():
    segments = split_period(NOVEMBER, active=DateRange(date(2026, 11, 21), date(2099, 1, 1)))
    line = prorate(WASTE, NOVEMBER, [
        (segment, per_resident(WASTE, residents=1, rate=D("4.50"))) for segment in segments])
    # 4.50 x 10 / 30 = 1.50
    assert line.amount == D("1.50")


def test_a_new_resident_mid_month_is_charged_from_registration():
    residents = [(date(2020, 1, 1), 2), (date(2026, 11, 16), 3)]
    segments = split_period(NOVEMBER, [start for start, _count in residents])
    line = prorate(WASTE, NOVEMBER, [
        (segment, per_resident(WASTE, residents=value_on(residents, segment.start),
                               rate=D("4.50")))
        for segment in segments])
    # 2 x 4.50 = 9.00 for 15 days, 3 x 4.50 = 13.50 for 15 days:
    # (9.00 x 15 + 13.50 x 15) / 30 = (135 + 202.50) / 30 = 11.25
    assert line.amount == D("11.25")
    assert line.quantity == D("2.5")  # resident-months: (2 x 15 + 3 x 15) / 30


def test_a_whole_period_segment_is_the_line_itself():
    line = metered(WATER, consumption=D(10), rate=D(3))
    assert prorate(WATER, NOVEMBER, [(NOVEMBER, line)]) is line


def test_amounts_are_summed_before_rounding_once():
    # 0.01 a month on three 10-day segments: each is 0.00333..., summed exactly 0.01.
    line = metered(WATER, consumption=D("0.01"), rate=D(1))
    segments = split_period(NOVEMBER, [date(2026, 11, 11), date(2026, 11, 21)])
    assert prorate(WATER, NOVEMBER, [(s, line) for s in segments]).amount == D("0.01")


def test_overlapping_or_foreign_segments_are_refused():
    line = metered(WATER, consumption=D(1), rate=D(1))
    first = DateRange(date(2026, 11, 1), date(2026, 11, 15))
    with pytest.raises(ValueError, match="overlap"):
        prorate(WATER, NOVEMBER, [(first, line),
                                  (DateRange(date(2026, 11, 15), date(2026, 11, 30)), line)])
    with pytest.raises(ValueError, match="outside the period"):
        prorate(WATER, NOVEMBER, [(DateRange(date(2026, 10, 31), date(2026, 11, 5)), line)])
    with pytest.raises(ValueError, match="cannot be prorated"):
        prorate(WASTE, NOVEMBER, [(first, line)])


def test_value_on_picks_the_latest_value_in_force():
    timeline = [(date(2026, 11, 16), 3), (date(2020, 1, 1), 2)]
    assert value_on(timeline, date(2026, 11, 15)) == 2
    assert value_on(timeline, date(2026, 11, 16)) == 3
    with pytest.raises(LookupError):
        value_on(timeline, date(2019, 12, 31))
