"""Schemathesis runs the OpenAPI schema against the application: no 5xx, no schema violation.

The app is called in process through WSGI, inside the test's database transaction, so it runs
the same on SQLite and PostgreSQL. Each operation gets a bounded number of generated examples
with a fixed derandomized seed, so a run is repeatable and takes a minute or two. Requests are
authenticated with the token of an admin in an organization that has some data (and a second
organization whose rows must never show).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from abonent.core.choices import Role
from abonent.testing.factories import (
    AccountFactory,
    BenefitMembershipFactory,
    BranchFactory,
    MembershipFactory,
    OrganizationFactory,
    OwnershipFactory,
    ResidentFactory,
)

EXAMPLES_PER_OPERATION = 20


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
def admin_token(db):
    org = OrganizationFactory(slug="schemathesis-housing")
    branch = BranchFactory(organization=org)
    for n in range(3):
        account = AccountFactory(unit__building__organization=org,
                                 unit__building__branch=branch if n else None)
        ResidentFactory(account=account, person=account.holder)
        OwnershipFactory(unit=account.unit, person=account.holder)
        BenefitMembershipFactory(account=account)
    other = OrganizationFactory()
    AccountFactory(unit__building__organization=other)
    admin = MembershipFactory(organization=org, role=Role.ADMIN).user
    return Token.objects.create(user=admin).key


# Generating the schema reads no rows, so it is loaded once, when the module is collected;
# each operation becomes its own test.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
schema.config.phases.coverage.enabled = False


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck), print_blob=True)
def test_api_conforms_to_its_schema(case, in_process_requests, admin_token):
    # Every response must be documented (status, content type, headers, body) and none may be
    # a server error. Two checks judge the *input* instead and are left out on purpose:
    # - data that fits the schema may still break a business rule the schema cannot express
    #   (a living area above the total area, the id of a row that does not exist): a 400;
    # - DRF coerces loosely typed input by design ("12" for 12, 12 for "12.00"), so some
    #   schema-violating requests are accepted, as they are from any DRF client.
    case.call_and_validate(headers={"Authorization": f"Token {admin_token}"},
                           excluded_checks=[positive_data_acceptance, negative_data_rejection])
