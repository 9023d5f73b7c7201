from django.utils.translation import gettext_lazy as _

from abonent.core.tables import Column

ACCOUNT_COLUMNS = [
    Column("number", link=True),
    Column("unit__building", label=_("building"), groupable=True, sortable=False),
    Column("unit__number", label=_("unit")),
    Column("unit__area", label=_("area, m²")),
    Column("holder", sortable=False),
    Column("opened_on"),
    Column("delivery", groupable=True),
    Column("closed_on"),
]

ACCOUNT_COLUMNS_SHORT = [
    Column("number", link=True), Column("unit"), Column("holder"), Column("opened_on"),
    Column("closed_on"),
]

RESIDENT_COLUMNS = [
    Column("person", sortable=False, link=False),
    Column("account", sortable=False),
    Column("kind", groupable=True),
    Column("date_from", link=True),
    Column("date_to"),
]

BENEFIT_CATEGORY_COLUMNS = [
    Column("code", link=True), Column("name", link=True), Column("discount_percent"),
    Column("norm_kind", groupable=True), Column("norm_per_person"), Column("closed_on"),
]

BENEFIT_MEMBERSHIP_COLUMNS = [
    Column("account", sortable=False),
    Column("category", groupable=True, sortable=False),
    Column("person", sortable=False),
    Column("persons"),
    Column("valid_from", link=True),
    Column("valid_to"),
    Column("document_ref"),
]
