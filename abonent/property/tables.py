from django.utils.translation import gettext_lazy as _

from abonent.core.tables import Column

BUILDING_COLUMNS = [
    Column("code", link=True),
    Column("address", label=_("address"), sortable=False, link=True),
    Column("city", groupable=True),
    Column("branch", groupable=True),
    Column("floors"),
    Column("entrances"),
    Column("total_area"),
    Column("year_built"),
    Column("management_start"),
    Column("closed_on"),
]

UNIT_COLUMNS = [
    Column("building", groupable=True, link=False, sortable=False),
    Column("number", link=True),
    Column("kind", groupable=True),
    Column("entrance", groupable=True),
    Column("floor"),
    Column("area"),
    Column("rooms"),
    Column("closed_on"),
]
