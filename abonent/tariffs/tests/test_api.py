import datetime as dt

import pytest

from abonent.core.choices import Role
from abonent.tariffs.models import Service, Subscription, Tariff, TariffVersion
from abonent.testing.api_suite import API, TenantAPISuite, api_client
from abonent.testing.factories import (
    AccountFactory,
    BuildingFactory,
    OrganizationFactory,
    ServiceFactory,
    SubscriptionFactory,
    TariffFactory,
    TariffVersionFactory,
)

VERSIONS = f"{API}/tariff-versions/"


class TestServiceAPI(TenantAPISuite):
    model = Service
    factory = ServiceFactory
    endpoint = "services"
    change = {"name": "Cold water supply"}

    def payload(self, organization):
        return {"code": f"HW{Service.objects.count()}", "name": "Hot water", "unit": "m³",
                "method": "metered", "tax_rate": "18.00"}


class TestTariffAPI(TenantAPISuite):
    model = Tariff
    factory = TariffFactory
    org_path = "service__organization"
    endpoint = "tariffs"
    change = {"name": "Social price"}

    def payload(self, organization):
        return {"service": ServiceFactory(organization=organization).pk, "scope": "building",
                "building": BuildingFactory(organization=organization).pk}


class TestTariffVersionAPI(TenantAPISuite):
    model = TariffVersion
    factory = TariffVersionFactory
    org_path = "tariff__service__organization"
    endpoint = "tariff-versions"
    change = {"rate": "3.40"}

    def payload(self, organization):
        return {"tariff": TariffFactory(service__organization=organization).pk,
                "effective_from": "2025-01-01", "rate": "3.25"}


class TestSubscriptionAPI(TenantAPISuite):
    model = Subscription
    factory = SubscriptionFactory
    org_path = "building__organization"
    endpoint = "subscriptions"
    change = {"date_from": "2024-06-01"}

    def payload(self, organization):
        return {"service": ServiceFactory(organization=organization).pk,
                "building": BuildingFactory(organization=organization).pk,
                "date_from": "2025-01-01"}


@pytest.fixture
def tiered(db):
    org = OrganizationFactory()
    tariff = TariffFactory(service=ServiceFactory(organization=org, method="tiered"))
    return api_client(org, Role.ACCOUNTANT), tariff


def test_bands_are_written_and_read_as_a_list_of_limits_and_rates(tiered):
    c, tariff = tiered
    bands = [{"up_to": "100", "rate": "0.20"}, {"up_to": "300", "rate": "0.25"},
             {"rate": "0.30"}]
    response = c.post(VERSIONS, {"tariff": tariff.pk, "effective_from": "2025-01-01",
                                 "bands": bands}, format="json")
    assert response.status_code == 201, response.content
    expected = [{"up_to": "100", "rate": "0.20"}, {"up_to": "300", "rate": "0.25"},
                {"up_to": None, "rate": "0.30"}]
    assert response.json()["bands"] == expected
    assert response.json()["rate"] is None
    version = TariffVersion.objects.get()
    assert version.bands == expected  # stored exactly as the pages store typed bands
    assert c.get(f"{VERSIONS}{version.pk}/").json()["bands"] == expected


def test_a_band_that_is_not_a_number_is_named_by_its_position(tiered):
    c, tariff = tiered
    response = c.post(VERSIONS, {"tariff": tariff.pk, "effective_from": "2025-01-01",
                                 "bands": [{"up_to": "100", "rate": "0.20"},
                                           {"up_to": "lots", "rate": "-0.25"},
                                           {"rate": "0.30"}]}, format="json")
    assert response.status_code == 400
    errors = response.json()["bands"]  # keyed by the band's position in the list, from 0
    assert list(errors) == ["1"]
    assert set(errors["1"]) == {"up_to", "rate"}
    assert not TariffVersion.objects.exists()


def test_bands_that_break_the_rating_rules_are_refused_naming_the_band(tiered):
    c, tariff = tiered
    body = {"tariff": tariff.pk, "effective_from": "2025-01-01"}
    response = c.post(VERSIONS, {**body, "bands": [{"up_to": "300", "rate": "0.25"},
                                                   {"up_to": "100", "rate": "0.20"},
                                                   {"rate": "0.30"}]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"bands": ["band 2 limit 100 must exceed the band before it"]}
    response = c.post(VERSIONS, {**body, "bands": [{"up_to": "100", "rate": "0.20"}]},
                      format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["bands"]
    response = c.post(VERSIONS, body, format="json")
    assert response.json() == {"bands": ["A tiered service needs its bands."]}
    assert not TariffVersion.objects.exists()


def test_versions_in_force_on_a_day_are_found_by_filter(db):
    org = OrganizationFactory()
    tariff = TariffFactory(service__organization=org)
    old = TariffVersionFactory(tariff=tariff, effective_from=dt.date(2024, 1, 1),
                               effective_until=dt.date(2024, 12, 31))
    new = TariffVersionFactory(tariff=tariff, effective_from=dt.date(2025, 1, 1))
    c = api_client(org, Role.CASHIER)

    def ids(**query):
        return [row["id"] for row in c.get(VERSIONS, query).json()["results"]]

    assert ids(in_force_on="2024-06-30") == [old.pk]
    assert ids(in_force_on="2025-06-30") == [new.pk]
    assert ids(tariff=tariff.pk) == [new.pk, old.pk]  # newest first
    assert ids(in_force_on="2023-12-31") == []


def test_a_common_meter_service_needs_a_metered_measured_service(db):
    org = OrganizationFactory()
    flat = ServiceFactory(organization=org, method="fixed")
    water = ServiceFactory(organization=org, method="metered")
    c = api_client(org)
    body = {"code": "CW-ODN", "name": "Cold water, common use", "unit": "m³",
            "method": "common"}
    response = c.post(f"{API}/services/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["base_service"]
    response = c.post(f"{API}/services/", {**body, "base_service": flat.pk}, format="json")
    assert list(response.json()) == ["base_service"]
    response = c.post(f"{API}/services/", {**body, "base_service": water.pk,
                                           "distribution": "residents"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["base_service"] == water.pk


def test_an_account_tariff_needs_its_account(db):
    org = OrganizationFactory()
    service = ServiceFactory(organization=org)
    account = AccountFactory(unit__building__organization=org)
    c = api_client(org)
    response = c.post(f"{API}/tariffs/", {"service": service.pk, "scope": "account"},
                      format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["account"]
    response = c.post(f"{API}/tariffs/", {"service": service.pk, "scope": "account",
                                          "account": account.pk}, format="json")
    assert response.status_code == 201
    assert response.json()["display"] == f"{service.code} · {account.number}"


def test_a_subscription_for_neither_a_building_nor_an_account_is_refused(db):
    org = OrganizationFactory()
    c = api_client(org)
    response = c.post(f"{API}/subscriptions/", {
        "service": ServiceFactory(organization=org).pk, "date_from": "2025-01-01"},
        format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["A subscription is for a building or for one account."]}


def test_services_filter_by_method_and_status(db):
    org = OrganizationFactory()
    water = ServiceFactory(organization=org, method="metered")
    power = ServiceFactory(organization=org, method="tiered", closed_on=dt.date(2025, 1, 31))
    c = api_client(org, Role.CASHIER)

    def ids(**query):
        return {row["id"] for row in c.get(f"{API}/services/", query).json()["results"]}

    assert ids(method="tiered") == {power.pk}
    assert ids(closed="false") == {water.pk}
