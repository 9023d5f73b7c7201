"""The kinds the quick search starts with: accounts, people, buildings and units.

They live here rather than in each app's ``search.py`` because they came first; new kinds
(meters, receipts) register from their own app (see ``registry``).
"""

from django.utils.translation import gettext_lazy as _

from abonent.search.registry import SearchKind, register
from abonent.search.text import phone_terms


def _join(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


def _street(building) -> str:
    return f"{building.street} {building.house_number}"


register(SearchKind(
    name="account", code=1, model="accounts.Account", label=_("Accounts"), order=10,
    terms=lambda a: [a.number, a.holder.display_name, a.holder.company_name,
                     a.unit.building.street, a.unit.building.house_number, a.unit.number],
    title=lambda a: a.number,
    subtitle=lambda a: _join(a.holder.display_name, f"{_street(a.unit.building)}, {a.unit.number}"),
    select_related=("holder", "unit__building"),
    follows={"people.Person": "holder", "property.Unit": "unit",
             "property.Building": "unit__building"},
))

register(SearchKind(
    name="person", code=2, model="people.Person", label=_("People"), order=20,
    terms=lambda p: [p.last_name, p.first_name, p.middle_name, p.company_name, p.personal_id,
                     *phone_terms(p.phone), *phone_terms(p.phone_alt), p.email, p.email_alt],
    title=lambda p: p.display_name,
    subtitle=lambda p: _join(p.phone, p.email),
))

register(SearchKind(
    name="building", code=3, model="property.Building", label=_("Buildings"), order=30,
    terms=lambda b: [b.street, b.house_number, b.city, b.code, b.postal_code],
    title=lambda b: b.address,
    subtitle=lambda b: b.code,
))

register(SearchKind(
    name="unit", code=4, model="property.Unit", label=_("Units"), order=40,
    terms=lambda u: [u.building.street, u.building.house_number, u.number, u.building.city],
    title=lambda u: f"{_street(u.building)}, {u.number}",
    subtitle=lambda u: _join(u.building.city, f"{u.area} m²" if u.area else ""),
    select_related=("building",),
    follows={"property.Building": "building"},
))
