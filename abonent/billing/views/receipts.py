"""Receipts: the issued payment documents, read-only (a reissue is a new version)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from abonent.billing import tables
from abonent.billing.filtersets import ReceiptFilterSet
from abonent.billing.models import LedgerEntry, Receipt
from abonent.billing.views.base import BillingPages, related_rows, table
from abonent.core.tables import Column
from abonent.core.views import generic

ENTRY_COLUMNS = [Column("created_at", label=_("date"), link=True), Column("service"),
                 Column("service_period"), Column("kind"), tables.MoneyColumn("amount"),
                 Column("text")]


class ReceiptList(BillingPages, generic.ObjectListView):
    model = Receipt
    addable = editable = False
    filterset_class = ReceiptFilterSet
    columns = tables.RECEIPT_COLUMNS
    default_sort = "-number"
    export_name = "receipts"


class ReceiptDetail(BillingPages, generic.ObjectDetailView):
    model = Receipt
    addable = editable = False
    fields = ["number", "version", "account", "period", "run", "opening_balance", "charged",
              "amount_due", "due_date", "created_at"]

    def related_tables(self, obj):
        entries = related_rows(self.access, LedgerEntry, ENTRY_COLUMNS, run_id=obj.run_id,
                               account_id=obj.account_id).order_by("created_at", "pk")
        return [table(_("Entries posted with this receipt"), LedgerEntry, entries,
                      ENTRY_COLUMNS)]
