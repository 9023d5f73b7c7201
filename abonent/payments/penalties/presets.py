"""Ready-made penalty rules for the countries Abonent serves; sources in docs/penalties.md."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from abonent.billing.rating.values import DateRange, require_non_negative

from .rules import (
    Band,
    FixedDaily,
    MonthlyProRata,
    Moratorium,
    PenaltyRule,
    RateCeiling,
    RateDate,
    RateTable,
    ReferenceFraction,
)

# Government decree 474 of 26 March 2022 (from 28 February 2022), extended by decrees 2479
# (2023), 2382 (2024) and 329 of 18 March 2025 (from 1 January 2025 to 1 January 2027): the
# key rate used for housing penalties is the lower of 9.5% (the rate of 27 February 2022) and
# the rate on the day of payment.
RU_KEY_RATE_CEILING = RateCeiling(
    Decimal("9.5"), DateRange(date(2022, 2, 28), date(2026, 12, 31)),
    source="RU decree 474 of 26.03.2022, extended by 2479, 2382 and 329 (to 01.01.2027)")

# Government decree 424 of 2 April 2020: no housing penalties from 6 April 2020 to
# 1 January 2021, for every debt.
RU_COVID_MORATORIUM = Moratorium(DateRange(date(2020, 4, 6), date(2020, 12, 31)),
                                 name="RU decree 424 of 02.04.2020")

# Government decree 497 of 28 March 2022: bankruptcy moratorium from 1 April to 1 October 2022;
# no penalties on obligations that arose before 1 April 2022. Under the housing code of the
# time a month's bill was due on the 10th of the next month, so the last covered debt (March
# 2022) was due on 10 April 2022. With other due dates, build your own Moratorium.
RU_BANKRUPTCY_MORATORIUM_2022 = Moratorium(DateRange(date(2022, 4, 1), date(2022, 10, 1)),
                                           debts_due_until=date(2022, 4, 10),
                                           name="RU decree 497 of 28.03.2022")

RU_MORATORIA = (RU_COVID_MORATORIUM, RU_BANKRUPTCY_MORATORIUM_2022)


def russia_housing_code(key_rates: RateTable | Iterable[tuple[date, Decimal]], *,
                        ceilings: tuple[RateCeiling, ...] = (RU_KEY_RATE_CEILING,),
                        moratoria: tuple[DateRange | Moratorium, ...] = RU_MORATORIA
                        ) -> PenaltyRule:
    """Housing code art. 155 part 14: nothing for the first 30 days overdue; 1/300 of the key
    rate a day from day 31 to day 90; 1/130 from day 91. The key rate is the one in force on
    the day of payment (for what is unpaid, on the calculation date), at most 9.5% while
    decree 474 holds; the payment day is a day of delay."""
    table = key_rates if isinstance(key_rates, RateTable) else RateTable(tuple(key_rates),
                                                                           name="key rate")
    return PenaltyRule(
        name="Russia, housing code art. 155 part 14",
        grace_days=30,
        schedule=(Band(31, 90, ReferenceFraction(1, 300)),
                  Band(91, None, ReferenceFraction(1, 130))),
        reference_rates=table,
        reference_rate_date_rule=RateDate.PAYMENT_DATE,
        reference_ceilings=ceilings,
        moratoria=moratoria,
        payment_day_accrues=True,
    )


def brazil_condominium(*, interest_percent_per_month: Decimal = Decimal(1),
                       fine_percent: Decimal = Decimal(2)) -> PenaltyRule:
    """Código Civil art. 1.336 §1º: a fine of up to 2% of the debt plus the interest of the
    condominium's convention, commonly 1% a month, pro rata die (1/30 % a calendar day)."""
    fine = require_non_negative(fine_percent, "fine_percent")
    if fine > 2:
        raise ValueError(f"a condominium fine is at most 2% (Código Civil art. 1.336 §1º), "
                         f"got {fine}%")
    return PenaltyRule(
        name="Brazil, condominium (Código Civil art. 1.336 §1º)",
        fine_percent=fine,
        schedule=(Band(1, None, MonthlyProRata(interest_percent_per_month)),),
        payment_day_accrues=True,
    )


def plain_daily(percent: Decimal, *, grace_days: int = 0) -> PenaltyRule:
    """A fixed percentage of the overdue amount for every day after the grace days."""
    return PenaltyRule(name=f"{percent}% a day", grace_days=grace_days,
                       schedule=(Band(1, None, FixedDaily(percent)),))
