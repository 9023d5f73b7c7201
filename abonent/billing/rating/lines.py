"""Services as the rating core sees them, and the charge line it produces.

Rounding rule: a line's amount is computed at full precision (``exact_amount``) and rounded
half-up to the currency's minor unit once, when it leaves the calculation (``amount``). Tax
is then computed from the rounded amount and rounded the same way:

* tax included in the price: ``tax = amount x r / (100 + r)``; the resident pays ``amount``;
* tax added on top: ``tax = amount x r / 100``; the resident pays ``amount + tax``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from abonent.core.money import quantum, round_money

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
    #: the currency's minor unit (0.01), built once: every line of the service is rounded to it
    quantum: Decimal = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rate = require_decimal(self.tax_rate, "tax_rate")
        if rate < 0:
            raise ValueError(f"service {self.code}: tax rate must not be negative, got {rate}")
        object.__setattr__(self, "quantum", quantum(self.currency))


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


def _round(value: Decimal, service: Service) -> Decimal:
    """``round_money`` with the service's quantum, built once rather than per line."""
    if type(value) is Decimal:
        return value.quantize(service.quantum, rounding=ROUND_HALF_UP)
    return round_money(value, service.currency)


def tax_on(amount: Decimal, service: Service) -> Decimal:
    """The tax in (or on) a rounded ``amount``, rounded half-up to the currency."""
    rate = service.tax_rate
    if service.tax_mode is TaxMode.INCLUDED:
        return _round(amount * rate / (100 + rate), service)
    return _round(amount * rate / 100, service)


def make_line(service: Service, *, quantity: Decimal, rates: tuple[Decimal, ...],
              exact_amount: Decimal, formula: Explanation,
              kind: LineKind = LineKind.CHARGE) -> ChargeLine:
    """A charge line: ``exact_amount`` rounded once, tax computed, explanation completed."""
    amount = _round(exact_amount, service)
    currency = service.currency
    # positional: a run makes a million of these (the order of ChargeLine's fields)
    return ChargeLine(
        service.code, kind, quantity, service.unit, rates, currency, exact_amount, amount,
        tax_on(amount, service), service.tax_mode, formula,
        Explanation("line", {"formula": formula, "amount": Amount(amount, currency)}))
