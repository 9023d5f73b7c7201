"""Collection cases move forward through the stages with a date and a person, and their
history shows on the case's page; tenancy and rights like every model's pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from abonent.collections.choices import Stage
from abonent.collections.models import CollectionCase, StageEvent
from abonent.collections.services import case_advance, case_open
from abonent.core.choices import Role
from abonent.core.tenancy import Access
from abonent.testing.factories import (
    AccountFactory,
    CollectionCaseFactory,
    MembershipFactory,
    StageEventFactory,
    UserFactory,
)
from abonent.testing.suites import TenantViewSuite, client_for

pytestmark = pytest.mark.django_db


class TestCaseViews(TenantViewSuite):
    model = CollectionCase
    factory = CollectionCaseFactory
    org_path = "account__unit__building__organization"


class TestStageEventViews(TenantViewSuite):
    model = StageEvent
    factory = StageEventFactory
    org_path = "case__account__unit__building__organization"
    addable = False
    editable = False


def test_an_accountant_opens_a_case_and_moves_it_forward_and_the_history_shows(client):
    account = AccountFactory()
    org = account.organization
    client_for(client, org, Role.ACCOUNTANT)
    colleague = MembershipFactory(organization=org, role=Role.MANAGER).user
    response = client.post(reverse("collections:collectioncase_add"), {
        "account": account.pk, "opened_on": "2027-01-30", "responsible": colleague.pk,
        "notes": "Owes since November"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    case = CollectionCase.objects.get()
    url = case.get_absolute_url()
    client.post(url, {"stage": "reminder", "date": "2027-01-30", "responsible": colleague.pk,
                      "note": "Called, promised to pay"})
    client.post(url, {"stage": "restriction", "date": "2027-03-01",
                      "responsible": colleague.pk, "note": "Hot water limited"})
    case.refresh_from_db()
    assert case.stage == Stage.RESTRICTION and case.responsible == colleague
    html = client.get(url).content.decode()
    assert "Called, promised to pay" in html and "Hot water limited" in html
    assert [(e.stage, e.date) for e in case.events.order_by("date")] == [
        ("reminder", dt.date(2027, 1, 30)), ("restriction", dt.date(2027, 3, 1))]
    backwards = client.post(url, {"stage": "reminder", "date": "2027-03-02"})
    assert backwards.status_code == 400 and "moves forward" in backwards.content.decode()
    earlier = client.post(url, {"stage": "claim", "date": "2027-02-01"})
    assert earlier.status_code == 400
    assert case.events.count() == 2
    history = client.get(reverse("collections:account", args=[account.pk])).content.decode()
    assert "Hot water limited" in history


def test_an_account_has_one_open_case_at_a_time():
    account = AccountFactory()
    access = Access(user=None, organization=account.organization, role=Role.ADMIN)
    first = case_open(access=access, account=account, opened_on=dt.date(2027, 1, 1))
    with pytest.raises(ValidationError) as error:
        case_open(access=access, account=account, opened_on=dt.date(2027, 1, 2))
    assert "account" in error.value.message_dict
    first.closed_on = dt.date(2027, 1, 5)
    first.save()
    case_open(access=access, account=account, opened_on=dt.date(2027, 2, 1))


def test_the_responsible_person_must_be_a_member_and_a_closed_case_does_not_move():
    account = AccountFactory()
    access = Access(user=None, organization=account.organization, role=Role.ADMIN)
    with pytest.raises(ValidationError) as error:
        case_open(access=access, account=account, opened_on=dt.date(2027, 1, 1),
                  responsible=UserFactory())
    assert "responsible" in error.value.message_dict
    case = case_open(access=access, account=account, opened_on=dt.date(2027, 1, 1))
    case.closed_on = dt.date(2027, 1, 3)
    case.save()
    with pytest.raises(ValidationError):
        case_advance(access=access, case=case, stage=Stage.CLAIM, on=dt.date(2027, 1, 4))


def test_a_cashier_sees_cases_but_cannot_move_them(client):
    case = CollectionCaseFactory()
    client_for(client, case.organization, Role.CASHIER)
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200 and "Record the step" not in page.content.decode()
    assert client.post(case.get_absolute_url(), {"stage": "claim",
                                                 "date": "2027-01-01"}).status_code == 403
    assert not case.events.exists()
