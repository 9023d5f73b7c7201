"""Meters in the quick search: found by serial number, account number and address."""

from django.utils.translation import gettext_lazy as _

from abonent.search.registry import SearchKind, register


def _place(meter) -> str:
    building = meter.building
    where = f"{building.street} {building.house_number}"
    if meter.account_id:
        return f"{where}, {meter.account.unit.number} · {meter.account.number}"
    return where


register(SearchKind(
    name="meter", code=5, model="metering.Meter", label=_("Meters"), order=50,
    terms=lambda m: [m.serial, m.account.number if m.account_id else None,
                     m.building.street, m.building.house_number],
    title=lambda m: f"{m.service.code} №{m.serial}",
    subtitle=_place,
    select_related=("service", "building", "account__unit"),
    follows={"property.Building": "building", "accounts.Account": "account"},
))
