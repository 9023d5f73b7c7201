"""Explanations in the reader's language, and as JSON stored with each line.

The rating core's templates (``rating.explain.TEMPLATES``) are the English reference; here the
same ids are marked for translation, so that the catalogs carry them, and rendered with the
account holder's language when a run stores its lines (``Charge.text``) or with the reader's
language when a page shows the stored data (``Charge.explanation``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from abonent.billing.rating import explain as core

# Placeholders in braces must stay as they are; the words around them are translated.
TRANSLATED = {
    "line": _("{formula} = {amount}"),
    "metered": _("{quantity} x {rate}"),
    "tiered.incremental": _("{bands}"),
    "tiered.band": _("{quantity} x {rate}"),
    "tiered.whole_volume": _("{quantity} x {rate} (band {band} of {bands})"),
    "per_area": _("{area} x {rate}"),
    "per_resident": _("{residents} x {rate}"),
    "fixed": _("fixed {rate}"),
    "norm": _("norm {norm} x {residents} x {rate}"),
    "prorated": _("{segments}"),
    "prorated.segment": _("({formula}) x {days}/{period_days} days"),
    "benefit": _("{name} -{percent}"),
    "benefit.within_norm": _("{name} -{percent} within {norm}"),
    "benefits": _("{benefits}"),
    "benefit.line": _("{benefits}: {amount}"),
    "benefit.line_capped": _("{benefits} (capped at 100%): {amount}"),
    "usage.estimate": _("estimated {formula}"),
    "usage.norm": _("by norm, no reading: {formula}"),
    "true_up": _("true-up of estimated consumption: {quantity} x {rate}"),
    "reduction.days": _("{reason} {start}..{end}: -{percent} x {days}/{period_days} days"),
    "reduction.hours": _("{reason} {start}..{end}: -{percent} x {hours}/{period_hours} h"),
    "reduction.capped": _("{formula}, at most the rest of the charge"),
    "common.measured": _("building meter {measured} - units {individual} = {difference}"),
    "common.norm": _("common area {area} x {norm} per m2 = {difference}"),
    "common": _("{source}; share {weight} of {total}: {quantity} x {rate}"),
    "common.capped": _("{source}; share {weight} of {total}, capped: {quantity} x {rate}"),
    # how a payment was spread over the account's debts (abonent.payments.allocation)
    "allocation.oldest_first": _("oldest period first, charges before penalties: {paid} of "
                                 "{dues} dues paid"),
    "allocation.proportional": _("in proportion to each due, largest remainders get the "
                                 "leftover cents: {paid} of {dues} dues paid"),
    "allocation.specified": _("as the payer specified ({named} named), the rest oldest "
                              "period first: {paid} of {dues} dues paid"),
    "allocation.penalties_last": _("charges oldest first, then penalties: {paid} of {dues} "
                                   "dues paid"),
    "allocation.penalties_first": _("penalties oldest first, then charges: {paid} of {dues} "
                                    "dues paid"),
    # late-payment penalties, step by step (abonent.payments.penalties)
    "penalty.rate.fixed": _("{percent} a day"),
    "penalty.rate.monthly": _("{percent} a month / {days_in_month}"),
    "penalty.rate.reference": _("{numerator}/{denominator} of {percent} ({name})"),
    "penalty.rate.reference_capped": _("{numerator}/{denominator} of {percent} ({name}, "
                                       "capped)"),
    "penalty.step": _("{start}..{end} (days {from_day}-{to_day}): {base} x {rate} x {days} "
                      "days = {amount}"),
    "penalty.step.moratorium": _("{start}..{end} (days {from_day}-{to_day}): moratorium, no "
                                 "penalty"),
    "penalty.fine": _("{day} (day {day_overdue}): fine {percent} x {base} = {amount}"),
    "penalty.debt": _("{debt} due {due_date}: penalty {total}"),
    "penalty.debt.capped": _("{debt} due {due_date}: penalty {accrued}, at most {percent} of "
                             "the debt: {total}"),
    "penalty.period": _("penalty up to {as_of} {accrued} - charged before {charged}"),
}
# Units the core writes in words.
UNITS = {"residents": _("residents"), "h": _("h"), "m2": _("m²")}

_cache: dict[str, dict[str, str]] = {}


def templates(language: str) -> dict[str, str]:
    """The templates in ``language`` (computed once per language)."""
    if language not in _cache:
        with translation.override(language):
            _cache[language] = {key: str(text) for key, text in TRANSLATED.items()}
            _cache[language].update({f"unit:{key}": str(text) for key, text in UNITS.items()})
    return _cache[language]


def _localize_units(explanation: core.Explanation, words: dict[str, str]) -> core.Explanation:
    params: dict[str, core.Param] = {}
    for name, value in explanation.params.items():
        if isinstance(value, core.Quantity) and f"unit:{value.unit}" in words:
            value = core.Quantity(value.value, words[f"unit:{value.unit}"], value.places)
        elif isinstance(value, core.Explanation):
            value = _localize_units(value, words)
        elif isinstance(value, tuple):
            value = tuple(_localize_units(item, words) for item in value)
        params[name] = value
    return core.Explanation(explanation.template_id, params)


def render(explanation: core.Explanation, language: str) -> str:
    words = templates(language)
    return core.render(_localize_units(explanation, words), words)


# JSON: {"t": template id, "p": {name: value}}, values tagged by type.

def to_json(explanation: core.Explanation) -> dict[str, Any]:
    # A run encodes a million of these: each value's type is looked at once (by exact type,
    # the most frequent first) and its JSON built directly.
    values: Mapping[str, Any] = explanation.params
    params: dict[str, Any] = {}
    for name, value in values.items():
        kind = type(value)
        if kind is core.Quantity:
            params[name] = {"quantity": str(value.value), "unit": value.unit,
                            "places": value.places}
        elif kind is core.Rate:
            params[name] = {"rate": str(value.value), "currency": value.currency}
        elif kind is core.Explanation:
            params[name] = to_json(value)
        elif kind is core.Amount:
            params[name] = {"amount": str(value.value), "currency": value.currency}
        elif kind is tuple:
            params[name] = [to_json(item) for item in value]
        elif kind is date:
            params[name] = {"date": value.isoformat()}
        elif kind is core.Percent:
            params[name] = {"percent": str(value.value)}
        else:  # an int or a str, as it is
            params[name] = value
    return {"t": explanation.template_id, "p": params}


def from_json(data: dict[str, Any]) -> core.Explanation:
    return core.Explanation(data["t"], {name: _param_from(value)
                                        for name, value in data.get("p", {}).items()})


def _param_from(value: Any) -> core.Param:
    if isinstance(value, list):
        return tuple(from_json(item) for item in value)
    if not isinstance(value, dict):
        return value
    if "t" in value:
        return from_json(value)
    if "amount" in value:
        return core.Amount(Decimal(value["amount"]), value["currency"])
    if "rate" in value:
        return core.Rate(Decimal(value["rate"]), value["currency"])
    if "quantity" in value:
        return core.Quantity(Decimal(value["quantity"]), value["unit"], value["places"])
    if "percent" in value:
        return core.Percent(Decimal(value["percent"]))
    return date.fromisoformat(value["date"])


def render_json(data: dict[str, Any], language: str) -> str:
    """A stored explanation in ``language`` (an empty string for lines without one)."""
    return render(from_json(data), language) if data else ""
