"""What changed since a period was last billed: the buildings a new run must rate again.

The audit trail records every create, update and delete of the rating's inputs (every write
path goes through it: pages, API, imports, the readings grid, bulk loaders), so it is the
change log. A run of a period that an organization-wide run has already issued reads the
audit rows written since that run started reading its inputs and maps them to buildings:

- a reading, meter, account, unit, building, resident, absence, benefit membership, a
  subscription of an account or a building, an interruption, a payment or an adjustment (they
  change the late-payment penalty) changes its building;
- a service, tariff, tariff version, benefit category, the billing settings, the penalty
  settings or reference rates, or the organization itself, any deletion, or a re-issue of an
  earlier period (its meter usages are where this period's consumption starts) changes
  everything (``None``).

Buildings are the unit because a building's common meters are shared among all its units.
The buildings left out keep what is posted: it was computed from the same inputs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime

from django.db.models import Model, QuerySet

from abonent.accounts.models import Account, BenefitMembership, Resident
from abonent.billing.choices import RunScope, RunStatus
from abonent.billing.models import Absence, Adjustment, BillingPeriod, BillingRun, Interruption
from abonent.core.choices import AuditAction
from abonent.core.models import AuditEntry
from abonent.metering.models import Meter, Reading
from abonent.payments.models import Payment
from abonent.property.models import Building, Unit
from abonent.tariffs.models import Subscription

# A change of one of these changes the bill of every account.
EVERYTHING = frozenset({
    "tariffs.service", "tariffs.tariff", "tariffs.tariffversion", "accounts.benefitcategory",
    "billing.billingsettings", "core.organization", "payments.penaltysettings",
    "payments.referencerate"})
# More changed objects of one kind than this: rate everything rather than list them.
MANY = 5000


def _buildings_of(path: str) -> Callable[[QuerySet], Iterable]:
    return lambda rows: rows.values_list(path, flat=True)


def _subscription_buildings(rows: QuerySet) -> Iterable:
    for building_id, account_building_id in rows.values_list("building_id",
                                                             "account__unit__building_id"):
        yield building_id or account_building_id


#: model -> how its rows name their buildings
BUILDINGS: dict[type[Model], Callable[[QuerySet], Iterable]] = {
    Reading: _buildings_of("meter__building_id"),
    Meter: _buildings_of("building_id"),
    Account: _buildings_of("unit__building_id"),
    Unit: _buildings_of("building_id"),
    Building: _buildings_of("pk"),
    Resident: _buildings_of("account__unit__building_id"),
    Absence: _buildings_of("account__unit__building_id"),
    BenefitMembership: _buildings_of("account__unit__building_id"),
    Interruption: _buildings_of("building_id"),
    Subscription: _subscription_buildings,
    # what an account owes and paid, from which its late-payment penalty grows
    Payment: _buildings_of("account__unit__building_id"),
    Adjustment: _buildings_of("account__unit__building_id"),
}
LABELS = {model._meta.label_lower: model for model in BUILDINGS}


def baseline(period: BillingPeriod, *, exclude: BillingRun | None = None) -> datetime | None:
    """When the period's last organization-wide issued run started reading its inputs
    (``None``: the period was never billed as a whole)."""
    runs = BillingRun.objects.filter(period=period, scope=RunScope.ORGANIZATION,
                                     status=RunStatus.ISSUED, inputs_read_at__isnull=False)
    if exclude is not None:
        runs = runs.exclude(pk=exclude.pk)
    run = runs.order_by("-inputs_read_at").first()
    return run.inputs_read_at if run is not None else None


def changed_buildings(period: BillingPeriod, since: datetime | None) -> set[int] | None:
    """The buildings whose inputs changed after ``since``; ``None`` for all of them."""
    if since is None:
        return None
    earlier_reissued = BillingRun.objects.filter(
        organization_id=period.organization_id, period__start__lt=period.start,
        status=RunStatus.ISSUED, issued_at__gt=since).exists()
    if earlier_reissued:
        return None
    ids: dict[str, set[str]] = defaultdict(set)
    for label, action, object_id in AuditEntry.objects.filter(
            organization_id=period.organization_id, timestamp__gt=since,
            object_type__in=[*LABELS, *EVERYTHING]).values_list("object_type", "action",
                                                                "object_id").iterator():
        if label in EVERYTHING or action == AuditAction.DELETE:
            return None
        ids[label].add(object_id)
    buildings: set[int] = set()
    for label, object_ids in ids.items():
        if len(object_ids) > MANY:
            return None
        model = LABELS[label]
        rows = model._base_manager.filter(pk__in=[int(pk) for pk in object_ids])
        found = [building for building in BUILDINGS[model](rows)]
        if len(found) < len(object_ids):  # gone since (deleted outside the audit)
            return None
        buildings.update(building for building in found if building is not None)
    return buildings
