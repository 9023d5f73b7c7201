"""The billing API: every endpoint proves tenancy, branch scope and role rights (the shared
suite), and the scenario building is billed, reviewed, approved, issued and read over it."""

from decimal import Decimal as D

import pytest

from abonent.billing.choices import AdjustmentStatus, RunStatus
from abonent.billing.models import (
    Absence,
    Adjustment,
    BillingPeriod,
    BillingRun,
    BillingSettings,
    Interruption,
    LedgerEntry,
    Receipt,
)
from abonent.billing.runs import period_for
from abonent.billing.tests.factories import LedgerEntryFactory, ReceiptFactory
from abonent.billing.tests.scenario import NOV, build
from abonent.core.choices import Role
from abonent.testing.api_suite import API, TenantAPISuite, api_client
from abonent.testing.factories import (
    AbsenceFactory,
    AccountFactory,
    AdjustmentFactory,
    BillingPeriodFactory,
    BillingRunFactory,
    BillingSettingsFactory,
    BuildingFactory,
    InterruptionFactory,
    MembershipFactory,
    OrganizationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


class TestBillingPeriodAPI(TenantAPISuite):
    model = BillingPeriod
    factory = BillingPeriodFactory
    endpoint = "billing-periods"
    creatable = writable = False


class TestBillingRunAPI(TenantAPISuite):
    model = BillingRun
    factory = BillingRunFactory
    org_path = "period__organization"
    endpoint = "billing-runs"
    writable = False

    def payload(self, organization):
        building = AccountFactory(unit__building__organization=organization).unit.building
        return {"month": "2026-11", "scope": "building", "building": building.pk}


class TestLedgerEntryAPI(TenantAPISuite):
    model = LedgerEntry
    factory = LedgerEntryFactory
    org_path = "account__unit__building__organization"
    endpoint = "ledger-entries"
    creatable = writable = False


class TestReceiptAPI(TenantAPISuite):
    model = Receipt
    factory = ReceiptFactory
    org_path = "account__unit__building__organization"
    endpoint = "receipts"
    creatable = writable = False


class TestAdjustmentAPI(TenantAPISuite):
    model = Adjustment
    factory = AdjustmentFactory
    org_path = "account__unit__building__organization"
    endpoint = "adjustments"
    writable = False

    def payload(self, organization):
        return {"account": AccountFactory(unit__building__organization=organization).pk,
                "service": ServiceFactory(organization=organization).pk,
                "service_period": BillingPeriodFactory(organization=organization).pk,
                "amount": "-12.50", "reason": "Meter replaced, double-counted consumption"}


class TestAbsenceAPI(TenantAPISuite):
    model = Absence
    factory = AbsenceFactory
    org_path = "account__unit__building__organization"
    endpoint = "absences"
    change = {"document_ref": "Hospital certificate 17/2026"}

    def payload(self, organization):
        return {"account": AccountFactory(unit__building__organization=organization).pk,
                "persons": 1, "date_from": "2026-11-05", "date_to": "2026-11-20",
                "document_ref": "Hospital certificate 12/2026"}


class TestInterruptionAPI(TenantAPISuite):
    model = Interruption
    factory = InterruptionFactory
    org_path = "building__organization"
    endpoint = "interruptions"
    change = {"reason": "Heating main replaced"}

    def payload(self, organization):
        return {"building": BuildingFactory(organization=organization).pk,
                "service": ServiceFactory(organization=organization).pk,
                "kind": "interruption", "date_from": "2026-11-03", "date_to": "2026-11-05",
                "reduction_percent": "100.00", "reason": "Water main repair"}


class TestBillingSettingsAPI(TenantAPISuite):
    model = BillingSettings
    factory = BillingSettingsFactory
    endpoint = "billing-settings"
    creatable = False
    change = {"due_day": 20}


def test_the_scenario_is_billed_reviewed_approved_and_issued_over_the_api():
    b = build()
    org = b.organization
    manager = api_client(org, Role.MANAGER)
    response = manager.post(f"{API}/billing-runs/", {
        "month": "2026-11", "scope": "building", "building": b.building.pk}, format="json")
    assert response.status_code == 201, response.content
    run = response.json()
    assert run["status"] == RunStatus.PREVIEW and run["accounts_total"] == 2
    bills = manager.get(f"{API}/billing-runs/{run['id']}/bills/",
                        {"ordering": "-difference"}).json()
    assert {bill["account_number"]: bill["total"] for bill in bills["results"]} == {
        b.flat1.number: "89.16", b.flat2.number: "144.10"}
    charges = manager.get(f"{API}/billing-runs/{run['id']}/charges/",
                          {"account": b.flat1.pk, "service": b.water.pk}).json()["results"]
    assert [c["explanation_text"] for c in charges] == ["10.000 m³ x 3.25 GEL = 32.50 GEL"]
    assert manager.get(f"{API}/billing-runs/{run['id']}/charges/",
                       {"account": b.flat1.pk}).json()["count"] == 5

    cashier = api_client(org, Role.CASHIER)
    assert cashier.post(f"{API}/billing-runs/{run['id']}/approve/").status_code == 403

    accountant = api_client(org, Role.ACCOUNTANT)
    assert accountant.post(f"{API}/billing-runs/{run['id']}/issue/").json() == {
        "non_field_errors": ["Approve the run before issuing it."]}
    approved = accountant.post(f"{API}/billing-runs/{run['id']}/approve/").json()
    assert approved["status"] == RunStatus.APPROVED
    issued = accountant.post(f"{API}/billing-runs/{run['id']}/issue/").json()
    assert issued["status"] == RunStatus.ISSUED
    entries = accountant.get(f"{API}/ledger-entries/", {"account": b.flat1.pk}).json()
    assert sum(D(e["amount"]) for e in entries["results"]) == D("89.16")
    receipts = accountant.get(f"{API}/receipts/").json()
    assert sorted(r["amount_due"] for r in receipts["results"]) == ["144.10", "89.16"]

    statement = cashier.get(f"{API}/accounts/{b.flat1.pk}/statement/",
                            {"from": "2026-11", "to": "2026-11"}).json()
    assert (statement["opening"], statement["closing"]) == ("0.00", "89.16")
    water = next(line for line in statement["services"] if line["service_code"] == "WATER")
    assert water["charged"] == "32.50" and water["closing"] == "32.50"
    assert statement["total"]["benefits"] == "-21.25"
    assert len(statement["entries"]) == 5

    closed = accountant.post(f"{API}/billing-periods/{issued['period']}/close/").json()
    assert closed["status"] == "closed"
    again = manager.post(f"{API}/billing-runs/", {"month": "2026-11"}, format="json")
    assert again.status_code == 400 and "month" in again.json()


def test_an_adjustment_of_150_waits_and_its_requester_cannot_approve_it():
    b = build()
    period = period_for(b.organization, NOV)
    requester = api_client(b.organization, Role.ACCOUNTANT)
    response = requester.post(f"{API}/adjustments/", {
        "account": b.flat1.pk, "service": b.maintenance.pk, "service_period": period.pk,
        "amount": "150.00", "reason": "Stairs repainted"}, format="json")
    assert response.status_code == 201, response.content
    adjustment = response.json()
    assert adjustment["status"] == AdjustmentStatus.PENDING and adjustment["entry"] is None
    refused = requester.post(f"{API}/adjustments/{adjustment['id']}/approve/")
    assert refused.status_code == 400
    assert refused.json() == {
        "non_field_errors": ["Another person must approve an adjustment you requested."]}
    cashier = api_client(b.organization, Role.CASHIER)
    assert cashier.post(f"{API}/adjustments/{adjustment['id']}/approve/").status_code == 403
    second = api_client(b.organization, Role.MANAGER)
    posted = second.post(f"{API}/adjustments/{adjustment['id']}/approve/").json()
    assert posted["status"] == AdjustmentStatus.POSTED
    assert LedgerEntry.objects.get(pk=posted["entry"]).amount == D("150.00")
    again = second.post(f"{API}/adjustments/{adjustment['id']}/reject/")
    assert again.status_code == 400


def test_a_run_without_accounts_is_refused_and_cancelled():
    org = OrganizationFactory()
    response = api_client(org).post(f"{API}/billing-runs/", {
        "month": "2026-11", "scope": "building",
        "building": BuildingFactory(organization=org).pk}, format="json")
    assert response.status_code == 400
    assert "No account to bill" in response.json()["scope"][0]
    assert BillingRun.objects.get().status == RunStatus.CANCELLED


def test_a_statement_with_a_bad_month_or_of_another_organization_is_refused():
    entry = LedgerEntryFactory()
    c = api_client(entry.organization, Role.CASHIER)
    url = f"{API}/accounts/{entry.account_id}/statement/"
    assert c.get(url, {"from": "2026-13"}).status_code == 400
    assert c.get(url, {"from": "2026-12", "to": "2026-01"}).json() == {
        "to": ["The last month is before the first."]}
    assert c.get(f"{API}/accounts/abc/statement/").status_code == 404
    other = LedgerEntryFactory().account
    assert c.get(f"{API}/accounts/{other.pk}/statement/").status_code == 404
    technician = api_client(entry.organization, Role.TECHNICIAN)
    assert technician.get(url).status_code == 403


def test_the_settings_list_has_the_organizations_one_with_its_defaults():
    org = OrganizationFactory()
    c = api_client(org, Role.ACCOUNTANT)
    rows = c.get(f"{API}/billing-settings/").json()["results"]
    assert len(rows) == 1 and rows[0]["approval_threshold"] == "100.00"
    response = c.patch(f"{API}/billing-settings/{rows[0]['id']}/",
                       {"estimate_min_months": 9}, format="json")
    assert response.status_code == 400 and "estimate_max_months" in response.json()
    MembershipFactory(organization=org)  # another member changes nothing
    assert c.get(f"{API}/billing-settings/").json()["count"] == 1
