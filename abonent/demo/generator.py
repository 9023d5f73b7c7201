"""Building a demo organization: ``generate(organization_slug=..., accounts=N, seed=S)``.

The same seed, size, profile and reference date always give the same rows (only primary
keys and timestamps differ), so benchmarks and tests can rely on the data. Rows are written
with ``bulk_create`` in chunks of about 500 accounts, each chunk followed by its audit
rows (bulk statements send no signals), all inside one transaction: a failed run leaves
nothing behind. Each building comes with what is billed there (services, tariffs,
subscriptions, meters and a year of readings: ``utilities``); then the billing engine bills
the last months (``billing``). The quick-search index is rebuilt at the end.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from abonent.accounts.models import (
    Account,
    BenefitCategory,
    BenefitMembership,
    Resident,
)
from abonent.accounts.services import lock_organization, next_account_numbers
from abonent.billing.models import Absence, Interruption
from abonent.core import audit
from abonent.core.choices import AuditSource
from abonent.core.models import Branch, Organization
from abonent.demo import identifiers as ids
from abonent.demo.billing import BillingFailed, bill
from abonent.demo.catalogue import CATALOGUES, Calendar
from abonent.demo.estate import EstatePlanner
from abonent.demo.households import PeopleMaker
from abonent.demo.places import PROFILES, Profile
from abonent.demo.settle import Batch, Settler
from abonent.demo.utilities import Utilities
from abonent.metering.models import Meter, Reading
from abonent.people.models import Ownership, Person
from abonent.property.models import Building, Unit
from abonent.tariffs.models import Subscription, Tariff, TariffVersion

if TYPE_CHECKING:
    from collections.abc import Iterator

#: The day the demo data describes: ownership, residence, benefits and readings are dated up
#: to it; its month's readings are in and its bill waits for review, the three months before
#: are issued. Fixed, so that a seed gives the same data next year; pass ``as_of`` to move it.
AS_OF = dt.date(2026, 11, 28)
#: The audit trail's "detail" of every row the generator writes; ``--reset`` looks for it.
AUDIT_DETAIL = "abonent demo"
CHUNK_ACCOUNTS = 500
BULK_BATCH = 500


class DemoError(Exception):
    """The demo cannot be built as asked (the organization exists and holds data, ...)."""


@dataclass
class DemoSummary:
    organization_id: int
    slug: str
    name: str
    profile: str
    seed: int
    as_of: dt.date
    buildings: int = 0
    units: int = 0
    persons: int = 0
    ownerships: int = 0
    accounts: int = 0
    residents: int = 0
    benefit_memberships: int = 0
    subscriptions: int = 0
    meters: int = 0
    readings: int = 0
    billing_runs: int = 0
    charges: int = 0
    ledger_entries: int = 0
    receipts: int = 0
    audit_entries: int = 0
    search_entries: int = 0
    seconds: float = 0.0

    def count(self, batch: Batch) -> None:
        self.buildings += len(batch.buildings)
        self.units += len(batch.units)
        self.persons += len(batch.persons)
        self.ownerships += len(batch.ownerships)
        self.accounts += len(batch.accounts)
        self.residents += len(batch.residents)
        self.benefit_memberships += len(batch.memberships)
        self.subscriptions += len(batch.subscriptions)
        self.meters += len(batch.meters)
        self.readings += len(batch.readings)


def generate(organization_slug: str = "demo", accounts: int = 1500, seed: int = 1,
             progress: bool = True, profile: str = "ge", as_of: dt.date = AS_OF,
             reindex: bool = True, billing: bool = True) -> DemoSummary:
    """Build a demo organization with ``accounts`` personal accounts.

    Creates the organization ``organization_slug`` (or fills it if it exists and is empty)
    with branches, benefit categories, buildings, units, people, ownership, accounts,
    residents and benefit memberships, services, tariffs, meters and readings, and bills
    the months before ``as_of``. ``profile`` is ``"ge"`` (Tbilisi and Batumi) or ``"br"``
    (São Paulo). ``billing=False`` leaves out everything billed (services to runs): people
    and property alone, the same as with it. Raises ``DemoError`` if the organization
    already holds data.
    """
    if accounts < 1:
        raise DemoError(_("The demo needs at least one account."))
    if profile not in PROFILES:
        raise DemoError(_("Unknown demo profile %(profile)s; choose one of %(choices)s.")
                        % {"profile": profile, "choices": ", ".join(PROFILES)})
    started = time.perf_counter()
    prof = PROFILES[profile]
    rng = random.Random(f"abonent-demo:{profile}:{seed}")
    # Its own stream, so that the billing data does not move the people and buildings.
    billing_rng = random.Random(f"abonent-demo-billing:{profile}:{seed}")
    calendar = Calendar(as_of)
    outer = audit.current()
    detail = f"{AUDIT_DETAIL} --seed {seed} ({profile})"
    with audit.audit_context(source=AuditSource.COMMAND, detail=detail, user=outer.user), \
            transaction.atomic():
        org = _organization(organization_slug, prof, rng)
        summary = DemoSummary(organization_id=org.pk, slug=org.slug, name=org.name,
                              profile=profile, seed=seed, as_of=as_of)
        lock_organization(org.pk)
        numbers = iter(next_account_numbers(org.pk, accounts))
        branches = _branches(org, prof)
        benefits = _benefit_categories(org, prof)
        utilities = Utilities(billing_rng, profile, org, calendar)
        if billing:
            summary.audit_entries += utilities.setup([c for _spec, c in benefits])
        people = PeopleMaker(rng, prof, org, as_of)
        planner = EstatePlanner(rng, prof, org, branches, as_of)
        settler = Settler(rng, prof, people, benefits, as_of)
        made = 0
        with tqdm(total=accounts, desc=f"demo {org.slug}", unit=" accounts", file=sys.stderr,
                  disable=not progress, dynamic_ncols=True) as bar:
            while made < accounts:
                # Small data sets still get several (smaller) buildings.
                plan = planner.building(max_units=min(accounts - made, max(24, accounts // 3)))
                batch = settler.batch
                first_account, first_resident = len(batch.accounts), len(batch.residents)
                made += settler.settle(plan, accounts - made)
                if billing:
                    utilities.equip(plan, batch, batch.accounts[first_account:],
                                    batch.residents[first_resident:])
                if len(batch.accounts) >= CHUNK_ACCOUNTS or made >= accounts:
                    summary.audit_entries += _write(batch, numbers)
                    summary.count(batch)
                    bar.update(len(batch.accounts))
                    settler.batch = Batch()
        if billing:
            try:
                figures = bill(org, calendar, progress=progress)
            except BillingFailed as exc:
                raise DemoError(str(exc)) from exc
            summary.billing_runs, summary.charges = figures.runs, figures.charges
            summary.ledger_entries = figures.ledger_entries
            summary.receipts = figures.receipts
    if reindex:
        from abonent.search.indexing import reindex_organization

        with tqdm(desc=f"search index {org.slug}", unit=" entries", file=sys.stderr,
                  disable=not progress, dynamic_ncols=True) as bar:
            summary.search_entries = reindex_organization(org.pk, progress=bar) or 0
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def _organization(slug: str, profile: Profile, rng: random.Random) -> Organization:
    fields = dict(profile.organization)
    if profile.key == "br":
        fields["tax_id"] = ids.cnpj(rng)
        fields["bank_account"] = ids.iban("BR", f"00000000{rng.randrange(10**5):05d}"
                                          f"{rng.randrange(10**10):010d}C1")
    else:
        fields["bank_account"] = ids.iban("GE", f"BG{rng.randrange(10**16):016d}")
    org = Organization.objects.filter(slug=slug).first()
    if org is None:
        org = Organization(slug=slug, **fields)
    else:
        holds = [m._meta.verbose_name_plural for m in (Building, Person, Account)
                 if m.objects.filter(organization=org).exists()]
        if holds:
            raise DemoError(_("Organization %(slug)s already holds %(what)s; the demo only fills "
                              "a new or empty organization.")
                            % {"slug": slug, "what": ", ".join(map(str, holds))})
        for name, value in fields.items():
            setattr(org, name, value)
    org.full_clean()
    org.save()
    return org


def _branches(org: Organization, profile: Profile) -> dict[str, Branch]:
    branches = {}
    for spec in profile.branches:
        branch = Branch(organization=org, code=spec.code, name=spec.name, kind=spec.kind,
                        address=spec.address, phone=spec.phone)
        branch.full_clean()
        branch.save()
        branches[spec.code] = branch
    return branches


def _benefit_categories(org: Organization, profile: Profile) -> list:
    result = []
    norms = CATALOGUES[profile.key].social_norms
    for spec in profile.benefits:
        norm_kind, norm = norms.get(spec.code, ("", None))
        category = BenefitCategory(organization=org, code=spec.code, name=spec.name,
                                   discount_percent=Decimal(spec.discount),
                                   description=spec.description, closed_on=spec.closed_on,
                                   norm_kind=norm_kind,
                                   norm_per_person=Decimal(norm) if norm else None)
        category.full_clean()
        category.save()
        result.append((spec, category))
    return result


WRITE_ORDER = (
    ("buildings", Building), ("units", Unit), ("persons", Person), ("ownerships", Ownership),
    ("accounts", Account), ("residents", Resident), ("memberships", BenefitMembership),
    ("subscriptions", Subscription), ("tariffs", Tariff), ("versions", TariffVersion),
    ("meters", Meter), ("readings", Reading), ("absences", Absence),
    ("interruptions", Interruption),
)


def _write(batch: Batch, numbers: Iterator[str]) -> int:
    """Insert one chunk (parents before children) and its audit rows; returns audit rows."""
    for account in batch.accounts:
        account.number = next(numbers)
    for name, model in WRITE_ORDER:
        rows = getattr(batch, name)
        model.objects.bulk_create(rows, batch_size=BULK_BATCH)
        # Children point at their parents' keys and the audit rows name them: bulk_create
        # must have set them (PostgreSQL, and SQLite 3.35+ with RETURNING, do).
        if rows and rows[-1].pk is None:
            raise DemoError(_("The database did not return the keys of new rows; the demo "
                              "needs PostgreSQL or SQLite 3.35 or newer."))
    return audit.record_bulk_create(batch.all())
