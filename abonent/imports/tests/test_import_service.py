"""Onboarding a building from a workbook: what lands where, what is refused, and re-imports."""

import datetime as dt
from decimal import Decimal

import pytest

from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.core import checkdigit
from abonent.core.choices import AuditAction, AuditSource
from abonent.core.models import AuditEntry
from abonent.imports.choices import KeyKind
from abonent.imports.models import ImportedKey
from abonent.imports.services import import_workbook
from abonent.imports.tests.workbooks import example_sheets, workbook
from abonent.people.models import Ownership, Person
from abonent.property.models import Building, Unit
from abonent.testing import factories as f

pytestmark = pytest.mark.django_db

DOMAIN_MODELS = (Building, Unit, Person, Ownership, Account, Resident, BenefitCategory,
                 BenefitMembership)


def run(org, sheets, **kwargs):
    return import_workbook(organization=org, source=workbook(sheets),
                           file_name="onboarding.xlsx", **kwargs)


def where(result):
    """The issues as (sheet, row, column) for comparing; messages checked separately."""
    return {(i.sheet, i.row, i.column) for i in result.issues}


def message(result, sheet, row, column):
    return next(i.message for i in result.issues
                if (i.sheet, i.row, i.column) == (sheet, row, column))


def imported_entries(org):
    return AuditEntry.objects.filter(organization=org, source=AuditSource.IMPORT)


def counts_in(org):
    return {m.__name__: m.objects.filter(organization=org).count() for m in DOMAIN_MODELS}


@pytest.fixture
def org():
    return f.OrganizationFactory(language="ka")


def test_a_valid_workbook_imports_buildings_units_people_ownership_and_accounts(org):
    result = run(org, example_sheets())

    assert result.ok and result.applied, [str(i) for i in result.issues]
    assert counts_in(org) == {"Building": 1, "Unit": 3, "Person": 4, "Ownership": 4,
                              "Account": 3, "Resident": 3, "BenefitCategory": 1,
                              "BenefitMembership": 1}
    assert result.counts["Units"] == {"created": 3, "updated": 0, "unchanged": 0}
    building = Building.objects.get(organization=org, code="B1")
    assert (building.city, building.street, building.house_number) == (
        "Tbilisi", "Chavchavadze Avenue", "37")
    assert (building.total_area, building.entrances, building.floors) == (
        Decimal("5400.00"), 2, 9)
    assert building.management_start == dt.date(2020, 1, 1)
    unit = Unit.objects.get(building=building, number="1")
    assert (unit.area, unit.living_area, unit.rooms, unit.entrance) == (
        Decimal("54.30"), Decimal("38.10"), 2, 1)
    assert Unit.objects.get(building=building, number="S1").kind == "commercial"
    nino = Person.objects.get(organization=org, personal_id="01001012345")
    assert (nino.first_name, nino.last_name, nino.email) == ("Nino", "Beridze",
                                                             "nino@example.ge")
    assert nino.channels == ["sms", "email"] and nino.consent_processing
    company = Person.objects.get(organization=org, company_name="Kavkasia Pharm LLC")
    assert company.kind == "company" and company.language == "en"
    giorgi = Person.objects.get(organization=org, first_name="Giorgi")
    assert giorgi.language == "ka"  # empty in the file: the organization's language
    shares = sorted(Ownership.objects.filter(unit=unit).values_list(
        "person__first_name", "share_numerator", "share_denominator"))
    assert shares == [("Giorgi", 1, 2), ("Nino", 1, 2)]

    given = Account.objects.get(organization=org, number="20000011")
    assert given.holder.last_name == "Petrov" and given.unit.number == "2"
    assigned = Account.objects.get(organization=org, unit=unit)
    assert checkdigit.is_valid(assigned.number) and assigned.holder == nino
    assert assigned.delivery == "email"
    assert sorted(r.person.first_name for r in assigned.residents.all()) == ["Giorgi", "Nino"]
    benefit = BenefitMembership.objects.get(account=assigned)
    assert (benefit.category.code, benefit.person, benefit.valid_from) == (
        "PENS", giorgi, dt.date(2024, 1, 1))
    assert ImportedKey.objects.get(organization=org, kind=KeyKind.PERSON,
                                   key="P1").object_id == nino.pk
    assert ImportedKey.objects.get(organization=org, kind=KeyKind.ACCOUNT,
                                   key="OLD-1001").object_id == assigned.pk


def test_every_problem_is_reported_with_sheet_row_and_column_and_nothing_is_saved(org):
    sheets = example_sheets()
    sheets["Buildings"].append({"code": "B2", "city": "Tbilisi", "street": "Pekini",
                                "house_number": dt.date(2024, 12, 3), "total_area": -5,
                                "entrances": "two", "management_start": "31.13.2020"})
    sheets["Buildings"].append(dict(sheets["Buildings"][0], notes="again"))
    sheets["Units"][2]["entrance"] = 3  # B1 has 2 entrances
    sheets["Units"].append({"building_code": "B9", "number": "4", "area": 10})
    sheets["People"][3]["email"] = "ivan-at-example.ge"
    sheets["Ownership"][1]["share_numerator"] = 2  # Nino 1/2 + Giorgi 2/2 of unit 1
    sheets["Accounts"][1]["number"] = "20000012"  # wrong check digit
    sheets["Accounts"].append({"building_code": "B1", "unit_number": "2",
                               "holder_ref": "P9", "opened_on": "2020-01-01"})
    sheets["Benefits"][0]["category_code"] = "VET"

    result = run(org, sheets)

    assert not result.ok and not result.applied
    assert where(result) == {
        ("Buildings", 3, "house_number"), ("Buildings", 3, "total_area"),
        ("Buildings", 3, "entrances"), ("Buildings", 3, "management_start"),
        ("Buildings", 4, "code"),
        ("Units", 4, "entrance"), ("Units", 5, "building_code"),
        ("People", 5, "email"),
        ("Ownership", 3, "share_numerator"),
        ("Accounts", 3, "number"), ("Accounts", 5, "account_ref"),
        ("Accounts", 5, "holder_ref"),
        ("Benefits", 2, "category_code"),
    }, [str(i) for i in result.issues]
    assert "2 entrance" in message(result, "Units", 4, "entrance")
    assert "B9" in message(result, "Units", 5, "building_code")
    assert "greater than or equal to 0" in message(result, "Buildings", 3, "total_area")
    assert "row 2" in message(result, "Buildings", 4, "code")
    assert "more than the whole" in message(result, "Ownership", 3, "share_numerator")
    assert "check digit" in message(result, "Accounts", 3, "number")
    assert "VET" in message(result, "Benefits", 2, "category_code")
    assert {i.cell for i in result.issues if i.sheet == "Units"} == {"D4", "A5"}
    assert counts_in(org) == dict.fromkeys(counts_in(org), 0)
    assert not ImportedKey.objects.exists()
    assert not imported_entries(org).exists()


def test_a_sheet_without_a_required_column_is_reported_once(org):
    sheets = example_sheets()
    for row in sheets["Units"]:
        del row["area"]
    result = run(org, sheets)
    assert where(result) == {("Units", 1, "area")}
    assert "Missing required column" in result.issues[0].message
    assert not Building.objects.filter(organization=org).exists()


def test_unknown_sheets_and_columns_are_reported(org):
    sheets = example_sheets()
    sheets["Buildings"][0]["colour"] = "blue"
    sheets["Flats"] = [{"number": 1}]
    result = run(org, sheets)
    assert where(result) == {("Buildings", 1, "colour"), ("Flats", None, "")}


def test_a_file_that_is_not_a_workbook_is_refused(org, tmp_path):
    path = tmp_path / "people.xlsx"
    path.write_text("first_name;last_name\nNino;Beridze\n")
    result = import_workbook(organization=org, source=str(path), file_name="people.xlsx")
    assert not result.ok and "not an Excel workbook" in result.issues[0].message


def test_reimporting_the_same_file_changes_nothing(org):
    assert run(org, example_sheets()).applied
    before = counts_in(org)
    audit_before = AuditEntry.objects.filter(organization=org).count()

    again = run(org, example_sheets())

    assert again.applied and again.changes == 0
    assert all(c["created"] == c["updated"] == 0 for c in again.counts.values())
    assert again.counts["Accounts"]["unchanged"] == 3
    assert counts_in(org) == before
    assert AuditEntry.objects.filter(organization=org).count() == audit_before


def test_changed_cells_in_a_reimport_update_the_existing_rows(org):
    run(org, example_sheets())
    sheets = example_sheets()
    sheets["Units"][0]["area"] = Decimal("55.10")
    sheets["People"][3]["phone"] = "+995 599 000111"
    sheets["Ownership"][2]["date_to"] = dt.date(2025, 8, 31)
    sheets["Accounts"][2]["delivery"] = "paper"

    result = run(org, sheets, user=None)

    assert result.applied, [str(i) for i in result.issues]
    assert {name: c["updated"] for name, c in result.counts.items() if c["updated"]} == {
        "Units": 1, "People": 1, "Ownership": 1, "Accounts": 1}
    assert sum(c["created"] for c in result.counts.values()) == 0
    unit = Unit.objects.get(organization=org, number="1")
    assert unit.area == Decimal("55.10")
    ivan = Person.objects.get(organization=org, last_name="Petrov")
    assert ivan.phone == "+995 599 000111"
    entry = AuditEntry.objects.get(object_type="property.unit", object_id=str(unit.pk),
                                   action=AuditAction.UPDATE)
    assert entry.changes == {"area": ["54.30", "55.10"]}
    assert (entry.source, entry.source_detail, entry.actor_label) == (
        AuditSource.IMPORT, "onboarding.xlsx", "system")
    assert AuditEntry.objects.filter(organization=org, action=AuditAction.UPDATE).count() == 4


def test_a_dry_run_reports_what_would_change_and_saves_nothing(org):
    result = run(org, example_sheets(), dry_run=True)
    assert result.ok and not result.applied
    assert result.counts["People"] == {"created": 4, "updated": 0, "unchanged": 0}
    assert counts_in(org) == dict.fromkeys(counts_in(org), 0)
    assert not imported_entries(org).exists()


def test_import_is_audited_as_the_user_who_ran_it(org):
    user = f.UserFactory()
    run(org, example_sheets(), user=user, remote_addr="203.0.113.9")
    created = imported_entries(org).filter(action=AuditAction.CREATE)
    assert created.count() == 20
    assert set(created.values_list("source", "actor", "remote_addr").distinct()) == {
        (AuditSource.IMPORT, user.pk, "203.0.113.9")}


def test_imports_land_in_the_chosen_organization_only(org):
    other = f.OrganizationFactory()
    theirs = f.BuildingFactory(organization=other, code="B1", entrances=1)
    their_person = f.PersonFactory(organization=other, personal_id="01001012345")
    run(org, example_sheets())
    assert counts_in(org)["Building"] == 1 and counts_in(org)["Person"] == 4
    assert counts_in(other) == {**dict.fromkeys(counts_in(other), 0), "Building": 1,
                                "Person": 1}
    theirs.refresh_from_db()
    their_person.refresh_from_db()
    assert theirs.entrances == 1 and their_person.first_name == "Nino"
    assert their_person.last_name != "Beridze"


def test_rows_refer_to_buildings_people_and_accounts_already_in_abonent(org):
    run(org, example_sheets())
    later = {
        "Units": [{"building_code": "B1", "number": "3", "area": 40}],
        "People": [{"person_ref": "P5", "first_name": "Maria", "last_name": "Silva"}],
        "Accounts": [{"account_ref": "OLD-1004", "building_code": "B1", "unit_number": "3",
                      "holder_ref": "P5", "opened_on": dt.date(2025, 1, 1)}],
        "Residents": [{"account": "OLD-1004", "person_ref": "P1",
                       "date_from": dt.date(2025, 1, 1)},
                      {"account": "20000011", "person_ref": "P5",
                       "date_from": dt.date(2025, 2, 1)}],
        "Benefits": [{"account": "OLD-1004", "category_code": "PENS",
                      "valid_from": dt.date(2025, 1, 1), "document_ref": "X-1"}],
    }
    result = run(org, later)
    assert result.applied, [str(i) for i in result.issues]
    account = Account.objects.get(organization=org, unit__number="3")
    numbers = sorted(Account.objects.filter(organization=org).values_list("number", flat=True))
    assert len(set(numbers)) == 4 and all(checkdigit.is_valid(n) for n in numbers)
    assert account.residents.get().person.first_name == "Nino"
    assert Resident.objects.get(account__number="20000011", person__first_name="Maria")


def test_a_person_is_found_by_personal_id_when_the_file_key_is_new(org):
    existing = f.PersonFactory(organization=org, first_name="Nino", last_name="Beridze",
                               personal_id="01001012345", phone="+995 555 123456",
                               email="nino@example.ge")
    result = run(org, {"People": [example_sheets()["People"][0]]})
    assert result.applied
    assert result.counts["People"]["created"] == 0
    assert Person.objects.filter(organization=org).count() == 1
    assert ImportedKey.objects.get(organization=org, key="P1").object_id == existing.pk


def test_a_benefit_category_must_exist_or_be_declared(org):
    sheets = example_sheets()
    del sheets["BenefitCategories"]
    result = run(org, sheets)
    assert where(result) == {("Benefits", 2, "category_code")}
    f.BenefitCategoryFactory(organization=org, code="PENS")
    assert run(org, sheets).applied


def test_owner_shares_of_a_unit_may_not_exceed_the_whole(org):
    sheets = example_sheets()
    sheets["Ownership"].append({"building_code": "B1", "unit_number": "1",
                                "person_ref": "P4", "share_numerator": 1,
                                "share_denominator": 3, "date_from": dt.date(2018, 1, 1)})
    result = run(org, sheets)
    assert where(result) == {("Ownership", 6, "share_numerator")}
    assert "4/3" in result.issues[0].message


def test_duplicate_keys_in_the_file_are_reported(org):
    sheets = example_sheets()
    sheets["People"].append(dict(sheets["People"][1]))
    sheets["Accounts"][2]["account_ref"] = "OLD-1001"
    sheets["Units"].append({"building_code": "B1", "number": "1", "area": 20})
    result = run(org, sheets)
    assert where(result) == {("People", 6, "person_ref"), ("Accounts", 4, "account_ref"),
                             ("Units", 5, "building_code")}
