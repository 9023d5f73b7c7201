"""The provider adapter: what every online payment provider implements.

A provider does two things for Abonent: it opens a **checkout** (a page of the provider where
the payer pays an amount for an account or a receipt) and it tells, through a signed
**webhook**, what became of a payment (paid, failed, refunded). ``Provider`` is the adapter;
``registry.register`` makes one known by its code. Posting, replay protection and the
delivery records are the same for every provider (``services.receive``), so an adapter only
translates between the provider's words and ``Checkout``/``WebhookEvent``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.translation import gettext as _

from abonent.payments.providers import webhooks

if TYPE_CHECKING:
    from abonent.accounts.models import Account
    from abonent.billing.models import Receipt
    from abonent.payments.models import PaymentProvider


@dataclass(frozen=True)
class Checkout:
    """Where to send the payer (``url``) and the provider's id of this payment."""

    url: str
    provider_ref: str


@dataclass(frozen=True)
class WebhookEvent:
    """What a provider's webhook says, in Abonent's words."""

    external_id: str  # the provider's id of the payment: the same id never posts twice
    status: str  # choices.EventStatus: paid, failed, refunded
    amount: Decimal
    currency: str
    account_reference: str  # the account number the payment is for
    value_date: dt.date | None = None  # None: today in the organization's time zone
    raw: Mapping[str, Any] = field(default_factory=dict)
    payer_name: str = ""
    reference: str = ""  # shown with the payment (a receipt number, the provider's text)


class WebhookError(Exception):
    """A delivery that cannot be taken: the HTTP status to answer, a code for machines, the
    field of the delivery at fault (if one is) and a message for people."""

    def __init__(self, message: str, *, code: str, status: int = 400,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.field = field

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.field:
            data["field"] = self.field
        return data


class Provider(ABC):
    """One online payment provider. An instance serves one organization's configuration
    (``config``: a ``PaymentProvider`` row with the webhook secret and the settings)."""

    #: the code the registry knows it by and the webhook URL carries (``/hooks/<org>/<code>/``)
    code: ClassVar[str]
    #: the name staff see (mark it for translation)
    name: ClassVar[Any]
    #: the HTTP header carrying ``t=<unix time>,v1=<hex HMAC-SHA256>``
    signature_header: ClassVar[str] = "Abonent-Signature"
    #: a header with the provider's own id of a delivery, if it sends one
    delivery_id_header: ClassVar[str | None] = None
    #: the field of the webhook body that names the account (errors name it)
    account_field: ClassVar[str] = "account"
    #: the field of the webhook body that names the provider's payment id
    payment_id_field: ClassVar[str] = "payment_id"

    def __init__(self, config: PaymentProvider) -> None:
        self.config = config

    @property
    def organization(self):
        return self.config.organization

    @property
    def settings(self) -> dict[str, Any]:
        return dict(self.config.settings or {})

    @abstractmethod
    def create_checkout(self, target: Receipt | Account, amount: Decimal,
                        return_url: str) -> Checkout:
        """Open a payment of ``amount`` for a receipt or an account; the payer comes back to
        ``return_url`` when done."""

    @abstractmethod
    def parse_webhook(self, request_body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        """Read a delivery whose signature is already verified; raise ``WebhookError`` (400,
        naming the field) for a body that does not say what it must."""

    def verify_webhook(self, request_body: bytes, headers: Mapping[str, str], *,
                       now: int | None = None) -> str:
        """Check the delivery's signature and timestamp (``webhooks.verify``); return the key
        that identifies this delivery for replay protection. A provider with another signing
        scheme overrides this (and raises ``webhooks.SignatureError``)."""
        _timestamp, signature = webhooks.verify(
            request_body, headers.get(self.signature_header), self.config.secret,
            tolerance=webhooks.tolerance(), now=now)
        delivery_id = headers.get(self.delivery_id_header) if self.delivery_id_header else None
        if delivery_id:
            return "id:" + delivery_id.strip()[:190]
        return "sig:" + signature

    @staticmethod
    def rejected_key(request_body: bytes, headers: Mapping[str, str], header: str) -> str:
        """The key of a delivery whose signature did not verify: a hash of what was sent,
        never the same as a verified delivery's key."""
        digest = hashlib.sha256((headers.get(header) or "").encode() + b"\n" + request_body)
        return "bad:" + digest.hexdigest()

    # Helpers for parse_webhook: the errors name the field.

    @staticmethod
    def json_body(request_body: bytes) -> dict[str, Any]:
        try:
            data = json.loads(request_body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise WebhookError(_("The body is not JSON."), code="malformed_body") from None
        if not isinstance(data, dict):
            raise WebhookError(_("The body is not a JSON object."), code="malformed_body")
        return data

    @staticmethod
    def text(data: Mapping[str, Any], name: str, *, required: bool = True) -> str:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise WebhookError(_("The field %(field)s is missing.") % {"field": name},
                                   code="missing_field", field=name)
            return ""
        if not isinstance(value, str | int):
            raise WebhookError(_("The field %(field)s must be a string.") % {"field": name},
                               code="invalid_field", field=name)
        return str(value).strip()

    @classmethod
    def amount(cls, data: Mapping[str, Any], name: str) -> Decimal:
        raw = cls.text(data, name)
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise WebhookError(_("The field %(field)s is not an amount.") % {"field": name},
                               code="invalid_field", field=name) from None
        if not value.is_finite() or value <= 0 or value >= Decimal("1e12"):
            raise WebhookError(_("The field %(field)s must be an amount above zero.")
                               % {"field": name}, code="invalid_field", field=name)
        return value

    @classmethod
    def day(cls, data: Mapping[str, Any], name: str) -> dt.date | None:
        raw = cls.text(data, name, required=False)
        if not raw:
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise WebhookError(_("The field %(field)s is not a date (YYYY-MM-DD).")
                               % {"field": name}, code="invalid_field", field=name) from None
