"""A run's life: preview, cancel, resume after a crash, closed periods, corrections, estimates."""

import datetime as dt
from decimal import Decimal as D
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from abonent.billing import engine
from abonent.billing.choices import RunStatus
from abonent.billing.models import AccountBill, Charge, LedgerEntry, MeterUsage, Receipt
from abonent.billing.runs import (
    bill_period,
    period_close,
    period_for,
    run_cancel,
    run_compute,
    run_create,
)
from abonent.billing.tests.scenario import NOV, build
from abonent.core.tenancy import Access
from abonent.testing import factories as f

DEC = dt.date(2026, 12, 1)


def admin(org):
    return Access(user=f.UserFactory(), organization=org, role="admin")


@pytest.mark.django_db
def test_a_cancelled_preview_leaves_nothing_behind():
    b = build()
    run = bill_period(b.organization, NOV)
    assert Charge.objects.filter(run=run).exists()
    run_cancel(run, access=admin(b.organization))
    assert run.status == RunStatus.CANCELLED
    assert not Charge.objects.exists() and not AccountBill.objects.exists()
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_a_run_killed_midway_is_resumed_and_no_account_is_half_billed(settings):
    org = f.OrganizationFactory()
    first, second = build(org, "1"), build(org, "2")
    settings.ABONENT_BILLING_CHUNK_SIZE = 2  # one building per chunk
    access = admin(org)
    run = run_create(access=access, period=period_for(org, NOV))
    real = engine.compute_chunk
    calls = []

    def crash_on_second(run, chunk, ctx, settings):
        calls.append(chunk.number)
        if chunk.number == 2:
            raise RuntimeError("worker killed")
        return real(run, chunk, ctx, settings)

    with mock.patch("abonent.billing.runs.compute_chunk", crash_on_second), \
            pytest.raises(RuntimeError):
        run_compute(run)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    billed = set(Charge.objects.values_list("account_id", flat=True))
    assert billed == {first.flat1.pk, first.flat2.pk}  # whole chunks only
    run = run_compute(run)
    assert run.status == RunStatus.PREVIEW
    assert set(Charge.objects.values_list("account_id", flat=True)) == {
        first.flat1.pk, first.flat2.pk, second.flat1.pk, second.flat2.pk}


@pytest.mark.django_db
def test_a_closed_period_takes_no_run_and_a_correction_goes_to_the_open_period():
    b = build()
    bill_period(b.organization, NOV, issue=True)
    november = period_for(b.organization, NOV)
    period_close(november, access=admin(b.organization))
    with pytest.raises(ValidationError):
        bill_period(b.organization, NOV)
    assert november.snapshots.filter(account=b.flat1).exists()


@pytest.mark.django_db
def test_a_missing_reading_is_estimated_and_trued_up_by_the_next_real_one():
    b = build()
    # a year of monthly readings of 10 m3 on the 25th, so the average is known
    for months_back in range(2, 8):
        day = dt.date(2026, 10, 25) - dt.timedelta(days=30 * (months_back - 1))
        f.ReadingFactory(meter=b.meter, date=day, value=D(100) - 10 * (months_back - 1))
    bill_period(b.organization, NOV, issue=True)
    # December: no reading -> estimated from the average
    december = bill_period(b.organization, DEC, issue=True)
    usage = MeterUsage.objects.get(run=december, meter=b.meter)
    assert usage.basis == "estimate"
    assert usage.consumption > 0
    charge = Charge.objects.get(run=december, account=b.flat1, service=b.water)
    assert charge.explanation["p"]["formula"]["t"] == "usage.estimate"
    assert "missing_reading" in december.bills.get(account=b.flat1).flags
    # January: the real reading shows only 12 m3 since November's 110.000
    f.ReadingFactory(meter=b.meter, date=dt.date(2027, 1, 25), value=D("122.000"))
    january = bill_period(b.organization, dt.date(2027, 1, 1), issue=True)
    jan_usage = MeterUsage.objects.get(run=january, meter=b.meter)
    assert jan_usage.basis == "reading"
    assert jan_usage.consumption == D("12.000") - usage.consumption
    assert "true_up" in january.bills.get(account=b.flat1).flags
    assert Receipt.objects.filter(account=b.flat1).count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("model", [LedgerEntry, Receipt])
def test_the_database_itself_refuses_to_change_a_posted_entry_or_an_issued_receipt(model):
    b = build()
    bill_period(b.organization, NOV, issue=True)
    row = model.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {model._meta.db_table} SET created_at = created_at "  # noqa: S608
                       f"WHERE id = %s", [row.pk])
