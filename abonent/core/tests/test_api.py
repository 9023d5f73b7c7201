import re

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from abonent.core.choices import AuditSource, Role
from abonent.core.models import AuditEntry, Branch, Membership, Organization, User
from abonent.testing.api_suite import API, TenantAPISuite, api_client
from abonent.testing.factories import (
    BranchFactory,
    BuildingFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

PASSWORD = "correct-horse-battery"  # the factories' password


class TestOrganizationAPI(TenantAPISuite):
    model = Organization
    factory = OrganizationFactory
    endpoint = "organizations"
    creatable = False
    change = {"phone": "+995 32 2 000 000"}

    def make(self, organization, **kwargs):
        return organization


class TestBranchAPI(TenantAPISuite):
    model = Branch
    factory = BranchFactory
    endpoint = "branches"
    change = {"phone": "+995 32 2 111 222"}

    def payload(self, organization):
        return {"code": f"API{Branch.objects.count()}", "name": "Saburtalo office",
                "kind": "office", "address": "Vazha-Pshavela Avenue 1"}


class TestMembershipAPI(TenantAPISuite):
    model = Membership
    factory = MembershipFactory
    endpoint = "memberships"
    change = {"role": "auditor"}

    def payload(self, organization):
        return {"username": f"staff{User.objects.count()}", "password": "Kvevri-2024-wine",
                "first_name": "Eka", "last_name": "Chkheidze", "role": "cashier",
                "branches": [BranchFactory(organization=organization).pk]}


class TestAuditEntryAPI(TenantAPISuite):
    model = AuditEntry
    endpoint = "audit-entries"
    creatable = False
    writable = False

    def make(self, organization, **kwargs):
        building = BuildingFactory(organization=organization)
        return AuditEntry.objects.get(object_type="property.building",
                                      object_id=str(building.pk))


def test_an_admin_changes_the_organization_but_not_its_short_name(db):
    org = OrganizationFactory(slug="vake-housing")
    c = api_client(org)
    response = c.patch(f"{API}/organizations/{org.pk}/", {"time_zone": "Mars/Olympus",
                                                         "slug": "x"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["time_zone"]
    response = c.patch(f"{API}/organizations/{org.pk}/", {"time_zone": "Europe/Lisbon",
                                                         "currency": "EUR", "slug": "x"},
                       format="json")
    assert response.status_code == 200
    org.refresh_from_db()
    assert (org.time_zone, org.currency, org.slug) == ("Europe/Lisbon", "EUR", "vake-housing")


def test_adding_staff_creates_their_account_with_a_checked_password(db):
    org = OrganizationFactory()
    c = api_client(org)
    weak = c.post(f"{API}/memberships/", {"username": "nika", "password": "12345678",
                                          "role": "cashier"}, format="json")
    assert weak.status_code == 400
    assert list(weak.json()) == ["password"]
    response = c.post(f"{API}/memberships/", {"username": "nika", "password": "Tamada-2025!",
                                              "email": "nika@example.ge", "role": "cashier"},
                      format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["user"]["username"] == "nika"
    assert body["role"] == "cashier"
    assert "password" not in body
    assert User.objects.get(username="nika").check_password("Tamada-2025!")
    again = c.post(f"{API}/memberships/", {"username": "NIKA", "password": "Tamada-2025!",
                                           "role": "cashier"}, format="json")
    assert again.status_code == 400
    assert list(again.json()) == ["username"]


def test_the_audit_trail_cannot_be_written_over_the_api(db):
    org = OrganizationFactory()
    entry = TestAuditEntryAPI().make(org)
    c = api_client(org, Role.AUDITOR)
    assert c.post(f"{API}/audit-entries/", {}, format="json").status_code == 405
    assert c.patch(f"{API}/audit-entries/{entry.pk}/", {}, format="json").status_code == 405
    assert c.delete(f"{API}/audit-entries/{entry.pk}/").status_code == 405


# --- authentication ------------------------------------------------------------------------

def test_a_token_is_issued_for_the_right_password_and_works(db):
    membership = MembershipFactory(role=Role.CASHIER)
    anonymous = APIClient()
    wrong = anonymous.post(f"{API}/auth/token/", {"username": membership.user.username,
                                                  "password": "nope"}, format="json")
    assert wrong.status_code == 400
    assert "non_field_errors" in wrong.json()
    response = anonymous.post(f"{API}/auth/token/", {"username": membership.user.username,
                                                     "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(key=token).user == membership.user

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    own = BuildingFactory(organization=membership.organization)
    BuildingFactory()
    rows = client.get(f"{API}/buildings/").json()["results"]
    assert [r["id"] for r in rows] == [own.pk]  # request.access works with token auth

    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get(f"{API}/buildings/").status_code == 401


def test_a_client_revokes_its_token(db):
    org = OrganizationFactory()
    c = api_client(org)
    assert c.delete(f"{API}/auth/token/").status_code == 204
    assert not Token.objects.filter(user=c.user).exists()
    assert c.get(f"{API}/buildings/").status_code == 401
    assert APIClient().delete(f"{API}/auth/token/").status_code == 401


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_token_requests_lock_the_username(db):
    user = MembershipFactory().user
    c = APIClient()
    for _ in range(3):
        c.post(f"{API}/auth/token/", {"username": user.username, "password": "guess"},
               format="json")
    locked = c.post(f"{API}/auth/token/", {"username": user.username, "password": PASSWORD},
                    format="json")
    assert locked.status_code == 429
    assert locked["Content-Type"] == "application/json"
    assert "detail" in locked.json()
    assert not Token.objects.filter(user=user).exists()
    assert AccessAttempt.objects.filter(username=user.username).exists()


def test_the_organization_header_chooses_among_several_memberships(db):
    first = OrganizationFactory(name="A Housing", slug="a-housing")
    second = OrganizationFactory(name="B Utility", slug="b-utility")
    user = UserFactory()
    MembershipFactory(user=user, organization=first, role=Role.ADMIN)
    MembershipFactory(user=user, organization=second, role=Role.AUDITOR)
    in_first, in_second = BuildingFactory(organization=first), BuildingFactory(
        organization=second)
    c = api_client(user=user)

    def ids(**headers):
        return {r["id"] for r in c.get(f"{API}/buildings/", **headers).json()["results"]}

    assert ids() == {in_first.pk}  # the first organization by name
    assert ids(HTTP_X_ORGANIZATION="b-utility") == {in_second.pk}
    assert ids(HTTP_X_ORGANIZATION=str(second.pk)) == {in_second.pk}
    # the role is the one of the chosen organization: an auditor cannot add
    response = c.post(f"{API}/branches/", {"code": "X", "name": "X"}, format="json",
                      HTTP_X_ORGANIZATION="b-utility")
    assert response.status_code == 403
    stranger = OrganizationFactory(slug="elsewhere")
    response = c.get(f"{API}/buildings/", HTTP_X_ORGANIZATION=stranger.slug)
    assert response.status_code == 403


def test_session_authenticated_writes_need_the_csrf_token(db):
    membership = MembershipFactory()
    c = APIClient(enforce_csrf_checks=True)
    c.force_login(membership.user)
    assert c.get(f"{API}/buildings/").status_code == 200
    response = c.post(f"{API}/branches/", {"code": "X", "name": "X"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/", "/api/redoc/"])
def test_schema_and_docs_are_served_with_local_assets_only(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert "https://" not in body.replace("https://github.com", "")
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', body):
        assert client.get(asset).status_code == 200, asset


def test_the_schema_is_valid_and_generated_without_warnings(db, capsys):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    assert "Warning" not in capsys.readouterr().err


def test_the_schema_documents_money_and_areas_as_decimal_strings(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    props = schema["components"]["schemas"]["BenefitCategory"]["properties"]
    assert props["discount_percent"]["type"] == "string"
    assert props["discount_percent"]["format"] == "decimal"
    assert schema["components"]["schemas"]["Unit"]["properties"]["area"]["type"] == "string"
    assert "/api/v1/accounts/{id}/close/" in schema["paths"]
    assert "delete" not in schema["paths"]["/api/v1/accounts/{id}/"]


def test_api_audit_source_is_recorded_for_token_users(db):
    org = OrganizationFactory()
    c = api_client(org)
    response = c.post(f"{API}/branches/", {"code": "RUS", "name": "Rustavi office"},
                      format="json")
    assert response.status_code == 201
    entry = AuditEntry.objects.get(object_type="core.branch",
                                   object_id=str(response.json()["id"]))
    assert (entry.source, entry.actor_id) == (AuditSource.API, c.user.pk)
