"""Who owns, rents and lives in each demo unit, over time, and their personal accounts.

Per apartment: owners (sole, spouses 1/2 + 1/2, heirs 1/2 + 1/4 + 1/4 or thirds) since
privatisation or purchase; some flats were sold while under management (the old account is
closed, a new one opened); some are let to tenants (registered as temporary residents).
Shops belong to companies, often let to another; parking spaces to the building's residents.
About a fifth of the accounts hold benefit memberships, with validity dates and documents.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from abonent.accounts.choices import Delivery, ResidencyKind
from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.demo.estate import BuildingPlan
from abonent.demo.households import Member, PeopleMaker, age_on, random_date, weighted, years_before
from abonent.demo.places import BenefitSpec, Profile
from abonent.people.choices import OwnershipKind
from abonent.people.models import Ownership, Person
from abonent.property.choices import UnitKind
from abonent.property.models import Unit

DAY = dt.timedelta(days=1)
HOUSEHOLD_SIZES = {1: 25, 2: 30, 3: 20, 4: 15, 5: 7, 6: 3}
BENEFIT_SHARE = 0.24  # of residential accounts; ~20% of all accounts
HOUSEHOLD_BENEFITS = {"LARGE_FAMILY", "TARIFA_SOCIAL", "COVID19"}  # the whole account


@dataclass
class Batch:
    """Unsaved rows, in the order they are written."""

    buildings: list = field(default_factory=list)
    units: list = field(default_factory=list)
    persons: list = field(default_factory=list)
    ownerships: list = field(default_factory=list)
    accounts: list = field(default_factory=list)
    residents: list = field(default_factory=list)
    memberships: list = field(default_factory=list)
    # what is billed (abonent.demo.utilities)
    subscriptions: list = field(default_factory=list)
    tariffs: list = field(default_factory=list)
    versions: list = field(default_factory=list)
    meters: list = field(default_factory=list)
    readings: list = field(default_factory=list)
    absences: list = field(default_factory=list)
    interruptions: list = field(default_factory=list)

    def all(self) -> list:
        return [*self.buildings, *self.units, *self.persons, *self.ownerships, *self.accounts,
                *self.residents, *self.memberships, *self.subscriptions, *self.tariffs,
                *self.versions, *self.meters, *self.readings, *self.absences,
                *self.interruptions]


class Settler:
    def __init__(self, rng: random.Random, profile: Profile, people: PeopleMaker,
                 benefits: list[tuple[BenefitSpec, BenefitCategory]], as_of: dt.date):
        self.rng = rng
        self.profile = profile
        self.people = people
        self.benefits = benefits
        self.as_of = as_of
        self.organization = people.organization
        self.batch = Batch()
        self._doc = 0

    def settle(self, plan: BuildingPlan, budget: int) -> int:
        """Owners, accounts and residents for the building's units; at most ``budget`` accounts."""
        self.batch.buildings.append(plan.building)
        self.batch.units.extend(plan.units)
        self.owners_here: list[tuple[Person, dt.date]] = []
        made = 0
        for unit in plan.units:
            left = budget - made
            if left <= 0:
                break
            if unit.kind == UnitKind.APARTMENT:
                made += self._apartment(plan, unit, may_sell=left >= 2)
            elif unit.kind == UnitKind.COMMERCIAL:
                made += self._commercial(plan, unit)
            else:
                made += self._parking(plan, unit)
        return made

    # -- helpers ----------------------------------------------------------------------------
    def _start(self, plan: BuildingPlan) -> dt.date:
        """When the unit's account opened: at takeover, or when a new flat was handed over."""
        begin = plan.building.management_start
        if not plan.is_new:
            return begin
        return random_date(self.rng, begin, min(self.as_of - dt.timedelta(days=30),
                                                begin + dt.timedelta(days=540)))

    def _person(self, person: Person) -> Person:
        self.batch.persons.append(person)
        return person

    def _document(self, kind: str, day: dt.date) -> str:
        self._doc += 1
        if self.profile.key == "br":
            if kind == OwnershipKind.TENANT:
                return f"Contrato de locação nº {day.year}/{self._doc:05d}"
            return f"Matrícula nº {self.rng.randint(10000, 299999):,}".replace(",", ".") + \
                f" do {self.rng.randint(1, 18)}º CRI de São Paulo"
        if kind == OwnershipKind.TENANT:
            return f"იჯარის ხელშეკრულება № {day.year}-{self._doc:05d}"
        r = self.rng
        return (f"საჯარო რეესტრი, ს/კ 01.{r.randint(10, 19)}.{r.randint(10, 99)}."
                f"{r.randint(1, 999):03d}.{r.randint(1, 99):03d}.01.{r.randint(500, 599)}")

    def _own(self, unit: Unit, person: Person, num: int, den: int, since: dt.date,
             until: dt.date | None, kind: str = OwnershipKind.OWNER) -> None:
        self.batch.ownerships.append(Ownership(
            organization=self.organization, unit=unit, person=person, kind=kind,
            share_numerator=num, share_denominator=den, date_from=since, date_to=until,
            document_ref=self._document(kind, since)))

    def _account(self, unit: Unit, holder: Person, opened: dt.date,
                 closed: dt.date | None) -> Account:
        if holder.email:
            delivery = weighted(self.rng, {Delivery.EMAIL: 45, Delivery.PORTAL: 25,
                                           Delivery.PAPER: 30})
        else:
            delivery = weighted(self.rng, {Delivery.PAPER: 85, Delivery.PORTAL: 15})
        account = Account(organization=self.organization, unit=unit, holder=holder,
                          opened_on=opened, closed_on=closed, delivery=delivery)
        self.batch.accounts.append(account)
        return account

    def _live(self, account: Account, members: list[Member]) -> None:
        for m in members:
            self._person(m.person)
            self.batch.residents.append(Resident(
                organization=self.organization, account=account, person=m.person, kind=m.kind,
                date_from=m.date_from, date_to=m.date_to))

    # -- units ------------------------------------------------------------------------------
    def _apartment(self, plan: BuildingPlan, unit: Unit, may_sell: bool) -> int:
        rng = self.rng
        start = self._start(plan)
        if plan.is_new:
            owner_since = start
        else:
            earliest = dt.date(max(1993, (plan.building.year_built or 1993) + 1), 1, 1)
            owner_since = random_date(rng, earliest, start)
        if may_sell and (self.as_of - start).days > 800 and rng.random() < 0.12:
            sold = random_date(rng, start + dt.timedelta(days=365),
                               self.as_of - dt.timedelta(days=60))
            self._period(unit, start, sold - DAY, owner_since)
            self._period(unit, sold, None, sold)
            return 2
        self._period(unit, start, None, owner_since)
        return 1

    def _period(self, unit: Unit, start: dt.date, end: dt.date | None,
                owner_since: dt.date) -> None:
        """One owner's time with the unit: their account, household or tenants, benefits."""
        rng = self.rng
        size = weighted(rng, HOUSEHOLD_SIZES)
        if rng.random() < 0.09:  # let to tenants; the owner lives elsewhere
            owner = self._person(self.people.landlord())
            self._own(unit, owner, 1, 1, owner_since, end)
            lease = random_date(rng, start, end or self.as_of - dt.timedelta(days=30))
            members = self.people.household(min(size, 4), lease, end, ResidencyKind.TEMPORARY)
            self._own(unit, members[0].person, 1, 1, lease, end, OwnershipKind.TENANT)
            account = self._account(unit, owner, start, end)
        else:
            members = self.people.household(size, start, end)
            head = members[0].person
            spouse = members[1] if len(members) > 1 else None
            r = rng.random()
            if r < 0.15:
                if spouse and age_on(spouse.birth, start) >= 18:
                    shares = [(head, 1, 2), (spouse.person, 1, 2)]
                else:
                    shares = [(head, 1, 1)]
            elif r < 0.19:  # inherited: siblings who live elsewhere hold shares too
                sib1 = self._person(self.people.landlord())
                sib2 = self._person(self.people.landlord())
                shares = [(head, 1, 3), (sib1, 1, 3), (sib2, 1, 3)] if rng.random() < 0.5 \
                    else [(head, 1, 2), (sib1, 1, 4), (sib2, 1, 4)]
            else:
                shares = [(head, 1, 1)]
            for person, num, den in shares:
                self._own(unit, person, num, den, owner_since, end)
            if end is None:
                self.owners_here.append((head, owner_since))
            account = self._account(unit, head, start, end)
        self._live(account, members)
        if rng.random() < BENEFIT_SHARE:
            self._benefit(account, members, start, end)

    def _commercial(self, plan: BuildingPlan, unit: Unit) -> int:
        rng = self.rng
        start = self._start(plan)
        owner = self._person(self.people.company())
        since = start if plan.is_new else random_date(rng, dt.date(2000, 1, 1), start)
        self._own(unit, owner, 1, 1, since, None)
        if rng.random() < 0.4:  # let to another business, which pays the bills
            tenant = self._person(self.people.company())
            lease = random_date(rng, start, self.as_of - dt.timedelta(days=30))
            self._own(unit, tenant, 1, 1, lease, None, OwnershipKind.TENANT)
            self._account(unit, tenant, lease, None)
        else:
            self._account(unit, owner, start, None)
        return 1

    def _parking(self, plan: BuildingPlan, unit: Unit) -> int:
        rng = self.rng
        start = self._start(plan)
        if self.owners_here and rng.random() < 0.7:
            owner, since = rng.choice(self.owners_here)
            since = max(since, start)
        else:
            owner, _birth = self.people.person(self.people.style(), female=rng.random() < 0.4,
                                               age=rng.randint(25, 70))
            owner, since = self._person(owner), start
        self._own(unit, owner, 1, 1, since, None)
        self._account(unit, owner, since, None)
        return 1

    # -- benefits ---------------------------------------------------------------------------
    def _eligible(self, spec: BenefitSpec, members: list[Member], start: dt.date,
                  end: dt.date | None) -> list:
        if spec.closed_on and start > spec.closed_on:
            return []
        if spec.starts_on and end is not None and end < spec.starts_on:
            return []
        if spec.min_household and len(members) < spec.min_household:
            return []
        return [m for m in members if age_on(m.birth, self.as_of) >= max(spec.min_age, 18)]

    def _benefit(self, account: Account, members: list[Member], start: dt.date,
                 end: dt.date | None) -> None:
        rng = self.rng
        weights = [s.weight for s, _ in self.benefits]
        for _try in range(5):  # a household that fits no category draws again
            spec, category = rng.choices(self.benefits, weights=weights)[0]
            eligible = self._eligible(spec, members, start, end)
            if eligible:
                break
        else:
            return
        member = rng.choice(eligible)
        earliest = max(d for d in (start, member.date_from, spec.starts_on) if d)
        if spec.min_age:
            earliest = max(earliest, years_before(member.birth, -spec.min_age))
        latest = min(d for d in (end, member.date_to, spec.closed_on, self.as_of) if d)
        if earliest > latest:
            return
        valid_from = random_date(rng, earliest, latest)
        person = None if spec.code in HOUSEHOLD_BENEFITS else member.person
        for _renewal in range(4):
            if spec.years_valid:
                years = rng.randint(*spec.years_valid)
                valid_to = years_before(valid_from, -years) - DAY
                if latest < self.as_of:  # the account closed or the person moved out
                    valid_to = min(valid_to, latest)
            else:
                valid_to = min((d for d in (end, member.date_to, spec.closed_on) if d),
                               default=None)
            self.batch.memberships.append(BenefitMembership(
                organization=self.organization, account=account, category=category,
                person=person, valid_from=valid_from, valid_to=valid_to,
                document_ref=self._benefit_document(spec, valid_from)))
            # An expired certificate is often renewed the day after.
            if valid_to is None or valid_to >= latest or rng.random() < 0.4:
                break
            valid_from = valid_to + DAY

    def _benefit_document(self, spec: BenefitSpec, day: dt.date) -> str:
        sign = "nº" if self.profile.key == "br" else "№"
        return f"{spec.document} {sign} {day.year}/{self.rng.randint(1, 999999):06d}"
