"""The turnover sheet of the scenario building over two months, computed by hand (data.py),
and, over random ledgers, the same figures as an account statement."""

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abonent.billing.choices import EntryKind
from abonent.billing.ledger import COLUMN, statement
from abonent.billing.models import BillingPeriod, LedgerEntry
from abonent.billing.runs import bill_period, period_for
from abonent.billing.tests.scenario import NOV
from abonent.metering.models import Reading
from abonent.reports.tests.data import DEC, admin, billed_november, period, two_months
from abonent.reports.turnover import MOVEMENTS, turnover
from abonent.testing import factories as f

COLUMNS = ("opening", *MOVEMENTS, "closing")


def sheet(b, first, last, level="account", organization=None):
    org = organization or b.organization
    report = turnover(access=admin(org), first=period(org, first), last=period(org, last),
                      level=level)
    return {row.label: tuple(row[name] for name in COLUMNS) for row in report.all_rows()}


def balanced(row: tuple) -> bool:
    return row[0] + sum(row[1:-1]) == row[-1]


def test_the_movement_columns_are_the_statements_columns():
    assert set(MOVEMENTS) == {*COLUMN.values(), "adjustments"}


@pytest.mark.django_db
def test_the_first_month_by_account_as_computed_by_hand():
    b = two_months()
    rows = sheet(b, NOV, NOV)
    # opening, charged, benefits, adjustments, paid, penalties, closing
    assert rows == {
        b.flat1.number: (0, D("110.41"), D("-21.25"), 0, 0, 0, D("89.16")),
        b.flat2.number: (0, D("144.10"), 0, D("-12.50"), 0, 0, D("131.60")),
        "Total": (0, D("254.51"), D("-21.25"), D("-12.50"), 0, 0, D("220.76")),
    }
    assert all(balanced(row) for row in rows.values())


@pytest.mark.django_db
def test_the_second_month_opens_with_the_first_months_closing():
    b = two_months()
    rows = sheet(b, DEC, DEC)
    assert rows == {
        # 89.16 + 99.84 - 21.25 - 89.16 = 78.59
        b.flat1.number: (D("89.16"), D("99.84"), D("-21.25"), 0, D("-89.16"), 0, D("78.59")),
        # 131.60 + 138.41 + 1.20 = 271.21
        b.flat2.number: (D("131.60"), D("138.41"), 0, 0, 0, D("1.20"), D("271.21")),
        "Total": (D("220.76"), D("238.25"), D("-21.25"), 0, D("-89.16"), D("1.20"),
                  D("349.80")),
    }
    assert all(balanced(row) for row in rows.values())


@pytest.mark.django_db
def test_by_building_and_for_the_organization_over_both_months():
    b = two_months()
    whole = (0, D("492.76"), D("-42.50"), D("-12.50"), D("-89.16"), D("1.20"), D("349.80"))
    assert sheet(b, NOV, DEC, level="building") == {str(b.building): whole, "Total": whole}
    assert sheet(b, NOV, DEC, level="organization") == {str(b.organization): whole}


@pytest.mark.django_db
def test_a_rebilled_month_counts_its_reversals_under_the_charges():
    b = billed_november()
    reading = Reading.objects.get(meter=b.meter, value=D("110.000"))
    reading.value = D("112.000")  # corrected as a user would: the audit trail sees it
    reading.save()
    bill_period(b.organization, NOV, issue=True)
    assert LedgerEntry.objects.filter(kind=EntryKind.REVERSAL).count() == 9
    rows = sheet(b, NOV, NOV)
    # flat 1: 39.00 + 42.50 + 9.00 + 23.70; flat 2: 34.13 + 59.50 + 13.50 + 33.18
    assert rows[b.flat1.number] == (0, D("114.20"), D("-21.25"), 0, 0, 0, D("92.95"))
    assert rows[b.flat2.number] == (0, D("140.31"), 0, 0, 0, 0, D("140.31"))


@pytest.mark.django_db
def test_an_account_without_balance_or_movement_is_left_out():
    b = two_months()
    org = b.organization
    period_for(org, dt.date(2027, 1, 1))  # January: nothing posted yet
    rows = sheet(b, dt.date(2027, 1, 1), dt.date(2027, 1, 1))
    assert set(rows) == {b.flat1.number, b.flat2.number, "Total"}  # both still owe
    LedgerEntry.objects.create(
        organization=org, account=b.flat1, period=period(org, DEC),
        service_period=period(org, DEC), kind=EntryKind.PAYMENT, amount=D("-78.59"))
    rows = sheet(b, dt.date(2027, 1, 1), dt.date(2027, 1, 1))
    assert set(rows) == {b.flat2.number, "Total"}


KINDS = [kind for kind in EntryKind.values if kind != EntryKind.REVERSAL]
ENTRY = st.tuples(st.integers(0, 1), st.sampled_from(KINDS),
                  st.integers(-50000, 50000).map(lambda cents: D(cents) / 100),
                  st.integers(0, 2), st.booleans())


@pytest.mark.django_db
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(entries=st.lists(ENTRY, max_size=25), first=st.integers(0, 2), span=st.integers(0, 2))
def test_every_row_balances_and_matches_the_account_statement(entries, first, span):
    org = f.OrganizationFactory()
    building = f.BuildingFactory(organization=org)
    accounts = [f.AccountFactory(unit=f.UnitFactory(building=building)) for _ in range(2)]
    periods = [f.BillingPeriodFactory(organization=org, start=dt.date(2026, month, 1))
               for month in (10, 11, 12)]
    posted: list[LedgerEntry] = []
    for account, kind, amount, index, reverse in entries:
        target = next((e for e in posted if e.kind != EntryKind.REVERSAL
                       and not e.reversals.exists()), None) if reverse else None
        if target is not None:  # a reversal, posted in the same or a later period
            posted.append(LedgerEntry.objects.create(
                organization=org, account=target.account, period=max(
                    periods[index], target.period, key=lambda p: p.start),
                service_period=target.service_period, kind=EntryKind.REVERSAL,
                amount=-target.amount, reverses=target))
            continue
        posted.append(LedgerEntry.objects.create(
            organization=org, account=accounts[account], period=periods[index],
            service_period=periods[index], kind=kind, amount=amount))
    start, end = periods[first], periods[min(first + span, 2)]
    report = turnover(access=admin(org), first=start, last=end, level="account")
    rows = {row.account_id: row for row in report.all_rows() if "account_id" in row}
    total = dict.fromkeys(COLUMNS, D(0))
    for account in accounts:
        expected = statement(account, start, end)
        row = rows.get(account.pk)
        if row is None:
            assert expected.opening == 0 and not expected.entries
            continue
        assert row.opening + sum(row[name] for name in MOVEMENTS) == row.closing
        assert (row.opening, row.closing) == (expected.opening, expected.closing)
        for name in MOVEMENTS:
            assert row[name] == sum((getattr(line, name) for line in expected.services), D(0))
        for name in COLUMNS:
            total[name] += row[name]
    whole = turnover(access=admin(org), first=start, last=end, level="organization")
    assert {name: next(whole.all_rows())[name] for name in COLUMNS} == total
    assert BillingPeriod.objects.filter(organization=org).count() == 3
