"""A fingerprint of an organization's data, independent of primary keys and timestamps.

Two organizations built by the demo generator with the same seed have the same digest,
whether they live in one database or in two (SQLite and PostgreSQL alike). A foreign key
counts as the position of the row it points to among its model's rows in the organization.
"""

from __future__ import annotations

import hashlib

from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.core.models import Branch, Organization
from abonent.people.models import Ownership, Person
from abonent.property.models import Building, Unit

MODELS = (Branch, BenefitCategory, Building, Unit, Person, Ownership, Account, Resident,
          BenefitMembership)
SKIPPED = {"id", "organization", "created_at", "updated_at"}


def organization_digest(org: Organization) -> str:
    digest = hashlib.sha256()
    for name in ("name", "country", "currency", "time_zone", "language", "legal_name",
                 "tax_id", "bank_account"):
        digest.update(f"{name}={getattr(org, name)!r};".encode())
    positions: dict[type, dict[int, int]] = {}
    for model in MODELS:
        fields = [f for f in model._meta.concrete_fields if f.name not in SKIPPED]
        rows = model.objects.filter(organization=org).order_by("pk").values_list(
            "pk", *(f.attname for f in fields))
        positions[model] = {}
        for i, (pk, *values) in enumerate(rows):
            positions[model][pk] = i
            for field, value in zip(fields, values, strict=True):
                if field.is_relation and value is not None:
                    value = positions[field.related_model][value]
                digest.update(f"{field.name}={value!r};".encode())
            digest.update(f"|{model._meta.label}\n".encode())
    return digest.hexdigest()


def row_counts(org: Organization) -> dict[str, int]:
    return {model._meta.label: model.objects.filter(organization=org).count()
            for model in MODELS}
