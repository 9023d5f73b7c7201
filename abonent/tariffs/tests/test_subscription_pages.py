"""Subscriptions on the staff pages: a building (all its accounts) or one account, over dates."""

import datetime as dt

import pytest
from django.urls import reverse

from abonent.core.choices import Role
from abonent.tariffs.models import Subscription
from abonent.testing.factories import (
    AccountFactory,
    BuildingFactory,
    OrganizationFactory,
    ServiceFactory,
    SubscriptionFactory,
)
from abonent.testing.suites import client_for

pytestmark = pytest.mark.django_db


def test_a_subscription_is_for_a_building_or_for_one_account_not_both(client):
    org = OrganizationFactory()
    service = ServiceFactory(organization=org)
    account = AccountFactory(unit__building__organization=org)
    c = client_for(client, org, Role.ACCOUNTANT)
    body = {"service": service.pk, "date_from": "2025-01-01"}
    for extra in ({}, {"building": account.unit.building_id, "account": account.pk}):
        response = c.post(reverse("tariffs:subscription_add"), {**body, **extra})
        assert response.status_code == 400
        assert [str(e) for e in response.context["form"].non_field_errors()] == [
            "A subscription is for a building or for one account."]
    response = c.post(reverse("tariffs:subscription_add"), {**body, "account": account.pk})
    assert response.status_code == 302
    assert Subscription.objects.get().account == account


def test_a_subscription_cannot_end_before_it_starts(client):
    org = OrganizationFactory()
    response = client_for(client, org).post(reverse("tariffs:subscription_add"), {
        "service": ServiceFactory(organization=org).pk,
        "building": BuildingFactory(organization=org).pk,
        "date_from": "2025-03-01", "date_to": "2025-02-28"})
    assert response.status_code == 400
    assert [str(e) for e in response.context["form"].errors["date_to"]] == [
        "The end date is before the start date."]


def test_another_organizations_building_cannot_be_subscribed(client):
    org = OrganizationFactory()
    foreign = BuildingFactory()
    response = client_for(client, org).post(reverse("tariffs:subscription_add"), {
        "service": ServiceFactory(organization=org).pk, "building": foreign.pk,
        "date_from": "2025-01-01"})
    assert response.status_code == 400
    assert "building" in response.context["form"].errors
    assert not Subscription.objects.exists()


def test_subscriptions_are_filtered_by_building_and_ended_by_closing(client):
    org = OrganizationFactory()
    vake, saburtalo = BuildingFactory(organization=org), BuildingFactory(organization=org)
    here = SubscriptionFactory(building=vake)
    there = SubscriptionFactory(building=saburtalo)
    c = client_for(client, org, Role.MANAGER)
    html = c.get(reverse("tariffs:subscription_list"), {"building": vake.pk}).content.decode()
    assert here.get_absolute_url() in html and there.get_absolute_url() not in html
    response = c.post(reverse("tariffs:subscription_close", args=[here.pk]),
                      {"closed_on": "2025-12-31"})
    assert response.status_code == 302
    here.refresh_from_db()
    assert here.date_to == dt.date(2025, 12, 31)
    html = c.get(reverse("tariffs:subscription_list"), {"closed": "false"}).content.decode()
    assert here.get_absolute_url() not in html and there.get_absolute_url() in html
