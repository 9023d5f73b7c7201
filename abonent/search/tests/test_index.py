"""The index follows the data: single edits at once, bulk writes after a reindex."""

import io

import pytest
from django.core.management import call_command

from abonent.accounts.models import Account
from abonent.people.models import Person
from abonent.search.indexing import reindex_organization
from abonent.search.models import SearchEntry
from abonent.testing.factories import (
    AccountFactory,
    BuildingFactory,
    OrganizationFactory,
    PersonFactory,
    UnitFactory,
)

from .helpers import found, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganizationFactory()


def test_a_renamed_person_is_found_by_the_new_name_and_not_the_old(org):
    person = PersonFactory(organization=org, first_name="Nino", last_name="Beridze")
    person.last_name = "Lomidze"
    person.save()
    me = staff(org)
    assert found(me, "lomi")["person"] == ["Nino Lomidze"]
    assert "person" not in found(me, "berid")


def test_renaming_the_holder_renames_the_account_result(org):
    holder = PersonFactory(organization=org, first_name="Nino", last_name="Beridze")
    AccountFactory(unit__building__organization=org, holder=holder, number="12345674")
    holder.last_name = "Lomidze"
    holder.save()
    me = staff(org)
    assert found(me, "lomid")["account"] == ["12345674"]
    assert "account" not in found(me, "berid")


def test_renaming_a_street_moves_its_units_and_accounts(org):
    building = BuildingFactory(organization=org, street="Pekini Street", house_number="3")
    AccountFactory(unit=UnitFactory(building=building, number="7"), number="12345674")
    building.street = "Kazbegi Avenue"
    building.save()
    result = found(staff(org), "kazbegi 3 7")
    assert result["unit"] == ["Kazbegi Avenue 3, 7"]
    assert result["account"] == ["12345674"]
    assert found(staff(org), "pekini") == {}


def test_a_deleted_object_leaves_the_index(org):
    person = PersonFactory(organization=org, last_name="Beridze")
    person.delete()
    assert found(staff(org), "berid") == {}
    assert not SearchEntry.objects.filter(organization=org).exists()


def test_closing_an_account_marks_its_result_closed(org):
    account = AccountFactory(unit__building__organization=org, number="12345674")
    account.closed_on = "2024-06-30"
    account.save()
    entry = SearchEntry.objects.get(kind="account", object_id=account.pk)
    assert entry.closed


def test_bulk_written_rows_are_found_after_reindex_organization(org):
    unit = UnitFactory(building__organization=org)
    people = Person.objects.bulk_create([
        Person(organization=org, first_name="Nino", last_name=f"Kvaratskhelia{i}")
        for i in range(3)])
    Account.objects.bulk_create([Account(organization=org, unit=unit, holder=people[0],
                                         number="12345674", opened_on="2024-01-01")])
    me = staff(org)
    assert found(me, "kvara") == {}
    calls = []
    written = reindex_organization(org.pk, progress=lambda done, total: calls.append(
        (done, total)))
    assert written == 6  # 1 building, 1 unit, 3 people, 1 account
    assert calls[-1] == (6, 6)
    assert len(found(me, "kvara")["person"]) == 3
    assert found(me, "kvara")["account"] == ["12345674"]


def test_reindex_replaces_stale_entries_and_leaves_other_organizations_alone(org):
    person = PersonFactory(organization=org, first_name="Nino", last_name="Beridze")
    other = OrganizationFactory()
    PersonFactory(organization=other, first_name="Nino", last_name="Beridze")
    Person.objects.filter(pk=person.pk).update(last_name="Lomidze")  # sends no signal
    assert found(staff(org), "berid")["person"] == ["Nino Beridze"]  # stale until reindex
    assert reindex_organization(org.pk) == 1
    assert found(staff(org), "lomid")["person"] == ["Nino Lomidze"]
    assert found(staff(org), "berid") == {}
    assert found(staff(other), "berid")["person"] == ["Nino Beridze"]


def test_reindex_command_rebuilds_one_organization(org):
    PersonFactory(organization=org, last_name="Beridze")
    SearchEntry.objects.all().delete()
    out, err = io.StringIO(), io.StringIO()
    call_command("reindex", "--org", org.slug, stdout=out, stderr=err)
    assert found(staff(org), "berid")
    assert org.slug in out.getvalue()


def test_reindex_command_refuses_an_unknown_organization():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no-such-org"):
        call_command("reindex", "--org", "no-such-org", stdout=io.StringIO(),
                     stderr=io.StringIO())


def test_a_save_that_changes_no_words_rewrites_nothing(org):
    from abonent.property.models import Building
    from abonent.search.indexing import index_followers

    building = BuildingFactory(organization=org, street="Pekini Street")
    AccountFactory(unit=UnitFactory(building=building))
    building.notes = "Roof repaired in 2024"
    building.save()
    assert index_followers(Building, building.pk) == 0
    building.street = "Kazbegi Avenue"
    Building.objects.filter(pk=building.pk).update(street=building.street)
    assert index_followers(Building, building.pk) == 2  # its unit and its account
