"""What the penalty core takes (debts, payments) and gives back (steps, fines, totals).

Results build their :class:`Explanation` only when asked (``.explanation``): a billing run
posts thousands of penalties and shows a few.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from abonent.billing.rating.explain import Amount, Explanation, Param, Percent
from abonent.billing.rating.values import DateRange, require_non_negative

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Debt:
    """An amount due on ``due_date``; ``key`` names it (account, service, period...)."""

    key: Hashable
    amount: Decimal
    due_date: date

    def __post_init__(self) -> None:
        require_non_negative(self.amount, f"debt {self.key!r} amount")


@dataclass(frozen=True)
class Payment:
    """Money received with ``value_date``. ``allocations`` names the debts it paid and how
    much (keys of other dues, such as penalties, are ignored); without allocations it pays
    the debts oldest due date first."""

    value_date: date
    amount: Decimal
    allocations: Mapping[Hashable, Decimal] | None = None

    def __post_init__(self) -> None:
        amount = require_non_negative(self.amount, "payment amount")
        if self.allocations is not None:
            parts = [require_non_negative(part, f"allocation to {key!r}")
                     for key, part in self.allocations.items()]
            if sum(parts, ZERO) > amount:
                raise ValueError(f"payment of {self.value_date} allocates more than its "
                                 f"amount {amount}")


class StepKind(StrEnum):
    ACCRUAL = "accrual"
    MORATORIUM = "moratorium"


def _money(value: Decimal, quantum: Decimal, currency: str) -> Amount:
    return Amount(value.quantize(quantum, rounding=ROUND_HALF_UP), currency)


@dataclass(frozen=True)
class PenaltyStep:
    """Consecutive days with the same base and the same daily rate.

    ``daily_rate`` is a fraction of the base per day (0.000533... for 1/300 of 16%);
    ``amount`` is exact (``base x days x daily_rate``), rounded only in the debt's total.
    A moratorium step has no rate and no amount; its ``base`` is the amount owed when it
    began.
    """

    kind: StepKind
    start: date
    end: date
    days: int
    first_day_overdue: int
    base: Decimal
    rate_description: Explanation | None
    daily_rate: Decimal
    amount: Decimal
    currency: str = ""
    quantum: Decimal = CENT

    @property
    def last_day_overdue(self) -> int:
        return self.first_day_overdue + self.days - 1

    @property
    def explanation(self) -> Explanation:
        params: dict[str, Param] = {"start": self.start, "end": self.end,
                                    "from_day": self.first_day_overdue,
                                    "to_day": self.last_day_overdue}
        if self.rate_description is None:
            return Explanation("penalty.step.moratorium", params)
        return Explanation("penalty.step", {
            **params, "base": Amount(self.base, self.currency), "rate": self.rate_description,
            "days": self.days, "amount": _money(self.amount, self.quantum, self.currency)})


@dataclass(frozen=True)
class PenaltyFine:
    """The one-off fine, charged on the first day after the grace days; ``amount`` exact."""

    day: date
    day_overdue: int
    base: Decimal
    percent: Decimal
    amount: Decimal
    currency: str = ""
    quantum: Decimal = CENT

    @property
    def explanation(self) -> Explanation:
        return Explanation("penalty.fine", {
            "day": self.day, "day_overdue": self.day_overdue, "percent": Percent(self.percent),
            "base": Amount(self.base, self.currency),
            "amount": _money(self.amount, self.quantum, self.currency)})


@dataclass(frozen=True)
class DebtPenalty:
    """One debt's penalty: ``accrued`` = fine + steps (exact); ``exact`` after the cap;
    ``total`` rounded half-up to the quantum. ``cap`` is the cap amount when it bound."""

    key: Hashable
    debt: Decimal
    due_date: date
    fine: PenaltyFine | None
    steps: tuple[PenaltyStep, ...]
    accrued: Decimal
    cap: Decimal | None
    exact: Decimal
    total: Decimal
    cap_percent: Decimal | None = None
    currency: str = ""
    quantum: Decimal = CENT

    @property
    def explanation(self) -> Explanation:
        params: dict[str, Param] = {"debt": Amount(self.debt, self.currency),
                                    "due_date": self.due_date,
                                    "total": Amount(self.total, self.currency)}
        if self.cap is None:
            return Explanation("penalty.debt", params)
        return Explanation("penalty.debt.capped", {
            **params, "accrued": _money(self.accrued, self.quantum, self.currency),
            "percent": Percent(self.cap_percent or ZERO)})


@dataclass(frozen=True)
class PenaltyResult:
    """Penalties as of ``as_of``: one entry per debt still owed past its grace days (debts
    paid in time are left out; a debt whose overdue days all fell in a moratorium is in, with
    a zero total); ``total`` is the sum of the debts' rounded totals."""

    as_of: date
    debts: tuple[DebtPenalty, ...]
    total: Decimal

    def for_debt(self, key: Hashable) -> DebtPenalty | None:
        return next((debt for debt in self.debts if debt.key == key), None)


@dataclass(frozen=True)
class PeriodLine:
    """What to post for one debt in a period: ``accrued`` (its penalty up to the period's end)
    minus ``already_charged``. Negative when a recalculation lowered it."""

    key: Hashable
    amount: Decimal
    accrued: Decimal
    already_charged: Decimal


@dataclass(frozen=True)
class PeriodPenalty:
    """The penalty to post for a billing period. ``deferred`` is a positive total held back
    because it is below the rule's minimum: it is still owed and is posted with a later
    period (``lines`` is then empty). ``result`` is the breakdown up to the period's end."""

    period: DateRange
    lines: tuple[PeriodLine, ...]
    total: Decimal
    deferred: Decimal
    result: PenaltyResult
