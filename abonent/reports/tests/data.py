"""The scenario building of ``billing/tests/scenario.py`` billed and issued, and two months of
it with a correction, a payment and a penalty. The figures the reports must give are worked out
by hand in the tests and in docs/reports.md.

November (see scenario.py): flat 1 is charged 32.50 water + 42.50 maintenance + 9.00 waste +
26.41 common water = 110.41, with a pensioner benefit of -21.25; flat 2 is charged 34.13 +
59.50 + 13.50 + 36.97 = 144.10. The common meter measured 40 m3; the flats were billed 10 m3
(reading) and 10.5 m3 (norm).

``two_months`` adds:

* an adjustment of -12.50 on flat 2's water, posted in November (the open period);
* December: flat 1's meter reads 118.000 (8 m3), the common meter 575.000 (35 m3); flat 1 is
  charged 26.00 + 42.50 + 9.00 + 22.34 = 99.84 (benefit -21.25), flat 2 34.13 + 59.50 + 13.50
  + 31.28 = 138.41 (common: 35 - (8 + 10.5) = 16.5 m3, 50/120 = 6.875 m3 and 70/120 = 9.625 m3
  at 3.25);
* a payment of 89.16 by flat 1 and a penalty of 1.20 on flat 2, both posted in December.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from abonent.billing.choices import EntryKind
from abonent.billing.models import Adjustment, BillingPeriod, LedgerEntry
from abonent.billing.runs import bill_period
from abonent.billing.services import adjustment_request
from abonent.billing.tests.scenario import NOV, Building, build
from abonent.core.tenancy import Access
from abonent.testing import factories as f

DEC = dt.date(2026, 12, 1)


def admin(organization) -> Access:
    return Access(user=None, organization=organization, role="admin")


def period(organization, month: dt.date) -> BillingPeriod:
    return BillingPeriod.objects.get(organization=organization, start=month)


def billed_november(organization=None) -> Building:
    b = build(organization)
    run = bill_period(b.organization, NOV, issue=True)
    assert run.status == "issued", run.error
    return b


def post(b: Building, account, kind: str, amount: str, month: dt.date, service=None):
    billing_period = period(b.organization, month)
    return LedgerEntry.objects.create(
        organization=b.organization, account=account, service=service, period=billing_period,
        service_period=billing_period, kind=kind, amount=D(amount), text=kind)


def two_months(organization=None) -> Building:
    b = billed_november(organization)
    november = period(b.organization, NOV)
    adjustment_request(access=admin(b.organization), adjustment=Adjustment(
        account=b.flat2, service=b.water, service_period=november, amount=D("-12.50"),
        reason="Leak repaired by the company"))
    f.ReadingFactory(meter=b.meter, date=dt.date(2026, 12, 25), value=D("118.000"))
    f.ReadingFactory(meter=b.building_meter, date=dt.date(2026, 12, 25), value=D("575.000"))
    run = bill_period(b.organization, DEC, issue=True)
    assert run.status == "issued", run.error
    post(b, b.flat1, EntryKind.PAYMENT, "-89.16", DEC)
    post(b, b.flat2, EntryKind.PENALTY, "1.20", DEC)
    return b
