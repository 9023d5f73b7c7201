"""Columns of the provider pages and their exports."""

from django.utils.translation import gettext_lazy as _

from abonent.billing.tables import MoneyColumn
from abonent.core.tables import Column

PROVIDER_COLUMNS = [
    Column("name", label=_("provider"), link=True, sortable=False),
    Column("code", label=_("code")),
    Column("is_active"),
    Column("secret_hint", sortable=False),
    Column("updated_at", label=_("changed at")),
]

DELIVERY_COLUMNS = [
    Column("received_at", link=True),
    Column("provider", sortable=False),
    Column("status", groupable=True),
    Column("http_status"),
    Column("event", groupable=True),
    Column("external_id"),
    MoneyColumn("amount"),
    Column("account_reference"),
    Column("payment", sortable=False),
    Column("attempts"),
    Column("error", sortable=False),
]

RECENT_DELIVERY_COLUMNS = [c for c in DELIVERY_COLUMNS if c.name != "provider"]
