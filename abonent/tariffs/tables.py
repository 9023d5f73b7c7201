from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from abonent.core.tables import Column
from abonent.tariffs.models import format_bands


@dataclass(frozen=True)
class BandsColumn(Column):
    """Consumption bands written as people type them: ``100: 3.25; 250: 4.10; 5.80``."""

    sortable: bool = False

    def value(self, obj: Any) -> Any:
        bands = super().value(obj)
        return format_bands(bands) if bands else None


SERVICE_COLUMNS = [
    Column("code", link=True),
    Column("name", link=True),
    Column("method", groupable=True),
    Column("unit"),
    Column("tax_rate"),
    Column("tax_mode", groupable=True),
    Column("position"),
    Column("closed_on"),
]

# The price in force today, from selectors.with_prices_in_force (list and service page).
PRICE_COLUMNS = [
    Column("in_force_from", label=_("in force since")),
    Column("in_force_rate", label=_("rate"), sortable=False),
    Column("in_force_norm", label=_("norm"), sortable=False),
    BandsColumn("in_force_bands", label=_("bands")),
]

TARIFF_COLUMNS = [
    Column("service", link=True, groupable=True),
    Column("scope", groupable=True),
    Column("building", sortable=False),
    Column("account", sortable=False),
    Column("name"),
    *PRICE_COLUMNS,
]

TARIFF_COLUMNS_FOR_SERVICE = [
    Column("scope", link=True),
    Column("building"),
    Column("account"),
    Column("name"),
    *PRICE_COLUMNS,
]

VERSION_COLUMNS = [
    Column("tariff", sortable=False),
    Column("effective_from", link=True),
    Column("effective_until"),
    Column("rate"),
    Column("norm"),
    BandsColumn("bands"),
]

VERSION_COLUMNS_FOR_TARIFF = [column for column in VERSION_COLUMNS if column.name != "tariff"]

SUBSCRIPTION_COLUMNS = [
    Column("service", groupable=True, sortable=False),
    Column("building", sortable=False),
    Column("account", sortable=False),
    Column("date_from", link=True),
    Column("date_to"),
]

SUBSCRIPTION_COLUMNS_FOR_SERVICE = [column for column in SUBSCRIPTION_COLUMNS
                                    if column.name != "service"]
