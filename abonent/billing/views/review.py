"""Reviewing a run: every account's bill against the previous period, with what to look at;
one bill's lines (explained in the reader's language) and the meters read for it."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from abonent.billing import selectors, tables
from abonent.billing.filtersets import AccountBillFilterSet, RunBillFilterSet
from abonent.billing.models import AccountBill, BillingRun, Charge, MeterUsage
from abonent.billing.views.base import BillingPages, get_restricted, table
from abonent.billing.views.runs import run_buttons
from abonent.core.tables import Column
from abonent.core.views import generic


class AccountBillList(BillingPages, generic.ObjectListView):
    """Bills of every run (filtered by run, account or flag); a run's review is one run's."""

    model = AccountBill
    addable = editable = False
    filterset_class = AccountBillFilterSet
    columns = [Column("run", sortable=False), *tables.BILL_COLUMNS]
    export_columns = tables.BILL_EXPORT_COLUMNS
    default_sort = "account__number"
    export_name = "bills"

    def get_queryset(self):
        return selectors.with_difference(super().get_queryset())


class RunReview(AccountBillList):
    filterset_class = RunBillFilterSet
    columns = tables.BILL_COLUMNS
    template_name = "billing/review.html"

    def get_queryset(self):
        self.run = get_restricted(BillingRun, self.access, self.kwargs["pk"])
        return super().get_queryset().filter(run=self.run)

    @property
    def export_name(self) -> str:
        return f"run-{self.run.pk}-review"

    def base_context(self):
        return {**super().base_context(), "run": self.run,
                "list_url": self.request.path, **run_buttons(self.access, self.run)}


class AccountBillDetail(BillingPages, generic.ObjectDetailView):
    model = AccountBill
    addable = editable = False
    template_name = "billing/accountbill_detail.html"
    fields = ["run", "account", "total", "previous_total"]

    def get_object(self, action="view"):
        if not hasattr(self, "_bill"):
            self._bill = selectors.with_difference(
                AccountBill.objects.restrict(self.access, action).select_related(
                    "run__period", "account__unit__building", "account__holder")).filter(
                pk=self.kwargs["pk"]).first()
            if self._bill is None:
                raise Http404
        return self._bill

    def detail_fields(self, obj):
        return [*super().detail_fields(obj),
                (_("difference"), obj.difference),
                (_("flags"), tables.flag_badges(obj.flags) or None)]

    def related_tables(self, obj):
        charges = selectors.bill_charges(obj, get_language() or "en")
        usages = selectors.bill_usages(obj)
        return [table(_("Lines in this run"), Charge, charges, tables.CHARGE_COLUMNS),
                table(_("Meters read"), MeterUsage, usages, tables.USAGE_COLUMNS)]

    def base_context(self):
        bill = self.get_object()
        return {**super().base_context(), "bill": bill,
                "review_url": reverse("billing:run_review", args=[bill.run_id])}
