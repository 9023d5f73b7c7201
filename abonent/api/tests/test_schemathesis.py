"""Schemathesis runs the OpenAPI schema against the application: no 5xx, no schema violation.

The app is called in process through WSGI, inside the test's database transaction, so it runs
the same on SQLite and PostgreSQL. Each operation gets a bounded number of generated examples
with a derandomized (fixed) seed, so a run is repeatable and takes a minute or two. Requests are
authenticated with the token of an admin in an organization that has some data; a second
organization's rows exist too and must never show.

Generated ids are mostly random numbers that name no row, which would test little beyond 404.
So small non-negative ids in paths and in related fields of bodies are turned into ids of
existing rows (of both organizations) before the call; others (negative, huge, malformed)
stay as generated.

``ABONENT_SCHEMATHESIS_DEEP=1`` adds schemathesis's coverage phase (boundary values of every
field, deterministic, several times slower) and more examples, for a thorough run by hand.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.core.choices import Role
from abonent.core.models import AuditEntry, Branch, Membership
from abonent.people.models import Ownership, Person
from abonent.property.models import Building, Unit
from abonent.tariffs.models import Service, Subscription, Tariff, TariffVersion
from abonent.testing.factories import (
    AccountFactory,
    BenefitMembershipFactory,
    BranchFactory,
    MembershipFactory,
    OrganizationFactory,
    OwnershipFactory,
    ResidentFactory,
    SubscriptionFactory,
    TariffVersionFactory,
)

DEEP = os.environ.get("ABONENT_SCHEMATHESIS_DEEP", "") in {"1", "true", "yes"}
EXAMPLES_PER_OPERATION = 100 if DEEP else 20

# Generating the schema reads no rows, so it is loaded once, when the module is collected;
# each operation becomes its own test.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
schema.config.phases.coverage.enabled = DEEP

ENDPOINT_MODELS = {
    "branches": Branch, "memberships": Membership, "audit-entries": AuditEntry,
    "buildings": Building, "units": Unit, "people": Person, "ownerships": Ownership,
    "accounts": Account, "residents": Resident, "benefit-categories": BenefitCategory,
    "benefit-memberships": BenefitMembership,
    "services": Service, "tariffs": Tariff, "tariff-versions": TariffVersion,
    "subscriptions": Subscription,
}
RELATED_ENDPOINTS = {
    "branch": "branches", "branches": "branches", "building": "buildings", "unit": "units",
    "person": "people", "holder": "people", "account": "accounts",
    "category": "benefit-categories", "service": "services", "base_service": "services",
    "services": "services", "tariff": "tariffs",
}


@pytest.fixture
def in_process_requests():
    """Keep the test's connection (and transaction) open across requests, as Django's own
    test client does: request_started/finished would otherwise close it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(db) -> dict[str, Any]:
    org = OrganizationFactory(slug="schemathesis-housing")
    branch = BranchFactory(organization=org)
    for n in range(3):
        account = AccountFactory(unit__building__organization=org,
                                 unit__building__branch=branch if n else None)
        ResidentFactory(account=account, person=account.holder)
        OwnershipFactory(unit=account.unit, person=account.holder)
        BenefitMembershipFactory(account=account)
        version = TariffVersionFactory(tariff__service__organization=org)
        SubscriptionFactory(building=account.unit.building, service=version.tariff.service)
    TariffVersionFactory(tariff__service__organization=org, tariff__service__method="tiered",
                         rate=None, bands=[{"up_to": "100", "rate": "0.20"},
                                           {"up_to": None, "rate": "0.30"}])
    other = OrganizationFactory()
    BenefitMembershipFactory(account__unit__building__organization=other)
    OwnershipFactory(unit__building__organization=other)
    TariffVersionFactory(tariff__service__organization=other)
    admin = MembershipFactory(organization=org, role=Role.ADMIN)
    ids = {endpoint: sorted(model._default_manager.values_list("pk", flat=True))
           for endpoint, model in ENDPOINT_MODELS.items()}
    # the admin's own membership is left out, or a generated PATCH could lock them out
    ids["memberships"].remove(admin.pk)
    ids["organizations"] = [org.pk, other.pk]
    return {"token": Token.objects.create(user=admin.user).key, "slug": org.slug, "ids": ids}


def _existing(value: Any, ids: list[int]) -> Any:
    """A small non-negative generated id becomes an existing one; others stay as they are."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        mapped = _existing(int(value), ids)
        return str(mapped)
    if isinstance(value, bool) or not isinstance(value, int) or not ids:
        return value
    return ids[value % len(ids)] if 0 <= value < 2**31 else value


def aim_at_existing_rows(case, data: dict[str, Any]) -> None:
    endpoint = case.operation.path.split("/")[3]
    if case.path_parameters and "id" in case.path_parameters:
        case.path_parameters["id"] = _existing(case.path_parameters["id"],
                                               data["ids"].get(endpoint, []))
    if isinstance(case.body, dict):
        for name, target in RELATED_ENDPOINTS.items():
            value = case.body.get(name)
            if isinstance(value, list):
                case.body[name] = [_existing(v, data["ids"][target]) for v in value]
            elif value is not None:
                case.body[name] = _existing(value, data["ids"][target])
    if case.headers and "X-Organization" in case.headers:
        case.headers["X-Organization"] = data["slug"]


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck), print_blob=True)
def test_api_conforms_to_its_schema(case, in_process_requests, api_data):
    aim_at_existing_rows(case, api_data)
    # Every response must be documented (status, content type, headers, body) and none may be
    # a server error. Two checks judge the *input* instead and are left out on purpose:
    # - data that fits the schema may still break a business rule the schema cannot express
    #   (a living area above the total area, the id of a row that does not exist): a 400;
    # - DRF coerces loosely typed input by design ("12" for 12, 12 for "12.00"), so some
    #   schema-violating requests are accepted, as they are from any DRF client.
    case.call_and_validate(headers={"Authorization": f"Token {api_data['token']}"},
                           excluded_checks=[positive_data_acceptance, negative_data_rejection])
