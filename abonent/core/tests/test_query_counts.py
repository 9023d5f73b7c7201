"""List pages run a fixed number of queries, however many rows they show (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from abonent.testing import factories as f

pytestmark = pytest.mark.django_db

LISTS = [
    ("property:building_list", f.BuildingFactory, "organization"),
    ("property:unit_list", f.UnitFactory, "building__organization"),
    ("people:person_list", f.PersonFactory, "organization"),
    ("people:ownership_list", f.OwnershipFactory, "unit__building__organization"),
    ("accounts:account_list", f.AccountFactory, "unit__building__organization"),
    ("accounts:resident_list", f.ResidentFactory, "account__unit__building__organization"),
    ("accounts:benefitmembership_list", f.BenefitMembershipFactory,
     "account__unit__building__organization"),
    ("core:membership_list", f.MembershipFactory, "organization"),
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("url_name", "factory", "org_path"), LISTS)
def test_list_page_queries_do_not_grow_with_rows(client, url_name, factory, org_path):
    member = f.MembershipFactory(role="admin")
    org = member.organization
    client.force_login(member.user)
    url = reverse(url_name)
    factory.create_batch(2, **{org_path: org})
    few = count_queries(client, url)
    factory.create_batch(20, **{org_path: org})
    many = count_queries(client, url)
    assert many == few
