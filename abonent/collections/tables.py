"""Columns of the collections pages and their exports."""

from django.utils.translation import gettext_lazy as _

from abonent.billing.tables import MoneyColumn
from abonent.core.tables import Column

CASE_COLUMNS = [
    Column("opened_on", link=True),
    Column("account", sortable=False),
    Column("account__holder", label=_("holder"), sortable=False),
    Column("stage", groupable=True),
    Column("responsible", sortable=False),
    Column("closed_on"),
]

EVENT_COLUMNS = [
    Column("date", link=True),
    Column("case__account", label=_("account"), sortable=False),
    Column("stage", groupable=True),
    Column("responsible", sortable=False),
    Column("note", sortable=False),
]

CASE_EVENT_COLUMNS = [
    Column("date", link=True),
    Column("stage"),
    Column("responsible"),
    Column("note"),
]

PLAN_COLUMNS = [
    Column("start", link=True),
    Column("account", sortable=False),
    Column("account__holder", label=_("holder"), sortable=False),
    MoneyColumn("total"),
    Column("instalments_count"),
    Column("status", groupable=True),
]

INSTALMENT_COLUMNS = [
    Column("due_date", link=True),
    Column("plan__account", label=_("account"), sortable=False),
    Column("number"),
    MoneyColumn("amount"),
    Column("plan", sortable=False),
]
