"""Services as the rating core sees them, and the charge line it produces.

Rounding rule: a line's amount is computed at full precision (``exact_amount``) and rounded
half-up to the currency's minor unit once, when it leaves the calculation (``amount``). Tax
is then computed from the rounded amount and rounded the same way:

* tax included in the price: ``tax = amount x r / (100 + r)``; the resident pays ``amount``;
* tax added on top: ``tax = amount x r / 100``; the resident pays ``amount + tax``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from abonent.core.money import round_money

from .explain import Amount, Explanation
from .values import require_decimal


class TaxMode(StrEnum):
    INCLUDED = "included"
    ADDED = "added"


class LineKind(StrEnum):
    CHARGE = "charge"
    BENEFIT = "benefit"


@dataclass(frozen=True)
class Service:
    """What the rating core needs of a service: its code, unit, currency and tax."""

    code: str
    unit: str
    currency: str
    tax_rate: Decimal = Decimal(0)
    tax_mode: TaxMode = TaxMode.INCLUDED

    def __post_init__(self) -> None:
        rate = require_decimal(self.tax_rate, "tax_rate")
        if rate < 0:
            raise ValueError(f"service {self.code}: tax rate must not be negative, got {rate}")


@dataclass(frozen=True)
class ChargeLine:
    """One line of an account's bill for one service (a charge, or a benefit as a negative line).

    ``quantity`` and ``exact_amount`` keep full precision; ``amount`` and ``tax_amount`` are
    rounded to the currency. ``formula`` explains the computation without its result;
    ``explanation`` is the whole sentence (formula and amount).
    """

    service_code: str
    kind: LineKind
    quantity: Decimal
    unit: str
    rates: tuple[Decimal, ...]
    currency: str
    exact_amount: Decimal
    amount: Decimal
    tax_amount: Decimal
    tax_mode: TaxMode
    formula: Explanation
    explanation: Explanation

    @property
    def total(self) -> Decimal:
        """What the resident pays for the line: tax is inside ``amount`` unless it is added."""
        return self.amount + self.tax_amount if self.tax_mode is TaxMode.ADDED else self.amount


def tax_on(amount: Decimal, service: Service) -> Decimal:
    """The tax in (or on) a rounded ``amount``, rounded half-up to the currency."""
    rate = service.tax_rate
    if service.tax_mode is TaxMode.INCLUDED:
        return round_money(amount * rate / (100 + rate), service.currency)
    return round_money(amount * rate / 100, service.currency)


def make_line(service: Service, *, quantity: Decimal, rates: tuple[Decimal, ...],
              exact_amount: Decimal, formula: Explanation,
              kind: LineKind = LineKind.CHARGE) -> ChargeLine:
    """A charge line: ``exact_amount`` rounded once, tax computed, explanation completed."""
    amount = round_money(exact_amount, service.currency)
    return ChargeLine(
        service_code=service.code, kind=kind, quantity=quantity, unit=service.unit,
        rates=rates, currency=service.currency, exact_amount=exact_amount, amount=amount,
        tax_amount=tax_on(amount, service), tax_mode=service.tax_mode, formula=formula,
        explanation=Explanation("line", {"formula": formula,
                                         "amount": Amount(amount, service.currency)}),
    )
