"""Factories of the rows a billing run writes (bills, ledger entries, receipts), for the page
and API suites; a real run makes them in the scenario tests."""

import datetime as dt
from decimal import Decimal

import factory

from abonent.billing.models import AccountBill, LedgerEntry, Receipt
from abonent.testing.factories import AccountFactory, BillingPeriodFactory, BillingRunFactory


class AccountBillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountBill

    account = factory.SubFactory(AccountFactory)
    organization = factory.SelfAttribute("account.organization")
    run = factory.SubFactory(BillingRunFactory,
                             period__organization=factory.SelfAttribute("...organization"))
    total = Decimal("89.16")
    previous_total = Decimal("80.00")
    flags = ["big_change"]
    fingerprint = "0" * 40


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LedgerEntry

    account = factory.SubFactory(AccountFactory)
    organization = factory.SelfAttribute("account.organization")
    period = factory.SubFactory(BillingPeriodFactory,
                                organization=factory.SelfAttribute("..organization"))
    service_period = factory.SelfAttribute("period")
    kind = "adjustment"
    amount = Decimal("-12.50")
    text = "Meter replaced, double-counted consumption"


class ReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Receipt

    account = factory.SubFactory(AccountFactory)
    organization = factory.SelfAttribute("account.organization")
    run = factory.SubFactory(BillingRunFactory,
                             period__organization=factory.SelfAttribute("...organization"))
    period = factory.SelfAttribute("run.period")
    year = 2026
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"{o.year}-{o.sequence:07d}")
    opening_balance = Decimal("0.00")
    charged = Decimal("89.16")
    amount_due = Decimal("89.16")
    due_date = dt.date(2026, 12, 25)
