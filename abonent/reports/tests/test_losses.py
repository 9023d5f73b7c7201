"""Common-meter losses of the scenario building (data.py) and their chart."""

from decimal import Decimal as D

import pytest

from abonent.billing.runs import bill_period
from abonent.billing.tests.scenario import NOV, build
from abonent.metering.models import Reading
from abonent.reports.chart import _nice_step, bar_chart
from abonent.reports.losses import common_meter_losses
from abonent.reports.tests.data import DEC, admin, billed_november, period, two_months

FIGURES = ("period", "measured", "billed", "difference", "loss_percent")


def losses(b, first=NOV, last=NOV, **options):
    org = b.organization
    report = common_meter_losses(access=admin(org), first=period(org, first),
                                 last=period(org, last), **options)
    return [tuple(row[name] for name in FIGURES) for row in report.all_rows()], report


@pytest.mark.django_db
def test_the_common_meter_against_the_flats_billed_consumption():
    b = billed_november()
    rows, report = losses(b)
    # 40 m3 measured; flat 1 10 m3 by its meter + flat 2 10.5 m3 by the norm = 20.5 m3;
    # 19.5 m3 not billed individually = 19.5 / 40 = 48.75 %
    assert rows == [("2026-11", D("40.000"), D("20.500"), D("19.500"), D("48.75")),
                    ("", D("40.000"), D("20.500"), D("19.500"), D("48.75"))]
    row = next(report.all_rows())
    assert (row.label, row.service) == (str(b.building), "WATER-COMMON")


@pytest.mark.django_db
def test_a_month_billed_again_counts_the_latest_lines_once():
    b = billed_november()
    reading = Reading.objects.get(meter=b.meter, value=D("110.000"))
    reading.value = D("112.000")  # corrected as a user would: the audit trail sees it
    reading.save()
    bill_period(b.organization, NOV, issue=True)
    rows, _report = losses(b)
    # 40 - (12 + 10.5) = 17.5 m3 = 43.75 %
    assert rows[0] == ("2026-11", D("40.000"), D("22.500"), D("17.500"), D("43.75"))


@pytest.mark.django_db
def test_a_run_not_yet_issued_does_not_count():
    b = build()
    bill_period(b.organization, NOV)  # computed for review only
    rows, _report = losses(b)
    assert rows == [("", D("0.000"), D("0.000"), D("0.000"), None)]


@pytest.mark.django_db
def test_two_months_per_period_and_the_chart_says_every_figure():
    b = two_months()
    rows, report = losses(b, NOV, DEC, service=b.common)
    # December: 35 m3 measured, 8 + 10.5 = 18.5 m3 billed, 16.5 m3 = 47.14 %
    assert rows == [("2026-11", D("40.000"), D("20.500"), D("19.500"), D("48.75")),
                    ("2026-12", D("35.000"), D("18.500"), D("16.500"), D("47.14")),
                    ("", D("75.000"), D("39.000"), D("36.000"), D("48.00"))]
    assert [row.period for row in report.extra["periods"]] == ["2026-11", "2026-12"]
    assert report.extra["units"] == ["m³"]


def test_the_chart_is_an_image_with_a_title_a_description_and_a_bar_per_figure():
    svg = str(bar_chart(chart_id="c", title="Losses <m³>", description="Nov: 40 and 20.5",
                        categories=["2026-11", "2026-12"],
                        series=[("measured", [D(40), D(35)]), ("billed", [D("20.5"), D(18)])],
                        notes=["48.75%", "47.14%"], unit="m³"))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Losses &lt;m³&gt;</title>' in svg
    assert '<desc id="c-desc">Nov: 40 and 20.5</desc>' in svg
    assert svg.count("<rect") == 4 + 2  # four bars and two legend keys
    assert "<title>2026-11: measured 40 m³</title>" in svg
    assert "48.75%" in svg and "<script" not in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_the_chart_scale_is_a_round_number():
    assert _nice_step(D(40)) == 10
    assert _nice_step(D(41)) == 20
    assert _nice_step(D("0.3")) == D("0.1")
    assert _nice_step(D(0)) == 1
