from django.utils.translation import gettext_lazy as _

from abonent.core.tables import Column

METER_COLUMNS = [
    Column("serial", link=True),
    Column("service", groupable=True, sortable=False),
    Column("building", groupable=True, sortable=False),
    Column("account__unit__number", label=_("unit")),
    Column("account", sortable=False),
    Column("digits"),
    Column("multiplier"),
    Column("installed_on"),
    Column("verified_until"),
    Column("removed_on"),
]

READING_COLUMNS = [
    Column("date", link=True),
    Column("meter", sortable=False),
    Column("meter__building", label=_("building"), sortable=False, groupable=True),
    Column("meter__account", label=_("account"), sortable=False),
    Column("value"),
    Column("consumption"),
    Column("rollover"),
    Column("source", groupable=True),
    Column("status", groupable=True),
    Column("reason", sortable=False),
]

#: on a meter's page: its readings, newest first
READING_COLUMNS_FOR_METER = [
    Column("date", link=True), Column("value"), Column("consumption"), Column("rollover"),
    Column("source"), Column("status"), Column("reason"),
]
