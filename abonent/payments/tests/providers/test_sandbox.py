"""The sandbox provider pays a receipt end to end: staff open a checkout from the receipt, the
payer (not signed in) sees the receipt on the sandbox's page and presses Pay, the sandbox
sends itself a signed webhook, and the account's balance drops by the amount.

Flat 1 of the billing scenario owes 89.16 GEL for November 2026."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core import signing
from django.test import Client, override_settings
from django.urls import reverse

from abonent.billing.ledger import balance
from abonent.billing.models import Receipt
from abonent.core.choices import Role
from abonent.payments.choices import Channel
from abonent.payments.models import Payment, PaymentProvider, WebhookDelivery
from abonent.payments.providers import registry, sandbox
from abonent.payments.providers.choices import DeliveryStatus
from abonent.testing.suites import client_for

from .helpers import billed, sandbox_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def b():
    scenario = billed()
    scenario.receipt = Receipt.objects.get(account=scenario.flat1)
    return scenario


def start(client, b, role=Role.CASHIER):
    client_for(client, b.organization, role)
    return client.get(reverse("providers:sandbox_start", args=[b.receipt.pk]))


def test_a_receipt_is_paid_end_to_end_through_the_sandbox(client, b):
    response = start(client, b)
    assert response.status_code == 302
    page_url = response.url
    assert page_url.startswith("/pay/sandbox/")
    assert not PaymentProvider.objects.exists()  # nothing written before the payer pays

    payer = Client()  # the payer is not signed in
    page = payer.get(page_url)
    html = page.content.decode()
    assert page.status_code == 200
    for shown in (b.organization.name, b.flat1.number, str(b.receipt), "2026-11", "89.16"):
        assert shown in html, shown
    assert 'value="pay"' in html and 'value="decline"' in html

    paid = payer.post(page_url, {"action": "pay"})
    assert paid.status_code == 302 and paid.url == page_url
    after = payer.get(page_url).content.decode()
    assert "Paid" in after and 'value="pay"' not in after
    assert balance(b.flat1) == D("0.00")
    payment = Payment.objects.get()
    assert payment.source == "provider:sandbox" and payment.channel == Channel.ONLINE
    assert payment.amount == D("89.16") and payment.reference == str(b.receipt)
    assert payment.external_id.startswith("sbx_")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.POSTED and delivery.payment == payment
    assert PaymentProvider.objects.get().code == "sandbox"  # made on first use

    payer.post(page_url, {"action": "pay"})  # pressed again: nothing more
    assert Payment.objects.count() == 1 and balance(b.flat1) == D("0.00")


def test_declining_pays_nothing_and_the_page_says_so(client, b):
    page_url = start(client, b).url
    payer = Client()
    assert payer.post(page_url, {"action": "decline"}).status_code == 302
    assert "Declined" in payer.get(page_url).content.decode()
    assert not Payment.objects.exists() and balance(b.flat1) == D("89.16")
    assert WebhookDelivery.objects.get().status == DeliveryStatus.NOTED


def test_each_checkout_is_its_own_payment(client, b):
    first, second = start(client, b).url, client.get(
        reverse("providers:sandbox_start", args=[b.receipt.pk])).url
    assert first != second
    Client().post(first, {"action": "pay"})
    Client().post(second, {"action": "pay"})
    assert Payment.objects.count() == 2 and balance(b.flat1) == D("-89.16")


def test_an_altered_or_expired_link_is_refused(client, b):
    page_url = start(client, b).url
    token = page_url.split("/")[-2]
    altered = reverse("providers:sandbox_pay", args=[token[:-2] + "xx"])
    assert Client().get(altered).status_code == 404
    assert Client().post(altered, {"action": "pay"}).status_code == 404
    assert not Payment.objects.exists()
    with pytest.raises(signing.SignatureExpired):
        sandbox.read_token(token, max_age=-1)


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.DISPATCHER, Role.AUDITOR])
def test_only_staff_who_take_payments_open_a_checkout(client, b, role):
    assert start(client, b, role).status_code == 403


def test_another_organizations_receipt_cannot_be_opened(client, b):
    other = billed()
    client_for(client, other.organization, Role.CASHIER)
    assert client.get(reverse("providers:sandbox_start", args=[b.receipt.pk])).status_code == 404


def test_a_switched_off_sandbox_opens_no_checkout(client, b):
    sandbox_provider(b.organization, is_active=False)
    response = start(client, b)
    assert response.status_code == 302 and response.url == b.receipt.get_absolute_url()


@override_settings(ABONENT_SANDBOX_ENABLED=False)
def test_the_sandbox_can_be_switched_off_for_a_whole_site(client, b):
    assert start(client, b).status_code == 404


def test_a_checkout_for_an_account_shows_no_receipt(b):
    config = sandbox.sandbox_config(b.organization, create=True)
    checkout = registry.adapter(config).create_checkout(b.flat2, D("20.00"), "")
    html = Client().get(checkout.url).content.decode()
    assert b.flat2.number in html and "20.00" in html and "Receipt" not in html
    Client().post(checkout.url, {"action": "pay"})
    payment = Payment.objects.get()
    assert payment.account == b.flat2 and payment.external_id == checkout.provider_ref


def test_a_back_link_leads_only_to_this_site(b):
    config = sandbox.sandbox_config(b.organization, create=True)
    adapter = registry.adapter(config)
    outside = adapter.create_checkout(b.flat1, D("1.00"), "https://evil.example/")
    inside = adapter.create_checkout(b.flat1, D("1.00"), "/billing/")
    for checkout in (outside, inside):
        Client().post(checkout.url, {"action": "pay"})
    assert "evil.example" not in Client().get(outside.url).content.decode()
    assert 'href="/billing/"' in Client().get(inside.url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_with_a_base_url_the_sandbox_posts_its_webhook_over_http(client, live_server,
                                                                 settings):
    """The same delivery through the network: the sandbox's page posts to its own URL."""
    scenario = billed()
    receipt = Receipt.objects.get(account=scenario.flat1)
    settings.ABONENT_SANDBOX_BASE_URL = live_server.url
    client_for(client, scenario.organization, Role.CASHIER)
    page_url = client.get(reverse("providers:sandbox_start", args=[receipt.pk])).url
    assert Client().post(page_url, {"action": "pay"}).status_code == 302
    assert balance(scenario.flat1) == D("0.00")
    assert WebhookDelivery.objects.get().status == DeliveryStatus.POSTED


def test_staff_find_a_receipt_by_its_number_on_the_sandbox_page(client, b):
    client_for(client, b.organization, Role.CASHIER)
    url = reverse("providers:sandbox_index")
    page = client.get(url).content.decode()
    assert reverse("providers:sandbox_start", args=[b.receipt.pk]) in page
    found = client.get(url, {"receipt": b.receipt.number})
    assert found.status_code == 302
    assert found.url == reverse("providers:sandbox_start", args=[b.receipt.pk])
    missing = client.get(url, {"receipt": "2026-9999999"})
    assert missing.status_code == 404 and "2026-9999999" in missing.content.decode()
    other = billed()
    client_for(client, other.organization, Role.CASHIER)
    assert client.get(url, {"receipt": b.receipt.number}).status_code == 302  # its own
    assert client.get(url, {"receipt": b.receipt.number}).url != found.url
