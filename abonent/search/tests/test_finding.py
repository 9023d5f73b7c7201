"""Staff find accounts, people and addresses by the first few characters they remember."""

import pytest

from abonent.testing.factories import (
    AccountFactory,
    BuildingFactory,
    OrganizationFactory,
    PersonFactory,
    UnitFactory,
)

from .helpers import found, staff, urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganizationFactory()


def test_an_account_is_found_by_the_first_digits_of_its_number(org):
    account = AccountFactory(unit__building__organization=org, number="12345674",
                             unit__number="7", unit__building__house_number="3",
                             unit__building__street="Pekini Street")
    AccountFactory(unit__building__organization=org, number="98765436",
                   unit__number="8", unit__building__house_number="4",
                   unit__building__street="Kostava Street")
    me = staff(org)
    for typed in ("12", "123", "1234", "12345674"):
        assert found(me, typed).get("account") == ["12345674"], typed
    assert account.get_absolute_url() in urls(me, "123")


def test_an_account_is_found_by_its_holders_name(org):
    holder = PersonFactory(organization=org, first_name="Tamar", last_name="Kapanadze")
    AccountFactory(unit__building__organization=org, holder=holder, number="12345674")
    assert found(staff(org), "kapan")["account"] == ["12345674"]


def test_a_person_is_found_by_two_or_three_letters_of_either_name(org):
    PersonFactory(organization=org, first_name="Nino", last_name="Beridze", email="")
    PersonFactory(organization=org, first_name="Levan", last_name="Lomidze", email="")
    me = staff(org)
    assert found(me, "Be")["person"] == ["Nino Beridze"]
    assert found(me, "nin")["person"] == ["Nino Beridze"]
    assert found(me, "ridz")["person"] == ["Nino Beridze"]  # 3+ letters: anywhere in a word
    assert sorted(found(me, "dze")["person"]) == ["Levan Lomidze", "Nino Beridze"]
    assert "person" not in found(me, "ri")  # 2 letters: only at the start of a word


def test_georgian_and_cyrillic_names_are_found_in_their_own_script(org):
    PersonFactory(organization=org, first_name="ნინო", last_name="ბერიძე")
    PersonFactory(organization=org, first_name="Пётр", last_name="Иванов")
    me = staff(org)
    assert found(me, "ბე")["person"] == ["ნინო ბერიძე"]
    assert found(me, "ბერიძე")["person"] == ["ნინო ბერიძე"]
    assert found(me, "ив")["person"] == ["Пётр Иванов"]
    assert found(me, "ИВАН")["person"] == ["Пётр Иванов"]
    assert found(me, "петр")["person"] == ["Пётр Иванов"]  # ё typed as е


def test_accents_need_not_be_typed(org):
    PersonFactory(organization=org, first_name="João", last_name="Conceição")
    assert found(staff(org), "joao conc")["person"] == ["João Conceição"]


def test_a_phone_is_found_however_its_digits_are_grouped(org):
    PersonFactory(organization=org, first_name="Nino", last_name="Beridze",
                  phone="+995 555 12-34-56")
    PersonFactory(organization=org, first_name="Levan", last_name="Lomidze",
                  phone="+995 577 00 00 00")
    me = staff(org)
    for typed in ("555123456", "+995555", "12-34-56", "123 456", "(555) 1234", "3456"):
        assert found(me, typed).get("person") == ["Nino Beridze"], typed


def test_an_email_is_found_by_its_first_letters(org):
    PersonFactory(organization=org, first_name="Nino", last_name="Beridze",
                  email="nino.beridze@example.ge")
    PersonFactory(organization=org, first_name="Levan", last_name="Lomidze", email="")
    me = staff(org)
    assert found(me, "nino.ber")["person"] == ["Nino Beridze"]
    assert found(me, "nino.beridze@example.ge")["person"] == ["Nino Beridze"]


def test_a_building_is_found_by_street_and_house_number(org):
    BuildingFactory(organization=org, street="Rustaveli Avenue", house_number="12",
                    city="Tbilisi")
    BuildingFactory(organization=org, street="Chavchavadze Avenue", house_number="12",
                    city="Tbilisi")
    me = staff(org)
    assert found(me, "rus")["building"] == ["Rustaveli Avenue 12, Tbilisi"]
    assert found(me, "Rustaveli 12")["building"] == ["Rustaveli Avenue 12, Tbilisi"]


@pytest.mark.parametrize("typed", ["Rustaveli 12, 5", "Rustaveli 12 apt 5", "rust 12 5"])
def test_a_unit_is_found_by_building_and_unit_number(org, typed):
    building = BuildingFactory(organization=org, street="Rustaveli Avenue", house_number="12")
    for number in ("5", "15", "51"):
        UnitFactory(building=building, number=number)
    further = BuildingFactory(organization=org, street="Rustaveli Avenue", house_number="120")
    UnitFactory(building=further, number="5")
    units = found(staff(org), typed)["unit"]
    assert units[0] == "Rustaveli Avenue 12, 5"
    assert "Rustaveli Avenue 12, 15" not in units
    assert "Rustaveli Avenue 12, 51" not in units


def test_russian_address_words_are_understood(org):
    building = BuildingFactory(organization=org, street="улица Ленина", house_number="5")
    UnitFactory(building=building, number="12")
    assert found(staff(org), "ул. Ленина д. 5 кв. 12")["unit"] == ["улица Ленина 5, 12"]


def test_one_character_finds_nothing_yet(org):
    PersonFactory(organization=org, first_name="Nino", last_name="Beridze")
    assert found(staff(org), "b") == {}
    assert found(staff(org), "  ") == {}


def test_at_most_eight_results_of_each_kind(org):
    for _ in range(12):
        PersonFactory(organization=org, first_name="Nino")
    assert len(found(staff(org), "nino")["person"]) == 8


def test_a_closed_account_is_still_found_but_after_the_open_one(org):
    closed = AccountFactory(unit__building__organization=org, number="12345674",
                            closed_on="2024-06-30")
    AccountFactory(unit__building__organization=org, number="12345698")
    from abonent.search.selectors import quick_search

    (group,) = [g for g in quick_search(staff(org), "123456") if g.kind == "account"]
    assert [(h.title, h.closed) for h in group.hits] == [("12345698", False),
                                                          ("12345674", True)]
    assert closed.get_absolute_url() == group.hits[1].url


def test_an_exact_word_comes_before_longer_ones(org):
    PersonFactory(organization=org, first_name="Ana", last_name="Beridzeshvili")
    PersonFactory(organization=org, first_name="Ana", last_name="Beridze")
    assert found(staff(org), "beridze")["person"][0] == "Ana Beridze"
