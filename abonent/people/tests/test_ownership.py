import datetime as dt

import pytest
from django.urls import reverse

from abonent.people.models import Ownership
from abonent.testing.factories import MembershipFactory, OwnershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_co_owners_shares_may_not_exceed_the_whole_unit(client):
    half = OwnershipFactory(share_numerator=1, share_denominator=2)
    org = half.organization
    other = PersonFactory(organization=org)
    client.force_login(MembershipFactory(organization=org, role="manager").user)
    url = reverse("people:ownership_add")
    data = {"person": other.pk, "unit": half.unit.pk, "kind": "owner", "share_numerator": 2,
            "share_denominator": 3, "date_from": "2024-01-01"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "7/6" in response.content.decode()
    data["share_numerator"] = 1
    data["share_denominator"] = 2
    assert client.post(url, data).status_code == 302
    assert Ownership.objects.filter(unit=half.unit).count() == 2


def test_a_former_owners_share_does_not_count_after_they_sold(client):
    sold = OwnershipFactory(date_from=dt.date(2010, 1, 1), date_to=dt.date(2023, 12, 31))
    buyer = PersonFactory(organization=sold.organization)
    client.force_login(MembershipFactory(organization=sold.organization, role="admin").user)
    response = client.post(reverse("people:ownership_add"), {
        "person": buyer.pk, "unit": sold.unit.pk, "kind": "owner", "share_numerator": 1,
        "share_denominator": 1, "date_from": "2024-01-01"})
    assert response.status_code == 302


def test_a_person_needs_first_and_last_name_and_a_company_its_name(client):
    org = MembershipFactory(role="admin")
    client.force_login(org.user)
    url = reverse("people:person_add")
    response = client.post(url, {"kind": "person", "language": "ka", "phone": "abc"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "A person needs a first name." in html
    assert "A person needs a last name." in html
    assert "Enter a phone number" in html
    response = client.post(url, {"kind": "company", "language": "ru"})
    assert "A company needs its name." in response.content.decode()
    response = client.post(url, {"kind": "company", "language": "ru",
                                 "company_name": "ООО Уют", "channels": ["email", "sms"],
                                 "email": "info@uyut.example"})
    assert response.status_code == 302
