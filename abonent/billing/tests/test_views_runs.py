"""A month of the scenario building billed through the pages: a manager starts and computes
the run, an accountant reviews, approves and issues it; the ledger, the receipts and the
statement then show the hand-computed totals (see scenario.py)."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from abonent.billing.choices import RunScope, RunStatus
from abonent.billing.models import BillingPeriod, BillingRun, LedgerEntry, Receipt
from abonent.billing.runs import bill_period, run_compute, run_create
from abonent.billing.tests.scenario import NOV, build
from abonent.core.choices import Role
from abonent.core.tenancy import Access
from abonent.testing.factories import (
    BillingPeriodFactory,
    BillingRunFactory,
    BuildingFactory,
    MembershipFactory,
    OrganizationFactory,
)
from abonent.testing.suites import TenantViewSuite, client_for

pytestmark = pytest.mark.django_db

# flat 1: 32.50 + 42.50 - 21.25 + 9.00 + 26.41; flat 2: 34.13 + 59.50 + 13.50 + 36.97
FLAT1, FLAT2 = D("89.16"), D("144.10")


def login(client, org, role):
    membership = MembershipFactory(organization=org, role=role)
    client.force_login(membership.user)
    return membership.user


def start_run(client, b) -> BillingRun:
    response = client.post(reverse("billing:billingrun_add"), {
        "month": "2026-11", "scope": RunScope.BUILDING, "building": b.building.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    run = BillingRun.objects.get()
    assert response["Location"] == run.get_absolute_url()
    return run


class TestBillingRunViews(TenantViewSuite):
    model = BillingRun
    factory = BillingRunFactory
    org_path = "period__organization"
    editable = False


class TestBillingPeriodViews(TenantViewSuite):
    model = BillingPeriod
    factory = BillingPeriodFactory
    addable = editable = False


def test_a_manager_computes_and_an_accountant_approves_and_issues_from_the_pages(client):
    b = build()
    org = b.organization
    manager = login(client, org, Role.MANAGER)
    run = start_run(client, b)
    assert run.status == RunStatus.DRAFT
    assert run.created_by == manager
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'hx-trigger="load"' in page  # the page starts the computation by itself
    assert 'id="run-progress"' in page and 'hx-trigger="every 1s"' in page

    response = client.post(reverse("billing:run_compute", args=[run.pk]))
    assert response["Location"] == reverse("billing:run_review", args=[run.pk])
    run.refresh_from_db()
    assert run.status == RunStatus.PREVIEW, run.error
    assert not LedgerEntry.objects.exists()

    accountant = login(client, org, Role.ACCOUNTANT)
    review = client.get(reverse("billing:run_review", args=[run.pk]))
    html = review.content.decode()
    assert b.flat1.number in html and b.flat2.number in html
    assert "89.16" in html and "144.10" in html
    page = client.get(run.get_absolute_url()).content.decode()
    assert reverse("billing:run_approve", args=[run.pk]) in page
    assert reverse("billing:run_issue", args=[run.pk]) not in page  # not before approval

    assert client.get(reverse("billing:run_approve", args=[run.pk])).status_code == 200
    response = client.post(reverse("billing:run_approve", args=[run.pk]), follow=True)
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED and run.approved_by == accountant
    assert "is approved" in response.content.decode()

    response = client.post(reverse("billing:run_issue", args=[run.pk]), follow=True)
    run.refresh_from_db()
    assert run.status == RunStatus.ISSUED
    assert "2 receipt(s)" in response.content.decode()
    assert LedgerEntry.objects.count() == 9
    assert sorted(Receipt.objects.values_list("amount_due", flat=True)) == [FLAT1, FLAT2]

    receipts = client.get(reverse("billing:receipt_list")).content.decode()
    assert Receipt.objects.get(account=b.flat1).number in receipts

    statement = client.get(reverse("billing:statement", args=[b.flat1.pk]),
                           {"from": "2026-11", "to": "2026-11"})
    html = statement.content.decode()
    assert statement.status_code == 200
    assert "89.16" in html  # the closing balance
    assert "10.000 m³ x 3.25 GEL = 32.50 GEL" in html  # the water line's explanation
    assert "<svg" in html


def test_a_cashier_sees_the_run_but_cannot_approve_issue_or_cancel_it(client):
    b = build()
    run = bill_period(b.organization, NOV)
    login(client, b.organization, Role.CASHIER)
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200
    assert reverse("billing:run_approve", args=[run.pk]) not in page.content.decode()
    for name in ("run_approve", "run_issue", "run_cancel"):
        assert client.get(reverse(f"billing:{name}", args=[run.pk])).status_code == 403
        assert client.post(reverse(f"billing:{name}", args=[run.pk])).status_code == 403
    assert client.post(reverse("billing:run_compute", args=[run.pk])).status_code == 403
    assert client.get(reverse("billing:billingrun_add")).status_code == 403
    run.refresh_from_db()
    assert run.status == RunStatus.PREVIEW


def test_issuing_before_approval_is_refused_with_a_message(client):
    b = build()
    run = bill_period(b.organization, NOV)
    login(client, b.organization, Role.ACCOUNTANT)
    response = client.post(reverse("billing:run_issue", args=[run.pk]), follow=True)
    assert "Approve the run before issuing it." in response.content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.PREVIEW


def test_cancelling_a_preview_deletes_its_lines(client):
    b = build()
    run = bill_period(b.organization, NOV)
    login(client, b.organization, Role.MANAGER)
    client.post(reverse("billing:run_cancel", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert not run.charges.exists()
    page = client.get(run.get_absolute_url()).content.decode()
    assert reverse("billing:run_cancel", args=[run.pk]) not in page


def test_the_progress_fragment_moves_the_page_to_the_review_when_the_preview_is_ready(client):
    b = build()
    login(client, b.organization, Role.MANAGER)
    run = start_run(client, b)
    url = reverse("billing:run_progress", args=[run.pk])
    waiting = client.get(url, {"follow": "1"}, HTTP_HX_REQUEST="true")
    assert "HX-Redirect" not in waiting
    assert 'hx-trigger="every 1s"' in waiting.content.decode()
    done = client.post(reverse("billing:run_compute", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Redirect"] == reverse("billing:run_review", args=[run.pk])
    assert "2 accounts" in done.content.decode()
    again = client.get(url, {"follow": "1"}, HTTP_HX_REQUEST="true")
    assert again["HX-Redirect"] == reverse("billing:run_review", args=[run.pk])


def test_a_run_is_computed_once_even_when_two_pages_ask(client):
    b = build()
    login(client, b.organization, Role.MANAGER)
    run = start_run(client, b)
    BillingRun.objects.filter(pk=run.pk).update(status=RunStatus.COMPUTING)  # another page
    response = client.post(reverse("billing:run_compute", args=[run.pk]),
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert not run.charges.exists()


def test_a_run_for_a_building_without_accounts_is_cancelled_and_says_why(client):
    org = OrganizationFactory()
    login(client, org, Role.MANAGER)
    empty = BuildingFactory(organization=org)
    client.post(reverse("billing:billingrun_add"), {
        "month": "2026-11", "scope": RunScope.BUILDING, "building": empty.pk})
    run = BillingRun.objects.get()
    response = client.post(reverse("billing:run_compute", args=[run.pk]), follow=True)
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert "No account to bill in this scope" in response.content.decode()


def test_engine_a_run_without_accounts_reaches_its_preview():
    org = OrganizationFactory()
    access = Access(user=None, organization=org, role="admin")
    run = run_create(access=access, period=BillingPeriodFactory(organization=org))
    assert run_compute(run).status == RunStatus.PREVIEW


def test_a_closed_period_takes_no_new_run(client):
    b = build()
    login(client, b.organization, Role.ACCOUNTANT)
    period = BillingPeriodFactory(organization=b.organization)
    client.post(reverse("billing:billingperiod_close", args=[period.pk]))
    period.refresh_from_db()
    assert not period.is_open
    response = client.post(reverse("billing:billingrun_add"), {
        "month": "2026-11", "scope": RunScope.ORGANIZATION})
    assert response.status_code == 400
    assert "The period is closed" in response.content.decode()


def test_a_cashier_cannot_close_a_period(client):
    org = OrganizationFactory()
    period = BillingPeriodFactory(organization=org)
    c = client_for(client, org, Role.CASHIER)
    assert c.post(reverse("billing:billingperiod_close", args=[period.pk])).status_code == 403
    assert BillingPeriod.objects.get(pk=period.pk).is_open
