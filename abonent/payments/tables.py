"""Columns of the payment pages and their exports."""

from django.utils.translation import gettext_lazy as _

from abonent.billing.tables import MoneyColumn
from abonent.core.tables import Column

PAYMENT_COLUMNS = [
    Column("received_at", label=_("received at"), link=True),
    Column("account", sortable=False),
    MoneyColumn("amount"),
    Column("value_date"),
    Column("channel", groupable=True),
    Column("source", groupable=True),
    Column("payer_name"),
    Column("reference"),
    Column("status", groupable=True),
    Column("posted_by", sortable=False),
]

ALLOCATION_COLUMNS = [
    Column("kind"),
    Column("entry__service", label=_("service"), sortable=False),
    Column("entry__service_period", label=_("for period"), sortable=False),
    MoneyColumn("paid", label=_("amount"), sortable=False),
]

STATEMENT_COLUMNS = [
    Column("created_at", label=_("imported at"), link=True),
    Column("file_name"),
    Column("format", groupable=True),
    Column("statement_account"),
    MoneyColumn("credits"),
    Column("lines_total"),
    Column("posted"),
    MoneyColumn("posted_amount"),
    Column("duplicates"),
    Column("queued"),
    Column("imported_by", sortable=False),
]

LINE_COLUMNS = [
    Column("index", link=True),
    Column("value_date"),
    MoneyColumn("amount"),
    Column("payer_name"),
    Column("reference"),
    Column("status"),
    Column("account", sortable=False),
    Column("confidence"),
]

QUEUE_COLUMNS = [
    Column("value_date", link=True),
    MoneyColumn("amount"),
    Column("payer_name"),
    Column("payer_account"),
    Column("reference"),
    Column("text"),
    Column("account", label=_("suggested account"), sortable=False),
    Column("confidence"),
    Column("statement", sortable=False),
]

RATE_COLUMNS = [
    Column("effective_from", link=True),
    Column("percent"),
    Column("source"),
]
