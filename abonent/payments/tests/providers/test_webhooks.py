"""The webhook endpoint ``POST /hooks/<org>/<provider>/``: a signed delivery posts its payment
once, whatever is re-sent; every delivery leaves a row; what is wrong is named.

Flat 1 of the billing scenario owes 89.16 GEL for November 2026."""

from __future__ import annotations

import json
import time
from decimal import Decimal as D

import pytest
from django.test import override_settings
from django.urls import reverse

from abonent.billing.ledger import balance
from abonent.core.models import AuditEntry
from abonent.payments.choices import Channel, PaymentStatus
from abonent.payments.models import Payment, WebhookDelivery
from abonent.payments.providers.choices import DeliveryStatus

from .helpers import HEADER, billed, paid_body, sandbox_provider, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def b():
    scenario = billed()
    scenario.provider = sandbox_provider(scenario.organization)
    return scenario


def test_a_signed_delivery_posts_the_payment_online_under_the_providers_source(client, b):
    response = signed(b.organization, paid_body(b.flat1, "sbx_A", "50.00")).post(client)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == DeliveryStatus.POSTED
    payment = Payment.objects.get()
    assert (payment.source, payment.external_id) == ("provider:sandbox", "sbx_A")
    assert payment.channel == Channel.ONLINE and payment.amount == D("50.00")
    assert str(payment.value_date) == "2026-12-05"
    assert balance(b.flat1) == D("39.16")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.POSTED and delivery.payment == payment
    assert delivery.http_status == 200 and delivery.attempts == 1


def test_the_same_delivery_twice_posts_once_and_is_answered_already_processed(client, b):
    delivery = signed(b.organization, paid_body(b.flat1, "sbx_A"))
    first, again = delivery.post(client), delivery.post(client)
    assert first.status_code == again.status_code == 200
    assert again.json()["status"] == "already processed"
    assert again.json()["payment"] == first.json()["payment"]
    assert Payment.objects.count() == 1 and balance(b.flat1) == D("39.16")
    row = WebhookDelivery.objects.get()
    assert row.attempts == 2


def test_two_deliveries_of_the_same_provider_payment_post_once(client, b):
    body = paid_body(b.flat1, "sbx_A")
    first = signed(b.organization, body, timestamp=int(time.time()) - 10).post(client)
    retry = signed(b.organization, body).post(client)  # signed anew: another delivery
    assert first.status_code == retry.status_code == 200
    assert retry.json()["status"] == DeliveryStatus.ALREADY_POSTED
    assert Payment.objects.count() == 1 and balance(b.flat1) == D("39.16")
    assert list(WebhookDelivery.objects.order_by("pk").values_list("status", flat=True)) == \
        [DeliveryStatus.POSTED, DeliveryStatus.ALREADY_POSTED]
    assert len({d.payment_id for d in WebhookDelivery.objects.all()}) == 1


def test_a_bad_signature_is_refused_with_a_clear_json_error_and_recorded(client, b):
    response = signed(b.organization, paid_body(b.flat1), secret="not-the-secret-at-all").post(
        client)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_signature"
    assert "signature" in response.json()["message"]
    assert not Payment.objects.exists()
    row = WebhookDelivery.objects.get()
    assert row.status == DeliveryStatus.FAILED and row.http_status == 400
    assert row.delivery_key.startswith("bad:") and "signature" in row.error


def test_a_tampered_body_is_refused(client, b):
    delivery = signed(b.organization, paid_body(b.flat1, amount="1.00"))
    tampered = delivery.body.replace(b'"1.00"', b'"0.01"')
    response = client.post(delivery.url, tampered, content_type="application/json",
                           headers={HEADER: delivery.signature})
    assert response.status_code == 400 and response.json()["error"] == "bad_signature"
    assert not Payment.objects.exists()


def test_a_stale_delivery_is_refused(client, b):
    old = signed(b.organization, paid_body(b.flat1), timestamp=int(time.time()) - 301)
    response = old.post(client)
    assert response.status_code == 400 and response.json()["error"] == "stale_timestamp"
    assert not Payment.objects.exists()


@override_settings(ABONENT_WEBHOOK_TOLERANCE=3600)
def test_the_tolerance_comes_from_the_setting(client, b):
    old = signed(b.organization, paid_body(b.flat1), timestamp=int(time.time()) - 1800)
    assert old.post(client).status_code == 200


def test_a_delivery_without_a_signature_is_refused(client, b):
    url = reverse("providers:webhook", args=[b.organization.slug, "sandbox"])
    response = client.post(url, paid_body(b.flat1), content_type="application/json")
    assert response.status_code == 400 and response.json()["error"] == "missing_signature"
    assert response.json()["field"] == HEADER
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED


def test_an_unknown_account_is_422_naming_the_field_and_recorded_as_failed(client, b):
    body = json.dumps({"type": "payment.paid", "payment_id": "sbx_X", "amount": "5.00",
                       "currency": "GEL", "account": "9999999"}).encode()
    response = signed(b.organization, body).post(client)
    assert response.status_code == 422
    assert response.json()["error"] == "unknown_account"
    assert response.json()["field"] == "account"
    assert "9999999" in response.json()["message"]
    row = WebhookDelivery.objects.get()
    assert row.status == DeliveryStatus.FAILED and row.http_status == 422
    assert row.account_reference == "9999999" and not Payment.objects.exists()


def test_a_failed_delivery_re_sent_is_tried_again(client, b):
    """What a delivery lacked may exist by its retry: it is not answered 'already processed'."""
    delivery = signed(b.organization, paid_body(b.flat1, currency="EUR"))
    assert delivery.post(client).status_code == 422
    b.organization.currency = "EUR"
    b.organization.save()
    response = delivery.post(client)
    assert response.status_code == 200 and response.json()["status"] == DeliveryStatus.POSTED
    row = WebhookDelivery.objects.get()
    assert row.attempts == 2 and row.status == DeliveryStatus.POSTED and row.error == ""


def test_a_delivery_in_another_currency_is_422_naming_the_currency(client, b):
    response = signed(b.organization, paid_body(b.flat1, currency="USD")).post(client)
    assert response.status_code == 422 and response.json()["field"] == "currency"


@pytest.mark.parametrize(("change", "field"), [
    ({"amount": "-5.00"}, "amount"), ({"amount": "ten"}, "amount"),
    ({"amount": "1e13"}, "amount"), ({"amount": "NaN"}, "amount"),
    ({"payment_id": ""}, "payment_id"), ({"type": "payment.lost"}, "type"),
    ({"value_date": "05/12/2026"}, "value_date"),
])
def test_a_body_missing_or_mangling_a_field_is_400_naming_it(client, b, change, field):
    body = json.loads(paid_body(b.flat1))
    body.update(change)
    response = signed(b.organization, json.dumps(body).encode()).post(client)
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED


def test_an_amount_with_too_many_decimals_is_422(client, b):
    response = signed(b.organization, paid_body(b.flat1, amount="1.005")).post(client)
    assert response.status_code == 422 and response.json()["field"] == "amount"


def test_a_body_that_is_not_json_is_400(client, b):
    response = signed(b.organization, b"not json").post(client)
    assert response.status_code == 400 and response.json()["error"] == "malformed_body"


def test_a_delivery_for_another_organizations_provider_is_refused(client, b):
    """Signed with the other organization's secret, or naming its account: nothing posts."""
    other = billed()
    sandbox_provider(other.organization, secret="the-other-organizations-secret-0000")
    theirs = signed(b.organization, paid_body(b.flat1),
                    secret="the-other-organizations-secret-0000")
    assert theirs.post(client).status_code == 400
    foreign_account = signed(b.organization, paid_body(other.flat1, "sbx_F")).post(client)
    assert foreign_account.status_code == 422
    assert foreign_account.json()["error"] == "unknown_account"
    assert not Payment.objects.exists()
    assert balance(other.flat1) == D("89.16")
    assert set(WebhookDelivery.objects.values_list("organization", flat=True)) == {
        b.organization.pk}


def test_an_unknown_organization_or_provider_is_404_and_leaves_no_row(client, b):
    body = paid_body(b.flat1)
    assert signed(b.organization, body, code="stripe").post(client).status_code == 404
    url = reverse("providers:webhook", args=["no-such-org", "sandbox"])
    response = client.post(url, body, content_type="application/json",
                           headers={HEADER: signed(b.organization, body).signature})
    assert response.status_code == 404 and response.json()["error"] == "unknown_provider"
    assert not WebhookDelivery.objects.exists()


def test_an_inactive_provider_refuses_deliveries(client, b):
    b.provider.is_active = False
    b.provider.save()
    response = signed(b.organization, paid_body(b.flat1)).post(client)
    assert response.status_code == 404 and response.json()["error"] == "provider_inactive"
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
    assert not Payment.objects.exists()


def test_the_endpoint_takes_only_post_and_needs_no_session_or_csrf(b):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.get(reverse("providers:webhook", args=[b.organization.slug, "sandbox"])
                      ).status_code == 405
    assert signed(b.organization, paid_body(b.flat1)).post(strict).status_code == 200


def test_a_signed_in_users_session_does_not_make_them_the_payments_author(client, b):
    from abonent.testing.suites import client_for

    client_for(client, b.organization)
    signed(b.organization, paid_body(b.flat1)).post(client)
    payment = Payment.objects.get()
    assert payment.posted_by is None
    entry = AuditEntry.objects.get(object_type="payments.payment", object_id=str(payment.pk))
    assert entry.actor is None and entry.source == "api"
    assert entry.source_detail == f"webhook {b.organization.slug}/sandbox"


def test_a_failed_payment_event_posts_nothing_and_is_noted(client, b):
    body = json.loads(paid_body(b.flat1))
    body["type"] = "payment.failed"
    response = signed(b.organization, json.dumps(body).encode()).post(client)
    assert response.status_code == 200 and response.json()["status"] == DeliveryStatus.NOTED
    assert not Payment.objects.exists()


def refund(b, client, payment_id="sbx_A", amount="50.00"):
    body = json.loads(paid_body(b.flat1, payment_id, amount))
    body["type"] = "payment.refunded"
    return signed(b.organization, json.dumps(body).encode()).post(client)


def test_a_refund_reverses_the_whole_payment_once(client, b):
    signed(b.organization, paid_body(b.flat1, "sbx_A")).post(client)
    response = refund(b, client)
    assert response.status_code == 200 and response.json()["status"] == DeliveryStatus.REVERSED
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.REVERSED and "Sandbox" in payment.reversal_reason
    assert balance(b.flat1) == D("89.16")
    assert refund(b, client).status_code == 200  # signed anew: reversed once all the same
    assert balance(b.flat1) == D("89.16")


def test_a_partial_or_unknown_refund_is_refused_for_a_person(client, b):
    signed(b.organization, paid_body(b.flat1, "sbx_A")).post(client)
    partial = refund(b, client, amount="10.00")
    assert partial.status_code == 422 and partial.json()["error"] == "partial_refund"
    unknown = refund(b, client, payment_id="sbx_never")
    assert unknown.status_code == 422 and unknown.json()["field"] == "payment_id"
    assert Payment.objects.get().status == PaymentStatus.POSTED


def test_every_delivery_good_or_bad_leaves_a_row(client, b):
    signed(b.organization, paid_body(b.flat1, "sbx_1")).post(client)
    signed(b.organization, paid_body(b.flat1, "sbx_2"), secret="wrong-secret-000000").post(client)
    signed(b.organization, paid_body(b.flat1, "sbx_3", currency="USD")).post(client)
    signed(b.organization, b"{}").post(client)
    statuses = list(WebhookDelivery.objects.order_by("pk").values_list("http_status", flat=True))
    assert statuses == [200, 400, 422, 400]
