import datetime as dt

from abonent.core.choices import Role
from abonent.property.models import Building, Unit
from abonent.testing.api_suite import API, TenantAPISuite, api_client
from abonent.testing.factories import (
    BranchFactory,
    BuildingFactory,
    OrganizationFactory,
    UnitFactory,
)


class TestBuildingAPI(TenantAPISuite):
    model = Building
    factory = BuildingFactory
    endpoint = "buildings"
    change = {"notes": "Roof repaired in 2024"}

    def payload(self, organization):
        return {"code": f"API-{Building.objects.count() + 1}", "city": "Tbilisi",
                "street": "Chavchavadze Avenue", "house_number": "12", "floors": 9,
                "entrances": 3, "total_area": "4200.50", "living_area": "3800.00",
                "branch": BranchFactory(organization=organization).pk}


class TestUnitAPI(TenantAPISuite):
    model = Unit
    factory = UnitFactory
    org_path = "building__organization"
    endpoint = "units"
    change = {"rooms": 3}

    def payload(self, organization):
        return {"building": BuildingFactory(organization=organization).pk, "number": "17",
                "entrance": 2, "floor": 5, "area": "61.40", "rooms": 2}


def test_areas_are_decimal_strings_and_floors_are_checked_against_the_building(db):
    org = OrganizationFactory()
    building = BuildingFactory(organization=org, floors=5, entrances=2)
    c = api_client(org)
    response = c.post(f"{API}/units/", {"building": building.pk, "number": "9", "floor": 7,
                                        "area": "48.25"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["floor"]
    assert "5 floor" in response.json()["floor"][0]

    response = c.post(f"{API}/units/", {"building": building.pk, "number": "9", "floor": 4,
                                        "area": "48.25"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["area"] == "48.25"
    assert response.json()["display"].endswith(", 9")


def test_a_unit_number_is_unique_in_its_building(db):
    org = OrganizationFactory()
    unit = UnitFactory(building__organization=org, number="5")
    response = api_client(org).post(f"{API}/units/", {"building": unit.building_id,
                                                      "number": "5", "area": "40"},
                                    format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json() or "number" in response.json()


def test_a_building_code_taken_in_the_organization_names_the_field(db):
    org = OrganizationFactory()
    BuildingFactory(organization=org, code="B-1")
    BuildingFactory(organization=OrganizationFactory(), code="B-2")  # another org's code
    c = api_client(org)
    body = {"city": "Tbilisi", "street": "Pekini", "house_number": "3"}
    taken = c.post(f"{API}/buildings/", {**body, "code": "B-1"}, format="json")
    assert taken.status_code == 400
    assert list(taken.json()) == ["code"]
    assert c.post(f"{API}/buildings/", {**body, "code": "B-2"}, format="json").status_code == 201


def test_closing_a_building_ends_management_and_cannot_happen_twice(db):
    org = OrganizationFactory()
    building = BuildingFactory(organization=org, management_start=dt.date(2020, 1, 1))
    c = api_client(org)
    url = f"{API}/buildings/{building.pk}/close/"
    early = c.post(url, {"date": "2019-12-31"}, format="json")
    assert early.status_code == 400
    assert list(early.json()) == ["date"]
    response = c.post(url, {"date": "2024-06-30"}, format="json")
    assert response.status_code == 200
    assert response.json()["closed_on"] == "2024-06-30"
    again = c.post(url, {"date": "2024-07-01"}, format="json")
    assert again.status_code == 400
    assert "date" in again.json()


def test_there_is_no_delete(db):
    org = OrganizationFactory()
    building = BuildingFactory(organization=org)
    response = api_client(org).delete(f"{API}/buildings/{building.pk}/")
    assert response.status_code == 405
    assert Building.objects.filter(pk=building.pk).exists()


def test_filters_are_the_ui_filtersets(db):
    org = OrganizationFactory()
    north = BranchFactory(organization=org)
    a = BuildingFactory(organization=org, city="Batumi", branch=north)
    b = BuildingFactory(organization=org, city="Tbilisi")
    closed = BuildingFactory(organization=org, city="Tbilisi", closed_on=dt.date(2024, 1, 1))
    c = api_client(org, Role.MANAGER)
    ids = lambda **q: {r["id"] for r in c.get(f"{API}/buildings/", q).json()["results"]}  # noqa: E731
    assert ids(city="Batumi") == {a.pk}
    assert ids(branch=north.pk) == {a.pk}
    assert ids(closed="false") == {a.pk, b.pk}
    assert ids(closed="true") == {closed.pk}
    assert ids(q="batu") == {a.pk}
    foreign_branch = BranchFactory(organization=OrganizationFactory())
    response = c.get(f"{API}/buildings/", {"branch": foreign_branch.pk})
    assert response.status_code == 400
    assert "branch" in response.json()


def test_lists_are_paginated_and_ordered(db):
    org = OrganizationFactory()
    for code in ("C", "A", "B"):
        BuildingFactory(organization=org, code=code)
    c = api_client(org)
    page = c.get(f"{API}/buildings/", {"ordering": "-code", "page_size": 2}).json()
    assert page["count"] == 3
    assert [r["code"] for r in page["results"]] == ["C", "B"]
    assert page["next"] is not None
    assert c.get(f"{API}/buildings/", {"page": 9}).status_code == 404
