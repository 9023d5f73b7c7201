"""Debtors and their aging at chosen dates, from a billed and partly paid building; the list
page's filters, sorting, totals, charts and exports; who may see it."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from abonent.collections import selectors
from abonent.collections.choices import Stage
from abonent.collections.services import case_advance, case_open
from abonent.collections.tests.scenario import billed, pay
from abonent.core import roles
from abonent.core.choices import Action, Role
from abonent.core.tenancy import Access
from abonent.testing.factories import AccountFactory, BranchFactory
from abonent.testing.suites import client_for

pytestmark = pytest.mark.django_db


def admin(org):
    return Access(user=None, organization=org, role=Role.ADMIN)


def figures(rows):
    return {row.number: (row.current, row.d30, row.d60, row.d90, row.over90) for row in rows}


def test_aging_at_chosen_dates_counts_from_each_periods_due_date():
    b = billed()
    one, two = b.flat1.number, b.flat2.number
    z = D("0.00")
    # on November's due date nothing is overdue yet: nobody is a debtor
    assert selectors.debtors(admin(b.organization), as_of=dt.date(2026, 12, 25)) == []
    # the day after, November is 1 day overdue, December is not due yet
    rows = selectors.debtors(admin(b.organization), as_of=dt.date(2026, 12, 26))
    assert figures(rows) == {one: (D("53.00"), D("39.16"), z, z, z),
                             two: (D("107.13"), D("144.10"), z, z, z)}
    # 2027-01-24: November 30 days overdue (still 0-30); 2027-01-25: 31 days, and December
    # reaches its due date
    assert figures(selectors.debtors(admin(b.organization), as_of=dt.date(2027, 1, 24)))[
        two] == (D("107.13"), D("144.10"), z, z, z)
    assert figures(selectors.debtors(admin(b.organization), as_of=dt.date(2027, 1, 25)))[
        two] == (D("107.13"), z, D("144.10"), z, z)
    rows = selectors.debtors(admin(b.organization), as_of=dt.date(2027, 4, 1))
    assert figures(rows) == {one: (z, z, z, D("53.00"), D("39.16")),
                             two: (z, z, z, D("107.13"), D("144.10"))}
    assert {row.number: row.overdue for row in rows} == {one: D("92.16"), two: D("251.23")}


def test_the_sql_agrees_with_the_aging_rule_account_by_account():
    b = billed()
    pay(b, b.flat2, "150.00", dt.date(2027, 1, 6), "JAN-2")  # pays November and 5.90 more
    as_of = dt.date(2027, 2, 1)
    rows = {row.account_id: row for row in selectors.debtors(admin(b.organization),
                                                              as_of=as_of)}
    debts = selectors.account_debts([b.flat1, b.flat2], as_of=as_of)
    for account in (b.flat1, b.flat2):
        debt = debts[account.pk]
        by_bucket = {bucket.value: amount for bucket, amount in debt.by_bucket().items()}
        row = rows[account.pk]
        assert (row.current, row.d30, row.d60, row.d90, row.over90) == tuple(
            by_bucket.values())
        assert row.outstanding == debt.total
    assert rows[b.flat2.pk].outstanding == D("101.23")  # 251.23 - 150.00
    assert rows[b.flat2.pk].d30 == D("101.23")


def test_an_overpayment_is_a_credit_that_pays_the_oldest_debt_first():
    b = billed(paid=False)
    pay(b, b.flat1, "150.00", dt.date(2027, 1, 5), "BIG")  # 142.16 owed: 7.84 credit
    assert selectors.debtors(admin(b.organization), as_of=dt.date(2027, 4, 1))[
        0].number == b.flat2.number
    assert len(selectors.debtors(admin(b.organization), as_of=dt.date(2027, 4, 1))) == 1


def test_filters_by_building_amount_bucket_and_stage_and_sorting():
    b = billed()
    other = billed(b.organization, paid=False, suffix="-B")
    access = admin(b.organization)
    day = dt.date(2027, 2, 1)
    assert len(selectors.debtor_list(access, as_of=day)) == 4
    assert {r.account_id for r in selectors.debtor_list(access, as_of=day,
                                                        building=other.building)} == {
        other.flat1.pk, other.flat2.pk}
    assert {r.account_id for r in selectors.debtor_list(access, as_of=day,
                                                        min_amount=D("200.00"))} == {
        b.flat2.pk, other.flat2.pk}
    # flat 1 of the paid building owes 53.00 for December (1-30 days) and 39.16 for November
    assert len(selectors.debtor_list(access, as_of=day, bucket="d60")) == 4
    assert len(selectors.debtor_list(access, as_of=day, bucket="d90")) == 0
    case = case_open(access=access, account=b.flat2, opened_on=dt.date(2027, 1, 30))
    case_advance(access=access, case=case, stage=Stage.REMINDER, on=dt.date(2027, 1, 30))
    assert [r.account_id for r in selectors.debtor_list(access, as_of=day,
                                                        stage="reminder")] == [b.flat2.pk]
    assert len(selectors.debtor_list(access, as_of=day, stage="none")) == 3
    ordered = selectors.debtor_list(access, as_of=day, sort="overdue")
    assert [r.overdue for r in ordered] == sorted(r.overdue for r in ordered)
    assert selectors.debtor_list(access, as_of=day)[0].overdue == D("251.23")


def test_debt_over_the_last_periods():
    b = billed()
    assert selectors.debt_history(admin(b.organization)) == [
        (dt.date(2026, 11, 1), D("233.26")),  # 89.16 + 144.10
        (dt.date(2026, 12, 1), D("343.39"))]  # 89.16 + 53.00 - 50.00 + 144.10 + 107.13


def test_the_debtor_page_shows_totals_per_bucket_charts_and_exports(client):
    b = billed()
    client_for(client, b.organization, Role.ACCOUNTANT)
    url = reverse("collections:debtors")
    response = client.get(url, {"as_of": "2027-02-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "343.39" in html  # outstanding in total
    assert "160.13" in html  # 1-30 days: 53.00 + 107.13
    assert "183.26" in html  # 31-60 days: 39.16 + 144.10
    assert 'id="aging-chart-title"' in html
    history = client.get(reverse("collections:debt_history")).content.decode()
    assert 'id="debt-history-chart-title"' in history and "2026-12: 343.39." in history
    assert reverse("collections:account", args=[b.flat1.pk]) in html
    csv = b"".join(client.get(url, {"as_of": "2027-02-01", "export": "csv"})
                   .streaming_content).decode("utf-8-sig").splitlines()
    assert len(csv) == 4  # header, two debtors, totals
    assert csv[1].startswith(b.flat2.number) and "251.23" in csv[1]
    xlsx = client.get(url, {"as_of": "2027-02-01", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[-1][0] == "Total" and D(str(values[-1][-2])) == D("343.39")


def test_a_bad_filter_is_named_and_shows_no_rows(client):
    b = billed()
    client_for(client, b.organization, Role.ACCOUNTANT)
    response = client.get(reverse("collections:debtors"), {"min_amount": "lots"})
    assert response.status_code == 400
    assert b.flat1.number not in response.content.decode()


def test_the_page_reads_a_fixed_number_of_queries(client):
    b = billed()
    client_for(client, b.organization, Role.ACCOUNTANT)
    url = reverse("collections:debtors")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"as_of": "2027-02-01"})
    billed(b.organization, suffix="-B")
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"as_of": "2027-02-01"})
    assert len(many) == len(few)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_and_exports_debtors_as_the_payment_rights_say(client, role):
    account = AccountFactory()
    client_for(client, account.organization, role)
    url = reverse("collections:debtors")
    can_view = roles.can(role, "payment", Action.VIEW)
    assert client.get(url).status_code == (200 if can_view else 403)
    assert client.get(url, {"export": "csv"}).status_code == (
        200 if roles.can(role, "payment", Action.EXPORT) else 403)
    account_page = client.get(reverse("collections:account", args=[account.pk]))
    assert account_page.status_code == (200 if can_view else 403)


def test_a_cashier_sees_the_debtors_but_another_organization_sees_none(client):
    b = billed()
    mine = billed()
    client_for(client, mine.organization, Role.CASHIER)
    html = client.get(reverse("collections:debtors"), {"as_of": "2027-02-01"}).content.decode()
    assert mine.flat2.number in html and b.flat2.number not in html
    assert client.get(reverse("collections:account", args=[b.flat1.pk])).status_code == 404


def test_branch_scoped_staff_see_only_the_debtors_of_their_branches(client):
    b = billed()
    north = BranchFactory(organization=b.organization)
    b.building.branch = north
    b.building.save()
    other = billed(b.organization, suffix="-B")
    client_for(client, b.organization, Role.MANAGER,
               branches=[BranchFactory(organization=b.organization)])
    html = client.get(reverse("collections:debtors"), {"as_of": "2027-02-01"}).content.decode()
    assert b.flat2.number not in html and other.flat2.number not in html
    client_for(client, b.organization, Role.MANAGER, branches=[north])
    html = client.get(reverse("collections:debtors"), {"as_of": "2027-02-01"}).content.decode()
    assert b.flat2.number in html and other.flat2.number not in html


def test_the_account_page_shows_the_open_debt_by_period_and_service_with_its_age(client):
    b = billed()
    client_for(client, b.organization, Role.ACCOUNTANT)
    response = client.get(reverse("collections:account", args=[b.flat1.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "3.75" in html and "26.41" in html and "92.16" in html
    assert reverse("accounts:account_detail", args=[b.flat1.pk]) in html
