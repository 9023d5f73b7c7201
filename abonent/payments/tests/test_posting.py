"""Posting payments: each exactly once, paying the oldest debts first, the rest a credit.

The numbers come from the billing scenario (abonent/billing/tests/scenario.py): flat 1 is
billed 89.16 GEL for November 2026 (water 32.50, maintenance 42.50 less the 50% pensioner
benefit 21.25, waste 9.00, common water 26.41).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from abonent.billing.choices import EntryKind
from abonent.billing.ledger import balance
from abonent.billing.models import LedgerEntry
from abonent.billing.runs import bill_period, period_for
from abonent.billing.tests.scenario import NOV, build
from abonent.core.models import AuditEntry
from abonent.payments.choices import AllocationKind, Channel, PaymentStatus
from abonent.payments.models import Payment
from abonent.payments.posting import Incoming, post_payments, reverse_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def billed():
    b = build()
    bill_period(b.organization, NOV, issue=True)
    return b


def pay(b, amount: str, external_id: str = "T-1", *, account=None, source="bank",
        day=dt.date(2026, 12, 5)):
    item = Incoming(account_id=(account or b.flat1).pk, amount=D(amount), value_date=day,
                    channel=Channel.BANK, source=source, external_id=external_id,
                    payer_name="Nino Beridze", reference="Flat 1 November")
    return post_payments(b.organization, [item])


def test_the_november_bill_is_89_16_and_a_payment_of_it_clears_the_account(billed):
    assert balance(billed.flat1) == D("89.16")
    posted = pay(billed, "89.16")
    payment = posted.payments[0]
    assert balance(billed.flat1) == D("0.00")
    parts = {(a.entry.service.code, -a.entry.amount) for a in payment.allocations.all()}
    assert parts == {("WATER", D("32.50")), ("MAINT", D("21.25")), ("WASTE", D("9.00")),
                     ("WATER-COMMON", D("26.41"))}
    assert {a.kind for a in payment.allocations.all()} == {AllocationKind.CHARGE}
    assert all(e.kind == EntryKind.PAYMENT for e in LedgerEntry.objects.filter(
        allocation__payment=payment))


def test_the_same_payment_delivered_twice_posts_once(billed):
    first = pay(billed, "50.00", "BANK-REF-77")
    again = pay(billed, "50.00", "BANK-REF-77")
    assert len(first.payments) == 1 and not first.duplicates
    assert not again.payments and again.duplicates == first.payments
    assert Payment.objects.count() == 1
    assert balance(billed.flat1) == D("39.16")


def test_one_batch_holding_the_same_payment_twice_posts_it_once(billed):
    item = Incoming(account_id=billed.flat1.pk, amount=D("10.00"), value_date=NOV,
                    channel=Channel.BANK, source="bank", external_id="X")
    posted = post_payments(billed.organization, [item, item])
    assert len(posted.payments) == 1
    assert balance(billed.flat1) == D("79.16")


def test_the_same_id_from_another_source_is_another_payment(billed):
    pay(billed, "10.00", "42", source="bank")
    pay(billed, "10.00", "42", source="cash-desk")
    assert Payment.objects.count() == 2


def test_an_older_debt_is_paid_before_november(billed):
    october = period_for(billed.organization, dt.date(2026, 10, 1))
    LedgerEntry.objects.create(
        organization=billed.organization, account=billed.flat1, service=billed.waste,
        period=period_for(billed.organization, NOV), service_period=october,
        kind=EntryKind.ADJUSTMENT, amount=D("15.00"), text="October waste forgotten")
    payment = pay(billed, "20.00").payments[0]
    paid = [(a.entry.service_period.start, -a.entry.amount)
            for a in payment.allocations.select_related("entry__service_period")]
    assert paid[0] == (dt.date(2026, 10, 1), D("15.00"))
    assert sum(amount for _start, amount in paid) == D("20.00")


def test_an_overpayment_becomes_a_credit_that_the_balance_shows(billed):
    payment = pay(billed, "100.00").payments[0]
    credit = payment.allocations.get(kind=AllocationKind.CREDIT)
    assert credit.entry.service is None and credit.entry.amount == D("-10.84")
    assert balance(billed.flat1) == D("-10.84")


def test_a_reversal_takes_every_part_back_with_its_reason_and_keeps_the_payment(billed):
    payment = pay(billed, "100.00").payments[0]
    reverse_payment(payment, reason="Paid to the wrong account")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REVERSED
    assert payment.reversal_reason == "Paid to the wrong account"
    assert balance(billed.flat1) == D("89.16")
    reversals = LedgerEntry.objects.filter(kind=EntryKind.REVERSAL)
    assert reversals.count() == payment.allocations.count()
    assert reversals.aggregate(total=Sum("amount"))["total"] == D("100.00")
    with pytest.raises(ValidationError):
        reverse_payment(payment, reason="again")


def test_a_reversal_needs_a_reason(billed):
    payment = pay(billed, "10.00").payments[0]
    with pytest.raises(ValidationError):
        reverse_payment(payment, reason="  ")


def test_bad_amounts_and_foreign_accounts_are_refused_and_nothing_is_posted(billed):
    for amount in ("0.00", "-5.00", "1.005"):
        with pytest.raises(ValidationError):
            pay(billed, amount)
    other = build()
    with pytest.raises(ValidationError):
        pay(billed, "5.00", account=other.flat1)
    assert not Payment.objects.exists()


def test_a_batch_with_one_bad_payment_posts_none(billed):
    good = Incoming(account_id=billed.flat1.pk, amount=D("10.00"), value_date=NOV,
                    channel=Channel.BANK, source="bank", external_id="A")
    bad = Incoming(account_id=billed.flat2.pk, amount=D("0.00"), value_date=NOV,
                   channel=Channel.BANK, source="bank", external_id="B")
    with pytest.raises(ValidationError):
        post_payments(billed.organization, [good, bad])
    assert not Payment.objects.exists() and not LedgerEntry.objects.filter(
        kind=EntryKind.PAYMENT).exists()


def test_a_payment_is_in_the_audit_trail(billed):
    payment = pay(billed, "10.00").payments[0]
    assert AuditEntry.objects.filter(object_type="payments.payment",
                                      object_id=str(payment.pk)).exists()
