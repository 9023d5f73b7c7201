import pytest
from django.urls import reverse

from abonent.property.models import Unit
from abonent.testing.factories import BuildingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_unit_must_fit_in_its_building(client):
    building = BuildingFactory(floors=5, entrances=2)
    client.force_login(MembershipFactory(organization=building.organization,
                                         role="manager").user)
    response = client.post(reverse("property:unit_add"), {
        "building": building.pk, "kind": "apartment", "number": "77", "entrance": 3,
        "floor": 9, "area": "-5"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "only 2 entrances" in html
    assert "only 5 floors" in html
    assert not Unit.objects.filter(number="77").exists()


def test_every_invalid_building_field_gets_its_own_message(client):
    member = MembershipFactory(role="admin")
    client.force_login(member.user)
    response = client.post(reverse("property:building_add"), {
        "code": "", "city": "", "street": "", "house_number": "", "floors": "0",
        "entrances": "1", "year_built": "1200", "total_area": "100", "living_area": "150"})
    html = response.content.decode()
    assert response.status_code == 400
    for field in ("code", "city", "street", "house_number", "floors", "year_built",
                  "living_area"):
        row = html.split(f'id="id_{field}"')[1].split('class="form-row')[0]
        assert 'class="error"' in row, field


def test_unit_numbers_are_unique_within_a_building(client):
    building = BuildingFactory()
    Unit.objects.create(organization=building.organization, building=building, number="5",
                        area="40")
    client.force_login(MembershipFactory(organization=building.organization, role="admin").user)
    response = client.post(reverse("property:unit_add"), {
        "building": building.pk, "kind": "apartment", "number": "5", "area": "40"})
    assert response.status_code == 400
    assert Unit.objects.filter(building=building, number="5").count() == 1
