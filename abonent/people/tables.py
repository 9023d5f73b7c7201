from django.utils.translation import gettext_lazy as _

from abonent.core.tables import Column

PERSON_COLUMNS = [
    Column("display_name", label=_("name"), sortable=False, link=True),
    Column("last_name"),
    Column("kind", groupable=True),
    Column("phone"),
    Column("email"),
    Column("personal_id"),
    Column("language", groupable=True),
    Column("closed_on"),
]

OWNERSHIP_COLUMNS = [
    Column("person", sortable=False),
    Column("unit", sortable=False),
    Column("kind", groupable=True),
    Column("share", label=_("share"), sortable=False, link=True),
    Column("date_from"),
    Column("date_to"),
    Column("document_ref"),
]

OWNERSHIP_COLUMNS_FOR_UNIT = [
    Column("person"), Column("kind"), Column("share", label=_("share"), link=True),
    Column("date_from"), Column("date_to"),
]

OWNERSHIP_COLUMNS_FOR_PERSON = [
    Column("unit"), Column("kind"), Column("share", label=_("share"), link=True),
    Column("date_from"), Column("date_to"),
]
