"""The billing summary of the scenario building, computed by hand (see data.py)."""

from decimal import Decimal as D

import pytest

from abonent.billing.models import Adjustment
from abonent.billing.runs import bill_period
from abonent.billing.services import adjustment_request
from abonent.billing.tests.scenario import NOV
from abonent.metering.models import Reading
from abonent.reports.summary import billing_summary
from abonent.reports.tests.data import DEC, admin, billed_november, period, two_months

FIGURES = ("charged", "benefits", "recalculations", "adjustments", "net")


def figures(row) -> tuple:
    return tuple(row[name] for name in FIGURES)


def summary(b, first=NOV, last=NOV, **options):
    org = b.organization
    report = billing_summary(access=admin(org), first=period(org, first),
                             last=period(org, last), **options)
    rows = list(report.all_rows())
    return {row.label: figures(row) for row in rows}


@pytest.mark.django_db
def test_a_billed_month_is_summed_by_service_as_computed_by_hand():
    b = billed_november()
    assert summary(b, group="service") == {
        # water 32.50 + 34.13; maintenance 42.50 + 59.50 less the pensioner's 21.25;
        # waste 9.00 + 13.50; common water 26.41 + 36.97
        "WATER · Water": (D("66.63"), 0, 0, 0, D("66.63")),
        "MAINT · Maint": (D("102.00"), D("-21.25"), 0, 0, D("80.75")),
        "WASTE · Waste": (D("22.50"), 0, 0, 0, D("22.50")),
        "WATER-COMMON · Water-Common": (D("63.38"), 0, 0, 0, D("63.38")),
        "Total": (D("254.51"), D("-21.25"), 0, 0, D("233.26")),
    }


@pytest.mark.django_db
def test_by_building_and_by_period_the_totals_are_the_same():
    b = billed_november()
    by_building = summary(b, group="building")
    assert by_building[str(b.building)] == (D("254.51"), D("-21.25"), 0, 0, D("233.26"))
    assert summary(b, group="period") == {
        "2026-11": (D("254.51"), D("-21.25"), 0, 0, D("233.26")),
        "Total": (D("254.51"), D("-21.25"), 0, 0, D("233.26"))}


@pytest.mark.django_db
def test_a_month_billed_again_shows_the_new_figures_not_both():
    b = billed_november()
    # flat 1's reading was 112, not 110: water 12 x 3.25 = 39.00; the common meter's rest is
    # 40 - (12 + 10.5) = 17.5 m3: flat 1 7.2917 m3 = 23.70, flat 2 10.2083 m3 = 33.18
    reading = Reading.objects.get(meter=b.meter, value=D("110.000"))
    reading.value = D("112.000")  # corrected as a user would: the audit trail sees it
    reading.save()
    bill_period(b.organization, NOV, issue=True)
    rows = summary(b, group="service")
    assert rows["WATER · Water"] == (D("73.13"), 0, 0, 0, D("73.13"))
    assert rows["WATER-COMMON · Water-Common"] == (D("56.88"), 0, 0, 0, D("56.88"))
    assert rows["MAINT · Maint"] == (D("102.00"), D("-21.25"), 0, 0, D("80.75"))


@pytest.mark.django_db
def test_periods_by_posting_or_by_the_period_billed_for():
    b = two_months()
    posted = summary(b, NOV, DEC, group="period")
    # the adjustment of -12.50 was posted in November; December: 99.84 + 138.41 charged
    assert posted["2026-11"] == (D("254.51"), D("-21.25"), 0, D("-12.50"), D("220.76"))
    assert posted["2026-12"] == (D("238.25"), D("-21.25"), 0, 0, D("217.00"))
    # payments and penalties are not billing: they are in the turnover sheet
    assert posted["Total"] == (D("492.76"), D("-42.50"), 0, D("-12.50"), D("437.76"))


@pytest.mark.django_db
def test_a_correction_posted_later_belongs_to_the_period_it_is_for():
    b = two_months()
    november = period(b.organization, NOV)
    # posted in the open period (December), for November
    adjustment_request(access=admin(b.organization), adjustment=Adjustment(
        account=b.flat1, service=b.waste, service_period=november, amount=D("4.50"),
        reason="A third resident since November"))
    posted = summary(b, DEC, DEC, group="period")
    billed_for = summary(b, NOV, NOV, group="period", dated="service_period")
    assert posted["2026-12"][3] == D("4.50")
    assert billed_for["2026-11"] == (D("254.51"), D("-21.25"), 0, D("-8.00"), D("225.26"))


@pytest.mark.django_db
def test_the_summary_is_filtered_by_building_and_service():
    b = billed_november()
    rows = summary(b, group="period", service=b.maintenance, building=b.building)
    assert rows["2026-11"] == (D("102.00"), D("-21.25"), 0, 0, D("80.75"))
