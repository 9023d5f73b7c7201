"""A small building for billing tests, with numbers easy to check by hand.

Building "Rustaveli 12" (common area 100 m2), November 2026 (30 days):

* flat 1: 50 m2, 2 residents, a cold-water meter read 100.000 on 2026-10-25 and 110.000 on
  2026-11-25 (10 m3), a pensioner benefit of 50% on maintenance;
* flat 2: 70 m2, 3 residents, no meter (cold water by norm 3.5 m3 per resident);
* a building meter for common cold water read 500.000 and 540.000 (40 m3).

Services (all subscribed by the building): cold water metered 3.25 GEL/m3 (norm 3.5),
maintenance 0.85 GEL per m2, waste 4.50 GEL per resident, common water distributed by area
at 3.25 GEL/m3.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D

from abonent.testing import factories as f

NOV = dt.date(2026, 11, 1)


@dataclass
class Building:
    organization: object
    building: object
    flat1: object
    flat2: object
    water: object
    maintenance: object
    waste: object
    common: object
    meter: object
    building_meter: object


def service(org, building, code, method, rate, *, unit="m³", norm=None, **fields):
    svc = f.ServiceFactory(organization=org, code=code, name=code.title(), unit=unit,
                           method=method, position=len(code), **fields)
    tariff = f.TariffFactory(service=svc)
    f.TariffVersionFactory(tariff=tariff, effective_from=dt.date(2026, 1, 1), rate=D(rate),
                           norm=None if norm is None else D(norm))
    f.SubscriptionFactory(organization=org, building=building, service=svc,
                          date_from=dt.date(2026, 1, 1))
    return svc


def build(organization=None, suffix: str = "") -> Building:
    """The building; ``suffix`` tells the services of several such buildings apart."""
    org = organization or f.OrganizationFactory()
    building = f.BuildingFactory(organization=org, common_area=D("100.00"))
    flat1 = f.AccountFactory(unit=f.UnitFactory(building=building, area=D("50.00")))
    flat2 = f.AccountFactory(unit=f.UnitFactory(building=building, area=D("70.00")))
    for account, residents in ((flat1, 2), (flat2, 3)):
        for _ in range(residents):
            f.ResidentFactory(account=account, date_from=dt.date(2025, 1, 1))
    water = service(org, building, "WATER" + suffix, "metered", "3.25", norm="3.5")
    maintenance = service(org, building, "MAINT" + suffix, "per_area", "0.85", unit="m²")
    waste = service(org, building, "WASTE" + suffix, "per_resident", "4.50", unit="")
    common = service(org, building, "WATER-COMMON" + suffix, "common", "3.25",
                     base_service=water)
    meter = f.MeterFactory(account=flat1, service=water)
    f.ReadingFactory(meter=meter, date=dt.date(2026, 10, 25), value=D("100.000"))
    f.ReadingFactory(meter=meter, date=dt.date(2026, 11, 25), value=D("110.000"))
    building_meter = f.MeterFactory(account=None, building=building, organization=org,
                                    service=common)
    f.ReadingFactory(meter=building_meter, date=dt.date(2026, 10, 25), value=D("500.000"))
    f.ReadingFactory(meter=building_meter, date=dt.date(2026, 11, 25), value=D("540.000"))
    pensioner = f.BenefitCategoryFactory(organization=org, code="PENS" + suffix,
                                         name="pensioner")
    pensioner.services.set([maintenance])
    f.BenefitMembershipFactory(account=flat1, category=pensioner)
    return Building(org, building, flat1, flat2, water, maintenance, waste, common, meter,
                    building_meter)
