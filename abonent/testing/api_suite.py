"""The shared suite every API endpoint's tests inherit: tenancy, branch scope and role rights.

Like ``suites.TenantViewSuite`` for the staff pages, a test class names the model, its factory,
the path from the factory to the organization and the endpoint, and says how to build a valid
new object (``payload``) and a change (``change``). The suite then proves over the API, with
token authentication, that a user of one organization can neither list, retrieve, change,
close nor reference (as a related id in a POST) another organization's rows; that the
organization is never taken from the client; that each role gets exactly the rights roles.py
gives it; and that branch-scoped staff reach only their branches.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from abonent.core import roles
from abonent.core.choices import Action, Role
from abonent.core.tenancy import TenantModel
from abonent.testing.factories import BranchFactory, MembershipFactory, OrganizationFactory

API = "/api/v1"


def api_client(organization=None, role: str = Role.ADMIN, branches=(), user=None) -> APIClient:
    """A client authenticated by token as a member of ``organization`` with ``role``."""
    if user is None:
        membership = MembershipFactory(organization=organization, role=role)
        if branches:
            membership.branches.set(branches)
        user = membership.user
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    client.user = user
    return client


def result_ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.django_db
class TenantAPISuite:
    model: type
    factory: type
    org_path: str = "organization"
    #: the URL segment after /api/v1/, e.g. "buildings"
    endpoint: str
    #: False for endpoints without POST (the organization, the audit trail)
    creatable: bool = True
    #: False for read-only endpoints (the audit trail)
    writable: bool = True
    #: a PATCH body that changes the object
    change: dict[str, Any] = {}

    # --- what a test class provides -------------------------------------------------------

    def make(self, organization, **kwargs):
        return self.factory(**{self.org_path: organization}, **kwargs)

    def payload(self, organization) -> dict[str, Any]:
        """A valid POST body in ``organization`` (building what it refers to there)."""
        raise NotImplementedError

    # --- helpers --------------------------------------------------------------------------

    def list_url(self) -> str:
        return f"{API}/{self.endpoint}/"

    def detail_url(self, obj) -> str:
        return f"{API}/{self.endpoint}/{obj.pk}/"

    def close_url(self, obj) -> str:
        return f"{API}/{self.endpoint}/{obj.pk}/close/"

    @property
    def closable(self) -> bool:
        return self.writable and bool(getattr(self.model, "close_field", None))

    def related_fields(self, payload: dict[str, Any]) -> list[str]:
        """Names in the payload that refer to other tenant rows."""
        names = []
        for name in payload:
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation and issubclass(field.related_model, TenantModel):
                names.append(name)
        return names

    @pytest.fixture
    def two_orgs(self):
        return OrganizationFactory(), OrganizationFactory()

    # --- tenancy --------------------------------------------------------------------------

    def test_list_shows_only_own_organization(self, two_orgs):
        mine, theirs = two_orgs
        own, foreign = self.make(mine), self.make(theirs)
        ids = result_ids(api_client(mine).get(self.list_url()))
        assert own.pk in ids
        assert foreign.pk not in ids

    def test_another_organizations_row_cannot_be_retrieved_changed_or_closed(self, two_orgs):
        mine, theirs = two_orgs
        foreign = self.make(theirs)
        before = self.model._default_manager.filter(pk=foreign.pk).values().get()
        c = api_client(mine)
        assert c.get(self.detail_url(foreign)).status_code == 404
        if self.writable:
            assert c.patch(self.detail_url(foreign), self.change,
                           format="json").status_code == 404
            body = self.payload(mine) if self.creatable else self.change
            assert c.put(self.detail_url(foreign), body, format="json").status_code == 404
        if self.closable:
            assert c.post(self.close_url(foreign), {"date": timezone.localdate().isoformat()},
                          format="json").status_code == 404
        assert self.model._default_manager.filter(pk=foreign.pk).values().get() == before

    def test_another_organizations_rows_cannot_be_referenced(self, two_orgs):
        if not self.creatable:
            pytest.skip("this endpoint creates nothing")
        mine, theirs = two_orgs
        c = api_client(mine)
        foreign_payload = self.payload(theirs)
        fields = self.related_fields(foreign_payload)
        if not fields:
            pytest.skip("this model refers to no other rows")
        for name in fields:
            body = {**self.payload(mine), name: foreign_payload[name]}
            count = self.model._default_manager.count()
            response = c.post(self.list_url(), body, format="json")
            assert response.status_code == 400, (name, response.content)
            assert name in response.json(), (name, response.json())
            assert self.model._default_manager.count() == count

    def test_organization_is_taken_from_access_not_from_the_client(self, two_orgs):
        if not self.creatable:
            pytest.skip("this endpoint creates nothing")
        mine, theirs = two_orgs
        body = {**self.payload(mine), "organization": theirs.pk}
        response = api_client(mine).post(self.list_url(), body, format="json")
        assert response.status_code == 201, response.content
        created = self.model._default_manager.get(pk=response.json()["id"])
        assert created.organization_id == mine.pk

    def test_anonymous_client_is_asked_to_authenticate(self, two_orgs):
        obj = self.make(two_orgs[0])
        assert APIClient().get(self.list_url()).status_code == 401
        assert APIClient().get(self.detail_url(obj)).status_code == 401

    def test_a_user_of_no_organization_is_refused(self, two_orgs):
        mine, _theirs = two_orgs
        obj = self.make(mine)
        membership = MembershipFactory(organization=mine, is_active=False)
        c = api_client(user=membership.user)
        assert c.get(self.list_url()).status_code == 403
        assert c.get(self.detail_url(obj)).status_code == 403

    def test_list_queries_do_not_grow_with_the_rows(self, two_orgs):
        mine, _theirs = two_orgs
        self.make(mine)
        c = api_client(mine)
        c.get(self.list_url())  # warm up: the access and the token are read once per request
        with CaptureQueriesContext(connection) as few:
            assert c.get(self.list_url()).status_code == 200
        for _ in range(4):
            self.make(mine)
        with CaptureQueriesContext(connection) as many:
            assert c.get(self.list_url()).status_code == 200
        assert len(many) == len(few), [q["sql"] for q in many.captured_queries]

    # --- roles ----------------------------------------------------------------------------

    @pytest.mark.parametrize("role", list(Role))
    def test_each_role_gets_exactly_its_rights(self, role):
        org = OrganizationFactory()
        obj = self.make(org)
        c = api_client(org, role)
        area = self.model.permission_area

        def expect(response, allowed: bool, ok: int = 200, denied: int = 403):
            assert response.status_code == (ok if allowed else denied), (
                f"{role}: {response.request['REQUEST_METHOD']} {response.request['PATH_INFO']}"
                f" -> {response.status_code} {response.content[:300]!r}")

        can_view = roles.can(role, area, Action.VIEW)
        expect(c.get(self.list_url()), can_view)
        expect(c.get(self.detail_url(obj)), can_view)
        if self.creatable:
            expect(c.post(self.list_url(), self.payload(org), format="json"),
                   roles.can(role, area, Action.ADD), ok=201)
        else:
            assert c.post(self.list_url(), {}, format="json").status_code == 405
        if self.writable:
            expect(c.patch(self.detail_url(obj), self.change, format="json"),
                   roles.can(role, area, Action.CHANGE))
        if self.closable:
            expect(c.post(self.close_url(obj), {"date": timezone.localdate().isoformat()},
                          format="json"), roles.can(role, area, Action.CLOSE))

    def test_branch_scoped_staff_reach_only_their_branches(self):
        if not getattr(self.model, "branch_path", None):
            pytest.skip("this model is not tied to a branch")
        org = OrganizationFactory()
        north, south = BranchFactory(organization=org), BranchFactory(organization=org)
        inside = self.make(org, **{self.model.branch_path: north})
        outside = self.make(org, **{self.model.branch_path: south})
        c = api_client(org, Role.MANAGER, branches=[north])
        ids = result_ids(c.get(self.list_url()))
        assert inside.pk in ids
        assert outside.pk not in ids
        assert c.get(self.detail_url(inside)).status_code == 200
        assert c.get(self.detail_url(outside)).status_code == 404
        if self.writable:
            assert c.patch(self.detail_url(outside), self.change,
                           format="json").status_code == 404
