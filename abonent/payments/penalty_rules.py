"""The organization's penalty rule, built from its settings for the pure penalty core."""

from __future__ import annotations

from dataclasses import replace

from abonent.payments import penalties
from abonent.payments.choices import PenaltyPreset
from abonent.payments.models import PenaltySettings, ReferenceRate


def penalty_settings(organization) -> PenaltySettings:
    found = PenaltySettings.objects.of_org(organization).first()
    return found or PenaltySettings.objects.get_or_create(organization=organization)[0]


def penalty_rule(settings: PenaltySettings) -> penalties.PenaltyRule | None:
    """The rule, or None when the organization charges no penalties (or names no service)."""
    if settings.preset == PenaltyPreset.NONE or settings.service_id is None:
        return None
    if settings.preset == PenaltyPreset.RUSSIA:
        rates = list(ReferenceRate.objects.of_org(settings.organization_id).values_list(
            "effective_from", "percent"))
        if not rates:
            return None
        rule = penalties.russia_housing_code(rates)
    elif settings.preset == PenaltyPreset.BRAZIL:
        rule = penalties.brazil_condominium(interest_percent_per_month=settings.monthly_percent,
                                            fine_percent=min(settings.fine_percent, 2))
    else:
        rule = penalties.plain_daily(settings.daily_percent, grace_days=settings.grace_days)
    if settings.cap_percent is not None or settings.minimum is not None:
        rule = replace(rule, cap_percent=settings.cap_percent, minimum=settings.minimum)
    return rule
