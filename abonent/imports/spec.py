"""The workbook template: its sheets, their columns, keys and example rows, in one place.

The reader, the loaders, the downloadable template, its instructions sheet and
docs/import.md all follow this description. Column headers are stable English keys; what
they mean is translatable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from abonent.accounts.choices import Delivery, ResidencyKind
from abonent.core.choices import Language
from abonent.imports import cells
from abonent.imports.cells import ColumnType
from abonent.people.choices import Channel, OwnershipKind, PersonKind
from abonent.property.choices import UnitKind

T, INT, DEC, DATE, BOOL, CHOICE, LIST = (
    ColumnType.TEXT, ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.DATE,
    ColumnType.BOOLEAN, ColumnType.CHOICE, ColumnType.LIST)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    help: Any
    required: bool = False
    #: the model field the column fills directly; None for keys and references
    field: str | None = None
    choices: type[models.TextChoices] | None = None

    @property
    def values(self) -> list[str]:
        return list(self.choices.values) if self.choices else []

    def parse(self, raw: Any) -> Any:
        if self.type == T:
            return cells.parse_text(raw)
        if self.type == INT:
            return cells.parse_integer(raw)
        if self.type == DEC:
            return cells.parse_decimal(raw)
        if self.type == DATE:
            return cells.parse_date(raw)
        if self.type == BOOL:
            return cells.parse_boolean(raw)
        if self.type == CHOICE:
            return cells.parse_choice(raw, self.values)
        if self.type == LIST:
            return cells.parse_list(raw)
        raise AssertionError(self.type)


@dataclass(frozen=True)
class SheetSpec:
    name: str
    title: Any
    key_help: Any
    columns: tuple[Column, ...]
    examples: tuple[dict[str, Any], ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def col(name: str, type_: str, help_: Any, required: bool = False, field: str | None = "",
        choices: type[models.TextChoices] | None = None) -> Column:
    """A column; by default it fills the model field of the same name."""
    return Column(name, type_, help_, required, name if field == "" else field, choices)


def ref(name: str, help_: Any, required: bool = True) -> Column:
    return Column(name, T, help_, required, None)


BUILDING_CODE = _("The building's code, as in the Buildings sheet or already in Abonent.")
UNIT_NUMBER = _("The unit's number in that building.")
PERSON_REF = _("The person's person_ref, as in the People sheet or an earlier import.")
ACCOUNT = _("The account: its account_ref or number, as in the Accounts sheet or already in "
            "Abonent.")

BUILDINGS = SheetSpec(
    "Buildings", _("Buildings under management"),
    _("A building is found by its code."),
    (
        col("code", T, _("Your own short reference of the building, unique in the "
                         "organization. Other sheets refer to the building by it."), True),
        ref("branch_code", _("Code of the branch (office) that serves the building."), False),
        col("city", T, _("City or town."), True),
        col("street", T, _("Street, avenue or square."), True),
        col("house_number", T, _("House number, with any letter or block."), True),
        col("postal_code", T, _("Postal code.")),
        col("total_area", DEC, _("Total area in m².")),
        col("living_area", DEC, _("Living area in m²; not more than the total area.")),
        col("common_area", DEC, _("Area of common parts in m².")),
        col("floors", INT, _("Number of floors (1 if empty).")),
        col("entrances", INT, _("Number of entrances (1 if empty).")),
        col("year_built", INT, _("Year of construction.")),
        col("management_start", DATE, _("Date the building came under management.")),
        col("closed_on", DATE, _("Date management ended, if it has.")),
        col("notes", T, _("Free notes.")),
    ),
    ({"code": "B1", "city": "Tbilisi", "street": "Chavchavadze Avenue", "house_number": "37",
      "postal_code": "0179", "total_area": Decimal("5400.00"),
      "living_area": Decimal("4100.00"), "common_area": Decimal("650.00"), "floors": 9,
      "entrances": 2, "year_built": 1978, "management_start": dt.date(2020, 1, 1)},),
)

UNITS = SheetSpec(
    "Units", _("Units (premises) inside the buildings"),
    _("A unit is found by its building code and number."),
    (
        ref("building_code", BUILDING_CODE),
        col("number", T, _("Unit number, unique within the building."), True),
        col("kind", CHOICE, _("Kind of premises (apartment if empty)."), choices=UnitKind),
        col("entrance", INT, _("Entrance number; not more than the building's entrances.")),
        col("floor", INT, _("Floor; not above the building's floors; negative for basements.")),
        col("area", DEC, _("Area in m², more than zero."), True),
        col("living_area", DEC, _("Living area in m²; not more than the area.")),
        col("rooms", INT, _("Number of rooms.")),
        col("closed_on", DATE, _("Date the unit was closed (merged, demolished), if it was.")),
    ),
    ({"building_code": "B1", "number": "1", "kind": "apartment", "entrance": 1, "floor": 1,
      "area": Decimal("54.30"), "living_area": Decimal("38.10"), "rooms": 2},
     {"building_code": "B1", "number": "2", "kind": "apartment", "entrance": 2, "floor": 3,
      "area": Decimal("72.10"), "rooms": 3},
     {"building_code": "B1", "number": "S1", "kind": "commercial", "floor": 1,
      "area": Decimal("120.00")}),
)

PEOPLE = SheetSpec(
    "People", _("People and companies"),
    _("A person is found by person_ref (remembered from earlier imports), otherwise by "
      "personal_id when given."),
    (
        ref("person_ref", _("Your own key for the person, unique in the file: for example "
                            "the number in your previous system. Other sheets refer to the "
                            "person by it; it is remembered, so a re-import finds the same "
                            "person.")),
        col("kind", CHOICE, _("person or company (person if empty)."), choices=PersonKind),
        col("first_name", T, _("First name; required for a person.")),
        col("middle_name", T, _("Middle name or patronymic.")),
        col("last_name", T, _("Last name; required for a person.")),
        col("company_name", T, _("Company name; required for a company.")),
        col("personal_id", T, _("National ID, CPF/CNPJ, NIF or INN. When given, an existing "
                                "person with this number is updated instead of a new one "
                                "being created.")),
        col("birth_date", DATE, _("Date of birth.")),
        col("phone", T, _("Phone: digits, spaces and dashes, optionally starting with +.")),
        col("phone_alt", T, _("Second phone.")),
        col("email", T, _("E-mail address.")),
        col("email_alt", T, _("Second e-mail address.")),
        col("postal_address", T, _("Postal address, if not the unit's.")),
        col("language", CHOICE, _("Preferred language (the organization's if empty)."),
            choices=Language),
        col("channels", LIST, _("Preferred channels in order, e.g. “sms, email”."),
            choices=Channel),
        col("consent_processing", BOOL, _("Consents to data processing.")),
        col("consent_electronic", BOOL, _("Consents to electronic documents.")),
        col("consent_marketing", BOOL, _("Consents to news and offers.")),
        col("notes", T, _("Free notes.")),
    ),
    ({"person_ref": "P1", "first_name": "Nino", "last_name": "Beridze",
      "personal_id": "01001012345", "phone": "+995 555 123456", "email": "nino@example.ge",
      "language": "ka", "channels": "sms, email", "consent_processing": "yes",
      "consent_electronic": "yes"},
     {"person_ref": "P2", "first_name": "Giorgi", "last_name": "Beridze",
      "birth_date": dt.date(1951, 5, 14), "language": "ka"},
     {"person_ref": "P3", "kind": "company", "company_name": "Kavkasia Pharm LLC",
      "personal_id": "405123456", "email": "office@kavkasia.example", "language": "en"},
     {"person_ref": "P4", "first_name": "Ivan", "middle_name": "Sergeevich",
      "last_name": "Petrov", "phone": "+995 599 765432", "language": "ru"}),
)

OWNERSHIP = SheetSpec(
    "Ownership", _("Who owns, rents or occupies which unit"),
    _("An ownership is found by its unit, person, kind and start date."),
    (
        ref("building_code", BUILDING_CODE),
        ref("unit_number", UNIT_NUMBER),
        ref("person_ref", PERSON_REF),
        col("kind", CHOICE, _("owner, tenant or occupant (owner if empty)."),
            choices=OwnershipKind),
        col("share_numerator", INT, _("Share: the part (1 if empty); 1 and 2 for a half.")),
        col("share_denominator", INT, _("Share: of how many parts (1 if empty). Owners' "
                                        "shares of a unit at one time may not add up to "
                                        "more than the whole.")),
        col("date_from", DATE, _("Start date."), True),
        col("date_to", DATE, _("End date, if it has ended.")),
        col("document_ref", T, _("Title deed, lease or registry reference.")),
    ),
    ({"building_code": "B1", "unit_number": "1", "person_ref": "P1", "kind": "owner",
      "share_numerator": 1, "share_denominator": 2, "date_from": dt.date(2015, 3, 1),
      "document_ref": "Registry 01.18.05.012.001"},
     {"building_code": "B1", "unit_number": "1", "person_ref": "P2", "kind": "owner",
      "share_numerator": 1, "share_denominator": 2, "date_from": dt.date(2015, 3, 1),
      "document_ref": "Registry 01.18.05.012.001"},
     {"building_code": "B1", "unit_number": "2", "person_ref": "P4", "kind": "tenant",
      "date_from": dt.date(2023, 9, 1)},
     {"building_code": "B1", "unit_number": "S1", "person_ref": "P3", "kind": "owner",
      "date_from": dt.date(2019, 6, 20)}),
)

ACCOUNTS = SheetSpec(
    "Accounts", _("Personal accounts"),
    _("An account is found by account_ref (remembered from earlier imports), otherwise by "
      "number. Give at least one of the two."),
    (
        ref("account_ref", _("Your own key for the account, e.g. its number in your previous "
                             "system. Needed when number is empty."), False),
        col("number", T, _("Account number in Abonent: digits, the last one a check digit. "
                           "Leave empty to have the next free number assigned.")),
        ref("building_code", BUILDING_CODE),
        ref("unit_number", UNIT_NUMBER),
        ref("holder_ref", _("person_ref of the account holder.")),
        col("opened_on", DATE, _("Date the account was opened."), True),
        col("closed_on", DATE, _("Date the account was closed, if it was.")),
        col("delivery", CHOICE, _("How receipts are delivered (paper if empty); e-mail needs "
                                  "the holder's e-mail address."), choices=Delivery),
        col("notes", T, _("Free notes.")),
    ),
    ({"account_ref": "OLD-1001", "building_code": "B1", "unit_number": "1",
      "holder_ref": "P1", "opened_on": dt.date(2020, 1, 1), "delivery": "email"},
     {"account_ref": "OLD-1002", "number": "20000011", "building_code": "B1",
      "unit_number": "2", "holder_ref": "P4", "opened_on": dt.date(2023, 9, 1)},
     {"account_ref": "OLD-1003", "building_code": "B1", "unit_number": "S1",
      "holder_ref": "P3", "opened_on": dt.date(2020, 1, 1), "delivery": "email"}),
)

RESIDENTS = SheetSpec(
    "Residents", _("People registered as living at an account's unit"),
    _("A registration is found by its account, person and start date."),
    (
        ref("account", ACCOUNT),
        ref("person_ref", PERSON_REF),
        col("kind", CHOICE, _("permanent or temporary (permanent if empty)."),
            choices=ResidencyKind),
        col("date_from", DATE, _("Registered from."), True),
        col("date_to", DATE, _("Registered until, if it has ended.")),
    ),
    ({"account": "OLD-1001", "person_ref": "P1", "date_from": dt.date(2015, 3, 1)},
     {"account": "OLD-1001", "person_ref": "P2", "date_from": dt.date(2015, 3, 1)},
     {"account": "OLD-1002", "person_ref": "P4", "kind": "temporary",
      "date_from": dt.date(2023, 9, 1), "date_to": dt.date(2026, 8, 31)}),
)

BENEFIT_CATEGORIES = SheetSpec(
    "BenefitCategories", _("Benefit categories the Benefits sheet refers to"),
    _("A category is found by its code. Categories already in Abonent need not be listed."),
    (
        col("code", T, _("Short code of the category, unique in the organization."), True),
        col("name", T, _("Name of the category."), True),
        col("discount_percent", DEC, _("Discount in percent, 0 to 100."), True),
        col("description", T, _("Description: who is entitled, which services.")),
        col("closed_on", DATE, _("Date the category was discontinued, if it was.")),
    ),
    ({"code": "PENS", "name": "Pensioner", "discount_percent": Decimal("50"),
      "description": "Old-age pensioners living alone or with another pensioner."},),
)

BENEFITS = SheetSpec(
    "Benefits", _("Benefit memberships of accounts"),
    _("A membership is found by its account, category, beneficiary and start date."),
    (
        ref("account", ACCOUNT),
        ref("category_code", _("Code of the benefit category, as in the BenefitCategories "
                               "sheet or already in Abonent.")),
        ref("person_ref", _("person_ref of the beneficiary, if the benefit is a person's."),
            False),
        col("valid_from", DATE, _("Valid from."), True),
        col("valid_to", DATE, _("Valid until, if it ends.")),
        col("document_ref", T, _("Certificate number and issuer."), True),
    ),
    ({"account": "OLD-1001", "category_code": "PENS", "person_ref": "P2",
      "valid_from": dt.date(2024, 1, 1), "document_ref": "Pension certificate 2024-001122"},),
)

#: in the order the sheets are read: a sheet may refer only to sheets before it
SHEETS: tuple[SheetSpec, ...] = (BUILDINGS, UNITS, PEOPLE, OWNERSHIP, ACCOUNTS, RESIDENTS,
                                 BENEFIT_CATEGORIES, BENEFITS)
SHEETS_BY_NAME = {s.name.lower(): s for s in SHEETS}
INSTRUCTIONS_SHEET = "Instructions"
