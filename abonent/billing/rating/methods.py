"""Charge methods: pure functions from a service and plain numbers to a :class:`ChargeLine`.

Each computes the period's amount at full precision and rounds once (see ``lines``). For a
period split by a price change, a move or a change of residents, call the method once per
segment with that segment's inputs and combine the lines with ``proration.prorate``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .explain import Explanation, Quantity, Rate
from .lines import ChargeLine, Service, make_line
from .values import require_non_negative

RESIDENTS = "residents"


def _rate(value: object) -> Decimal:
    return require_non_negative(value, "rate")


def _residents(value: object) -> Decimal:
    residents = require_non_negative(value, "residents")
    if residents != residents.to_integral_value():
        raise ValueError(f"residents must be a whole number, got {residents}")
    return residents


def metered(service: Service, *, consumption: Decimal, rate: Decimal) -> ChargeLine:
    """Consumption x rate: ``12.400 m3 x 3.25 GEL = 40.30 GEL``."""
    quantity = require_non_negative(consumption, "consumption")
    price = _rate(rate)
    formula = Explanation("metered", {"quantity": Quantity(quantity, service.unit),
                                      "rate": Rate(price, service.currency)})
    return make_line(service, quantity=quantity, rates=(price,),
                     exact_amount=quantity * price, formula=formula)


class TierMode(StrEnum):
    INCREMENTAL = "incremental"  # each band's part of the consumption at that band's rate
    WHOLE_VOLUME = "whole_volume"  # all the consumption at the rate of the band it falls in


@dataclass(frozen=True)
class Band:
    """A consumption band up to and including ``up_to``; the last band has ``up_to=None``."""

    up_to: Decimal | None
    rate: Decimal


def _scaled_limits(bands: Sequence[Band], residents: object | None) -> list[Decimal | None]:
    if not bands:
        raise ValueError("a tiered tariff needs at least one band")
    if bands[-1].up_to is not None:
        raise ValueError("the last band of a tiered tariff must be open-ended (up_to=None)")
    scale = Decimal(1) if residents is None else max(_residents(residents), Decimal(1))
    limits: list[Decimal | None] = []
    previous = Decimal(0)
    for number, band in enumerate(bands, start=1):
        _rate(band.rate)
        if band.up_to is None:
            if number != len(bands):
                raise ValueError(f"band {number} is open-ended but is not the last band")
            limits.append(None)
            continue
        limit = require_non_negative(band.up_to, f"band {number} limit") * scale
        if limit <= previous:
            raise ValueError(f"band {number} limit {band.up_to} must exceed the band before it")
        limits.append(limit)
        previous = limit
    return limits


def tiered(service: Service, *, consumption: Decimal, bands: Sequence[Band],
           mode: TierMode = TierMode.INCREMENTAL,
           residents: int | Decimal | None = None) -> ChargeLine:
    """Block tariff. With ``residents``, band limits are per resident (at least one resident).

    A consumption equal to a band's limit belongs to that band (limits are inclusive).
    """
    quantity = require_non_negative(consumption, "consumption")
    limits = _scaled_limits(bands, residents)
    rates = tuple(band.rate for band in bands)
    if mode is TierMode.WHOLE_VOLUME:
        number = next(i for i, limit in enumerate(limits) if limit is None or quantity <= limit)
        formula = Explanation("tiered.whole_volume", {
            "quantity": Quantity(quantity, service.unit),
            "rate": Rate(bands[number].rate, service.currency),
            "band": number + 1, "bands": len(bands)})
        return make_line(service, quantity=quantity, rates=rates,
                         exact_amount=quantity * bands[number].rate, formula=formula)
    parts: list[Explanation] = []
    exact = Decimal(0)
    lower = Decimal(0)
    for band, limit in zip(bands, limits, strict=True):
        part = quantity - lower if limit is None else min(quantity, limit) - lower
        if part <= 0:
            break
        exact += part * band.rate
        parts.append(Explanation("tiered.band", {"quantity": Quantity(part, service.unit),
                                                 "rate": Rate(band.rate, service.currency)}))
        if limit is None:
            break
        lower = limit
    if not parts:  # no consumption: say so with the first band's rate
        parts.append(Explanation("tiered.band", {"quantity": Quantity(quantity, service.unit),
                                                 "rate": Rate(bands[0].rate, service.currency)}))
    formula = Explanation("tiered.incremental", {"bands": tuple(parts)})
    return make_line(service, quantity=quantity, rates=rates, exact_amount=exact,
                     formula=formula)


def per_area(service: Service, *, area: Decimal, rate: Decimal) -> ChargeLine:
    """Area of the unit x rate per m2: ``54.20 m2 x 0.85 GEL = 46.07 GEL``."""
    quantity = require_non_negative(area, "area")
    price = _rate(rate)
    formula = Explanation("per_area", {"area": Quantity(quantity, service.unit, 2),
                                       "rate": Rate(price, service.currency)})
    return make_line(service, quantity=quantity, rates=(price,),
                     exact_amount=quantity * price, formula=formula)


def per_resident(service: Service, *, residents: int | Decimal, rate: Decimal) -> ChargeLine:
    """Registered residents x rate: ``3 residents x 4.50 GEL = 13.50 GEL``."""
    count = _residents(residents)
    price = _rate(rate)
    formula = Explanation("per_resident", {"residents": Quantity(count, RESIDENTS, 0),
                                           "rate": Rate(price, service.currency)})
    return make_line(service, quantity=count, rates=(price,), exact_amount=count * price,
                     formula=formula)


def fixed(service: Service, *, rate: Decimal) -> ChargeLine:
    """A fixed amount per account and period: ``fixed 8.00 GEL = 8.00 GEL``."""
    price = _rate(rate)
    formula = Explanation("fixed", {"rate": Rate(price, service.currency)})
    return make_line(service, quantity=Decimal(1), rates=(price,), exact_amount=price,
                     formula=formula)


def norm(service: Service, *, norm_per_resident: Decimal, residents: int | Decimal,
         rate: Decimal) -> ChargeLine:
    """Unmetered unit: norm per resident x residents x rate.

    ``norm 3.500 m3 x 3 residents x 3.25 GEL = 34.13 GEL``; the line's quantity is the
    consumption assumed (norm x residents), so benefits within a consumption norm apply to it.
    """
    per_person = require_non_negative(norm_per_resident, "norm_per_resident")
    count = _residents(residents)
    price = _rate(rate)
    quantity = per_person * count
    formula = Explanation("norm", {"norm": Quantity(per_person, service.unit),
                                   "residents": Quantity(count, RESIDENTS, 0),
                                   "rate": Rate(price, service.currency)})
    return make_line(service, quantity=quantity, rates=(price,), exact_amount=quantity * price,
                     formula=formula)
