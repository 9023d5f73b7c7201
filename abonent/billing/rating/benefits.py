"""Benefits: a discount on chosen services, optionally only within a social norm.

A benefit is its own line with a negative amount, computed from the charge line's rounded
amount (the figure the resident sees), so ``-50%`` of ``40.30`` is exactly ``-20.15``:

    discount = amount x percent / 100 x min(1, norm / base)

where, with a social norm, ``norm = norm per person x persons entitled`` and ``base`` is the
unit's area (norm in m2 per person) or the charge's quantity (norm in consumption per person).
Without a norm the whole amount is discounted.

Several benefits on one service combine by a configurable rule:

* ``max`` (default): only the most favourable one applies (ties: the first given);
* ``sum``: the discounts add up, capped at the charge's amount (100%).

The benefit line's tax follows the service's tax mode, so an added tax shrinks with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from .explain import Explanation, Percent, Quantity
from .lines import ChargeLine, LineKind, Service, make_line
from .values import require_decimal, require_non_negative


class NormKind(StrEnum):
    AREA = "area"  # m2 of the unit per person entitled
    CONSUMPTION = "consumption"  # units of the service per person entitled


class CombineRule(StrEnum):
    MAX = "max"
    SUM = "sum"


@dataclass(frozen=True)
class SocialNorm:
    kind: NormKind
    per_person: Decimal
    unit: str


@dataclass(frozen=True)
class Benefit:
    code: str
    name: str
    percent: Decimal
    services: frozenset[str]
    norm: SocialNorm | None = None

    def __post_init__(self) -> None:
        percent = require_decimal(self.percent, "percent")
        if not 0 <= percent <= 100:
            raise ValueError(f"benefit {self.code}: discount must be 0..100%, got {percent}")


@dataclass(frozen=True)
class BenefitGrant:
    """A benefit held by an account for ``persons`` people (the norm is per person)."""

    benefit: Benefit
    persons: int = 1


@dataclass(frozen=True)
class _Discount:
    exact: Decimal
    quantity: Decimal
    explanation: Explanation


def _discount(charge: ChargeLine, grant: BenefitGrant, area: Decimal | None) -> _Discount:
    benefit = grant.benefit
    percent = require_decimal(benefit.percent, "percent")
    if benefit.norm is None:
        return _Discount(charge.amount * percent / 100, charge.quantity, Explanation(
            "benefit", {"name": benefit.name, "percent": Percent(percent)}))
    persons = require_non_negative(grant.persons, "persons")
    covered = require_non_negative(benefit.norm.per_person, "norm per person") * persons
    if benefit.norm.kind is NormKind.AREA:
        if area is None:
            raise ValueError(f"benefit {benefit.code} has a norm per m2: the unit's area "
                             "is needed")
        base = require_non_negative(area, "area")
    else:
        base = charge.quantity
    explanation = Explanation("benefit.within_norm", {
        "name": benefit.name, "percent": Percent(percent),
        "norm": Quantity(covered, benefit.norm.unit, None)})
    if base <= covered:  # all within the norm
        return _Discount(charge.amount * percent / 100, charge.quantity, explanation)
    # One division at the end keeps the result exact as long as possible.
    return _Discount(charge.amount * percent * covered / (100 * base),
                     charge.quantity * covered / base, explanation)


def benefit_line(service: Service, charge: ChargeLine, grants: Sequence[BenefitGrant], *,
                 area: Decimal | None = None,
                 rule: CombineRule = CombineRule.MAX) -> ChargeLine | None:
    """The benefit line for ``charge`` (negative), or None when no grant covers the service."""
    if charge.service_code != service.code:
        raise ValueError(f"a {charge.service_code} line cannot get {service.code}'s benefits")
    applicable = [grant for grant in grants
                  if service.code in grant.benefit.services and grant.benefit.percent > 0]
    if not applicable:
        return None
    discounts = [_discount(charge, grant, area) for grant in applicable]
    capped = False
    rates: tuple[Decimal, ...]
    if rule is CombineRule.MAX:
        best = max(range(len(discounts)), key=lambda i: (discounts[i].exact, -i))
        chosen = [discounts[best]]
        rates = (applicable[best].benefit.percent,)
        total = chosen[0].exact
    else:
        chosen = discounts
        rates = tuple(grant.benefit.percent for grant in applicable)
        total = sum((discount.exact for discount in discounts), Decimal(0))
        if total > charge.amount:
            total, capped = charge.amount, True
    items = tuple(discount.explanation for discount in chosen)
    line = make_line(service, quantity=max(discount.quantity for discount in chosen),
                     rates=rates, exact_amount=-total,
                     formula=Explanation("benefits", {"benefits": items}),
                     kind=LineKind.BENEFIT)
    # A benefit reads "<benefits>: <amount>" rather than "<formula> = <amount>".
    return replace(line, explanation=Explanation(
        "benefit.line_capped" if capped else "benefit.line",
        {"benefits": items, "amount": line.explanation.params["amount"]}))
