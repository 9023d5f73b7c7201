"""Services on the staff pages: list filters, the form's per-field errors, detail, closing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from abonent.core.choices import Role
from abonent.tariffs.models import Service
from abonent.testing.factories import (
    BenefitCategoryFactory,
    OrganizationFactory,
    ServiceFactory,
    SubscriptionFactory,
    TariffFactory,
    TariffVersionFactory,
)
from abonent.testing.suites import client_for

pytestmark = pytest.mark.django_db

BASE = {"code": "HEAT", "name": "Heating", "unit": "Gcal", "tier_mode": "incremental",
        "distribution": "area", "negative_rule": "zero", "tax_rate": "18.00",
        "tax_mode": "included", "position": "10"}


def field_errors(response, name: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(name, [])]


def test_a_common_meter_service_without_its_measured_service_is_refused_on_that_field(client):
    org = OrganizationFactory()
    c = client_for(client, org, Role.ACCOUNTANT)
    response = c.post(reverse("tariffs:service_add"), {**BASE, "method": "common"})
    assert response.status_code == 400
    assert field_errors(response, "base_service") == [
        "A common-meter service names the service its building meter measures."]
    assert not Service.objects.exists()


def test_only_a_common_meter_service_names_a_measured_service(client):
    org = OrganizationFactory()
    water = ServiceFactory(organization=org, method="metered")
    c = client_for(client, org)
    response = c.post(reverse("tariffs:service_add"),
                      {**BASE, "method": "fixed", "base_service": water.pk})
    assert response.status_code == 400
    assert field_errors(response, "base_service") == [
        "Only a common-meter service has a measured service."]
    response = c.post(reverse("tariffs:service_add"),
                      {**BASE, "code": "CW-ODN", "method": "common", "base_service": water.pk,
                       "cap_per_unit": "1.5"})
    assert response.status_code == 302
    common = Service.objects.get(code="CW-ODN")
    assert common.base_service == water
    assert common.cap_per_unit == Decimal("1.5")


def test_the_measured_service_is_chosen_among_metered_and_tiered_services_of_the_organization(
        client):
    org = OrganizationFactory()
    water = ServiceFactory(organization=org, method="metered")
    power = ServiceFactory(organization=org, method="tiered")
    flat = ServiceFactory(organization=org, method="fixed")
    foreign = ServiceFactory(method="metered")
    response = client_for(client, org).get(reverse("tariffs:service_add"))
    offered = set(response.context["form"].fields["base_service"].queryset)
    assert offered == {water, power}
    assert flat not in offered and foreign not in offered


def test_method_dependent_fields_are_marked_for_the_form_script(client):
    org = OrganizationFactory()
    html = client_for(client, org).get(reverse("tariffs:service_add")).content.decode()
    assert 'data-shown-by="method" data-shown-for="tiered"' in html
    assert 'data-shown-by="method" data-shown-for="common"' in html
    assert "tariffs/conditional_fields.js" in html


def test_a_service_code_is_unique_in_the_organization(client):
    org = OrganizationFactory()
    ServiceFactory(organization=org, code="HEAT")
    ServiceFactory(code="HEAT-OTHER")
    response = client_for(client, org).post(reverse("tariffs:service_add"),
                                            {**BASE, "method": "per_area"})
    assert response.status_code == 400
    assert Service.objects.filter(organization=org).count() == 1


def test_services_are_filtered_by_method_and_status_and_searched(client):
    org = OrganizationFactory()
    water = ServiceFactory(organization=org, code="CW", name="Cold water", method="metered")
    power = ServiceFactory(organization=org, code="EL", name="Electricity", method="tiered")
    old = ServiceFactory(organization=org, code="ANT", name="Antenna", method="fixed",
                         closed_on=dt.date(2024, 12, 31))
    c = client_for(client, org, Role.CASHIER)

    def listed(**query):
        html = c.get(reverse("tariffs:service_list"), query).content.decode()
        return {s.code for s in (water, power, old) if f'href="{s.get_absolute_url()}"' in html}

    assert listed() == {"CW", "EL", "ANT"}
    assert listed(method="tiered") == {"EL"}
    assert listed(closed="true") == {"ANT"}
    assert listed(closed="false") == {"CW", "EL"}
    assert listed(q="water") == {"CW"}


def test_the_service_page_shows_its_tariffs_with_the_price_in_force_and_its_subscriptions(
        client):
    org = OrganizationFactory()
    water = ServiceFactory(organization=org, code="CW", method="metered")
    tariff = TariffFactory(service=water, name="City price")
    TariffVersionFactory(tariff=tariff, effective_from=dt.date(2024, 1, 1),
                         rate=Decimal("3.00"))
    TariffVersionFactory(tariff=tariff, effective_from=dt.date(2025, 1, 1),
                         rate=Decimal("3.25"))
    TariffVersionFactory(tariff=tariff, effective_from=dt.date(2999, 1, 1),
                         rate=Decimal("9.99"))
    subscription = SubscriptionFactory(service=water, building__organization=org)
    category = BenefitCategoryFactory(organization=org, name="Pensioners")
    category.services.add(water)
    response = client_for(client, org, Role.CASHIER).get(water.get_absolute_url())
    assert response.status_code == 200
    tables = {str(t["title"]): t for t in response.context["related_tables"]}
    [row] = tables["Tariffs"]["rows"]
    values = {c.name: value for c, value in row["cells"]}
    assert values["in_force_from"] == dt.date(2025, 1, 1)
    assert values["in_force_rate"] == Decimal("3.25")
    html = response.content.decode()
    assert tariff.get_absolute_url() in html
    assert subscription.get_absolute_url() in html
    assert "Pensioners" in html
    assert f"{reverse('tariffs:subscription_add')}?service={water.pk}" not in html  # cashier


def test_the_service_page_leaves_out_fields_of_other_charge_methods(client):
    org = OrganizationFactory()
    water = ServiceFactory(organization=org, method="metered")
    power = ServiceFactory(organization=org, method="tiered")
    c = client_for(client, org)
    water_labels = {str(label) for label, _v in c.get(water.get_absolute_url())
                    .context["details"]}
    power_labels = {str(label) for label, _v in c.get(power.get_absolute_url())
                    .context["details"]}
    assert "band mode" not in water_labels and "measured service" not in water_labels
    assert "band mode" in power_labels and "measured service" not in power_labels


def test_discontinuing_a_service_keeps_it_listed_as_closed(client):
    org = OrganizationFactory()
    service = ServiceFactory(organization=org)
    c = client_for(client, org, Role.MANAGER)
    response = c.post(reverse("tariffs:service_close", args=[service.pk]),
                      {"closed_on": "2025-06-30"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.closed_on == dt.date(2025, 6, 30)
    html = c.get(reverse("tariffs:service_list"), {"closed": "true"}).content.decode()
    assert service.get_absolute_url() in html


def test_the_menu_offers_services_and_tariffs_to_roles_that_may_see_them(client):
    org = OrganizationFactory()
    html = client_for(client, org, Role.CASHIER).get(reverse("home")).content.decode()
    assert reverse("tariffs:service_list") in html
    assert reverse("tariffs:subscription_list") in html
    client.logout()
    html = client_for(client, org, Role.TECHNICIAN).get(reverse("home")).content.decode()
    assert reverse("tariffs:service_list") not in html
