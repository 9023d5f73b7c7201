"""Common-meter distribution: what the building meter counted beyond its units' bills.

    difference = building meter consumption - everything billed to the building's units
                 for the measured service (by reading, estimate or norm; all kinds of units)

Without a building meter the difference is ``common area x norm per m2``. The difference is
split between the subscribed units by area or by registered residents (shares rounded to
6 places so that they add up to the difference exactly), each share at most
the cap per unit when there is one (what the cap holds back is not billed: it is the
building's loss). A negative difference (the building meter counted less than the units) is,
by the service's rule, either not distributed at all (``zero``) or distributed as a credit
(``credit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .explain import Explanation, Quantity, Rate
from .lines import ChargeLine, Service, make_line
from .values import require_non_negative

#: the places of a unit's share (what a stored charge quantity keeps)
SHARE_PLACES = Decimal("0.000001")


class Basis(StrEnum):
    AREA = "area"
    RESIDENTS = "residents"


class NegativeRule(StrEnum):
    ZERO = "zero"
    CREDIT = "credit"


@dataclass(frozen=True)
class Member:
    account_id: int
    weight: Decimal  # the unit's area, or its residents

    def __post_init__(self) -> None:
        require_non_negative(self.weight, "weight")


@dataclass(frozen=True)
class Distribution:
    difference: Decimal
    distributed: Decimal
    lines: tuple[tuple[int, ChargeLine], ...]


def common_difference(*, measured: Decimal | None, individual: Decimal,
                      common_area: Decimal, norm_per_m2: Decimal | None) -> Decimal:
    if measured is None:
        return common_area * (norm_per_m2 or Decimal(0))
    return measured - individual


def distribute(service: Service, members: Sequence[Member], *, difference: Decimal,
               rate: Decimal, basis: Basis, source: Explanation,
               cap: Decimal | None = None,
               negative: NegativeRule = NegativeRule.ZERO) -> Distribution:
    """Each member's line; ``source`` explains where the difference comes from."""
    total = sum((member.weight for member in members), Decimal(0))
    if total <= 0 or difference == 0 or (difference < 0 and negative is NegativeRule.ZERO):
        return Distribution(difference, Decimal(0), ())
    unit = "m2" if basis is Basis.AREA else "residents"
    lines = []
    distributed = Decimal(0)
    weight_so_far = Decimal(0)
    up_to_here = Decimal(0)
    for member in members:
        # Each share is the step between cumulative shares rounded to SHARE_PLACES, so that
        # uncapped shares add up exactly to the difference (to SHARE_PLACES): three equal units
        # of 10 m3 get 3.333333 + 3.333334 + 3.333333, not 9.99...9 m3 between them.
        weight_so_far += member.weight
        share = -up_to_here
        up_to_here = (difference * weight_so_far / total).quantize(SHARE_PLACES, ROUND_HALF_UP)
        share += up_to_here
        capped = cap is not None and share > cap
        if capped:
            share = cap  # type: ignore[assignment]
        distributed += share
        formula = Explanation("common.capped" if capped else "common", {
            "source": source,
            "weight": Quantity(member.weight, unit, None),
            "total": Quantity(total, unit, None),
            "quantity": Quantity(share, service.unit),
            "rate": Rate(rate, service.currency)})
        lines.append((member.account_id, make_line(service, quantity=share, rates=(rate,),
                                                   exact_amount=share * rate, formula=formula)))
    return Distribution(difference, distributed, tuple(lines))


def source_measured(service: Service, measured: Decimal, individual: Decimal) -> Explanation:
    return Explanation("common.measured", {
        "measured": Quantity(measured, service.unit),
        "individual": Quantity(individual, service.unit),
        "difference": Quantity(measured - individual, service.unit)})


def source_norm(service: Service, common_area: Decimal, norm_per_m2: Decimal) -> Explanation:
    return Explanation("common.norm", {
        "area": Quantity(common_area, "m2", 2),
        "norm": Quantity(norm_per_m2, service.unit, None),
        "difference": Quantity(common_area * norm_per_m2, service.unit)})
