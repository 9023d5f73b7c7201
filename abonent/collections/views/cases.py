"""Collection cases (list, page with the history of its steps, open, edit, close, move forward)
and the list of every step taken."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from abonent.billing.views.base import BillingPages, related_rows, table
from abonent.collections import tables
from abonent.collections.filtersets import CollectionCaseFilterSet, StageEventFilterSet
from abonent.collections.forms import AdvanceForm, CaseForm
from abonent.collections.models import CollectionCase, StageEvent
from abonent.collections.services import case_advance
from abonent.core.choices import Action
from abonent.core.views import generic


class CaseList(generic.ObjectListView):
    model = CollectionCase
    filterset_class = CollectionCaseFilterSet
    columns = tables.CASE_COLUMNS
    default_sort = "-opened_on"
    export_name = "collection-cases"


class CaseEdit(generic.ObjectEditView):
    model = CollectionCase
    form_class = CaseForm


class CaseDetail(generic.ObjectDetailView):
    model = CollectionCase
    template_name = "collections/case_detail.html"
    fields = ["account", "opened_on", "stage", "responsible", "notes", "closed_on"]

    def extra_context(self, obj, form=None):
        steps = related_rows(self.access, StageEvent, tables.CASE_EVENT_COLUMNS, case=obj)
        may_advance = obj.closed_on is None and self.access.can("payment", Action.CHANGE)
        if may_advance and form is None:
            form = AdvanceForm(access=self.access, initial={"stage": obj.stage or "reminder"})
        return {"steps": table(_("History of the case"), StageEvent,
                               steps.order_by("date", "pk"), tables.CASE_EVENT_COLUMNS),
                "advance_form": form if may_advance else None}

    def post(self, request, pk):
        """Move the case forward (a stage, a date, a person, a note)."""
        self.access.require("payment", Action.CHANGE)
        obj = self.get_object(Action.CHANGE)
        form = AdvanceForm(request.POST, access=self.access)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case_advance(access=self.access, case=obj, stage=data["stage"], on=data["date"],
                             responsible=data["responsible"], note=data["note"])
            except ValidationError as exc:
                generic.add_errors(form, exc)
            else:
                messages.success(request, _("The case is at “%(stage)s” now.")
                                 % {"stage": obj.__class__.objects.get(pk=obj.pk)
                                    .get_stage_display()})
                return HttpResponseRedirect(obj.get_absolute_url())
        context = {**self.base_context(), "object": obj, "details": self.detail_fields(obj),
                   "related_tables": [], "is_closed": bool(obj.closed_on),
                   **self.extra_context(obj, form)}
        return render(request, self.template_name, context, status=400)


class EventList(BillingPages, generic.ObjectListView):
    model = StageEvent
    addable = False
    editable = False
    filterset_class = StageEventFilterSet
    columns = tables.EVENT_COLUMNS
    default_sort = "-date"
    export_name = "collection-steps"


class EventDetail(BillingPages, generic.ObjectDetailView):
    model = StageEvent
    addable = False
    editable = False
    fields = ["case", "stage", "date", "responsible", "note", "created_at"]
