"""Payment plans on the pages: the schedule is made on saving (the last instalment takes the
remainder), progress comes from the account's payments, a missed instalment is flagged on the
plan and in the list of missed instalments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from abonent.collections import selectors
from abonent.collections.choices import InstalmentState
from abonent.collections.models import Instalment, PaymentPlan
from abonent.collections.tests.scenario import billed, pay
from abonent.core.choices import Role
from abonent.core.tenancy import Access
from abonent.payments.posting import reverse_payment
from abonent.testing.factories import InstalmentFactory, PaymentPlanFactory
from abonent.testing.suites import TenantViewSuite, client_for

pytestmark = pytest.mark.django_db


class TestPlanViews(TenantViewSuite):
    model = PaymentPlan
    factory = PaymentPlanFactory
    org_path = "account__unit__building__organization"


class TestInstalmentViews(TenantViewSuite):
    model = Instalment
    factory = InstalmentFactory
    org_path = "plan__account__unit__building__organization"
    addable = False
    editable = False


def test_a_plan_with_a_missed_instalment(client):
    """flat 2 owes 251.23 and agrees on 2027-01-28 to pay it in 3: 83.74, 83.74, 83.75 due
    2027-02-28, 03-28, 04-28. It pays 83.74 on 02-20 and 40.00 on 03-25: the second
    instalment (cumulative 167.48, paid 123.74) is missed from 03-29."""
    b = billed()
    client_for(client, b.organization, Role.ACCOUNTANT)
    response = client.post(reverse("collections:paymentplan_add"), {
        "account": b.flat2.pk, "total": "251.23", "start": "2027-01-28",
        "instalments_count": "3", "status": "active", "notes": ""})
    assert response.status_code == 302
    plan = PaymentPlan.objects.get()
    assert [(i.due_date, i.amount) for i in plan.instalments.order_by("number")] == [
        (dt.date(2027, 2, 28), D("83.74")), (dt.date(2027, 3, 28), D("83.74")),
        (dt.date(2027, 4, 28), D("83.75"))]
    pay(b, b.flat2, "83.74", dt.date(2027, 2, 20), "P1")
    pay(b, b.flat2, "40.00", dt.date(2027, 3, 25), "P2")
    pay(b, b.flat2, "10.00", dt.date(2027, 1, 20), "BEFORE")  # before the start: not counted
    on_time = selectors.plan_standing(plan, as_of=dt.date(2027, 3, 28))
    assert [i.state for i in on_time.instalments] == [
        InstalmentState.PAID, InstalmentState.UPCOMING, InstalmentState.UPCOMING]
    late = selectors.plan_standing(plan, as_of=dt.date(2027, 3, 29))
    assert [i.number for i in late.missed] == [2]
    assert (late.paid, late.due, late.behind) == (D("123.74"), D("167.48"), D("43.74"))
    access = Access(user=None, organization=b.organization, role=Role.ADMIN)
    missed = selectors.missed_instalments(access, as_of=dt.date(2027, 3, 29))
    assert [(row.plan, row.instalment.number, row.behind) for row in missed] == [
        (plan, 2, D("43.74"))]
    # a reversed payment no longer counts: the first instalment is missed too
    reverse_payment(b.flat2.payments.get(external_id="P1"), reason="bounced")
    assert [i.number for i in selectors.plan_standing(
        plan, as_of=dt.date(2027, 3, 29)).missed] == [1, 2]


def test_the_plan_page_and_the_missed_list_flag_the_missed_instalment(client):
    b = billed()
    access = Access(user=None, organization=b.organization, role=Role.ADMIN)
    from abonent.collections.services import plan_save

    today = timezone.localdate()
    plan = plan_save(access=access, plan=PaymentPlan(
        account=b.flat2, total=D("100.00"), start=today - dt.timedelta(days=70),
        instalments_count=4))
    assert sum(i.amount for i in plan.instalments.all()) == D("100.00")
    client_for(client, b.organization, Role.CASHIER)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert html.count('class="missed"') == 2  # due 70 and 40 days after a start 70 days ago
    listing = client.get(reverse("collections:missed")).content.decode()
    assert "2 missed instalments" in listing and b.flat2.number in listing


def test_changing_the_total_makes_the_schedule_anew_and_the_notes_do_not(client):
    b = billed()
    client_for(client, b.organization, Role.MANAGER)
    client.post(reverse("collections:paymentplan_add"), {
        "account": b.flat1.pk, "total": "90.00", "start": "2027-01-31",
        "instalments_count": "2", "status": "active", "notes": ""})
    plan = PaymentPlan.objects.get()
    first_ids = set(plan.instalments.values_list("pk", flat=True))
    edit = reverse("collections:paymentplan_edit", args=[plan.pk])
    client.post(edit, {"account": b.flat1.pk, "total": "90.00", "start": "2027-01-31",
                       "instalments_count": "2", "status": "active", "notes": "Agreed"})
    assert set(plan.instalments.values_list("pk", flat=True)) == first_ids
    client.post(edit, {"account": b.flat1.pk, "total": "100.00", "start": "2027-01-31",
                       "instalments_count": "3", "status": "active", "notes": "Agreed"})
    assert [(i.due_date, i.amount) for i in plan.instalments.order_by("number")] == [
        (dt.date(2027, 2, 28), D("33.33")), (dt.date(2027, 3, 31), D("33.33")),
        (dt.date(2027, 4, 30), D("33.34"))]
