"""Adjustments (a second person approves those above the threshold), temporary absences,
service interruptions and the billing settings, through the pages."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from abonent.billing.choices import AdjustmentStatus, EntryKind
from abonent.billing.models import Absence, Adjustment, BillingSettings, Interruption, LedgerEntry
from abonent.billing.runs import period_for
from abonent.billing.tests.scenario import NOV, build
from abonent.core.choices import Role
from abonent.testing.factories import (
    AbsenceFactory,
    AdjustmentFactory,
    InterruptionFactory,
    MembershipFactory,
    OrganizationFactory,
)
from abonent.testing.suites import TenantViewSuite, client_for

pytestmark = pytest.mark.django_db


class TestAdjustmentViews(TenantViewSuite):
    model = Adjustment
    factory = AdjustmentFactory
    org_path = "account__unit__building__organization"
    editable = False


class TestAbsenceViews(TenantViewSuite):
    model = Absence
    factory = AbsenceFactory
    org_path = "account__unit__building__organization"


class TestInterruptionViews(TenantViewSuite):
    model = Interruption
    factory = InterruptionFactory
    org_path = "building__organization"


def request_adjustment(client, b, amount: str):
    period = period_for(b.organization, NOV)
    return client.post(reverse("billing:adjustment_add"), {
        "account": b.flat1.pk, "service": b.maintenance.pk, "service_period": period.pk,
        "amount": amount, "reason": "Stairs not cleaned for two weeks"}, follow=True)


def test_an_adjustment_of_150_waits_for_a_second_person_who_posts_it(client):
    b = build()
    requester = MembershipFactory(organization=b.organization, role=Role.ACCOUNTANT).user
    client.force_login(requester)
    response = request_adjustment(client, b, "150.00")
    assert "waits for a second person" in response.content.decode()
    adjustment = Adjustment.objects.get()
    assert adjustment.status == AdjustmentStatus.PENDING
    assert not LedgerEntry.objects.exists()
    waiting = client.get(reverse("billing:adjustment_list"), {"status": "pending"})
    assert adjustment.get_absolute_url() in waiting.content.decode()

    # the requester sees no buttons, and posting anyway is refused with the reason
    page = client.get(adjustment.get_absolute_url()).content.decode()
    assert reverse("billing:adjustment_approve", args=[adjustment.pk]) not in page
    assert "Another person must approve" in page
    response = client.post(reverse("billing:adjustment_approve", args=[adjustment.pk]),
                           follow=True)
    assert "Another person must approve an adjustment you requested." in \
        response.content.decode()
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.PENDING

    second = MembershipFactory(organization=b.organization, role=Role.MANAGER).user
    client.force_login(second)
    page = client.get(adjustment.get_absolute_url()).content.decode()
    assert reverse("billing:adjustment_approve", args=[adjustment.pk]) in page
    client.post(reverse("billing:adjustment_approve", args=[adjustment.pk]))
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.POSTED
    assert adjustment.decided_by == second
    entry = LedgerEntry.objects.get()
    assert (entry.kind, entry.amount, entry.account) == (EntryKind.ADJUSTMENT, D("150.00"),
                                                         b.flat1)


def test_a_small_adjustment_is_posted_at_once(client):
    b = build()
    client_for(client, b.organization, Role.ACCOUNTANT)
    response = request_adjustment(client, b, "-12.50")
    assert "Posted to the ledger in 2026-11" in response.content.decode()
    assert Adjustment.objects.get().status == AdjustmentStatus.POSTED
    assert LedgerEntry.objects.get().amount == D("-12.50")


def test_a_rejected_adjustment_is_never_posted(client):
    b = build()
    client_for(client, b.organization, Role.ACCOUNTANT)
    request_adjustment(client, b, "500.00")
    adjustment = Adjustment.objects.get()
    client_for(client, b.organization, Role.ADMIN)
    client.post(reverse("billing:adjustment_reject", args=[adjustment.pk]))
    adjustment.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.REJECTED
    assert not LedgerEntry.objects.exists()


def test_a_cashier_can_neither_request_nor_approve_an_adjustment(client):
    adjustment = AdjustmentFactory()
    c = client_for(client, adjustment.organization, Role.CASHIER)
    assert c.get(reverse("billing:adjustment_add")).status_code == 403
    assert c.post(reverse("billing:adjustment_approve", args=[adjustment.pk])).status_code \
        == 403
    assert reverse("billing:adjustment_approve", args=[adjustment.pk]) not in \
        c.get(adjustment.get_absolute_url()).content.decode()


def test_an_adjustment_of_zero_is_refused_on_its_field(client):
    b = build()
    client_for(client, b.organization, Role.ACCOUNTANT)
    response = request_adjustment(client, b, "0")
    assert response.status_code == 400
    assert "An adjustment of zero changes nothing." in response.content.decode()


def test_an_absence_ending_before_it_starts_is_refused(client):
    b = build()
    c = client_for(client, b.organization, Role.ACCOUNTANT)
    response = c.post(reverse("billing:absence_add"), {
        "account": b.flat2.pk, "persons": 1, "date_from": "2026-11-20",
        "date_to": "2026-11-05", "document_ref": "Hospital certificate 17"})
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
    response = c.post(reverse("billing:absence_add"), {
        "account": b.flat2.pk, "persons": 1, "date_from": "2026-11-05",
        "date_to": "2026-11-20", "document_ref": "Hospital certificate 17"})
    assert response.status_code == 302
    assert Absence.objects.get().account == b.flat2


def test_an_interruption_is_recorded_for_a_building(client):
    b = build()
    c = client_for(client, b.organization, Role.MANAGER)
    response = c.post(reverse("billing:interruption_add"), {
        "building": b.building.pk, "service": b.water.pk, "kind": "interruption",
        "date_from": "2026-11-03", "date_to": "2026-11-05", "hours": "",
        "reduction_percent": "100", "reason": "Water main repair"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Interruption.objects.get().building == b.building


def test_the_settings_page_shows_the_defaults_until_saved_then_edits_them(client):
    org = OrganizationFactory()
    c = client_for(client, org, Role.ACCOUNTANT)
    page = c.get(reverse("billing:billingsettings_list"))
    assert page.status_code == 200
    assert not BillingSettings.objects.exists()  # nothing written by looking
    assert 'value="100.00"' in page.content.decode()
    data = {"benefit_combine": "max", "estimate_min_months": 3, "estimate_max_months": 6,
            "estimate_max_periods": 3, "norm_factor_missing": "1.00",
            "norm_factor_unverified": "1.50", "spike_multiple": "3.00", "spike_action": "hold",
            "big_change_percent": 50, "approval_threshold": "250.00", "due_day": 20}
    response = c.post(reverse("billing:billingsettings_list"), data)
    settings = BillingSettings.objects.get(organization=org)
    assert response["Location"] == settings.get_absolute_url()
    assert settings.approval_threshold == D("250.00")
    assert c.get(reverse("billing:billingsettings_list"))["Location"] == \
        settings.get_absolute_url()
    response = c.post(reverse("billing:billingsettings_edit", args=[settings.pk]),
                      {**data, "estimate_min_months": 7})
    assert response.status_code == 400
    assert "Average over at least as many months" in response.content.decode()


def test_a_cashier_reads_the_settings_but_cannot_change_them(client):
    org = OrganizationFactory()
    settings = BillingSettings.objects.create(organization=org)
    c = client_for(client, org, Role.CASHIER)
    assert c.get(settings.get_absolute_url()).status_code == 200
    assert c.get(reverse("billing:billingsettings_edit", args=[settings.pk])).status_code \
        in (403, 404)
    other = OrganizationFactory()
    client_for(client, other, Role.ADMIN)
    assert client.get(settings.get_absolute_url()).status_code == 404
