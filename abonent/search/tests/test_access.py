"""Staff find only what they could open: their organization, their role's areas, their
branches."""

import pytest
from django.urls import reverse

from abonent.core import roles
from abonent.core.choices import Role
from abonent.testing.factories import (
    AccountFactory,
    BranchFactory,
    BuildingFactory,
    MeterFactory,
    OrganizationFactory,
    PersonFactory,
)
from abonent.testing.suites import client_for

from .helpers import found, staff, urls

pytestmark = pytest.mark.django_db


def test_another_organizations_namesakes_are_not_found():
    mine, theirs = OrganizationFactory(), OrganizationFactory()
    own = PersonFactory(organization=mine, first_name="Nino", last_name="Beridze")
    foreign = PersonFactory(organization=theirs, first_name="Nino", last_name="Beridze")
    AccountFactory(unit__building__organization=theirs, holder=foreign, number="12345674")
    assert urls(staff(mine), "beridze") == {own.get_absolute_url()}
    assert found(staff(mine), "12345674") == {}


def test_branch_staff_find_only_their_branches_addresses_and_accounts():
    org = OrganizationFactory()
    north, south = BranchFactory(organization=org), BranchFactory(organization=org)
    inside = BuildingFactory(organization=org, branch=north, street="Rustaveli Avenue")
    outside = BuildingFactory(organization=org, branch=south, street="Rustaveli Street")
    AccountFactory(unit__building=inside, number="12345674",
                   holder__first_name="Nino", holder__last_name="Beridze")
    AccountFactory(unit__building=outside, number="12345698",
                   holder__first_name="Nino", holder__last_name="Beridze")
    me = staff(org, Role.MANAGER, branches=[north])
    result = found(me, "rustaveli")
    assert result["building"] == [str(inside)]
    assert result["account"] == ["12345674"]
    # people belong to no branch: both holders are found, as on the people list
    assert len(found(me, "beridze")["person"]) == 2


def test_a_role_without_people_finds_no_people(monkeypatch):
    rights = {area: set(actions) for area, actions in roles.RIGHTS[Role.TECHNICIAN].items()}
    rights.pop("person")
    monkeypatch.setitem(roles.RIGHTS, Role.TECHNICIAN, rights)
    org = OrganizationFactory()
    AccountFactory(unit__building__organization=org, number="12345674",
                   holder__first_name="Nino", holder__last_name="Beridze")
    result = found(staff(org, Role.TECHNICIAN), "beridze")
    assert "person" not in result
    assert result["account"] == ["12345674"]


@pytest.mark.parametrize("role", list(Role))
def test_each_role_finds_exactly_the_kinds_it_may_view(role):
    from abonent.search import registry

    org = OrganizationFactory()
    account = AccountFactory(unit__building__organization=org, number="12345674",
                             unit__building__street="Beridze Street",
                             holder__first_name="Nino", holder__last_name="Beridze")
    MeterFactory(account=account)  # found by its building's street
    expected = {k.name for k in registry.kinds() if roles.can(role, k.area, "view")}
    assert set(found(staff(org, role), "beridze")) == expected


def test_someone_outside_the_organization_finds_nothing(client):
    org = OrganizationFactory()
    PersonFactory(organization=org, last_name="Beridze")
    assert found(staff(None), "beridze") == {}
    response = client.get(reverse("search"), {"q": "beridze"})
    assert response.status_code == 302  # to the sign-in page


def test_the_search_box_uses_the_requests_organization(client):
    mine, theirs = OrganizationFactory(), OrganizationFactory()
    PersonFactory(organization=theirs, last_name="Beridze")
    c = client_for(client, mine)
    assert "Beridze" not in c.get(reverse("search"), {"q": "berid"}).content.decode()
