from abonent.core.choices import Role
from abonent.people.models import Ownership, Person
from abonent.testing.api_suite import API, TenantAPISuite, api_client
from abonent.testing.factories import (
    OrganizationFactory,
    OwnershipFactory,
    PersonFactory,
    UnitFactory,
)


class TestPersonAPI(TenantAPISuite):
    model = Person
    factory = PersonFactory
    endpoint = "people"
    change = {"notes": "Prefers calls after 18:00"}

    def payload(self, organization):
        return {"first_name": "Tamar", "last_name": "Kapanadze", "phone": "+995 599 123456",
                "email": "tamar@example.ge", "language": "ka", "channels": ["sms", "email"],
                "consent_processing": True}


class TestOwnershipAPI(TenantAPISuite):
    model = Ownership
    factory = OwnershipFactory
    org_path = "unit__building__organization"
    endpoint = "ownerships"
    change = {"document_ref": "Registry 01.18.22.004.001"}

    def payload(self, organization):
        return {"person": PersonFactory(organization=organization).pk,
                "unit": UnitFactory(building__organization=organization).pk,
                "kind": "owner", "share_numerator": 1, "share_denominator": 2,
                "date_from": "2023-03-01"}


def test_a_person_needs_names_and_known_channels(db):
    org = OrganizationFactory()
    c = api_client(org, Role.DISPATCHER)
    response = c.post(f"{API}/people/", {"kind": "person", "first_name": "Ana"},
                      format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["last_name"]
    response = c.post(f"{API}/people/", {"first_name": "Ana", "last_name": "Silva",
                                         "channels": ["pigeon"]}, format="json")
    assert response.status_code == 400
    assert "channels" in response.json()
    response = c.post(f"{API}/people/", {"kind": "company", "company_name": "Águas do Porto"},
                      format="json")
    assert response.status_code == 201
    assert response.json()["display"] == "Águas do Porto"


def test_owners_shares_cannot_exceed_the_whole_unit(db):
    org = OrganizationFactory()
    unit = UnitFactory(building__organization=org)
    OwnershipFactory(unit=unit, share_numerator=2, share_denominator=3)
    body = {"person": PersonFactory(organization=org).pk, "unit": unit.pk, "kind": "owner",
            "share_numerator": 1, "share_denominator": 2, "date_from": "2021-01-01"}
    response = api_client(org).post(f"{API}/ownerships/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["share_numerator"]


def test_ending_an_ownership_sets_its_end_date(db):
    org = OrganizationFactory()
    ownership = OwnershipFactory(unit__building__organization=org)
    response = api_client(org).post(f"{API}/ownerships/{ownership.pk}/close/",
                                    {"date": "2025-02-28"}, format="json")
    assert response.status_code == 200
    assert response.json()["date_to"] == "2025-02-28"
    ownership.refresh_from_db()
    assert str(ownership.date_to) == "2025-02-28"


def test_people_are_found_by_the_same_search_as_the_ui(db):
    org = OrganizationFactory()
    nino = PersonFactory(organization=org, first_name="Nino", last_name="Beridze")
    PersonFactory(organization=org, first_name="Giorgi", last_name="Lomidze")
    PersonFactory(organization=OrganizationFactory(), first_name="Nino", last_name="Beridze")
    rows = api_client(org).get(f"{API}/people/", {"q": "nino beri"}).json()["results"]
    assert [r["id"] for r in rows] == [nino.pk]
