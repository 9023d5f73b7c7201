"""Demo meters and a year of their monthly readings, as real meter data looks.

Most flats and shops have a meter for each metered service; the rest are billed by the norm.
Each household uses what its residents, its area and the season make it use, times a factor
of its own. Readings come on about the 25th from staff, the portal, the water utility's file
or (electricity in new buildings) telemetry. Real data has gaps, so some months have no
reading (the run estimates them), a few owners stopped reading altogether (estimates run out
and the norm takes over), a few readings are typos many times the usual consumption (held
for review), a few meters' verification has expired (billed by the norm with a factor) and a
few old four-digit dials roll over. A building meter counts the whole building's water:
what the flats use, the common use and the losses.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from abonent.accounts.models import Account, Resident
from abonent.demo.catalogue import Calendar, Catalogue, ServiceSpec
from abonent.demo.estate import SOVIET_YEAR, BuildingPlan
from abonent.demo.households import random_date, weighted, years_before
from abonent.metering.choices import ReadingSource, ReadingStatus
from abonent.metering.models import Meter, Reading
from abonent.property.choices import UnitKind
from abonent.tariffs.choices import ChargeMethod
from abonent.tariffs.models import Service

MISSING_SHARE = 0.04  # of monthly readings
STOPPED_SHARE = 0.015  # of meters: no reading since the first billed month
HELD_SHARE = 0.006  # of readings: a typo far above the usual consumption
EXPIRED_SHARE = 0.015  # of meters: the verification ran out during the billed months
OLD_DIAL_SHARE = 0.03  # of water meters in Soviet-era blocks: four digits, near the end
SOURCES = {ReadingSource.STAFF: 35, ReadingSource.PORTAL: 35, ReadingSource.IMPORT: 30}
READING_DAY = 25


@dataclass
class Household:
    """An account as its meters see it: the unit, the dates, the residents over time."""

    account: Account
    stays: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)

    def residents(self, day: dt.date) -> int:
        return sum(1 for start, end in self.stays if start <= day and (end is None or day <= end))

    def active(self, day: dt.date) -> bool:
        a = self.account
        return a.opened_on <= day and (a.closed_on is None or day <= a.closed_on)


def places(spec: ServiceSpec) -> Decimal:
    """kWh are read whole; m³ to the litre."""
    return Decimal(1) if spec.unit == "kWh" else Decimal("0.001")


class MeterMaker:
    def __init__(self, rng: random.Random, catalogue: Catalogue, organization,
                 calendar: Calendar, services: dict[str, Service]):
        self.rng = rng
        self.catalogue = catalogue
        self.organization = organization
        self.calendar = calendar
        self.services = services
        self.serial = 0
        self.meters: list[Meter] = []
        self.readings: list[Reading] = []
        self.metered = [s for s in catalogue.services if s.meter is not None]
        self.common = [s for s in catalogue.services if s.method == ChargeMethod.COMMON]

    def equip(self, plan: BuildingPlan, accounts: list[Account],
              residents: list[Resident]) -> tuple[list[Meter], list[Reading]]:
        """Meters and readings of one building's accounts (and its building meter)."""
        self.meters, self.readings = [], []
        households = {id(a): Household(a) for a in accounts}
        for r in residents:
            households[id(r.account)].stays.append((r.date_from, r.date_to))
        # What every household uses each month, metered or not: the building meter counts it.
        usage: dict[str, list[dict[dt.date, float]]] = {}
        for spec in self.metered:
            usage[spec.code] = []
            for household in households.values():
                monthly = self._usage(spec, plan, household)
                usage[spec.code].append(monthly)
                if self._has_meter(spec, plan, household.account):
                    self._meter(spec, plan, household, monthly)
        for spec in self.common:
            if self.rng.random() < spec.building_meters:
                self._building_meter(spec, plan, usage[spec.base])
        return self.meters, self.readings

    # -- consumption --------------------------------------------------------------------------
    def _usage(self, spec: ServiceSpec, plan: BuildingPlan,
               household: Household) -> dict[dt.date, float]:
        rng, use, unit = self.rng, spec.meter.usage, household.account.unit
        factor = rng.uniform(0.6, 1.45)
        result = {}
        for month in self.calendar.months:
            day = month.replace(day=READING_DAY)
            if not household.active(day):
                result[month] = 0.0
                continue
            if unit.kind == UnitKind.COMMERCIAL:
                amount = use.per_shop_m2 * float(unit.area)
            else:
                amount = (use.base + use.per_resident * household.residents(day)
                          + use.heating_per_m2 * float(unit.area) * use.heating.get(
                              month.month, 0.0))
            result[month] = amount * use.season.get(month.month, 1.0) * factor * \
                rng.uniform(0.85, 1.15)
        return result

    def _has_meter(self, spec: ServiceSpec, plan: BuildingPlan, account: Account) -> bool:
        if account.closed_on is not None and account.closed_on < self.calendar.months[0]:
            return False  # gone before the readings this demo shows
        if account.unit.kind == UnitKind.APARTMENT:
            return self.rng.random() < spec.meter.share.get(plan.btype.key, 0.9)
        if account.unit.kind == UnitKind.COMMERCIAL:
            return self.rng.random() < spec.meter.shops
        return False  # parking spaces

    # -- meters -------------------------------------------------------------------------------
    def _new_meter(self, spec: ServiceSpec, building, account: Account | None, digits: int,
                   installed: dt.date, verified_until: dt.date, initial: Decimal,
                   prefix: str) -> Meter:
        self.serial += 1
        meter = Meter(organization=self.organization, service=self.services[spec.code],
                      account=account, building=building,
                      serial=f"{prefix}{installed:%y}{self.serial:06d}", digits=digits,
                      initial_value=initial, installed_on=installed,
                      verified_until=verified_until,
                      removed_on=account.closed_on if account is not None else None)
        self.meters.append(meter)
        return meter

    def _meter(self, spec: ServiceSpec, plan: BuildingPlan, household: Household,
               monthly: dict[dt.date, float]) -> None:
        rng, cal, meter_spec = self.rng, self.calendar, spec.meter
        account = household.account
        first_month = cal.months[0]
        years = meter_spec.verification_years
        if rng.random() < EXPIRED_SHARE:
            verified_until = random_date(rng, cal.issued[0] - dt.timedelta(days=45),
                                         cal.preview - dt.timedelta(days=1))
            installed = years_before(verified_until, years)
        else:
            installed = random_date(rng, years_before(cal.as_of, years - 1),
                                    first_month - dt.timedelta(days=20))
            verified_until = years_before(installed, -years)
        new = account.opened_on >= first_month - dt.timedelta(days=20)
        if new:  # a new owner or a new flat: a new meter from the first day
            installed = account.opened_on
            verified_until = years_before(installed, -years)
        installed = max(installed, account.opened_on)
        digits = meter_spec.digits
        step = places(spec)
        average = sum(monthly.values()) / max(1, sum(1 for v in monthly.values() if v))
        start = Decimal(0) if new else Decimal(rng.randint(0, 30))
        prior = Decimal(0) if new else Decimal(str(round(
            average * max(0, (first_month - installed).days) / 30.4, 0)))
        if (not new and spec.code == self._base_code() and plan.building.year_built
                and plan.building.year_built < SOVIET_YEAR and rng.random() < OLD_DIAL_SHARE):
            digits = 4  # an old dial about to roll over
            start = Decimal(10**4) - Decimal(rng.randint(5, 40)) - prior
            if start < 0:
                digits, start = meter_spec.digits, Decimal(0)
        capacity = Decimal(10) ** digits
        meter = self._new_meter(spec, plan.building, account, digits, installed,
                                verified_until, start % capacity, rng.choice(meter_spec.brands))
        telemetry = meter_spec.telemetry and (plan.building.year_built or 0) >= 2006
        stopped = not new and rng.random() < STOPPED_SHARE
        self._read(meter, monthly, start, prior, capacity, step, telemetry=telemetry,
                   stop=cal.issued[0] if stopped else None, average=average)

    def _read(self, meter: Meter, monthly: dict[dt.date, float], installed: Decimal,
              prior: Decimal, capacity: Decimal, step: Decimal, *, telemetry: bool,
              stop: dt.date | None, average: float) -> None:
        """Readings on about the 25th. ``counter`` is what the meter has counted since it
        was made (the dial shows it modulo its capacity); ``prior`` what it counted before
        the first month shown. Consumption is since the last accepted reading, or since
        the installation for the first one."""
        rng, cal = self.rng, self.calendar
        accepted = installed  # the counter at the last accepted reading
        counter = installed + prior
        previous_day = max(meter.installed_on, cal.months[0] - dt.timedelta(days=7))
        days = []
        for month in cal.months:
            day = month.replace(day=READING_DAY + rng.randint(-2, 2))
            if meter.installed_on < day <= cal.as_of and (
                    meter.removed_on is None or day < meter.removed_on):
                days.append((month, day))
        if meter.removed_on is not None and meter.removed_on <= cal.as_of:
            days.append((meter.removed_on.replace(day=1), meter.removed_on))  # move-out
        for month, day in days:
            counter += (Decimal(str(monthly.get(month, 0.0))) * min(
                (day - previous_day).days, 31) / 31).quantize(step)
            previous_day = day
            if (stop is not None and month >= stop) or (
                    day != meter.removed_on and rng.random() < MISSING_SHARE):
                continue
            value, status, reason = counter, ReadingStatus.ACCEPTED, ""
            if rng.random() < HELD_SHARE and average > 0:
                times = rng.randint(6, 15)
                value = counter + Decimal(str(round(average * times))).quantize(step)
                status = ReadingStatus.HELD
                reason = self.catalogue.texts["held"].format(times=times)
            rollover = value // capacity > accepted // capacity
            self.readings.append(Reading(
                organization=self.organization, meter=meter, date=day,
                value=value % capacity, source=ReadingSource.TELEMETRY if telemetry
                else weighted(rng, SOURCES), status=status, reason=reason,
                rollover=rollover, consumption=(value - accepted) * meter.multiplier))
            if status == ReadingStatus.ACCEPTED:
                accepted = value

    def _base_code(self) -> str:
        return self.common[0].base if self.common else ""

    def _building_meter(self, spec: ServiceSpec, plan: BuildingPlan,
                        households: list[dict[dt.date, float]]) -> None:
        """The building's water meter: the flats' use, the common use and the losses."""
        rng, cal, building = self.rng, self.calendar, plan.building
        installed = random_date(rng, years_before(cal.as_of, 5),
                                cal.months[0] - dt.timedelta(days=30))
        start = Decimal(rng.randint(1000, 90000))
        meter = self._new_meter(spec, building, None, 7, installed,
                                years_before(installed, -6), start, "B")
        losses = rng.uniform(1.04, 1.09)
        common_area = float(building.common_area or 0)
        monthly = {}
        for month in cal.months:
            flats = sum(h.get(month, 0.0) for h in households)
            monthly[month] = flats * losses + common_area * 0.03 * rng.uniform(0.7, 1.3)
        counter, accepted = start, start
        for month in cal.months:
            day = month.replace(day=READING_DAY)
            if day > cal.as_of:
                continue
            counter += Decimal(str(round(monthly[month], 3)))
            self.readings.append(Reading(
                organization=self.organization, meter=meter, date=day, value=counter,
                source=ReadingSource.STAFF, consumption=counter - accepted))
            accepted = counter
