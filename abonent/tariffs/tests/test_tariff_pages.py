"""Tariffs and their versions on the staff pages: scope, bands typed as text, prices in force."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from abonent.core.choices import Role
from abonent.tariffs.models import Tariff, TariffVersion
from abonent.testing.factories import (
    AccountFactory,
    BuildingFactory,
    OrganizationFactory,
    ServiceFactory,
    TariffFactory,
    TariffVersionFactory,
)
from abonent.testing.suites import client_for

pytestmark = pytest.mark.django_db


def field_errors(response, name: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(name, [])]


@pytest.fixture
def org():
    return OrganizationFactory()


@pytest.fixture
def tiered(org):
    return TariffFactory(service=ServiceFactory(organization=org, code="EL", method="tiered"))


def version_body(tariff, **fields):
    return {"tariff": tariff.pk, "effective_from": "2025-01-01", **fields}


def test_a_building_tariff_needs_its_building_and_names_no_account(client, org):
    service = ServiceFactory(organization=org)
    account = AccountFactory(unit__building__organization=org)
    c = client_for(client, org, Role.ACCOUNTANT)
    response = c.post(reverse("tariffs:tariff_add"),
                      {"service": service.pk, "scope": "building", "account": account.pk})
    assert response.status_code == 400
    assert field_errors(response, "building") == [
        "Choose the building this tariff applies to."]
    assert field_errors(response, "account") == ["Only an account tariff names an account."]
    building = BuildingFactory(organization=org)
    response = c.post(reverse("tariffs:tariff_add"),
                      {"service": service.pk, "scope": "building", "building": building.pk})
    assert response.status_code == 302
    assert Tariff.objects.get().building == building


def test_the_account_of_an_account_tariff_is_chosen_with_the_picker(client, org):
    html = client_for(client, org).get(reverse("tariffs:tariff_add")).content.decode()
    assert reverse("pick", args=["accounts.account"]) in html
    assert 'data-shown-by="scope" data-shown-for="account"' in html


def test_the_tariff_page_lists_versions_newest_first_with_a_prefilled_add_link(client, org):
    tariff = TariffFactory(service__organization=org)
    old = TariffVersionFactory(tariff=tariff, effective_from=dt.date(2023, 1, 1))
    new = TariffVersionFactory(tariff=tariff, effective_from=dt.date(2025, 1, 1))
    middle = TariffVersionFactory(tariff=tariff, effective_from=dt.date(2024, 1, 1))
    c = client_for(client, org, Role.ACCOUNTANT)
    response = c.get(tariff.get_absolute_url())
    [versions] = response.context["related_tables"]
    assert [row["obj"] for row in versions["rows"]] == [new, middle, old]
    add = f"{reverse('tariffs:tariffversion_add')}?tariff={tariff.pk}"
    assert versions["add_url"] == add
    form = c.get(add).context["form"]
    assert str(form["tariff"].value()) == str(tariff.pk)


def test_bands_typed_as_text_are_stored_as_json_and_shown_back_as_text(client, org, tiered):
    c = client_for(client, org, Role.ACCOUNTANT)
    response = c.post(reverse("tariffs:tariffversion_add"),
                      version_body(tiered, bands="100: 0.20; 300: 0.25;\n0.30"))
    assert response.status_code == 302, response.context["form"].errors
    version = TariffVersion.objects.get()
    assert version.bands == [{"up_to": "100", "rate": "0.20"},
                             {"up_to": "300", "rate": "0.25"},
                             {"up_to": None, "rate": "0.30"}]
    form = c.get(reverse("tariffs:tariffversion_edit", args=[version.pk])).context["form"]
    assert form["bands"].value() == "100: 0.20; 300: 0.25; 0.30"
    detail = c.get(version.get_absolute_url()).content.decode()
    assert "100: 0.20; 300: 0.25; 0.30" in detail


def test_a_band_that_cannot_be_read_is_named_once_on_the_bands_field(client, org, tiered):
    c = client_for(client, org, Role.ACCOUNTANT)
    response = c.post(reverse("tariffs:tariffversion_add"),
                      version_body(tiered, bands="100: 0.20; 300: a quarter; 0.30"))
    assert response.status_code == 400
    assert field_errors(response, "bands") == [
        'Band 2 (300: a quarter) is not "limit: rate".']
    assert not TariffVersion.objects.exists()


def test_a_band_with_too_many_decimals_is_named(client, org, tiered):
    response = client_for(client, org).post(reverse("tariffs:tariffversion_add"), version_body(
        tiered, bands="100: 0.20; 0.2512345"))
    assert field_errors(response, "bands") == [
        "Band 2: Ensure that there are no more than 6 decimal places."]
    response = client.post(reverse("tariffs:tariffversion_add"),
                           version_body(tiered, bands="NaN: 0.20; 0.25"))
    assert field_errors(response, "bands") == ["Band 1: Enter a number."]


def test_bands_out_of_order_are_refused_by_the_rating_rules_on_the_bands_field(client, org,
                                                                               tiered):
    c = client_for(client, org, Role.ACCOUNTANT)
    response = c.post(reverse("tariffs:tariffversion_add"),
                      version_body(tiered, bands="300: 0.25; 100: 0.20; 0.30"))
    assert response.status_code == 400
    assert field_errors(response, "bands") == [
        "band 2 limit 100 must exceed the band before it"]
    response = c.post(reverse("tariffs:tariffversion_add"),
                      version_body(tiered, bands="100: 0.20; 300: 0.25"))
    assert response.status_code == 400
    assert len(field_errors(response, "bands")) == 1
    response = c.post(reverse("tariffs:tariffversion_add"), version_body(tiered, bands=""))
    assert field_errors(response, "bands") == ["A tiered service needs its bands."]
    assert not TariffVersion.objects.exists()


def test_a_metered_version_needs_its_rate_and_an_unmetered_one_its_norm(client, org):
    c = client_for(client, org)
    metered = TariffFactory(service=ServiceFactory(organization=org, method="metered"))
    response = c.post(reverse("tariffs:tariffversion_add"), version_body(metered))
    assert field_errors(response, "rate") == ["Enter the rate."]
    unmetered = TariffFactory(service=ServiceFactory(organization=org, method="norm"))
    response = c.post(reverse("tariffs:tariffversion_add"),
                      version_body(unmetered, rate="3.25"))
    assert field_errors(response, "norm") == ["An unmetered service needs its norm per resident."]
    response = c.post(reverse("tariffs:tariffversion_add"),
                      version_body(unmetered, rate="3.25", norm="3.5"))
    assert response.status_code == 302
    version = TariffVersion.objects.get()
    assert (version.rate, version.norm) == (Decimal("3.25"), Decimal("3.5"))


def test_two_versions_of_a_tariff_cannot_start_on_the_same_day(client, org):
    tariff = TariffFactory(service__organization=org)
    TariffVersionFactory(tariff=tariff, effective_from=dt.date(2025, 1, 1))
    response = client_for(client, org).post(reverse("tariffs:tariffversion_add"),
                                            version_body(tariff, rate="3.40"))
    assert response.status_code == 400
    assert TariffVersion.objects.count() == 1


def test_ending_a_version_sets_its_last_day_and_refuses_a_day_before_it_starts(client, org):
    version = TariffVersionFactory(tariff__service__organization=org,
                                   effective_from=dt.date(2025, 1, 1))
    c = client_for(client, org, Role.ACCOUNTANT)
    url = reverse("tariffs:tariffversion_close", args=[version.pk])
    assert c.post(url, {"closed_on": "2024-12-31"}).status_code == 400
    assert c.post(url, {"closed_on": "2025-06-30"}).status_code == 302
    version.refresh_from_db()
    assert version.effective_until == dt.date(2025, 6, 30)


def test_the_tariff_list_shows_the_price_in_force_today(client, org):
    water = TariffFactory(service=ServiceFactory(organization=org, code="CW"))
    TariffVersionFactory(tariff=water, effective_from=dt.date(2024, 1, 1), rate=Decimal("3.10"),
                         effective_until=dt.date(2024, 12, 31))
    TariffVersionFactory(tariff=water, effective_from=dt.date(2025, 1, 1), rate=Decimal("3.25"))
    power = TariffFactory(service=ServiceFactory(organization=org, code="EL", method="tiered"))
    TariffVersionFactory(tariff=power, rate=None, bands=[{"up_to": "100", "rate": "0.20"},
                                                         {"up_to": None, "rate": "0.30"}])
    unpriced = TariffFactory(service=ServiceFactory(organization=org, code="GAS"))
    response = client_for(client, org, Role.AUDITOR).get(reverse("tariffs:tariff_list"))
    rows = {row["obj"].pk: {c.name: value for c, value in row["cells"]}
            for row in response.context["rows"]}
    assert rows[water.pk]["in_force_rate"] == Decimal("3.25")
    assert rows[water.pk]["in_force_from"] == dt.date(2025, 1, 1)
    assert rows[power.pk]["in_force_bands"] == "100: 0.20; 0.30"
    assert rows[unpriced.pk]["in_force_from"] is None
    assert "100: 0.20; 0.30" in response.content.decode()
    export = client.get(reverse("tariffs:tariff_list"), {"export": "csv"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "100: 0.20; 0.30" in text


def test_the_tariff_list_runs_a_fixed_number_of_queries(client, org):
    c = client_for(client, org)

    def add_tariff():
        TariffVersionFactory(tariff=TariffFactory(
            service=ServiceFactory(organization=org), scope="account",
            account=AccountFactory(unit__building__organization=org)))

    add_tariff()
    c.get(reverse("tariffs:tariff_list"))
    with CaptureQueriesContext(connection) as few:
        assert c.get(reverse("tariffs:tariff_list")).status_code == 200
    for _ in range(4):
        add_tariff()
    with CaptureQueriesContext(connection) as many:
        assert c.get(reverse("tariffs:tariff_list")).status_code == 200
    assert len(many) == len(few)
