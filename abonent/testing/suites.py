"""Shared test suites that every model's views inherit: tenancy, branch scope and role rights.

A test class names the model and a factory, and the path from the factory to the
organization (``unit__building__organization`` for an account). It then proves, for that
model, that a user of one organization can neither list, open, change, close, export nor
find another organization's rows, and that each role gets exactly the rights roles.py gives.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from abonent.core import roles
from abonent.core.choices import Action, Role
from abonent.testing.factories import BranchFactory, MembershipFactory, OrganizationFactory


def client_for(client, organization, role: str = Role.ADMIN, branches=()):
    membership = MembershipFactory(organization=organization, role=role)
    if branches:
        membership.branches.set(branches)
    client.force_login(membership.user)
    return client


@pytest.mark.django_db
class TenantViewSuite:
    model: type
    factory: type
    org_path: str = "organization"
    #: False for models the pages never add (receipts, ledger entries: a run writes them)
    addable: bool = True
    #: False for models the pages never change once added (billing runs, adjustments)
    editable: bool = True

    def make(self, organization, **kwargs):
        return self.factory(**{self.org_path: organization}, **kwargs)

    def url(self, action: str, obj=None) -> str:
        meta = self.model._meta
        name = f"{meta.app_label}:{meta.model_name}_{action}"
        return reverse(name, args=[obj.pk]) if obj is not None else reverse(name)

    def search_term(self, obj) -> str | None:
        """A few characters the quick search finds this object by, or None."""
        return None

    @pytest.fixture
    def two_orgs(self):
        return OrganizationFactory(), OrganizationFactory()

    def test_list_shows_only_own_organization(self, client, two_orgs):
        mine, theirs = two_orgs
        own, foreign = self.make(mine), self.make(theirs)
        response = client_for(client, mine).get(self.url("list"))
        assert response.status_code == 200
        html = response.content.decode()
        assert f'href="{own.get_absolute_url()}"' in html
        assert f'href="{foreign.get_absolute_url()}"' not in html

    def test_another_organizations_row_cannot_be_opened_changed_or_closed(self, client,
                                                                           two_orgs):
        mine, theirs = two_orgs
        foreign = self.make(theirs)
        before = self.model.objects.get(pk=foreign.pk).updated_at
        c = client_for(client, mine)
        assert c.get(self.url("detail", foreign)).status_code == 404
        if self.editable:
            assert c.get(self.url("edit", foreign)).status_code == 404
            assert c.post(self.url("edit", foreign), {}).status_code == 404
        assert c.get(self.url("history", foreign)).status_code == 404
        if getattr(self.model, "close_field", None):
            assert c.post(self.url("close", foreign),
                          {"closed_on": timezone.localdate().isoformat()}).status_code == 404
        assert self.model.objects.get(pk=foreign.pk).updated_at == before

    def test_export_contains_only_own_organization(self, client, two_orgs):
        mine, theirs = two_orgs
        self.make(mine)
        self.make(theirs)
        self.make(theirs)
        response = client_for(client, mine).get(self.url("list"), {"export": "csv"})
        assert response.status_code == 200
        lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
        expected = self.model.objects.filter(organization=mine).count()
        assert len(lines) == 1 + expected

    def test_quick_search_does_not_find_another_organizations_row(self, client, two_orgs):
        mine, theirs = two_orgs
        foreign = self.make(theirs)
        term = self.search_term(foreign)
        if term is None:
            pytest.skip("this model is not in the quick search")
        own_client = client_for(client, mine)
        html = own_client.get(reverse("search"), {"q": term}).content.decode()
        assert foreign.get_absolute_url() not in html
        client.force_login(MembershipFactory(organization=theirs).user)
        html = client.get(reverse("search"), {"q": term}).content.decode()
        assert foreign.get_absolute_url() in html

    @pytest.mark.parametrize("role", list(Role))
    def test_each_role_gets_exactly_its_rights(self, client, role):
        org = OrganizationFactory()
        obj = self.make(org)
        c = client_for(client, org, role)
        area = self.model.permission_area
        expect = {
            self.url("list"): roles.can(role, area, Action.VIEW),
            self.url("detail", obj): roles.can(role, area, Action.VIEW),
        }
        if self.addable:
            expect[self.url("add")] = roles.can(role, area, Action.ADD)
        if self.editable:
            expect[self.url("edit", obj)] = roles.can(role, area, Action.CHANGE)
        for url, allowed in expect.items():
            status = c.get(url).status_code
            assert (status == 200) == allowed, f"{role} {url} -> {status}"
            assert status in (200, 403, 404)
        export = c.get(self.url("list"), {"export": "csv"}).status_code
        assert (export == 200) == roles.can(role, area, Action.EXPORT)

    def test_branch_scoped_staff_see_only_their_branches(self, client):
        if not self.model.branch_path:
            pytest.skip("this model is not tied to a branch")
        org = OrganizationFactory()
        north, south = BranchFactory(organization=org), BranchFactory(organization=org)
        inside = self.make(org, **{self.model.branch_path: north})
        outside = self.make(org, **{self.model.branch_path: south})
        c = client_for(client, org, Role.MANAGER, branches=[north])
        html = c.get(self.url("list")).content.decode()
        assert f'href="{inside.get_absolute_url()}"' in html
        assert f'href="{outside.get_absolute_url()}"' not in html
        assert c.get(self.url("detail", outside)).status_code == 404
