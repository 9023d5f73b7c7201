"""A whole account's bill: every service, with proration, benefits, interruptions and meters."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abonent.billing.rating import (
    Band,
    Benefit,
    BenefitGrant,
    DateRange,
    LineKind,
    NormKind,
    Scope,
    Service,
    SocialNorm,
    TariffVersion,
    TaxMode,
    render,
)
from abonent.billing.rating.account import (
    FOREVER,
    RECALCULATION,
    AccountInput,
    Flag,
    Method,
    Plan,
    Reduction,
    TariffValue,
    rate_account,
    rate_accounts,
)
from abonent.billing.rating.usage import EstimatePolicy, MeterReading, MeterState

from .test_rating_properties import assert_exact_line, percents

NOVEMBER = DateRange.month(2026, 11)  # 30 days
ALWAYS = DateRange(date(2020, 1, 1), FOREVER)
MAINTENANCE = Service("MAINT", "m2", "GEL", tax_rate=D(18), tax_mode=TaxMode.INCLUDED)
HEATING = Service("HEAT", "m2", "GEL")
WASTE = Service("WASTE", "resident", "GEL")
WATER = Service("WATER", "m3", "GEL")
ELECTRICITY = Service("ELEC", "kWh", "GEL")
LIFT = Service("LIFT", "account", "GEL")
PENSIONER = Benefit("PENS", "pensioner", D(50), frozenset({"MAINT"}),
                    SocialNorm(NormKind.AREA, D(33), "m2"))


def plan(service, method, value, *, since=date(2020, 1, 1), subscribed=(ALWAYS,), **options):
    return Plan(service, method, (TariffVersion(Scope.ORGANIZATION, since, value),),
                subscribed, **options)


MAINT_PLAN = plan(MAINTENANCE, Method.PER_AREA, TariffValue(rate=D("0.85")))
HEAT_PLAN = plan(HEATING, Method.PER_AREA, TariffValue(rate=D("1.20")))
WASTE_PLAN = plan(WASTE, Method.PER_RESIDENT, TariffValue(rate=D("4.50")))
WATER_PLAN = plan(WATER, Method.METERED, TariffValue(rate=D("3.25"), norm=D("3.5")))
# The water meter as the October bill left it; 27 m3 in the 90 days before: 0.3 m3 a day.
WATER_METER = MeterState(1, multiplier=D(1), digits=5, installed_on=date(2020, 1, 1),
                         initial_value=D(0), billed_value=D("127.000"),
                         billed_through=date(2026, 10, 31),
                         readings=(MeterReading(date(2026, 8, 2), D("100.000")),
                                   MeterReading(date(2026, 10, 31), D("127.000"))))
READ_METER = replace(WATER_METER, readings=(*WATER_METER.readings,
                                            MeterReading(date(2026, 11, 28), D("136.400"))))
THREE = (ALWAYS, ALWAYS, ALWAYS)


def account(*plans, **options):
    options.setdefault("residents", THREE)
    return AccountInput(7, 1, options.pop("area", D("54.20")), options.pop("active", ALWAYS),
                        plans, **options)


def lines(result):
    return [(item.kind, item.line.service_code, item.line.amount) for item in result.lines]


def texts(result):
    return [render(item.line.explanation) for item in result.lines]


# The whole bill (docs/billing.md, "A whole account's bill") -------------------------------

# Ana and Beso live in the flat; Gio moves out on 20 November (his last day charged); Beso is
# away with a document from 1 to 10 November. Ana is a pensioner: -50% on maintenance within
# 33 m2 a person. The heating was off from 12 to 14 November.
HOUSEHOLD = dict(
    residents=(ALWAYS, ALWAYS, DateRange(date(2020, 1, 1), date(2026, 11, 20))),
    absences=((DateRange(date(2026, 11, 1), date(2026, 11, 10)), 1),),
    grants=(BenefitGrant(PENSIONER),),
    reductions=(Reduction("HEAT", DateRange(date(2026, 11, 12), date(2026, 11, 14)), D(100),
                          "heating off"),),
    meters=(("WATER", READ_METER),),
)


def test_a_whole_account_bill_with_a_move_out_an_absence_a_benefit_and_an_interruption():
    result = rate_account(account(MAINT_PLAN, WASTE_PLAN, HEAT_PLAN, WATER_PLAN, **HOUSEHOLD),
                          NOVEMBER)
    assert lines(result) == [
        (LineKind.CHARGE, "MAINT", D("46.07")),    # 54.20 m2 x 0.85
        (LineKind.BENEFIT, "MAINT", D("-14.03")),  # 46.07 x 50% x 33/54.20 = 14.025
        (LineKind.CHARGE, "WASTE", D("10.50")),    # (9.00 x 10 + 13.50 x 10 + 9.00 x 10) / 30
        (LineKind.CHARGE, "HEAT", D("65.04")),     # 54.20 m2 x 1.20
        (RECALCULATION, "HEAT", D("-6.50")),       # 65.04 x 3/30 = 6.504
        (LineKind.CHARGE, "WATER", D("30.55")),    # (136.400 - 127.000) m3 x 3.25
    ]
    assert texts(result) == [
        "54.20 m2 x 0.85 GEL = 46.07 GEL",
        "pensioner -50% within 33 m2: -14.03 GEL",
        "(2 residents x 4.50 GEL) x 10/30 days + (3 residents x 4.50 GEL) x 10/30 days"
        " + (2 residents x 4.50 GEL) x 10/30 days = 10.50 GEL",
        "54.20 m2 x 1.20 GEL = 65.04 GEL",
        "heating off 2026-11-12..2026-11-14: -100% x 3/30 days = -6.50 GEL",
        "9.400 m3 x 3.25 GEL = 30.55 GEL",
    ]
    # 46.07 - 14.03 + 10.50 + 65.04 - 6.50 + 30.55
    assert result.total == D("131.63")
    assert result.total == sum((item.line.total for item in result.lines), D(0))
    # VAT inside maintenance: 46.07 x 18/118 = 7.03; inside its benefit -14.03 x 18/118 = -2.14
    assert [item.line.tax_amount for item in result.lines[:2]] == [D("7.03"), D("-2.14")]
    assert result.consumption == {"WATER": D("9.400")}
    assert result.flags == set()


# Residents: moves and absences -----------------------------------------------------------

def test_a_resident_moving_out_mid_month_is_charged_to_the_last_day():
    gio_leaves = (ALWAYS, ALWAYS, DateRange(date(2020, 1, 1), date(2026, 11, 20)))
    result = rate_account(account(WASTE_PLAN, residents=gio_leaves), NOVEMBER)
    # 3 x 4.50 = 13.50 for 20 days, 2 x 4.50 = 9.00 for 10: (270 + 90) / 30 = 12.00
    assert lines(result) == [(LineKind.CHARGE, "WASTE", D("12.00"))]


def test_an_absence_takes_the_resident_away_for_its_days():
    away = ((DateRange(date(2026, 11, 1), date(2026, 11, 6)), 1),)
    result = rate_account(account(WASTE_PLAN, absences=away), NOVEMBER)
    # 2 residents for 6 days, 3 for 24: (9.00 x 6 + 13.50 x 24) / 30 = (54 + 324) / 30 = 12.60
    assert lines(result) == [(LineKind.CHARGE, "WASTE", D("12.60"))]


def test_an_absence_does_not_change_charges_by_area():
    away = ((DateRange(date(2026, 11, 1), date(2026, 11, 6)), 3),)
    result = rate_account(account(HEAT_PLAN, absences=away), NOVEMBER)
    assert lines(result) == [(LineKind.CHARGE, "HEAT", D("65.04"))]


def test_an_account_closed_mid_month_is_charged_to_its_last_day():
    result = rate_account(account(WASTE_PLAN, HEAT_PLAN, active=DateRange(
        date(2020, 1, 1), date(2026, 11, 10))), NOVEMBER)
    # 13.50 x 10/30 = 4.50; 65.04 x 10/30 = 21.68
    assert lines(result) == [(LineKind.CHARGE, "WASTE", D("4.50")),
                             (LineKind.CHARGE, "HEAT", D("21.68"))]


def test_a_subscription_ending_mid_month_is_charged_to_its_last_day():
    lift = plan(LIFT, Method.FIXED, TariffValue(rate=D("8.00")),
                subscribed=(DateRange(date(2020, 1, 1), date(2026, 11, 15)),))
    result = rate_account(account(lift), NOVEMBER)
    assert lines(result) == [(LineKind.CHARGE, "LIFT", D("4.00"))]  # 8.00 x 15/30
    assert texts(result) == ["(fixed 8.00 GEL) x 15/30 days = 4.00 GEL"]


def test_a_price_change_mid_month_splits_every_method_by_days():
    versions = (TariffVersion(Scope.ORGANIZATION, date(2026, 1, 1), TariffValue(rate=D("3.00"))),
                TariffVersion(Scope.ORGANIZATION, date(2026, 11, 11),
                              TariffValue(rate=D("3.25"))))
    water = Plan(WATER, Method.METERED, versions, (ALWAYS,))
    meter = replace(READ_METER, readings=(MeterReading(date(2026, 11, 28), D("139.400")),))
    result = rate_account(account(water, meters=(("WATER", meter),)), NOVEMBER)
    # 12.400 m3: (37.20 x 10 + 40.30 x 20) / 30 = 39.2666... -> 39.27
    assert lines(result) == [(LineKind.CHARGE, "WATER", D("39.27"))]
    assert texts(result) == [
        "(12.400 m3 x 3.00 GEL) x 10/30 days + (12.400 m3 x 3.25 GEL) x 20/30 days"
        " = 39.27 GEL"]


def test_without_a_tariff_in_force_the_service_is_flagged_and_not_charged():
    later = plan(HEATING, Method.PER_AREA, TariffValue(rate=D("1.20")), since=date(2026, 12, 1))
    result = rate_account(account(later, WASTE_PLAN), NOVEMBER)
    assert lines(result) == [(LineKind.CHARGE, "WASTE", D("13.50"))]
    assert result.flags == {Flag.NO_TARIFF}


def test_common_meter_services_are_left_to_the_building():
    common = plan(Service("WATER_COMMON", "m3", "GEL"), Method.COMMON, TariffValue(rate=D(1)))
    assert rate_account(account(common), NOVEMBER).lines == []


# Benefits ---------------------------------------------------------------------------------

def test_a_benefit_within_a_social_norm_applies_to_its_services_only():
    result = rate_account(account(MAINT_PLAN, HEAT_PLAN, grants=(BenefitGrant(PENSIONER),)),
                          NOVEMBER)
    assert lines(result) == [(LineKind.CHARGE, "MAINT", D("46.07")),
                             (LineKind.BENEFIT, "MAINT", D("-14.03")),
                             (LineKind.CHARGE, "HEAT", D("65.04"))]


# Interruptions and low quality --------------------------------------------------------------

def test_an_interruption_is_recalculated_by_days():
    off = Reduction("HEAT", DateRange(date(2026, 11, 12), date(2026, 11, 14)), D(100),
                    "heating off")
    result = rate_account(account(HEAT_PLAN, reductions=(off,)), NOVEMBER)
    assert lines(result) == [(LineKind.CHARGE, "HEAT", D("65.04")),
                             (RECALCULATION, "HEAT", D("-6.50"))]  # 65.04 x 3/30 = 6.504
    assert texts(result)[1] == "heating off 2026-11-12..2026-11-14: -100% x 3/30 days = -6.50 GEL"


def test_low_quality_for_some_hours_is_recalculated_by_hours():
    cold = Reduction("HEAT", DateRange(date(2026, 11, 20), date(2026, 11, 20)), D(50),
                     "low temperature", hours=D(12))
    result = rate_account(account(HEAT_PLAN, reductions=(cold,)), NOVEMBER)
    # 65.04 x 50% x 12 / 720 h = 0.542 -> 0.54
    assert lines(result)[1] == (RECALCULATION, "HEAT", D("-0.54"))
    assert texts(result)[1] == (
        "low temperature 2026-11-20..2026-11-20: -50% x 12 h/720 h = -0.54 GEL")


def test_an_interruption_reduces_what_is_left_to_pay_after_the_benefit():
    half = Benefit("HALF", "veteran", D(50), frozenset({"WASTE"}))
    off = Reduction("WASTE", DateRange(date(2026, 11, 1), date(2026, 11, 10)), D(100),
                    "no collection")
    result = rate_account(account(WASTE_PLAN, grants=(BenefitGrant(half),), reductions=(off,)),
                          NOVEMBER)
    # 13.50 - 6.75 = 6.75 to pay; 10 of 30 days without collection: 6.75 x 10/30 = 2.25.
    # 4.50 left = 20 days of 13.50 at half price.
    assert lines(result) == [(LineKind.CHARGE, "WASTE", D("13.50")),
                             (LineKind.BENEFIT, "WASTE", D("-6.75")),
                             (RECALCULATION, "WASTE", D("-2.25"))]
    assert result.total == D("4.50")


def test_an_interruption_after_the_account_closed_reduces_nothing():
    off = Reduction("WASTE", DateRange(date(2026, 11, 20), date(2026, 11, 25)), D(100), "off")
    closed = DateRange(date(2020, 1, 1), date(2026, 11, 10))
    result = rate_account(account(WASTE_PLAN, active=closed, reductions=(off,)), NOVEMBER)
    assert lines(result) == [(LineKind.CHARGE, "WASTE", D("4.50"))]


def test_an_interruption_of_a_partly_billed_month_is_a_share_of_the_billed_days():
    off = Reduction("WASTE", DateRange(date(2026, 11, 5), date(2026, 11, 7)), D(100), "off")
    closed = DateRange(date(2020, 1, 1), date(2026, 11, 10))
    result = rate_account(account(WASTE_PLAN, active=closed, reductions=(off,)), NOVEMBER)
    # 4.50 for 10 days billed, 3 of them without service: 4.50 x 3/10 = 1.35 (= 13.50 x 3/30)
    assert lines(result) == [(LineKind.CHARGE, "WASTE", D("4.50")),
                             (RECALCULATION, "WASTE", D("-1.35"))]
    assert texts(result)[1] == "off 2026-11-05..2026-11-07: -100% x 3/10 days = -1.35 GEL"


def test_overlapping_interruptions_never_take_more_than_the_charge():
    off = Reduction("HEAT", DateRange(date(2026, 11, 1), date(2026, 11, 20)), D(100),
                    "heating off")
    cold = Reduction("HEAT", NOVEMBER, D(50), "low temperature")
    result = rate_account(account(HEAT_PLAN, reductions=(off, cold)), NOVEMBER)
    # 65.04 x 20/30 = 43.36, then 50% of the month would be 32.52: only 21.68 is left
    assert lines(result) == [(LineKind.CHARGE, "HEAT", D("65.04")),
                             (RECALCULATION, "HEAT", D("-43.36")),
                             (RECALCULATION, "HEAT", D("-21.68"))]
    assert texts(result)[2] == ("low temperature 2026-11-01..2026-11-30: -50% x 30/30 days, "
                                "at most the rest of the charge = -21.68 GEL")
    assert result.total == 0


def test_every_explanation_template_has_a_translatable_wording_with_the_same_placeholders():
    """The pages render explanations with billing/explain.py's wording: a template id the
    core uses and the map lacks would fail there, in the reader's language only."""
    from string import Formatter

    from abonent.billing.explain import TRANSLATED
    from abonent.billing.rating.explain import TEMPLATES as RATING
    from abonent.payments.allocation import TEMPLATES as ALLOCATION
    from abonent.payments.penalties import TEMPLATES as PENALTIES

    def placeholders(text):
        return sorted(name for _text, name, _spec, _conv in Formatter().parse(text) if name)

    TEMPLATES = {**RATING, **ALLOCATION, **PENALTIES}
    assert sorted(TRANSLATED) == sorted(TEMPLATES)
    for template_id, wording in TEMPLATES.items():
        assert placeholders(str(TRANSLATED[template_id])) == placeholders(wording), template_id


# Meters -----------------------------------------------------------------------------------

def test_a_metered_service_without_a_meter_is_billed_by_the_norm_of_the_residents():
    result = rate_account(account(WATER_PLAN, **{**HOUSEHOLD, "meters": ()}), NOVEMBER)
    # 3.5 m3 x 2, 3, 2 residents for 10 days each: (22.75 + 34.125 + 22.75) x 10 / 30
    # = 796.25 / 30 = 26.5416... -> 26.54; consumption (7 + 10.5 + 7) x 10 / 30 = 8.1666... m3
    assert lines(result) == [(LineKind.CHARGE, "WATER", D("26.54"))]
    assert result.consumption["WATER"] == D("245") / 30
    assert texts(result) == [
        "(norm 3.500 m3 x 2 residents x 3.25 GEL) x 10/30 days"
        " + (norm 3.500 m3 x 3 residents x 3.25 GEL) x 10/30 days"
        " + (norm 3.500 m3 x 2 residents x 3.25 GEL) x 10/30 days = 26.54 GEL"]


def test_a_missing_reading_is_billed_as_an_estimate_and_flagged():
    result = rate_account(account(WATER_PLAN, meters=(("WATER", WATER_METER),)), NOVEMBER)
    # 0.3 m3 a day x 30 days = 9.000 m3 x 3.25 = 29.25
    assert texts(result) == ["estimated 9.000 m3 x 3.25 GEL = 29.25 GEL"]
    assert result.flags == {Flag.MISSING_READING, Flag.ESTIMATED}
    assert [usage.consumption for _code, usage in result.usages] == [D(9)]


def test_a_meter_without_history_is_billed_by_the_norm_and_flagged():
    new = MeterState(2, multiplier=D(1), digits=5, installed_on=date(2026, 10, 20),
                     initial_value=D(0))
    result = rate_account(account(WATER_PLAN, residents=(ALWAYS, ALWAYS),
                                  meters=(("WATER", new),)), NOVEMBER)
    # 3.5 m3 x 2 residents = 7.000 m3 x 3.25 = 22.75
    assert texts(result) == ["by norm, no reading: 7.000 m3 x 3.25 GEL = 22.75 GEL"]
    assert result.flags == {Flag.MISSING_READING, Flag.NORM_FALLBACK}


def test_an_overdue_verification_is_billed_by_the_norm_times_its_factor():
    overdue = replace(READ_METER, verified_until=date(2026, 10, 31))
    result = rate_account(account(WATER_PLAN, residents=(ALWAYS, ALWAYS),
                                  meters=(("WATER", overdue),)), NOVEMBER,
                          policy=EstimatePolicy(norm_factor_unverified=D("1.5")))
    # 7 m3 x 1.5 = 10.500 m3 x 3.25 = 34.125 -> 34.13; a reading was given: not "missing"
    assert texts(result) == ["by norm, no reading: 10.500 m3 x 3.25 GEL = 34.13 GEL"]
    assert result.flags == {Flag.NORM_FALLBACK}


def test_a_reading_after_estimates_trues_up_and_is_flagged():
    after_two_estimates = replace(WATER_METER, billed_value=D("145.300"),
                                  billed_through=date(2026, 12, 31), assumed_periods=2,
                                  readings=(MeterReading(date(2027, 1, 28), D("150.000")),))
    result = rate_account(account(WATER_PLAN, meters=(("WATER", after_two_estimates),)),
                          DateRange.month(2027, 1))
    # 150.000 - 145.300 = 4.700 m3 x 3.25 = 15.275 -> 15.28
    assert texts(result) == ["4.700 m3 x 3.25 GEL = 15.28 GEL"]
    assert result.flags == {Flag.TRUE_UP}


def test_estimates_and_their_true_up_bill_what_the_meter_counted():
    meter, bills = WATER_METER, []
    for period, reading in [(NOVEMBER, None), (DateRange.month(2026, 12), None),
                            (DateRange.month(2027, 1), (date(2027, 1, 28), D("150.000")))]:
        if reading:
            meter = replace(meter, readings=(*meter.readings, MeterReading(*reading)))
        result = rate_account(account(WATER_PLAN, meters=(("WATER", meter),)), period)
        bills.append(result)
        (_code, usage), = result.usages  # what the run stores; the next bill starts there
        meter = replace(meter, billed_value=usage.end_value, billed_through=period.end,
                        assumed_periods=usage.assumed_periods)
    assert [texts(bill) for bill in bills] == [
        ["estimated 9.000 m3 x 3.25 GEL = 29.25 GEL"],   # 0.3 m3 a day x 30 days
        ["estimated 9.300 m3 x 3.25 GEL = 30.23 GEL"],   # x 31 days: 30.225 -> 30.23
        ["4.700 m3 x 3.25 GEL = 15.28 GEL"],             # 150.000 - 145.300: 15.275 -> 15.28
    ]
    assert [bill.usages[0][1].end_value for bill in bills] == [
        D("136.000"), D("145.300"), D("150.000")]
    # 9 + 9.3 + 4.7 = 23 m3 = 150.000 - 127.000 exactly; the money, rounded per bill, is
    # 74.76 GEL where 23 m3 x 3.25 = 74.75 GEL
    assert sum((bill.consumption["WATER"] for bill in bills), D(0)) == D(23)
    assert sum((bill.total for bill in bills), D(0)) == D("74.76")


NEGATIVE = replace(WATER_METER, billed_value=D("145.300"), billed_through=date(2026, 12, 31),
                   assumed_periods=2, readings=(MeterReading(date(2027, 1, 28), D("140.000")),))


def test_a_true_up_below_the_estimates_is_credited():
    result = rate_account(account(WATER_PLAN, meters=(("WATER", NEGATIVE),)),
                          DateRange.month(2027, 1))
    # 140.000 - 145.300 = -5.300 m3: nothing to charge, -5.300 x 3.25 = -17.225 -> -17.23
    assert lines(result) == [(LineKind.CHARGE, "WATER", D("0.00")),
                             (RECALCULATION, "WATER", D("-17.23"))]
    assert texts(result) == [
        "0.000 m3 x 3.25 GEL = 0.00 GEL",
        "true-up of estimated consumption: -5.300 m3 x 3.25 GEL = -17.23 GEL"]
    assert result.consumption == {"WATER": D("-5.300")}
    assert result.total == D("-17.23")


def test_a_true_up_credit_takes_back_the_benefit_given_on_the_estimate():
    half = Benefit("HALF", "pensioner", D(50), frozenset({"WATER"}))
    result = rate_account(account(WATER_PLAN, meters=(("WATER", NEGATIVE),),
                                  grants=(BenefitGrant(half),)), DateRange.month(2027, 1))
    # The 5.3 m3 estimated too much were billed at half price: half of the credit is
    # given back, 17.23 x 50% = 8.615 -> 8.62. Credit -17.23 + 8.62 = -8.61.
    assert lines(result)[1:] == [(RECALCULATION, "WATER", D("-17.23")),
                                 (LineKind.BENEFIT, "WATER", D("8.62"))]
    assert texts(result)[2] == "pensioner -50%: 8.62 GEL"
    assert result.total == D("-8.61")


def test_a_metered_tiered_service_charges_its_bands():
    bands = (Band(D(100), D("0.20")), Band(D(300), D("0.25")), Band(None, D("0.30")))
    elec = plan(ELECTRICITY, Method.TIERED, TariffValue(bands=bands))
    meter = MeterState(3, multiplier=D(1), digits=6, installed_on=date(2020, 1, 1),
                       initial_value=D(0), billed_value=D(1000), billed_through=date(2026, 10, 31),
                       readings=(MeterReading(date(2026, 11, 30), D(1450)),))
    result = rate_account(account(elec, meters=(("ELEC", meter),)), NOVEMBER)
    # 450 kWh = 100 x 0.20 + 200 x 0.25 + 150 x 0.30 = 20 + 50 + 45 = 115.00
    assert texts(result) == [
        "100.000 kWh x 0.20 GEL + 200.000 kWh x 0.25 GEL + 150.000 kWh x 0.30 GEL = 115.00 GEL"]


def test_a_spike_is_flagged():
    spike = replace(WATER_METER, readings=(*WATER_METER.readings,
                                           MeterReading(date(2026, 11, 28), D("160.000"))))
    result = rate_account(account(WATER_PLAN, meters=(("WATER", spike),)), NOVEMBER,
                          policy=EstimatePolicy(spike_multiple=D(3)))
    assert result.flags == {Flag.SPIKE}  # 33 m3 > 3 x 9 m3


# Invariants ---------------------------------------------------------------------------------

days = st.integers(0, 29).map(lambda offset: NOVEMBER.start + timedelta(days=offset))
money_rates = st.decimals(min_value=0, max_value=50, places=4)


@st.composite
def ranges(draw, open_ended=True):
    first, second = sorted([draw(days), draw(days)])
    start = draw(st.sampled_from([date(2020, 1, 1), first]))
    return DateRange(start, draw(st.sampled_from([FOREVER, second])) if open_ended else second)


@st.composite
def accounts(draw):
    kinds = draw(st.lists(st.sampled_from(
        ["area", "resident", "fixed", "norm", "metered", "unmetered", "tiered"]),
        min_size=1, max_size=5, unique=True))
    plans, meters, codes = [], [], []
    for kind in kinds:
        code = kind.upper()
        codes.append(code)
        service = Service(code, "m3", "GEL", tax_rate=draw(st.sampled_from([D(0), D(18)])),
                          tax_mode=draw(st.sampled_from(TaxMode)))
        value = TariffValue(rate=draw(money_rates), norm=draw(st.decimals(0, 10, places=2)),
                            bands=(Band(D(5), draw(money_rates)), Band(None, draw(money_rates))))
        versions = [TariffVersion(Scope.ORGANIZATION, date(2020, 1, 1), value)]
        if draw(st.booleans()):  # a price change inside the month
            versions.append(TariffVersion(Scope.ORGANIZATION, draw(days),
                                          replace(value, rate=draw(money_rates))))
        method = {"area": Method.PER_AREA, "resident": Method.PER_RESIDENT,
                  "fixed": Method.FIXED, "norm": Method.NORM, "metered": Method.METERED,
                  "unmetered": Method.METERED, "tiered": Method.TIERED}[kind]
        plans.append(Plan(service, method, tuple(versions), (draw(ranges()),)))
        if kind in ("metered", "tiered"):
            start = draw(st.decimals(20, 500, places=3))
            assumed = draw(st.integers(0, 3))  # periods estimated before: a true-up may credit
            end = start + draw(st.decimals(-15 if assumed else 0, 50, places=3))
            readings = [MeterReading(draw(days), end)] if draw(st.booleans()) else []
            if draw(st.booleans()):  # history enough for an estimate
                readings[:0] = [MeterReading(date(2026, 8, 2), start - draw(st.decimals(
                    0, 20, places=3))), MeterReading(date(2026, 10, 31), start)]
            meters.append((code, MeterState(len(meters) + 1, D(1), 5, date(2020, 1, 1), D(0),
                                            billed_value=start,
                                            billed_through=date(2026, 10, 31),
                                            assumed_periods=assumed,
                                            readings=tuple(readings))))
    grants = tuple(BenefitGrant(Benefit(f"B{number}", f"b{number}", draw(percents),
                                        frozenset(draw(st.lists(st.sampled_from(codes)))),
                                        draw(st.none() | st.just(PENSIONER.norm))))
                   for number in range(draw(st.integers(0, 2))))
    reductions = tuple(Reduction(draw(st.sampled_from(codes)), draw(ranges(open_ended=False)),
                                 draw(percents), "off",
                                 draw(st.none() | st.decimals(0, 800, places=1)))
                       for _ in range(draw(st.integers(0, 3))))
    return AccountInput(
        1, 1, draw(st.decimals(0, 200, places=2)), draw(ranges()), tuple(plans),
        residents=tuple(draw(st.lists(ranges(), max_size=4))),
        absences=tuple((draw(ranges(open_ended=False)), draw(st.integers(1, 2)))
                       for _ in range(draw(st.integers(0, 2)))),
        meters=tuple(meters), grants=grants, reductions=reductions)


@given(accounts())
def test_an_accounts_total_is_the_sum_of_its_exact_lines(account_input):
    result = rate_account(account_input, NOVEMBER)
    assert result.total == sum((item.line.amount + (item.line.tax_amount if item.line.tax_mode
                                                    is TaxMode.ADDED else 0)
                                for item in result.lines), D(0))
    for item in result.lines:
        assert_exact_line(item.line)
    assert all(isinstance(value, D) for value in result.consumption.values())


def is_credit(item):
    """A true-up credit, or the benefit it takes back."""
    return (item.line.formula.template_id == "true_up"
            or (item.kind is LineKind.BENEFIT and item.line.amount > 0))


@given(accounts())
def test_benefits_and_interruptions_never_make_a_service_negative(account_input):
    result = rate_account(account_input, NOVEMBER)
    for code in {item.line.service_code for item in result.lines}:
        credit = [item.line.amount for item in result.lines
                  if item.line.service_code == code and is_credit(item)]
        if credit:  # only the benefit's share of the credit is taken back
            assert len(credit) <= 2
            assert credit[0] <= 0
            assert all(0 <= back <= -credit[0] for back in credit[1:])
        items = [item for item in result.lines
                 if item.line.service_code == code and not is_credit(item)]
        charge = sum((item.line.amount for item in items if item.kind is LineKind.CHARGE), D(0))
        benefit = sum((item.line.amount for item in items if item.kind is LineKind.BENEFIT),
                      D(0))
        reductions = [item.line.amount for item in items if item.kind == RECALCULATION]
        assert charge >= 0
        assert -charge <= benefit <= 0
        assert all(amount <= 0 for amount in reductions)
        assert charge + benefit + sum(reductions, D(0)) >= 0


FLOATS = {
    "area": lambda: account(HEAT_PLAN, area=54.2),
    "rate": lambda: account(plan(HEATING, Method.PER_AREA, TariffValue(rate=1.2))),
    "norm": lambda: account(plan(WATER, Method.NORM, TariffValue(rate=D(3), norm=3.5))),
    "reduction percent": lambda: account(HEAT_PLAN, reductions=(
        Reduction("HEAT", NOVEMBER, 50.0, "off"),)),
    "reduction hours": lambda: account(HEAT_PLAN, reductions=(
        Reduction("HEAT", NOVEMBER, D(50), "off", hours=6.0),)),
    "reading": lambda: account(WATER_PLAN, meters=(("WATER", replace(
        WATER_METER, readings=(MeterReading(date(2026, 11, 28), 136.4),))),)),
    "multiplier": lambda: account(WATER_PLAN, meters=(("WATER", replace(
        WATER_METER, multiplier=1.0)),)),
    "billed value": lambda: account(WATER_PLAN, meters=(("WATER", replace(
        WATER_METER, billed_value=127.0)),)),
    "benefit percent": lambda: account(MAINT_PLAN, grants=(BenefitGrant(replace(
        PENSIONER, percent=50.0)),)),
}


@pytest.mark.parametrize("field", FLOATS)
def test_a_float_anywhere_in_an_account_is_refused(field):
    with pytest.raises(TypeError):
        rate_account(FLOATS[field](), NOVEMBER)


def bill_of(result):
    return (repr(result.lines), repr(result.usages), sorted(result.flags),
            repr(result.consumption))


@given(st.lists(accounts(), min_size=2, max_size=4))
def test_accounts_rated_together_are_billed_as_each_alone(inputs):
    # The loader gives a building's accounts the same plans; rated together, what those plans
    # resolve to (tariffs, segments, lines that do not depend on the account) is shared.
    building = [replace(item, account_id=number, plans=inputs[0].plans)
                for number, item in enumerate(inputs, start=1)]
    together = rate_accounts(building, NOVEMBER)
    assert [bill_of(result) for result in together] == [
        bill_of(rate_account(item, NOVEMBER)) for item in building]
