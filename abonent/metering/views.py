"""Pages of meters and readings, and the review of held readings. The grid is in grid.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abonent.core.choices import Action
from abonent.core.views import generic
from abonent.metering import forms, selectors, services, tables
from abonent.metering.chart import bar_chart
from abonent.metering.choices import ReadingStatus
from abonent.metering.filtersets import MeterFilterSet, ReadingFilterSet
from abonent.metering.models import Meter, Reading


class MeterList(generic.ObjectListView):
    model = Meter
    filterset_class = MeterFilterSet
    columns = tables.METER_COLUMNS
    default_sort = "serial"


class MeterDetail(generic.ObjectDetailView):
    model = Meter
    template_name = "metering/meter_detail.html"
    fields = ["service", "account", "building", "serial", "digits", "multiplier",
              "initial_value", "installed_on", "verified_until", "removed_on"]
    related = [(gettext_lazy("Readings"), "readings", tables.READING_COLUMNS_FOR_METER)]

    def extra_context(self, obj):
        today = selectors.local_today(obj.organization)
        return {
            "chart": bar_chart(selectors.monthly_consumption(obj, months=13, today=today)),
            "overdue": bool(obj.verified_until and obj.verified_until < today),
            "can_add_reading": self.access.can("metering", Action.ADD) and not obj.removed_on,
        }


class MeterEdit(generic.ObjectEditView):
    model = Meter
    form_class = forms.MeterForm

    def save(self, form):
        return services.meter_save(access=self.access, instance=form.instance)


class MeterClose(generic.ObjectCloseView):
    model = Meter

    def close(self, obj, on):
        return services.meter_close(access=self.access, meter=obj, on=on)


class ReadingList(generic.ObjectListView):
    model = Reading
    filterset_class = ReadingFilterSet
    columns = tables.READING_COLUMNS
    default_sort = "-date"


class ReadingDetail(generic.ObjectDetailView):
    model = Reading
    template_name = "metering/reading_detail.html"
    fields = ["meter", "date", "value", "consumption", "rollover", "source", "status",
              "reason", "author", "created_at"]

    def extra_context(self, obj):
        can_change = self.access.can("metering", Action.CHANGE)
        return {"can_accept": can_change and obj.status == ReadingStatus.HELD,
                "can_reject": can_change and obj.status != ReadingStatus.REJECTED,
                "reject_form": forms.RejectForm()}


class ReadingEdit(generic.ObjectEditView):
    """Adding a reading, or correcting the meter's latest one: both through the services."""

    model = Reading

    @property
    def form_class(self):
        return forms.ReadingCorrectForm if "pk" in self.kwargs else forms.ReadingForm

    def save(self, form):
        data = form.cleaned_data
        if "pk" in self.kwargs:
            reading = services.reading_correct(access=self.access, reading=form.instance,
                                               date=data["date"], value=data["value"])
        else:
            reading = services.reading_record(access=self.access, meter=data["meter"],
                                              date=data["date"], value=data["value"],
                                              source=data["source"])
        if reading.status == ReadingStatus.HELD:
            messages.warning(self.request, _("Held for review: %(reason)s") % {
                "reason": reading.reason})
        return reading


def back_to(request, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()},
                                           require_https=request.is_secure()):
        target = fallback
    return HttpResponseRedirect(target)


class ReadingReview(generic.ModelViewMixin):
    """Accept (``action`` "accept") or reject a reading; POST only, with the *change* right."""

    model = Reading
    http_method_names = ["post"]
    action = "accept"

    def post(self, request, pk: int):
        reading = self.get_object(Action.CHANGE)
        try:
            if self.action == "accept":
                reading = services.reading_accept(access=self.access, reading=reading)
                messages.success(request, _("Reading %(reading)s accepted.") % {
                    "reading": reading})
            else:
                form = forms.RejectForm(request.POST)
                reason = form.cleaned_data["reason"] if form.is_valid() else ""
                reading = services.reading_reject(access=self.access, reading=reading,
                                                  reason=reason)
                messages.success(request, _("Reading %(reading)s rejected.") % {
                    "reading": reading})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return back_to(request, reading.get_absolute_url())


class HeldReadings(generic.ModelViewMixin):
    """Readings held for review, oldest first, with their reason and the review buttons."""

    model = Reading
    per_page = 50

    def get(self, request):
        page = Paginator(selectors.held_readings(self.access), self.per_page).get_page(
            request.GET.get("page"))
        context = {**self.base_context(), "page": page,
                   "reject_form": forms.RejectForm()}
        return render(request, "metering/held_readings.html", context)
