"""The billing scenario (``billing/tests/scenario.py``) billed for two months, with a payment.

Due day 25 (the default): November is due 2026-12-25, December 2027-01-25.

flat 1: November water 32.50, maintenance 21.25, waste 9.00, common water 26.41 (89.16);
        December water 22.75, maintenance 21.25, waste 9.00 (53.00);
        paid 50.00 on 2027-01-05, oldest first: November water 32.50 and 17.50 of its
        maintenance, so November keeps 3.75 + 9.00 + 26.41 = 39.16 open.
flat 2: November water 34.13, maintenance 59.50, waste 13.50, common water 36.97 (144.10);
        December water 34.13, maintenance 59.50, waste 13.50 (107.13); nothing paid.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from abonent.billing.runs import bill_period
from abonent.billing.tests.scenario import NOV, build
from abonent.payments.posting import Incoming, post_payments

DEC = dt.date(2026, 12, 1)


def pay(b, account, amount: str, day: dt.date, external_id: str):
    return post_payments(b.organization, [Incoming(
        account_id=account.pk, amount=D(amount), value_date=day, channel="bank",
        source="bank:test", external_id=external_id)])


def billed(organization=None, *, paid: bool = True, suffix: str = ""):
    """The scenario billed; a second building in the same organization needs a ``suffix``
    for its services' codes."""
    b = build(organization, suffix)
    bill_period(b.organization, NOV, issue=True)
    bill_period(b.organization, DEC, issue=True)
    if paid:
        pay(b, b.flat1, "50.00", dt.date(2027, 1, 5), "JAN-1" + suffix)
    return b
