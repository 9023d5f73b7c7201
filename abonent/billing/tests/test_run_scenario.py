"""A month of billing for one building, computed by hand (see scenario.py)."""

from decimal import Decimal as D

import pytest

from abonent.billing import explain
from abonent.billing.choices import RunStatus
from abonent.billing.models import Charge, LedgerEntry, Receipt
from abonent.billing.runs import bill_period
from abonent.billing.tests.scenario import NOV, build


def lines(account):
    return {(c.service.code, c.kind): c.amount for c in Charge.objects.filter(account=account)}


@pytest.mark.django_db
def test_a_month_of_a_building_is_billed_as_computed_by_hand():
    b = build()
    run = bill_period(b.organization, NOV)
    assert run.status == RunStatus.PREVIEW, run.error
    # flat 1: water 10 m3 x 3.25 = 32.50; maintenance 50 x 0.85 = 42.50, pensioner -50% =
    # -21.25; waste 2 x 4.50 = 9.00; common: 40 - (10 + 10.5) = 19.5 m3 by area 50/120 =
    # 8.125 m3 x 3.25 = 26.40625 -> 26.41
    assert lines(b.flat1) == {
        ("WATER", "charge"): D("32.50"), ("MAINT", "charge"): D("42.50"),
        ("MAINT", "benefit"): D("-21.25"), ("WASTE", "charge"): D("9.00"),
        ("WATER-COMMON", "charge"): D("26.41")}
    # flat 2: water by norm 3.5 x 3 = 10.5 m3 x 3.25 = 34.125 -> 34.13; maintenance 70 x 0.85
    # = 59.50; waste 3 x 4.50 = 13.50; common 19.5 x 70/120 = 11.375 m3 x 3.25 = 36.96875
    assert lines(b.flat2) == {
        ("WATER", "charge"): D("34.13"), ("MAINT", "charge"): D("59.50"),
        ("WASTE", "charge"): D("13.50"), ("WATER-COMMON", "charge"): D("36.97")}
    assert not LedgerEntry.objects.exists()
    explanation = Charge.objects.get(account=b.flat1, service=b.water).explanation
    assert explain.render_json(explanation, "en") == "10.000 m³ x 3.25 GEL = 32.50 GEL"


@pytest.mark.django_db
def test_issuing_posts_the_lines_and_numbers_receipts_without_gaps():
    b = build()
    run = bill_period(b.organization, NOV, issue=True)
    assert run.status == RunStatus.ISSUED, run.error
    assert sum(e.amount for e in LedgerEntry.objects.filter(account=b.flat1)) == \
        D("32.50") + D("42.50") - D("21.25") + D("9.00") + D("26.41")
    receipts = sorted(Receipt.objects.values_list("sequence", flat=True))
    assert receipts == [1, 2]
    again = bill_period(b.organization, NOV, issue=True)
    assert again.summary["accounts_changed"] == 0
    assert LedgerEntry.objects.count() == 9
