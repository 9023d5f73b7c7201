import pytest
from django.urls import reverse

from abonent.testing import factories as f

pytestmark = pytest.mark.django_db


def test_history_shows_field_labels_choice_labels_and_related_names(client):
    account = f.AccountFactory(delivery="paper")
    org = account.organization
    new_holder = f.PersonFactory(organization=org, first_name="Giorgi", last_name="Abashidze")
    client.force_login(f.MembershipFactory(organization=org, role="admin").user)
    response = client.post(reverse("accounts:account_edit", args=[account.pk]), {
        "unit": account.unit_id, "holder": new_holder.pk, "opened_on": "2020-01-01",
        "delivery": "portal", "notes": ""})
    assert response.status_code == 302
    html = client.get(reverse("accounts:account_history", args=[account.pk])).content.decode()
    assert "receipt delivery" in html and "Residents&#x27; portal" in html
    assert "Giorgi Abashidze" in html and str(account.holder) in html
    audit = client.get(reverse("core:auditentry_list"), {"object_type": "accounts.account"})
    assert "Giorgi Abashidze" in audit.content.decode()
