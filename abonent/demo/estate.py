"""Demo buildings and their units: entrances, floors and numbering consistent with the building.

Apartments are 25 to 140 m² by number of rooms; Soviet blocks have smaller flats than new
buildings; new buildings have shops on the ground floor and underground parking.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from abonent.demo.households import random_date, weighted
from abonent.demo.places import BuildingType, District, Profile
from abonent.property.choices import UnitKind
from abonent.property.models import Building, Unit

ROOM_AREAS = {0: (25, 34), 1: (28, 45), 2: (40, 68), 3: (58, 98), 4: (80, 130), 5: (100, 140)}
OLD_BUILDING_ROOM_BONUS = 1.15  # pre-1921 houses have large rooms
M2 = Decimal("0.01")
SOVIET_YEAR = 1991


def area(value: float) -> Decimal:
    return Decimal(str(round(value, 1))).quantize(M2)


@dataclass
class BuildingPlan:
    building: Building
    btype: BuildingType
    units: list[Unit] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        return (self.building.year_built or 0) >= SOVIET_YEAR


class EstatePlanner:
    def __init__(self, rng: random.Random, profile: Profile, organization, branches: dict,
                 as_of: dt.date):
        self.rng = rng
        self.profile = profile
        self.organization = organization
        self.branches = branches
        self.as_of = as_of
        self.used_addresses: set[tuple[str, str]] = set()
        self.count = 0

    def building(self, max_units: int | None = None) -> BuildingPlan:
        """The next building; with ``max_units`` it has fewer entrances, to end a data set."""
        rng = self.rng
        self.count += 1
        districts = self.profile.districts
        district: District = rng.choices(districts, weights=[d.weight for d in districts])[0]
        btype = self.profile.building_types[weighted(rng, district.types)]
        year = rng.randint(*btype.years)
        floors = rng.randint(*btype.floors)
        entrances = rng.randint(*btype.entrances)
        per_floor = rng.randint(*btype.per_floor)
        flat_floors = floors - 1 if btype.shops_on_ground_floor else floors
        if max_units is not None:
            entrances = max(1, min(entrances, math.ceil(max_units / (per_floor * flat_floors))))
            if per_floor * flat_floors > max_units:  # the last of a small data set: lower
                flat_floors = max(1, math.ceil(max_units / per_floor))
                floors = flat_floors + (1 if btype.shops_on_ground_floor else 0)
        street, number = self._address(district)
        building = Building(
            organization=self.organization, code=f"{district.branch}-{self.count:04d}",
            branch=self.branches[district.branch], city=district.city, street=street,
            house_number=number, postal_code=rng.choice(district.postal_codes),
            floors=floors, entrances=entrances, year_built=year,
            management_start=self._management_start(year),
        )
        plan = BuildingPlan(building, btype)
        self._flats(plan, per_floor, flat_floors)
        self._commercial(plan)
        self._parking(plan)
        flats = sum(u.area for u in plan.units if u.kind == UnitKind.APARTMENT)
        everything = sum((u.area for u in plan.units), Decimal(0))
        building.living_area = flats.quantize(M2) if flats else None
        building.common_area = (everything * Decimal(str(rng.uniform(0.12, 0.2)))).quantize(M2)
        building.total_area = (everything + building.common_area).quantize(M2)
        return plan

    def _address(self, district: District) -> tuple[str, str]:
        rng = self.rng
        for attempt in range(100):
            street = rng.choice(district.streets)
            number = str(rng.randint(1, 180))
            if self.profile.key == "ge" and rng.random() < 0.08:
                number += rng.choice("აბ")
            if attempt >= 20:  # a big data set: blocks of one estate, "12/3"
                number = f"{number}/{self.count}"
            if (street, number) not in self.used_addresses:
                self.used_addresses.add((street, number))
                return street, number
        raise RuntimeError("no free address left")  # unreachable: number/count is unique

    def _management_start(self, year: int) -> dt.date:
        earliest = max(dt.date(2012, 1, 1), dt.date(year + 1, 1, 1))
        latest = max(earliest, self.as_of - dt.timedelta(days=400))
        return random_date(self.rng, earliest, latest).replace(day=1)

    def _unit(self, plan: BuildingPlan, **kwargs) -> Unit:
        unit = Unit(organization=self.organization, building=plan.building, **kwargs)
        plan.units.append(unit)
        return unit

    def _flats(self, plan: BuildingPlan, per_floor: int, flat_floors: int) -> None:
        rng, b = self.rng, plan.building
        first_floor = 2 if plan.btype.shops_on_ground_floor else 1
        seq = 0
        for entrance in range(1, b.entrances + 1):
            for floor in range(first_floor, first_floor + flat_floors):
                for position in range(1, per_floor + 1):
                    seq += 1
                    rooms = weighted(rng, plan.btype.rooms)
                    low, high = ROOM_AREAS[rooms]
                    if plan.btype.key == "old_tbilisi":
                        low, high = low * OLD_BUILDING_ROOM_BONUS, 140
                    size = area(min(140.0, rng.uniform(low, high)))
                    self._unit(plan, kind=UnitKind.APARTMENT,
                               number=self._number(b, seq, entrance, floor, position),
                               entrance=entrance, floor=floor, area=size,
                               living_area=area(float(size) * rng.uniform(0.55, 0.72)),
                               rooms=max(1, rooms))

    def _number(self, b: Building, seq: int, entrance: int, floor: int, position: int) -> str:
        if self.profile.numbering == "floor":  # Brazil: apto 1204, Bloco B: B-1204
            number = f"{floor}{position:02d}"
            return f"{'ABCDEF'[entrance - 1]}-{number}" if b.entrances > 1 else number
        return str(seq)

    def _commercial(self, plan: BuildingPlan) -> None:
        rng = self.rng
        count = rng.randint(*plan.btype.commercial)
        label = "Loja {}" if self.profile.key == "br" else "C{}"
        if plan.btype.shops_on_ground_floor:
            for i in range(1, count + 1):
                self._unit(plan, kind=UnitKind.COMMERCIAL, number=label.format(i), floor=1,
                           area=area(rng.uniform(30, 260)), rooms=rng.randint(1, 4))
            return
        # In old blocks a ground-floor flat is converted into a shop and keeps its number.
        ground = [u for u in plan.units if u.floor == 1]
        for unit in rng.sample(ground, min(count, len(ground))):
            unit.kind = UnitKind.COMMERCIAL
            unit.living_area = None

    def _parking(self, plan: BuildingPlan) -> None:
        rng = self.rng
        count = rng.randint(*plan.btype.parking)
        count = min(count, sum(u.kind == UnitKind.APARTMENT for u in plan.units))
        label = "Vaga {:03d}" if self.profile.key == "br" else "P-{:03d}"
        for i in range(1, count + 1):
            self._unit(plan, kind=UnitKind.PARKING, number=label.format(i),
                       floor=-1 if i <= 40 else -2, area=area(rng.uniform(12.5, 18.0)))
