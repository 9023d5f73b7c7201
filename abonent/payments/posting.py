"""Posting payments: each one exactly once, spread over the account's debts, in one batch.

One function posts any number of payments (a cash desk entry is a batch of one, a bank
statement a batch of thousands): payments already known by their source and external id are
returned as duplicates and post nothing; the others are applied to their account's open dues
in the organization's order (``abonent.payments.allocation``), and each part becomes a
``payment`` ledger entry linked to the payment by an ``Allocation``. What is left over becomes
a credit entry without a service. The accounts are locked first (primary-key order, as a
billing run's issue does), so concurrent payments and an issuing run wait for each other
instead of reading the same debts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from abonent.accounts.models import Account
from abonent.billing import explain
from abonent.billing.choices import EntryKind
from abonent.billing.models import LedgerEntry
from abonent.billing.services import open_period
from abonent.core.audit import record_bulk_create
from abonent.core.money import quantum
from abonent.payments import allocation
from abonent.payments.choices import AllocationKind, PaymentStatus, Strategy
from abonent.payments.dues import AccountDues, OpenDue, open_dues
from abonent.payments.models import Allocation, Payment, PaymentSettings

BATCH = 2000  # rows per lookup query and payments per written batch


@dataclass(frozen=True)
class Incoming:
    """A payment to post, as a channel delivers it."""

    account_id: int
    amount: Decimal
    value_date: date
    channel: str
    source: str
    external_id: str
    payer_name: str = ""
    reference: str = ""
    received_at: datetime | None = None
    #: the payer's own choice of what to pay: (service id, service period id) -> amount
    specified: dict[tuple[int, int], Decimal] | None = None


@dataclass
class Posted:
    payments: list[Payment] = field(default_factory=list)
    duplicates: list[Payment] = field(default_factory=list)


def payment_settings(organization) -> PaymentSettings:
    """The organization's settings, made on first use (two first uses at once make one)."""
    found = PaymentSettings.objects.of_org(organization).first()
    return found or PaymentSettings.objects.get_or_create(organization=organization)[0]


def known_payments(organization, keys: Sequence[tuple[str, str]]
                   ) -> dict[tuple[str, str], Payment]:
    """The payments already posted under these (source, external id) pairs."""
    keys = sorted(set(keys))
    known: dict[tuple[str, str], Payment] = {}
    for start in range(0, len(keys), BATCH):
        part = keys[start:start + BATCH]
        match = Q()
        for source in {source for source, _id in part}:
            match |= Q(source=source, external_id__in=[pk for s, pk in part if s == source])
        for payment in Payment.objects.of_org(organization).filter(match):
            known[(payment.source, payment.external_id)] = payment
    return known


def _lock_accounts(organization, account_ids: set[int]) -> dict[int, Account]:
    """Lock the accounts (primary-key order) and return them (number only: a payment's name)."""
    ids = sorted(account_ids)
    locked: dict[int, Account] = {}
    for start in range(0, len(ids), BATCH):
        part = ids[start:start + BATCH]
        found = Account.objects.of_org(organization).select_for_update().filter(
            pk__in=part).order_by("pk").only("pk", "number", "organization_id")
        locked.update((account.pk, account) for account in found)
    if len(locked) != len(ids):
        raise ValidationError(_("A payment names an account of another organization."))
    return locked


def _check(item: Incoming, currency: str) -> None:
    if item.amount <= 0:
        raise ValidationError({"amount": _("A payment must be more than zero.")})
    if item.amount != item.amount.quantize(quantum(currency)):
        raise ValidationError({"amount": _("%(amount)s has more decimals than %(currency)s "
                                          "allows.") % {"amount": item.amount,
                                                        "currency": currency}})
    if not item.external_id.strip():
        raise ValidationError({"external_id": _("A payment needs its id at the source.")})


def _apply(item: Incoming, account: AccountDues, strategy: str, currency: str
           ) -> tuple[list[tuple[OpenDue, Decimal]], Decimal, dict, str]:
    """Split the payment over the account's dues (the payer's choice first, when given); the
    account's dues shrink by what it paid, its credit grows by what is left."""
    dues = {(due.service_id, due.service_period_id): due for due in account.dues}
    specified = None
    if item.specified:
        strategy = Strategy.SPECIFIED
        specified = [(key, amount) for key, amount in item.specified.items() if key in dues]
    elif strategy == Strategy.SPECIFIED:  # nothing named: the rest of that rule applies
        strategy = Strategy.OLDEST_FIRST
    result = allocation.allocate(
        item.amount, [allocation.Due(key=key, period_start=due.period_start,
                                     service=str(due.service_id), amount=due.amount,
                                     kind=allocation.DueKind.PENALTY if due.is_penalty
                                     else allocation.DueKind.CHARGE)
                      for key, due in dues.items()],
        allocation.Strategy(strategy), quantum=quantum(currency), specified=specified)
    paid = {part.key: part.amount for part in result.parts}
    account.dues = [replace(due, amount=due.amount - paid.get(key, 0))
                    for key, due in dues.items() if due.amount > paid.get(key, 0)]
    account.credit += result.credit
    return ([(dues[part.key], part.amount) for part in result.parts], result.credit,
            explain.to_json(result.reason), str(strategy))


@transaction.atomic
def post_payments(organization, items: Sequence[Incoming], *, user=None,
                  progress: Callable[[int, int], None] | None = None) -> Posted:
    """Post ``items``; those whose source and external id are known post nothing.
    ``progress(done, total)`` follows the writing, batch by batch."""
    currency = organization.currency
    for item in items:
        _check(item, currency)
    known = known_payments(organization, [(item.source, item.external_id) for item in items])
    result = Posted()
    fresh: list[Incoming] = []
    seen: set[tuple[str, str]] = set()
    for item in items:
        key = (item.source, item.external_id)
        if key in known:
            result.duplicates.append(known[key])
        elif key not in seen:
            seen.add(key)
            fresh.append(item)
    if not fresh:
        return result
    accounts = _lock_accounts(organization, {item.account_id for item in fresh})
    period = open_period(organization)
    rule = payment_settings(organization).strategy
    dues = open_dues(sorted({item.account_id for item in fresh}))
    now = timezone.now()
    planned: list[tuple[Payment, list[tuple[LedgerEntry, str]]]] = []
    for item in sorted(fresh, key=lambda item: (item.value_date, item.account_id)):
        parts, credit, reason, strategy = _apply(item, dues[item.account_id], rule, currency)
        payment = Payment(
            organization=organization, account=accounts[item.account_id], channel=item.channel,
            source=item.source, external_id=item.external_id, amount=item.amount,
            value_date=item.value_date, received_at=item.received_at or now,
            payer_name=item.payer_name, reference=item.reference, strategy=strategy,
            allocation_reason=reason, period=period, status=PaymentStatus.POSTED,
            posted_by=user)
        lines = [(due.service_id, due.service_period_id, amount,
                  AllocationKind.PENALTY if due.is_penalty else AllocationKind.CHARGE)
                 for due, amount in parts]
        if credit:
            lines.append((None, period.pk, credit, AllocationKind.CREDIT))
        planned.append((payment, [(LedgerEntry(
            organization=organization, account_id=item.account_id, service_id=service_id,
            period=period, service_period_id=service_period_id, kind=EntryKind.PAYMENT,
            amount=-amount, text=item.reference, posted_by=user), kind)
            for service_id, service_period_id, amount, kind in lines]))
    for start in range(0, len(planned), BATCH):
        _write(organization, planned[start:start + BATCH])
        if progress:
            progress(min(start + BATCH, len(planned)), len(planned))
    result.payments = [payment for payment, _lines in planned]
    return result


def _write(organization, planned: list[tuple[Payment, list[tuple[LedgerEntry, str]]]]) -> None:
    """Write payments, their ledger entries and the links between them (one batch)."""
    payments = [payment for payment, _lines in planned]
    try:
        with transaction.atomic():
            Payment.objects.bulk_create(payments)
    except IntegrityError:
        # a concurrent delivery of the same payment won the race: it is posted once, there
        raise ValidationError(_("This payment is being posted by another request; "
                                "try again.")) from None
    record_bulk_create(payments)
    LedgerEntry.objects.bulk_create([entry for _payment, lines in planned
                                     for entry, _kind in lines])
    Allocation.objects.bulk_create([
        Allocation(organization=organization, payment=payment, entry=entry, kind=kind)
        for payment, lines in planned for entry, kind in lines])


@transaction.atomic
def reverse_payment(payment: Payment, *, reason: str, user=None) -> Payment:
    """Take a posted payment back: one reversal entry per part, with the reason."""
    if not reason.strip():
        raise ValidationError({"reversal_reason": _("Say why the payment is reversed.")})
    _lock_accounts(payment.organization, {payment.account_id})
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status == PaymentStatus.REVERSED:
        raise ValidationError(_("This payment is already reversed."))
    period = open_period(payment.organization)
    LedgerEntry.objects.bulk_create([
        LedgerEntry(organization_id=entry.organization_id, account_id=entry.account_id,
                    service_id=entry.service_id, period=period,
                    service_period_id=entry.service_period_id, kind=EntryKind.REVERSAL,
                    amount=-entry.amount, text=reason, reverses=entry, posted_by=user)
        for entry in LedgerEntry.objects.filter(allocation__payment=payment)])
    payment.status = PaymentStatus.REVERSED
    payment.reversal_reason = reason
    payment.reversed_at = timezone.now()
    payment.reversed_by = user
    payment.save()
    return payment
