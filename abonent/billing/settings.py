"""An organization's billing settings, made with the defaults the first time they are asked for."""

from __future__ import annotations

from abonent.billing.models import BillingSettings


def billing_settings(organization) -> BillingSettings:
    """The organization's ``BillingSettings`` (created with the model's defaults if missing)."""
    found, _created = BillingSettings.objects.get_or_create(organization=organization)
    return found
