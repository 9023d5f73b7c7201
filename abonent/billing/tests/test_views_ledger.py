"""The ledger pages, receipts, and an account's statement: opening balance, every entry, the
closing balance per service and in total, over a range of months, with a chart and XLSX."""

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from abonent.billing.models import Adjustment, LedgerEntry, Receipt
from abonent.billing.runs import bill_period, period_close, period_for
from abonent.billing.services import adjustment_request
from abonent.billing.tests.factories import LedgerEntryFactory, ReceiptFactory
from abonent.billing.tests.scenario import NOV, build
from abonent.core.choices import Role
from abonent.core.tenancy import Access
from abonent.testing.factories import BranchFactory, OrganizationFactory
from abonent.testing.suites import TenantViewSuite, client_for

pytestmark = pytest.mark.django_db
DEC = NOV.replace(month=12)


class TestLedgerEntryViews(TenantViewSuite):
    model = LedgerEntry
    factory = LedgerEntryFactory
    org_path = "account__unit__building__organization"
    addable = editable = False


class TestReceiptViews(TenantViewSuite):
    model = Receipt
    factory = ReceiptFactory
    org_path = "account__unit__building__organization"
    addable = editable = False


@pytest.fixture
def billed():
    """November issued and closed; in December a credit of 12.50 on flat 1's maintenance."""
    b = build()
    admin = Access(user=None, organization=b.organization, role="admin")
    bill_period(b.organization, NOV, issue=True)
    period_close(period_for(b.organization, NOV), access=admin)
    december = period_for(b.organization, DEC)
    adjustment_request(access=admin, adjustment=Adjustment(
        account=b.flat1, service=b.maintenance, service_period=december,
        amount=D("-12.50"), reason="Stairs not cleaned for two weeks"))
    return b


def test_the_statement_of_a_month_starts_from_the_closing_balance_of_the_one_before(
        client, billed):
    c = client_for(client, billed.organization, Role.CASHIER)
    url = reverse("billing:statement", args=[billed.flat1.pk])
    response = c.get(url, {"from": "2026-12", "to": "2026-12"})
    assert response.status_code == 200
    statement = response.context["statement"]
    assert statement.opening == D("89.16")
    assert [entry.amount for entry in statement.entries] == [D("-12.50")]
    assert statement.closing == D("76.66")
    maintenance = next(line for line in statement.services
                       if line.service == billed.maintenance)
    # 42.50 charged, -21.25 pensioner benefit, then -12.50 in December
    assert (maintenance.opening, maintenance.adjustments, maintenance.closing) == (
        D("21.25"), D("-12.50"), D("8.75"))
    assert statement.total.closing == D("76.66")
    html = response.content.decode()
    assert "Stairs not cleaned for two weeks" in html
    assert "GEL\xa076.66" in html


def test_the_statement_over_both_months_lists_every_entry_from_zero(client, billed):
    c = client_for(client, billed.organization, Role.ACCOUNTANT)
    response = c.get(reverse("billing:statement", args=[billed.flat1.pk]),
                     {"from": "2026-11", "to": "2026-12"})
    statement = response.context["statement"]
    assert statement.opening == 0
    assert len(statement.entries) == 6  # five November lines and the adjustment
    assert statement.total.charged == D("32.50") + D("42.50") + D("9.00") + D("26.41")
    assert statement.total.benefits == D("-21.25")
    assert statement.closing == D("76.66")
    history = response.context["history"]
    assert [(m.start.month, m.charged, m.balance) for m in history[-2:]] == [
        (11, D("89.16"), D("89.16")), (12, D("0.00"), D("76.66"))]
    html = response.content.decode()
    assert html.count("<rect") == 12 and "<polyline" in html


def test_the_statement_exports_to_a_workbook(client, billed):
    c = client_for(client, billed.organization, Role.ACCOUNTANT)
    response = c.get(reverse("billing:statement", args=[billed.flat1.pk]),
                     {"from": "2026-11", "to": "2026-12", "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][4:6] == ["Opening balance", 0]
    assert ["Closing balance", 76.66] in [row[4:6] for row in values]
    total = next(row for row in values if row[0] == "Total")
    assert total[-1] == 76.66


def test_an_unknown_month_is_reported_and_the_last_twelve_months_are_shown(client, billed):
    c = client_for(client, billed.organization, Role.ACCOUNTANT)
    response = c.get(reverse("billing:statement", args=[billed.flat1.pk]), {"from": "2026-13"})
    assert "Enter a month as YYYY-MM" in response.content.decode()
    assert response.context["statement"].closing == D("76.66")


def test_the_statement_is_linked_from_the_account_and_kept_to_the_users_reach(client):
    org = OrganizationFactory()
    north, south = BranchFactory(organization=org), BranchFactory(organization=org)
    inside = LedgerEntryFactory(account__unit__building__organization=org,
                                account__unit__building__branch=north).account
    outside = LedgerEntryFactory(account__unit__building__organization=org,
                                 account__unit__building__branch=south).account
    c = client_for(client, org, Role.MANAGER, branches=[north])
    page = c.get(inside.get_absolute_url()).content.decode()
    assert reverse("billing:statement", args=[inside.pk]) in page
    assert c.get(reverse("billing:statement", args=[inside.pk])).status_code == 200
    assert c.get(reverse("billing:statement", args=[outside.pk])).status_code == 404
    other = LedgerEntryFactory().account
    assert c.get(reverse("billing:statement", args=[other.pk])).status_code == 404


def test_a_technician_has_no_statement(client):
    entry = LedgerEntryFactory()
    c = client_for(client, entry.organization, Role.TECHNICIAN)
    assert c.get(reverse("billing:statement", args=[entry.account_id])).status_code == 403
    page = c.get(entry.account.get_absolute_url()).content.decode()
    assert reverse("billing:statement", args=[entry.account_id]) not in page


def test_a_receipt_shows_the_entries_posted_with_it(client):
    b = build()
    run = bill_period(b.organization, NOV, issue=True)
    receipt = Receipt.objects.get(run=run, account=b.flat2)
    c = client_for(client, b.organization, Role.CASHIER)
    html = c.get(receipt.get_absolute_url()).content.decode()
    assert receipt.number in html
    assert "Entries posted with this receipt" in html
    assert html.count('href="/billing/ledger/') >= 4  # flat 2's four lines
