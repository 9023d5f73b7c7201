"""Billing an issued month again rates only the buildings whose inputs changed since.

Two buildings of the scenario (tests/scenario.py) in one organization; every change is made
as a user makes it (saved, so the audit trail records it), and after each incremental run a
full one must find every account already right.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abonent.accounts.models import Resident
from abonent.billing.choices import RunStatus
from abonent.billing.models import LedgerEntry
from abonent.billing.runs import bill_period
from abonent.billing.tests.scenario import NOV, build
from abonent.metering.models import Reading
from abonent.tariffs.models import TariffVersion
from abonent.testing import factories as f

pytestmark = pytest.mark.django_db


def two_buildings():
    a = build()
    b = build(a.organization, suffix="-B")
    bill_period(a.organization, NOV, issue=True)
    return a, b


def rated(run) -> set[int]:
    """The accounts the run rated (its chunks' accounts)."""
    return {pk for chunk in run.chunks.all() for pk in chunk.account_ids}


def test_nothing_changed_nothing_is_rated_or_posted():
    a, _b = two_buildings()
    entries = LedgerEntry.objects.count()
    run = bill_period(a.organization, NOV, issue=True)
    assert run.status == RunStatus.ISSUED
    assert (run.chunks_total, run.accounts_total) == (0, 4)
    assert run.summary["accounts_changed"] == 0
    assert run.summary["accounts_unchanged"] == 4
    assert LedgerEntry.objects.count() == entries


def test_a_corrected_reading_rebills_its_building_only():
    a, b = two_buildings()
    reading = Reading.objects.get(meter=a.meter, value=D("110.000"))
    reading.value = D("112.000")
    reading.save()
    run = bill_period(a.organization, NOV, issue=True)
    assert rated(run) == {a.flat1.pk, a.flat2.pk}
    # flat 1: 12 m3 x 3.25 = 39.00 instead of 32.50; the common rest shrinks for both flats
    water = LedgerEntry.objects.filter(account=a.flat1, service=a.water)
    assert sum(e.amount for e in water) == D("39.00")
    assert not LedgerEntry.objects.filter(run=run, account__in=[b.flat1, b.flat2]).exists()
    assert bill_period(a.organization, NOV, full=True).summary["accounts_changed"] == 0


def test_a_price_change_rates_every_building():
    a, b = two_buildings()
    version = TariffVersion.objects.get(tariff__service=b.waste)
    version.rate = D("5.00")
    version.save()
    run = bill_period(a.organization, NOV, issue=True)
    assert rated(run) == {a.flat1.pk, a.flat2.pk, b.flat1.pk, b.flat2.pk}
    assert run.summary["accounts_changed"] == 2  # only building B's waste changed


def test_a_deleted_resident_rates_every_building():
    a, _b = two_buildings()
    Resident.objects.filter(account=a.flat2).first().delete()
    run = bill_period(a.organization, NOV, issue=True)
    assert len(rated(run)) == 4
    # flat 2's norm water and waste shrink, so the common meter's rest grows for both flats
    assert run.summary["accounts_changed"] == 2


def test_full_rates_every_account_and_finds_nothing_to_change():
    a, _b = two_buildings()
    run = bill_period(a.organization, NOV, issue=True, full=True)
    assert len(rated(run)) == 4
    assert run.summary["accounts_changed"] == 0


def _reading(b, value):
    reading = Reading.objects.get(meter=b.meter, date=dt.date(2026, 11, 25))
    reading.value = D(value)
    reading.save()


def _resident(b, _value):
    f.ResidentFactory(account=b.flat2, date_from=dt.date(2026, 11, 10))


def _absence(b, _value):
    f.AbsenceFactory(account=b.flat1, date_from=dt.date(2026, 11, 1),
                     date_to=dt.date(2026, 11, 15), persons=1)


def _area(b, value):
    unit = b.flat2.unit
    unit.area = D(value) / 2
    unit.save()


EDITS = st.lists(st.tuples(st.sampled_from([_reading, _resident, _absence, _area]),
                           st.sampled_from(["a", "b"]),
                           st.sampled_from(["111.000", "115.500", "130.000"])),
                 min_size=1, max_size=4)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=EDITS)
def test_after_any_edits_an_incremental_rebill_leaves_what_a_full_one_would(edits):
    a, b = two_buildings()
    for edit, which, value in edits:
        edit(a if which == "a" else b, value)
        bill_period(a.organization, NOV, issue=True)
    assert bill_period(a.organization, NOV, full=True).summary["accounts_changed"] == 0
