"""Payment plans (list, page with the schedule and how each instalment stands, add, edit), the
instalments, and the missed instalments of all active plans."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from abonent.billing.views.base import BillingPages
from abonent.collections import selectors, tables
from abonent.collections.filtersets import InstalmentFilterSet, PaymentPlanFilterSet
from abonent.collections.forms import PlanForm
from abonent.collections.models import Instalment, PaymentPlan
from abonent.collections.services import plan_save
from abonent.collections.views.base import CollectionsView, today
from abonent.core.views import generic


class PlanList(BillingPages, generic.ObjectListView):
    model = PaymentPlan
    filterset_class = PaymentPlanFilterSet
    columns = tables.PLAN_COLUMNS
    default_sort = "-start"
    export_name = "payment-plans"


class PlanEdit(BillingPages, generic.ObjectEditView):
    model = PaymentPlan
    form_class = PlanForm

    def save(self, form):
        return plan_save(access=self.access, plan=form.instance)


class PlanDetail(BillingPages, generic.ObjectDetailView):
    model = PaymentPlan
    template_name = "collections/plan_detail.html"
    fields = ["account", "total", "start", "instalments_count", "status", "notes"]

    def extra_context(self, obj):
        as_of = today()
        return {"progress": selectors.plan_standing(obj, as_of=as_of), "as_of": as_of,
                "currency": self.access.organization.currency}


class InstalmentList(BillingPages, generic.ObjectListView):
    model = Instalment
    addable = False
    editable = False
    filterset_class = InstalmentFilterSet
    columns = tables.INSTALMENT_COLUMNS
    default_sort = "due_date"
    export_name = "instalments"


class InstalmentDetail(BillingPages, generic.ObjectDetailView):
    model = Instalment
    addable = False
    editable = False
    fields = ["plan", "number", "due_date", "amount"]


class MissedList(CollectionsView):
    """Instalments of active plans whose due date passed without enough paid."""

    def get(self, request):
        as_of = today()
        rows = selectors.missed_instalments(self.access, as_of=as_of)
        page = Paginator(rows, 100).get_page(request.GET.get("page"))
        return render(request, "collections/missed.html",
                      {"page": page, "rows": page.object_list, "as_of": as_of,
                       "count": len(rows), "currency": self.access.organization.currency})
