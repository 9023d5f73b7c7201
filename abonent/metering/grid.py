"""The readings grid: a building's working meters on one page, one input each.

With JavaScript (static/metering/grid.js) every value is saved on its own as the operator
leaves its input (Enter, ↓, ↑ or a click elsewhere): an htmx POST to ``GridRowView`` records
it through ``reading_record`` and swaps in the row with its consumption, its hold reason or
its error. Without JavaScript the grid is an ordinary form: *Save all* records every filled
row in one transaction, all or nothing, and shows each refused row's problem beside it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from abonent.billing.settings import billing_settings
from abonent.core.choices import Action
from abonent.core.views.generic import StaffView
from abonent.metering import selectors, services
from abonent.metering.choices import ReadingSource, ReadingStatus
from abonent.metering.forms import GridForm
from abonent.metering.models import Meter
from abonent.metering.selectors import GridRow


def parse_typed(text: str) -> Decimal:
    """What an operator types: ``1234.5``, ``1234,5``, ``1 234,5``."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_("Enter a number, like 1234.5.")) from None
    if not value.is_finite():
        raise ValidationError(_("Enter a number, like 1234.5."))
    return value


def record(access, row: GridRow, day, typed: str, settings) -> None:
    """Record what was typed for ``row``; on a refusal keep the text and say why."""
    row.typed = typed
    try:
        row.entered = services.reading_record(
            access=access, meter=row.meter, date=day, value=parse_typed(typed),
            source=ReadingSource.STAFF, settings=settings)
        row.typed, row.error = "", ""
    except ValidationError as exc:
        row.error = " ".join(exc.messages)


class GridAccess(StaffView):
    """Entering readings needs the *add* right on meters and readings."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.access.organization is not None:
            request.access.require("metering", Action.ADD)
        return super().dispatch(request, *args, **kwargs)


class GridView(GridAccess):
    template_name = "metering/grid.html"

    def render_grid(self, form, rows, status=200):
        day = form.cleaned_data["date"] if rows is not None else None
        context = {"form": form, "rows": rows, "day": day,
                   "counts": self.counts(rows) if rows else None}
        return render(self.request, self.template_name, context, status=status)

    @staticmethod
    def counts(rows: list[GridRow]) -> dict[str, int]:
        entered = [r.entered for r in rows if r.entered]
        return {"meters": len(rows), "entered": len(entered),
                "held": sum(1 for r in entered if r.status == ReadingStatus.HELD)}

    def get(self, request):
        today = selectors.local_today(self.access.organization)
        if "building" not in request.GET:
            return self.render_grid(GridForm(access=self.access, initial={"date": today}), None)
        data = request.GET.copy()
        data.setdefault("date", today.isoformat())
        form = GridForm(data, access=self.access)
        if not form.is_valid():
            return self.render_grid(form, None, status=400)
        rows = selectors.grid_rows(self.access, building=form.cleaned_data["building"],
                                   service=form.cleaned_data["service"],
                                   day=form.cleaned_data["date"])
        return self.render_grid(form, rows)

    def post(self, request):
        """Without JavaScript: record every filled row, all or nothing."""
        form = GridForm(request.POST, access=self.access)
        if not form.is_valid():
            return self.render_grid(form, None, status=400)
        data = form.cleaned_data
        rows = selectors.grid_rows(self.access, building=data["building"],
                                   service=data["service"], day=data["date"])
        settings = billing_settings(self.access.organization)
        filled = [(row, request.POST.get(f"value-{row.meter.pk}", "").strip()) for row in rows]
        filled = [(row, typed) for row, typed in filled if typed and row.entered is None]
        with transaction.atomic():
            for row, typed in filled:
                record(self.access, row, data["date"], typed, settings)
            failed = [row for row, _typed in filled if row.error]
            if failed:
                transaction.set_rollback(True)
        if failed:
            for row, typed in filled:  # nothing was kept: show every typed value again
                row.entered, row.typed = None, typed
            messages.error(request, ngettext(
                "%(count)s reading was refused; nothing was saved. Correct it and save again.",
                "%(count)s readings were refused; nothing was saved. Correct them and save "
                "again.", len(failed)) % {"count": len(failed)})
            return self.render_grid(form, rows, status=400)
        held = sum(1 for row, _typed in filled if row.entered.status == ReadingStatus.HELD)
        messages.success(request, ngettext("%(count)s reading saved.",
                                           "%(count)s readings saved.", len(filled)) % {
            "count": len(filled)} + (" " + ngettext(
                "%(held)s is held for review.", "%(held)s are held for review.", held) % {
                "held": held} if held else ""))
        query = {"building": data["building"].pk, "date": data["date"].isoformat()}
        if data["service"]:
            query["service"] = data["service"].pk
        return HttpResponseRedirect(f"{reverse('metering:grid')}?{urlencode(query)}")


class GridRowView(GridAccess):
    """One row of the grid (htmx): record its value, answer with the row as it now is."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        meter = Meter.objects.restrict(self.access, Action.ADD).select_related(
            "service", "account__unit").filter(pk=pk).first()
        if meter is None:
            raise Http404
        day_field = django_forms.DateField()
        try:
            day = day_field.clean(request.POST.get("date"))
        except ValidationError:
            day = selectors.local_today(self.access.organization)
        previous = selectors.latest_accepted(meter, before=day)
        row = GridRow(meter, previous.value if previous else None,
                      previous.date if previous else None,
                      entered=selectors.live_readings(meter).filter(date=day).first())
        typed = request.POST.get(f"value-{pk}", "").strip()
        if typed and row.entered is None:
            record(self.access, row, day, typed, billing_settings(self.access.organization))
        return render(request, "metering/_grid_row.html", {"row": row, "day": day})
