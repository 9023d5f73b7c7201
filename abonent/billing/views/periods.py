"""Billing periods: the months, open or closed, with their runs; closing one."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abonent.billing import tables
from abonent.billing.filtersets import BillingPeriodFilterSet
from abonent.billing.models import BillingPeriod, BillingRun
from abonent.billing.runs import period_close
from abonent.billing.views.base import BillingPages, ConfirmView, related_rows, table
from abonent.core.choices import Action
from abonent.core.views import generic


class PeriodList(BillingPages, generic.ObjectListView):
    model = BillingPeriod
    addable = editable = False
    filterset_class = BillingPeriodFilterSet
    columns = tables.PERIOD_COLUMNS
    default_sort = "-start"


class PeriodDetail(BillingPages, generic.ObjectDetailView):
    model = BillingPeriod
    addable = editable = False
    template_name = "billing/period_detail.html"
    fields = ["start", "end", "status", "closed_at", "closed_by"]

    def related_tables(self, obj):
        columns = tables.RUN_COLUMNS_SHORT
        return [table(gettext_lazy("Runs"), BillingRun, related_rows(
            self.access, BillingRun, columns, period=obj).order_by("-created_at"), columns)]

    def base_context(self):
        return {**super().base_context(),
                "can_approve": self.access.can("billing", Action.APPROVE)}


class PeriodClose(ConfirmView):
    model = BillingPeriod
    action = Action.APPROVE
    title = gettext_lazy("Close the period %(name)s")
    question = gettext_lazy(
        "The period %(name)s will take no more charges or corrections: a correction of it is "
        "then posted in an open period. Each account's closing balance is kept. This cannot be "
        "undone.")
    button = gettext_lazy("Close the period")
    danger = True

    def perform(self, obj) -> str:
        period_close(obj, access=self.access)
        return _("The period %(name)s is closed.") % {"name": obj}
