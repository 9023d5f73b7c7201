"""Debt notices: filled with the organization, the account, the holder, the debt by period and
service and the total, in the holder's language; one page per account; recorded as a notice
step when the user confirms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from abonent.collections.choices import Stage
from abonent.collections.models import CollectionCase, StageEvent
from abonent.collections.tests.scenario import billed
from abonent.core.choices import Role
from abonent.testing.suites import client_for

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def notices(client, *accounts, **params):
    response = client.get(reverse("collections:notices"),
                          {"account": [a.pk for a in accounts], **params})
    assert response.status_code == 200
    return response.content.decode()


def test_a_notice_in_english_and_one_in_russian_carry_the_right_totals(client):
    b = billed()
    b.organization.legal_name, b.organization.tax_id = "Rustaveli Housing LLC", "404123456"
    b.organization.save()
    b.flat1.holder.language, b.flat2.holder.language = "en", "ru"
    b.flat1.holder.save()
    b.flat2.holder.save()
    client_for(client, b.organization, Role.ACCOUNTANT)
    html = notices(client, b.flat1, b.flat2, pay_by="2027-02-15", language="")
    first, second = html.split('<article class="notice"')[1:]
    # flat 1 in English (its holder's language): November 39.16 + December 53.00
    assert 'lang="en"' in first and "Debt notice" in first
    assert f"GEL{NBSP}92.16" in first and f"GEL{NBSP}3.75" in first
    assert f"GEL{NBSP}26.41" in first and "Rustaveli Housing LLC" in first
    assert b.flat1.number in first and str(b.flat1.holder) in first
    assert str(b.flat1.unit) in first and "2/15/2027" in first
    # flat 2 in Russian (the holder's language): 144.10 + 107.13
    assert 'lang="ru"' in second and "Уведомление о задолженности" in second
    assert f"251,23{NBSP}GEL" in second and f"144,10{NBSP}GEL" not in second
    assert f"59,50{NBSP}GEL" in second and "15.02.2027" in second
    assert html.count('class="notice"') == 2  # one notice each; print CSS breaks the pages
    assert "page-break-after: always" in html


def test_the_language_can_be_chosen_for_all_notices(client):
    b = billed()
    client_for(client, b.organization, Role.ACCOUNTANT)
    html = notices(client, b.flat1, pay_by="2027-02-15", language="ka")
    assert "შეტყობინება დავალიანების შესახებ" in html and f"92,16{NBSP}₾" in html
    html = notices(client, b.flat1, pay_by="2027-02-15", language="pt-br")
    assert "Aviso de débito" in html and f"GEL{NBSP}92,16" in html


def test_confirming_records_a_notice_step_on_each_accounts_case(client):
    b = billed()
    client_for(client, b.organization, Role.ACCOUNTANT)
    existing = CollectionCase.objects.create(organization=b.organization, account=b.flat2,
                                             opened_on=dt.date(2026, 11, 1))
    response = client.post(reverse("collections:notices"), {"account": [b.flat1.pk,
                                                                        b.flat2.pk]})
    assert response.status_code == 302
    events = StageEvent.objects.order_by("case__account__number")
    assert [(e.case.account, e.stage, e.date) for e in events] == [
        (b.flat1, Stage.NOTICE, timezone.localdate()),
        (b.flat2, Stage.NOTICE, timezone.localdate())]
    assert events[1].case == existing
    assert CollectionCase.objects.get(account=b.flat1).stage == Stage.NOTICE


def test_one_accounts_notice_has_its_own_address_and_a_cashier_prints_but_does_not_record(
        client):
    b = billed()
    client_for(client, b.organization, Role.CASHIER)
    response = client.get(reverse("collections:notice", args=[b.flat1.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and f"92,16{NBSP}₾" in html  # the holder reads Georgian
    assert "as handed over" not in html
    assert client.post(reverse("collections:notices"),
                       {"account": [b.flat1.pk]}).status_code == 403


def test_another_organizations_account_has_no_notice(client):
    b = billed()
    other = billed()
    client_for(client, other.organization, Role.ACCOUNTANT)
    assert client.get(reverse("collections:notice", args=[b.flat1.pk])).status_code == 404
    assert client.get(reverse("collections:notices"),
                      {"account": [b.flat1.pk]}).status_code == 404
    assert client.post(reverse("collections:notices"),
                       {"account": [b.flat1.pk]}).status_code == 404
