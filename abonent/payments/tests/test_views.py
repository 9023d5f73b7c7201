"""The cash desk and the payment pages: a cashier takes a payment, a double click posts it
once, an accountant reverses it with a reason; nobody sees another organization's payments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from abonent.billing.ledger import balance
from abonent.billing.runs import bill_period
from abonent.billing.tests.scenario import NOV, build
from abonent.core.choices import Role
from abonent.payments.choices import PaymentStatus, Strategy
from abonent.payments.models import Payment, StatementImport, StatementLine
from abonent.payments.posting import payment_settings
from abonent.testing.factories import (
    PaymentFactory,
    StatementImportFactory,
    StatementLineFactory,
)
from abonent.testing.suites import TenantViewSuite, client_for

pytestmark = pytest.mark.django_db


class TestPaymentViews(TenantViewSuite):
    model = Payment
    factory = PaymentFactory
    org_path = "account__unit__building__organization"
    editable = False

    def search_term(self, obj):
        return None


def cash_desk_post(client, b, amount="40.00", token="form-1"):
    return client.post(reverse("payments:payment_add"), {
        "account": b.flat1.pk, "amount": amount, "channel": "cash",
        "value_date": "2026-12-03", "payer_name": "Nino", "reference": "",
        "token": token}, follow=True)


def test_a_cashier_takes_a_payment_and_a_double_click_posts_it_once(client):
    b = build()
    bill_period(b.organization, NOV, issue=True)
    client_for(client, b.organization, Role.CASHIER)
    form = client.get(reverse("payments:payment_add"))
    assert form.status_code == 200 and 'name="token"' in form.content.decode()
    first = cash_desk_post(client, b)
    assert "posted to" in first.content.decode()
    second = cash_desk_post(client, b)
    assert "already posted" in second.content.decode()
    payment = Payment.objects.get()
    assert payment.channel == "cash" and payment.value_date == dt.date(2026, 12, 3)
    assert balance(b.flat1) == D("49.16")
    confirmation = client.get(reverse("payments:payment_confirmation", args=[payment.pk]))
    assert "40.00" in confirmation.content.decode()


def test_the_cash_desk_names_what_is_wrong_and_posts_nothing(client):
    b = build()
    bill_period(b.organization, NOV, issue=True)
    client_for(client, b.organization, Role.CASHIER)
    response = cash_desk_post(client, b, amount="-3")
    assert response.status_code == 400
    assert not Payment.objects.exists()


def test_an_accountant_reverses_with_a_reason_and_a_cashier_cannot(client):
    b = build()
    bill_period(b.organization, NOV, issue=True)
    client_for(client, b.organization, Role.CASHIER)
    cash_desk_post(client, b)
    payment = Payment.objects.get()
    url = reverse("payments:payment_reverse", args=[payment.pk])
    assert client.post(url, {"reason": "mistake"}).status_code == 403
    client_for(client, b.organization, Role.ACCOUNTANT)
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "Paid twice by mistake, money returned"})
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REVERSED
    assert balance(b.flat1) == D("89.16")


def test_the_order_of_paying_debts_is_a_setting(client):
    b = build()
    client_for(client, b.organization, Role.ACCOUNTANT)
    response = client.post(reverse("payments:settings"), {"strategy": "penalties_last"})
    assert response.status_code == 302
    assert payment_settings(b.organization).strategy == Strategy.PENALTIES_LAST


def test_the_settings_pages_open(client):
    b = build()
    client_for(client, b.organization, Role.ACCOUNTANT)
    for name in ("payments:settings", "payments:penalties"):
        assert client.get(reverse(name)).status_code == 200


class TestStatementImportViews(TenantViewSuite):
    model = StatementImport
    factory = StatementImportFactory
    addable = False
    editable = False


class TestStatementLineViews(TenantViewSuite):
    model = StatementLine
    factory = StatementLineFactory
    org_path = "statement__organization"
    addable = False
    editable = False
