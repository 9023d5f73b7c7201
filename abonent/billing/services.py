"""Corrections a person makes: manual adjustments, posted at once or after a second person's
approval when above the organization's threshold."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from abonent.billing.choices import AdjustmentStatus, EntryKind, PeriodStatus
from abonent.billing.models import Adjustment, BillingPeriod, LedgerEntry
from abonent.billing.settings import billing_settings
from abonent.core.choices import Action
from abonent.core.tenancy import Access


def open_period(organization) -> BillingPeriod:
    """The organization's open period where corrections are posted (the latest open one)."""
    period = BillingPeriod.objects.of_org(organization).filter(
        status=PeriodStatus.OPEN).order_by("-start").first()
    if period is None:
        raise ValidationError(_("There is no open billing period to post the correction in."))
    return period


def _post(adjustment: Adjustment, access: Access) -> Adjustment:
    period = open_period(adjustment.organization)
    entry = LedgerEntry(
        organization=adjustment.organization, account=adjustment.account,
        service=adjustment.service, period=period, service_period=adjustment.service_period,
        kind=EntryKind.ADJUSTMENT, amount=adjustment.amount, text=adjustment.reason,
        posted_by=access.user)
    entry.save()
    adjustment.entry = entry
    adjustment.status = AdjustmentStatus.POSTED
    adjustment.save()
    return adjustment


@transaction.atomic
def adjustment_request(*, access: Access, adjustment: Adjustment) -> Adjustment:
    """Record an adjustment; it is posted at once unless its amount needs a second person."""
    access.require("billing", Action.ADD)
    adjustment.organization = access.organization
    adjustment.requested_by = access.user
    adjustment.status = AdjustmentStatus.PENDING
    adjustment.full_clean()
    adjustment.save()
    threshold = billing_settings(access.organization).approval_threshold
    if abs(adjustment.amount) <= threshold:
        return _post(adjustment, access)
    return adjustment


@transaction.atomic
def adjustment_decide(*, access: Access, adjustment: Adjustment, approve: bool) -> Adjustment:
    """A second person approves (posts) or rejects a pending adjustment."""
    access.require("billing", Action.APPROVE)
    adjustment = Adjustment.objects.restrict(access, Action.APPROVE).select_for_update().get(
        pk=adjustment.pk)
    if adjustment.status != AdjustmentStatus.PENDING:
        raise ValidationError(_("This adjustment was already decided."))
    if access.user is not None and adjustment.requested_by_id == access.user.pk:
        raise ValidationError(_("Another person must approve an adjustment you requested."))
    adjustment.decided_by = access.user
    if not approve:
        adjustment.status = AdjustmentStatus.REJECTED
        adjustment.save()
        return adjustment
    return _post(adjustment, access)
