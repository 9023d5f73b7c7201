import datetime as dt

import pytest
from django.urls import reverse

from abonent.accounts.models import Account
from abonent.accounts.services import account_save, next_account_numbers
from abonent.core import checkdigit
from abonent.core.access import access_for
from abonent.testing.factories import (
    AccountFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def admin_access(org):
    return access_for(MembershipFactory(organization=org, role="admin").user, org)


def test_opening_an_account_assigns_the_next_number_with_a_check_digit():
    org = OrganizationFactory()
    unit = UnitFactory(building__organization=org)
    holder = PersonFactory(organization=org)
    access = admin_access(org)
    first = account_save(access=access, instance=Account(unit=unit, holder=holder,
                                                         opened_on=dt.date(2026, 1, 1)))
    second = account_save(access=access, instance=Account(unit=unit, holder=holder,
                                                          opened_on=dt.date(2026, 1, 1)))
    assert first.number == checkdigit.with_check_digit("1000000")
    assert int(second.number[:-1]) == int(first.number[:-1]) + 1
    assert checkdigit.is_valid(first.number) and checkdigit.is_valid(second.number)


def test_numbers_are_counted_per_organization():
    a, b = OrganizationFactory(), OrganizationFactory()
    AccountFactory(unit__building__organization=a, number=checkdigit.with_check_digit("1000041"))
    assert next_account_numbers(a.pk)[0] == checkdigit.with_check_digit("1000042")
    assert next_account_numbers(b.pk)[0] == checkdigit.with_check_digit("1000000")


def test_a_mistyped_account_number_is_refused_with_a_clear_message(client):
    org = OrganizationFactory()
    unit = UnitFactory(building__organization=org)
    holder = PersonFactory(organization=org)
    client.force_login(MembershipFactory(organization=org, role="manager").user)
    good = checkdigit.with_check_digit("1234567")
    typo = good[:-1] + str((int(good[-1]) + 1) % 10)
    response = client.post(reverse("accounts:account_add"), {
        "number": typo, "unit": unit.pk, "holder": holder.pk, "opened_on": "2026-03-01",
        "delivery": "paper"})
    assert response.status_code == 400
    assert "not a valid account number" in response.content.decode()
    assert not Account.objects.filter(number=typo).exists()


def test_an_account_cannot_use_another_organizations_unit(client):
    mine, theirs = OrganizationFactory(), OrganizationFactory()
    foreign_unit = UnitFactory(building__organization=theirs)
    holder = PersonFactory(organization=mine)
    client.force_login(MembershipFactory(organization=mine, role="admin").user)
    response = client.post(reverse("accounts:account_add"), {
        "unit": foreign_unit.pk, "holder": holder.pk, "opened_on": "2026-03-01",
        "delivery": "paper"})
    assert response.status_code == 400
    assert not Account.objects.filter(unit=foreign_unit).exists()


def test_electronic_receipts_need_the_holders_email(client):
    org = OrganizationFactory()
    unit = UnitFactory(building__organization=org)
    holder = PersonFactory(organization=org, email="")
    client.force_login(MembershipFactory(organization=org, role="admin").user)
    response = client.post(reverse("accounts:account_add"), {
        "unit": unit.pk, "holder": holder.pk, "opened_on": "2026-03-01", "delivery": "email"})
    assert response.status_code == 400
    assert "no e-mail address" in response.content.decode()


def test_closing_an_account_keeps_it_and_marks_the_date(client):
    account = AccountFactory()
    client.force_login(MembershipFactory(organization=account.organization, role="admin").user)
    response = client.post(reverse("accounts:account_close", args=[account.pk]),
                           {"closed_on": "2026-05-31"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.closed_on == dt.date(2026, 5, 31)
    again = client.post(reverse("accounts:account_close", args=[account.pk]),
                        {"closed_on": "2026-06-30"})
    assert again.status_code == 400
    account.refresh_from_db()
    assert account.closed_on == dt.date(2026, 5, 31)


def test_an_account_cannot_close_before_it_opened(client):
    account = AccountFactory(opened_on=dt.date(2026, 1, 1))
    client.force_login(MembershipFactory(organization=account.organization, role="admin").user)
    response = client.post(reverse("accounts:account_close", args=[account.pk]),
                           {"closed_on": "2025-12-31"})
    assert response.status_code == 400
    assert "cannot close before it opened" in response.content.decode()
