"""The payments API: tenancy and rights like every endpoint, one post per (source, external
id) however often it is sent, and reversals with a reason."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from abonent.billing.ledger import balance
from abonent.billing.runs import bill_period
from abonent.billing.tests.scenario import NOV, build
from abonent.core.choices import Role
from abonent.payments.models import Payment
from abonent.testing.api_suite import API, TenantAPISuite, api_client
from abonent.testing.factories import AccountFactory, BillingPeriodFactory, PaymentFactory

pytestmark = pytest.mark.django_db


class TestPaymentAPI(TenantAPISuite):
    model = Payment
    factory = PaymentFactory
    org_path = "account__unit__building__organization"
    endpoint = "payments"
    writable = False

    def payload(self, organization):
        BillingPeriodFactory(organization=organization)
        return {"account": AccountFactory(unit__building__organization=organization).pk,
                "amount": "12.50", "value_date": "2026-12-02", "channel": "bank",
                "external_id": "ERP-1001", "payer_name": "Giorgi"}


def test_the_same_external_id_posted_twice_answers_with_the_first_payment():
    b = build()
    bill_period(b.organization, NOV, issue=True)
    client = api_client(b.organization, Role.ACCOUNTANT)
    body = {"account": b.flat1.pk, "amount": "30.00", "value_date": "2026-12-02",
            "channel": "bank", "source": "erp", "external_id": "PAY-9"}
    first = client.post(f"{API}/payments/", body, format="json")
    again = client.post(f"{API}/payments/", body, format="json")
    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert sum(D(part["amount"]) for part in first.json()["allocations"]) == D("30.00")
    assert balance(b.flat1) == D("59.16")


def test_bad_input_is_named_by_field():
    b = build()
    bill_period(b.organization, NOV, issue=True)
    client = api_client(b.organization, Role.ACCOUNTANT)
    response = client.post(f"{API}/payments/", {
        "account": b.flat1.pk, "amount": "1.999", "value_date": "soon", "channel": "pigeon",
        "external_id": ""}, format="json")
    assert response.status_code == 400
    assert {"amount", "value_date", "channel", "external_id"} <= set(response.json())
    assert not Payment.objects.exists()


def test_a_reversal_needs_the_approve_right_and_a_reason():
    b = build()
    bill_period(b.organization, NOV, issue=True)
    cashier = api_client(b.organization, Role.CASHIER)
    created = cashier.post(f"{API}/payments/", {
        "account": b.flat1.pk, "amount": "30.00", "value_date": "2026-12-02",
        "channel": "cash", "external_id": "C-1"}, format="json")
    assert created.status_code == 201
    url = f"{API}/payments/{created.json()['id']}/reverse/"
    assert cashier.post(url, {"reason": "oops"}, format="json").status_code in (403, 404)
    accountant = api_client(b.organization, Role.ACCOUNTANT)
    assert accountant.post(url, {}, format="json").status_code == 400
    done = accountant.post(url, {"reason": "Entered twice"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "reversed"
    assert balance(b.flat1) == D("89.16")
