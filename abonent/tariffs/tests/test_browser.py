"""The service and tariff forms in a real browser: fields of other charge methods and scopes
are out of the way, and a tiered tariff's bands are typed as text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from abonent.tariffs.models import Service, TariffVersion
from abonent.testing import browser
from abonent.testing.browser import assert_no_problems, log_in_as, screenshot
from abonent.testing.factories import MembershipFactory, OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.browser
chromium, open_page = browser.chromium, browser.open_page  # the fixtures this module uses


def row(page, name: str):
    return page.locator(".form-row", has=page.locator(f"[name={name}]"))


def test_a_service_form_shows_only_the_fields_of_the_chosen_method(open_page):
    org = OrganizationFactory()
    ServiceFactory(organization=org, code="CW", name="Cold water", method="metered")
    user = MembershipFactory(organization=org, role="accountant").user
    page = open_page()
    log_in_as(page, user, reverse("tariffs:service_add"))
    assert row(page, "tier_mode").is_hidden()
    assert row(page, "base_service").is_hidden()
    page.get_by_label("Charge method").select_option("tiered")
    assert row(page, "tier_mode").is_visible()
    assert row(page, "tiers_per_resident").is_visible()
    assert row(page, "base_service").is_hidden()
    page.get_by_label("Charge method").select_option("common")
    assert row(page, "tier_mode").is_hidden()
    assert row(page, "base_service").is_visible()
    assert row(page, "cap_per_unit").is_visible()
    page.get_by_label("Code").fill("CW-ODN")
    page.get_by_label("Name").fill("Cold water, common use")
    page.get_by_label("Unit of measure").fill("m³")
    screenshot(page, "desktop-service-form-common")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    # the measured service was left empty: its row shows the error even when hidden before
    assert row(page, "base_service").is_visible()
    assert "names the service its building meter measures" in page.content()
    add = f"{page.base_url}{reverse('tariffs:service_add')}"
    assert page.problems == [f"HTTP 400: POST {add}"]  # the refused form, as it should be
    page.problems.clear()
    page.get_by_label("Measured service").select_option(label="CW · Cold water")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert Service.objects.get(code="CW-ODN").base_service.code == "CW"
    assert_no_problems(page)


def test_a_tiered_tariff_gets_its_bands_typed_as_text(open_page):
    org = OrganizationFactory()
    ServiceFactory(organization=org, code="EL", name="Electricity", unit="kWh", method="tiered")
    user = MembershipFactory(organization=org, role="accountant").user
    page = open_page()
    log_in_as(page, user, reverse("tariffs:tariff_add"))
    assert row(page, "building").is_hidden() and row(page, "account").is_hidden()
    page.get_by_label("Service").select_option(label="EL · Electricity")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add").click()
    page.get_by_label("Effective from").fill("2025-01-01")
    page.get_by_label("Bands").fill("100: 0.20; 300: 0.25; 0.30")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert "100: 0.20; 300: 0.25; 0.30" in page.content()
    assert TariffVersion.objects.get().bands[-1] == {"up_to": None, "rate": "0.30"}
    screenshot(page, "desktop-tariff-version")
    assert_no_problems(page)
