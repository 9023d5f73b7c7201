"""An importer killed midway leaves the file either fully applied or not at all, and the next
import of the same file posts every payment exactly once (the `abonent import payments`
command as an operator runs it, on the run's database: a SQLite file, or PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from abonent.testing.processes import ABONENT, make_site, printed, run, shell

LINES = 6000
SETUP = """
import datetime as dt
from decimal import Decimal
from abonent.accounts.models import Account
from abonent.billing.models import BillingPeriod, LedgerEntry
from abonent.core import checkdigit
from abonent.core.models import Organization
from abonent.people.models import Person
from abonent.property.models import Building, Unit
from abonent.tariffs.models import Service
from abonent.payments.statements.synthetic import camt053
org = Organization.objects.create(slug='killed', name='Killed Import', country='GE',
                                  currency='GEL', time_zone='Asia/Tbilisi')
service = Service.objects.create(organization=org, code='MAINT', name='Maintenance',
                                 method='fixed')
period = BillingPeriod.objects.create(organization=org, start=dt.date(2026, 11, 1),
                                      end=dt.date(2026, 11, 30))
building = Building.objects.create(organization=org, code='B1', city='Tbilisi',
                                   street='Rustaveli', house_number='1')
units = Unit.objects.bulk_create([Unit(organization=org, building=building, number=str(i),
                                       area=Decimal('50.00')) for i in range({lines})])
people = Person.objects.bulk_create([Person(organization=org, first_name='N', last_name=str(i))
                                     for i in range({lines})])
accounts = Account.objects.bulk_create([
    Account(organization=org, number=checkdigit.with_check_digit(str(7_000_000 + i)),
            unit=unit, holder=person, opened_on=dt.date(2020, 1, 1))
    for i, (unit, person) in enumerate(zip(units, people))])
LedgerEntry.objects.bulk_create([
    LedgerEntry(organization=org, account=account, service=service, period=period,
                service_period=period, kind='charge', amount=Decimal('40.00'))
    for account in accounts])
open('statement.xml', 'wb').write(camt053({lines}, references=[a.number for a in accounts],
                                           start=dt.date(2026, 12, 1)))
"""
COUNTS = """
import json
from abonent.payments.models import Payment, StatementImport, StatementLine
from abonent.billing.models import LedgerEntry
paid = sum(p.amount for p in Payment.objects.all())
entered = -sum(e.amount for e in LedgerEntry.objects.filter(kind='payment'))
print('JSON:' + json.dumps([Payment.objects.count(), StatementImport.objects.count(),
      StatementLine.objects.count(), str(paid), str(entered)]))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    yield from make_site(tmp_path_factory, "payments-killed")


def test_a_killed_import_applies_nothing_and_the_next_one_applies_everything_once(site):
    shell(site, SETUP.format(lines=LINES))
    statement = str(Path(site["ABONENT_VAR_DIR"]) / "statement.xml")
    importer = subprocess.Popen(
        [ABONENT, "import", "payments", statement, "--org", "killed"], env=site,
        cwd=site["ABONENT_VAR_DIR"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True)
    # wait until the first batch of payments is written (the progress bar of posting)
    seen = b""
    deadline = time.monotonic() + 240
    while b"post:" not in seen and time.monotonic() < deadline:
        chunk = os.read(importer.stderr.fileno(), 4096)
        if not chunk:
            break
        seen += chunk
    assert importer.poll() is None, "the import finished before it could be killed"
    os.killpg(importer.pid, signal.SIGKILL)
    importer.wait(timeout=30)
    assert printed(shell(site, COUNTS)) == [0, 0, 0, "0", "0"]
    out = run(site, "import", "payments", statement, "--org", "killed")
    assert f"{LINES} posted" in out
    payments, imports, lines, paid, entered = printed(shell(site, COUNTS))
    assert (payments, imports, lines) == (LINES, 1, LINES)
    assert paid == entered  # every payment's money is in the ledger, once
    again = run(site, "import", "payments", statement, "--org", "killed")
    assert "0 posted" in again and f"{LINES} already posted" in again
    assert printed(shell(site, COUNTS))[0] == LINES
