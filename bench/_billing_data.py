"""The billing benchmark's data set, deterministic for a seed.

One organization with ``size`` accounts, one per unit, ~60 units per building, billed for
November 2026 (``MONTH``). Every building subscribes to eight services:

* five metered with an individual meter in every unit: cold water, hot water, electricity,
  gas, heating (a rate and a norm per resident for units without a usable reading);
* two per m² (maintenance, repair fund); every tenth building has its own maintenance tariff;
* one per resident (waste), whose tariff changes on 16 November (the month is split).

Tariffs have a version from January and a dearer one from July. 20% of the accounts hold a
pensioner benefit, 50% off the two per-m² services; a third of those only within a social
norm of 21 m² per person entitled. Accounts have 1–4 registered residents (the first is the
holder); 2% lose a resident on 15 November, 1% close that day. Each meter has a reading around
the 25th of every month from December 2025 to November 2026, a few missing: about 4% of the
meters lack November's (estimated from their history), 0.5% were not read since March (the
norm applies), 1% have an expired verification (the norm applies).

Rows are written with the project's bulk writer (``abonent.billing.writers.insert_rows``:
COPY on PostgreSQL, executemany on SQLite), batch by batch of accounts, each batch in one
transaction; people and the small tables with ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from bench._search_data import CITIES, LANGS, STREETS, person_values

MONTH = dt.date(2026, 11, 1)
FIRST_READING = dt.date(2025, 12, 1)
BATCH = 5000
BENEFIT_SHARE = 0.20

# code, name, unit, method, (rate from January, rate from July), norm per resident, digits,
# monthly consumption range in thousandths of the unit
METERED = [
    ("COLD-WATER", "Cold water", "m³", ("3.25", "3.40"), "3.5", 5, (2_000, 14_000)),
    ("HOT-WATER", "Hot water", "m³", ("9.80", "10.30"), "2.8", 5, (1_000, 9_000)),
    ("ELECTRICITY", "Electricity", "kWh", ("0.28", "0.31"), "90", 6, (60_000, 420_000)),
    ("GAS", "Gas", "m³", ("0.95", "1.02"), "15", 5, (5_000, 90_000)),
    ("HEATING", "Heating", "Gcal", ("78.00", "82.50"), "0.35", 5, (200, 2_500)),
]
PER_AREA = [("MAINT", "Maintenance", ("0.85", "0.90")), ("REPAIR", "Repair fund", ("0.30", "0.30"))]
WASTE = ("WASTE", "Waste collection", ("4.50", "4.80", "5.10"))  # the last from 16 November


def _writer(model, columns: Sequence[str]) -> Callable[[Iterable[tuple]], int]:
    """insert_rows for ``model``: the given columns, and every other column at its default."""
    from django.db import connection
    from django.utils import timezone

    from abonent.billing.writers import insert_rows

    now = connection.ops.adapt_datetimefield_value(timezone.now())  # once, not once a row
    extra = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in columns:
            continue
        auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        value = now if auto else field.get_default()  # "" for a blank text field
        if value is None and not field.null:
            raise ValueError(f"{model.__name__}.{field.attname} needs a value")
        extra.append((field.attname, value))
    names = [*columns, *(name for name, _value in extra)]
    tail = tuple(value for _name, value in extra)

    def write(rows: Iterable[tuple]) -> int:
        return insert_rows(model, names, (row + tail for row in rows))

    return write


def _new_ids(model, after: int) -> list[int]:
    return list(model.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True))


def _last_id(model) -> int:
    from django.db.models import Max

    return model.objects.aggregate(last=Max("pk"))["last"] or 0


def _thousandths(value: int) -> str:
    return f"{value // 1000}.{value % 1000:03d}"


def _catalogue(org) -> dict:
    """Services, tariffs and their versions, benefit categories: the organization's setup."""
    from abonent.accounts.models import BenefitCategory
    from abonent.tariffs.models import Service, Tariff, TariffVersion

    services, versions = {}, []
    jan, jul = dt.date(2026, 1, 1), dt.date(2026, 7, 1)
    position = 10
    for code, name, unit, _rates, _norm, _digits, _range in METERED:
        services[code] = Service(organization=org, code=code, name=name, unit=unit,
                                 method="metered", position=position)
        position += 10
    for code, name, _rates in PER_AREA:
        services[code] = Service(organization=org, code=code, name=name, unit="m²",
                                 method="per_area", position=position)
        position += 10
    services[WASTE[0]] = Service(organization=org, code=WASTE[0], name=WASTE[1], unit="",
                                 method="per_resident", position=position)
    Service.objects.bulk_create(services.values())
    tariffs = {code: Tariff(organization=org, service=service)
               for code, service in services.items()}
    Tariff.objects.bulk_create(tariffs.values())
    for code, _name, _unit, rates, norm, _digits, _range in METERED:
        for start, rate in zip((jan, jul), rates, strict=True):
            versions.append(TariffVersion(organization=org, tariff=tariffs[code],
                                          effective_from=start, rate=Decimal(rate),
                                          norm=Decimal(norm)))
    for code, _name, rates in PER_AREA:
        for start, rate in zip((jan, jul), rates, strict=True):
            versions.append(TariffVersion(organization=org, tariff=tariffs[code],
                                          effective_from=start, rate=Decimal(rate)))
    for start, rate in zip((jan, jul, dt.date(2026, 11, 16)), WASTE[2], strict=True):
        versions.append(TariffVersion(organization=org, tariff=tariffs[WASTE[0]],
                                      effective_from=start, rate=Decimal(rate)))
    TariffVersion.objects.bulk_create(versions)
    pension = BenefitCategory.objects.create(organization=org, code="PENS", name="Pensioner",
                                             discount_percent=Decimal(50))
    pension_norm = BenefitCategory.objects.create(
        organization=org, code="PENS-NORM", name="Pensioner (social norm)",
        discount_percent=Decimal(50), norm_kind="area", norm_per_person=Decimal(21))
    for category in (pension, pension_norm):
        category.services.set([services[code] for code, _name, _rates in PER_AREA])
    return {"services": services, "tariff_versions": len(versions),
            "categories": (pension, pension_norm)}


def _buildings(org, rng: random.Random, count: int, services: dict) -> list:
    from abonent.core.models import Branch
    from abonent.property.models import Building
    from abonent.tariffs.models import Subscription, Tariff, TariffVersion

    branches = Branch.objects.bulk_create(
        [Branch(organization=org, code=f"BR{i}", name=f"Office {i}") for i in range(4)])
    addresses = [(lang, street, house) for lang in LANGS for street in STREETS[lang]
                 for house in range(1, 1001)]
    rng.shuffle(addresses)
    buildings = Building.objects.bulk_create([
        Building(organization=org, code=f"B{i:05d}", branch=branches[i % 4],
                 city=CITIES[lang], street=street, house_number=str(house),
                 floors=rng.randint(5, 16), entrances=rng.randint(1, 4),
                 year_built=rng.randint(1955, 2023), common_area=Decimal(rng.randint(150, 900)),
                 management_start=dt.date(2020, 1, 1))
        for i, (lang, street, house) in enumerate(addresses[:count])], batch_size=BATCH)
    Subscription.objects.bulk_create([
        Subscription(organization=org, building=building, service=service,
                     date_from=dt.date(2020, 1, 1))
        for building in buildings for service in services.values()], batch_size=BATCH)
    own = buildings[::10]
    tariffs = Tariff.objects.bulk_create([
        Tariff(organization=org, service=services["MAINT"], scope="building", building=building)
        for building in own], batch_size=BATCH)
    TariffVersion.objects.bulk_create([
        TariffVersion(organization=org, tariff=tariff, effective_from=dt.date(2026, 1, 1),
                      rate=Decimal(rng.randint(70, 120)) / 100) for tariff in tariffs],
        batch_size=BATCH)
    return buildings


def _readings(rng: random.Random, org_id: int, meter_id: int, digits: int, low: int,
              high: int, kind: str) -> list[tuple]:
    """A year of monthly readings of one meter, in thousandths; ``kind``: "full",
    "no_november" or "stale" (read only until March). A year's consumption stays far below
    the dial's capacity, so no meter rolls over."""
    value = rng.randint(0, 10 ** digits * 1000 // 20)
    rows = []
    for month in range(12):
        year, number = FIRST_READING.year + (FIRST_READING.month + month - 1) // 12, \
            (FIRST_READING.month + month - 1) % 12 + 1
        value += rng.randint(low, high)
        if (kind == "no_november" and month == 11) or (kind == "stale" and month > 3) or \
                (0 < month < 11 and rng.random() < 0.02):
            continue
        rows.append((meter_id, dt.date(year, number, rng.randint(20, 28)), _thousandths(value),
                     False, org_id))
    return rows


def build(org, size: int, seed: int, progress: Callable[[int], None]) -> dict:
    """Write the data set into ``org``; returns the counts of what was written."""
    from django.db import transaction

    from abonent.accounts.models import Account, BenefitMembership, Resident
    from abonent.core import checkdigit
    from abonent.metering.models import Meter, Reading
    from abonent.people.models import Person
    from abonent.property.models import Unit

    rng = random.Random(seed)
    catalogue = _catalogue(org)
    services = catalogue["services"]
    n_buildings = max(1, round(size / 60))
    buildings = _buildings(org, rng, n_buildings, services)
    building_ids = [building.pk for building in buildings]
    write_unit = _writer(Unit, ["organization_id", "building_id", "number", "entrance", "floor",
                                "area", "rooms"])
    write_account = _writer(Account, ["organization_id", "number", "unit_id", "holder_id",
                                      "opened_on", "closed_on"])
    write_resident = _writer(Resident, ["organization_id", "account_id", "person_id",
                                        "date_from", "date_to"])
    write_membership = _writer(BenefitMembership, ["organization_id", "account_id",
                                                   "category_id", "valid_from", "persons",
                                                   "document_ref"])
    write_meter = _writer(Meter, ["organization_id", "service_id", "account_id", "building_id",
                                  "serial", "digits", "installed_on", "verified_until"])
    write_reading = _writer(Reading, ["meter_id", "date", "value", "rollover",
                                      "organization_id"])
    counts = {"buildings": n_buildings, "services": len(services),
              "tariff_versions": catalogue["tariff_versions"] + len(buildings[::10]),
              "accounts": 0, "people": 0, "residents": 0, "benefits": 0, "meters": 0,
              "readings": 0}
    org_id, mid = org.pk, MONTH.replace(day=15)
    for start in range(0, size, BATCH):
        stop = min(size, start + BATCH)
        with transaction.atomic():
            last = _last_id(Unit)
            write_unit((org_id, building_ids[i % n_buildings], str(i // n_buildings + 1),
                        1 + i % 4, 1 + (i // n_buildings) // 4,
                        Decimal(rng.randint(2800, 14000)) / 100, rng.randint(1, 5))
                       for i in range(start, stop))
            unit_ids = _new_ids(Unit, last)
            households = [rng.choices((1, 2, 3, 4), (25, 35, 25, 15))[0]
                          for _ in range(start, stop)]
            # bulk_create: insert_rows takes a column ending in _id for a foreign key, and
            # Person has personal_id
            people = Person.objects.bulk_create([
                Person(organization_id=org_id, **person_values(rng, (start + i) * 4 + j))
                for i, members in enumerate(households) for j in range(members)])
            person_ids = iter(person.pk for person in people)
            accounts, residents = [], []
            for i, members in enumerate(households):
                index = start + i
                roll = rng.random()
                closed = mid if roll < 0.01 else dt.date(2026, 9, 30) if roll < 0.02 else None
                opened = dt.date(2026, 11, 10) if 0.02 <= roll < 0.025 else dt.date(2020, 1, 1)
                ids = [next(person_ids) for _ in range(members)]
                accounts.append((org_id, checkdigit.with_check_digit(str(1_000_000 + index)),
                                 unit_ids[i], ids[0], opened, closed))
                leaves = members > 1 and rng.random() < 0.02
                for j, person_id in enumerate(ids):
                    residents.append([org_id, None, person_id, dt.date(2015 + j, 3, 1),
                                      mid if leaves and j == members - 1 else None])
            last = _last_id(Account)
            write_account(accounts)
            account_ids = _new_ids(Account, last)
            people_of = iter(households)
            position = 0
            for account_id in account_ids:
                members = next(people_of)
                for row in residents[position:position + members]:
                    row[1] = account_id
                position += members
            write_resident(tuple(row) for row in residents)
            memberships = []
            for i, account_id in enumerate(account_ids):
                if rng.random() < BENEFIT_SHARE:
                    category = catalogue["categories"][rng.random() < 1 / 3]
                    memberships.append((org_id, account_id, category.pk, dt.date(2024, 1, 1),
                                        min(households[i], rng.randint(1, 2)),
                                        f"PC-{start + i:07d}"))
            write_membership(memberships)
            meters = []
            for i, account_id in enumerate(account_ids):
                building_id = building_ids[(start + i) % n_buildings]
                for code, _name, _unit, _rates, _norm, digits, _range in METERED:
                    expired = rng.random() < 0.01
                    meters.append((org_id, services[code].pk, account_id, building_id,
                                   f"{code[:2]}{start + i:08d}", digits, dt.date(2020, 1, 1),
                                   dt.date(2026, 6, 30) if expired else dt.date(2030, 12, 31)))
            last = _last_id(Meter)
            write_meter(meters)
            meter_ids = _new_ids(Meter, last)
            readings = []
            for number, meter_id in enumerate(meter_ids):
                _code, _name, _unit, _rates, _norm, digits, (low, high) = METERED[number % 5]
                roll = rng.random()
                kind = "stale" if roll < 0.005 else "no_november" if roll < 0.045 else "full"
                readings.extend(_readings(rng, org_id, meter_id, digits, low, high, kind))
            write_reading(readings)
        counts["accounts"] += len(account_ids)
        counts["people"] += len(people)
        counts["residents"] += len(residents)
        counts["benefits"] += len(memberships)
        counts["meters"] += len(meter_ids)
        counts["readings"] += len(readings)
        progress(stop - start)
    return counts
