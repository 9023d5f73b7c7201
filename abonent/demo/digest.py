"""A fingerprint of an organization's data, independent of primary keys and timestamps.

Two organizations built by the demo generator with the same seed have the same digest,
whether they live in one database or in two (SQLite and PostgreSQL alike). A foreign key
counts as the position of the row it points to among its model's rows in the organization
(a many-to-many field as the sorted positions); a user (who entered, approved or posted) only
as present or not; JSON with sorted keys. The billing engine's rows are included: the same
data bills to the same charges, ledger entries and receipt numbers.
"""

from __future__ import annotations

import hashlib
import json

from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.billing.models import (
    Absence,
    AccountBill,
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
from abonent.core.models import Branch, Organization
from abonent.metering.models import Meter, Reading
from abonent.people.models import Ownership, Person
from abonent.property.models import Building, Unit
from abonent.tariffs.models import Service, Subscription, Tariff, TariffVersion

#: Parents before children (a row's foreign keys point at rows already numbered).
MODELS = (Branch, Service, BenefitCategory, Building, Unit, Person, Ownership, Account,
          Resident, BenefitMembership, Tariff, TariffVersion, Subscription, Meter, Reading,
          Absence, Interruption, BillingSettings, BillingPeriod, BillingRun, RunChunk,
          AccountBill, Charge, MeterUsage, LedgerEntry, ReceiptCounter, Receipt)
#: Timestamps; a run's summary (totals the charge lines already hold, written by each
#: database's own SUM); a bill's fingerprint (a hash over service keys; its lines are digested).
SKIPPED = {"id", "organization", "created_at", "updated_at", "approved_at", "issued_at",
           "closed_at", "inputs_read_at", "summary", "fingerprint"}
#: JSON fields that hold primary keys: the model they point at.
KEY_LISTS = {(RunChunk, "account_ids"): Account}


def organization_digest(org: Organization, models: tuple = MODELS) -> str:
    digest = hashlib.sha256()
    for name in ("name", "country", "currency", "time_zone", "language", "legal_name",
                 "tax_id", "bank_account"):
        digest.update(f"{name}={getattr(org, name)!r};".encode())
    positions: dict[type, dict[int, int]] = {}
    for model in models:
        fields = [f for f in model._meta.concrete_fields if f.name not in SKIPPED]
        qs = model.objects.filter(organization=org).order_by("pk")
        rows = qs.values_list("pk", *(f.attname for f in fields))
        positions[model] = {}
        for i, (pk, *values) in enumerate(rows):
            positions[model][pk] = i
            for field, value in zip(fields, values, strict=True):
                digest.update(f"{field.name}={_value(model, field, value, positions)!r};"
                              .encode())
            digest.update(f"|{model._meta.label}\n".encode())
        for m2m in model._meta.many_to_many:
            related = positions.get(m2m.related_model)
            if related is None:  # a digest of some models only
                continue
            links = sorted((positions[model][pk], related[target]) for pk, target in
                           qs.values_list("pk", m2m.name) if target is not None)
            digest.update(f"{m2m.name}={links!r};".encode())
    return digest.hexdigest()


def _value(model, field, value, positions: dict[type, dict[int, int]]):
    if value is None:
        return None
    if field.is_relation:
        related = positions.get(field.related_model)
        return related[value] if related is not None else "set"  # a user
    if (model, field.name) in KEY_LISTS:
        related = positions[KEY_LISTS[(model, field.name)]]
        return [related[pk] for pk in value]
    if field.get_internal_type() == "JSONField":
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def row_counts(org: Organization) -> dict[str, int]:
    return {model._meta.label: model.objects.filter(organization=org).count()
            for model in MODELS}
