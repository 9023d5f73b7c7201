import datetime as dt

from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.core import checkdigit
from abonent.core.choices import AuditAction, AuditSource, Role
from abonent.core.models import AuditEntry
from abonent.testing.api_suite import API, TenantAPISuite, api_client
from abonent.testing.factories import (
    AccountFactory,
    BenefitCategoryFactory,
    BenefitMembershipFactory,
    BranchFactory,
    BuildingFactory,
    OrganizationFactory,
    PersonFactory,
    ResidentFactory,
    UnitFactory,
)


class TestAccountAPI(TenantAPISuite):
    model = Account
    factory = AccountFactory
    org_path = "unit__building__organization"
    endpoint = "accounts"
    change = {"notes": "Meter in the basement"}

    def payload(self, organization):
        return {"unit": UnitFactory(building__organization=organization).pk,
                "holder": PersonFactory(organization=organization).pk,
                "opened_on": "2024-01-01", "delivery": "paper"}


class TestResidentAPI(TenantAPISuite):
    model = Resident
    factory = ResidentFactory
    org_path = "account__unit__building__organization"
    endpoint = "residents"
    change = {"kind": "temporary"}

    def payload(self, organization):
        account = AccountFactory(unit__building__organization=organization)
        return {"account": account.pk, "person": PersonFactory(organization=organization).pk,
                "kind": "permanent", "date_from": "2024-05-01"}


class TestBenefitCategoryAPI(TenantAPISuite):
    model = BenefitCategory
    factory = BenefitCategoryFactory
    endpoint = "benefit-categories"
    change = {"description": "Old-age pensioners with a certificate"}

    def payload(self, organization):
        return {"code": f"PEN{BenefitCategory.objects.count()}", "name": "Pensioner",
                "discount_percent": "25.50"}


class TestBenefitMembershipAPI(TenantAPISuite):
    model = BenefitMembership
    factory = BenefitMembershipFactory
    org_path = "account__unit__building__organization"
    endpoint = "benefit-memberships"
    change = {"document_ref": "Certificate 77/2024, Social Service"}

    def payload(self, organization):
        account = AccountFactory(unit__building__organization=organization)
        return {"account": account.pk,
                "category": BenefitCategoryFactory(organization=organization).pk,
                "person": PersonFactory(organization=organization).pk,
                "valid_from": "2024-01-01", "document_ref": "Certificate 12/2024"}


def test_onboarding_over_the_api_assigns_an_account_number_with_a_check_digit(db):
    org = OrganizationFactory()
    c = api_client(org, Role.MANAGER)
    building = c.post(f"{API}/buildings/", {
        "code": "VAKE-7", "city": "Tbilisi", "street": "Abashidze Street",
        "house_number": "7", "floors": 12, "entrances": 2, "total_area": "8150.00"},
        format="json")
    assert building.status_code == 201, building.content
    unit = c.post(f"{API}/units/", {"building": building.json()["id"], "number": "41",
                                    "entrance": 2, "floor": 11, "area": "72.35",
                                    "rooms": 3}, format="json")
    assert unit.status_code == 201, unit.content
    person = c.post(f"{API}/people/", {"first_name": "Lika", "last_name": "Jgerenaia",
                                       "email": "lika@example.ge", "language": "ka"},
                    format="json")
    assert person.status_code == 201, person.content
    account = c.post(f"{API}/accounts/", {"unit": unit.json()["id"],
                                          "holder": person.json()["id"],
                                          "opened_on": "2025-01-01", "delivery": "email"},
                     format="json")
    assert account.status_code == 201, account.content
    number = account.json()["number"]
    assert checkdigit.is_valid(number)
    assert len(number) == 8
    second = c.post(f"{API}/accounts/", {"unit": unit.json()["id"],
                                         "holder": person.json()["id"],
                                         "opened_on": "2025-01-01"}, format="json")
    assert second.json()["number"] != number
    assert checkdigit.is_valid(second.json()["number"])

    stored = Account.objects.get(pk=account.json()["id"])
    assert stored.organization_id == org.pk
    assert stored.unit.building.code == "VAKE-7"


def test_changes_made_over_the_api_are_audited_with_the_api_user(db):
    org = OrganizationFactory()
    c = api_client(org)
    person = PersonFactory(organization=org)
    response = c.patch(f"{API}/people/{person.pk}/", {"phone": "+995 577 000111"},
                       format="json")
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(object_type="people.person", object_id=str(person.pk),
                                      action=AuditAction.UPDATE).get()
    assert entry.actor_id == c.user.pk
    assert entry.actor_label == c.user.username
    assert entry.source == AuditSource.API
    assert entry.changes["phone"][1] == "+995 577 000111"
    assert entry.source_detail.startswith("PATCH /api/v1/people/")

    history = c.get(f"{API}/audit-entries/", {"object_type": "people.person",
                                              "object_id": person.pk, "source": "api"})
    assert history.status_code == 200
    assert [r["id"] for r in history.json()["results"]] == [entry.pk]


def test_validation_errors_name_the_field(db):
    org = OrganizationFactory()
    holder = PersonFactory(organization=org, email="")
    unit = UnitFactory(building__organization=org)
    c = api_client(org)
    response = c.post(f"{API}/accounts/", {"unit": unit.pk, "holder": holder.pk,
                                           "opened_on": "2024-01-01", "delivery": "email"},
                      format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["delivery"]
    response = c.post(f"{API}/accounts/", {"unit": unit.pk, "holder": holder.pk,
                                           "opened_on": "2024-01-01", "number": "12345678"},
                      format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["number"]
    assert not Account.objects.exists()


def test_an_account_number_never_changes(db):
    org = OrganizationFactory()
    account = AccountFactory(unit__building__organization=org)
    other = checkdigit.with_check_digit("7000000")
    response = api_client(org).patch(f"{API}/accounts/{account.pk}/", {"number": other},
                                     format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["number"]


def test_branch_scoped_staff_cannot_open_accounts_outside_their_branches(db):
    org = OrganizationFactory()
    north, south = BranchFactory(organization=org), BranchFactory(organization=org)
    outside = UnitFactory(building=BuildingFactory(organization=org, branch=south))
    inside = UnitFactory(building=BuildingFactory(organization=org, branch=north))
    holder = PersonFactory(organization=org)
    c = api_client(org, Role.ACCOUNTANT, branches=[north])
    body = {"holder": holder.pk, "opened_on": "2024-01-01"}
    response = c.post(f"{API}/accounts/", {**body, "unit": outside.pk}, format="json")
    assert response.status_code == 400
    assert "unit" in response.json()
    response = c.post(f"{API}/accounts/", {**body, "unit": inside.pk}, format="json")
    assert response.status_code == 201


def test_closing_an_account_before_it_opened_is_refused_on_the_date(db):
    org = OrganizationFactory()
    account = AccountFactory(unit__building__organization=org, opened_on=dt.date(2022, 5, 1))
    c = api_client(org, Role.ACCOUNTANT)
    response = c.post(f"{API}/accounts/{account.pk}/close/", {"date": "2022-04-30"},
                      format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["date"]
    response = c.post(f"{API}/accounts/{account.pk}/close/", {"date": "2025-03-31"},
                      format="json")
    assert response.status_code == 200
    assert response.json()["closed_on"] == "2025-03-31"


def test_accounts_filter_by_building_and_benefit(db):
    org = OrganizationFactory()
    membership = BenefitMembershipFactory(account__unit__building__organization=org)
    plain = AccountFactory(unit__building__organization=org)
    c = api_client(org, Role.CASHIER)

    def ids(**query):
        return {r["id"] for r in c.get(f"{API}/accounts/", query).json()["results"]}

    assert ids(benefit=membership.category_id) == {membership.account_id}
    assert ids(building=plain.unit.building_id) == {plain.pk}
    assert ids(q=plain.number) == {plain.pk}
