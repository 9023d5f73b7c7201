"""One loader per sheet: how its rows refer to others and how they match existing rows.

Natural keys (docs/import.md): a building by ``code``; a unit by building code and number;
a person by ``person_ref`` (remembered in ImportedKey), else by ``personal_id``; an account by
``account_ref`` (remembered), else by ``number``; an ownership by unit, person, kind and start
date; a registered resident by account, person and start date; a benefit category by code; a
benefit membership by account, category, beneficiary and start date.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from abonent.accounts.models import Account, BenefitCategory, BenefitMembership, Resident
from abonent.accounts.services import next_account_numbers
from abonent.core.models import Branch
from abonent.imports import spec
from abonent.imports.choices import KeyKind
from abonent.imports.engine import Job, Loader, Pending, RowCheck, Unresolved
from abonent.imports.models import ImportedKey
from abonent.imports.reader import Row
from abonent.people.choices import OwnershipKind
from abonent.people.models import Ownership, Person
from abonent.property.models import Building, Unit

# -- following references: to the file's rows first, then to what Abonent has ----------------

def building_of(job: Job, code: str) -> Building:
    return job.lookup("building", code,
                      lambda: Building.objects.of_org(job.organization).filter(code=code).first(),
                      _("Unknown building code “%(code)s”.") % {"code": code})


def unit_of(job: Job, check: RowCheck, code: str, number: str) -> Unit:
    try:
        building = building_of(job, code)
    except Unresolved as exc:
        if exc.message:  # report it on the building's column
            check.error("building_code", exc.message)
        raise Unresolved(None) from None
    return job.lookup("unit", (code, number),
                      lambda: Unit.objects.of_org(job.organization).filter(
                          building=building, number=number).first() if building.pk else None,
                      _("Building “%(code)s” has no unit “%(number)s”.") % {
                          "code": code, "number": number})


def by_imported_key(job: Job, kind: str, model, key: str):
    mapped = ImportedKey.objects.filter(organization=job.organization, kind=kind,
                                        key=key).values_list("object_id", flat=True).first()
    if mapped is None:
        return None
    return model.objects.of_org(job.organization).filter(pk=mapped).first()


def person_of(job: Job, ref: str) -> Person:
    return job.lookup("person", ref, lambda: by_imported_key(job, KeyKind.PERSON, Person, ref),
                      _("Unknown person_ref “%(ref)s”: not in the People sheet nor imported "
                        "before.") % {"ref": ref})


def account_of(job: Job, key: str) -> Account:
    def fetch():
        found = by_imported_key(job, KeyKind.ACCOUNT, Account, key)
        return found or Account.objects.of_org(job.organization).filter(number=key).first()
    return job.lookup("account", key, fetch,
                      _("Unknown account “%(key)s”: not in the Accounts sheet nor in "
                        "Abonent.") % {"key": key})


def category_of(job: Job, code: str) -> BenefitCategory:
    return job.lookup("category", code,
                      lambda: BenefitCategory.objects.of_org(job.organization).filter(
                          code=code).first(),
                      _("Unknown benefit category “%(code)s”: declare it in the "
                        "BenefitCategories sheet.") % {"code": code})


def by_imported_keys(job: Job, kind: str, model, keys: set[str]) -> dict[str, Any]:
    """Many ``by_imported_key`` at once: {key: object} for the keys Abonent remembers."""
    mapped = dict(ImportedKey.objects.filter(organization=job.organization, kind=kind,
                                             key__in=keys).values_list("key", "object_id"))
    objects = model.objects.of_org(job.organization).in_bulk(set(mapped.values()))
    return {key: objects[pk] for key, pk in mapped.items() if pk in objects}


def values_of(loader: Loader, column: str) -> set[Any]:
    return {r.get(column) for r in loader.sheet.rows if r.get(column)}


def remember_key(job: Job, kind: str, key: str, object_id: int) -> None:
    job.keys.setdefault(kind, {})[key] = object_id


def save_keys(job: Job, kind: str) -> None:
    """Write the file's keys of one kind that Abonent does not know yet (or knew otherwise)."""
    keys = job.keys.pop(kind, {})
    known = dict(ImportedKey.objects.filter(organization=job.organization, kind=kind,
                                            key__in=keys).values_list("key", "object_id"))
    ImportedKey.objects.bulk_create(
        [ImportedKey(organization=job.organization, kind=kind, key=key, object_id=pk)
         for key, pk in keys.items() if key not in known], batch_size=1000)
    for key, pk in keys.items():
        if key in known and known[key] != pk:
            ImportedKey.objects.filter(organization=job.organization, kind=kind,
                                       key=key).update(object_id=pk)


# -- the sheets -------------------------------------------------------------------------------

class CodeKeyedLoader(Loader):
    """A sheet whose rows are matched by their ``code`` column (buildings, benefit categories);
    later sheets refer to them by that code under ``register_as``."""

    key_columns = ["code"]
    register_as = ""

    def prefetch(self):
        codes = {r.get("code") for r in self.sheet.rows if r.get("code")}
        self.found = {obj.code: obj for obj in
                      self.model.objects.of_org(self.org).filter(code__in=codes)}

    def key(self, row, refs):
        return (row.get("code"),) if row.get("code") else None

    def existing(self, row, refs, key, check):
        return self.found.get(key[0])

    def after_save(self, pending, instance):
        if pending.key and not pending.check.duplicate:
            self.job.register(self.register_as, pending.key[0], instance)


class BuildingLoader(CodeKeyedLoader):
    spec = spec.BUILDINGS
    model = Building
    ref_columns = {"branch": "branch_code"}
    register_as = "building"

    def references(self, row, check):
        if not self.sheet.has("branch_code") or "branch_code" in row.bad:
            return {}
        code = row.get("branch_code")
        if not code:
            return {"branch": None}
        branch = Branch.objects.of_org(self.org).filter(code=code).first()
        if branch is None:
            check.error("branch_code", _("Unknown branch code “%(code)s”.") % {"code": code})
            check.exclude.add("branch")
        return {"branch": branch} if branch else {}

class UnitLoader(Loader):
    spec = spec.UNITS
    model = Unit
    ref_columns = {"building": "building_code"}
    key_columns = ["building_code", "number"]

    def prefetch(self):
        codes = {r.get("building_code") for r in self.sheet.rows}
        self.found = {(u.building.code, u.number): u for u in Unit.objects.of_org(self.org)
                      .filter(building__code__in=codes).select_related("building")}

    def references(self, row, check):
        return row_reference(self, row, check, "building", building_of)

    def key(self, row, refs):
        if row.get("building_code") and row.get("number"):
            return (row.get("building_code"), row.get("number"))
        return None

    def existing(self, row, refs, key, check):
        return self.found.get(key)

    def after_save(self, pending, instance):
        if pending.key and not pending.check.duplicate:
            self.job.register("unit", pending.key, instance)


class PersonLoader(Loader):
    spec = spec.PEOPLE
    model = Person
    key_columns = ["person_ref"]

    def run(self):
        super().run()
        save_keys(self.job, KeyKind.PERSON)

    def prefetch(self):
        self.by_ref = by_imported_keys(self.job, KeyKind.PERSON, Person,
                                       values_of(self, "person_ref"))
        self.by_personal_id: dict[str, list[Person]] = {}
        for person in Person.objects.of_org(self.org).filter(
                personal_id__in=values_of(self, "personal_id")):
            self.by_personal_id.setdefault(person.personal_id, []).append(person)

    def references(self, row, check):
        if "person_ref" in row.bad or "person_ref" in self.sheet.missing:
            check.skip()
        elif not row.get("person_ref"):
            check.error("person_ref", _("A value is required."))
        personal_id = row.get("personal_id")
        if personal_id:
            self.unique_in_file(check, "personal_id", (personal_id,), ["personal_id"])
        return {}

    def key(self, row, refs):
        return (row.get("person_ref"),) if row.get("person_ref") else None

    def existing(self, row, refs, key, check):
        found = self.by_ref.get(key[0])
        personal_id = row.get("personal_id")
        if found is None and personal_id:
            matches = self.by_personal_id.get(personal_id, [])
            if len(matches) > 1:
                check.error("personal_id", _("Several people in Abonent have this personal "
                                             "number; merge them first."))
            elif matches:
                found = matches[0]
        return found

    def empty_value(self, name):
        return self.org.language if name == "language" else super().empty_value(name)

    def adjust(self, pending):
        if pending.instance is None and "language" not in pending.values and (
                "language" not in pending.check.exclude):
            pending.values["language"] = self.org.language

    def after_save(self, pending, instance):
        if pending.key and not pending.check.duplicate:
            self.job.register("person", pending.key[0], instance)
            if instance is not None:
                remember_key(self.job, KeyKind.PERSON, pending.key[0], instance.pk)


def row_reference(loader: Loader, row: Row, check: RowCheck, field_name: str, resolver,
                  required: bool = True) -> dict[str, Any]:
    """A reference cell -> {field: object}; {} if it failed; {field: None} if empty."""
    column = loader.ref_columns[field_name]
    if column in row.bad or column in loader.sheet.missing:
        check.skip(field_name)
        return {}
    value = row.get(column)
    if not value:
        if required:
            check.error(column, _("A value is required."))
            check.exclude.add(field_name)
            return {}
        return {field_name: None} if loader.sheet.has(column) else {}
    found = loader.ref(check, field_name, lambda: resolver(loader.job, value))
    return {field_name: found} if found is not None else {}


def unit_reference(loader: Loader, row: Row, check: RowCheck) -> dict[str, Any]:
    code, number = row.get("building_code"), row.get("unit_number")
    for column in ("building_code", "unit_number"):
        if column in row.bad or column in loader.sheet.missing:
            check.skip("unit")
            return {}
        if not row.get(column):
            check.error(column, _("A value is required."))
            check.exclude.add("unit")
    if "unit" in check.exclude:
        return {}
    unit = loader.ref(check, "unit", lambda: unit_of(loader.job, check, code, number))
    return {"unit": unit} if unit is not None else {}


def accounts_of(loader: Loader) -> list[int]:
    """The ids of the existing accounts the sheet's ``account`` column refers to."""
    ids = []
    for key in values_of(loader, "account"):
        try:
            account = account_of(loader.job, key)
        except Unresolved:
            continue  # reported with its row
        if account.pk:
            ids.append(account.pk)
    return ids


def pk_of(refs: dict[str, Any], name: str) -> Any:
    obj = refs.get(name)
    return obj.pk if obj is not None else None


class OwnershipLoader(Loader):
    spec = spec.OWNERSHIP
    model = Ownership
    ref_columns = {"unit": "unit_number", "person": "person_ref"}
    key_columns = ["building_code", "unit_number", "person_ref", "kind", "date_from"]

    def prefetch(self):
        self.found = {(o.unit_id, o.person_id, o.kind, o.date_from): o
                      for o in Ownership.objects.of_org(self.org).filter(
                          unit__building__code__in=values_of(self, "building_code"))}

    def references(self, row, check):
        return {**unit_reference(self, row, check),
                **row_reference(self, row, check, "person", person_of)}

    def key(self, row, refs):
        return (row.get("building_code"), row.get("unit_number"), row.get("person_ref"),
                row.get("kind", OwnershipKind.OWNER), row.get("date_from"))

    def existing(self, row, refs, key, check):
        if not (pk_of(refs, "unit") and pk_of(refs, "person") and key[4]):
            return None
        return self.found.get((refs["unit"].pk, refs["person"].pk, key[3], key[4]))


class AccountLoader(Loader):
    spec = spec.ACCOUNTS
    model = Account
    ref_columns = {"unit": "unit_number", "holder": "holder_ref"}
    key_columns = ["account_ref"]

    def prefetch(self):
        self.by_ref = by_imported_keys(self.job, KeyKind.ACCOUNT, Account,
                                       values_of(self, "account_ref"))
        self.by_number = {a.number: a for a in Account.objects.of_org(self.org).filter(
            number__in=values_of(self, "number"))}

    def run(self):
        self.deferred: list[Pending] = []
        super().run()
        # New accounts without a number get the next free ones, after the numbered rows
        # of the file are in, so that the two never collide.
        numbers = next_account_numbers(self.org.pk, len(self.deferred)) if self.deferred else []
        for pending, number in zip(self.deferred, numbers, strict=True):
            pending.values["number"] = number
            self.commit(pending)
        save_keys(self.job, KeyKind.ACCOUNT)

    def prepare(self, row):
        pending = super().prepare(row)
        if pending is not None and pending.instance is None and not pending.values.get(
                "number") and "number" not in pending.check.exclude:
            pending.values.pop("number", None)
            self.deferred.append(pending)
            return None
        return pending

    def references(self, row, check):
        ref, number = row.get("account_ref"), row.get("number")
        if not ref and not number and not {"account_ref", "number"} & row.bad:
            check.error("account_ref", _("Give the account_ref or the number, so that a "
                                         "re-import finds this account."))
        if ref:
            self.unique_in_file(check, "account_ref", (ref,), ["account_ref"])
        if number:
            self.unique_in_file(check, "number", (number,), ["number"])
        return {**unit_reference(self, row, check),
                **row_reference(self, row, check, "holder", person_of)}

    def cell_values(self, row, check):
        values = super().cell_values(row, check)
        if not values.get("number"):
            values.pop("number", None)  # empty: keep the number, or assign the next one
        return values

    def key(self, row, refs):
        ref, number = row.get("account_ref"), row.get("number")
        return (ref, number) if ref or number else None

    def unique_in_file(self, check, name, key, columns):
        if name == "key":  # account_ref and number are checked one by one in references()
            return not check.duplicate
        return super().unique_in_file(check, name, key, columns)

    def existing(self, row, refs, key, check):
        ref, number = key
        return self.by_ref.get(ref) or self.by_number.get(number)

    def after_save(self, pending, instance):
        if not pending.key or pending.check.duplicate:
            return
        ref, number = pending.key
        if ref:
            self.job.register("account", ref, instance)
            if instance is not None:
                remember_key(self.job, KeyKind.ACCOUNT, ref, instance.pk)
        if number and number != ref:
            self.job.register("account", number, instance)


class ResidentLoader(Loader):
    spec = spec.RESIDENTS
    model = Resident
    ref_columns = {"account": "account", "person": "person_ref"}
    key_columns = ["account", "person_ref", "date_from"]

    def prefetch(self):
        self.found = {(r.account_id, r.person_id, r.date_from): r for r in
                      Resident.objects.of_org(self.org).filter(account__in=accounts_of(self))}

    def references(self, row, check):
        return {**row_reference(self, row, check, "account", account_of),
                **row_reference(self, row, check, "person", person_of)}

    def key(self, row, refs):
        return (row.get("account"), row.get("person_ref"), row.get("date_from"))

    def existing(self, row, refs, key, check):
        if not (pk_of(refs, "account") and pk_of(refs, "person") and key[2]):
            return None
        return self.found.get((refs["account"].pk, refs["person"].pk, key[2]))


class BenefitCategoryLoader(CodeKeyedLoader):
    spec = spec.BENEFIT_CATEGORIES
    model = BenefitCategory
    register_as = "category"


class BenefitLoader(Loader):
    spec = spec.BENEFITS
    model = BenefitMembership
    ref_columns = {"account": "account", "category": "category_code", "person": "person_ref"}
    key_columns = ["account", "category_code", "person_ref", "valid_from"]

    def prefetch(self):
        self.found = {(m.account_id, m.category_id, m.person_id, m.valid_from): m for m in
                      BenefitMembership.objects.of_org(self.org).filter(
                          account__in=accounts_of(self))}

    def references(self, row, check):
        return {**row_reference(self, row, check, "account", account_of),
                **row_reference(self, row, check, "category", category_of),
                **row_reference(self, row, check, "person", person_of, required=False)}

    def key(self, row, refs):
        return (row.get("account"), row.get("category_code"), row.get("person_ref", ""),
                row.get("valid_from"))

    def existing(self, row, refs, key, check):
        if not (pk_of(refs, "account") and pk_of(refs, "category") and key[3]):
            return None
        if key[2] and not pk_of(refs, "person"):
            return None
        return self.found.get((refs["account"].pk, refs["category"].pk, pk_of(refs, "person"),
                               key[3]))


LOADERS: dict[str, type[Loader]] = {
    loader.spec.name: loader
    for loader in (BuildingLoader, UnitLoader, PersonLoader, OwnershipLoader, AccountLoader,
                   ResidentLoader, BenefitCategoryLoader, BenefitLoader)
}
