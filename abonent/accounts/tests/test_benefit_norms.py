"""Benefit categories choose the services they discount and a social norm; memberships say how
many persons are entitled. On the pages and over the API."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from abonent.accounts.models import BenefitCategory, BenefitMembership
from abonent.core.access import access_for
from abonent.core.choices import Role
from abonent.testing.api_suite import API, api_client
from abonent.testing.factories import (
    AccountFactory,
    BenefitCategoryFactory,
    MembershipFactory,
    OrganizationFactory,
    ServiceFactory,
)
from abonent.testing.suites import client_for

pytestmark = pytest.mark.django_db

CATEGORY = {"code": "PENS", "name": "Pensioner", "discount_percent": "50"}


def test_a_category_offers_only_its_organizations_open_services(client):
    org = OrganizationFactory()
    water = ServiceFactory(organization=org)
    old = ServiceFactory(organization=org, closed_on=dt.date(2024, 12, 31))
    foreign = ServiceFactory()
    form = client_for(client, org, Role.ACCOUNTANT).get(
        reverse("accounts:benefitcategory_add")).context["form"]
    assert list(form.fields["services"].queryset) == [water]
    category = BenefitCategoryFactory(organization=org)
    category.services.add(old)
    form = client.get(reverse("accounts:benefitcategory_edit", args=[category.pk])
                      ).context["form"]
    assert set(form.fields["services"].queryset) == {water, old}
    assert foreign not in form.fields["services"].queryset


def test_a_category_saves_its_services_and_area_norm_and_shows_them(client):
    org = OrganizationFactory()
    maintenance = ServiceFactory(organization=org, code="MAINT", name="Maintenance")
    water = ServiceFactory(organization=org, code="CW", name="Cold water")
    c = client_for(client, org, Role.ACCOUNTANT)
    response = c.post(reverse("accounts:benefitcategory_add"), {
        **CATEGORY, "services": [maintenance.pk, water.pk], "norm_kind": "area",
        "norm_per_person": "33"})
    assert response.status_code == 302
    category = BenefitCategory.objects.get()
    assert set(category.services.all()) == {maintenance, water}
    assert (category.norm_kind, category.norm_per_person) == ("area", Decimal("33"))
    html = c.get(category.get_absolute_url()).content.decode()
    assert "Services discounted" in html
    assert maintenance.get_absolute_url() in html and water.get_absolute_url() in html
    assert "m² per person" in html


def test_a_norm_needs_both_its_kind_and_its_size(client):
    org = OrganizationFactory()
    c = client_for(client, org)
    response = c.post(reverse("accounts:benefitcategory_add"), {**CATEGORY, "norm_kind": "area"})
    assert response.status_code == 400
    assert [str(e) for e in response.context["form"].errors["norm_per_person"]] == [
        "A social norm needs both its kind and its size per person."]


def test_another_organizations_service_cannot_be_chosen(client):
    org = OrganizationFactory()
    response = client_for(client, org).post(reverse("accounts:benefitcategory_add"), {
        **CATEGORY, "services": [ServiceFactory().pk]})
    assert response.status_code == 400
    assert "services" in response.context["form"].errors
    assert not BenefitCategory.objects.exists()


def test_a_membership_records_how_many_persons_are_entitled(client):
    org = OrganizationFactory()
    account = AccountFactory(unit__building__organization=org)
    category = BenefitCategoryFactory(organization=org)
    c = client_for(client, org, Role.ACCOUNTANT)
    body = {"account": account.pk, "category": category.pk, "valid_from": "2025-01-01",
            "document_ref": "Large family certificate 17/2025"}
    response = c.post(reverse("accounts:benefitmembership_add"), {**body, "persons": "0"})
    assert response.status_code == 400
    assert "persons" in response.context["form"].errors
    response = c.post(reverse("accounts:benefitmembership_add"), {**body, "persons": "4"})
    assert response.status_code == 302
    assert BenefitMembership.objects.get().persons == 4


def test_categories_are_filtered_by_the_service_they_discount(client):
    org = OrganizationFactory()
    water = ServiceFactory(organization=org)
    with_water = BenefitCategoryFactory(organization=org)
    with_water.services.add(water)
    without = BenefitCategoryFactory(organization=org)
    html = client_for(client, org, Role.CASHIER).get(
        reverse("accounts:benefitcategory_list"), {"service": water.pk}).content.decode()
    assert with_water.get_absolute_url() in html
    assert without.get_absolute_url() not in html


def test_a_form_without_sight_of_services_keeps_the_categorys_services():
    from abonent.accounts.forms import BenefitCategoryForm

    org = OrganizationFactory()
    water = ServiceFactory(organization=org)
    category = BenefitCategoryFactory(organization=org)
    category.services.add(water)
    membership = MembershipFactory(organization=org, role=Role.TECHNICIAN)
    form = BenefitCategoryForm(instance=category, access=access_for(membership.user, org))
    assert "services" not in form.fields


def test_the_api_reads_and_writes_services_and_norm_of_a_category():
    org = OrganizationFactory()
    water = ServiceFactory(organization=org)
    c = api_client(org, Role.ACCOUNTANT)
    response = c.post(f"{API}/benefit-categories/", {
        **CATEGORY, "services": [water.pk], "norm_kind": "consumption",
        "norm_per_person": "2.5"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["services"] == [water.pk]
    assert (body["norm_kind"], body["norm_per_person"]) == ("consumption", "2.5000")
    foreign = ServiceFactory()
    response = c.patch(f"{API}/benefit-categories/{body['id']}/", {"services": [foreign.pk]},
                       format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["services"]
    response = c.patch(f"{API}/benefit-categories/{body['id']}/", {"norm_per_person": None},
                       format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["norm_per_person"]


def test_the_api_reads_and_writes_the_persons_entitled():
    org = OrganizationFactory()
    account = AccountFactory(unit__building__organization=org)
    category = BenefitCategoryFactory(organization=org)
    c = api_client(org, Role.ACCOUNTANT)
    body = {"account": account.pk, "category": category.pk, "valid_from": "2025-01-01",
            "document_ref": "Certificate 4/2025"}
    response = c.post(f"{API}/benefit-memberships/", body, format="json")
    assert response.status_code == 201
    assert response.json()["persons"] == 1
    response = c.patch(f"{API}/benefit-memberships/{response.json()['id']}/", {"persons": 0},
                       format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["persons"]
