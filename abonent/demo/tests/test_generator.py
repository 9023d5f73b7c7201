"""The demo generator builds realistic, valid and reproducible data."""

import re
from collections import defaultdict
from fractions import Fraction

import pytest
from django.apps import apps
from django.db.models import Q

from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.billing.models import Receipt
from abonent.core import checkdigit
from abonent.core.choices import AuditAction, AuditSource
from abonent.core.models import AuditEntry, Branch, Organization
from abonent.demo import identifiers
from abonent.demo.digest import MODELS, organization_digest, row_counts
from abonent.demo.generator import AS_OF, AUDIT_DETAIL, DemoError, generate
from abonent.people.choices import OwnershipKind, PersonKind
from abonent.people.models import Ownership, Person
from abonent.property.choices import UnitKind
from abonent.property.models import Building, Unit
from abonent.tariffs.models import Service

pytestmark = pytest.mark.django_db

GEORGIAN = re.compile("[\u10d0-\u10ff]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
PORTUGUESE_ACCENTS = re.compile("[ãõçáéíóúâêôà]", re.IGNORECASE)


def build(slug, accounts=150, seed=3, profile="ge", billing=True):
    summary = generate(organization_slug=slug, accounts=accounts, seed=seed, profile=profile,
                       progress=False, reindex=False, billing=billing)
    return summary, Organization.objects.get(pk=summary.organization_id)


@pytest.fixture
def demo():
    """People and property (the tests of billing data use ``billed``)."""
    return build("demo-test", billing=False)


@pytest.fixture
def billed():
    return build("demo-test")


@pytest.mark.parametrize("profile", ["ge", "br"])
def test_the_same_seed_builds_the_same_organization(profile):
    _, first = build("first", accounts=60, seed=5, profile=profile)
    _, second = build("second", accounts=60, seed=5, profile=profile)
    _, other = build("other", accounts=60, seed=6, profile=profile)
    assert organization_digest(first) == organization_digest(second)
    assert organization_digest(first) != organization_digest(other)
    assert list(Account.objects.filter(organization=first).values_list("number", flat=True)) \
        == list(Account.objects.filter(organization=second).values_list("number", flat=True))
    # The digest covers what the engine billed: the same readings bill to the same receipts.
    counts = row_counts(first)
    assert counts == row_counts(second)
    assert counts["metering.Reading"] and counts["billing.LedgerEntry"]
    assert list(Receipt.objects.filter(organization=first).order_by("pk").values_list(
        "number", "amount_due")) == list(Receipt.objects.filter(
            organization=second).order_by("pk").values_list("number", "amount_due"))


def test_the_billing_data_leaves_people_and_property_as_they_are():
    _, plain = build("plain", accounts=40, seed=7, billing=False)
    _, billed = build("billed", accounts=40, seed=7)
    people = tuple(m for m in MODELS[:MODELS.index(BenefitMembership) + 1] if m is not Service)
    assert organization_digest(plain, people) == organization_digest(billed, people)
    assert not Receipt.objects.filter(organization=plain).exists()


def test_it_builds_exactly_the_accounts_asked_for_and_reports_its_rows(billed):
    summary, org = billed
    counts = row_counts(org)
    assert counts["accounts.Account"] == summary.accounts == 150
    assert counts["property.Building"] == summary.buildings >= 2
    assert counts["property.Unit"] == summary.units
    assert counts["people.Person"] == summary.persons
    assert counts["people.Ownership"] == summary.ownerships
    assert counts["accounts.Resident"] == summary.residents
    assert counts["accounts.BenefitMembership"] == summary.benefit_memberships
    assert counts["tariffs.Subscription"] == summary.subscriptions
    assert counts["metering.Meter"] == summary.meters
    assert counts["metering.Reading"] == summary.readings
    assert counts["billing.BillingRun"] == summary.billing_runs == 4
    assert counts["billing.Charge"] == summary.charges
    assert counts["billing.LedgerEntry"] == summary.ledger_entries
    assert counts["billing.Receipt"] == summary.receipts
    assert Branch.objects.filter(organization=org).count() == 6
    assert BenefitCategory.objects.filter(organization=org).count() >= 5


def test_every_account_number_is_valid_unique_and_consecutive(demo):
    _, org = demo
    numbers = list(Account.objects.filter(organization=org).order_by("pk")
                   .values_list("number", flat=True))
    assert all(checkdigit.is_valid(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    bodies = [int(n[:-1]) for n in numbers]
    assert bodies == list(range(bodies[0], bodies[0] + len(bodies)))


def test_a_sample_of_every_model_passes_model_validation(billed):
    _, org = billed
    problems = []
    for model in MODELS:
        rows = list(model.objects.filter(organization=org).order_by("pk"))
        assert rows, f"no {model._meta.label} rows"
        step = max(1, len(rows) // 40)
        for obj in rows[::step]:
            try:
                obj.full_clean()
            except Exception as exc:  # collect them all for one readable failure
                problems.append(f"{model._meta.label} {obj.pk} {obj}: {exc}")
    assert problems == []


def test_residents_ownership_and_benefits_have_consistent_dates(demo):
    _, org = demo
    for r in Resident.objects.filter(organization=org).select_related("account", "person"):
        assert r.account.opened_on <= r.date_from <= AS_OF
        if r.date_to:
            assert r.date_from <= r.date_to < AS_OF
        if r.account.closed_on:
            assert r.date_to is not None and r.date_to <= r.account.closed_on
        if r.person.birth_date:
            assert r.person.birth_date < r.date_from
    for o in Ownership.objects.filter(organization=org):
        assert o.date_from <= AS_OF and (o.date_to is None or o.date_from <= o.date_to)
    for m in BenefitMembership.objects.filter(organization=org).select_related(
            "account", "category"):
        assert m.account.opened_on <= m.valid_from <= AS_OF
        assert m.valid_to is None or m.valid_from <= m.valid_to
        assert m.document_ref
        if m.category.closed_on:
            assert m.valid_to is not None and m.valid_to <= m.category.closed_on


def test_owners_shares_of_each_unit_add_up_to_the_whole(demo):
    _, org = demo
    current = defaultdict(Fraction)
    for o in Ownership.objects.filter(organization=org, kind=OwnershipKind.OWNER).filter(
            Q(date_to__isnull=True) | Q(date_to__gte=AS_OF)):
        current[o.unit_id] += Fraction(o.share_numerator, o.share_denominator)
    assert current and set(current.values()) == {Fraction(1)}
    shares = set(Ownership.objects.filter(organization=org).values_list(
        "share_numerator", "share_denominator"))
    assert (1, 2) in shares  # some flats are co-owned
    assert Ownership.objects.filter(organization=org, kind=OwnershipKind.TENANT).exists()
    assert Account.objects.filter(organization=org, closed_on__isnull=False).exists()


def test_units_fit_their_buildings(demo):
    _, org = demo
    for unit in Unit.objects.filter(organization=org).select_related("building"):
        b = unit.building
        assert unit.entrance is None or 1 <= unit.entrance <= b.entrances
        assert unit.floor is None or unit.floor <= b.floors
        if unit.kind == UnitKind.APARTMENT:
            assert 25 <= unit.area <= 140
            assert unit.floor >= 1 and unit.rooms >= 1
        if unit.kind == UnitKind.PARKING:
            assert unit.floor < 0
    for b in Building.objects.filter(organization=org):
        assert b.living_area <= b.total_area
        assert b.management_start <= AS_OF


def test_people_have_georgian_russian_and_portuguese_names(demo):
    _, org = demo
    people = Person.objects.filter(organization=org, kind=PersonKind.PERSON)
    names = [f"{p.first_name} {p.middle_name} {p.last_name}" for p in people]
    assert any(GEORGIAN.search(n) for n in names)
    assert any(CYRILLIC.search(n) for n in names)
    assert any(n.isascii() for n in names)  # Georgian names in Latin letters
    _, brazil = build("demo-test-br", accounts=40, profile="br", billing=False)
    br_names = Person.objects.filter(organization=brazil).values_list("last_name", flat=True)
    assert any(PORTUGUESE_ACCENTS.search(n) for n in br_names)
    assert set(people.values_list("language", flat=True)) >= {"ka", "ru"}
    assert people.exclude(email="").exists() and people.exclude(phone="").exists()
    assert Person.objects.filter(organization=org, kind=PersonKind.COMPANY).exists() or \
        not Unit.objects.filter(organization=org, kind=UnitKind.COMMERCIAL).exists()


def test_about_a_fifth_of_the_accounts_hold_a_benefit(demo):
    _, org = demo
    accounts = Account.objects.filter(organization=org)
    with_benefit = accounts.filter(benefits__isnull=False).distinct().count()
    assert 0.1 <= with_benefit / accounts.count() <= 0.35


def test_every_generated_row_is_in_the_audit_trail(billed):
    _, org = billed
    entries = AuditEntry.objects.filter(organization_id=org.pk, source=AuditSource.COMMAND,
                                        source_detail__startswith=AUDIT_DETAIL,
                                        action=AuditAction.CREATE)
    audited = sum(n for label, n in row_counts(org).items() if apps.get_model(label).audited)
    assert entries.count() == audited + 1  # + the organization
    assert not entries.filter(object_id="None").exists()
    account = Account.objects.filter(organization=org).first()
    entry = entries.get(object_type="accounts.account", object_id=str(account.pk))
    assert entry.changes["number"] == [None, account.number]


def test_it_refuses_an_organization_that_already_holds_data(demo):
    with pytest.raises(DemoError, match="already holds"):
        generate(organization_slug="demo-test", accounts=5, progress=False, reindex=False)


def test_demo_identifiers_carry_correct_check_digits():
    import random

    rng = random.Random(1)
    cpf = re.sub(r"\D", "", identifiers.cpf(rng))
    assert identifiers.cpf_check_digits(cpf[:9]) == cpf[9:]
    cnpj = re.sub(r"\D", "", identifiers.cnpj(rng))
    assert identifiers.cnpj_check_digits(cnpj[:12]) == cnpj[12:]
    assert identifiers.cpf_check_digits("111444777") == "35"  # a published example
    assert identifiers.iban_is_valid(identifiers.iban("GE", "BG0000000101904917"))
    assert identifiers.iban_is_valid("GE29NB0000000101904917")
