"""The demo bills like a real company: the engine issued three months and computed the fourth."""

import datetime as dt
import json
from collections import Counter

import pytest

from abonent.billing import explain
from abonent.billing.choices import Flag, RunStatus, UsageBasis
from abonent.billing.models import (
    Absence,
    AccountBill,
    BillingRun,
    Charge,
    Interruption,
    LedgerEntry,
    MeterUsage,
    Receipt,
)
from abonent.core.models import Organization
from abonent.demo.generator import generate
from abonent.metering.choices import ReadingStatus
from abonent.metering.models import Meter, Reading
from abonent.tariffs.choices import Scope
from abonent.tariffs.models import Subscription, Tariff, TariffVersion

pytestmark = pytest.mark.django_db

AUG, SEP, OCT, NOV = (dt.date(2026, month, 1) for month in (8, 9, 10, 11))


def build(slug, profile="ge", accounts=100, seed=3):
    summary = generate(organization_slug=slug, accounts=accounts, seed=seed, profile=profile,
                       progress=False, reindex=False)
    return Organization.objects.get(pk=summary.organization_id)


@pytest.fixture
def georgia():
    return build("demo-billing")


def formula(charge) -> str:
    return charge.explanation["p"]["formula"]["t"]


def test_three_months_are_issued_and_the_fourth_waits_for_review(georgia):
    runs = list(BillingRun.objects.filter(organization=georgia).order_by("period__start"))
    assert [(run.period.start, run.status) for run in runs] == [
        (AUG, RunStatus.ISSUED), (SEP, RunStatus.ISSUED), (OCT, RunStatus.ISSUED),
        (NOV, RunStatus.PREVIEW)]
    posted = LedgerEntry.objects.filter(organization=georgia)
    assert set(posted.values_list("service_period__start", flat=True)) == {AUG, SEP, OCT}
    # The engine posted every entry from one of its charge lines; the demo wrote none.
    assert not posted.filter(charge__isnull=True).exists()
    assert posted.count() == Charge.objects.filter(run__in=runs[:3]).count()
    preview = runs[-1]
    assert preview.charges.exists() and preview.bills.exists()
    assert not preview.entries.exists() and not preview.receipts.exists()
    assert preview.summary["flags"]  # something for the reviewer to look at


def test_receipts_are_numbered_without_gaps(georgia):
    receipts = Receipt.objects.filter(organization=georgia)
    sequences = sorted(receipts.values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
    assert all(r.number == f"2026-{r.sequence:07d}" and r.version == 1 for r in receipts)
    for run in BillingRun.objects.filter(organization=georgia, status=RunStatus.ISSUED):
        assert run.receipts.count() == run.accounts_total > 0
        assert {r.due_date for r in run.receipts.all()} == {
            dt.date(run.period.end.year, run.period.end.month % 12 + 1, 25)}
    # Each receipt's balance carries over to the next month's.
    account = receipts.order_by("sequence").first().account
    aug, sep = account.receipts.order_by("period__start")[:2]
    assert sep.opening_balance == aug.amount_due


def test_some_bills_are_estimated_some_by_norm_and_some_trued_up(georgia):
    issued = AccountBill.objects.filter(organization=georgia, run__status=RunStatus.ISSUED)
    flags = Counter(flag for bill_flags in issued.values_list("flags", flat=True)
                    for flag in bill_flags)
    assert flags[Flag.ESTIMATED] and flags[Flag.NORM_FALLBACK] and flags[Flag.TRUE_UP]
    assert set(MeterUsage.objects.filter(organization=georgia).values_list(
        "basis", flat=True)) == {UsageBasis.READING, UsageBasis.ESTIMATE, UsageBasis.NORM}
    # Units without a water meter pay the norm per resident.
    water = Charge.objects.filter(organization=georgia, service__code="WATER", kind="charge")
    assert any(formula(c) == "norm" for c in water)
    unmetered = water.exclude(account__meters__service__code="WATER")
    assert unmetered.exists()
    assert all('"t": "norm"' in json.dumps(c.explanation) for c in unmetered)  # or prorated


def test_the_readings_have_gaps_typos_held_for_review_and_a_consumption(georgia):
    readings = Reading.objects.filter(organization=georgia)
    held = readings.filter(status=ReadingStatus.HELD)
    assert held.exists() and all(r.reason for r in held)
    assert not readings.filter(consumption__isnull=True).exists()
    assert readings.filter(date__gt=dt.date(2026, 11, 28)).count() == 0
    assert {r.date.month for r in readings} == set(range(1, 13))
    assert Meter.objects.filter(organization=georgia, verified_until__lt=OCT).exists()
    assert readings.filter(rollover=True).exists()  # an old four-digit dial went past 9999
    # A building meter for the common water.
    assert Meter.objects.filter(organization=georgia, account__isnull=True,
                                service__code="WATER-COMMON").exists()
    # The elevator only where there are more than five floors.
    for sub in Subscription.objects.filter(organization=georgia, service__code="ELEVATOR"):
        assert sub.building.floors > 5


def test_the_price_change_is_prorated_in_october_and_a_building_has_its_own_price(georgia):
    gas = Charge.objects.filter(organization=georgia, service__code="GAS", kind="charge",
                                period__start=OCT, quantity__gt=0)
    # (an estimate or a norm wraps the proration in its own words)
    assert gas.exists()
    assert all('"t": "prorated"' in json.dumps(c.explanation) for c in gas)
    text = explain.render_json(gas.first().explanation, "en")
    assert "14/31" in text and "17/31" in text
    override = Tariff.objects.get(organization=georgia, scope=Scope.BUILDING)
    rate = TariffVersion.objects.get(tariff=override).rate
    maintenance = Charge.objects.filter(service=override.service, kind="charge")
    here = maintenance.filter(account__unit__building=override.building)
    elsewhere = maintenance.exclude(account__unit__building=override.building)
    assert here.exists() and elsewhere.exists()
    assert all(f'"rate": "{rate}"' in json.dumps(c.explanation) for c in here)
    assert not any(f'"rate": "{rate}"' in json.dumps(c.explanation) for c in elsewhere)


def test_benefits_absences_and_an_interruption_reach_the_bills(georgia):
    benefits = Charge.objects.filter(organization=georgia, kind="benefit")
    assert benefits.filter(amount__lt=0).exists()
    # A discount is only ever given back on a true-up credit for what was discounted before.
    for line in benefits.filter(amount__gt=0):
        assert Charge.objects.filter(run=line.run, account=line.account, service=line.service,
                                     kind="recalculation", amount__lt=0).exists()
    assert any(c.explanation["p"]["benefits"][0]["t"] == "benefit.within_norm"
               for c in benefits.filter(service__code="MAINTENANCE"))
    assert Absence.objects.filter(organization=georgia).exists()
    interruption = Interruption.objects.get(organization=georgia)  # the elevator, repaired
    assert interruption.building.floors > 5
    reduced = Charge.objects.filter(organization=georgia, kind="recalculation",
                                    service=interruption.service)
    assert reduced.exists() and all(c.amount < 0 and c.period.start == SEP for c in reduced)


def test_the_brazilian_organization_bills_in_reais():
    brazil = build("demo-billing-br", profile="br", accounts=60)
    charges = Charge.objects.filter(organization=brazil)
    assert charges.exists()
    assert {c.explanation["p"]["amount"]["currency"] for c in charges} == {"BRL"}
    assert all("BRL" in explain.render_json(c.explanation, "pt-br")
               for c in charges.filter(amount__gt=0)[:50])
    assert set(charges.values_list("service__code", flat=True)) >= {
        "AGUA", "CONDOMINIO", "FUNDO-RESERVA", "AGUA-COMUM"}
    assert Receipt.objects.filter(organization=brazil, run__period__start=OCT).exists()
    assert {r.due_date.day for r in Receipt.objects.filter(organization=brazil)} == {10}

