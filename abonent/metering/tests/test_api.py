"""The meters and readings API: tenancy and rights (shared suite), then readings as scenarios."""

import pytest

from abonent.core.choices import Role
from abonent.metering.choices import ReadingSource, ReadingStatus
from abonent.metering.models import Meter, Reading
from abonent.metering.tests.helpers import D, meter, read, steady
from abonent.metering.tests.test_views import _branch_kwargs
from abonent.testing.api_suite import API, TenantAPISuite, api_client
from abonent.testing.factories import (
    AccountFactory,
    BuildingFactory,
    MeterFactory,
    ReadingFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
READINGS = f"{API}/readings/"


class TestMeterAPI(TenantAPISuite):
    model = Meter
    factory = MeterFactory
    org_path = "account__unit__building__organization"
    endpoint = "meters"
    change = {"verified_until": "2032-06-30"}

    def make(self, organization, **kwargs):
        return super().make(organization, **_branch_kwargs("", kwargs))

    def payload(self, organization):
        account = AccountFactory(unit__building__organization=organization)
        return {"service": ServiceFactory(organization=organization).pk,
                "account": account.pk, "serial": f"API-{Meter.objects.count()}",
                "digits": 5, "multiplier": "1.0000", "installed_on": "2026-03-01"}


class TestReadingAPI(TenantAPISuite):
    model = Reading
    factory = ReadingFactory
    org_path = "meter__account__unit__building__organization"
    endpoint = "readings"
    change = {"value": "130.000"}

    def make(self, organization, **kwargs):
        return super().make(organization, **_branch_kwargs("meter__", kwargs))

    def payload(self, organization):
        m = MeterFactory(account__unit__building__organization=organization)
        return {"meter": m.pk, "date": "2026-11-01", "value": "17.250"}


def client_of(m, role=Role.TECHNICIAN):
    return api_client(m.organization, role)


def test_a_reading_over_the_api_gets_its_consumption_worked_out():
    m = meter(multiplier=D("2"))
    read(m, "2026-09-01", "100")
    response = client_of(m).post(READINGS, {"meter": m.pk, "date": "2026-10-01",
                                            "value": "112.125", "source": "telemetry"},
                                 format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["consumption"], body["rollover"], body["source"]) == (
        "accepted", "24.250", False, "telemetry")  # (112.125 - 100) x 2


def test_a_rollover_with_a_multiplier_over_the_api():
    m = meter(digits=4, multiplier=D("10"))
    read(m, "2026-09-01", "9950")
    response = client_of(m).post(READINGS, {"meter": m.pk, "date": "2026-10-01",
                                            "value": "30"}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["rollover"], response.json()["consumption"]) == (True, "800.000")


def test_a_refused_reading_is_a_400_with_the_reason_and_nothing_is_stored():
    m = meter()
    read(m, "2026-09-01", "500")
    c = client_of(m)
    low = c.post(READINGS, {"meter": m.pk, "date": "2026-10-01", "value": "480"}, format="json")
    assert low.status_code == 400
    assert low.json() == {"value": [
        "480.000 is below the previous reading, 500.000 of 2026-09-01, and is not a rollover "
        "of the dial."]}
    future = c.post(READINGS, {"meter": m.pk, "date": "2099-01-01", "value": "600"},
                    format="json")
    assert future.status_code == 400 and "in the future" in future.json()["date"][0]
    assert Reading.objects.count() == 1


def test_a_spike_is_created_as_held_and_reviewed_with_post_actions():
    m = meter()
    steady(m)
    c = client_of(m, Role.ACCOUNTANT)
    response = c.post(READINGS, {"meter": m.pk, "date": "2026-08-31", "value": "300"},
                      format="json")
    assert response.status_code == 201, response.content
    held = response.json()
    assert held["status"] == "held" and held["consumption"] == "139.000"
    assert held["reason"].startswith("Consumption of 139.000 m³ in 30 days is 4.633 a day")
    listed = c.get(READINGS, {"status": "held"}).json()
    assert [r["id"] for r in listed["results"]] == [held["id"]]
    accepted = c.post(f"{READINGS}{held['id']}/accept/", format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    again = c.post(f"{READINGS}{held['id']}/accept/", format="json")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": [
        "Only a reading held for review can be accepted."]}


def test_rejecting_keeps_the_reason_and_needs_the_change_right():
    m = meter()
    steady(m)
    held = read(m, "2026-08-31", "300")
    url = f"{READINGS}{held.pk}/reject/"
    assert client_of(m, Role.CASHIER).post(url, {}, format="json").status_code == 403
    response = client_of(m).post(url, {"reason": "The photo shows 190"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["reason"]) == ("rejected",
                                                                     "The photo shows 190")
    assert Reading.objects.get(pk=held.pk).status == ReadingStatus.REJECTED


def test_a_reading_is_corrected_by_patch_and_its_meter_never_changes():
    m = meter()
    r = read(m, "2026-09-01", "50")
    c = client_of(m)
    response = c.patch(f"{READINGS}{r.pk}/", {"value": "45.5"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["consumption"] == "45.500"
    other = meter(organization=m.organization)
    moved = c.patch(f"{READINGS}{r.pk}/", {"meter": other.pk}, format="json")
    assert moved.status_code == 400 and "meter" in moved.json()


def test_a_common_meter_over_the_api_needs_its_building():
    building = BuildingFactory()
    org = building.organization
    service = ServiceFactory(organization=org)
    c = api_client(org, Role.MANAGER)
    body = {"service": service.pk, "serial": "BLD-1", "installed_on": "2026-01-01"}
    missing = c.post(f"{API}/meters/", body, format="json")
    assert missing.status_code == 400 and "building" in missing.json()
    made = c.post(f"{API}/meters/", {**body, "building": building.pk}, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["is_common"] is True
    twice = c.post(f"{API}/meters/", {**body, "building": building.pk}, format="json")
    assert twice.status_code == 400
    assert twice.json() == {"serial": ["Another meter of this service has this serial number."]}


def test_a_meter_cannot_close_before_its_last_reading_over_the_api():
    m = meter()
    read(m, "2026-05-01", "10")
    c = client_of(m)
    early = c.post(f"{API}/meters/{m.pk}/close/", {"date": "2026-04-01"}, format="json")
    assert early.status_code == 400 and "date" in early.json()
    assert c.post(f"{API}/meters/{m.pk}/close/", {"date": "2026-05-01"},
                  format="json").status_code == 200


def test_the_source_of_an_api_reading_defaults_to_staff():
    m = meter()
    response = client_of(m).post(READINGS, {"meter": m.pk, "date": "2026-02-01",
                                            "value": "1"}, format="json")
    assert response.json()["source"] == ReadingSource.STAFF
