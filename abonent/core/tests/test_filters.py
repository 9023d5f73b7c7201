import pytest
from django.urls import reverse

from abonent.testing import factories as f

pytestmark = pytest.mark.django_db


def test_filter_choices_offer_only_the_users_own_organizations_rows(client):
    member = f.MembershipFactory(role="admin")
    own = f.UnitFactory(building__organization=member.organization, building__street="Mine St")
    foreign = f.UnitFactory(building__street="Theirs St")
    client.force_login(member.user)
    html = client.get(reverse("accounts:account_list")).content.decode()
    assert own.building.street in html
    assert foreign.building.street not in html
    html = client.get(reverse("people:ownership_list")).content.decode()
    building_select = html.split('name="building"')[1].split("</select>")[0]
    assert f'value="{own.building.pk}"' in building_select
    assert f'value="{foreign.building.pk}"' not in building_select
    assert "Theirs St" not in html


def test_filtering_by_another_organizations_row_is_rejected_not_leaked(client):
    member = f.MembershipFactory(role="admin")
    f.AccountFactory(unit__building__organization=member.organization)
    foreign = f.AccountFactory()
    client.force_login(member.user)
    html = client.get(reverse("accounts:account_list"),
                      {"building": foreign.unit.building_id}).content.decode()
    assert foreign.number not in html
