"""A report as CSV or XLSX, through the list pages' export (``abonent.core.export``): every row
of the report, not one page, and the totals row last; then each of the report's parts (an empty
row, the part's title, its header, its rows and totals), on the same sheet."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.utils import timezone
from django.utils.encoding import force_str

from abonent.core.export import export_csv, export_xlsx
from abonent.core.tables import Column
from abonent.reports.base import Report, Row


def _headers(report: Report) -> list[str]:
    return [force_str(column.label) for column in report.columns]


def _lines(report: Report, write: Callable[[Column, Row], object]) -> Iterator[list]:
    yield from ([write(column, row) for column in report.columns]
                for row in report.all_rows())
    for part in report.parts:
        yield []
        yield [force_str(part.title)]
        yield _headers(part)
        yield from _lines(part, write)


def export_report(kind: str, name: str, report: Report):
    filename = f"{name}-{timezone.now():%Y%m%d-%H%M}"
    if kind == "xlsx":
        return export_xlsx(filename, _headers(report), _lines(report, Column.cell))
    return export_csv(filename, _headers(report), _lines(report, Column.text))
