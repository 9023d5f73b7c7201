"""Penalties in realistic cases, each number computed by hand in the comments."""

from datetime import date
from decimal import Decimal

import pytest

from abonent.billing.rating.values import DateRange
from abonent.payments.penalties import (
    Band,
    Debt,
    FixedDaily,
    Moratorium,
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
    render,
    russia_housing_code,
)

CENT = Decimal("0.01")
# Illustrative: a key rate of 16% throughout 2021 (the real one was 4.25-8.5%), to follow the
# housing code's arithmetic without the 2022-2026 ceiling.
FLAT_16 = [(date(2020, 1, 1), Decimal(16))]
# The Bank of Russia's key rate in 2022-2024, as published.
KEY_RATES = [
    (date(2020, 2, 10), Decimal(6)), (date(2020, 4, 27), Decimal("5.5")),
    (date(2020, 6, 22), Decimal("4.5")), (date(2020, 7, 27), Decimal("4.25")),
    (date(2022, 2, 28), Decimal(20)), (date(2022, 4, 11), Decimal(17)),
    (date(2022, 5, 4), Decimal(14)), (date(2022, 5, 27), Decimal(11)),
    (date(2022, 6, 14), Decimal("9.5")), (date(2022, 7, 25), Decimal(8)),
    (date(2022, 9, 19), Decimal("7.5")), (date(2023, 12, 18), Decimal(16)),
]


def rub(rule, debts, payments, as_of):
    return compute_penalties(rule, debts, payments, as_of=as_of, quantum=CENT, currency="RUB")


def lines(debt_penalty):
    return [render(step.explanation) for step in debt_penalty.steps]


# Russia -------------------------------------------------------------------------------------

def test_russian_debt_paid_in_part_accrues_1_300_then_1_130_of_the_key_rate():
    # 3,000.00 due 10 March 2021; day 1 = 11 March, day 31 = 10 April, day 91 = 9 June.
    # 1,000 paid on 20 May (day 71): the payment day still counts for the 1,000 paid.
    rule = russia_housing_code(FLAT_16)
    result = rub(rule, [Debt("2021-02", Decimal("3000.00"), date(2021, 3, 10))],
                 [Payment(date(2021, 5, 20), Decimal("1000.00"))], date(2021, 6, 30))
    (debt,) = result.debts
    # 10.04-20.05 = 41 days: 3000 x 16% / 300 x 41 = 65.60
    # 21.05-08.06 = 19 days: 2000 x 16% / 300 x 19 = 20.2666...
    # 09.06-30.06 = 22 days: 2000 x 16% / 130 x 22 = 54.1538...
    # total 140.0205... -> 140.02
    assert lines(debt) == [
        "2021-04-10..2021-05-20 (days 31-71): 3000.00 RUB x 1/300 of 16% (key rate) "
        "x 41 days = 65.60 RUB",
        "2021-05-21..2021-06-08 (days 72-90): 2000.00 RUB x 1/300 of 16% (key rate) "
        "x 19 days = 20.27 RUB",
        "2021-06-09..2021-06-30 (days 91-112): 2000.00 RUB x 1/130 of 16% (key rate) "
        "x 22 days = 54.15 RUB",
    ]
    assert debt.fine is None
    assert debt.total == Decimal("140.02") == result.total
    assert render(debt.explanation) == "3000.00 RUB due 2021-03-10: penalty 140.02 RUB"


def test_russian_key_rate_is_at_most_9_5_percent_while_decree_474_holds():
    # The same debt in 2024; the key rate was 16% (from 18.12.2023), decree 474 as extended
    # takes the lower of 9.5% and the rate on the payment (or calculation) day.
    rule = russia_housing_code(KEY_RATES)
    result = rub(rule, [Debt("2024-02", Decimal("3000.00"), date(2024, 3, 10))],
                 [Payment(date(2024, 5, 20), Decimal("1000.00"))], date(2024, 6, 30))
    (debt,) = result.debts
    # 3000 x 9.5% / 300 x 41 = 38.95; 2000 x 9.5% / 300 x 19 = 12.0333...;
    # 2000 x 9.5% / 130 x 22 = 32.1538...; total 83.1372... -> 83.14
    assert lines(debt)[0] == ("2024-04-10..2024-05-20 (days 31-71): 3000.00 RUB x 1/300 of "
                              "9.5% (key rate, capped) x 41 days = 38.95 RUB")
    assert debt.total == Decimal("83.14")


def test_russian_rate_of_the_payment_day_applies_to_the_part_paid_that_day():
    # No ceiling; the key rate goes from 16% to 20% on 1 June 2021. The 1,000 paid on 20 May
    # is charged at 16% (the rate of its payment day), the 2,000 still unpaid at 20% (the rate
    # of the calculation date), each for all its days overdue.
    table = [(date(2021, 1, 1), Decimal(16)), (date(2021, 6, 1), Decimal(20))]
    rule = russia_housing_code(table, ceilings=())
    debts = [Debt("2021-02", Decimal("3000.00"), date(2021, 3, 10))]
    payments = [Payment(date(2021, 5, 20), Decimal("1000.00"))]
    (debt,) = rub(rule, debts, payments, date(2021, 6, 30)).debts
    # 1000 x 16% / 300 x 41 (10.04-20.05) = 21.8666...
    # 2000 x 20% / 300 x 60 (10.04-08.06) = 80.00
    # 2000 x 20% / 130 x 22 (09.06-30.06) = 67.6923...
    # total 169.5589... -> 169.56
    assert [(step.start, step.end, step.base) for step in debt.steps] == [
        (date(2021, 4, 10), date(2021, 5, 20), Decimal("1000.00")),
        (date(2021, 4, 10), date(2021, 6, 8), Decimal("2000.00")),
        (date(2021, 6, 9), date(2021, 6, 30), Decimal("2000.00")),
    ]
    assert debt.total == Decimal("169.56")
    # Each day's own rate instead: 3000 x 16%/300 x 41 = 65.60; 2000 x 16%/300 x 11 (21-31.05)
    # = 11.7333...; 2000 x 20%/300 x 8 (01-08.06) = 10.6666...; 2000 x 20%/130 x 22 = 67.6923...
    # total 155.6923... -> 155.69
    each_day = PenaltyRule(schedule=rule.schedule, grace_days=30, reference_rates=RateTable(
        tuple(table), name="key rate"), reference_rate_date_rule=RateDate.EACH_DAY)
    assert rub(each_day, debts, payments, date(2021, 6, 30)).total == Decimal("155.69")


def test_russian_debt_paid_on_day_30_owes_nothing_and_on_day_31_one_day():
    rule = russia_housing_code(FLAT_16)
    debt = Debt("2021-02", Decimal("3000.00"), date(2021, 3, 10))
    on_day_30 = rub(rule, [debt], [Payment(date(2021, 4, 9), Decimal("3000.00"))],
                    date(2021, 6, 30))
    on_day_31 = rub(rule, [debt], [Payment(date(2021, 4, 10), Decimal("3000.00"))],
                    date(2021, 6, 30))
    assert on_day_30.debts == () and on_day_30.total == 0
    # 3000 x 16% / 300 x 1 = 1.60
    assert on_day_31.total == Decimal("1.60")


def test_covid_moratorium_skips_accrual_but_days_overdue_keep_counting():
    # 1,000.00 due 10 March 2020, unpaid; decree 424: no penalty 06.04.2020-31.12.2020.
    # Day 31 (10 April) falls in the moratorium; on 1 January 2021 the debt is on day 297,
    # so it resumes at 1/130, of the key rate on the calculation date (4.25%).
    rule = russia_housing_code(KEY_RATES)
    (debt,) = rub(rule, [Debt("2020-02", Decimal("1000.00"), date(2020, 3, 10))], [],
                  date(2021, 1, 31)).debts
    # 1000 x 4.25% / 130 x 31 = 10.1346... -> 10.13
    assert lines(debt) == [
        "2020-04-10..2020-12-31 (days 31-296): moratorium, no penalty",
        "2021-01-01..2021-01-31 (days 297-327): 1000.00 RUB x 1/130 of 4.25% (key rate) "
        "x 31 days = 10.13 RUB",
    ]
    assert debt.steps[0].kind is StepKind.MORATORIUM and debt.steps[0].amount == 0
    assert debt.total == Decimal("10.13")


def test_bankruptcy_moratorium_of_2022_covers_only_debts_that_arose_before_it():
    # Decree 497: 01.04.2022-01.10.2022, for obligations that arose before 1 April 2022.
    # Key rate on the calculation date 31.10.2022: 7.5% (below the 9.5% ceiling).
    rule = russia_housing_code(KEY_RATES)
    result = rub(rule, [Debt("2022-02", Decimal("1000.00"), date(2022, 3, 10)),
                        Debt("2022-04", Decimal("1000.00"), date(2022, 5, 10))], [],
                 date(2022, 10, 31))
    old, new = result.debts
    # February's bill: days 31-205 in the moratorium; 02.10-31.10 = 30 days from day 206:
    # 1000 x 7.5% / 130 x 30 = 17.3076... -> 17.31
    assert old.total == Decimal("17.31")
    # April's bill: 10.06-08.08 = 60 days: 1000 x 7.5% / 300 x 60 = 15.00;
    # 09.08-31.10 = 84 days: 1000 x 7.5% / 130 x 84 = 48.4615...; 63.4615... -> 63.46
    assert new.total == Decimal("63.46")
    assert result.total == Decimal("80.77")


# Brazil -------------------------------------------------------------------------------------

def test_brazilian_condominium_fee_20_days_late_pays_2_percent_fine_and_pro_rata_interest():
    rule = brazil_condominium()
    result = compute_penalties(rule, [Debt("2025-03", Decimal("500.00"), date(2025, 3, 10))],
                               [Payment(date(2025, 3, 30), Decimal("500.00"))],
                               as_of=date(2025, 4, 30), quantum=CENT, currency="BRL")
    (debt,) = result.debts
    # fine 500 x 2% = 10.00; interest 500 x 1% x 20/30 = 3.3333...; 13.3333... -> 13.33
    assert render(debt.fine.explanation) == (
        "2025-03-11 (day 1): fine 2% x 500.00 BRL = 10.00 BRL")
    assert lines(debt) == [
        "2025-03-11..2025-03-30 (days 1-20): 500.00 BRL x 1% a month / 30 x 20 days = 3.33 BRL"]
    assert debt.total == Decimal("13.33")


def test_brazilian_fee_paid_one_day_late_still_pays_the_whole_fine():
    result = compute_penalties(brazil_condominium(),
                               [Debt("2025-03", Decimal("500.00"), date(2025, 3, 10))],
                               [Payment(date(2025, 3, 11), Decimal("500.00"))],
                               as_of=date(2025, 4, 30), quantum=CENT)
    # 10.00 + 500 x 1% x 1/30 = 0.1666... -> 10.17
    assert result.total == Decimal("10.17")


def test_a_brazilian_fine_above_2_percent_is_refused():
    with pytest.raises(ValueError, match="at most 2%"):
        brazil_condominium(fine_percent=Decimal(10))


# Moratorium, cap, minimum -------------------------------------------------------------------

def test_a_moratorium_inside_the_span_skips_its_days():
    rule = PenaltyRule(schedule=(Band(1, None, FixedDaily(Decimal("0.1"))),),
                       moratoria=(DateRange(date(2025, 3, 20), date(2025, 3, 29)),))
    (debt,) = compute_penalties(rule, [Debt("Feb", Decimal("1000.00"), date(2025, 3, 1))], [],
                                as_of=date(2025, 3, 31), quantum=CENT).debts
    # 02.03-31.03 = 30 days overdue, 10 of them in the moratorium:
    # 1000 x 0.1% x 18 (02.03-19.03) + 1000 x 0.1% x 2 (30.03-31.03) = 18.00 + 2.00 = 20.00
    assert [(step.kind, step.days, step.amount) for step in debt.steps] == [
        (StepKind.ACCRUAL, 18, Decimal("18.000")), (StepKind.MORATORIUM, 10, 0),
        (StepKind.ACCRUAL, 2, Decimal("2.000"))]
    assert debt.total == Decimal("20.00")


def test_the_cap_limits_a_debts_penalty_fine_included():
    rule = PenaltyRule(schedule=(Band(1, None, FixedDaily(Decimal("0.1"))),),
                       fine_percent=Decimal(2), cap_percent=Decimal(5))
    (debt,) = compute_penalties(rule, [Debt("Jan", Decimal("1000.00"), date(2025, 1, 31))], [],
                                as_of=date(2025, 3, 12), quantum=CENT, currency="EUR").debts
    # 40 days: fine 1000 x 2% = 20 + 1000 x 0.1% x 40 = 40 -> 60, capped at 1000 x 5% = 50.00
    assert debt.accrued == Decimal("60.000") and debt.cap == Decimal(50)
    assert debt.total == Decimal("50.00")
    assert render(debt.explanation) == (
        "1000.00 EUR due 2025-01-31: penalty 60.00 EUR, at most 5% of the debt: 50.00 EUR")


def test_a_period_penalty_below_the_minimum_waits_for_a_later_period():
    rule = PenaltyRule(schedule=(Band(1, None, FixedDaily(Decimal("0.01"))),),
                       minimum=Decimal("5.00"))
    debts = [Debt("Dec", Decimal("1000.00"), date(2025, 1, 10))]  # 0.10 a day
    payments = [Payment(date(2025, 4, 10), Decimal("1000.00"))]
    charged: dict = {}
    posted = []
    for month in (1, 2, 3, 4):
        period = penalty_for_period(rule, debts, payments, DateRange.month(2025, month), charged,
                                    quantum=CENT)
        for line in period.lines:
            charged[line.key] = charged.get(line.key, 0) + line.amount
        posted.append((period.total, period.deferred))
    # January: 11.01-31.01 = 21 days = 2.10 < 5.00, not posted;
    # February: 49 days = 4.90 < 5.00, still not posted; March: 80 days = 8.00 posted;
    # April: paid on 10 April, 90 days = 9.00, the 1.00 more stays below the minimum.
    assert posted == [(0, Decimal("2.10")), (0, Decimal("4.90")), (Decimal("8.00"), 0),
                      (0, Decimal("1.00"))]


def test_monthly_postings_add_up_to_the_penalty_of_the_whole_span():
    rule = russia_housing_code(KEY_RATES)
    debts = [Debt(("acc-1", "2022-01"), Decimal("2500.00"), date(2022, 2, 10)),
             Debt(("acc-1", "2022-02"), Decimal("2700.00"), date(2022, 3, 10))]
    payments = [Payment(date(2022, 6, 1), Decimal("3000.00"))]
    charged: dict = {}
    total = Decimal(0)
    for month in range(2, 13):
        period = penalty_for_period(rule, debts, payments, DateRange.month(2022, month), charged,
                                    quantum=CENT, currency="RUB")
        for line in period.lines:
            charged[line.key] = charged.get(line.key, 0) + line.amount
        total += period.total
    assert total == rub(rule, debts, payments, date(2022, 12, 31)).total > 0


# Payments and allocations -------------------------------------------------------------------

def test_an_unallocated_payment_pays_the_oldest_debt_first():
    rule = plain_daily(Decimal("0.1"))
    debts = [Debt("Feb", Decimal("100.00"), date(2025, 3, 10)),
             Debt("Jan", Decimal("100.00"), date(2025, 2, 10))]
    result = compute_penalties(rule, debts, [Payment(date(2025, 3, 15), Decimal("150.00"))],
                               as_of=date(2025, 3, 20), quantum=CENT)
    jan, feb = result.for_debt("Jan"), result.for_debt("Feb")
    # January: 100 x 0.1% x 33 days (11.02-15.03) = 3.30; paid in full on 15 March.
    # February: 50 paid on 15 March: 100 x 0.1% x 5 (11.03-15.03) + 50 x 0.1% x 5
    # (16.03-20.03) = 0.50 + 0.25 = 0.75
    assert (jan.total, feb.total) == (Decimal("3.30"), Decimal("0.75"))


def test_an_allocated_payment_pays_only_the_debts_it_names():
    rule = plain_daily(Decimal("0.1"))
    debts = [Debt("Jan", Decimal("100.00"), date(2025, 2, 10)),
             Debt("Feb", Decimal("100.00"), date(2025, 3, 10))]
    payment = Payment(date(2025, 3, 15), Decimal("110.00"),
                      allocations={"Feb": Decimal("100.00"), "penalty:Jan": Decimal("10.00")})
    result = compute_penalties(rule, debts, [payment], as_of=date(2025, 3, 20), quantum=CENT)
    # January stays unpaid: 100 x 0.1% x 38 = 3.80; February: 100 x 0.1% x 5 = 0.50
    assert (result.for_debt("Jan").total, result.for_debt("Feb").total) == (
        Decimal("3.80"), Decimal("0.50"))


def test_an_allocation_beyond_what_is_owed_is_an_error():
    payment = Payment(date(2025, 3, 15), Decimal("200.00"), allocations={"Jan": Decimal(200)})
    with pytest.raises(ValueError, match=r"only 100\.00 outstanding"):
        compute_penalties(plain_daily(Decimal(1)),
                          [Debt("Jan", Decimal("100.00"), date(2025, 2, 10))], [payment],
                          as_of=date(2025, 3, 20), quantum=CENT)


def test_when_the_payment_day_does_not_accrue_it_is_not_a_day_of_delay():
    rule = PenaltyRule(schedule=(Band(1, None, FixedDaily(Decimal(1))),),
                       payment_day_accrues=False)
    result = compute_penalties(rule, [Debt("x", Decimal("100.00"), date(2025, 1, 1))],
                               [Payment(date(2025, 1, 6), Decimal("100.00"))],
                               as_of=date(2025, 1, 31), quantum=CENT)
    # paid on day 5: days 1-4 only, 100 x 1% x 4 = 4.00
    assert result.total == Decimal("4.00")


# Shape of the breakdown and the rules -------------------------------------------------------

def test_steps_merge_across_breakpoints_that_change_nothing():
    # Two bands with the same rate and a rate table "change" to the same rate: one step.
    rule = PenaltyRule(schedule=(Band(1, 10, ReferenceFraction(1, 365)),
                                 Band(11, None, ReferenceFraction(1, 365))),
                       reference_rates=RateTable(((date(2025, 1, 1), Decimal(10)),
                                                  (date(2025, 1, 20), Decimal(10)))))
    (debt,) = compute_penalties(rule, [Debt("x", Decimal("365.00"), date(2025, 1, 1))], [],
                                as_of=date(2025, 1, 31), quantum=CENT).debts
    # 365 x 10% / 365 x 30 days = 3.00
    assert [(step.days, step.amount) for step in debt.steps] == [(30, Decimal(3))]


def test_nothing_is_computed_before_a_debt_can_be_late():
    rule = russia_housing_code(FLAT_16)
    result = rub(rule, [Debt("x", Decimal("1000.00"), date(2021, 3, 10))], [], date(2021, 4, 9))
    assert result.debts == () and result.total == 0


def test_a_ceiling_applies_only_to_rate_dates_inside_its_window():
    rule = russia_housing_code(KEY_RATES, ceilings=(RateCeiling(
        Decimal("9.5"), DateRange(date(2022, 2, 28), date(2022, 12, 31))),), moratoria=())
    assert rule.reference_percent(date(2022, 3, 1)) == (Decimal("9.5"), True)
    assert rule.reference_percent(date(2024, 1, 1)) == (Decimal(16), False)


@pytest.mark.parametrize(("schedule", "message"), [
    ((Band(1, 10, FixedDaily(Decimal(1))), Band(5, None, FixedDaily(Decimal(1)))), "overlaps"),
    ((Band(1, None, FixedDaily(Decimal(1))), Band(20, None, FixedDaily(Decimal(1)))),
     "open-ended"),
    ((Band(1, None, ReferenceFraction(1, 300)),), "no reference_rates"),
])
def test_an_inconsistent_schedule_is_refused(schedule, message):
    with pytest.raises(ValueError, match=message):
        PenaltyRule(schedule=schedule)


def test_floats_are_refused():
    with pytest.raises(TypeError, match="Decimal"):
        Debt("x", 100.0, date(2025, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Decimal"):
        FixedDaily(0.1)  # type: ignore[arg-type]


def test_a_key_rate_missing_for_a_rate_date_is_an_error():
    rule = russia_housing_code([(date(2024, 1, 1), Decimal(16))])
    with pytest.raises(LookupError, match="no key rate is known for 2023-"):
        rub(rule, [Debt("x", Decimal(100), date(2023, 1, 10))], [], date(2023, 6, 30))


def test_a_moratorium_for_old_debts_leaves_newer_ones_alone():
    moratorium = Moratorium(DateRange(date(2025, 2, 1), date(2025, 2, 28)),
                            debts_due_until=date(2025, 1, 15))
    rule = PenaltyRule(schedule=(Band(1, None, FixedDaily(Decimal(1))),), moratoria=(moratorium,))
    result = compute_penalties(rule, [Debt("old", Decimal(100), date(2025, 1, 10)),
                                      Debt("new", Decimal(100), date(2025, 1, 20))], [],
                               as_of=date(2025, 2, 28), quantum=CENT)
    # old: 11.01-31.01 = 21 days = 21.00; new: 21.01-28.02 = 39 days = 39.00
    assert (result.for_debt("old").total, result.for_debt("new").total) == (21, 39)
