"""The sandbox provider: a built-in provider that pays for real inside Abonent, for the demo
and for tests. Its checkout is Abonent's own page ``/pay/sandbox/<token>/`` (no sign-in; the
token, signed with ``django.core.signing``, names the organization, the account, the receipt,
the amount and the sandbox's payment id). "Pay" there makes the sandbox send itself a signed
webhook, exactly as a real provider would: to its own URL over HTTP when
``ABONENT_SANDBOX_BASE_URL`` is set (``http://127.0.0.1:8000``, say), otherwise in process
through the same function the webhook view calls.

Its webhook body::

    {"type": "payment.paid", "payment_id": "sbx_…", "amount": "89.16", "currency": "GEL",
     "account": "0000017", "receipt": "2026-0000001", "value_date": "2026-12-05"}

``type`` is ``payment.paid``, ``payment.failed`` or ``payment.refunded``.
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.accounts.models import Account
from abonent.billing.models import Receipt
from abonent.payments.models import PaymentProvider
from abonent.payments.providers import webhooks
from abonent.payments.providers.base import Checkout, Provider, WebhookError, WebhookEvent
from abonent.payments.providers.choices import EventStatus
from abonent.payments.providers.registry import register
from abonent.settings.env import env_bool, env_str

CODE = "sandbox"
TOKEN_SALT = "abonent.payments.sandbox"  # noqa: S105 - a namespace for signing, no secret
TOKEN_MAX_AGE = 24 * 3600  # seconds a payment link stays valid
EVENTS = {"payment.paid": EventStatus.PAID, "payment.failed": EventStatus.FAILED,
          "payment.refunded": EventStatus.REFUNDED}
DELIVERY_TIMEOUT = 10  # seconds, for a delivery over HTTP


@dataclass(frozen=True)
class SandboxPayment:
    """What a payment link names (read back from its token)."""

    organization_id: int
    account_id: int
    receipt_id: int | None
    amount: Decimal
    currency: str
    payment_id: str
    return_url: str


def make_token(payment: SandboxPayment) -> str:
    return signing.dumps({"o": payment.organization_id, "a": payment.account_id,
                          "r": payment.receipt_id, "m": str(payment.amount),
                          "c": payment.currency, "p": payment.payment_id,
                          "u": payment.return_url}, salt=TOKEN_SALT, compress=True)


def read_token(token: str, *, max_age: int = TOKEN_MAX_AGE) -> SandboxPayment:
    """The payment a link names; ``signing.BadSignature`` (or its subclass
    ``SignatureExpired``) for a forged, altered or expired link."""
    data = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    return SandboxPayment(organization_id=data["o"], account_id=data["a"],
                          receipt_id=data["r"], amount=Decimal(data["m"]),
                          currency=data["c"], payment_id=data["p"], return_url=data["u"])


@register
class SandboxProvider(Provider):
    code = CODE
    name = _("Sandbox (test payments)")
    account_field = "account"
    payment_id_field = "payment_id"

    def create_checkout(self, target: Receipt | Account, amount: Decimal,
                        return_url: str = "") -> Checkout:
        receipt = target if isinstance(target, Receipt) else None
        account = receipt.account if receipt is not None else target
        payment_id = "sbx_" + secrets.token_hex(12)
        token = make_token(SandboxPayment(
            organization_id=self.config.organization_id, account_id=account.pk,
            receipt_id=receipt.pk if receipt is not None else None, amount=amount,
            currency=self.organization.currency, payment_id=payment_id,
            return_url=return_url))
        return Checkout(url=reverse("providers:sandbox_pay", args=[token]),
                        provider_ref=payment_id)

    def parse_webhook(self, request_body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        data = self.json_body(request_body)
        kind = self.text(data, "type")
        if kind not in EVENTS:
            raise WebhookError(_("Unknown event type %(type)s.") % {"type": kind},
                               code="unknown_event", field="type")
        return WebhookEvent(
            external_id=self.text(data, "payment_id"), status=EVENTS[kind],
            amount=self.amount(data, "amount"), currency=self.text(data, "currency"),
            account_reference=self.text(data, "account"),
            value_date=self.day(data, "value_date"), raw=data,
            payer_name=self.text(data, "payer", required=False),
            reference=self.text(data, "receipt", required=False))


def sandbox_config(organization, *, create: bool = False) -> PaymentProvider | None:
    """The organization's sandbox configuration; with ``create``, made on first use with a
    random secret (the sandbox signs its own deliveries: nobody needs to know it)."""
    config = PaymentProvider.objects.of_org(organization).filter(code=CODE).first()
    if config is None and create:
        try:
            with transaction.atomic():
                config = PaymentProvider(organization=organization, code=CODE,
                                         secret=secrets.token_urlsafe(32))
                config.full_clean()
                config.save()
        except IntegrityError:  # made meanwhile by another request
            config = PaymentProvider.objects.of_org(organization).get(code=CODE)
    return config


def event_body(payment: SandboxPayment, *, account_number: str, receipt_number: str,
               status: str, value_date=None) -> dict[str, Any]:
    kind = next(name for name, value in EVENTS.items() if value == status)
    return {"type": kind, "payment_id": payment.payment_id, "amount": str(payment.amount),
            "currency": payment.currency, "account": account_number,
            "receipt": receipt_number,
            "value_date": (value_date or timezone.localdate()).isoformat()}


def base_url() -> str:
    """Where the sandbox posts its deliveries (``ABONENT_SANDBOX_BASE_URL``); empty: in
    process."""
    value = getattr(settings, "ABONENT_SANDBOX_BASE_URL", None)
    return (value if value is not None else env_str("ABONENT_SANDBOX_BASE_URL", "")).rstrip("/")


def deliver(config: PaymentProvider, payload: Mapping[str, Any]):
    """Send ``payload`` as a signed webhook to the organization's sandbox endpoint; return the
    endpoint's ``services.Answer``."""
    from abonent.payments.providers.services import Answer, receive

    body = json.dumps(payload, sort_keys=True).encode()
    headers = {"Content-Type": "application/json",
               SandboxProvider.signature_header: webhooks.signature_header(body, config.secret)}
    slug = config.organization.slug
    base = base_url()
    if not base:
        return receive(slug, CODE, body, headers)
    if urlsplit(base).scheme not in ("http", "https"):
        raise ValueError(f"ABONENT_SANDBOX_BASE_URL must be http(s), got {base!r}")
    url = base + reverse("providers:webhook", args=[slug, CODE])
    request = urllib.request.Request(url, data=body, headers=headers,  # noqa: S310 - http(s)
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=DELIVERY_TIMEOUT) as response:  # noqa: S310
            return Answer(response.status, json.loads(response.read() or b"{}"))
    except urllib.error.HTTPError as exc:
        try:
            data = json.loads(exc.read() or b"{}")
        except ValueError:
            data = {"error": "http_error", "message": str(exc)}
        return Answer(exc.code, data)
    except urllib.error.URLError as exc:
        return Answer(502, {"error": "unreachable", "message": str(exc.reason)})


def enabled() -> bool:
    """Whether the sandbox's pages work: setting or environment ``ABONENT_SANDBOX_ENABLED``;
    by default on, except under the production settings (a sandbox payment posts a payment
    no money stands behind)."""
    value = getattr(settings, "ABONENT_SANDBOX_ENABLED", None)
    if value is not None:
        return bool(value)
    production = getattr(settings, "SETTINGS_MODULE", "") == "abonent.settings.production"
    return env_bool("ABONENT_SANDBOX_ENABLED", not production)
