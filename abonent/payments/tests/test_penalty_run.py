"""Late-payment penalties posted by the billing run, with numbers computed by hand.

The billing scenario's flat 1 is billed 89.16 GEL for November 2026, due on 25 December (the
due day is the 25th of the next month). The organization charges 0.1% a day from the day after
the due date (the plain daily rule) on a service of its own, PENALTY.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from abonent.billing import explain
from abonent.billing.choices import EntryKind
from abonent.billing.models import Charge, LedgerEntry
from abonent.billing.runs import bill_period
from abonent.billing.tests.scenario import NOV, build
from abonent.payments.accrual import breakdown
from abonent.payments.choices import Channel, PenaltyPreset
from abonent.payments.models import PenaltySettings, ReferenceRate
from abonent.payments.posting import Incoming, post_payments
from abonent.testing.factories import ReferenceRateFactory, ServiceFactory
from abonent.testing.suites import TenantViewSuite

pytestmark = pytest.mark.django_db
DEC = dt.date(2026, 12, 1)


@pytest.fixture
def billed():
    b = build()
    penalty = ServiceFactory(organization=b.organization, code="PENALTY", name="Penalty",
                             unit="", method="fixed")
    PenaltySettings.objects.create(organization=b.organization, service=penalty,
                                   preset=PenaltyPreset.DAILY, daily_percent=D("0.1"))
    bill_period(b.organization, NOV, issue=True)
    b.penalty = penalty
    return b


def penalty_of(b, account, month=DEC) -> D:
    entries = LedgerEntry.objects.filter(account=account, service=b.penalty,
                                         service_period__start=month)
    return sum((e.amount for e in entries), D("0.00"))


def test_november_unpaid_at_the_end_of_december_costs_six_days(billed):
    bill_period(billed.organization, DEC, issue=True)
    # due 25 Dec; overdue 26..31 Dec = 6 days: 89.16 x 0.1% x 6 = 0.53496 -> 0.53
    assert penalty_of(billed, billed.flat1) == D("0.53")
    line = Charge.objects.get(account=billed.flat1, service=billed.penalty)
    assert line.kind == EntryKind.PENALTY
    text = explain.render_json(line.explanation, "en")
    assert text == "penalty up to 2026-12-31 0.53 GEL - charged before 0.00 GEL = 0.53 GEL"


def test_a_payment_reduces_the_debt_from_its_value_date_and_a_rerun_posts_the_difference(
        billed):
    bill_period(billed.organization, DEC, issue=True)
    post_payments(billed.organization, [Incoming(
        account_id=billed.flat1.pk, amount=D("50.00"), value_date=dt.date(2026, 12, 28),
        channel=Channel.BANK, source="bank", external_id="P-1")])
    bill_period(billed.organization, DEC, issue=True)
    # 26, 27, 28 Dec on 89.16 (the payment day still counts) = 0.26748
    # 29, 30, 31 Dec on 39.16 = 0.11748; together 0.38496 -> 0.38
    assert penalty_of(billed, billed.flat1) == D("0.38")
    reversed_ = LedgerEntry.objects.filter(account=billed.flat1, kind=EntryKind.REVERSAL,
                                           service=billed.penalty)
    assert [e.amount for e in reversed_] == [D("-0.53")]


def test_the_next_month_charges_only_what_accrued_since(billed):
    bill_period(billed.organization, DEC, issue=True)
    bill_period(billed.organization, dt.date(2027, 1, 1), issue=True)
    # November's 89.16 overdue 26 Dec..31 Jan = 37 days: 3.29892 -> 3.30, less 0.53 charged
    # in December; December's bill is due 25 Jan: 26..31 Jan = 6 days on its amount
    december_bill = sum((e.amount for e in LedgerEntry.objects.filter(
        account=billed.flat1, service_period__start=DEC, kind__in=(
            EntryKind.CHARGE, EntryKind.BENEFIT)).exclude(service=billed.penalty)), D(0))
    december_penalty = (december_bill * D("0.006")).quantize(D("0.01"))
    expected = D("3.30") - D("0.53") + december_penalty
    assert penalty_of(billed, billed.flat1, dt.date(2027, 1, 1)) == expected


def test_the_breakdown_lists_the_steps(billed):
    bill_period(billed.organization, DEC, issue=True)
    result = breakdown(billed.flat1, as_of=dt.date(2026, 12, 31))
    [debt] = result.debts
    assert debt.debt == D("89.16") and debt.due_date == dt.date(2026, 12, 25)
    [step] = debt.steps
    assert (step.start, step.end, step.days) == (dt.date(2026, 12, 26),
                                                 dt.date(2026, 12, 31), 6)
    assert result.total == D("0.53")


def test_without_a_rule_nothing_is_charged(billed):
    PenaltySettings.objects.filter(organization=billed.organization).update(
        preset=PenaltyPreset.NONE)
    bill_period(billed.organization, DEC, issue=True)
    assert penalty_of(billed, billed.flat1) == D("0.00")


def test_the_printable_breakdown_and_the_settings_page(client, billed):
    from django.urls import reverse

    from abonent.core.choices import Role
    from abonent.testing.suites import client_for

    bill_period(billed.organization, DEC, issue=True)
    client_for(client, billed.organization, Role.ACCOUNTANT)
    page = client.get(reverse("payments:penalty_breakdown", args=[billed.flat1.pk]),
                      {"as_of": "2026-12-31"})
    html = page.content.decode()
    assert page.status_code == 200 and "2026-12-26..2026-12-31" in html and "0.53" in html
    response = client.post(reverse("payments:penalties"), {
        "preset": "brazil_condominium", "service": billed.penalty.pk, "grace_days": "0",
        "daily_percent": "0.1", "fine_percent": "3", "monthly_percent": "1"})
    assert response.status_code == 400 and "at most 2%" in response.content.decode()
    other = build()
    assert client.get(reverse("payments:penalty_breakdown",
                              args=[other.flat1.pk])).status_code == 404


class TestReferenceRatePages(TenantViewSuite):
    model = ReferenceRate
    factory = ReferenceRateFactory
