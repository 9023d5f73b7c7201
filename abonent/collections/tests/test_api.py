"""The collections API: debtors with their buckets, cases opened and moved forward, plans with
how they stand; tenancy and rights like every endpoint."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from abonent.collections.choices import Stage
from abonent.collections.models import CollectionCase, PaymentPlan
from abonent.collections.services import plan_save
from abonent.collections.tests.scenario import billed
from abonent.core.choices import Role
from abonent.core.tenancy import Access
from abonent.testing.api_suite import API, TenantAPISuite, api_client
from abonent.testing.factories import AccountFactory, CollectionCaseFactory, PaymentPlanFactory

pytestmark = pytest.mark.django_db


class TestCollectionCaseAPI(TenantAPISuite):
    model = CollectionCase
    factory = CollectionCaseFactory
    org_path = "account__unit__building__organization"
    endpoint = "collection-cases"
    change = {"notes": "Visited, nobody home"}

    def payload(self, organization):
        return {"account": AccountFactory(unit__building__organization=organization).pk,
                "opened_on": "2027-01-30", "notes": "Owes since November"}


class TestPaymentPlanAPI(TenantAPISuite):
    model = PaymentPlan
    factory = PaymentPlanFactory
    org_path = "account__unit__building__organization"
    endpoint = "payment-plans"
    creatable = False
    writable = False


def test_debtors_come_with_their_buckets_and_filters():
    b = billed()
    client = api_client(b.organization, Role.CASHIER)
    response = client.get(f"{API}/debtors/", {"as_of": "2027-04-01"})
    assert response.status_code == 200, response.content
    rows = {row["number"]: row for row in response.json()["results"]}
    assert rows[b.flat1.number]["d90"] == "53.00" and rows[b.flat1.number]["over90"] == "39.16"
    assert rows[b.flat2.number]["overdue"] == "251.23"
    assert response.json()["results"][0]["number"] == b.flat2.number  # most overdue first
    few = client.get(f"{API}/debtors/", {"as_of": "2027-04-01", "min_amount": "100"})
    assert [row["number"] for row in few.json()["results"]] == [b.flat2.number]
    bad = client.get(f"{API}/debtors/", {"bucket": "d45", "as_of": "yesterday"})
    assert bad.status_code == 400 and {"bucket", "as_of"} <= set(bad.json())
    one = client.get(f"{API}/debtors/{b.flat1.pk}/")
    assert one.status_code == 200 and D(one.json()["total"]) == D("92.16")
    assert len(one.json()["lines"]) == 6


def test_another_organization_sees_none_of_the_debtors():
    b = billed()
    client = api_client(AccountFactory().organization, Role.ADMIN)
    assert client.get(f"{API}/debtors/", {"as_of": "2027-04-01"}).json()["count"] == 0
    assert client.get(f"{API}/debtors/{b.flat1.pk}/").status_code == 404
    assert api_client(b.organization, Role.DISPATCHER).get(f"{API}/debtors/").status_code == 403


def test_a_case_is_opened_and_moved_forward_through_the_api():
    account = AccountFactory()
    client = api_client(account.organization, Role.ACCOUNTANT)
    created = client.post(f"{API}/collection-cases/", {"account": account.pk,
                                                        "opened_on": "2027-01-30"},
                          format="json")
    assert created.status_code == 201, created.content
    url = f"{API}/collection-cases/{created.json()['id']}/advance/"
    moved = client.post(url, {"stage": "notice", "date": "2027-02-01",
                              "responsible": client.user.pk, "note": "Handed over"},
                        format="json")
    assert moved.status_code == 200, moved.content
    assert moved.json()["stage"] == Stage.NOTICE
    assert [e["note"] for e in moved.json()["events"]] == ["Handed over"]
    back = client.post(url, {"stage": "reminder", "date": "2027-02-02"}, format="json")
    assert back.status_code == 400 and "stage" in back.json()
    cashier = api_client(account.organization, Role.CASHIER)
    assert cashier.post(url, {"stage": "claim", "date": "2027-03-01"},
                        format="json").status_code == 403


def test_a_plan_reads_with_its_instalments_and_standing():
    account = AccountFactory()
    access = Access(user=None, organization=account.organization, role=Role.ADMIN)
    import datetime as dt

    plan = plan_save(access=access, plan=PaymentPlan(
        account=account, total=D("100.00"), start=dt.date(2020, 1, 15), instalments_count=3))
    body = api_client(account.organization, Role.AUDITOR).get(
        f"{API}/payment-plans/{plan.pk}/").json()
    assert [i["amount"] for i in body["instalments"]] == ["33.33", "33.33", "33.34"]
    assert body["paid"] == "0.00" and body["due"] == "100.00" and body["missed"] == [1, 2, 3]
