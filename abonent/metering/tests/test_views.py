"""The meter and reading pages: tenancy and rights (shared suite), then what staff see and do."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from abonent.core.choices import Role
from abonent.metering.choices import ReadingStatus
from abonent.metering.models import Meter, Reading
from abonent.metering.tests.helpers import D, day, meter, read, steady
from abonent.testing.factories import (
    AccountFactory,
    BuildingFactory,
    MeterFactory,
    OrganizationFactory,
    ReadingFactory,
    ServiceFactory,
)
from abonent.testing.suites import TenantViewSuite, client_for

pytestmark = pytest.mark.django_db


def _branch_kwargs(prefix: str, kwargs: dict) -> dict:
    """The suite sets the meter's building branch; the factory takes it through the account."""
    key = f"{prefix}building__branch"
    if key in kwargs:
        kwargs[f"{prefix}account__unit__building__branch"] = kwargs.pop(key)
    return kwargs


class TestMeterViews(TenantViewSuite):
    model = Meter
    factory = MeterFactory
    org_path = "account__unit__building__organization"

    def make(self, organization, **kwargs):
        return super().make(organization, **_branch_kwargs("", kwargs))

    def search_term(self, obj):
        return obj.serial


class TestReadingViews(TenantViewSuite):
    model = Reading
    factory = ReadingFactory
    org_path = "meter__account__unit__building__organization"

    def make(self, organization, **kwargs):
        return super().make(organization, **_branch_kwargs("meter__", kwargs))


def test_a_meter_page_shows_its_readings_newest_first_and_a_monthly_chart(client):
    m = meter(serial="CW-7781")
    june, july, august = steady(m)
    html = client_for(client, m.organization, Role.TECHNICIAN).get(
        m.get_absolute_url()).content.decode()
    assert html.index(august.get_absolute_url()) < html.index(july.get_absolute_url()) < \
        html.index(june.get_absolute_url())
    assert '<svg viewBox="0 0 720 200" role="img"' in html
    assert "<title>Jul 26: 30 m³</title>" in html  # the July reading: 30 units
    assert "<title>Aug 26: 31 m³</title>" in html
    assert "<title>Jun 26: 100 m³</title>" in html  # from 0 at installation
    assert f'href="{reverse("metering:reading_add")}?meter={m.pk}"' in html


def test_an_overdue_verification_is_pointed_out_on_the_meter_page(client):
    m = meter(verified_until=day("2025-12-31"))
    html = client_for(client, m.organization).get(m.get_absolute_url()).content.decode()
    assert "The verification expired on" in html


def test_the_meter_list_filters_by_kind_service_building_and_overdue_verification(client):
    org = OrganizationFactory()
    building = BuildingFactory(organization=org)
    water = ServiceFactory(organization=org, code="CW")
    heat = ServiceFactory(organization=org, code="HEAT", method="tiered")
    own = MeterFactory(account=AccountFactory(unit__building=building), service=water,
                       serial="IND-1", verified_until=day("2025-01-01"))
    common = MeterFactory(account=None, building=building, organization=org, service=heat,
                          serial="COM-1")
    elsewhere = MeterFactory(account__unit__building__organization=org, service=water,
                             serial="FAR-1")
    c = client_for(client, org)
    url = reverse("metering:meter_list")

    def serials(**params):
        html = c.get(url, params).content.decode()
        return {s for s in ("IND-1", "COM-1", "FAR-1") if f">{s}</a>" in html}

    assert serials(kind="common") == {"COM-1"}
    assert serials(kind="individual") == {"IND-1", "FAR-1"}
    assert serials(service=water.pk) == {"IND-1", "FAR-1"}
    assert serials(building=building.pk) == {"IND-1", "COM-1"}
    assert serials(overdue="true") == {"IND-1"}
    assert {own.pk, common.pk, elsewhere.pk} == set(Meter.objects.values_list("pk", flat=True))


def test_an_individual_meter_is_added_in_its_accounts_building(client):
    account = AccountFactory()
    org = account.organization
    service = ServiceFactory(organization=org)
    c = client_for(client, org, Role.TECHNICIAN)  # no tariff right, yet chooses the service
    response = c.post(reverse("metering:meter_add"), {
        "service": service.pk, "account": account.pk, "serial": "EL-0042", "digits": 6,
        "multiplier": "1", "initial_value": "12.5", "installed_on": "2026-02-01"})
    assert response.status_code == 302, response.content.decode()
    created = Meter.objects.get(serial="EL-0042")
    assert created.building == account.unit.building and not created.is_common


def test_a_common_meter_needs_its_building_and_an_account_must_be_in_it(client):
    account = AccountFactory()
    org = account.organization
    service = ServiceFactory(organization=org)
    other = BuildingFactory(organization=org)
    c = client_for(client, org)
    base = {"service": service.pk, "serial": "X-1", "digits": 5, "multiplier": "1",
            "initial_value": "0", "installed_on": "2026-02-01"}
    response = c.post(reverse("metering:meter_add"), base)
    assert response.status_code == 400
    assert "A common meter needs its building" in response.content.decode()
    response = c.post(reverse("metering:meter_add"), {**base, "account": account.pk,
                                                      "building": other.pk})
    assert response.status_code == 400
    assert "The account&#x27;s unit is in another building." in response.content.decode()
    assert not Meter.objects.exists()


def test_a_meter_with_readings_keeps_its_dial_and_closes_only_after_its_last_reading(client):
    m = meter()
    read(m, "2026-05-01", "10")
    c = client_for(client, m.organization)
    edit = reverse("metering:meter_edit", args=[m.pk])
    form = c.get(edit).content.decode()
    digits = re.search(r'<input type="number" name="digits"[^>]*>', form).group(0)
    assert "disabled" in digits and 'value="5"' in digits
    response = c.post(edit, {"serial": m.serial, "digits": 6, "installed_on": "2026-01-01",
                             "verified_until": "2031-01-01"})
    assert response.status_code == 302, response.content.decode()
    m.refresh_from_db()
    assert (m.digits, m.verified_until) == (5, day("2031-01-01"))
    late = c.post(edit, {"serial": m.serial, "installed_on": "2026-06-01"})
    assert "The meter has a reading of 2026-05-01, before this date." in \
        late.content.decode()
    close = reverse("metering:meter_close", args=[m.pk])
    assert c.post(close, {"closed_on": "2026-04-30"}).status_code == 400
    assert c.post(close, {"closed_on": "2026-05-01"}).status_code == 302
    m.refresh_from_db()
    assert m.removed_on == day("2026-05-01")


def test_a_reading_added_from_the_meter_page_is_checked(client):
    m = meter()
    read(m, "2026-05-01", "10")
    c = client_for(client, m.organization, Role.TECHNICIAN)
    add = reverse("metering:reading_add")
    assert f'value="{m.pk}" selected' in c.get(add, {"meter": m.pk}).content.decode()
    too_low = c.post(add, {"meter": m.pk, "date": "2026-06-01", "value": "9", "source": "staff"})
    assert too_low.status_code == 400
    assert "9.000 is below the previous reading, 10.000 of 2026-05-01" in \
        too_low.content.decode()
    ok = c.post(add, {"meter": m.pk, "date": "2026-06-01", "value": "12.5", "source": "staff"})
    assert ok.status_code == 302
    r = Reading.objects.get(date=day("2026-06-01"))
    assert r.consumption == D("2.500") and r.author is not None


def test_the_latest_reading_is_corrected_through_its_edit_page(client):
    m = meter()
    r = read(m, "2026-05-01", "100")
    c = client_for(client, m.organization)
    response = c.post(reverse("metering:reading_edit", args=[r.pk]),
                      {"date": "2026-05-01", "value": "10"})
    assert response.status_code == 302
    r.refresh_from_db()
    assert (r.value, r.consumption) == (D("10.000"), D("10.000"))


def test_held_readings_are_listed_and_accepted_or_rejected_by_staff(client):
    m = meter(serial="HW-1")
    steady(m)
    held = read(m, "2026-08-31", "300")
    other = read(meter(organization=m.organization), "2026-02-01", "5")
    c = client_for(client, m.organization, Role.ACCOUNTANT)
    html = c.get(reverse("metering:review")).content.decode()
    assert held.reason in html and f'id="held-{held.pk}"' in html
    assert f'id="held-{other.pk}"' not in html
    assert c.get(reverse("metering:reading_accept", args=[held.pk])).status_code == 405
    response = c.post(reverse("metering:reading_accept", args=[held.pk]),
                      {"next": reverse("metering:review")})
    assert response.status_code == 302 and response.url == reverse("metering:review")
    held.refresh_from_db()
    assert held.status == ReadingStatus.ACCEPTED
    assert "No reading is waiting for review." in c.get(
        reverse("metering:review")).content.decode()


def test_a_cashier_sees_held_readings_but_cannot_review_them(client):
    m = meter()
    steady(m)
    held = read(m, "2026-08-31", "300")
    c = client_for(client, m.organization, Role.CASHIER)
    html = c.get(reverse("metering:review")).content.decode()
    assert held.reason in html and "/accept/" not in html
    assert c.post(reverse("metering:reading_reject", args=[held.pk])).status_code == 404
    held.refresh_from_db()
    assert held.status == ReadingStatus.HELD


def test_the_reading_list_filters_by_status_source_and_dates(client):
    m = meter()
    steady(m)
    read(m, "2026-08-31", "300")
    c = client_for(client, m.organization)
    url = reverse("metering:reading_list")

    def count(**params):
        html = c.get(url, params).content.decode()
        return int(html.split('<p class="count">')[1].split()[0])

    assert count() == 4
    assert count(status="held") == 1
    assert count(date_from="2026-07-01", date_to="2026-08-01") == 2
    assert count(source="import") == 0
    assert count(building=m.building_id) == 4


def test_the_navigation_offers_metering_to_roles_with_the_right(client):
    org = OrganizationFactory()
    home = reverse("home")
    technician = client_for(client, org, Role.TECHNICIAN).get(home).content.decode()
    assert reverse("metering:grid") in technician
    assert "/import/readings/" not in technician  # no import right
    accountant = client_for(client, org, Role.ACCOUNTANT).get(home).content.decode()
    assert "/import/readings/" in accountant
    cashier = client_for(client, org, Role.CASHIER).get(home).content.decode()
    assert reverse("metering:meter_list") in cashier
    assert reverse("metering:grid") not in cashier


def test_reading_dates_use_the_organization_today_by_default(client):
    m = meter()
    html = client_for(client, m.organization).get(reverse("metering:reading_add")).content
    assert dt.date.today().isoformat()[:7] in html.decode()  # noqa: DTZ011 - month only
