"""Taking a webhook delivery: verify it, record it, post (or reverse) what it says, once.

Every delivery that reaches a provider of an organization leaves a ``WebhookDelivery`` row,
good or bad. Replay protection works on two levels:

1. the delivery: its key (the provider's delivery id, else its verified signature, which
   covers the timestamp and the body) is unique per provider. The row is inserted *first*, in
   the transaction that posts the payment, so an identical delivery arriving meanwhile waits
   on the unique index until the first commits, then finds the row and is answered
   200 "already processed" (its ``attempts`` grows). A delivery that failed (422) is tried
   again when re-sent, since what it lacked (the account, say) may exist by then;
2. the payment: it is posted through ``post_payments`` with the source ``provider:<code>``
   and the provider's payment id as the external id, so a *different* delivery of the same
   payment (a retry signed anew) posts nothing either.

Locks, in order: the delivery's unique index entry, then the account (``post_payments``,
primary-key order). A delivery holds no other lock while it waits, so two deliveries cannot
wait for each other in a cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.datastructures import CaseInsensitiveMapping
from django.utils.translation import gettext as _

from abonent.accounts.models import Account
from abonent.core.audit import audit_context
from abonent.core.choices import AuditSource
from abonent.core.money import quantum
from abonent.payments.choices import Channel, PaymentStatus
from abonent.payments.models import Payment, PaymentProvider, WebhookDelivery
from abonent.payments.posting import (
    Incoming,
    known_payments,
    post_payments,
    reverse_payment,
)
from abonent.payments.providers import registry
from abonent.payments.providers.base import Provider, WebhookError, WebhookEvent
from abonent.payments.providers.choices import DeliveryStatus, EventStatus
from abonent.payments.providers.webhooks import SignatureError

BODY_LIMIT = 20_000  # characters of a delivery's body kept for people to read
MAX_AMOUNT = Decimal("1000000000000")  # what a money column holds (14 digits, 2 decimals)


@dataclass(frozen=True)
class Answer:
    """The HTTP answer to a delivery: its status and JSON body."""

    status: int
    body: dict[str, Any]


def source_of(code: str) -> str:
    """The ``Payment.source`` of payments from a provider."""
    return f"provider:{code}"


def receive(org_slug: str, code: str, body: bytes, headers: Mapping[str, str], *,
            now: int | None = None, remote_addr: str | None = None) -> Answer:
    """Take one delivery for ``code`` of the organization ``org_slug``: the webhook view and
    the sandbox's own deliveries both come here. Changes are audited as the provider's."""
    with audit_context(source=AuditSource.API, detail=f"webhook {org_slug}/{code}"[:200],
                       remote_addr=remote_addr):
        return _receive(org_slug, code, body, CaseInsensitiveMapping(headers), now=now)


def _receive(org_slug: str, code: str, body: bytes, headers: Mapping[str, str], *,
             now: int | None) -> Answer:
    config = PaymentProvider.objects.select_related("organization").filter(
        organization__slug=org_slug, code=code).first()
    if config is None or not registry.known(code):
        return Answer(404, {"error": "unknown_provider",
                            "message": _("This organization has no such payment provider.")})
    adapter = registry.adapter(config)
    if not config.is_active:
        error = WebhookError(_("This payment provider is switched off."),
                             code="provider_inactive", status=404)
        return _reject(config, Provider.rejected_key(body, headers, adapter.signature_header),
                       body, error)
    try:
        key = adapter.verify_webhook(body, headers, now=now)
    except SignatureError as exc:
        return _reject(config, Provider.rejected_key(body, headers, adapter.signature_header),
                       body, WebhookError(exc.message, code=exc.code, status=400,
                                          field=adapter.signature_header))
    try:
        event = adapter.parse_webhook(body, headers)
        _check(event, config, adapter)
    except WebhookError as exc:
        return _reject(config, key, body, exc)
    return _process(config, adapter, key, event, body)


def _body_text(body: bytes) -> str:
    return body[:BODY_LIMIT * 4].decode("utf-8", errors="replace")[:BODY_LIMIT]


def _reject(config: PaymentProvider, key: str, body: bytes, error: WebhookError) -> Answer:
    """Record a delivery refused before anything was posted (or count it again)."""
    now = timezone.now()
    changes = {"attempts": F("attempts") + 1, "last_received_at": now,
               "status": DeliveryStatus.FAILED, "http_status": error.status,
               "error": error.message}
    with transaction.atomic():
        rows = WebhookDelivery.objects.filter(provider=config, delivery_key=key)
        if not rows.filter(status=DeliveryStatus.FAILED).update(**changes):
            try:
                with transaction.atomic():
                    WebhookDelivery.objects.create(
                        organization_id=config.organization_id, provider=config,
                        delivery_key=key, received_at=now, last_received_at=now,
                        status=DeliveryStatus.FAILED, http_status=error.status,
                        error=error.message, body=_body_text(body))
            except IntegrityError:  # the same delivery, recorded meanwhile (or processed)
                rows.update(attempts=F("attempts") + 1, last_received_at=now)
    return Answer(error.status, error.as_json())


def _check(event: WebhookEvent, config: PaymentProvider, adapter: Provider) -> None:
    """What every provider's event must satisfy before it is recorded for posting."""
    currency = config.organization.currency
    if event.status not in EventStatus.values:
        raise WebhookError(_("Unknown event %(event)s.") % {"event": event.status},
                           code="unknown_event", status=422)
    if not event.external_id or len(event.external_id) > 140:
        raise WebhookError(_("The provider's payment id is missing or longer than 140 "
                             "characters."), code="invalid_field", status=422,
                           field=adapter.payment_id_field)
    if event.currency.upper() != currency:
        raise WebhookError(_("The payment is in %(currency)s; this organization takes "
                             "%(expected)s.") % {"currency": event.currency,
                                                 "expected": currency},
                           code="wrong_currency", status=422, field="currency")
    if not (0 < event.amount < MAX_AMOUNT):
        raise WebhookError(_("The amount must be above zero and below %(max)s.")
                           % {"max": MAX_AMOUNT}, code="invalid_field", status=422,
                           field="amount")
    if event.amount != event.amount.quantize(quantum(currency)):
        raise WebhookError(_("%(amount)s has more decimals than %(currency)s allows.")
                           % {"amount": event.amount, "currency": currency},
                           code="invalid_field", status=422, field="amount")


def _claim(config: PaymentProvider, key: str, event: WebhookEvent, body: bytes
           ) -> tuple[WebhookDelivery, bool]:
    """The delivery's row, inserted (True) or, for a delivery seen before, locked (False).

    The insert comes first: an identical delivery in flight holds the unique index entry, so
    this one waits for it to commit and then finds its row."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return WebhookDelivery.objects.create(
                organization_id=config.organization_id, provider=config, delivery_key=key,
                received_at=now, last_received_at=now, event=event.status,
                external_id=event.external_id, amount=event.amount,
                account_reference=event.account_reference[:64], body=_body_text(body)), True
    except IntegrityError:
        delivery = WebhookDelivery.objects.select_for_update().get(provider=config,
                                                                   delivery_key=key)
        delivery.attempts += 1
        delivery.last_received_at = now
        return delivery, False


def _process(config: PaymentProvider, adapter: Provider, key: str, event: WebhookEvent,
             body: bytes) -> Answer:
    with transaction.atomic():
        delivery, fresh = _claim(config, key, event, body)
        if not fresh and delivery.status != DeliveryStatus.FAILED:
            delivery.save(update_fields=["attempts", "last_received_at"])
            return Answer(200, {"status": "already processed", "delivery": delivery.pk,
                                "payment": delivery.payment_id})
        try:
            with transaction.atomic():
                status, payment = _apply(config, adapter, event)
        except WebhookError as error:
            delivery.status = DeliveryStatus.FAILED
            delivery.http_status = error.status
            delivery.error = error.message
            delivery.save()
            return Answer(error.status, {**error.as_json(), "delivery": delivery.pk})
        delivery.status = status
        delivery.payment = payment
        delivery.http_status = 200
        delivery.error = ""
        delivery.save()
        return Answer(200, {"status": str(status), "message": str(DeliveryStatus(status).label),
                            "delivery": delivery.pk,
                            "payment": payment.pk if payment else None})


def _today(organization) -> dt.date:
    return timezone.localdate(timezone=ZoneInfo(organization.time_zone))


def _apply(config: PaymentProvider, adapter: Provider, event: WebhookEvent
           ) -> tuple[str, Payment | None]:
    organization = config.organization
    source = source_of(config.code)
    if event.status == EventStatus.FAILED:
        return DeliveryStatus.NOTED, None
    if event.status == EventStatus.REFUNDED:
        return _refund(config, adapter, event)
    account = Account.objects.of_org(organization).filter(
        number=event.account_reference.strip()).only("pk").first()
    if account is None:
        raise WebhookError(_("No account %(number)s in this organization.")
                           % {"number": event.account_reference or "—"},
                           code="unknown_account", status=422, field=adapter.account_field)
    incoming = Incoming(
        account_id=account.pk, amount=event.amount,
        value_date=event.value_date or _today(organization), channel=Channel.ONLINE,
        source=source, external_id=event.external_id, payer_name=event.payer_name[:200],
        reference=event.reference[:200])
    try:
        posted = post_payments(organization, [incoming])
    except ValidationError as exc:
        # post_payments refuses the second of two deliveries of one payment that raced past
        # its duplicate check; the first one's payment is committed and found now
        known = known_payments(organization, [(source, event.external_id)])
        if known:
            return DeliveryStatus.ALREADY_POSTED, next(iter(known.values()))
        field = next(iter(exc.error_dict), None) if hasattr(exc, "error_dict") else None
        raise WebhookError(" ".join(exc.messages), code="refused", status=422,
                           field=field) from None
    if posted.duplicates:
        return DeliveryStatus.ALREADY_POSTED, posted.duplicates[0]
    return DeliveryStatus.POSTED, posted.payments[0]


def _refund(config: PaymentProvider, adapter: Provider, event: WebhookEvent
            ) -> tuple[str, Payment | None]:
    """A refund at the provider reverses the whole payment (a partial refund is for a person
    to handle: it is refused, and the delivery shows why)."""
    source = source_of(config.code)
    payment = known_payments(config.organization, [(source, event.external_id)]).get(
        (source, event.external_id))
    if payment is None:
        raise WebhookError(_("No payment %(id)s was posted from this provider.")
                           % {"id": event.external_id}, code="unknown_payment", status=422,
                           field=adapter.payment_id_field)
    if payment.status == PaymentStatus.REVERSED:
        return DeliveryStatus.REVERSED, payment
    if event.amount != payment.amount:
        raise WebhookError(_("A refund of %(amount)s for a payment of %(paid)s: only whole "
                             "payments are reversed by the provider; reverse it by hand.")
                           % {"amount": event.amount, "paid": payment.amount},
                           code="partial_refund", status=422, field="amount")
    try:
        reverse_payment(payment, reason=_("Refunded at %(provider)s.")
                        % {"provider": registry.label(config.code)})
    except ValidationError as exc:
        payment.refresh_from_db()
        if payment.status != PaymentStatus.REVERSED:  # else: reversed meanwhile, by a twin
            raise WebhookError(" ".join(exc.messages), code="refused", status=422) from None
    return DeliveryStatus.REVERSED, payment
