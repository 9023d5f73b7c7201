"""Bank statement import: a CAMT.053 file of ``--size`` credits against as many accounts,
read, reconciled, matched and posted end to end, then the same file again.

    python bench/payments.py --size 100000 --db sqlite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/abonent_bench \\
        python bench/payments.py --size 100000 --db postgres

Builds its own deterministic data set: ``--size`` accounts (one unit and holder each, ~60 per
building), each billed three services for November 2026 (ledger entries in an open period),
and a camt.053 statement (``abonent.payments.statements.synthetic.camt053``) with one credit
per account whose creditor reference is the account's number, so every line is matched at 99%
and posted. Times ``abonent.payments.imports.import_statement`` (the command's and the page's
function) and its parts; then imports the same file again, which must post nothing. The last
line on stdout is one JSON object with the figures; progress goes to stderr.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common

MONTH = dt.date(2026, 11, 1)
BATCH = 5000


def main() -> None:
    args = _common.parser("payments", __doc__.split("\n\n")[0], default_size=100_000) \
        .parse_args()
    kept = _common.setup_django(args, "payments")

    from abonent.core.models import Organization
    from abonent.payments.models import Payment

    slug = f"bench-payments-{args.size}-{args.seed}"
    org = Organization.objects.filter(slug=slug).first() if kept else None
    build_seconds = None
    if org is None:
        if kept:
            sys.exit(f"--reuse: the kept database does not hold {slug}; run without --reuse")
        started = time.perf_counter()
        org = Organization.objects.create(slug=slug, name="Benchmark Housing", country="GE",
                                          currency="GEL", time_zone="Asia/Tbilisi")
        _build(org, args.size, args.seed)
        build_seconds = round(time.perf_counter() - started, 1)
    elif Payment.objects.filter(organization=org).exists():
        sys.exit("--reuse: this data set was imported into already; run without --reuse")
    else:
        _common.say(f"· reusing {slug}")
    data = _statement(org, args.seed)
    _common.emit({**_measure(org, data, args), "build_seconds": build_seconds,
                  "load_avg": round(os.getloadavg()[0], 1), "machine": _common.machine()})


def _build(org, size: int, seed: int) -> None:
    from django.db import transaction
    from tqdm import tqdm

    from abonent.accounts.models import Account
    from abonent.billing.models import BillingPeriod, LedgerEntry
    from abonent.core import checkdigit
    from abonent.people.models import Person
    from abonent.property.models import Building, Unit
    from abonent.tariffs.models import Service
    from bench._billing_data import _last_id, _new_ids, _writer

    rng = random.Random(seed)
    services = Service.objects.bulk_create([
        Service(organization=org, code=code, name=code.title(), unit="", method="fixed")
        for code in ("MAINT", "WATER", "WASTE")])
    period = BillingPeriod.objects.create(organization=org, start=MONTH,
                                          end=dt.date(2026, 11, 30))
    buildings = Building.objects.bulk_create([
        Building(organization=org, code=f"B{i:05d}", city="Tbilisi", street="Rustaveli",
                 house_number=str(i + 1)) for i in range(max(1, size // 60))])
    write_unit = _writer(Unit, ["organization_id", "building_id", "number", "area"])
    write_person = _writer(Person, ["organization_id", "kind", "first_name", "last_name"])
    write_account = _writer(Account, ["organization_id", "number", "unit_id", "holder_id",
                                      "opened_on"])
    write_entry = _writer(LedgerEntry, ["organization_id", "account_id", "service_id",
                                        "period_id", "service_period_id", "kind", "amount"])
    with tqdm(total=size, desc="data", unit="accounts", file=sys.stderr, mininterval=1) as bar:
        for start in range(0, size, BATCH):
            stop = min(size, start + BATCH)
            with transaction.atomic():
                last = _last_id(Unit)
                write_unit((org.pk, buildings[i % len(buildings)].pk, str(i // len(buildings)),
                            Decimal(rng.randint(3000, 12000)) / 100) for i in range(start, stop))
                units = _new_ids(Unit, last)
                last = _last_id(Person)
                write_person((org.pk, "person", f"Name{i}", f"Payer{i}")
                             for i in range(start, stop))
                people = _new_ids(Person, last)
                last = _last_id(Account)
                write_account((org.pk, checkdigit.with_check_digit(str(5_000_000 + i)),
                               unit, person, dt.date(2020, 1, 1))
                              for i, unit, person in zip(range(start, stop), units, people,
                                                         strict=True))
                accounts = _new_ids(Account, last)
                write_entry((org.pk, account, service.pk, period.pk, period.pk, "charge",
                             Decimal(rng.randint(500, 9000)) / 100)
                            for account in accounts for service in services)
            bar.update(stop - start)


def _statement(org, seed: int) -> bytes:
    from abonent.accounts.models import Account
    from abonent.payments.statements.synthetic import camt053

    numbers = list(Account.objects.filter(organization=org).order_by("pk")
                   .values_list("number", flat=True))
    with _common.stage(f"write a camt.053 of {len(numbers)} credits"):
        return camt053(len(numbers), seed=seed, references=numbers,
                       start=dt.date(2026, 12, 1))


def _measure(org, data: bytes, args) -> dict:
    from abonent.payments import imports
    from abonent.payments.models import Payment
    from abonent.payments.statements import parse

    started, cpu = time.perf_counter(), time.process_time()
    parse(data, filename="bench.xml")
    parse_seconds = time.perf_counter() - started
    phases: dict[str, float] = {}
    last = [time.perf_counter()]

    def progress(step: str, done: int, total: int) -> None:
        if done == total:
            now = time.perf_counter()
            phases[step] = round(now - last[0], 2)
            last[0] = now

    started, cpu = time.perf_counter(), time.process_time()
    [record] = imports.import_statement(org, data, filename="bench.xml", progress=progress)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    _common.say(f"  first import: {seconds:.1f} s, {record.posted} posted, "
                f"{record.queued} waiting")
    again_started = time.perf_counter()
    [again] = imports.import_statement(org, data, filename="bench.xml")
    again_seconds = time.perf_counter() - again_started
    _common.say(f"  the same file again: {again_seconds:.1f} s, {again.posted} posted")
    if again.posted:
        sys.exit("importing the same file again posted payments")
    return {
        "bench": "payments", "db": args.db, "accounts": record.lines_total,
        "file_mb": round(len(data) / 1e6, 1), "seconds": round(seconds, 1),
        "lines_per_s": round(record.lines_total / seconds), "cpu_seconds": round(cpu, 1),
        "parse_seconds": round(parse_seconds, 1), "phases": phases,
        "posted": record.posted, "queued": record.queued,
        "payments": Payment.objects.filter(organization=org).count(),
        "again_seconds": round(again_seconds, 1), "again_posted": again.posted,
        "again_ratio": round(again_seconds / seconds, 2),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


if __name__ == "__main__":
    main()
