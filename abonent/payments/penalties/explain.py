"""Explanations of penalty lines: template ids and English reference wording.

The same :class:`~abonent.billing.rating.explain.Explanation` values as the rating core: data,
not text. The Django layer looks the ids up in its translation catalogs; :func:`render` writes
the English reference sentence (tests and logs).
"""

from __future__ import annotations

from collections.abc import Mapping

from abonent.billing.rating.explain import TEMPLATES as RATING_TEMPLATES
from abonent.billing.rating.explain import Explanation
from abonent.billing.rating.explain import render as render_with

TEMPLATES: dict[str, str] = {
    "penalty.rate.fixed": "{percent} a day",
    "penalty.rate.monthly": "{percent} a month / {days_in_month}",
    "penalty.rate.reference": "{numerator}/{denominator} of {percent} ({name})",
    "penalty.rate.reference_capped": "{numerator}/{denominator} of {percent} ({name}, capped)",
    "penalty.step": "{start}..{end} (days {from_day}-{to_day}): "
                    "{base} x {rate} x {days} days = {amount}",
    "penalty.step.moratorium": "{start}..{end} (days {from_day}-{to_day}): "
                               "moratorium, no penalty",
    "penalty.fine": "{day} (day {day_overdue}): fine {percent} x {base} = {amount}",
    "penalty.debt": "{debt} due {due_date}: penalty {total}",
    "penalty.debt.capped": "{debt} due {due_date}: penalty {accrued}, "
                           "at most {percent} of the debt: {total}",
    # the billing run's line: what accrued up to the period's end less what was charged before
    "penalty.period": "penalty up to {as_of} {accrued} - charged before {charged}",
}

ALL_TEMPLATES: dict[str, str] = {**RATING_TEMPLATES, **TEMPLATES}


def render(explanation: Explanation, templates: Mapping[str, str] = ALL_TEMPLATES) -> str:
    """The explanation as an English sentence (or in ``templates``' wording)."""
    return render_with(explanation, templates)
