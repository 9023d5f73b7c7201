"""The collection rate report: billed against paid by building and period, a chart over the
periods, CSV and XLSX export (the reports' own mechanisms: ``Report``, ``bar_chart``,
``export_report`` and the reports' page)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abonent.collections.rate import collection_rate
from abonent.collections.views.base import AREA, CollectionsView
from abonent.core.choices import Action
from abonent.reports.chart import bar_chart
from abonent.reports.export import export_report
from abonent.reports.forms import ReportForm
from abonent.reports.views import ReportView


class CollectionRate(CollectionsView):
    title = gettext_lazy("Collection rate")
    intro = gettext_lazy(
        "What was billed for each period and how much of it has been paid so far, by "
        "building: charges, benefits and recalculations against the payments that paid "
        "that period's dues.")
    per_page = 100

    def get(self, request):
        form = ReportForm(request.GET, access=self.access)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            self.access.require(AREA, Action.EXPORT)
        report = collection_rate(access=self.access, **form.params()) \
            if form.is_valid() and form.ready else None
        if report is not None and export in ("csv", "xlsx"):
            return export_report(export, "collection-rate", report)
        page, rows = report.page(request.GET.get("page"), self.per_page) if report else \
            (None, [])
        cells = [ReportView.cells(report, row) for row in rows]
        totals = ReportView.cells(report, report.totals) if report else None
        headers = [(column, index > 1) for index, column in
                   enumerate(report.columns if report else [])]
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("export", None)
        context = {
            "title": self.title, "intro": self.intro, "form": form, "report": report,
            "headers": headers, "rows": cells, "totals": totals, "page": page,
            "querystring": params.urlencode(),
            "can_export": self.access.can(AREA, Action.EXPORT),
            "chart": self.chart(report) if report else None,
        }
        return render(request, "reports/report.html", context, status=400 if form.errors
                      else 200)

    @staticmethod
    def chart(report):
        periods = report.extra["periods"]
        if not periods:
            return None
        billed, paid = _("billed"), _("paid")
        description = " ".join(_(
            "%(period)s: billed %(billed)s, paid %(paid)s (%(rate)s%%).") % {
            "period": row.period, "billed": row.billed, "paid": row.paid,
            "rate": "—" if row.rate is None else row.rate} for row in periods)
        return bar_chart(
            chart_id="collection-rate-chart", title=_("Billed and paid by period"),
            description=description, categories=[row.period for row in periods],
            series=[(billed, [row.billed for row in periods]),
                    (paid, [row.paid for row in periods])],
            notes=["" if row.rate is None else f"{row.rate}%" for row in periods])
