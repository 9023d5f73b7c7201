"""A meter's consumption for a period: a reading, an estimate or the norm, and the true-up."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D
from itertools import pairwise

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from abonent.billing.rating import DateRange
from abonent.billing.rating.usage import (
    Basis,
    EstimatePolicy,
    MeterReading,
    MeterState,
    Usage,
    average_daily,
    meter_usage,
)

from .test_rating_properties import walk

NOVEMBER = DateRange.month(2026, 11)  # 30 days
DECEMBER = DateRange.month(2026, 12)  # 31 days
JANUARY = DateRange.month(2027, 1)
POLICY = EstimatePolicy()  # 3 months of history, averaged over 6, for 3 periods at most
NORM = D(7)  # 3.5 m3 per resident x 2 residents
# A water meter the October bill left at its reading of 31 October, 127.000 m3. 27 m3 in the
# 90 days since 2 August: 0.3 m3 a day.
METER = MeterState(1, multiplier=D(1), digits=5, installed_on=date(2020, 1, 1),
                   initial_value=D(0), billed_value=D("127.000"),
                   billed_through=date(2026, 10, 31),
                   readings=(MeterReading(date(2026, 8, 2), D("100.000")),
                             MeterReading(date(2026, 10, 31), D("127.000"))))


def read(meter, day, value, rollover=False):
    return replace(meter, readings=(*meter.readings, MeterReading(day, D(value), rollover)))


def billed(meter: MeterState, period: DateRange, usage: Usage) -> MeterState:
    """The meter as the next period starts: where this bill left it (what a loader stores)."""
    return replace(meter, billed_value=usage.end_value, billed_through=period.end,
                   assumed_periods=usage.assumed_periods)


def test_a_reading_bills_the_difference_from_the_last_bill():
    usage = meter_usage(read(METER, date(2026, 11, 28), "136.400"), NOVEMBER, policy=POLICY,
                        norm=NORM)
    # 136.400 - 127.000 = 9.400 m3
    assert usage.basis is Basis.READING
    assert (usage.start_value, usage.end_value, usage.consumption) == (
        D("127.000"), D("136.400"), D("9.400"))
    assert usage.reading_day == date(2026, 11, 28)
    assert usage.assumed_periods == 0
    assert not usage.true_up


def test_the_last_of_several_readings_in_the_period_counts():
    meter = read(read(METER, date(2026, 11, 10), "130.000"), date(2026, 11, 28), "136.400")
    assert meter_usage(meter, NOVEMBER, policy=POLICY, norm=NORM).consumption == D("9.400")


def test_a_rollover_adds_the_dial_capacity_and_the_multiplier_scales():
    # A 4-digit electricity meter through a 20:1 current transformer, billed at 9990.
    meter = MeterState(2, multiplier=D(20), digits=4, installed_on=date(2020, 1, 1),
                       initial_value=D(0), billed_value=D("9990.000"),
                       billed_through=date(2026, 10, 31))
    usage = meter_usage(read(meter, date(2026, 11, 25), "15.000", rollover=True), NOVEMBER,
                        policy=POLICY, norm=None)
    # (15 - 9990 + 10^4) x 20 = 25 x 20 = 500 kWh
    assert usage.consumption == D(500)
    assert (usage.start_value, usage.end_value) == (D("9990.000"), D("15.000"))


def test_the_first_bill_starts_from_the_last_reading_before_the_period():
    never_billed = replace(METER, billed_value=None, billed_through=None)
    usage = meter_usage(read(never_billed, date(2026, 11, 28), "136.400"), NOVEMBER,
                        policy=POLICY, norm=NORM)
    assert usage.start_value == D("127.000")
    assert usage.consumption == D("9.400")


def test_a_new_meter_starts_from_its_installation_value():
    new = MeterState(3, multiplier=D(1), digits=5, installed_on=date(2026, 11, 5),
                     initial_value=D("5.000"), readings=(MeterReading(date(2026, 11, 28),
                                                                      D("12.000")),))
    usage = meter_usage(new, NOVEMBER, policy=POLICY, norm=NORM)
    assert (usage.basis, usage.start_value, usage.consumption) == (
        Basis.READING, D("5.000"), D("7.000"))


def test_a_missing_reading_is_estimated_from_the_average_daily_consumption():
    usage = meter_usage(METER, NOVEMBER, policy=POLICY, norm=NORM)
    # (127 - 100) m3 / 90 days = 0.3 m3 a day x 30 days = 9 m3; the billed value advances
    assert average_daily(METER, NOVEMBER, POLICY) == D("0.3")
    assert usage.basis is Basis.ESTIMATE
    assert usage.reason == "missing"
    assert usage.consumption == D(9)
    assert usage.end_value == D("136.000")
    assert usage.assumed_periods == 1


def test_the_next_real_reading_trues_up_the_estimates():
    november = meter_usage(METER, NOVEMBER, policy=POLICY, norm=NORM)
    meter = billed(METER, NOVEMBER, november)
    december = meter_usage(meter, DECEMBER, policy=POLICY, norm=NORM)
    # 0.3 m3 a day x 31 days = 9.3 m3: billed value 136.000 -> 145.300
    assert (december.basis, december.consumption, december.end_value) == (
        Basis.ESTIMATE, D("9.3"), D("145.300"))
    assert december.assumed_periods == 2
    meter = read(billed(meter, DECEMBER, december), date(2027, 1, 28), "150.000")
    january = meter_usage(meter, JANUARY, policy=POLICY, norm=NORM)
    # 150.000 - 145.300 = 4.700 m3; 9 + 9.3 + 4.7 = 23 m3 = 150.000 - 127.000
    assert (january.basis, january.consumption, january.true_up) == (
        Basis.READING, D("4.700"), True)
    assert january.assumed_periods == 0
    assert november.consumption + december.consumption + january.consumption == D(23)


def test_a_true_up_below_the_estimates_is_negative():
    november = meter_usage(METER, NOVEMBER, policy=POLICY, norm=NORM)
    meter = billed(METER, NOVEMBER, november)
    december = meter_usage(meter, DECEMBER, policy=POLICY, norm=NORM)
    meter = read(billed(meter, DECEMBER, december), date(2027, 1, 28), "140.000")
    january = meter_usage(meter, JANUARY, policy=POLICY, norm=NORM)
    # 140.000 - 145.300 = -5.300 m3: 18.3 m3 estimated, 13 m3 used
    assert january.consumption == D("-5.300")
    assert january.true_up


def test_after_max_periods_of_estimates_the_norm_applies():
    meter = replace(METER, assumed_periods=3)  # three periods estimated already
    usage = meter_usage(meter, NOVEMBER, policy=POLICY, norm=NORM)
    assert (usage.basis, usage.reason, usage.consumption) == (
        Basis.NORM, "estimates_used", D(7))
    assert usage.end_value == D("134.000")
    assert usage.assumed_periods == 4


def test_the_norm_after_estimates_can_be_raised_by_a_factor():
    policy = EstimatePolicy(max_periods=0, norm_factor_missing=D("1.2"))
    usage = meter_usage(METER, NOVEMBER, policy=policy, norm=NORM)
    # no estimate allowed at all: 7 m3 x 1.2 = 8.4 m3
    assert (usage.basis, usage.reason, usage.consumption) == (
        Basis.NORM, "estimates_used", D("8.4"))


def test_without_history_the_norm_applies_at_once():
    new = MeterState(3, multiplier=D(1), digits=5, installed_on=date(2026, 10, 20),
                     initial_value=D(0))
    usage = meter_usage(new, NOVEMBER, policy=POLICY, norm=NORM)
    assert (usage.basis, usage.reason, usage.consumption) == (Basis.NORM, "no_history", D(7))
    assert (usage.start_value, usage.end_value) == (D(0), D(7))
    assert usage.assumed_periods == 1


def test_a_norm_for_a_unit_without_residents_is_zero():
    new = MeterState(3, multiplier=D(1), digits=5, installed_on=date(2026, 10, 20),
                     initial_value=D(0))
    assert meter_usage(new, NOVEMBER, policy=POLICY, norm=None).consumption == 0


def test_an_expired_verification_bills_the_norm_times_its_factor_despite_a_reading():
    meter = replace(read(METER, date(2026, 11, 28), "136.400"),
                    verified_until=date(2026, 11, 15))
    usage = meter_usage(meter, NOVEMBER, policy=EstimatePolicy(norm_factor_unverified=D("1.5")),
                        norm=NORM)
    # the verification ended inside the period: 7 m3 x 1.5 = 10.5 m3, the reading ignored
    assert (usage.basis, usage.reason, usage.consumption) == (
        Basis.NORM, "unverified", D("10.5"))
    assert usage.end_value == D("137.500")


def test_a_verification_valid_through_the_period_keeps_the_reading():
    meter = replace(read(METER, date(2026, 11, 28), "136.400"),
                    verified_until=date(2026, 11, 30))
    assert meter_usage(meter, NOVEMBER, policy=POLICY, norm=NORM).basis is Basis.READING


def test_an_estimate_needs_readings_spanning_min_months():
    def meter_with_first_reading_on(day):
        return replace(METER, readings=(MeterReading(day, D("100.000")),
                                        MeterReading(date(2026, 10, 31), D("127.000"))))
    # "3 months" are 87 days or more: 5 August .. 31 October is 87 days, 6 August 86.
    assert average_daily(meter_with_first_reading_on(date(2026, 8, 5)), NOVEMBER,
                         POLICY) == D(27) / 87
    short = meter_with_first_reading_on(date(2026, 8, 6))
    assert average_daily(short, NOVEMBER, POLICY) is None
    assert meter_usage(short, NOVEMBER, policy=POLICY, norm=NORM).reason == "no_history"


def test_readings_older_than_max_months_are_not_averaged():
    # The window is 6 x 30 = 180 days before 1 November: from 5 May.
    meter = replace(METER, readings=(MeterReading(date(2026, 5, 4), D("50.000")),
                                     *METER.readings))
    assert average_daily(meter, NOVEMBER, POLICY) == D("0.3")
    meter = replace(METER, readings=(MeterReading(date(2026, 5, 5), D("49.000")),
                                     *METER.readings))
    assert average_daily(meter, NOVEMBER, POLICY) == D(78) / 179  # (127 - 49) / 179 days


def test_an_estimate_divides_by_the_multiplier_on_the_dial():
    # 45 dial units x 20 = 900 kWh in 90 days: 10 kWh a day, 300 kWh in November = 15 units
    meter = MeterState(2, multiplier=D(20), digits=4, installed_on=date(2020, 1, 1),
                       initial_value=D(0), billed_value=D("9045.000"),
                       billed_through=date(2026, 10, 31),
                       readings=(MeterReading(date(2026, 8, 2), D("9000.000")),
                                 MeterReading(date(2026, 10, 31), D("9045.000"))))
    usage = meter_usage(meter, NOVEMBER, policy=POLICY, norm=None)
    assert (usage.consumption, usage.end_value) == (D(300), D("9060.000"))


def test_an_estimate_that_does_not_divide_evenly_bills_the_millionths_the_dial_moved():
    meter = replace(METER, billed_value=D("100.000"),
                    readings=(MeterReading(date(2026, 8, 1), D("0.000")),
                              MeterReading(date(2026, 10, 31), D("100.000"))))
    usage = meter_usage(meter, NOVEMBER, policy=POLICY, norm=NORM)
    # 100 m3 / 91 days x 30 = 32.96703296... m3: the dial moves to 132.967033, and exactly
    # that is billed, so the next reading trues up to the last millionth.
    assert usage.end_value == D("132.967033")
    assert usage.consumption == D("32.967033")


@pytest.mark.parametrize(("value", "spike"), [("154.000", False), ("154.001", True)])
def test_a_reading_above_the_spike_multiple_of_the_average_is_flagged(value, spike):
    # average 0.3 m3 a day x 30 days = 9 m3; 3 x 9 = 27 m3 is still normal, above is a spike
    usage = meter_usage(read(METER, date(2026, 11, 28), value), NOVEMBER,
                        policy=EstimatePolicy(spike_multiple=D(3)), norm=NORM)
    assert usage.spike is spike


def test_a_float_is_refused():
    with pytest.raises(TypeError):
        MeterReading(date(2026, 11, 28), 136.4)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        replace(METER, multiplier=1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        EstimatePolicy(norm_factor_unverified=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        meter_usage(METER, NOVEMBER, policy=POLICY, norm=7.0)  # type: ignore[arg-type]


# Invariants ---------------------------------------------------------------------------------

CAPACITY = 1000  # a 3-digit dial, so that rollovers are frequent


@st.composite
def meter_histories(draw):
    """A meter read at the start, then months with or without readings, the last one read.

    Returns the meter as first billed, the months, and the true dial movement (unwrapped)."""
    multiplier = draw(st.sampled_from([D(1), D(20), D("0.5"), D("2.5"), D("1.3333")]))
    first = draw(st.decimals(min_value=0, max_value=CAPACITY - D("0.001"), places=3))
    history_days = draw(st.sampled_from([None, 40, 95, 170, 300]))
    start = date(2026, 1, 1)
    readings = [MeterReading(start - timedelta(days=1), first)]
    if history_days is not None:  # an older reading, for an average (maybe too short or old)
        readings.insert(0, MeterReading(start - timedelta(days=history_days),
                                        max(first - draw(st.decimals(0, 30, places=3)), D(0))))
    months = draw(st.integers(1, 10))
    periods = [DateRange.month(2026, number) for number in range(1, months + 1)]
    dial, moved = first, D(0)
    for number, period in enumerate(periods, start=1):
        if number < months and not draw(st.booleans()):
            continue  # no reading this month
        for _ in range(draw(st.integers(1, 2))):
            step = draw(st.decimals(min_value=0, max_value=CAPACITY - D("0.001"), places=3))
            moved += step
            wrapped = dial + step >= CAPACITY
            dial = dial + step - CAPACITY if wrapped else dial + step
            day = period.start + timedelta(days=draw(st.integers(0, period.days - 1)))
            if readings and day <= readings[-1].day:
                day = readings[-1].day + timedelta(days=1)
            readings.append(MeterReading(min(day, period.end), dial, wrapped))
    meter = MeterState(9, multiplier=multiplier, digits=3, installed_on=date(2020, 1, 1),
                       initial_value=D(0), readings=tuple(readings))
    return meter, periods, moved * multiplier


policies = st.builds(
    EstimatePolicy, min_months=st.integers(1, 3), max_months=st.integers(3, 6),
    max_periods=st.integers(0, 4),
    norm_factor_missing=st.sampled_from([D(1), D("1.5")]),
    norm_factor_unverified=st.sampled_from([D(1), D("1.5")]),
    spike_multiple=st.none() | st.sampled_from([D(2), D(3)]))


def bill_months(meter, periods, policy, norm):
    usages = []
    for period in periods:
        visible = replace(meter, readings=tuple(r for r in meter.readings if r.day <= period.end))
        usage = meter_usage(visible, period, policy=policy, norm=norm)
        usages.append(usage)
        meter = billed(meter, period, usage)
    return usages


@given(meter_histories(), policies, st.none() | st.decimals(0, 50, places=4))
def test_once_a_real_reading_arrives_everything_billed_equals_what_the_meter_counted(
        history, policy, norm):
    meter, periods, counted = history
    usages = bill_months(meter, periods, policy, norm)
    assert usages[-1].basis is Basis.READING
    assert sum((usage.consumption for usage in usages), D(0)) == counted
    for before, after in pairwise(usages):
        assert after.start_value == before.end_value  # each bill starts where the last ended
    for usage in usages:
        assert not any(isinstance(leaf, float) for leaf in walk(usage))
        if usage.basis is not Basis.READING:  # assumed: never negative, exactly the dial move
            assert usage.consumption >= 0
            assert usage.consumption == (usage.end_value - usage.start_value) * meter.multiplier
            assert usage.end_value == usage.end_value.quantize(D("0.000001"))


@given(meter_histories(), policies, st.decimals(0, 50, places=4))
def test_periods_without_a_reading_are_estimated_at_most_max_periods_in_a_row(
        history, policy, norm):
    meter, periods, _counted = history
    for usage in bill_months(meter, periods, policy, norm):
        if usage.basis is Basis.ESTIMATE:
            assert 1 <= usage.assumed_periods <= policy.max_periods
        if usage.basis is Basis.NORM and usage.reason == "estimates_used":
            assert usage.assumed_periods > policy.max_periods


@given(meter_histories(), policies, st.none() | st.decimals(0, 50, places=4), st.randoms())
def test_the_order_readings_are_given_in_does_not_matter(history, policy, norm, random):
    # A meter sorts its readings by day once (and keeps them as they are when the loader gives
    # them in order); each period's readings are then found by bisection.
    meter, periods, _counted = history
    assume(len({reading.day for reading in meter.readings}) == len(meter.readings))
    shuffled = list(meter.readings)
    random.shuffle(shuffled)
    for period in periods:
        for billed_through in (None, period.start - timedelta(days=1), period.start):
            ordered = replace(meter, billed_through=billed_through,
                              billed_value=None if billed_through is None else D("1.000"))
            mixed = replace(ordered, readings=tuple(shuffled))
            assert meter_usage(mixed, period, policy=policy, norm=norm) == meter_usage(
                ordered, period, policy=policy, norm=norm)
