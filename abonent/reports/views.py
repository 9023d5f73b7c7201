"""The report pages. Viewing a report needs the view right of its area (billing or payment),
exporting it the export right of that area; the rows come from the report functions, which read
through ``restrict``."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from abonent.core.choices import Action
from abonent.core.views.generic import StaffView
from abonent.reports.base import Report
from abonent.reports.chart import bar_chart
from abonent.reports.export import export_report
from abonent.reports.forms import (
    CashDeskForm,
    LossesForm,
    PaymentsForm,
    ReportForm,
    ShiftForm,
    SummaryForm,
    TurnoverForm,
)
from abonent.reports.losses import common_meter_losses
from abonent.reports.payments import cash_desk_closing, cash_desk_shift, payments_report
from abonent.reports.summary import billing_summary
from abonent.reports.turnover import turnover

#: rows of a report's part (the reversed payments, a shift's payments) shown on the page; the
#: export holds them all
PART_ROWS = 200


class AreaReportView(StaffView):
    """A page of one rights area: ``area``'s view right to see it."""

    area = "billing"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.access.organization is not None:
            request.access.require(self.area, Action.VIEW)
        return super().dispatch(request, *args, **kwargs)


REPORTS = [
    ("reports:summary", gettext_lazy("Billing summary"), gettext_lazy(
        "Charged, benefits, recalculations, adjustments and net by service, building or "
        "period.")),
    ("reports:turnover", gettext_lazy("Turnover sheet"), gettext_lazy(
        "Opening balance, movements and closing balance by account, building or for the "
        "organization.")),
    ("reports:losses", gettext_lazy("Common-meter losses"), gettext_lazy(
        "What the buildings' common meters measured against what the accounts were billed.")),
    ("reports:payments", gettext_lazy("Payments"), gettext_lazy(
        "Payments by day, channel, cashier or source, with a chart of the daily totals; "
        "reversed payments apart.")),
    ("reports:cash_desk", gettext_lazy("Cash desk closing"), gettext_lazy(
        "Each cashier's shifts: opening, closing, cash and card totals, reversals, and a "
        "printable sheet to sign.")),
]


class ReportIndex(StaffView):
    """The reports the user may see (each report's view names its rights area)."""

    def get(self, request):
        reports = []
        for name, title, description in REPORTS:
            url = reverse(name)
            if self.access.can(resolve(url).func.view_class.area, Action.VIEW):
                reports.append({"url": url, "title": title, "description": description})
        if not reports:
            raise PermissionDenied(_("You may not see any report."))
        return render(request, "reports/index.html", {"reports": reports})


def table(report: Report, rows: list, totals=None) -> dict[str, Any]:
    """A report's (or a part's) rows as cells, and its headers (numbers to the right)."""
    cells = [ReportView.cells(report, row) for row in rows]
    totals = ReportView.cells(report, totals) if totals else None
    sample = totals or (cells[0] if cells else None)
    headers = [(column, bool(sample and sample["cells"][index][1]))
               for index, column in enumerate(report.columns)]
    return {"headers": headers, "rows": cells, "totals": totals}


class ReportView(AreaReportView):
    form_class: type[ReportForm]
    title: Any = ""
    intro: Any = ""
    export_name = ""
    per_page = 100

    def build(self, **params) -> Report:
        raise NotImplementedError

    def extra_context(self, report: Report, form: ReportForm) -> dict[str, Any]:
        return {}

    def get(self, request):
        form = self.form_class(request.GET, access=self.access)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            self.access.require(self.area, Action.EXPORT)
        report = self.build(**form.params()) if form.is_valid() and form.ready else None
        if report is not None and export in ("csv", "xlsx"):
            return export_report(export, self.export_name, report)
        page, rows = report.page(request.GET.get("page"), self.per_page) if report else \
            (None, [])
        main = table(report, rows, report.totals) if report else \
            {"headers": [], "rows": [], "totals": None}
        parts = []
        for part in report.parts if report else ():
            part_page, part_rows = part.page(1, PART_ROWS)
            parts.append({"title": part.title, **table(part, part_rows, part.totals),
                          "more": part_page.paginator.count - len(part_rows)})
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("export", None)
        context = {
            "title": self.title, "intro": self.intro, "form": form, "report": report,
            **main, "parts": parts,
            "page": page, "querystring": params.urlencode(),
            "can_export": self.access.can(self.area, Action.EXPORT),
            **(self.extra_context(report, form) if report else {}),
        }
        status = 400 if form.errors else 200
        return render(request, "reports/report.html", context, status=status)

    @staticmethod
    def cells(report: Report, row) -> dict[str, Any]:
        values = [column.value(row) for column in report.columns]
        cells = [(value, isinstance(value, Decimal | int) and not isinstance(value, bool))
                 for value in values]
        return {"url": row.get("url"), "cells": cells}


class SummaryReport(ReportView):
    form_class = SummaryForm
    title = gettext_lazy("Billing summary")
    intro = gettext_lazy(
        "What was charged, given as benefits, recalculated and adjusted in the periods. A "
        "reversal of a re-billed line counts under the kind of the line it reverses.")
    export_name = "billing-summary"

    def build(self, **params) -> Report:
        return billing_summary(access=self.access, **params)


class TurnoverReport(ReportView):
    form_class = TurnoverForm
    title = gettext_lazy("Turnover sheet")
    intro = gettext_lazy(
        "Balances and movements by the period they are posted in: the opening balance plus "
        "the movements is the closing balance on every row.")
    export_name = "turnover"

    def build(self, **params) -> Report:
        return turnover(access=self.access, **params)


class LossesReport(ReportView):
    form_class = LossesForm
    title = gettext_lazy("Common-meter losses")
    intro = gettext_lazy(
        "What each building's common meter measured against the consumption billed to its "
        "accounts for the measured service, in issued runs.")
    export_name = "common-meter-losses"

    def build(self, **params) -> Report:
        return common_meter_losses(access=self.access, **params)

    def extra_context(self, report: Report, form: ReportForm) -> dict[str, Any]:
        periods, units = report.extra["periods"], report.extra["units"]
        if not periods or len(units) != 1:
            return {"chart_note": _("Choose one common-meter service to see the chart.")
                    if periods else ""}
        unit = units[0]
        measured, billed = _("common meter"), _("billed individually")
        description = " ".join(_(
            "%(period)s: common meter %(measured)s %(unit)s, billed individually "
            "%(billed)s %(unit)s, difference %(difference)s %(unit)s (%(percent)s%%).") % {
            "period": row.period, "measured": row.measured, "billed": row.billed,
            "difference": row.difference, "unit": unit,
            "percent": "—" if row.loss_percent is None else row.loss_percent}
            for row in periods)
        chart = bar_chart(
            chart_id="losses-chart", title=_("Common meter against billed individually"),
            description=description, categories=[row.period for row in periods],
            series=[(measured, [row.measured for row in periods]),
                    (billed, [row.billed for row in periods])],
            notes=["" if row.loss_percent is None else f"{row.loss_percent}%"
                   for row in periods], unit=unit)
        return {"chart": chart}


class PaymentsReport(ReportView):
    area = "payment"
    form_class = PaymentsForm
    title = gettext_lazy("Payments")
    intro = gettext_lazy(
        "The posted payments of the days, counted and summed. A day is the value date or the "
        "day received in the organization's time zone. Reversed payments are not in the "
        "figures; they are listed below with the day they were reversed.")
    export_name = "payments"

    def build(self, **params) -> Report:
        return payments_report(access=self.access, **params)

    def extra_context(self, report: Report, form) -> dict[str, Any]:
        days = report.extra["days"]
        if days is None:
            return {"chart_note": _("The daily chart is drawn for ranges of up to a year.")
                    if form.cleaned_data["group"] == "day" else ""}
        if not any(day.payments for day in days):
            return {}
        return {"chart": daily_chart(days, report.extra["currency"])}


def daily_chart(days: list, currency: str):
    """The daily totals as bars; under the bars every few days' date, so that a month or a
    year stays readable; the description says every day's figures in words."""
    every = max(1, math.ceil(len(days) / 16))
    paid = [day for day in days if day.payments]
    description = " ".join([_("Payments by day, %(first)s to %(last)s.") % {
        "first": days[0].day.isoformat(), "last": days[-1].day.isoformat()}, *(
        ngettext("%(day)s: %(amount)s %(currency)s in %(count)s payment.",
                 "%(day)s: %(amount)s %(currency)s in %(count)s payments.", day.payments) % {
            "day": day.day.isoformat(), "count": day.payments, "amount": day.amount,
            "currency": currency} for day in paid),
        ngettext("No payments on the other %(count)s day.",
                 "No payments on the other %(count)s days.", len(days) - len(paid))
        % {"count": len(days) - len(paid)}
        if len(paid) < len(days) else ""]).strip()
    return bar_chart(
        chart_id="payments-chart", title=_("Payments by day"), description=description,
        categories=[day.day.isoformat() for day in days],
        series=[(_("paid"), [day.amount for day in days])], unit=currency,
        axis_labels=[day.day.strftime("%m-%d") if index % every == 0 else ""
                     for index, day in enumerate(days)])


class CashDeskReport(ReportView):
    area = "payment"
    form_class = CashDeskForm
    title = gettext_lazy("Cash desk closing")
    intro = gettext_lazy(
        "A shift is one cashier's day at the cash desk (cash and card payments, by the day "
        "received in the organization's time zone). Reversals count in a shift when they were "
        "made on the shift's day. Open a shift to print its sheet for signing.")
    export_name = "cash-desk-closing"

    def build(self, **params) -> Report:
        return cash_desk_closing(access=self.access, **params)


class CashDeskShift(AreaReportView):
    """One shift's closing sheet, printable, with the lines to sign."""

    area = "payment"

    def get(self, request):
        form = ShiftForm(request.GET)
        if not form.is_valid():
            raise Http404
        sheet = cash_desk_shift(access=self.access, day=form.cleaned_data["day"],
                                cashier_id=form.cleaned_data["cashier"])
        if sheet is None:
            raise Http404
        return render(request, "reports/cash_desk_shift.html", {
            **sheet, "organization": self.access.organization,
            "currency": self.access.organization.currency})
