"""The collection rate: billed against paid by building and period, by hand."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from abonent.billing.models import BillingPeriod
from abonent.collections.rate import collection_rate
from abonent.collections.tests.scenario import billed
from abonent.core.choices import Role
from abonent.core.tenancy import Access
from abonent.testing.factories import OrganizationFactory
from abonent.testing.suites import client_for

pytestmark = pytest.mark.django_db


def periods(org):
    return list(BillingPeriod.objects.filter(organization=org).order_by("start"))


def test_billed_and_paid_by_building_and_period():
    """November billed 89.16 + 144.10 = 233.26, paid 50.00 (flat 1's payment went to
    November): 21.4%. December billed 53.00 + 107.13 = 160.13, nothing paid: 0.0%."""
    b = billed()
    nov, dec = periods(b.organization)
    access = Access(user=None, organization=b.organization, role=Role.ADMIN)
    report = collection_rate(access=access, first=nov, last=dec)
    rows = list(report.all_rows())
    assert [(r.period, r.billed, r.paid, r.unpaid, r.rate) for r in rows] == [
        ("2026-11", D("233.26"), D("50.00"), D("183.26"), D("21.4")),
        ("2026-12", D("160.13"), D("0.00"), D("160.13"), D("0.0")),
        ("", D("393.39"), D("50.00"), D("343.39"), D("12.7"))]
    assert [(p.period, p.rate) for p in report.extra["periods"]] == [
        ("2026-11", D("21.4")), ("2026-12", D("0.0"))]


def test_the_report_page_has_a_chart_and_exports_to_xlsx(client):
    b = billed()
    nov, dec = periods(b.organization)
    client_for(client, b.organization, Role.ACCOUNTANT)
    url = reverse("collections:rate")
    html = client.get(url, {"first": nov.pk, "last": dec.pk}).content.decode()
    assert 'id="collection-rate-chart-title"' in html and "21.4%" in html
    xlsx = client.get(url, {"first": nov.pk, "last": dec.pk, "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Building", "Period", "Billed", "Paid", "Unpaid", "Collected, %") or \
        [str(c).lower() for c in rows[0]] == ["building", "period", "billed", "paid", "unpaid",
                                               "collected, %"]
    assert D(str(rows[1][2])) == D("233.26") and D(str(rows[-1][3])) == D("50.00")


@pytest.mark.parametrize("role", list(Role))
def test_who_sees_the_collection_rate(client, role):
    from abonent.core import roles

    client_for(client, OrganizationFactory(), role)
    status = client.get(reverse("collections:rate")).status_code
    assert (status == 200) == roles.can(role, "payment", "view")
