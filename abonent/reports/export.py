"""A report as CSV or XLSX, through the list pages' export (``abonent.core.export``): every row
of the report, not one page, and the totals row last."""

from __future__ import annotations

from django.utils import timezone
from django.utils.encoding import force_str

from abonent.core.export import export_csv, export_xlsx
from abonent.reports.base import Report


def export_report(kind: str, name: str, report: Report):
    headers = [force_str(column.label) for column in report.columns]
    filename = f"{name}-{timezone.now():%Y%m%d-%H%M}"
    if kind == "xlsx":
        return export_xlsx(filename, headers, ([column.cell(row) for column in report.columns]
                                               for row in report.all_rows()))
    return export_csv(filename, headers, ([column.text(row) for column in report.columns]
                                          for row in report.all_rows()))
