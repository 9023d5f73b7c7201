"""What the demo organizations bill: services, tariffs, subscriptions, meters and readings.

``Utilities.setup`` writes the organization's services, their tariffs (a version from the
first of January, one price change in the last issued month), the billing settings, and the
services each benefit category discounts. ``Utilities.equip`` adds, for each building the
generator settles, its subscriptions (the elevator only above five floors), the meters and
readings of its accounts (``readings.MeterMaker``), and the odd event: one building's own
maintenance price, a couple of residents away for a while, one interruption.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from abonent.accounts.models import Account, BenefitCategory, Resident
from abonent.billing.models import Absence, BillingSettings, Interruption
from abonent.core import audit
from abonent.demo.catalogue import CATALOGUES, Calendar, ServiceSpec
from abonent.demo.estate import BuildingPlan
from abonent.demo.households import random_date
from abonent.demo.readings import MeterMaker
from abonent.demo.settle import Batch
from abonent.tariffs.choices import DistributionBasis, Scope
from abonent.tariffs.models import Service, Subscription, Tariff, TariffVersion, parse_bands

ABSENCES = 3  # per organization: "a couple of residents away"


class Utilities:
    def __init__(self, rng: random.Random, profile_key: str, organization, calendar: Calendar):
        self.rng = rng
        self.catalogue = CATALOGUES[profile_key]
        self.organization = organization
        self.calendar = calendar
        self.services: dict[str, Service] = {}
        self.meters: MeterMaker | None = None
        self.overridden = False
        self.interrupted = False
        self.absences = 0

    # -- the organization ---------------------------------------------------------------------
    def setup(self, categories: list[BenefitCategory]) -> int:
        """Services, organization tariffs and billing settings; returns the audit rows."""
        org, cal = self.organization, self.calendar
        for position, spec in enumerate(self.catalogue.services, start=1):
            self.services[spec.code] = Service(
                organization=org, code=spec.code, name=spec.name, unit=spec.unit,
                method=spec.method, tax_rate=Decimal(spec.tax_rate), tax_mode=spec.tax_mode,
                base_service=self.services[spec.base] if spec.base else None,
                distribution=DistributionBasis.AREA,
                cap_per_unit=Decimal(spec.cap) if spec.cap else None, position=position * 10)
        services = list(self.services.values())
        # A common service points at its measured service: that one is written first.
        Service.objects.bulk_create([s for s in services if s.base_service is None])
        Service.objects.bulk_create([s for s in services if s.base_service is not None])
        tariffs, versions = [], []
        for spec in self.catalogue.services:
            tariff = Tariff(organization=org, service=self.services[spec.code],
                            scope=Scope.ORGANIZATION)
            tariffs.append(tariff)
            until = cal.price_change - dt.timedelta(days=1) if spec.new_rate else None
            versions.append(self._version(tariff, spec, cal.tariffs_from, spec.rate, until))
            if spec.new_rate:
                versions.append(self._version(tariff, spec, cal.price_change, spec.new_rate))
        Tariff.objects.bulk_create(tariffs)
        TariffVersion.objects.bulk_create(versions)
        settings = BillingSettings(organization=org, **self.catalogue.settings)
        BillingSettings.objects.bulk_create([settings])
        rows = audit.record_bulk_create([*services, *tariffs, *versions, settings])
        for category in categories:  # each assignment is audited as the category's update
            codes = self.catalogue.benefit_services.get(category.code, ())
            category.services.set([self.services[code] for code in codes])
        self.meters = MeterMaker(self.rng, self.catalogue, org, cal, self.services)
        return rows

    def _version(self, tariff: Tariff, spec: ServiceSpec, start: dt.date, rate: str,
                 until: dt.date | None = None) -> TariffVersion:
        return TariffVersion(
            organization=self.organization, tariff=tariff, effective_from=start,
            effective_until=until, rate=Decimal(rate) if rate else None,
            norm=Decimal(spec.norm) if spec.norm is not None else None,
            bands=parse_bands(spec.bands) if spec.bands else [])

    # -- a building ---------------------------------------------------------------------------
    def equip(self, plan: BuildingPlan, batch: Batch, accounts: list[Account],
              residents: list[Resident]) -> None:
        building, org = plan.building, self.organization
        for spec in self.catalogue.services:
            if spec.min_floors and (building.floors or 0) < spec.min_floors:
                continue
            batch.subscriptions.append(Subscription(
                organization=org, service=self.services[spec.code], building=building,
                date_from=building.management_start))
        if not self.overridden:  # the first building has its own maintenance contract
            self._override(plan, batch)
        meters, readings = self.meters.equip(plan, accounts, residents)
        batch.meters.extend(meters)
        batch.readings.extend(readings)
        self._absences(batch, residents)
        self._interruption(plan, batch)

    def _override(self, plan: BuildingPlan, batch: Batch) -> None:
        spec = next(s for s in self.catalogue.services if s.building_rate)
        b = plan.building
        tariff = Tariff(organization=self.organization, service=self.services[spec.code],
                        scope=Scope.BUILDING, building=b,
                        name=self.catalogue.texts["override"].format(street=b.street,
                                                                     number=b.house_number))
        batch.tariffs.append(tariff)
        batch.versions.append(self._version(tariff, spec, self.calendar.tariffs_from,
                                            spec.building_rate))
        self.overridden = True

    def _absences(self, batch: Batch, residents: list[Resident]) -> None:
        """A resident away for a few weeks of the billed months (a student, a long trip)."""
        cal, rng = self.calendar, self.rng
        first = cal.issued[0]
        for resident in residents:
            if self.absences >= ABSENCES:
                return
            account = resident.account
            if resident.date_from >= first or resident.date_to is not None or \
                    account.closed_on is not None or rng.random() > 0.05:
                continue
            start = random_date(rng, first, first + dt.timedelta(days=45))
            end = min(start + dt.timedelta(days=rng.randint(20, 70)), cal.as_of)
            self.absences += 1
            batch.absences.append(Absence(
                organization=self.organization, account=account, person=resident.person,
                date_from=start, date_to=end,
                document_ref=self.catalogue.texts["absence"].format(
                    year=start.year, number=rng.randint(1, 99999))))

    def _interruption(self, plan: BuildingPlan, batch: Batch) -> None:
        spec = self.catalogue.interruption
        if self.interrupted or (plan.building.floors or 0) < spec.needs_floors:
            return
        start = self.calendar.issued[1] + dt.timedelta(days=7)
        batch.interruptions.append(Interruption(
            organization=self.organization, building=plan.building,
            service=self.services[spec.service], kind=spec.kind, date_from=start,
            date_to=start + dt.timedelta(days=13), reduction_percent=Decimal(spec.percent),
            reason=spec.reason))
        self.interrupted = True

