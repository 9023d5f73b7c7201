"""Explanations: each charge line says in words how it was computed.

An :class:`Explanation` is data, not text: a template id and named parameters. The English
templates below are the reference wording; the Django layer looks the same ids up in its
translation catalogs and formats numbers for the reader's locale, so this module never
imports gettext. Parameters are typed (:class:`Amount`, :class:`Rate`, :class:`Quantity`,
:class:`Percent`, dates, nested explanations) so that a renderer knows how to write each one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from abonent.core.money import MINOR_UNITS


@dataclass(frozen=True)
class Amount:
    """Money already rounded to the currency's minor unit."""

    value: Decimal
    currency: str


@dataclass(frozen=True)
class Rate:
    """A price per unit; written with the currency's places, or more when it has more."""

    value: Decimal
    currency: str


@dataclass(frozen=True)
class Quantity:
    """A quantity written with ``places`` decimals (3 for m3 and kWh, 2 for m2, 0 for people);
    with ``places=None`` as it is, without trailing zeros (a norm: ``33 m2``)."""

    value: Decimal
    unit: str
    places: int | None = 3


@dataclass(frozen=True)
class Percent:
    value: Decimal


@dataclass(frozen=True)
class Explanation:
    template_id: str
    params: Mapping[str, Param] = field(default_factory=dict)


Param = (Amount | Rate | Quantity | Percent | Explanation | tuple[Explanation, ...]
         | date | int | str)

# Reference English wording. Placeholders are the parameter names of each template.
TEMPLATES: dict[str, str] = {
    "line": "{formula} = {amount}",
    "metered": "{quantity} x {rate}",
    "tiered.incremental": "{bands}",
    "tiered.band": "{quantity} x {rate}",
    "tiered.whole_volume": "{quantity} x {rate} (band {band} of {bands})",
    "per_area": "{area} x {rate}",
    "per_resident": "{residents} x {rate}",
    "fixed": "fixed {rate}",
    "norm": "norm {norm} x {residents} x {rate}",
    "prorated": "{segments}",
    "prorated.segment": "({formula}) x {days}/{period_days} days",
    "benefit": "{name} -{percent}",
    "benefit.within_norm": "{name} -{percent} within {norm}",
    "benefits": "{benefits}",
    "benefit.line": "{benefits}: {amount}",
    "benefit.line_capped": "{benefits} (capped at 100%): {amount}",
    "usage.estimate": "estimated {formula}",
    "usage.norm": "by norm, no reading: {formula}",
    "true_up": "true-up of estimated consumption: {quantity} x {rate}",
    "reduction.days": "{reason} {start}..{end}: -{percent} x {days}/{period_days} days",
    "reduction.hours": "{reason} {start}..{end}: -{percent} x {hours}/{period_hours} h",
    "reduction.capped": "{formula}, at most the rest of the charge",
    "common.measured": "building meter {measured} - units {individual} = {difference}",
    "common.norm": "common area {area} x {norm} per m2 = {difference}",
    "common": "{source}; share {weight} of {total}: {quantity} x {rate}",
    "common.capped": "{source}; share {weight} of {total}, capped: {quantity} x {rate}",
}

# How a tuple of explanations is joined, per parameter name.
JOINERS: dict[str, str] = {"bands": " + ", "segments": " + ", "benefits": " + "}


def minor_places(currency: str) -> int:
    return MINOR_UNITS.get(currency, 2)


def _plain(value: Decimal, places: int) -> str:
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"


def _rate_text(rate: Rate) -> str:
    exponent = rate.value.normalize().as_tuple().exponent
    own_places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{_plain(rate.value, max(minor_places(rate.currency), own_places))} {rate.currency}"


def render_param(name: str, value: Param, templates: Mapping[str, str] = TEMPLATES) -> str:
    if isinstance(value, Amount):
        return f"{_plain(value.value, minor_places(value.currency))} {value.currency}"
    if isinstance(value, Rate):
        return _rate_text(value)
    if isinstance(value, Quantity):
        number = (f"{value.value.normalize():f}" if value.places is None
                  else _plain(value.value, value.places))
        return f"{number} {value.unit}".rstrip()
    if isinstance(value, Percent):
        return f"{value.value.normalize():f}%"
    if isinstance(value, Explanation):
        return render(value, templates)
    if isinstance(value, tuple):
        return JOINERS.get(name, "; ").join(render(item, templates) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def render(explanation: Explanation, templates: Mapping[str, str] = TEMPLATES) -> str:
    """The explanation as an English sentence (or in ``templates``' wording)."""
    texts = {name: render_param(name, value, templates)
             for name, value in explanation.params.items()}
    return templates[explanation.template_id].format_map(texts)


def render_all(explanations: Sequence[Explanation],
               templates: Mapping[str, str] = TEMPLATES) -> str:
    """Several lines' sentences as one, e.g. a charge followed by its benefit."""
    return "; ".join(render(item, templates) for item in explanations)
