"""The penalty core: exact, explainable late-payment penalties from plain data.

Pure Python over frozen dataclasses: no Django, no ORM, no I/O. See docs/penalties.md.
"""

from .compute import compute_penalties, penalty_for_period
from .explain import TEMPLATES, render
from .presets import (
    RU_BANKRUPTCY_MORATORIUM_2022,
    RU_COVID_MORATORIUM,
    RU_KEY_RATE_CEILING,
    RU_MORATORIA,
    brazil_condominium,
    plain_daily,
    russia_housing_code,
)
from .rules import (
    Band,
    DailyRate,
    FixedDaily,
    MonthlyProRata,
    Moratorium,
    PenaltyRule,
    RateCeiling,
    RateDate,
    RateTable,
    ReferenceFraction,
)
from .values import (
    Debt,
    DebtPenalty,
    Payment,
    PenaltyFine,
    PenaltyResult,
    PenaltyStep,
    PeriodLine,
    PeriodPenalty,
    StepKind,
)

__all__ = [
    "RU_BANKRUPTCY_MORATORIUM_2022", "RU_COVID_MORATORIUM", "RU_KEY_RATE_CEILING",
    "RU_MORATORIA", "TEMPLATES", "Band", "DailyRate", "Debt", "DebtPenalty", "FixedDaily",
    "MonthlyProRata", "Moratorium", "Payment", "PenaltyFine", "PenaltyResult", "PenaltyRule",
    "PenaltyStep", "PeriodLine", "PeriodPenalty", "RateCeiling", "RateDate", "RateTable",
    "ReferenceFraction", "StepKind", "brazil_condominium", "compute_penalties",
    "penalty_for_period", "plain_daily", "render", "russia_housing_code",
]
