"""The report pages: figures on the page, exports of the whole report, rights and tenancy."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from abonent.billing.choices import EntryKind
from abonent.billing.models import BillingPeriod
from abonent.billing.tests.scenario import NOV
from abonent.core import roles
from abonent.core.choices import Action, Role
from abonent.property.models import Building
from abonent.reports import views
from abonent.reports.tests.data import billed_november, post, two_months
from abonent.testing.factories import (
    AccountFactory,
    BillingPeriodFactory,
    BranchFactory,
    OrganizationFactory,
    UnitFactory,
)
from abonent.testing.suites import client_for

REPORTS = ["reports:summary", "reports:turnover", "reports:losses"]


def html_of(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def periods_of(organization) -> dict[int, int]:
    return {p.start.month: p.pk for p in BillingPeriod.objects.filter(organization=organization)}


def workbook_rows(response) -> list[tuple]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


@pytest.mark.django_db
def test_the_index_lists_the_reports_and_the_menu_links_it(client):
    b = billed_november()
    html = html_of(client_for(client, b.organization).get(reverse("reports:index")))
    for name in REPORTS:
        assert f'href="{reverse(name)}"' in html
    assert f'href="{reverse("reports:index")}" aria-current="page"' in html


@pytest.mark.django_db
def test_each_page_shows_the_hand_computed_figures_of_the_latest_period(client):
    b = billed_november()
    c = client_for(client, b.organization)
    html = html_of(c.get(reverse("reports:summary")))
    assert "2026-11" in html and "233.26" in html and "-21.25" in html
    html = html_of(c.get(reverse("reports:turnover")))
    assert b.flat1.number in html and "89.16" in html and "144.10" in html
    html = html_of(c.get(reverse("reports:losses")))
    assert "48.75" in html and "19.500" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in html
    assert "<desc id=\"losses-chart-desc\">2026-11: common meter 40.000 m³" in html


@pytest.mark.django_db
def test_the_xlsx_export_holds_the_whole_report_not_one_page(client, monkeypatch):
    b = two_months()
    monkeypatch.setattr(views.TurnoverReport, "per_page", 1)
    c = client_for(client, b.organization)
    periods = periods_of(b.organization)
    params = {"first": periods[11], "last": periods[12], "level": "account"}
    html = html_of(c.get(reverse("reports:turnover"), params))
    assert "Page 1 of 2" in html
    rows = workbook_rows(c.get(reverse("reports:turnover"), {**params, "export": "xlsx"}))
    assert rows[0] == ("account", "building", "unit", "opening balance", "charged", "benefits",
                       "adjustments", "paid", "penalties", "closing balance")
    assert [row[0] for row in rows[1:]] == [b.flat1.number, b.flat2.number, "Total"]
    # numbers stay numbers: flat 1 over both months, 0 + 210.25 - 42.50 - 89.16 = 78.59
    assert rows[1][3:] == (0, 210.25, -42.5, 0, -89.16, 0, 78.59)
    assert rows[3][3:] == (0, 492.76, -42.5, -12.5, -89.16, 1.2, 349.8)


@pytest.mark.django_db
def test_summary_and_losses_export_csv_and_xlsx(client):
    b = billed_november()
    c = client_for(client, b.organization)
    response = c.get(reverse("reports:summary"), {"group": "service", "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == "service,charged,benefits,recalculations,adjustments,net"
    assert "MAINT · Maint,102.00,-21.25,0.00,0.00,80.75" in text
    assert text.strip().splitlines()[-1] == "Total,254.51,-21.25,0.00,0.00,233.26"
    rows = workbook_rows(c.get(reverse("reports:losses"), {"export": "xlsx"}))
    assert rows[1][1:] == ("2026-11", "WATER-COMMON", 40, 20.5, 19.5, 48.75)


@pytest.mark.django_db
def test_a_wrong_range_is_shown_and_not_exported(client):
    b = two_months()
    c = client_for(client, b.organization)
    periods = periods_of(b.organization)
    params = {"first": periods[12], "last": periods[11]}
    response = c.get(reverse("reports:summary"), params)
    assert response.status_code == 400
    assert "The last period comes before the first." in response.content.decode()
    response = c.get(reverse("reports:summary"), {**params, "export": "xlsx"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_another_organizations_figures_never_appear(client):
    mine, theirs = billed_november(), two_months()
    c = client_for(client, mine.organization)
    for name in REPORTS:
        html = html_of(c.get(reverse(name)))
        assert str(theirs.building) not in html
        assert theirs.flat1.number not in html
    html = html_of(c.get(reverse("reports:summary"), {"group": "building"}))
    assert "233.26" in html and "466.52" not in html
    # choosing their period or building by id is refused, not shown
    their_building = Building.objects.get(pk=theirs.building.pk)
    response = c.get(reverse("reports:summary"), {"building": their_building.pk})
    assert response.status_code == 400
    rows = workbook_rows(c.get(reverse("reports:turnover"), {"level": "building",
                                                             "export": "xlsx"}))
    assert [row[0] for row in rows[1:]] == [str(mine.building), "Total"]


@pytest.mark.django_db
def test_staff_of_another_branch_see_no_figures(client):
    b = billed_november()
    north, south = (BranchFactory(organization=b.organization) for _ in range(2))
    Building.objects.filter(pk=b.building.pk).update(branch=south)
    c = client_for(client, b.organization, Role.MANAGER, branches=[north])
    html = html_of(c.get(reverse("reports:turnover")))
    assert b.flat1.number not in html and "Nothing found." in html
    html = html_of(c.get(reverse("reports:losses")))
    assert "48.75" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_and_exports_the_reports_as_its_rights_say(client, role):
    org = OrganizationFactory()
    BillingPeriodFactory(organization=org)
    c = client_for(client, org, role)
    can_view = roles.can(role, "billing", Action.VIEW)
    can_export = roles.can(role, "billing", Action.EXPORT)
    assert (c.get(reverse("reports:index")).status_code == 200) == can_view
    for name in REPORTS:
        page = c.get(reverse(name))
        assert page.status_code == (200 if can_view else 403)
        if can_view:
            assert ("export=xlsx" in page.content.decode()) == can_export
        export = c.get(reverse(name), {"export": "xlsx"})
        assert export.status_code == (200 if can_export else 403)


def test_a_cashier_sees_the_reports_but_may_not_export_them():
    assert roles.can(Role.CASHIER, "billing", Action.VIEW)
    assert not roles.can(Role.CASHIER, "billing", Action.EXPORT)


@pytest.mark.django_db
def test_the_menu_shows_reports_only_to_those_who_may_see_billing(client):
    org = OrganizationFactory()
    url = reverse("reports:index")
    assert url in html_of(client_for(client, org, Role.CASHIER).get(reverse("home")))
    client.logout()
    assert url not in html_of(client_for(client, org, Role.TECHNICIAN).get(reverse("home")))


@pytest.mark.django_db
def test_before_anything_is_billed_the_pages_say_so(client):
    c = client_for(client, OrganizationFactory())
    for name in REPORTS:
        assert "Nothing has been billed yet." in html_of(c.get(reverse(name)))


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_accounts(client):
    b = billed_november()
    c = client_for(client, b.organization)
    counts = []
    for _round in range(2):
        for name in REPORTS:
            with CaptureQueriesContext(connection) as queries:
                html_of(c.get(reverse(name)))
            counts.append(len(queries))
        for _ in range(5):
            account = AccountFactory(unit=UnitFactory(building=b.building))
            post(b, account, EntryKind.ADJUSTMENT, "3.00", NOV)
    assert counts[:3] == counts[3:]
