"""An organization's billing settings (created with the defaults on first use)."""

from __future__ import annotations

from abonent.billing.models import BillingSettings


def billing_settings(organization) -> BillingSettings:
    settings, _created = BillingSettings.objects.get_or_create(organization=organization)
    return settings
