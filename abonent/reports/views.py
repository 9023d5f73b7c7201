"""The report pages. Viewing needs the billing view right, exporting the billing export right;
the rows come from the report functions, which read through ``restrict``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abonent.core.choices import Action
from abonent.core.views.generic import StaffView
from abonent.reports.base import Report
from abonent.reports.chart import bar_chart
from abonent.reports.export import export_report
from abonent.reports.forms import LossesForm, ReportForm, SummaryForm, TurnoverForm
from abonent.reports.losses import common_meter_losses
from abonent.reports.summary import billing_summary
from abonent.reports.turnover import turnover

AREA = "billing"


class BillingReportView(StaffView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.access.organization is not None:
            request.access.require(AREA, Action.VIEW)
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
]


class ReportIndex(BillingReportView):
    def get(self, request):
        reports = [{"url": reverse(name), "title": title, "description": description}
                   for name, title, description in REPORTS]
        return render(request, "reports/index.html", {"reports": reports})


class ReportView(BillingReportView):
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
            self.access.require(AREA, Action.EXPORT)
        report = self.build(**form.params()) if form.is_valid() and form.has_periods \
            else None
        if report is not None and export in ("csv", "xlsx"):
            return export_report(export, self.export_name, report)
        page, rows = report.page(request.GET.get("page"), self.per_page) if report else \
            (None, [])
        cells = [self.cells(report, row) for row in rows]
        totals = self.cells(report, report.totals) if report and report.totals else None
        sample = totals or (cells[0] if cells else None)
        headers = [(column, bool(sample and sample["cells"][index][1]))
                   for index, column in enumerate(report.columns if report else [])]
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("export", None)
        context = {
            "title": self.title, "intro": self.intro, "form": form, "report": report,
            "headers": headers, "rows": cells, "totals": totals,
            "page": page, "querystring": params.urlencode(),
            "can_export": self.access.can(AREA, Action.EXPORT),
            **(self.extra_context(report, form) if report else {}),
        }
        status = 400 if form.errors else 200
        return render(request, "reports/report.html", context, status=status)

    @staticmethod
    def cells(report: Report, row) -> dict[str, Any]:
        values = [column.value(row) for column in report.columns]
        cells = [(value, isinstance(value, Decimal)) for value in values]
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
