"""Emptying a demo organization so that ``abonent demo --reset`` can build it again.

Only an organization that the demo generator created is emptied: the audit trail must show
its creation by ``abonent demo``. Rows are deleted children first (the foreign keys protect
parents), each deletion of an audited row recorded in the audit trail like any other (in
batches, then one DELETE per table, where nothing else points at the rows); the organization
itself and its audit trail stay. Data that other parts of Abonent added on top
of the demo (once they exist: payments, documents) protect the rows they point to, and the
reset then stops with a message instead of deleting them; delete ``var/`` for a clean start.

**The one exception to the immutable ledger.** Posted ledger entries and issued receipts are
never deleted anywhere in Abonent: their models refuse ``delete()`` and, on PostgreSQL, a
trigger refuses DELETE (migration ``billing/0003_ledger_append_only``). A demo reset is the
only place that deletes them, and it does so in plain sight: a raw ``DELETE`` of the demo
organization's rows, on PostgreSQL between ``ALTER TABLE ... DISABLE TRIGGER`` and
``ENABLE TRIGGER`` inside the reset's transaction (so no other session ever sees the table
unguarded, and a failure re-enables it by rolling back).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.billing.models import (
    Absence,
    AccountBill,
    Adjustment,
    BalanceSnapshot,
    BillingPeriod,
    BillingRun,
    BillingSettings,
    Charge,
    Interruption,
    LedgerEntry,
    MeterUsage,
    Receipt,
    ReceiptCounter,
    RunChunk,
)
from abonent.core import audit
from abonent.core.choices import AuditAction, AuditSource
from abonent.core.models import AuditEntry, Branch, Membership, Organization
from abonent.demo.generator import AUDIT_DETAIL, DemoError
from abonent.metering.models import Meter, Reading
from abonent.people.models import Ownership, Person
from abonent.property.models import Building, Unit
from abonent.tariffs.models import Service, Subscription, Tariff, TariffVersion

#: The immutable tables and the trigger that guards each on PostgreSQL.
IMMUTABLE = ((LedgerEntry, "billing_ledgerentry_no_change"),
             (Receipt, "billing_receipt_no_change"))
BILLING_ORDER = (Adjustment, BalanceSnapshot, ReceiptCounter, AccountBill, Charge, MeterUsage,
                 RunChunk, BillingRun, BillingPeriod, BillingSettings, Reading, Meter, Absence,
                 Interruption, Subscription, TariffVersion, Tariff)
BULK_CHUNK = 2000
DELETE_ORDER = (BenefitMembership, Resident, Account, Ownership, Unit, Building, Person,
                BenefitCategory, Membership, Branch)


def is_demo_organization(org: Organization) -> bool:
    """Whether the audit trail shows that ``abonent demo`` created this organization."""
    return AuditEntry.objects.filter(
        object_type="core.organization", object_id=str(org.pk), action=AuditAction.CREATE,
        source=AuditSource.COMMAND, source_detail__startswith=AUDIT_DETAIL,
    ).exists()


def _delete_immutable(org: Organization) -> dict[str, int]:
    """The demo's only deletion of ledger entries and receipts (see the module's docstring)."""
    deleted = {}
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            # ALTER TABLE refuses a table with deferred foreign-key checks still queued in
            # this transaction (rows written earlier in it): run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model, trigger in IMMUTABLE:
            table = connection.ops.quote_name(model._meta.db_table)
            if postgres:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
            # names come from the models, the organization is a parameter
            cursor.execute(f"DELETE FROM {table} WHERE organization_id = %s",  # noqa: S608
                           [org.pk])
            deleted[model._meta.label] = cursor.rowcount
            if postgres:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys again
    return deleted


def _in_bulk(model, qs) -> bool:
    """Whether nothing else points at these rows: they can go in one statement."""
    if model._meta.many_to_many:
        return False
    return not any(
        rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": qs}).exists()
        for rel in model._meta.related_objects)


def _delete(org: Organization, model, **only) -> dict[str, int]:
    qs = model.objects.filter(organization=org, **only)
    if _in_bulk(model, qs):
        # Row-by-row deletion sends a signal and writes an audit row per object (and reads
        # each row's related names for its label): minutes for the readings alone. Here the
        # audit rows are written in batches first, then the rows go in one DELETE.
        if getattr(model, "audited", True):
            rows = qs.select_related(*getattr(model, "str_select_related", ())).order_by("pk")
            batch: list = []
            for row in rows.iterator(chunk_size=BULK_CHUNK):
                batch.append(row)
                if len(batch) >= BULK_CHUNK:
                    audit.record_bulk_delete(batch)
                    batch = []
            audit.record_bulk_delete(batch)
        return {model._meta.label: qs._raw_delete(qs.db)}
    try:
        _count, per_model = qs.delete()
    except (ProtectedError, RestrictedError) as exc:
        blocking = sorted({o._meta.label for o in exc.protected_objects
                           } if isinstance(exc, ProtectedError) else
                          {o._meta.label for o in exc.restricted_objects})
        raise DemoError(_(
            "Cannot reset %(slug)s: %(blocking)s rows refer to its %(what)s. Delete the "
            "var/ directory (or the database) and run make demo again for a clean start."
        ) % {"slug": org.slug, "blocking": ", ".join(blocking),
             "what": model._meta.verbose_name_plural}) from exc
    return per_model


@transaction.atomic
def empty_demo_organization(org: Organization) -> dict[str, int]:
    """Delete the organization's demo rows; returns how many of each were deleted."""
    if not is_demo_organization(org):
        raise DemoError(_("Organization %(slug)s was not created by abonent demo; --reset "
                          "refuses to delete its data.") % {"slug": org.slug})
    deleted: dict[str, int] = {}
    # Adjustments point at ledger entries; everything else of billing at what comes later.
    batches = [_delete(org, Adjustment), _delete_immutable(org)]
    batches += [_delete(org, model) for model in BILLING_ORDER[1:]]
    # A common-meter service points at its measured service (protected): it goes first.
    batches.append(_delete(org, Service, base_service__isnull=False))
    batches.append(_delete(org, Service))
    batches += [_delete(org, model) for model in DELETE_ORDER]
    for per_model in batches:
        for label, n in per_model.items():
            deleted[label] = deleted.get(label, 0) + n
    return deleted
