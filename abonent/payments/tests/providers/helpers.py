"""What the provider tests share: a billed building, a provider configuration, and signed
deliveries as a provider would send them."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from abonent.billing.runs import bill_period
from abonent.billing.tests.scenario import NOV, build
from abonent.payments.models import PaymentProvider
from abonent.payments.providers import webhooks

SECRET = "whsec_test_0123456789abcdef0123456789"
HEADER = "Abonent-Signature"


def billed(organization=None, suffix: str = ""):
    """The billing scenario's building, November billed and issued (flat 1 owes 89.16)."""
    b = build(organization, suffix)
    bill_period(b.organization, NOV, issue=True)
    return b


def sandbox_provider(organization, secret: str = SECRET, **fields) -> PaymentProvider:
    return PaymentProvider.objects.create(organization=organization, code="sandbox",
                                          secret=secret, **fields)


def paid_body(account, payment_id: str = "sbx_1", amount: str = "50.00",
              currency: str = "GEL", **extra: Any) -> bytes:
    data = {"type": "payment.paid", "payment_id": payment_id, "amount": amount,
            "currency": currency, "account": account.number, "value_date": "2026-12-05",
            **extra}
    return json.dumps(data, sort_keys=True).encode()


@dataclass(frozen=True)
class Delivery:
    url: str
    body: bytes
    signature: str

    def post(self, client):
        return client.post(self.url, self.body, content_type="application/json",
                           headers={HEADER: self.signature})


def signed(organization, body: bytes, *, secret: str = SECRET, code: str = "sandbox",
           timestamp: int | None = None) -> Delivery:
    stamp = int(time.time()) if timestamp is None else timestamp
    return Delivery(reverse("providers:webhook", args=[organization.slug, code]), body,
                    webhooks.signature_header(body, secret, stamp))
