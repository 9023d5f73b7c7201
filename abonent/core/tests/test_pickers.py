import pytest
from django.urls import reverse

from abonent.testing import factories as f

pytestmark = pytest.mark.django_db


def test_account_form_does_not_list_every_person_but_finds_them_by_name(client):
    member = f.MembershipFactory(role="admin")
    org = member.organization
    f.PersonFactory.create_batch(30, organization=org)
    wanted = f.PersonFactory(organization=org, last_name="Kvaratskhelia")
    f.PersonFactory(last_name="Kvaratskhelia-Foreign")
    client.force_login(member.user)
    form = client.get(reverse("accounts:account_add")).content.decode()
    assert "Kvaratskhelia" not in form  # only the chosen option is rendered, none yet
    assert form.count("<option") < 30
    url = reverse("pick", args=["people.person"])
    options = client.get(url, {"pick": "kvara"}).content.decode()
    assert f'value="{wanted.pk}"' in options
    assert "Foreign" not in options


def test_picker_refuses_models_the_role_cannot_see(client):
    member = f.MembershipFactory(role="technician")
    f.UnitFactory(building__organization=member.organization)
    client.force_login(member.user)
    response = client.get(reverse("pick", args=["people.ownership"]), {"pick": "1"})
    assert response.status_code == 404
